// Shared by the inbox and the try-it chat: language, the API key, API calls and the event stream.
"use strict";

const TEXT = {
  en: {
    inbox: "Agent inbox", chat: "Try-it chat", signin: "Sign in", signout: "Sign out",
    key: "API key", keyAgent: "Agent key (role agent or admin)", keyClient: "Client key (role client or admin)",
    keyHint: "The key is kept in this tab only (session storage).", agentName: "Your name (optional)",
    badKey: "The server refused this key", live: "live", down: "reconnecting…",
    queue: "Queue", status: "Status", all: "all", active: "open",
    pending: "pending", accepted: "accepted", resolved: "resolved", none: "No handoffs here.",
    pick: "Select a handoff to see its card.", accept: "Accept", resolve: "Resolve",
    situation: "Situation", reasons: "Why a person", intentPath: "Intent path", sentiment: "Sentiment",
    entities: "Key details", transcript: "Transcript (masked)", botSaid: "What the bot already said",
    next: "Suggested next step", customer: "Customer", bot: "Bot", waiting: "waiting",
    agent: "Agent", created: "Created", shortcuts: "Shortcuts", shortcutsText: "j/k move · a accept · r resolve",
    newChat: "New conversation", send: "Send", placeholder: "Type as a customer…",
    why: "Why", action: "Action", reply: "Reply", intent: "Intent", faq: "FAQ match", language: "Language",
    conversation: "Conversation", handoffTo: "Handed to a person", openInbox: "open the inbox",
    chooseOne: "Did you mean:", noReply: "(no text: the client's own flow answers)",
    silent: "(a person has this conversation: the bot stays silent)", error: "Error",
    vip: "VIP customer", loading: "loading…",
  },
  zh: {
    inbox: "坐席工作台", chat: "试用对话", signin: "登录", signout: "退出",
    key: "API 密钥", keyAgent: "坐席密钥（agent 或 admin 角色）", keyClient: "客户端密钥（client 或 admin 角色）",
    keyHint: "密钥只保存在当前标签页（session storage）。", agentName: "您的名字（可选）",
    badKey: "服务器拒绝了这个密钥", live: "实时", down: "重新连接中…",
    queue: "队列", status: "状态", all: "全部", active: "进行中",
    pending: "待接入", accepted: "已接入", resolved: "已解决", none: "暂无转人工。",
    pick: "选择一个转人工查看卡片。", accept: "接入", resolve: "解决",
    situation: "情况", reasons: "转人工原因", intentPath: "意图路径", sentiment: "情绪",
    entities: "关键信息", transcript: "对话记录（已脱敏）", botSaid: "机器人已回复",
    next: "建议下一步", customer: "客户", bot: "机器人", waiting: "等待",
    agent: "坐席", created: "创建", shortcuts: "快捷键", shortcutsText: "j/k 上下 · a 接入 · r 解决",
    newChat: "新对话", send: "发送", placeholder: "以客户身份输入…",
    why: "原因", action: "动作", reply: "回复", intent: "意图", faq: "FAQ 匹配", language: "语言",
    conversation: "对话", handoffTo: "已转人工", openInbox: "打开坐席工作台",
    chooseOne: "您是想问：", noReply: "（无文本：由客户端自己的流程回答）",
    silent: "（人工正在处理：机器人保持沉默）", error: "错误",
    vip: "VIP 客户", loading: "加载中…",
  },
};

// The browser's first preferred language picks the text: Chinese for zh-*, English otherwise.
const LANG = /^zh/i.test((navigator.languages && navigator.languages[0]) || navigator.language || "")
  ? "zh" : "en";

function t(k) { return (TEXT[LANG] && TEXT[LANG][k]) || TEXT.en[k] || k; }

// Fills every [data-t] element's text and [data-tp] placeholder from the dictionary.
function translate(root) {
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  (root || document).querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  (root || document).querySelectorAll("[data-tp]").forEach((el) => { el.placeholder = t(el.dataset.tp); });
}

// Whether the server asks for keys: written into the page by the server.
const KEYS_REQUIRED = document.body.dataset.keys === "true";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

// A key per purpose (agent / client), kept for this tab only.
function keyStore(name) {
  const slot = "triage." + name + "Key";
  return {
    get: () => sessionStorage.getItem(slot) || "",
    set: (v) => sessionStorage.setItem(slot, v),
    clear: () => sessionStorage.removeItem(slot),
  };
}

async function api(key, method, path, body) {
  const headers = {};
  if (key) headers.authorization = "Bearer " + key;
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
  if (!r.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(r.status, e.code || "http_" + r.status, e.message || r.statusText);
  }
  return data;
}

// Follows a server-sent event stream with fetch (EventSource cannot send Authorization):
// reconnects with Last-Event-ID after a pause, and calls onState(true/false) as it goes up/down.
function followEvents(key, path, onEvent, onState) {
  let lastId = null, stopped = false, ctrl = null, delay = 500;
  async function once() {
    ctrl = new AbortController();
    const headers = { accept: "text/event-stream" };
    if (key) headers.authorization = "Bearer " + key;
    if (lastId) headers["last-event-id"] = lastId;
    const r = await fetch(path, { headers, signal: ctrl.signal });
    if (!r.ok || !r.body) throw new ApiError(r.status, "stream", r.statusText);
    onState(true);
    delay = 500;
    const reader = r.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += dec.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let ev = "message", data = "", id = null;
        for (const line of block.split("\n")) {
          const i = line.indexOf(":");
          if (i === 0) continue; // comment (keep-alive)
          const f = i < 0 ? line : line.slice(0, i);
          const v = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
          if (f === "event") ev = v;
          else if (f === "data") data += (data ? "\n" : "") + v;
          else if (f === "id") id = v;
        }
        if (id) lastId = id;
        if (data) {
          try { onEvent(ev, JSON.parse(data)); } catch (_) { /* a malformed event is skipped */ }
        }
      }
    }
  }
  (async () => {
    while (!stopped) {
      try { await once(); } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) { onState(false, e); return; }
      }
      if (stopped) return;
      onState(false);
      await new Promise((res) => setTimeout(res, delay));
      delay = Math.min(delay * 2, 10000);
    }
  })();
  return { stop() { stopped = true; if (ctrl) ctrl.abort(); } };
}

function fmtWait(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return s + "s";
  const m = Math.floor(s / 60);
  if (m < 60) return m + "m " + String(s % 60).padStart(2, "0") + "s";
  const h = Math.floor(m / 60);
  return h + "h " + String(m % 60).padStart(2, "0") + "m";
}

function pct(x) { return typeof x === "number" ? (x * 100).toFixed(1) + "%" : "–"; }
