// The agent inbox: the live handoff queue (list once, then the event stream), one card, accept
// and resolve. Everything the server sends is shown with textContent, never as HTML.
"use strict";

const PRIORITY = { urgent: 0, high: 1, normal: 2, low: 3 };
const keys = keyStore("agent");
const handoffs = new Map(); // id -> handoff
let selected = null, stream = null, busy = false;

const $ = (id) => document.getElementById(id);

function agentName() { return sessionStorage.getItem("triage.agentName") || undefined; }

function visible() {
  const q = $("f-queue").value, s = $("f-status").value;
  return [...handoffs.values()]
    .filter((h) => !q || h.queue === q)
    .filter((h) => (s === "active" ? h.status !== "resolved" : !s || h.status === s))
    .sort((a, b) => (PRIORITY[a.priority] ?? 9) - (PRIORITY[b.priority] ?? 9)
      || Date.parse(a.created_at) - Date.parse(b.created_at));
}

function waitOf(h) {
  const end = h.status === "pending" ? Date.now() : Date.parse(h.accepted_at || h.resolved_at || h.updated_at);
  return fmtWait(end - Date.parse(h.created_at));
}

function renderQueues() {
  const sel = $("f-queue"), have = new Set([...sel.options].map((o) => o.value));
  for (const h of handoffs.values()) {
    if (!have.has(h.queue)) { sel.append(el("option", { value: h.queue }, h.queue)); have.add(h.queue); }
  }
}

function renderList() {
  renderQueues();
  const list = $("list");
  const items = visible();
  list.replaceChildren(...items.map((h) => el("li", {
    "data-id": h.id, "data-status": h.status, class: h.id === selected ? "selected" : "",
    tabindex: "0", onclick: () => select(h.id),
  },
  el("div", { class: "row" },
    el("span", {},
      el("span", { class: "chip prio-" + h.priority }, h.priority),
      el("span", { class: "chip" }, h.queue),
      el("span", { class: "chip" }, t(h.status))),
    el("span", { class: "wait", "data-wait": h.id }, waitOf(h))),
  el("div", { class: "sit" }, h.situation))));
  $("list-empty").classList.toggle("hidden", items.length > 0);
}

function tickWaits() {
  document.querySelectorAll("[data-wait]").forEach((e) => {
    const h = handoffs.get(e.dataset.wait);
    if (h) e.textContent = waitOf(h);
  });
}

// A small line chart of the sentiment scores in [-1, 1], one point per customer message.
function sparkline(values) {
  const ns = "http://www.w3.org/2000/svg", W = 300, H = 60;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "spark");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t("sentiment") + ": " + values.map((v) => v.toFixed(2)).join(", "));
  const y = (v) => H / 2 - (Math.max(-1, Math.min(1, v)) * (H / 2 - 6));
  const mid = document.createElementNS(ns, "line");
  Object.entries({ x1: 0, x2: W, y1: H / 2, y2: H / 2, stroke: "#d9dde5" }).forEach(([k, v]) => mid.setAttribute(k, v));
  svg.append(mid);
  const step = values.length > 1 ? (W - 12) / (values.length - 1) : 0;
  const pts = values.map((v, i) => [6 + i * step, y(v)]);
  if (pts.length > 1) {
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", pts.map((p) => p.join(",")).join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", "#1f6feb");
    line.setAttribute("stroke-width", "2");
    svg.append(line);
  }
  values.forEach((v, i) => {
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", pts[i][0]); c.setAttribute("cy", pts[i][1]); c.setAttribute("r", 3.5);
    c.setAttribute("fill", v < -0.2 ? "#cf222e" : v > 0.2 ? "#1a7f37" : "#5d6577");
    svg.append(c);
  });
  return svg;
}

function section(title, ...body) {
  return [el("h3", {}, t(title)), ...body];
}

