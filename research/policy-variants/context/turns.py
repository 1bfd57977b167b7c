"""Follow-up turns of chat files, three ways, for `examples/kb_top` (research, policy-variants).

For every non-small-talk turn that follows another need of its chat, writes to OUT:
alone.jsonl (the turn), ctx.jsonl (the need before it and the turn as one text) and
prev.jsonl (the need before it, with the turn's labels).
usage: turns.py OUT CHATS.jsonl...
"""
import json
import sys

out, files = sys.argv[1], sys.argv[2:]
chats = {}
for f in files:
    for line in open(f):
        r = json.loads(line)
        chats.setdefault(r["conversation_id"], []).append(r)
writers = {k: open(f"{out}/{k}.jsonl", "w") for k in ("alone", "ctx", "prev")}
for turns in chats.values():
    turns.sort(key=lambda r: r["turn"])
    prev = None
    for r in turns:
        if r.get("label"):
            continue
        if prev is not None:
            for k, text in (("alone", r["text"]), ("ctx", prev["text"] + " " + r["text"]),
                            ("prev", prev["text"])):
                writers[k].write(json.dumps(dict(r, text=text), ensure_ascii=False) + "\n")
        prev = r
