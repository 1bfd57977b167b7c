"""Counts for a blind set's README.md. Usage: stats.py SET_DIR."""
import json, os, sys
from collections import Counter, defaultdict
HERE = os.path.abspath(sys.argv[1])
rows = [json.loads(l) for l in open(os.path.join(HERE, "chats.jsonl"), encoding="utf-8")]
langs = json.load(open(os.path.join(HERE, "languages.json")))
chats = defaultdict(list)
for r in rows: chats[r["conversation_id"]].append(r)
A = Counter(r["expected_action"] for r in rows)
print("chats", len(chats), "turns", len(rows), dict(A))
st = [r for r in rows if "label" in r]
print("small talk", len(st), "answer", sum(r["expected_action"] == "answer" for r in st), "handoff", sum(r["expected_action"] == "handoff" for r in st))
print("labels", Counter(r["label"] for r in st).most_common())
print("with faq", sum("expected_faq" in r for r in rows), "multi-id", sum(len(r.get("expected_faq", [])) > 1 for r in rows),
      "kb entries used", len({f for r in rows for f in r.get("expected_faq", [])}))
print("reasons", Counter(x for r in rows for x in r.get("expected_reasons", [])).most_common())
first_h = sum(1 for t in chats.values() if any(r["expected_action"] == "handoff" for r in t))
print("chats with handoff", first_h, "handoff turns without reason", sum(r["expected_action"] == "handoff" and "expected_reasons" not in r for r in rows))
print("chats with clarify", sum(1 for t in chats.values() if any(r["expected_action"] == "clarify" for r in t)))
print("opening with small talk", sum(1 for t in chats.values() if "label" in t[0]),
      Counter(t[0]["label"] for t in chats.values() if "label" in t[0]))
print("ending with small talk", sum(1 for t in chats.values() if "label" in t[-1]))
vip = [c for c, t in chats.items() if t[0].get("vip")]
print("vip chats", len(vip), "turns", sum(len(chats[c]) for c in vip))
for L in ("zh", "en", "mixed"):
    cs = [c for c in chats if langs[c] == L]
    ts = [r for c in cs for r in chats[c]]
    a = Counter(r["expected_action"] for r in ts)
    print(L, "chats", len(cs), "turns", len(ts), "a/c/h", a["answer"], a["clarify"], a["handoff"])
print("lengths", sorted(Counter(len(t) for t in chats.values()).items()))
