#!/bin/bash
# usage: run.sh NAME CONFIG SEEDS...
name=$1; cfg=$2; shift 2
export CANDLE_BARRIER_POOL_SPIN_LIMIT=0
for s in "$@"; do
  out=/tmp/b77/m_${name}_$s
  st=$(date +%s.%N)
  nice -n 19 ${TRIAGE:-target/release/triage} train --config $cfg --out $out --seed $s > /tmp/b77/log_${name}_$s.txt 2>&1
  en=$(date +%s.%N)
  acc=$(python3 -c "import json;m=json.load(open('$out/manifest.json'))['metrics']['intent'];print(m.get('in_scope_accuracy'), m.get('in_scope_accuracy_without_vote'), m.get('in_scope_accuracy_ngram'))")
  echo "$name seed=$s acc(vote,novote,ngram)=$acc time=$(echo "$en-$st"|bc)" | tee -a ${RESULTS:-/tmp/b77/results.txt}
done
