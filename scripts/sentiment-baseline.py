#!/usr/bin/env python3
"""TF-IDF + logistic-regression sentiment baseline (the bar the Rust sentiment head must meet).

For each public set: TfidfVectorizer (zh: char 1-3 grams; en: word 1-2 grams,
sublinear_tf; min_df=2 everywhere) + LogisticRegression, C picked by stratified
3-fold CV on train among [0.5, 1, 2, 4, 8], refit on all of train, scored on val.

Then the hand-written chat set (training-data/sentiment-chat/chat.jsonl, 3-class):
  zh rows  <- model fit on the union of the three Chinese train sets (negative/positive only,
              so it can never say "neutral")
  en rows  <- model fit on twitter_airline_sentiment train (negative/neutral/positive)
reported as 3-class accuracy, accuracy on the polarity subset (gold != neutral), and per
`kind` behaviour (how often anger / mild / urgency are called negative, mean score
= p(pos) - p(neg), and AUROC of -score for anger vs mild = can polarity alone tell them apart).

Usage (from the repo root):
    nice -n 10 python3 scripts/sentiment-baseline.py
Writes research/sentiment/baseline.json and prints a markdown table.
Needs scikit-learn (python3 -m pip install scikit-learn). Single process, fixed seeds.
"""
import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # single process, single thread

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parent.parent
SEED = 0
C_GRID = [0.5, 1, 2, 4, 8]
ZH_SETS = ["waimai_10k", "online_shopping_10_cats", "chnsenticorp_htl"]
EN_SETS = ["twitter_airline_sentiment"]
INT_LABELS = {0: "negative", 1: "positive"}


def norm_label(v):
    if isinstance(v, bool):
        raise ValueError(f"unexpected bool label {v!r}")
    if isinstance(v, (int, np.integer)):
        return INT_LABELS[int(v)]
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("0", "1"):
            return INT_LABELS[int(s)]
        if s in ("negative", "neutral", "positive"):
            return s
    raise ValueError(f"unexpected label {v!r}")


def clean(text):
    return text.replace("\ufeff", "").strip()


def load_jsonl(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            t = clean(r["text"])
            if not t:
                continue
            texts.append(t)
            labels.append(norm_label(r["label"]))
    return texts, labels


def make_vectorizer(lang):
    if lang == "zh":
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2)
    return TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2)


def make_lr(C):
    return LogisticRegression(C=C, max_iter=5000, solver="lbfgs", random_state=SEED)


def select_c(texts, labels, lang, log):
    """Stratified 3-fold CV; the vectorizer is refit inside each fold (no val leakage),
    once per fold, and shared by all C values. Ties go to the smaller C."""
    y = np.array(labels)
    skf = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)
    scores = {c: [] for c in C_GRID}
    for k, (tr, te) in enumerate(skf.split(np.zeros(len(y)), y)):
        vec = make_vectorizer(lang)
        Xtr = vec.fit_transform([texts[i] for i in tr])
        Xte = vec.transform([texts[i] for i in te])
        for c in C_GRID:
            clf = make_lr(c).fit(Xtr, y[tr])
            scores[c].append(float(accuracy_score(y[te], clf.predict(Xte))))
        log(f"    fold {k}: " + " ".join(f"C={c}:{scores[c][-1]:.4f}" for c in C_GRID))
    mean = {c: float(np.mean(v)) for c, v in scores.items()}
    best = max(C_GRID, key=lambda c: (round(mean[c], 10), -c))
    return best, mean


def fit(texts, labels, lang, log):
    best_c, cv = select_c(texts, labels, lang, log)
    vec = make_vectorizer(lang)
    X = vec.fit_transform(texts)
    clf = make_lr(best_c).fit(X, np.array(labels))
    return vec, clf, best_c, cv, X.shape[1]


def proba3(vec, clf, texts):
    """Probabilities as columns [negative, neutral, positive] (0 where the model has no class)."""
    P = clf.predict_proba(vec.transform(texts))
    out = np.zeros((len(texts), 3))
    for j, c in enumerate(clf.classes_):
        out[:, ["negative", "neutral", "positive"].index(c)] = P[:, j]
    return out


