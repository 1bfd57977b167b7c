#!/usr/bin/env bash
# Side by side: Triage's encoder (fast CPU forward, f32 and int8) vs ONNX Runtime (fp32 and
# dynamic int8 per-channel) on the SAME weights, texts, batch sizes and thread count, in one run.
#
#   benches/peers/compare.sh [--threads 2] [--n 1000] [--repeat 1] [--out BENCHMARKS.table.md]
#
# --repeat R runs the four engines R times, interleaved, and keeps each engine's best run: on a
# shared VM (CPU steal) single runs swing by 2×, and best-of-R treats every engine the same way.
#
# Needs: python3 with onnx onnxruntime tokenizers safetensors numpy (pip install), a release
# build (cargo build --release), and MiniLM fetched (scripts/fetch-base-models.sh --only minilm).
# Texts: the first N CLINC150 val messages (English) and the first N/2 waimai_10k val reviews
# (Chinese) from ../shared/datasets, or TRIAGE_EN_TEXTS / TRIAGE_ZH_TEXTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=2
N=1000
REPEAT=1
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --n) N="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
BIN=${TRIAGE_BIN:-target/release/triage}
WORK=${TRIAGE_PEER_DIR:-.cache/peers}
mkdir -p "$WORK"
EN=${TRIAGE_EN_TEXTS:-../shared/datasets/clinc150/val.jsonl}
ZH=${TRIAGE_ZH_TEXTS:-../shared/datasets/waimai_10k/val.jsonl}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }

build_peer() { # name, triage encoder dir
  local d="$WORK/$1"
  if [ ! -f "$d/model_int8pc.onnx" ]; then
    python3 benches/peers/export_f32.py "$2" "$d" >&2
    python3 benches/peers/build_onnx.py "$d" "$d/model.onnx" >&2
    python3 benches/peers/quantize.py "$d/model.onnx" "$d/model_int8pc.onnx" --per-channel >&2
  fi
}
build_peer e5 models/base/multilingual-e5-small
build_peer minilm models/base/all-minilm-l6-v2

rows=()
run_case() { # label, model name, triage encoder dir, texts, n, prefix, batch
  local label=$1 name=$2 enc=$3 texts=$4 n=$5 prefix=$6 b=$7
  local of="" oi="" tf="" ti="" r
  best() { # current best JSON, new JSON: the one with more sentences/s
    python3 -c 'import json,sys; a,b=sys.argv[1],sys.argv[2]; print(b if not a or json.loads(b)["sent_per_s"]>json.loads(a)["sent_per_s"] else a)' "$1" "$2"
  }
  for r in $(seq "$REPEAT"); do
    of=$(best "$of" "$(python3 benches/peers/ort_bench.py --model-dir "$WORK/$name" --onnx "$WORK/$name/model.onnx" \
          --texts "$texts" --prefix "$prefix" --batch "$b" --threads "$THREADS" --n "$n")")
    tf=$(best "$tf" "$("$BIN" bench --encoder "$enc" --texts "$texts" --prefix "$prefix" --batch "$b" \
          --threads "$THREADS" --n "$n" --precision f32)")
    oi=$(best "$oi" "$(python3 benches/peers/ort_bench.py --model-dir "$WORK/$name" --onnx "$WORK/$name/model_int8pc.onnx" \
          --texts "$texts" --prefix "$prefix" --batch "$b" --threads "$THREADS" --n "$n")")
    ti=$(best "$ti" "$("$BIN" bench --encoder "$enc" --texts "$texts" --prefix "$prefix" --batch "$b" \
          --threads "$THREADS" --n "$n" --precision int8)")
  done
  rows+=("$(python3 - "$label" "$b" "$of" "$tf" "$oi" "$ti" <<'PY'
import json, sys
label, b = sys.argv[1], sys.argv[2]
of, tf, oi, ti = (json.loads(x) for x in sys.argv[3:7])
cell = lambda r: f"{r['sent_per_s']:.0f} ({r['p50_ms']:.1f})"
print(f"| {label} | {b} | {tf.get('mean_tokens','')} | {cell(of)} | {cell(tf)} | **{tf['sent_per_s']/of['sent_per_s']:.2f}×** "
      f"| {cell(oi)} | {cell(ti)} | **{ti['sent_per_s']/oi['sent_per_s']:.2f}×** |")
PY
)")
  echo "${rows[-1]}" >&2
}

for b in 1 8; do
  run_case "MiniLM en" minilm models/base/all-minilm-l6-v2 "$EN" "$N" "" "$b"
  run_case "e5 en" e5 models/base/multilingual-e5-small "$EN" "$N" "query: " "$b"
  run_case "e5 zh" e5 models/base/multilingual-e5-small "$ZH" "$((N / 2))" "query: " "$b"
done

{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; threads $THREADS;" \
       "onnxruntime $(python3 -c 'import onnxruntime; print(onnxruntime.__version__)'); $(date -u +%F)."
  echo "Sentences/s (median ms per call); one call = tokenize + forward + pooling; best of $REPEAT interleaved runs per engine."
  echo
  echo "| model, texts | batch | mean tokens | ORT fp32 | Triage f32 | f32 ratio | ORT int8 per-channel | Triage int8 | int8 ratio |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee ${OUT:+"$OUT"}
