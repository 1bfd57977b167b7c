#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Summarise a Triage run on the follow-up blind set.

Usage: python3 summary.py chats.jsonl RUN_DIR

RUN_DIR/predictions.jsonl holds one JSON object per line with the fields
conversation_id, turn, action, faq, smalltalk, reasons.
Plain python3, no third-party modules.
"""
import json
import os
import sys

CATS = [
    ("expected", "answered, expected entry"),
    ("other_entry", "answered, another entry"),
    ("intent_reply", "answered, no entry (intent reply)"),
    ("smalltalk", "answered, no entry (small talk)"),
    ("clarify", "asked back (clarify)"),
    ("handoff", "handed off"),
    ("other_action", "other action"),
    ("missing", "no prediction"),
]


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except ValueError as e:
                sys.exit("%s:%d: bad JSON: %s" % (path, n, e))
    return out


def lang_of(text):
    """zh when CJK characters outnumber Latin words (mixed texts go by majority)."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for w in text.split() if any("a" <= ch.lower() <= "z" for ch in w))
    return "zh" if cjk > latin else "en"


def faq_ids(faq):
    if faq is None:
        return []
    if isinstance(faq, (list, tuple)):
        return [x for x in faq if x]
    if isinstance(faq, dict):
        x = faq.get("id")
        return [x] if x else []
    return [faq] if faq else []


def classify(pred, expected):
    if pred is None:
        return "missing"
    action = pred.get("action")
    if action == "answer":
        ids = faq_ids(pred.get("faq"))
        if ids:
            return "expected" if ids[0] in expected else "other_entry"
        if pred.get("smalltalk") is not None:
            return "smalltalk"
        return "intent_reply"
    if action == "clarify":
        return "clarify"
    if action == "handoff":
        return "handoff"
    return "other_action"


def print_table(title, groups):
    """groups: list of (label, list of categories)."""
    print(title)
    width = max(len(c[1]) for c in CATS)
    head = " " * (width + 2) + "".join("%12s" % g[0] for g in groups)
    print(head)
    for key, label in CATS:
        counts = [sum(1 for c in g[1] if c == key) for g in groups]
        if key in ("other_action", "missing") and not any(counts):
            continue
        print("  %-*s" % (width, label) + "".join("%12d" % n for n in counts))
    print("  %-*s" % (width, "total") + "".join("%12d" % len(g[1]) for g in groups))
    print()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 summary.py chats.jsonl RUN_DIR")
    chats = read_jsonl(sys.argv[1])
    preds = read_jsonl(os.path.join(sys.argv[2], "predictions.jsonl"))
    by_key = {}
    for p in preds:
        by_key[(p.get("conversation_id"), int(p.get("turn", 0)))] = p

    lang = {}
    for c in chats:
        if c["turn"] == 1:
            lang[c["conversation_id"]] = lang_of(c["text"])

    kinds = []
    for c in chats:
        if c["kind"] not in kinds:
            kinds.append(c["kind"])

    res = {}  # (kind, lang, turn) -> list of categories
    misses = []
    for c in chats:
        cid, turn = c["conversation_id"], c["turn"]
        p = by_key.get((cid, turn))
        cat = classify(p, c["expected_faq"])
        res.setdefault((c["kind"], lang[cid], turn), []).append(cat)
        if turn == 2 and cat != "expected":
            misses.append((cid, c["kind"], c["text"], c["expected_faq"], p))

    def pick(kind=None, lg=None, turn=2):
        out = []
        for (k, l, t), v in res.items():
            if t == turn and (kind is None or k == kind) and (lg is None or l == lg):
                out.extend(v)
        return out

    for kind in kinds:
        print_table("Turn 2, kind %s" % kind,
                    [("zh", pick(kind, "zh")), ("en", pick(kind, "en")), ("all", pick(kind))])

    groups = [("%s" % k, pick(k, turn=1)) for k in kinds] + [("all", pick(turn=1))]
    print_table("Turn 1 (all chats)", groups)

    print("Summary")
    for kind in kinds:
        v = pick(kind)
        print("  turn 2 %-12s answered with an expected entry: %d/%d" % (kind, v.count("expected"), len(v)))
    v = pick(turn=1)
    print("  turn 1 %-12s answered with an expected entry: %d/%d" % ("all", v.count("expected"), len(v)))
    print()

    if misses:
        print("Turn 2 not answered with an expected entry:")
        for cid, kind, text, exp, p in misses:
            if p is None:
                got = "no prediction"
            else:
                got = "%s faq=%s" % (p.get("action"), p.get("faq"))
                if p.get("smalltalk") is not None:
                    got += " smalltalk=%s" % p.get("smalltalk")
            print("  %s [%s] %s | expected %s | got %s" % (cid, kind, text, ",".join(exp), got))


if __name__ == "__main__":
    main()
