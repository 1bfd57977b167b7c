"""Which chat ids of chats.jsonl are the lean (chats_src.LEAN): repeats build.py's shuffle
(random.Random(1221) over CHATS = LEAN + OTHER) and prints the ids and counts of each part."""
import json, os, random, sys
from collections import Counter
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from chats_src import CHATS, LEAN

order = list(range(len(CHATS)))
random.Random(1221).shuffle(order)  # same permutation build.py applies to list(CHATS)
lean_ids = sorted(f"c21-{n:03d}" for n, i in enumerate(order, 1) if i < len(LEAN))
rows = [json.loads(l) for l in open(os.path.join(HERE, "chats.jsonl"), encoding="utf-8")]
langs = json.load(open(os.path.join(HERE, "languages.json")))
for name, keep in (("lean", lambda c: c in lean_ids), ("other", lambda c: c not in lean_ids)):
    rs = [r for r in rows if keep(r["conversation_id"])]
    cs = sorted({r["conversation_id"] for r in rs})
    print(name, "chats", len(cs), "turns", len(rs), dict(Counter(r["expected_action"] for r in rs)),
          "langs", dict(Counter(langs[c] for c in cs)),
          "small talk", sum("label" in r for r in rs),
          "chats with handoff", len({r["conversation_id"] for r in rs if r["expected_action"] == "handoff"}),
          "vip", len({r["conversation_id"] for r in rs if r.get("vip")}))
    print("  faq ids", sorted(Counter(f for r in rs for f in r.get("expected_faq", [])).items(), key=lambda x: -x[1]))
print("lean ids:", ", ".join(lean_ids))
