#!/usr/bin/env python3
"""Summarise a Triage eval run on the compound-blind set.

Usage: python3 summary.py messages.jsonl RUN_DIR

Reads RUN_DIR/predictions.jsonl (one JSON object per line with at least
conversation_id, turn, action, faq, smalltalk, reasons; optionally faq_also).
Plain python3, no third-party modules.

Outcome of one message (first matching rule):
  handoff   action == "handoff"
  clarify   action == "clarify"
  smalltalk smalltalk is not null
  ok        faq set and every id in faq is in expected_faq
  wrong     faq set and some id in faq is not in expected_faq
            (for problem_plus_question every faq answer is wrong)
  intent    answered without an entry (faq null, smalltalk null)
  missing   no prediction for the message (turn 1)
"correct" is ok for the answer kinds and handoff for problem_plus_question.
The answered ids of a reply are faq (a string or a list) plus faq_also.
"""
import json
import os
import sys

KINDS = ["two_questions", "one_entry_two_asks", "context_then_question", "problem_plus_question"]
LANGS = ["zh", "en", "mixed"]
COLS = ["n", "correct", "ok", "wrong", "intent", "smalltalk", "clarify", "handoff", "missing"]


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except ValueError as e:
                sys.exit("%s line %d: bad JSON: %s" % (path, i, e))
    return rows


def as_list(x):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return [str(v) for v in x if v is not None]
    return [str(x)]


def outcome(msg, pred):
    if pred is None:
        return "missing"
    action = pred.get("action")
    if action == "handoff":
        return "handoff"
    if action == "clarify":
        return "clarify"
    if pred.get("smalltalk") is not None:
        return "smalltalk"
    faq = as_list(pred.get("faq"))
    if faq:
        expected = msg.get("expected_faq") or []
        if expected and all(f in expected for f in faq):
            return "ok"
        return "wrong"
    return "intent"


def is_correct(msg, out):
    if msg["expected_action"] == "handoff":
        return out == "handoff"
    return out == "ok"


def table(title, groups, order):
    print("\n== %s ==" % title)
    head = "%-24s" % "" + "".join("%10s" % c for c in COLS)
    print(head)
    total = dict((c, 0) for c in COLS)
    for key in order:
        rows = groups.get(key, [])
        if not rows:
            continue
        counts = dict((c, 0) for c in COLS)
        counts["n"] = len(rows)
        for msg, out in rows:
            counts[out] += 1
            if is_correct(msg, out):
                counts["correct"] += 1
        for c in COLS:
            total[c] += counts[c]
        print("%-24s" % key + "".join("%10d" % counts[c] for c in COLS))
    print("%-24s" % "all" + "".join("%10d" % total[c] for c in COLS))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 summary.py messages.jsonl RUN_DIR")
    msgs = read_jsonl(sys.argv[1])
    pred_path = os.path.join(sys.argv[2], "predictions.jsonl")
    preds = {}
    for p in read_jsonl(pred_path):
        cid = p.get("conversation_id")
        turn = p.get("turn", 1)
        if cid is None or str(turn) != "1":
            continue
        preds[cid] = p  # the last turn-1 line wins

    results = []
    for m in msgs:
        p = preds.get(m["id"])
        results.append((m, p, outcome(m, p)))

    known = set(m["id"] for m in msgs)
    extra = sorted(set(preds) - known)
    print("messages: %d   predictions matched: %d   missing: %d   unknown ids in predictions: %d"
          % (len(msgs), sum(1 for _, p, _ in results if p is not None),
             sum(1 for _, p, _ in results if p is None), len(extra)))

    by_kind, by_lang = {}, {}
    for m, p, out in results:
        by_kind.setdefault(m["kind"], []).append((m, out))
        by_lang.setdefault(m["language"], []).append((m, out))
    table("per kind", by_kind, KINDS + sorted(k for k in by_kind if k not in KINDS))
    table("per language", by_lang, LANGS + sorted(k for k in by_lang if k not in LANGS))

    # two_questions: coverage of both parts by faq + faq_also
    tq = [(m, p, out) for m, p, out in results if m["kind"] == "two_questions"]
    if tq:
        both = one = none = also_wrong = 0
        for m, p, out in tq:
            answered = set()
            if p is not None and p.get("action") == "answer":
                answered = set(as_list(p.get("faq"))) | set(as_list(p.get("faq_also")))
            hit = sum(1 for part in m["parts"] if answered & set(part))
            if hit == len(m["parts"]):
                both += 1
            elif hit:
                one += 1
            else:
                none += 1
            expected = set(m.get("expected_faq") or [])
            if p is not None and set(as_list(p.get("faq_also"))) - expected:
                also_wrong += 1
        print("\n== two_questions: parts covered (answered ids = faq + faq_also, action answer) ==")
        print("both parts: %d   one part: %d   none: %d   (of %d)" % (both, one, none, len(tq)))
        print("messages whose faq_also holds an id outside expected_faq: %d" % also_wrong)

    misses = [(m, p, out) for m, p, out in results if not is_correct(m, out)]
    print("\n== misses (%d) ==" % len(misses))
    for m, p, out in misses:
        if p is None:
            action, faq = "-", "-"
        else:
            action = str(p.get("action"))
            if out == "smalltalk":
                action += "/smalltalk:" + str(p.get("smalltalk"))
            faq = ",".join(as_list(p.get("faq"))) or "null"
            also = as_list(p.get("faq_also"))
            if also:
                faq += " +also:" + ",".join(also)
        print("%s  %-22s %-10s %-9s faq=%s\n    %s" % (m["id"], m["kind"], out, action, faq, m["text"]))
    if extra:
        print("\nunknown conversation ids in predictions: " + ", ".join(extra))


if __name__ == "__main__":
    main()
