#!/usr/bin/env bash
# The three-seed open-intent table (research/open-intent/README.md): for BANKING77 and CLINC150
# (its own `oos` rows left out), seeds 0 1 2, 75% of the intents known: split, `triage train` on
# the known intents' train/val rows (no out-of-scope examples, shipped defaults), `triage eval` on
# the split's test file, then one summary line per run (summary.py).
#
# usage: research/open-intent/run.sh [OUT_DIR]   (default /tmp/oi2; needs a release build and
#        ../shared/datasets; about 1-2 minutes of training per run on 2 cores)
#        SEEDS="3 4" picks other splits; OOS="unknown_share = 0.25" adds lines to [oos].
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/target/release/triage}
OUT=${1:-/tmp/oi2}
DATA=${DATA:-$ROOT/../shared/datasets}
export CANDLE_BARRIER_POOL_SPIN_LIMIT=0
for set in banking77 clinc150; do
  for seed in ${SEEDS:-0 1 2}; do
    d=$OUT/$set-s$seed
    mkdir -p "$d"
    python3 "$ROOT/scripts/open-intent-split.py" --data "$DATA/$set/train.jsonl" --known 0.75 \
      --seed $seed --out "$d/split" > /dev/null
    cat > "$d/cfg.toml" <<TOML
name = "$set-open-s$seed"
base = "$ROOT/models/base/multilingual-e5-small"
cache_dir = "$ROOT/.cache/embeddings"
sentiment_from = "$ROOT/models/default"
[intent]
train = ["$d/split/train.jsonl"]
val = ["$d/split/val.jsonl"]
[oos]
${OOS:-}
TOML
    start=$(date +%s.%N)
    "$BIN" train --config "$d/cfg.toml" --out "$d/model" > "$d/train.log" 2>&1
    end=$(date +%s.%N)
    "$BIN" eval --model "$d/model" --data "$d/split/test.jsonl" --out "$d/eval" > "$d/eval.log" 2>&1
    python3 "$ROOT/research/open-intent/summary.py" "$d" "$set" "$seed" \
      "$(python3 -c "print(round($end-$start,1))")"
  done
done
