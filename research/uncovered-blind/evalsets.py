"""The eval runs these studies read, named on the command line as NAME=PRED_DIR=CHATS[,CHATS…]:
PRED_DIR is a `triage eval --out` folder, CHATS the chat files it was run on, e.g.
  tune=/tmp/t=training-data/chat-dev/chats_tune.jsonl,training-data/chat-dev/chats_tune2_a.jsonl
  uncov=/tmp/uc=/tmp/uc.jsonl           (research/uncovered-blind/to_chats.py output)
"""
import json


def load(pred, files):
    """(row, prediction) for every turn of one eval run."""
    rows = {}
    for f in files:
        for line in open(f):
            r = json.loads(line)
            rows[(r["conversation_id"], r["turn"])] = r
    return [(rows[(p["conversation_id"], p["turn"])], p)
            for p in map(json.loads, open(pred + "/predictions.jsonl"))]


def sets(args):
    """{name: (pred_dir, [chat files])} from NAME=PRED_DIR=CHATS arguments (others ignored)."""
    out = {}
    for a in args:
        if a.count("=") == 2:
            name, pred, chats = a.split("=")
            out[name] = (pred, chats.split(","))
    return out
