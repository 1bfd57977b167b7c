#!/usr/bin/env bash
# Schema-driven fuzzing of a live server against openapi.json (schemathesis 4 from PyPI:
# `pip install 'schemathesis>=4,<5'`). Starts `triage serve` (default model, memory store) on a
# free loopback port, runs a bounded number of examples per operation, stops the server. Fails
# (exit status 1) on any 5xx, any response whose status, content type or body the description
# does not allow. The server's log is kept in $SCHEMATHESIS_SERVER_LOG (default
# target/schemathesis-server.log) and its tail printed when the run fails.
#   scripts/schemathesis.sh [TRIAGE_BIN] [EXAMPLES] [SCHEMATHESIS_RUN_OPTIONS...]
# e.g. `--report har --report-har-path target/st.har` to see which links the stateful phase used.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${1:-target/debug/triage}"
examples="${2:-25}"
extra=("${@:3}")
log="${SCHEMATHESIS_SERVER_LOG:-target/schemathesis-server.log}"
mkdir -p "$(dirname "$log")"
# Loopback only: no proxy from the environment.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The fuzzer adds, replaces and deletes knowledge-base entries: it edits a copy, never kb/.
work=$(mktemp -d)
cp kb/default.jsonl "$work/kb.jsonl"
"$bin" serve --addr "127.0.0.1:$port" --kb "$work/kb.jsonl" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' INT TERM
ready=
for _ in $(seq 1 600); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
        ready=1
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
done
if [[ -z $ready ]]; then
    echo "triage serve did not become ready; its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
fi
# not_a_server_error: no 5xx; the conformance checks: documented statuses, content types, bodies.
# The handoff stream is Server-Sent Events that never end: not fuzzed. A fixed seed keeps the
# cases the same from run to run (a failure reproduces).
status=0
# The committed openapi.json (the one the server serves: tests/openapi.rs).
schemathesis run openapi.json --url "http://127.0.0.1:$port" \
    --max-examples "$examples" \
    --seed "${SCHEMATHESIS_SEED:-19}" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --exclude-path /v1/handoffs/stream \
    --request-timeout 30 "${extra[@]}" || status=$?
if [[ $status -ne 0 ]]; then
    echo "schemathesis failed (exit $status); the server's log ends:" >&2
    tail -n 40 "$log" >&2
fi
exit "$status"
