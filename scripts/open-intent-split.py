#!/usr/bin/env python3
"""Open-intent splits (the TEXTOIR setting): a share of the intents is known at training time,
the rest arrive unannounced and count as out of scope. Rows of each label are split 70 / 10 / 20
into train / val / test with a fixed seed; train and val keep the known intents only (no
out-of-scope examples); test keeps every row, unknown intents relabelled "oos".

usage: scripts/open-intent-split.py --data ../shared/datasets/banking77/train.jsonl \
           --known 0.75 --seed 0 --out research/open-intent/banking77-75-s0
"""
import argparse
import json
import random
from collections import defaultdict
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--known", type=float, default=0.75)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    by = defaultdict(list)
    for line in open(a.data, encoding="utf-8"):
        r = json.loads(line)
        if r["label"] == "oos":
            continue
        by[r["label"]].append(r["text"].lstrip("\ufeff"))
    labels = sorted(by)
    known = set(rng.sample(labels, round(a.known * len(labels))))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    files = {k: open(out / f"{k}.jsonl", "w", encoding="utf-8") for k in ("train", "val", "test")}
    counts = defaultdict(int)
    for lab in labels:
        texts = sorted(set(by[lab]))
        rng.shuffle(texts)
        n = len(texts)
        parts = {"train": texts[: int(0.7 * n)], "val": texts[int(0.7 * n): int(0.8 * n)], "test": texts[int(0.8 * n):]}
        for k, rows in parts.items():
            if k != "test" and lab not in known:
                continue
            gold = lab if lab in known else "oos"
            for t in rows:
                files[k].write(json.dumps({"text": t, "label": gold}, ensure_ascii=False) + "\n")
                counts[(k, gold == "oos")] += 1
    for f in files.values():
        f.close()
    meta = {"data": a.data, "known_share": a.known, "seed": a.seed, "known": sorted(known),
            "unknown": sorted(set(labels) - known),
            "rows": {f"{k}{' oos' if o else ''}": n for (k, o), n in sorted(counts.items())}}
    (out / "split.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta["rows"]))


if __name__ == "__main__":
    main()
