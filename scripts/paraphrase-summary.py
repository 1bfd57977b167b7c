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



def share(k, n):
    return f"{k / n:6.1%}" if n else "   n/a"


for d in sys.argv[1:]:
    rows = [json.loads(l) for l in open(f"{d}/predictions.jsonl")]
    print(d)
    for f in sorted({r["file"] for r in rows}) + ["all"]:
        rs = [r for r in rows if f in ("all", r["file"])]
        ins = [r for r in rs if r["gold"] != "oos"]
        oos = [r for r in rs if r["gold"] == "oos"]
        top = share(sum(r["intent"] == r["gold"] for r in ins), len(ins))
        fin = share(sum(r["predicted"] == r["gold"] for r in ins), len(ins))
        rej = share(sum(r["oos"] for r in ins), len(ins))
        rec = share(sum(r["oos"] for r in oos), len(oos))
        ans = [r for r in rs if r["action"] == "answer"]
        right = sum(r["intent"] == r["gold"] for r in ans)
        print(f"  {f:4} top-intent {top}  final {fin}  in-scope flagged oos {rej}  oos recall {rec}  answered {len(ans)}: right {right} wrong {len(ans) - right}  (n={len(ins)}+{len(oos)})")
