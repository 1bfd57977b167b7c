#!/bin/bash
# usage: run.sh NAME  (config /tmp/ft/cfg_NAME.toml -> /tmp/ft/m_NAME)
n=$1
s=$(date +%s)
CANDLE_BARRIER_POOL_SPIN_LIMIT=0 nice -n 5 /work/main/target/release/triage train --config /tmp/ft/cfg_$n.toml --out /tmp/ft/m_$n --seed 42 > /tmp/ft/log_$n.txt 2>&1
echo "rc=$? wall=$(( $(date +%s) - s ))s" >> /tmp/ft/log_$n.txt
python3 -c "
import json;m=json.load(open('/tmp/ft/m_$n/manifest.json'))['metrics']['intent']
print('$n', m.get('in_scope_accuracy'), m.get('in_scope_accuracy_without_vote'), m.get('in_scope_accuracy_ngram'))" >> /tmp/ft/results.txt 2>>/tmp/ft/log_$n.txt
