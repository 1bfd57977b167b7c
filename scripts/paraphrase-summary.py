#!/usr/bin/env python3
"""Per-language summary of a `triage eval` run on the paraphrase set (training-data/paraphrase).

usage: scripts/paraphrase-summary.py REPORT_DIR [REPORT_DIR ...]

Per file (en, zh): top-intent accuracy on in-scope messages (before the out-of-scope decision),
final accuracy (right intent and not flagged out of scope), share of in-scope messages flagged
out of scope, out-of-scope recall, and what the policy did: messages answered, and of those how
many with the right intent (an answered out-of-scope message is wrong).
"""
import json
import sys

for d in sys.argv[1:]:
    rows = [json.loads(l) for l in open(f"{d}/predictions.jsonl")]
    print(d)
    for f in sorted({r["file"] for r in rows}) + ["all"]:
        rs = [r for r in rows if f in ("all", r["file"])]
        ins = [r for r in rs if r["gold"] != "oos"]
        oos = [r for r in rs if r["gold"] == "oos"]
        top = sum(r["intent"] == r["gold"] for r in ins) / len(ins)
        fin = sum(r["predicted"] == r["gold"] for r in ins) / len(ins)
        rej = sum(r["oos"] for r in ins) / len(ins)
        rec = sum(r["oos"] for r in oos) / max(1, len(oos))
        ans = [r for r in rs if r["action"] == "answer"]
        right = sum(r["intent"] == r["gold"] for r in ans)
        print(f"  {f:4} top-intent {top:6.1%}  final {fin:6.1%}  in-scope flagged oos {rej:6.1%}  oos recall {rec:6.1%}  answered {len(ans)}: right {right} wrong {len(ans) - right}  (n={len(ins)}+{len(oos)})")
