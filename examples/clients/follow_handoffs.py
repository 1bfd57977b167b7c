#!/usr/bin/env python3
"""Follow handoff events as they happen: server-sent events from GET /v1/handoffs/stream
(Python standard library only). Reconnects with Last-Event-ID, so with Redis nothing is missed.

    TRIAGE_URL=http://127.0.0.1:8080 TRIAGE_TOKEN=trg_... python3 follow_handoffs.py [queue]
    (MAX_EVENTS=n stops after n events)
"""
import json
import os
import sys
import time
import urllib.request

url = os.environ.get("TRIAGE_URL", "http://127.0.0.1:8080")
token = os.environ.get("TRIAGE_TOKEN", "")  # a key with role agent
queue = sys.argv[1] if len(sys.argv) > 1 else ""
max_events = int(os.environ.get("MAX_EVENTS", "0"))
seen, last_id = 0, None

while True:
    headers = {"accept": "text/event-stream", "authorization": "Bearer " + token}
    if last_id:
        headers["last-event-id"] = last_id
    path = "/v1/handoffs/stream" + (f"?queue={queue}" if queue else "")
    try:
        with urllib.request.urlopen(urllib.request.Request(url + path, headers=headers)) as r:
            print("listening", flush=True)
            event, data = None, []
            for raw in r:  # one line at a time; a blank line ends an event
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
                elif line.startswith("id:"):
                    last_id = line[3:].strip()
                elif not line and data:
                    h = json.loads("\n".join(data))["handoff"]
                    print(event, h["id"], h["queue"], h["priority"], h["situation"], flush=True)
                    event, data, seen = None, [], seen + 1
                    if max_events and seen >= max_events:
                        sys.exit(0)
    except (OSError, ValueError) as e:
        print("stream lost:", e, "- reconnecting", file=sys.stderr, flush=True)
        time.sleep(1)
