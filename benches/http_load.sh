#!/usr/bin/env bash
# HTTP throughput, latency and overload of POST /v1/classify on the real server, loopback.
#
#   benches/http_load.sh [--precision f32|int8] [--duration 10] [--texts FILE.jsonl] [--gap-rounds 5]
#                        [--gap-only] [--with-keys]
#
# 1. bare encoder (`triage bench`) at batch 1 and 32 on the same texts: the ceiling;
# 2. `triage serve` on the default model, then `triage loadgen` closed loop at 1, 8, 32 clients:
#    throughput and p50/p90/p99 (the saturated throughput is the best of these);
# 3. open loop at 20× the saturated rate: how many got 429 + Retry-After, p99 of the accepted,
#    server resident memory sampled every 0.5 s, and /healthz afterwards;
# 4. what HTTP adds at one client: --gap-rounds rounds of (bare encoder at batch 1, then one
#    client through the server), interleaved so both see the same machine; per round the p50
#    gap, split with the server's own `timing_ms` into transport (client p50 − server total),
#    server work around the model (total − inference) and heads plus interference (inference −
#    bare forward); the median round is the result. On a shared VM single runs swing by ±1 ms.
# --with-keys serves with an API keys file (one client key made by `triage keys new`) and sends
# its token, so the numbers include the access check.
# Prints JSON lines; needs a release build (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
PRECISION=f32
DURATION=10
TEXTS=../shared/datasets/clinc150/val.jsonl
GAP_ROUNDS=5
GAP_ONLY=0
WITH_KEYS=0
PORT=${TRIAGE_BENCH_PORT:-18089}
while [ $# -gt 0 ]; do
  case "$1" in
    --precision) PRECISION="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --texts) TEXTS="$2"; shift 2 ;;
    --gap-rounds) GAP_ROUNDS="$2"; shift 2 ;;
    --gap-only) GAP_ONLY=1; shift ;; # step 4 only
    --with-keys) WITH_KEYS=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
BIN=${TRIAGE_BIN:-target/release/triage}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }

if [ "$GAP_ONLY" = 0 ]; then
  echo "# bare encoder" >&2
  for b in 1 32; do
    "$BIN" bench --texts "$TEXTS" --prefix "query: " --batch "$b" --n 1000 --precision "$PRECISION"
  done
fi

LOG=$(mktemp)
SERVE_KEYS=()
if [ "$WITH_KEYS" = 1 ]; then
  KEYS_FILE=$(mktemp)
  NEW_KEY=$("$BIN" keys new --id bench --tenant bench --role client)
  TRIAGE_TOKEN=$(echo "$NEW_KEY" | grep '^trg_')
  export TRIAGE_TOKEN # triage loadgen reads it
  echo "$NEW_KEY" | sed -n '/^\[\[key\]\]/,$p' > "$KEYS_FILE"
  SERVE_KEYS=(--keys "$KEYS_FILE")
fi
T0=$(date +%s.%N)
TRIAGE_LOG=warn "$BIN" serve --addr "127.0.0.1:$PORT" --precision "$PRECISION" ${SERVE_KEYS[@]+"${SERVE_KEYS[@]}"} >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
until curl -sf "127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.05
done
T1=$(date +%s.%N)
RSS0=$(ps -o rss= -p $SERVER)
echo "{\"startup_to_ready_s\": $(echo "$T1 - $T0" | bc), \"rss_ready_mb\": $((RSS0 / 1024))}"

if [ "$GAP_ONLY" = 0 ]; then
echo "# closed loop" >&2
OUT=$("$BIN" loadgen --url "http://127.0.0.1:$PORT/v1/classify" --texts "$TEXTS" \
      --duration "$DURATION" --concurrency 1,8,32)
echo "$OUT"
SAT=$(echo "$OUT" | python3 -c 'import sys,json; print(max(json.loads(l)["throughput"] for l in sys.stdin))')
RATE=$(python3 -c "print(round(20 * $SAT))")

echo "# open loop at 20x saturation ($RATE/s)" >&2
MAXRSS=0
( while kill -0 $SERVER 2>/dev/null; do ps -o rss= -p $SERVER; sleep 0.5; done ) > "$LOG.rss" &
SAMPLER=$!
"$BIN" loadgen --url "http://127.0.0.1:$PORT/v1/classify" --texts "$TEXTS" \
  --duration "$DURATION" --rate "$RATE" --max-in-flight 4096
kill $SAMPLER 2>/dev/null || true
MAXRSS=$(sort -n "$LOG.rss" | tail -1)
HEALTH=$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$PORT/healthz")
echo "{\"overload_rate\": $RATE, \"rss_max_mb\": $((MAXRSS / 1024)), \"healthz_after\": $HEALTH}"
sleep 2 # let the overload's queue drain
fi

echo "# one-client gap over the bare encoder, $GAP_ROUNDS interleaved rounds" >&2
: > "$LOG.gap"
for _ in $(seq "$GAP_ROUNDS"); do
  "$BIN" bench --texts "$TEXTS" --prefix "query: " --batch 1 --n 500 --precision "$PRECISION" >> "$LOG.gap"
  "$BIN" loadgen --url "http://127.0.0.1:$PORT/v1/classify" --texts "$TEXTS" \
    --duration 4 --concurrency 1 >> "$LOG.gap"
done
python3 - "$LOG.gap" <<'PY'
import json, statistics, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
rounds = []
for bare, http in zip(lines[0::2], lines[1::2]):
    total, inf = http["server_total_p50_ms"], http["server_inference_p50_ms"]
    rounds.append({
        "bare_p50_ms": bare["p50_ms"], "http_p50_ms": http["p50_ms"],
        "gap_ms": round(http["p50_ms"] - bare["p50_ms"], 2),
        "transport_ms": round(http["p50_ms"] - total, 2),
        "server_work_ms": round(total - inf, 2),
        "heads_and_interference_ms": round(inf - bare["p50_ms"], 2),
    })
mid = sorted(rounds, key=lambda r: r["gap_ms"])[len(rounds) // 2]
print(json.dumps({"c1_gap_median_round": mid,
                  "c1_gaps_ms": [r["gap_ms"] for r in rounds],
                  "c1_gap_median_ms": statistics.median(r["gap_ms"] for r in rounds)}))
PY
