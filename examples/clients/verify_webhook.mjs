// Receive Triage's handoff webhooks and verify their signature (Node 18+, no packages):
// x-triage-signature = "sha256=" + HMAC-SHA256(secret, "<x-triage-timestamp>.<raw body>").
//   WEBHOOK_SECRET=... PORT=9000 node verify_webhook.mjs   (MAX_EVENTS=n stops after n)
//   triage serve --webhook-url http://127.0.0.1:9000/hook --webhook-secret ...
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.WEBHOOK_SECRET;
const maxEvents = Number(process.env.MAX_EVENTS ?? 0);
const seen = new Set(); // idempotency keys: delivery is at-least-once

function verify(timestamp, body, signature) {
  const expected = Buffer.from("sha256=" + createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex"));
  const given = Buffer.from(signature ?? "");
  const fresh = /^\d+$/.test(timestamp ?? "") && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300; // refuse old replays
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!verify(req.headers["x-triage-timestamp"], body, req.headers["x-triage-signature"])) {
      res.writeHead(401).end();
      console.log("rejected: bad signature");
      return;
    }
    res.writeHead(204).end(); // any 2xx: delivered; anything else is retried with backoff
    const key = req.headers["idempotency-key"];
    if (seen.has(key)) return;
    seen.add(key);
    const ev = JSON.parse(body);
    console.log("verified", ev.event, ev.handoff.id, ev.handoff.queue);
    if (maxEvents && seen.size >= maxEvents) server.close(() => process.exit(0));
  });
});
server.listen(Number(process.env.PORT ?? 9000), "127.0.0.1", () => console.log("listening"));
