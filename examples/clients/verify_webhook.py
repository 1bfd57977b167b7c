#!/usr/bin/env python3
"""Receive Triage's handoff webhooks and verify their signature (Python standard library only):
x-triage-signature = "sha256=" + HMAC-SHA256(secret, "<x-triage-timestamp>.<raw body>").

    WEBHOOK_SECRET=... PORT=9000 python3 verify_webhook.py   (MAX_EVENTS=n stops after n)
    triage serve --webhook-url http://127.0.0.1:9000/hook --webhook-secret ...
"""
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["WEBHOOK_SECRET"].encode()
MAX_EVENTS = int(os.environ.get("MAX_EVENTS", "0"))
seen = set()  # idempotency keys: delivery is at-least-once


def verify(timestamp: str, body: bytes, signature: str) -> bool:
    expected = "sha256=" + hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300  # refuse old replays
    return fresh and hmac.compare_digest(expected, signature)


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if not verify(self.headers.get("x-triage-timestamp", ""), body,
                      self.headers.get("x-triage-signature", "")):
            self.send_response(401)
            self.end_headers()
            print("rejected: bad signature", flush=True)
            return
        self.send_response(204)  # any 2xx: delivered; anything else is retried with backoff
        self.end_headers()
        key = self.headers.get("idempotency-key")
        if key in seen:
            return
        seen.add(key)
        ev = json.loads(body)
        print("verified", ev["event"], ev["handoff"]["id"], ev["handoff"]["queue"], flush=True)
        if MAX_EVENTS and len(seen) >= MAX_EVENTS:
            raise KeyboardInterrupt  # ends serve_forever below

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "9000"))), Hook)
print("listening", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