def counts(labels):
    u, c = np.unique(labels, return_counts=True)
    return {str(a): int(b) for a, b in zip(u, c)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-root", default="/work/shared/datasets")
    ap.add_argument("--chat", default=str(REPO / "training-data/sentiment-chat/chat.jsonl"))
    ap.add_argument("--out", default=str(REPO / "research/sentiment/baseline.json"))
    args = ap.parse_args()
    np.random.seed(SEED)
    t_start = time.time()

    def log(msg):
        print(f"[{time.time() - t_start:7.1f}s] {msg}", file=sys.stderr, flush=True)

    root = Path(args.data_root)
    results = {"datasets": {}, "chat": {}}
    data = {}
    for name in ZH_SETS + EN_SETS:
        lang = "zh" if name in ZH_SETS else "en"
        tr = load_jsonl(root / name / "train.jsonl")
        va = load_jsonl(root / name / "val.jsonl")
        data[name] = (lang, tr, va)
        src = json.loads((root / name / "SOURCE.json").read_text(encoding="utf-8"))
        log(f"{name}: train={len(tr[0])} val={len(va[0])}; selecting C")
        vec, clf, best_c, cv, nfeat = fit(tr[0], tr[1], lang, log)
        pred = clf.predict(vec.transform(va[0]))
        yv = np.array(va[1])
        maj = max(counts(tr[1]).items(), key=lambda kv: kv[1])[0]
        results["datasets"][name] = {
            "lang": lang,
            "source": {k: src.get(k) for k in ("repo", "path", "commit", "license")},
            "split": "unofficial train/val from SOURCE.json",
            "train_n": len(tr[0]), "val_n": len(va[0]),
            "train_labels": counts(tr[1]), "val_labels": counts(va[1]),
            "n_features": int(nfeat),
            "cv_mean_acc_by_C": {str(c): round(v, 4) for c, v in cv.items()},
            "best_C": best_c,
            "val_acc": round(float(accuracy_score(yv, pred)), 4),
            "val_macro_f1": round(float(f1_score(yv, pred, average="macro")), 4),
            "val_majority_acc": round(float(np.mean(yv == maj)), 4),
        }
        log(f"{name}: best C={best_c} val_acc={results['datasets'][name]['val_acc']}")

    # ---- chat set ----
    chat = [json.loads(l) for l in open(args.chat, encoding="utf-8") if l.strip()]
    zh_tr_t = sum((data[n][1][0] for n in ZH_SETS), [])
    zh_tr_y = sum((data[n][1][1] for n in ZH_SETS), [])
    en_tr_t, en_tr_y = data["twitter_airline_sentiment"][1]
    models = {}
    log(f"chat zh model: union of {ZH_SETS} train = {len(zh_tr_t)}; selecting C")
    models["zh"] = fit(zh_tr_t, zh_tr_y, "zh", log) + ("union:" + "+".join(ZH_SETS), len(zh_tr_t))
    log("chat en model: twitter_airline_sentiment train (C selected again, same result expected)")
    models["en"] = fit(en_tr_t, en_tr_y, "en", log) + ("twitter_airline_sentiment", len(en_tr_t))
    labs = np.array(["negative", "neutral", "positive"])
    for lang in ("zh", "en"):
        rows = [r for r in chat if r["lang"] == lang]
        vec, clf, best_c, cv, nfeat, train_name, train_n = models[lang]
        P = proba3(vec, clf, [clean(r["text"]) for r in rows])
        pred = labs[P.argmax(1)]
        gold = np.array([r["label"] for r in rows])
        kinds = np.array([r["kind"] for r in rows])
        score = P[:, 2] - P[:, 0]
        pol = gold != "neutral"
        pred_pol = np.where(P[:, 2] > P[:, 0], "positive", "negative")  # argmax over neg/pos only
        per_kind = {}
        for k in ["anger", "urgency", "mild", "neutral_question", "positive"]:
            m = kinds == k
            per_kind[k] = {
                "n": int(m.sum()),
                "acc": round(float(np.mean(pred[m] == gold[m])), 4),
                "pred_negative_rate": round(float(np.mean(pred[m] == "negative")), 4),
                "mean_score": round(float(score[m].mean()), 4),
            }
        am = (kinds == "anger") | (kinds == "mild")
        results["chat"][lang] = {
            "train": train_name, "train_n": train_n, "best_C": best_c,
            "cv_mean_acc_by_C": {str(c): round(v, 4) for c, v in cv.items()},
            "model_classes": [str(c) for c in clf.classes_],
            "n": len(rows), "labels": counts(gold),
            "acc_3class": round(float(np.mean(pred == gold)), 4),
            "macro_f1_3class": round(float(f1_score(gold, pred, average="macro", labels=list(labs))), 4),
            "polarity_n": int(pol.sum()),
            "polarity_acc": round(float(np.mean(pred[pol] == gold[pol])), 4),
            "polarity_acc_neg_vs_pos_only": round(float(np.mean(pred_pol[pol] == gold[pol])), 4),
            "per_kind": per_kind,
            "anger_vs_mild_auroc_neg_score": round(float(roc_auc_score(kinds[am] == "anger", -score[am])), 4),
        }
        log(f"chat {lang}: acc3={results['chat'][lang]['acc_3class']} pol={results['chat'][lang]['polarity_acc']}")

    results["meta"] = {
        "script": "scripts/sentiment-baseline.py",
        "command": "nice -n 10 python3 scripts/sentiment-baseline.py",
        "seed": SEED, "C_grid": C_GRID, "cv": "StratifiedKFold(3, shuffle=True, random_state=0), vectorizer refit per fold",
        "vectorizer_zh": "TfidfVectorizer(analyzer='char', ngram_range=(1,3), min_df=2)",
        "vectorizer_en": "TfidfVectorizer(analyzer='word', ngram_range=(1,2), sublinear_tf=True, min_df=2)",
        "classifier": "LogisticRegression(solver='lbfgs', max_iter=5000)",
        "text_cleaning": "U+FEFF removed, whitespace stripped",
        "sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version(),
        "chat_set": os.path.relpath(args.chat, REPO),
        "runtime_s": round(time.time() - t_start, 1),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    # ---- markdown ----
    print("| dataset | lang | classes | train n | val n | best C | CV acc | val acc | val macro-F1 | majority |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results["datasets"].items():
        print(f"| {name} | {r['lang']} | {len(r['train_labels'])} | {r['train_n']} | {r['val_n']} | {r['best_C']} | "
              f"{r['cv_mean_acc_by_C'][str(r['best_C'])]:.4f} | {r['val_acc']:.4f} | {r['val_macro_f1']:.4f} | {r['val_majority_acc']:.4f} |")
    print()
    print("| chat part | trained on | train n | best C | n | 3-class acc | 3-class macro-F1 | polarity n | polarity acc | polarity acc (neg vs pos only) | anger-vs-mild AUROC (-score) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for lang, r in results["chat"].items():
        print(f"| {lang} | {r['train']} | {r['train_n']} | {r['best_C']} | {r['n']} | {r['acc_3class']:.4f} | {r['macro_f1_3class']:.4f} | "
              f"{r['polarity_n']} | {r['polarity_acc']:.4f} | {r['polarity_acc_neg_vs_pos_only']:.4f} | {r['anger_vs_mild_auroc_neg_score']:.4f} |")
    print()
    print("| chat part | kind | n | acc | called negative | mean score p(pos)-p(neg) |")
    print("|---|---|---:|---:|---:|---:|")
    for lang, r in results["chat"].items():
        for k, v in r["per_kind"].items():
            print(f"| {lang} | {k} | {v['n']} | {v['acc']:.4f} | {v['pred_negative_rate']:.4f} | {v['mean_score']:+.4f} |")
    print(f"\nwrote {os.path.relpath(out, REPO)} ({results['meta']['runtime_s']}s)")


if __name__ == "__main__":
    main()
