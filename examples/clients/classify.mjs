// Classify one customer message (Node 18+, built-in fetch).
//   TRIAGE_URL=http://127.0.0.1:8080 TRIAGE_TOKEN=trg_... node classify.mjs "Where is my order?" c-1
const url = process.env.TRIAGE_URL ?? "http://127.0.0.1:8080";
const token = process.env.TRIAGE_TOKEN ?? ""; // a key with role client; unused without --keys
const [text = "Where is my order?", conversation = "c-1"] = process.argv.slice(2);

const r = await fetch(`${url}/v1/classify`, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify({ text, conversation_id: conversation }),
});
const out = await r.json();
if (!r.ok) {
  // always {"error": {"code", "message"}}
  console.error(`HTTP ${r.status} ${out.error.code}: ${out.error.message}`);
  process.exit(1);
}
console.log(out.action, out.reasons.map((x) => x.code));
if (out.action === "answer" && out.reply) console.log("reply:", out.reply.text);
else if (out.action === "clarify") console.log("options:", (out.clarify_options ?? []).map((o) => o.label));
else if (out.action === "handoff") console.log("handoff:", out.handoff.id, "queue", out.queue, "priority", out.priority);
