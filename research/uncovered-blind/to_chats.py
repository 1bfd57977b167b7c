"""messages.jsonl -> one-message chats for `triage eval` (conversation mode)."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as f:
    for i, r in enumerate(rows):
        row = {"conversation_id": "uc-%03d" % (i + 1), "turn": 1, "text": r["text"],
               "expected_action": r["expected"]}
        if r.get("faq"):
            row["expected_faq"] = r["faq"]
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
