#!/usr/bin/env bash
# Schema-driven fuzzing of a live server against openapi.json (schemathesis from PyPI:
# `pip install schemathesis`). Starts `triage serve` (default model, memory store) on a free
# loopback port, runs a bounded number of examples per operation, stops the server.
#   scripts/schemathesis.sh [TRIAGE_BIN] [EXAMPLES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${1:-target/debug/triage}"
examples="${2:-25}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
# not_a_server_error: no 5xx; response_schema_conformance: documented statuses and bodies.
schemathesis run "http://127.0.0.1:$port/openapi.json" \
    --max-examples "$examples" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --exclude-path /v1/handoffs/stream \
    --request-timeout 30
