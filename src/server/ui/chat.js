// The try-it chat: each message goes to POST /v1/classify in one conversation; the answer shows
// what the bot would do and why. Server text is shown with textContent, never as HTML.
"use strict";

const keys = keyStore("client");
const $ = (id) => document.getElementById(id);
let conversation = null, sending = false;

function newConversation() {
  const rnd = crypto.getRandomValues(new Uint32Array(2));
  conversation = "try-" + [...rnd].map((n) => n.toString(36)).join("");
  $("conv").textContent = t("conversation") + " " + conversation;
  $("log").replaceChildren();
  $("text").focus();
}

function replyText(r) {
  if (r.action === "answer") return r.reply ? r.reply.text : t("noReply");
  if (r.action === "handoff") {
    return r.reasons.some((x) => x.code === "handoff_active") ? t("silent") : t("handoffTo");
  }
  return t("chooseOne");
}

function details(r) {
  const rows = [];
  const row = (k, ...v) => rows.push(el("dt", {}, t(k)), el("dd", {}, ...v));
  row("why", r.reasons.map((x) => el("div", {}, el("b", {}, x.code), " — ", x.detail)));
  if (r.intent) row("intent", `${r.intent.label} · ${pct(r.intent.confidence)} (${r.intent.band})`);
  if (r.faq) row("faq", `${r.faq.id}: “${r.faq.question}” · ${r.faq.similarity.toFixed(3)} / ${r.faq.score.toFixed(3)}`);
  if (r.sentiment) row("sentiment", `${r.sentiment.label} · ${r.sentiment.score.toFixed(2)}`);
  row("language", r.language);
  if (r.entities && r.entities.length) row("entities", r.entities.map((e) => el("span", { class: "chip" }, e.kind + ": " + e.value)));
  if (r.handoff) {
    row("handoffTo", `${r.queue} · ${r.priority} · ${r.handoff.id} · `,
      el("a", { href: "/ui/", target: "_blank", rel: "noopener" }, t("openInbox")));
  }
  return el("dl", {}, rows);
}

function options(r) {
  const qs = (r.faq_candidates || []).map((c) => c.question);
  const labels = qs.length ? qs : (r.clarify_options || []).map((o) => o.label.replace(/_/g, " "));
  if (r.action !== "clarify" || !labels.length) return null;
  return el("div", { class: "options" }, labels.map((l) => el("button", { type: "button", onclick: () => send(l) }, l)));
}

function show(r) {
  $("log").append(el("div", { class: "msg bot", "data-action": r.action, "data-handoff": r.handoff && r.handoff.id },
    el("span", { class: "badge " + r.action }, r.action),
    el("div", { class: "reply" }, replyText(r)),
    options(r),
    details(r)));
  window.scrollTo(0, document.body.scrollHeight);
}

async function send(text) {
  if (sending || !text.trim()) return;
  sending = true;
  $("log").append(el("div", { class: "msg me" }, text));
  $("text").value = "";
  const body = { text, conversation_id: conversation };
  if ($("vip").checked) body.customer = { id: conversation, vip: true };
  try {
    show(await api(keys.get(), "POST", "/v1/classify", body));
  } catch (e) {
    if (e.status === 401 || e.status === 403) showSignin(t("badKey") + ": " + e.message);
    else $("log").append(el("div", { class: "msg bot error" }, t("error") + ": " + e.message));
  } finally { sending = false; }
}

function showSignin(message) {
  keys.clear();
  $("chat").classList.add("hidden");
  $("signout").classList.add("hidden");
  $("signin").classList.remove("hidden");
  const err = $("signin-error");
  err.textContent = message || "";
  err.classList.toggle("hidden", !message);
  $("key").focus();
}

function showChat() {
  $("signin").classList.add("hidden");
  $("chat").classList.remove("hidden");
  $("signout").classList.toggle("hidden", !KEYS_REQUIRED);
  $("text").focus();
}

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  keys.set($("key").value.trim());
  $("key").value = "";
  showChat();
});
$("signout").addEventListener("click", () => showSignin(""));
$("new").addEventListener("click", newConversation);
$("send").addEventListener("submit", (e) => { e.preventDefault(); send($("text").value); });

translate();
newConversation();
if (KEYS_REQUIRED && !keys.get()) showSignin("");
else showChat();
