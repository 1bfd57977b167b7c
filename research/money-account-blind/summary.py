"""Summarise a `triage eval` run on the money-account-blind set.

Usage: python3 summary.py messages.jsonl RUN_DIR

Reads RUN_DIR/predictions.jsonl (one JSON object per line: conversation_id "ma-NNN",
turn, action answer/clarify/handoff, faq id or null, smalltalk, reasons) and prints,
per kind and language: n; answered with an expected entry; answered with another
entry; answered with no entry (intent reply); clarify; handoff; missing. Then the
misses. A `question` is right only when answered with one of its expected entries;
a `needs_person` message is right only when handed off (any answer is wrong).
"""
import json
import os
import re
import sys

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def lang_of(r):
    if r.get("lang"):
        return r["lang"]
    t = r["text"]
    if CJK.search(t):
        return "mix" if len(LATIN_WORD.findall(t)) >= 1 else "zh"
    return "en"


def outcome(r, p):
    if p is None:
        return "missing"
    a = p.get("action")
    if a == "answer":
        faq = p.get("faq")
        if faq is None:
            return "ans_none"
        return "ans_exp" if faq in r.get("expected_faq", []) else "ans_other"
    if a in ("clarify", "handoff"):
        return a
    return "missing"


def is_right(r, o):
    if r["expected"] == "handoff":
        return o == "handoff"
    if not r.get("expected_faq"):
        return o in ("ans_exp", "ans_other", "ans_none")
    return o == "ans_exp"


def main():
    msgs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    preds = {}
    with open(os.path.join(sys.argv[2], "predictions.jsonl"), encoding="utf-8") as f:
        for l in f:
            if not l.strip():
                continue
            p = json.loads(l)
            if p.get("turn", 1) != 1:
                continue
            preds[p["conversation_id"]] = p

    cols = ["ans_exp", "ans_other", "ans_none", "clarify", "handoff", "missing"]
    heads = ["n", "ans:expected", "ans:other", "ans:no entry", "clarify", "handoff", "missing", "right"]
    groups = {}
    misses = []
    for i, r in enumerate(msgs):
        cid = "ma-%03d" % (i + 1)
        p = preds.get(cid)
        o = outcome(r, p)
        lang = lang_of(r)
        ok = is_right(r, o)
        for key in ((r["kind"], lang), (r["kind"], "all"), ("ALL", "all")):
            g = groups.setdefault(key, dict.fromkeys(cols + ["n", "right"], 0))
            g["n"] += 1
            g[o] += 1
            g["right"] += ok
        if not ok:
            misses.append((cid, r, lang, o, p))

    order = []
    for kind in ("question", "needs_person"):
        for lang in ("zh", "en", "mix", "all"):
            if (kind, lang) in groups:
                order.append((kind, lang))
    order += [k for k in groups if k not in order and k[0] != "ALL"]
    order.append(("ALL", "all"))

    wd = lambda h: 9 if h == "right" else max(len(h), 5)
    print("%-14s %-5s " % ("kind", "lang") + " ".join(h.rjust(wd(h)) for h in heads))
    for key in order:
        g = groups[key]
        vals = [g["n"]] + [g[c] for c in cols] + ["%d (%.0f%%)" % (g["right"], 100.0 * g["right"] / g["n"])]
        print("%-14s %-5s " % key + " ".join(str(v).rjust(wd(h)) for v, h in zip(vals, heads)))
    print()
    print("question right = answered with an expected entry; needs_person right = handoff")
    print("(needs_person has no expected entry, so any entry it is answered with counts as ans:other).")
    print()
    print("Misses (%d):" % len(misses))
    for cid, r, lang, o, p in misses:
        exp = r["expected"] + (" " + ",".join(r.get("expected_faq", [])) if r["expected"] == "answer" else "")
        got = "no prediction" if p is None else "%s faq=%s" % (p.get("action"), p.get("faq"))
        if p is not None and p.get("smalltalk"):
            got += " smalltalk=%s" % p["smalltalk"]
        print("  %s [%s/%s] expected %s, got %s (%s)" % (cid, r["kind"], lang, exp, got, o))
        print("      %s" % r["text"])
        if p is not None and p.get("reasons"):
            print("      reasons: %s" % "; ".join(str(x) for x in p["reasons"]))


if __name__ == "__main__":
    main()