function renderCard() {
  const card = $("card");
  const h = selected && handoffs.get(selected);
  if (!h) { card.replaceChildren(el("p", { class: "empty" }, t("pick"))); return; }
  card.replaceChildren(
    el("h2", {}, h.situation),
    el("div", {},
      el("span", { class: "chip prio-" + h.priority }, h.priority),
      el("span", { class: "chip" }, h.queue),
      el("span", { class: "chip", id: "card-status" }, t(h.status)),
      el("span", { class: "chip" }, h.language),
      h.customer && h.customer.vip ? el("span", { class: "chip prio-high" }, t("vip")) : null,
      el("span", { class: "wait" }, t("waiting") + " " + waitOf(h))),
    el("p", { class: "muted" }, h.id + " · " + t("created") + " " + new Date(h.created_at).toLocaleString()
      + (h.agent ? " · " + t("agent") + " " + h.agent : "")),
    el("div", { class: "actions" },
      el("button", { id: "accept", class: "primary", disabled: h.status !== "pending", onclick: () => move("accept") },
        t("accept"), " ", el("kbd", {}, "a")),
      el("button", { id: "resolve", disabled: h.status === "resolved", onclick: () => move("resolve") },
        t("resolve"), " ", el("kbd", {}, "r"))),
    el("p", { id: "card-error", class: "error hidden" }),
    ...section("reasons", el("ul", {}, h.reasons.map((r) => el("li", {}, el("b", {}, r.code), " — ", r.detail)))),
    ...section("intentPath", el("p", {}, h.intent_path.map((s) => `${s.intent} (${pct(s.confidence)})`).join(" → ") || "–")),
    ...section("sentiment", sparkline(h.sentiment_trajectory || [])),
    ...section("entities", el("p", {}, h.entities.length
      ? h.entities.map((e) => el("span", { class: "chip" }, e.kind + ": " + e.value)) : "–")),
    ...section("transcript", el("div", { class: "transcript" }, h.transcript.map((turn) => el("p", {},
      el("span", { class: "who" }, (turn.role === "bot" ? t("bot") : t("customer")) + ":"), turn.text)))),
    ...section("botSaid", h.bot_answers.length ? el("ul", {}, h.bot_answers.map((a) => el("li", {}, a))) : el("p", {}, "–")),
    ...section("next", el("p", {}, h.suggested_next_step)),
  );
}

function select(id) {
  selected = id;
  renderList();
  renderCard();
}

async function move(what) {
  const h = selected && handoffs.get(selected);
  if (!h || busy) return;
  if ((what === "accept" && h.status !== "pending") || (what === "resolve" && h.status === "resolved")) return;
  busy = true;
  try {
    const r = await api(keys.get(), "POST", `/v1/handoffs/${encodeURIComponent(h.id)}/${what}`, { agent: agentName() });
    upsert(r.handoff);
  } catch (e) {
    const box = $("card-error");
    if (box) { box.textContent = t("error") + ": " + e.message; box.classList.remove("hidden"); }
  } finally { busy = false; }
}

function upsert(h) {
  const old = handoffs.get(h.id);
  // Events may arrive after the response of the same move: never step back.
  if (old && Date.parse(old.updated_at) > Date.parse(h.updated_at)) return;
  handoffs.set(h.id, h);
  renderList();
  if (h.id === selected) renderCard();
}

async function load() {
  const r = await api(keys.get(), "GET", "/v1/handoffs?limit=1000");
  handoffs.clear();
  for (const h of r.handoffs) handoffs.set(h.id, h);
  renderList();
  renderCard();
}

function setConn(up) {
  const c = $("conn");
  c.className = "status-dot " + (up ? "live" : "down");
  c.textContent = t(up ? "live" : "down");
}

async function start() {
  try {
    await load();
  } catch (e) {
    if (e.status === 401 || e.status === 403) return showSignin(t("badKey") + ": " + e.message);
    $("signin-error").textContent = e.message;
  }
  $("signin").classList.add("hidden");
  $("inbox").classList.remove("hidden");
  $("signout").classList.toggle("hidden", !KEYS_REQUIRED);
  if (stream) stream.stop();
  let wasDown = false;
  stream = followEvents(keys.get(), "/v1/handoffs/stream", (_ev, data) => upsert(data.handoff), (up, err) => {
    setConn(up);
    if (err) return showSignin(t("badKey") + ": " + err.message);
    // The memory store replays nothing after a reconnect: read the list again.
    if (up && wasDown) load().catch(() => {});
    wasDown = !up;
  });
}

function showSignin(message) {
  if (stream) { stream.stop(); stream = null; }
  keys.clear();
  $("inbox").classList.add("hidden");
  $("signout").classList.add("hidden");
  $("signin").classList.remove("hidden");
  const err = $("signin-error");
  err.textContent = message || "";
  err.classList.toggle("hidden", !message);
  $("key").focus();
}

document.addEventListener("keydown", (e) => {
  if (e.target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "a") move("accept");
  else if (e.key === "r") move("resolve");
  else if (e.key === "j" || e.key === "k" || e.key === "ArrowDown" || e.key === "ArrowUp") {
    const ids = visible().map((h) => h.id);
    if (!ids.length) return;
    const i = ids.indexOf(selected);
    const down = e.key === "j" || e.key === "ArrowDown";
    select(ids[i < 0 ? 0 : Math.max(0, Math.min(ids.length - 1, i + (down ? 1 : -1)))]);
    e.preventDefault();
  }
});

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  keys.set($("key").value.trim());
  const name = $("agent").value.trim();
  if (name) sessionStorage.setItem("triage.agentName", name); else sessionStorage.removeItem("triage.agentName");
  $("key").value = "";
  start();
});
$("signout").addEventListener("click", () => showSignin(""));
$("f-queue").addEventListener("change", renderList);
$("f-status").addEventListener("change", renderList);
setInterval(tickWaits, 1000);

translate();
if (KEYS_REQUIRED && !keys.get()) showSignin("");
else start();
