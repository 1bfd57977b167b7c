#!/usr/bin/env bash
# Side by side, in one run: Triage's encoder (fast CPU forward, f32 and int8) on every instruction
# set this CPU has (AVX-512, AVX2, …: `TRIAGE_ISA`), candle, and ONNX Runtime (fp32 and dynamic
# int8 per-channel) on the SAME weights, texts, batch sizes and thread count.
#
#   benches/peers/compare.sh [--threads 2] [--n 1000] [--repeat 1] [--isas "avx512 avx2"]
#                            [--no-ort] [--baseline BIN] [--out BENCHMARKS.table.md]
#
# --repeat R runs every engine R times, interleaved (round 1 of every engine, then round 2, …),
# and keeps each engine's best run: on a shared VM (CPU steal) single runs swing by 2×, and
# best-of-R treats every engine the same way.
# --isas lists the instruction sets to force for Triage (each must be one this CPU has, or the
# binary falls back and the engine name in the JSON says so); --no-ort leaves ONNX Runtime out
# (it is also left out, with a note, when python3 cannot import onnxruntime); --baseline BIN adds
# another triage binary (e.g. a build of main) on its default instruction set, to show that a
# change did not slow the existing cells.
#
# Prints two tables: Triage vs ONNX Runtime (when ORT runs), and Triage per instruction set vs
# candle with the ratios issue 21 asks for (AVX2 f32 / AVX-512 f32, AVX2 int8 / AVX2 f32, and
# the slower of AVX2 f32 / int8 against candle).
#
# Needs: a release build (cargo build --release), MiniLM fetched (scripts/fetch-base-models.sh
# --only minilm), and for ORT python3 with onnx onnxruntime tokenizers safetensors numpy.
# Texts: the first N CLINC150 val messages (English) and the first N/2 waimai_10k val reviews
# (Chinese) from ../shared/datasets, or TRIAGE_EN_TEXTS / TRIAGE_ZH_TEXTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=2
N=1000
REPEAT=1
OUT=""
ISAS="avx512 avx2"
ORT=1
BASELINE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --n) N="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --isas) ISAS="$2"; shift 2 ;;
    --no-ort) ORT=0; shift ;;
    --baseline) BASELINE="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
BIN=${TRIAGE_BIN:-target/release/triage}
WORK=${TRIAGE_PEER_DIR:-.cache/peers}
mkdir -p "$WORK"
EN=${TRIAGE_EN_TEXTS:-../shared/datasets/clinc150/val.jsonl}
ZH=${TRIAGE_ZH_TEXTS:-../shared/datasets/waimai_10k/val.jsonl}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
if [ "$ORT" = 1 ] && ! python3 -c 'import onnxruntime' 2>/dev/null; then
  echo "note: python3 cannot import onnxruntime; ONNX Runtime left out" >&2
  ORT=0
fi
# candle's pool threads must not spin on a small machine (tune_cpu_threads does this in Triage).
export CANDLE_BARRIER_POOL_SPIN_LIMIT=${CANDLE_BARRIER_POOL_SPIN_LIMIT:-0}

build_peer() { # name, triage encoder dir
  local d="$WORK/$1"
  if [ ! -f "$d/model_int8pc.onnx" ]; then
    python3 benches/peers/export_f32.py "$2" "$d" >&2
    python3 benches/peers/build_onnx.py "$d" "$d/model.onnx" >&2
    python3 benches/peers/quantize.py "$d/model.onnx" "$d/model_int8pc.onnx" --per-channel >&2
  fi
}
if [ "$ORT" = 1 ]; then
  build_peer e5 models/base/multilingual-e5-small
  build_peer minilm models/base/all-minilm-l6-v2
fi

RESULTS=$(mktemp -d)
trap 'rm -rf "$RESULTS"' EXIT

run_case() { # key, model name, triage encoder dir, texts, n, prefix, batch
  local key=$1 name=$2 enc=$3 texts=$4 n=$5 prefix=$6 b=$7 r isa p
  local common=(--encoder "$enc" --texts "$texts" --prefix "$prefix" --batch "$b" --threads "$THREADS" --n "$n")
  mkdir -p "$RESULTS/$key"
  for r in $(seq "$REPEAT"); do
    if [ "$ORT" = 1 ]; then
      for p in model model_int8pc; do
        python3 benches/peers/ort_bench.py --model-dir "$WORK/$name" --onnx "$WORK/$name/$p.onnx" \
          --texts "$texts" --prefix "$prefix" --batch "$b" --threads "$THREADS" --n "$n" \
          >> "$RESULTS/$key/ort-$p.jsonl"
      done
    fi
    for isa in $ISAS; do
      for p in f32 int8; do
        TRIAGE_ISA=$isa "$BIN" bench "${common[@]}" --precision "$p" >> "$RESULTS/$key/$isa-$p.jsonl"
      done
    done
    if [ -n "$BASELINE" ]; then
      for p in f32 int8; do
        "$BASELINE" bench "${common[@]}" --precision "$p" >> "$RESULTS/$key/baseline-$p.jsonl"
      done
    fi
    "$BIN" bench "${common[@]}" --precision f32 --backend candle >> "$RESULTS/$key/candle.jsonl"
  done
  echo "done: $key batch $b" >&2
}

