#!/bin/bash
# research/open-intent/far-run.sh OUT "OOS lines": run.sh (the three-seed open-intent table) with
# the given [oos] lines, then each model on two far out-of-scope files (far_en: 300 Bitext
# e-commerce messages, far_zh: 300 CAIS smart-speaker commands, made by far-files.py).
cd "$(dirname "$0")/../.."
OUT=$1; OOSL=$2
OOS="$OOSL" research/open-intent/run.sh $OUT > $OUT.summary 2>&1
for d in $OUT/*-s*; do
  for f in en zh; do
    ./target/release/triage eval --model $d/model --data ${FAR:-/tmp/far}/far_$f.jsonl --out $d/far_$f >/dev/null 2>&1
  done
  python3 - $d <<'PY'
import json,sys
d=sys.argv[1]
out=[]
for f in ['en','zh']:
    r=json.load(open(f'{d}/far_{f}/report.json'))
    out.append(f"far_{f} answered {r['summary']['automation']:.1%}")
print(d.split('/')[-1], *out)
PY
done >> $OUT.summary
