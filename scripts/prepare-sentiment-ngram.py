#!/usr/bin/env python3
"""Writes training-data/sentiment/ngram_train.jsonl: every row of the train splits of the four
public sentiment sets (waimai_10k, online_shopping_10_cats, chnsenticorp_htl,
twitter_airline_sentiment; the unofficial splits in ../shared/datasets/*/SOURCE.json), the same
rows the TF-IDF baseline (scripts/sentiment-baseline.py) is trained on. The sentiment n-gram
model reads them ([sentiment] ngram_only in training-data/default.toml); no embedding is computed
for them, so training stays fast. Texts are cut at 300 characters, as in sentiment/train.jsonl;
U+FEFF is removed. Val and test splits are never read. Deterministic: same input, same file.

usage: scripts/prepare-sentiment-ngram.py [--shared ../shared/datasets]
"""
import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared/datasets"))
    a = ap.parse_args()
    out = []
    for name in ["waimai_10k", "online_shopping_10_cats", "chnsenticorp_htl"]:
        for line in open(Path(a.shared) / name / "train.jsonl", encoding="utf-8"):
            r = json.loads(line)
            text = str(r["text"]).replace("\ufeff", "").strip()[:300]
            if text:
                out.append({"text": text, "label": "positive" if int(r["label"]) == 1 else "negative"})
    for line in open(Path(a.shared) / "twitter_airline_sentiment/train.jsonl", encoding="utf-8"):
        r = json.loads(line)
        text = str(r["text"]).strip()
        if text:
            out.append({"text": text, "label": r["label"]})
    path = ROOT / "training-data/sentiment/ngram_train.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(out)} rows -> {path}")


if __name__ == "__main__":
    main()
