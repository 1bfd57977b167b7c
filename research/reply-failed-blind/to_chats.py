"""chats.jsonl -> chats for `triage eval` (conversation mode): `faq` becomes `expected_faq`,
`label` is kept, `kind` is left out."""
import json
import sys

with open(sys.argv[2], "w") as f:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        o = {k: r[k] for k in ("conversation_id", "turn", "text", "expected_action")}
        if r.get("faq"):
            o["expected_faq"] = [r["faq"]]
        if r.get("label"):
            o["label"] = r["label"]
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
