"""Convert a blind set's chats_src.py to chats.jsonl: shuffle the chats with a fixed seed and
assign ids PREFIX-001... Usage: build.py SET_DIR PREFIX SEED (each set's own build.py calls it)."""
import json, random, sys, os
here, PREFIX, SEED = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sys.path.insert(0, here)
from chats_src import CHATS

chats = list(CHATS)
random.Random(SEED).shuffle(chats)

rows = []
for n, (lang, vip, turns) in enumerate(chats, 1):
    cid = f"{PREFIX}-{n:03d}"
    handed = False
    for t, (text, code) in enumerate(turns, 1):
        row = {"conversation_id": cid, "turn": t, "text": text}
        kind, _, arg = code.partition(":")
        label = faq = reasons = None
        if kind == "S":
            label = arg
            action = "handoff" if handed else "answer"
            if handed:
                reasons = ["handoff_active"]
        elif kind == "X":
            assert handed, (cid, text)
            action, reasons = "handoff", ["handoff_active"]
        elif kind == "H":
            assert not handed, (cid, text)
            action = "handoff"
            handed = True
            if arg:
                reasons = [arg]
        elif kind == "A":
            assert not handed, (cid, text)
            action, faq = "answer", arg.split(",")
        elif kind == "C":
            assert not handed, (cid, text)
            action = "clarify"
        else:
            raise ValueError(code)
        row["expected_action"] = action
        if label: row["label"] = label
        if faq: row["expected_faq"] = faq
        if reasons: row["expected_reasons"] = reasons
        if vip: row["vip"] = True
        rows.append(row)

with open(os.path.join(here, "chats.jsonl"), "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
# language per chat id, for the counts in README (not part of the row format)
with open(os.path.join(here, "languages.json"), "w", encoding="utf-8") as f:
    json.dump({f"{PREFIX}-{n:03d}": lang for n, (lang, _, _) in enumerate(chats, 1)}, f, indent=0)
print(len(chats), "chats,", len(rows), "turns")
