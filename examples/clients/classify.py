#!/usr/bin/env python3
"""Classify one customer message (Python standard library only).

    TRIAGE_URL=http://127.0.0.1:8080 TRIAGE_TOKEN=trg_... python3 classify.py "Where is my order?" c-1
"""
import json
import os
import sys
import urllib.error
import urllib.request

url = os.environ.get("TRIAGE_URL", "http://127.0.0.1:8080")
token = os.environ.get("TRIAGE_TOKEN", "")  # a key with role client; unused without --keys
text = sys.argv[1] if len(sys.argv) > 1 else "Where is my order?"
conversation = sys.argv[2] if len(sys.argv) > 2 else "c-1"

req = urllib.request.Request(
    url + "/v1/classify",
    data=json.dumps({"text": text, "conversation_id": conversation}).encode(),
    headers={"content-type": "application/json", "authorization": "Bearer " + token},
)
try:
    with urllib.request.urlopen(req, timeout=30) as r:
        out = json.load(r)
except urllib.error.HTTPError as e:
    err = json.load(e)["error"]  # always {"error": {"code", "message"}}
    sys.exit(f"HTTP {e.code} {err['code']}: {err['message']}")

print(out["action"], [r["code"] for r in out["reasons"]])
if out["action"] == "answer" and out["reply"]:
    print("reply:", out["reply"]["text"])
elif out["action"] == "clarify":
    print("options:", [o["label"] for o in out.get("clarify_options", [])])
elif out["action"] == "handoff":
    print("handoff:", out["handoff"]["id"], "queue", out["queue"], "priority", out["priority"])
