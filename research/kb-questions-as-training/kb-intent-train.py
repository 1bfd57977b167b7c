#!/usr/bin/env python3
"""Writes intent training rows from the knowledge base: every question of an entry with an
`intent` in kb/default.jsonl, labelled with that intent, minus texts already in the intent or
out-of-scope data or in the knowledge-base validation file (training-data/kb-dev/kb_val.jsonl,
written by scripts/kb-intent-dev.py), and minus questions within 0.8 similarity of a test-set
text (scripts/near_test.py). Compared after NFKC, lowercasing and dropping punctuation and spaces.

Measured, not shipped: research/kb-questions-as-training/README.md.

usage: python3 research/kb-questions-as-training/kb-intent-train.py OUT.jsonl
"""
import glob
import json
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(root / "scripts"))
from near_test import closest, norm, test_texts  # noqa: E402
out = Path(sys.argv[1]).resolve()


seen = set()
for f in glob.glob(str(root / "training-data/intents/*.jsonl")) + glob.glob(
    str(root / "training-data/oos/*.jsonl")
):
    if Path(f).resolve() == out:
        continue
    for line in open(f, encoding="utf-8"):
        seen.add(norm(json.loads(line)["text"]))
held = {
    norm(json.loads(line)["text"])
    for line in open(root / "training-data/kb-dev/kb_val.jsonl", encoding="utf-8")
}
tests = test_texts()
rows = []
dropped = 0
for line in open(root / "kb/default.jsonl", encoding="utf-8"):
    e = json.loads(line)
    if not e.get("intent"):
        continue
    for q in e["questions"]:
        n = norm(q)
        if n in held or n in seen:
            continue
        seen.add(n)
        if closest(q, tests):
            dropped += 1
            continue
        rows.append({"text": q, "label": e["intent"]})
with open(out, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(
    f"{len(rows)} questions -> {out} ({dropped} too close to a test text left out)",
    file=sys.stderr,
)
