#!/usr/bin/env python3
"""Writes a tuning set of natural customer questions from the knowledge base: every question of
an entry with an `intent` in kb/default.jsonl, labelled with that intent, minus texts that also
occur in the intent training or validation data (compared after NFKC, lowercasing and dropping
punctuation and spaces), and minus questions within 0.8 similarity of a test-set text
(scripts/near_test.py): validation data must not stand in for the test sets.

usage: scripts/kb-intent-dev.py OUT.jsonl

Use it to tune training settings for paraphrase robustness; training-data/paraphrase/ stays the
untouched test set.
"""
import glob
import json
import re
import sys
import unicodedata
from pathlib import Path

from near_test import closest, test_texts

root = Path(__file__).resolve().parent.parent


def norm(s):
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s).lower())


seen = set()
for f in glob.glob(str(root / "training-data/intents/*.jsonl")) + glob.glob(
    str(root / "training-data/oos/*.jsonl")
):
    for line in open(f, encoding="utf-8"):
        seen.add(norm(json.loads(line)["text"]))
tests = test_texts()
rows = []
dropped = 0
for line in open(root / "kb/default.jsonl", encoding="utf-8"):
    e = json.loads(line)
    if not e.get("intent"):
        continue
    for q in e["questions"]:
        if norm(q) not in seen:
            seen.add(norm(q))
            if closest(q, tests):
                dropped += 1
                continue
            rows.append({"text": q, "label": e["intent"]})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(
    f"{len(rows)} questions -> {sys.argv[1]} ({dropped} too close to a test text left out)",
    file=sys.stderr,
)
