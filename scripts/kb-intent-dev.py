#!/usr/bin/env python3
"""Writes a tuning set of natural customer questions from the knowledge base: every question of
an entry with an `intent` in kb/default.jsonl, labelled with that intent, minus texts that also
occur in the intent training or validation data (compared after NFKC, lowercasing and dropping
punctuation and spaces).

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

root = Path(__file__).resolve().parent.parent


def norm(s):
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s).lower())


seen = set()
for f in glob.glob(str(root / "training-data/intents/*.jsonl")) + glob.glob(
    str(root / "training-data/oos/*.jsonl")
):
    for line in open(f, encoding="utf-8"):
        seen.add(norm(json.loads(line)["text"]))
rows = []
for line in open(root / "kb/default.jsonl", encoding="utf-8"):
    e = json.loads(line)
    if not e.get("intent"):
        continue
    for q in e["questions"]:
        if norm(q) not in seen:
            seen.add(norm(q))
            rows.append({"text": q, "label": e["intent"]})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{len(rows)} questions -> {sys.argv[1]}", file=sys.stderr)
