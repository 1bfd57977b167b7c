// Follow handoff events: server-sent events from GET /v1/handoffs/stream (Node 18+, built-in
// fetch). Reconnects with Last-Event-ID, so with Redis nothing is missed.
//   TRIAGE_URL=http://127.0.0.1:8080 TRIAGE_TOKEN=trg_... node follow_handoffs.mjs [queue]
//   (MAX_EVENTS=n stops after n events)
const url = process.env.TRIAGE_URL ?? "http://127.0.0.1:8080";
const token = process.env.TRIAGE_TOKEN ?? ""; // a key with role agent
const queue = process.argv[2];
const maxEvents = Number(process.env.MAX_EVENTS ?? 0);
let seen = 0, lastId = null;

for (;;) {
  try {
    const headers = { accept: "text/event-stream", authorization: `Bearer ${token}` };
    if (lastId) headers["last-event-id"] = lastId;
    const r = await fetch(`${url}/v1/handoffs/stream${queue ? `?queue=${encodeURIComponent(queue)}` : ""}`, { headers });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    console.log("listening");
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of r.body) {
      buf += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buf.indexOf("\n\n")) >= 0) { // a blank line ends an event
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        let event = null, data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
          else if (line.startsWith("id:")) lastId = line.slice(3).trim();
        }
        if (!data) continue; // keep-alive comment
        const h = JSON.parse(data).handoff;
        console.log(event, h.id, h.queue, h.priority, h.situation);
        if (maxEvents && ++seen >= maxEvents) process.exit(0);
      }
    }
  } catch (e) {
    console.error("stream lost:", e.message, "- reconnecting");
  }
  await new Promise((res) => setTimeout(res, 1000));
}
