#!/usr/bin/env bash
# Regenerates kb/embeddings/: the f32 question vectors of kb/default.jsonl for the default
# model's encoder, shipped so a fresh checkout serves without encoding the knowledge base first
# (start-up to ready then stays under 2 s). Run after editing kb/default.jsonl or changing the
# base encoder; entries that no longer match simply miss and are encoded at start-up.
#
#   scripts/kb-seed.sh            (needs a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TRIAGE_BIN:-target/release/triage}
PORT=${TRIAGE_SEED_PORT:-18097}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
rm -rf kb/embeddings
TRIAGE_KB_CACHE_DIR=kb/embeddings TRIAGE_LOG=warn "$BIN" serve --addr "127.0.0.1:$PORT" \
  --precision f32 --kb kb/default.jsonl &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until curl -sf "127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.1
done
ls -l kb/embeddings
