#!/usr/bin/env bash
set -euo pipefail
BIN=/work/main/target/release/triage
for seed in 0 1 2; do
  d=/tmp/fs/s$seed; mkdir -p $d
  python3 - $seed $d <<'PY'
import json,random,sys,collections
seed=int(sys.argv[1]); d=sys.argv[2]
rows=[json.loads(l) for l in open('/work/shared/datasets/clinc150/train.jsonl')]
by=collections.defaultdict(list)
for r in rows:
    if r['label']!='oos': by[r['label']].append(r)
rng=random.Random(seed)
out=[]
for l in sorted(by):
    g=by[l][:]; rng.shuffle(g); out+=g[:20]
with open(d+'/train.jsonl','w') as f:
    for r in out: f.write(json.dumps({'text':r['text'],'label':r['label']})+'\n')
PY
  for sim in true false; do
    cat > $d/cfg-$sim.toml <<TOML
name = "clinc-fewshot-s$seed"
base = "/work/main/models/base/multilingual-e5-small"
cache_dir = "/work/main/.cache/embeddings"
sentiment_from = "/work/main/models/default"
seed = $seed
[intent]
train = ["$d/train.jsonl"]
[oos]
simulate_unknown = $sim
TOML
    CANDLE_BARRIER_POOL_SPIN_LIMIT=0 $BIN train --config $d/cfg-$sim.toml --out $d/model-$sim > $d/train-$sim.log 2>&1
    CANDLE_BARRIER_POOL_SPIN_LIMIT=0 $BIN eval --model $d/model-$sim --data /work/shared/datasets/clinc150/val.jsonl --out $d/eval-$sim > $d/eval-$sim.log 2>&1
    python3 - $d $sim <<'PY'
import json,sys
d,sim=sys.argv[1:]
m=json.load(open(f"{d}/model-{sim}/manifest.json"))
p=m["metrics"]["thresholds"]["promise"]
ev=json.load(open(f"{d}/eval-{sim}/report.json"));s=ev["summary"]
meas=(ev["tradeoff"].get("promise") or {}).get("measured",{})
print(f"{d.split('/')[-1]} sim={sim:5s} acc {s['accuracy']:.3f} F1 {s['macro_f1']:.3f} in-scope acc {s['in_scope_intent_accuracy']:.3f} AUROC {s['oos_auroc']:.3f} oosR {s['oos_recall']:.3f} rejected {s['in_scope_rejected_as_oos']:.3f} bot_err {s['bot_error']:.3f} autom {s['automation']:.3f} promised<= {p['overall']['upper']:.3f} basis {p.get('basis')} measured {meas.get('point')}/{meas.get('upper',0):.3f}")
PY
  done
done
