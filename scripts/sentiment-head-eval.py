#!/usr/bin/env python3
"""The shipped sentiment head on the same val splits as scripts/sentiment-baseline.py (TF-IDF +
logistic regression) and on the hand-written chat set (training-data/sentiment-chat), through
`triage classify` (the serving path). Chinese review sets are binary: the head's p(positive) vs
p(negative) decides (neutral ignored, as the baseline can only say positive or negative).
Twitter and the chat set: the head's 3-class label. Writes research/sentiment/head.json.

usage: scripts/sentiment-head-eval.py [--bin target/release/triage] [--model models/default]
                                      [--shared ../shared/datasets] [--limit N]
"""
import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def classify(bin_, model, texts, batch=200):
    out = []
    for i in range(0, len(texts), batch):
        chunk = [t if t.strip() else "." for t in texts[i:i + batch]]
        r = subprocess.run([bin_, "classify", "--model", model, *chunk],
                           capture_output=True, text=True, check=True)
        out += [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    assert len(out) == len(texts), (len(out), len(texts))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/triage"))
    ap.add_argument("--model", default=str(ROOT / "models/default"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared/datasets"))
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    res = {}
    for name, three in [("waimai_10k", False), ("online_shopping_10_cats", False),
                        ("chnsenticorp_htl", False), ("twitter_airline_sentiment", True)]:
        rows = [json.loads(l) for l in open(Path(a.shared) / name / "val.jsonl", encoding="utf-8")]
        if a.limit:
            rows = rows[: a.limit]
        texts = [str(r["text"]).lstrip("\ufeff") for r in rows]
        out = classify(a.bin, a.model, texts)
        ok = 0
        for r, o in zip(rows, out):
            s = o["sentiment"]
            if three:
                ok += s["label"] == str(r["label"])
            else:
                pos = s["score"] > 0  # p(positive) > p(negative)
                ok += pos == (int(r["label"]) == 1)
        res[name] = {"n": len(rows), "accuracy": ok / len(rows)}
        print(f"{name:28s} n={len(rows):5d} accuracy {ok / len(rows):.4f}", flush=True)
    chat = [json.loads(l) for l in open(ROOT / "training-data/sentiment-chat/chat.jsonl", encoding="utf-8")]
    out = classify(a.bin, a.model, [r["text"] for r in chat])
    for lang in ["zh", "en"]:
        idx = [i for i, r in enumerate(chat) if r["lang"] == lang]
        acc = sum(out[i]["sentiment"]["label"] == chat[i]["label"] for i in idx) / len(idx)
        pol = [i for i in idx if chat[i]["label"] != "neutral"]
        pacc = sum((out[i]["sentiment"]["score"] > 0) == (chat[i]["label"] == "positive") for i in pol) / len(pol)
        anger = [i for i in idx if chat[i]["anger"]]
        mild = [i for i in idx if chat[i]["kind"] == "mild"]
        handed = lambda ii: sum(any(x["code"] == "negative_sentiment" for x in out[i]["reasons"]) for i in ii) / len(ii)
        res[f"chat_{lang}"] = {"n": len(idx), "accuracy": acc, "polarity_n": len(pol), "polarity_accuracy": pacc,
                               "anger_handed_off_negative_sentiment": handed(anger),
                               "mild_handed_off_negative_sentiment": handed(mild)}
        print(f"chat {lang}: 3-class {acc:.4f}  polarity {pacc:.4f} (n={len(pol)})  "
              f"negative_sentiment on anger {handed(anger):.2f}, on mild annoyance {handed(mild):.2f}", flush=True)
    (ROOT / "research/sentiment").mkdir(parents=True, exist_ok=True)
    (ROOT / "research/sentiment/head.json").write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
