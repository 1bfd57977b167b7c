#!/usr/bin/env bash
# The small bot of small-bot.sh plus 60 out-of-scope examples of its own (15 each from the train
# splits of BANKING77, Twitter airline tweets, SMP2020 and CAIS, none of them in the test file),
# trained with `[oos] cross_fit` false and true, then evaluated on small-bot.sh's test file.
#
# usage: research/open-intent/small-bot-own-oos.sh SMALL_BOT_OUT [OUT]
#        (run small-bot.sh SMALL_BOT_OUT first; release build, ../shared/datasets)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/target/release/triage}
SB=$1; OUT=${2:-/tmp/small-bot-own-oos}
DATA=${DATA:-$ROOT/../shared/datasets}
export CANDLE_BARRIER_POOL_SPIN_LIMIT=0
mkdir -p "$OUT"
python3 - "$DATA" "$SB" "$OUT" <<'PY'
import json, random, sys
data, sb, out = sys.argv[1:]
test = {json.loads(l)["text"] for l in open(f"{sb}/test.jsonl", encoding="utf-8")}
rng = random.Random(5)
oos = []
for name in ["banking77", "twitter_airline_sentiment", "smp2020_intent", "cais_intent"]:
    t = sorted({json.loads(l)["text"].lstrip("\ufeff").strip()
                for l in open(f"{data}/{name}/train.jsonl", encoding="utf-8")} - test)
    rng.shuffle(t)
    oos += t[:15]
for s in range(3):
    with open(f"{out}/s{s}.jsonl", "w", encoding="utf-8") as f:
        f.writelines(open(f"{sb}/s{s}/train.jsonl", encoding="utf-8"))
        for t in oos:
            f.write(json.dumps({"text": t, "label": "oos"}, ensure_ascii=False) + "\n")
PY
for s in 0 1 2; do
  for cf in false true; do
    cat > "$OUT/cfg-$s-$cf.toml" <<TOML
base = "$ROOT/models/base/multilingual-e5-small"
cache_dir = "$ROOT/.cache/embeddings"
sentiment_from = "$ROOT/models/default"
oos_label = "oos"
seed = $s
[intent]
train = ["$OUT/s$s.jsonl"]
[oos]
cross_fit = $cf
TOML
    "$BIN" train --config "$OUT/cfg-$s-$cf.toml" --out "$OUT/m-$s-$cf" > "$OUT/tr-$s-$cf.log" 2>&1
    "$BIN" eval --model "$OUT/m-$s-$cf" --data "$SB/test.jsonl" --out "$OUT/ev-$s-$cf" > "$OUT/ev-$s-$cf.log" 2>&1
    python3 - "$OUT" $s $cf <<'PY'
import json, sys
out, s, cf = sys.argv[1:]
p = json.load(open(f"{out}/m-{s}-{cf}/manifest.json"))["metrics"]["thresholds"]["promise"]
r = json.load(open(f"{out}/ev-{s}-{cf}/report.json"))
S, a = r["summary"], r["actions"]
print(f"| {s} | {cf} | {S['automation']:.1%} | {S['bot_error']:.2%} | {a['bot_error_without_smalltalk']:.2%} "
      f"| {p['overall']['upper']:.1%} ({p['basis']}, point {p['overall']['point']:.1%}) |")
PY
  done
done
