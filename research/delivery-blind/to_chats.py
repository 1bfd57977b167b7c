"""messages.jsonl -> one-message chats for `triage eval` (conversation mode)."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as f:
    for i, r in enumerate(rows):
        f.write(json.dumps({"conversation_id": "dl-%03d" % (i + 1), "turn": 1, "text": r["text"],
                            "expected_action": r["expected"]}, ensure_ascii=False) + "\n")
