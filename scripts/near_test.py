#!/usr/bin/env python3
"""Keeps training and validation data away from the test sets (training-data/paraphrase,
training-data/heldout): a row is too close when, after NFKC, lowercasing and dropping
punctuation and spaces, it equals a test text or has a difflib ratio >= 0.8 with one (the rule of
scripts/check-paraphrase-overlap.py).

usage: scripts/near_test.py --drop FILE.jsonl [FILE.jsonl ...]
    rewrites each file without its rows that are too close to a test text and lists them.
Also imported by scripts/kb-intent-dev.py.
"""
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_SETS = ("paraphrase", "heldout")


def norm(s):
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s).lower())


def test_texts():
    out = []
    for s in TEST_SETS:
        for f in sorted((ROOT / "training-data" / s).glob("*.jsonl")):
            for line in open(f, encoding="utf-8"):
                out.append(norm(json.loads(line)["text"]))
    return out


def closest(text, tests):
    """(ratio, test text) of the nearest test text, or None below 0.8."""
    n = norm(text)
    best = max(
        (
            (difflib.SequenceMatcher(None, n, t).ratio(), t)
            for t in tests
            if abs(len(t) - len(n)) < max(8, len(n) // 2)
        ),
        default=(0.0, ""),
    )
    return best if best[0] >= 0.8 else None


def main(files):
    tests = test_texts()
    for f in files:
        rows = [json.loads(l) for l in open(f, encoding="utf-8")]
        keep = []
        for r in rows:
            hit = closest(r["text"], tests)
            if hit:
                print(f"{f}: drop {r['text']!r} ({hit[0]:.2f} to {hit[1]!r})")
            else:
                keep.append(r)
        with open(f, "w", encoding="utf-8") as out:
            for r in keep:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{f}: kept {len(keep)} of {len(rows)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "--drop":
        sys.exit(__doc__)
    main(sys.argv[2:])
