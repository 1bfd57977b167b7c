#!/usr/bin/env python3
"""Replays a conversation-mode file (training-data/chat-dev/*.jsonl) against a RUNNING Triage
server over HTTP and prints the chat scores `triage eval` reports in conversation mode (served /
servable, wrong answers / bot answers, false and missed handoffs, small talk handed off, FAQ
hits). Works against any version of the server, so an old build can be measured the same way as
the current one (the before/after of a change).

usage: scripts/replay-chats.py --url http://127.0.0.1:8080 --data training-data/chat-dev/chats_dev.jsonl [--json OUT]
"""
import argparse
import json
import urllib.request
from collections import OrderedDict

ACTS = {"greeting", "are_you_there", "thanks", "goodbye", "affirm", "deny", "bot_identity", "emoji", "help_request"}


def post(url, body):
    req = urllib.request.Request(url + "/v1/classify", data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--json")
    a = ap.parse_args()
    convs = OrderedDict()
    for line in open(a.data, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            convs.setdefault(r["conversation_id"], []).append(r)
    c = dict(servable=0, served=0, bot_answers=0, wrong=0, false_handoffs=0, missed=0,
             expected_handoffs=0, smalltalk_turns=0, smalltalk_handed_off=0, smalltalk_silenced=0,
             faq_turns=0, faq_hits=0)
    for cid, turns in convs.items():
        turns.sort(key=lambda t: t.get("turn", 0))
        for t in turns:
            v = post(a.url, {"text": t["text"], "conversation_id": "replay:" + cid,
                             "customer": {"vip": bool(t.get("vip", False))}})
            exp, got = t["expected_action"], v["action"]
            codes = [x["code"] for x in v["reasons"]]
            faq = (v.get("faq") or {}).get("id")
            st_turn = t.get("label") in ACTS
            answered_as_st = "smalltalk" in codes
            if exp == "answer":
                c["servable"] += 1
                c["served"] += got == "answer"
            if got == "answer":
                c["bot_answers"] += 1
                want = t.get("expected_faq")
                if exp != "answer" or (want and faq and faq not in want) or st_turn != answered_as_st:
                    c["wrong"] += 1
            if got == "handoff" and exp != "handoff":
                c["false_handoffs"] += 1
            if exp == "handoff":
                c["expected_handoffs"] += 1
                c["missed"] += got != "handoff"
            if st_turn and exp == "answer":
                c["smalltalk_turns"] += 1
                if got == "handoff":
                    c["smalltalk_silenced" if "handoff_active" in codes else "smalltalk_handed_off"] += 1
            if t.get("expected_faq"):
                c["faq_turns"] += 1
                c["faq_hits"] += got == "answer" and faq in t["expected_faq"]
    pct = lambda k, n: f"{100 * k / n:.1f}%" if n else "n/a"
    print(f"served {c['served']} of {c['servable']} ({pct(c['served'], c['servable'])}); "
          f"wrong answers {c['wrong']} of {c['bot_answers']} ({pct(c['wrong'], c['bot_answers'])}); "
          f"false handoffs {c['false_handoffs']}; missed handoffs {c['missed']} of {c['expected_handoffs']} "
          f"({pct(c['missed'], c['expected_handoffs'])}); small talk handed off {c['smalltalk_handed_off']} of "
          f"{c['smalltalk_turns']} (silenced after a handoff {c['smalltalk_silenced']}); "
          f"FAQ hits {c['faq_hits']} of {c['faq_turns']} ({pct(c['faq_hits'], c['faq_turns'])})")
    if a.json:
        open(a.json, "w").write(json.dumps(c, indent=2) + "\n")


if __name__ == "__main__":
    main()