for b in 1 8; do
  run_case "MiniLM en|$b" minilm models/base/all-minilm-l6-v2 "$EN" "$N" "" "$b"
  run_case "e5 en|$b" e5 models/base/multilingual-e5-small "$EN" "$N" "query: " "$b"
  run_case "e5 zh|$b" e5 models/base/multilingual-e5-small "$ZH" "$((N / 2))" "query: " "$b"
done

{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; threads $THREADS" \
       "(candle: CANDLE_NUM_THREADS=${CANDLE_NUM_THREADS:-its default}); $(date -u +%F)."
  echo "Sentences/s (median ms per call); one call = tokenize + forward + pooling; best of $REPEAT" \
       "interleaved runs per engine, all engines in this one run."
  echo
  python3 - "$RESULTS" "$ORT" "$ISAS" "${BASELINE:+1}" <<'PY'
import json, os, sys
root, ort, isas, baseline = sys.argv[1], sys.argv[2] == "1", sys.argv[3].split(), sys.argv[4] == "1"
order = [f"{m}|{b}" for b in (1, 8) for m in ("MiniLM en", "e5 en", "e5 zh")]
def best(key, engine):
    path = os.path.join(root, key, engine + ".jsonl")
    if not os.path.exists(path):
        return None
    runs = [json.loads(l) for l in open(path) if l.strip()]
    return max(runs, key=lambda r: r["sent_per_s"]) if runs else None
cell = lambda r: f"{r['sent_per_s']:.0f} ({r['p50_ms']:.1f})" if r else "–"
ratio = lambda a, b: f"**{a['sent_per_s'] / b['sent_per_s']:.2f}×**" if a and b else "–"
top = isas[0] if isas else None
if ort and top:
    print("| model, texts | batch | mean tokens | ORT fp32 | Triage f32 | f32 ratio | ORT int8 per-channel | Triage int8 | int8 ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key in order:
        label, b = key.split("|")
        of, oi = best(key, "ort-model"), best(key, "ort-model_int8pc")
        tf, ti = best(key, f"{top}-f32"), best(key, f"{top}-int8")
        print(f"| {label} | {b} | {tf['mean_tokens']} | {cell(of)} | {cell(tf)} | {ratio(tf, of)} | {cell(oi)} | {cell(ti)} | {ratio(ti, oi)} |")
    print()
names = {"avx512": "AVX-512", "avx2": "AVX2", "portable": "portable"}
head = ["model, texts", "batch", "mean tokens", "candle"]
for i in isas:
    head += [f"{names.get(i, i)} f32", f"{names.get(i, i)} int8"]
if baseline:
    head += ["baseline f32", "baseline int8", f"{names.get(top, top)} / baseline f32", f"{names.get(top, top)} / baseline int8"]
has = lambda i: i in isas
if has("avx2") and has("avx512"):
    head += ["AVX2 f32 / AVX-512 f32 (≥ 0.55)"]
if has("avx2"):
    head += ["AVX2 int8 / AVX2 f32 (≥ 1.3)", "AVX2 slower path / candle (≥ 1)"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for key in order:
    label, b = key.split("|")
    c = best(key, "candle")
    row = [label, b, str((best(key, f"{top}-f32") or {}).get("mean_tokens", "")), cell(c)]
    for i in isas:
        row += [cell(best(key, f"{i}-f32")), cell(best(key, f"{i}-int8"))]
    if baseline:
        bf, bi = best(key, "baseline-f32"), best(key, "baseline-int8")
        row += [cell(bf), cell(bi), ratio(best(key, f"{top}-f32"), bf), ratio(best(key, f"{top}-int8"), bi)]
    if has("avx2") and has("avx512"):
        row += [ratio(best(key, "avx2-f32"), best(key, "avx512-f32"))]
    if has("avx2"):
        f, q = best(key, "avx2-f32"), best(key, "avx2-int8")
        slow = min((f, q), key=lambda r: r["sent_per_s"]) if f and q else None
        row += [ratio(q, f), ratio(slow, c)]
    print("| " + " | ".join(row) + " |")
# Which kernels each engine really ran (a forced set the CPU lacks falls back).
engines = sorted({os.path.splitext(f)[0] for k in order for f in os.listdir(os.path.join(root, k))})
print()
print("Engines: " + "; ".join(f"{e} = {best(order[0], e)['engine']}" for e in engines if best(order[0], e)))
PY
} | tee ${OUT:+"$OUT"}
