"""messages.jsonl -> one-message chats for `triage eval` (conversation mode).

Usage: python3 to_chats.py messages.jsonl OUT.jsonl
"""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i, r in enumerate(rows):
        chat = {"conversation_id": "ma-%03d" % (i + 1), "turn": 1, "text": r["text"],
                "expected_action": r["expected"]}
        if r["expected"] == "answer":
            chat["expected_faq"] = r.get("expected_faq", [])
        f.write(json.dumps(chat, ensure_ascii=False) + "\n")
