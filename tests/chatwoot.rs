//! Triage as a Chatwoot agent bot, against a stand-in Chatwoot on loopback that checks every
//! request Triage sends against Chatwoot's published Application API spec
//! (`tests/fixtures/chatwoot/application_swagger.json`: path, method, the agent-bot token,
//! path-parameter types, required fields, property types and enums) and records it.
//!
//! FAQ question → one outgoing message with the answer; the same event again → no second reply;
//! 转人工 → a private note with the masked card, then toggle_status open, then the team, and no
//! reply after, until the agents resolve it in Chatwoot; Chatwoot down → delivered after it comes
//! back. Plus: signature, token, and what the bot ignores.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::Json;
use serde_json::{json, Value};
use triage::auth::keys::digest;

const BOT_TOKEN: &str = "bot-token-0001";
const SECRET: &str = "chatwoot-secret-0001";

// ---- the spec ------------------------------------------------------------------------------

fn spec() -> Value {
    let path = common::repo_root().join("tests/fixtures/chatwoot/application_swagger.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let mut at = spec;
            for part in r.trim_start_matches("#/").split('/') {
                at = &at[part];
            }
            at
        }
        None => v,
    }
}

/// Checks `v` against an OpenAPI schema; unknown properties count as errors (a typo in a field
/// name would otherwise pass silently and Chatwoot would ignore it).
fn check(spec: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    let ok = match schema["type"].as_str() {
        Some("object") => v.is_object(),
        Some("string") => v.is_string(),
        Some("boolean") => v.is_boolean(),
        Some("number") => v.is_number(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("array") => v.is_array(),
        _ => true,
    };
    if !ok {
        errors.push(format!("{at}: {v} is not {}", schema["type"]));
        return;
    }
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(v) {
            errors.push(format!("{at}: {v} is not one of {options:?}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for r in schema["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{at}: required field {r} is missing"));
            }
        }
        if let Some(props) = schema["properties"].as_object() {
            for (k, val) in obj {
                match props.get(k) {
                    Some(p) => check(spec, p, val, &format!("{at}.{k}"), errors),
                    None => errors.push(format!("{at}: unknown field {k:?}")),
                }
            }
        }
    }
}

/// Every way the request departs from the spec (empty: it conforms).
fn validate(
    spec: &Value,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &Value,
) -> Vec<String> {
    let mut errors = Vec::new();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let found = spec["paths"].as_object().unwrap().iter().find(|(tpl, _)| {
        let t: Vec<&str> = tpl.trim_matches('/').split('/').collect();
        t.len() == segs.len()
            && t.iter()
                .zip(&segs)
                .all(|(a, b)| a.starts_with('{') || a == b)
    });
    let Some((tpl, item)) = found else {
        return vec![format!("{method} {path}: no such path in the spec")];
    };
    let Some(op) = item.get(method.as_str().to_lowercase()) else {
        return vec![format!("{method} {tpl}: no such operation in the spec")];
    };
    let bot_may = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|s| s.get("agentBotApiKey").is_some());
    if !bot_may {
        errors.push(format!("{method} {tpl}: not open to agent bots"));
    }
    if headers
        .get("api_access_token")
        .and_then(|v| v.to_str().ok())
        != Some(BOT_TOKEN)
    {
        errors.push(format!(
            "{method} {tpl}: api_access_token is not the bot's token"
        ));
    }
    let params = item["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(op["parameters"].as_array().into_iter().flatten());
    let t: Vec<&str> = tpl.trim_matches('/').split('/').collect();
    for p in params {
        let p = resolve(spec, p);
        if p["in"] != "path" {
            continue;
        }
        let name = format!("{{{}}}", p["name"].as_str().unwrap());
        let Some(i) = t.iter().position(|s| *s == name) else {
            continue;
        };
        if p["schema"]["type"] == "integer" && segs[i].parse::<i64>().is_err() {
            errors.push(format!("{tpl}: {name} = {:?} is not an integer", segs[i]));
        }
    }
    let rb = &op["requestBody"];
    if !rb.is_null() {
        let schema = &resolve(spec, rb)["content"]["application/json"]["schema"];
        if body.is_null() && rb["required"] == true {
            errors.push(format!("{method} {tpl}: the body is required"));
        } else if !body.is_null() {
            check(spec, schema, body, "body", &mut errors);
        }
    }
    errors
}

// ---- the stand-in Chatwoot ----------------------------------------------------------------

#[derive(Debug, Clone)]
struct Recorded {
    path: String,
    body: Value,
    errors: Vec<String>,
}

#[derive(Clone)]
struct StandIn {
    spec: Arc<Value>,
    log: Arc<Mutex<Vec<Recorded>>>,
}

async fn api(
    State(s): State<StandIn>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let mut errors = validate(&s.spec, &method, uri.path(), &headers, &body);
    if !headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
    {
        errors.push("content-type is not application/json".into());
    }
    let path = uri.path().to_string();
    let conv: u64 = path
        .split('/')
        .nth(6)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    s.log.lock().unwrap().push(Recorded {
        path: path.clone(),
        body: body.clone(),
        errors,
    });
    let reply = if path.ends_with("/toggle_status") {
        json!({"meta": {}, "payload": {"success": true, "current_status": body["status"], "conversation_id": conv}})
    } else if path.ends_with("/messages") {
        json!({"id": 90000 + s.log.lock().unwrap().len(), "content": body["content"], "private": body["private"]})
    } else {
        json!({})
    };
    (StatusCode::OK, Json(reply))
}

struct Running {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

async fn serve_stand_in(listener: tokio::net::TcpListener, s: StandIn) -> Running {
    let app = axum::Router::new().fallback(api).with_state(s);
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    Running { stop, task }
}

impl Running {
    async fn down(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

// ---- events --------------------------------------------------------------------------------

/// A `message_created` event as Chatwoot's `Message#webhook_data` builds it.
fn message_event(conv: u64, msg: u64, text: &str, status: &str) -> Value {
    json!({
        "event": "message_created",
        "id": msg,
        "content": text,
        "created_at": "2026-01-15T10:02:03.000Z",
        "message_type": "incoming",
        "content_type": "text",
        "content_attributes": {},
        "additional_attributes": {},
        "private": false,
        "source_id": null,
        "sender": {"account": {"id": 1, "name": "Acme"}, "additional_attributes": {}, "avatar": "",
                   "custom_attributes": {}, "email": null, "id": 42, "identifier": null,
                   "name": "Jane", "phone_number": "+15550100", "thumbnail": ""},
        "inbox": {"id": 3, "name": "Website"},
        "conversation": {"additional_attributes": {}, "can_reply": true, "channel": "Channel::WebWidget",
                         "id": conv, "inbox_id": 3, "status": status, "labels": [],
                         "meta": {"sender": {"id": 42, "name": "Jane", "type": "contact"}, "assignee": null},
                         "messages": [{"id": msg, "content": text, "message_type": 0}],
                         "unread_count": 1, "timestamp": 1736935323},
        "account": {"id": 1, "name": "Acme"}
    })
}

struct Bot {
    client: reqwest::Client,
    url: String,
}

impl Bot {
    /// Posts an event as Chatwoot 4.13+ does: signed with the bot's secret.
    async fn signed(&self, ev: &Value) -> (u16, Value) {
        let body = serde_json::to_vec(ev).unwrap();
        let ts = chrono::Utc::now().timestamp();
        let r = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("x-chatwoot-timestamp", ts.to_string())
            .header(
                "x-chatwoot-signature",
                triage::handoff::webhook::sign(SECRET, ts, &body),
            )
            .header("x-chatwoot-delivery", uuid::Uuid::new_v4().to_string())
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// Posts an event as older Chatwoot does: unsigned, the secret in the URL.
    async fn with_token(&self, ev: &Value, token: &str) -> (u16, Value) {
        let r = self
            .client
            .post(format!("{}?token={token}", self.url))
            .json(ev)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
}

fn calls_to(log: &Mutex<Vec<Recorded>>, conv: u64) -> Vec<Recorded> {
    let needle = format!("/conversations/{conv}/");
    log.lock()
        .unwrap()
        .iter()
        .filter(|r| r.path.contains(&needle))
        .cloned()
        .collect()
}

async fn wait_for(
    log: &Mutex<Vec<Recorded>>,
    conv: u64,
    n: usize,
    limit: Duration,
) -> Vec<Recorded> {
    let t = Instant::now();
    loop {
        let calls = calls_to(log, conv);
        if calls.len() >= n || t.elapsed() > limit {
            return calls;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_answers_and_hands_off_as_a_chatwoot_agent_bot() {
    bot_flow(None).await;
}

/// The same on Redis: the outbox, the idempotency record and the handoff live there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chatwoot_bot_on_redis() {
    if let Some(url) = common::redis_ns() {
        bot_flow(Some(url)).await;
    }
}

async fn bot_flow(store: Option<String>) {
    let standin = StandIn {
        spec: Arc::new(spec()),
        log: Arc::new(Mutex::new(Vec::new())),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let cw_addr = listener.local_addr().unwrap();
    let mut chatwoot = Some(serve_stand_in(listener, standin.clone()).await);

    let tmp = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    let config = tmp.path().join("triage.toml");
    std::fs::write(
        &config,
        format!(
            "kb = {kb:?}\n\
             [webhooks]\ninitial_backoff_ms = 50\nmax_backoff_ms = 200\n\
             [chatwoot]\nbase_url = \"http://{cw_addr}\"\naccount_id = 1\n\
             bot_token = \"{BOT_TOKEN}\"\nsecret = \"{SECRET}\"\n\
             [chatwoot.teams]\ngeneral = 3\n",
            kb = root.join("kb/default.jsonl").display().to_string()
        ),
    )
    .unwrap();
    // Keys on: the hook needs none of them, it checks Chatwoot's secret.
    let keys = tmp.path().join("keys.toml");
    std::fs::write(
        &keys,
        format!(
            "[[key]]\nid = \"web\"\ntenant = \"default\"\nroles = [\"client\"]\nsha256 = \"{}\"\n",
            hex::encode(digest("token-web"))
        ),
    )
    .unwrap();
    let s = common::start_with(&root.join("models/default"), |a| {
        a.config = Some(config);
        a.keys = Some(keys);
        a.store = store;
    })
    .await;
    let bot = Bot {
        client: s.client.clone(),
        url: s.url("/v1/integrations/chatwoot"),
    };
    let log = standin.log.clone();

    // Authentication: a signature or the token, nothing else.
    let faq = message_event(17, 4711, "Where is my order?", "pending");
    let unsigned = s.client.post(&bot.url).json(&faq).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);
    assert_eq!(
        unsigned.json::<Value>().await.unwrap()["error"]["code"],
        "unauthorized"
    );
    assert_eq!(bot.with_token(&faq, "wrong-secret").await.0, 401);
    let forged = s
        .client
        .post(&bot.url)
        .header(
            "x-chatwoot-timestamp",
            chrono::Utc::now().timestamp().to_string(),
        )
        .header("x-chatwoot-signature", "sha256=00")
        .json(&faq)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    // What the bot is not asked to answer.
    let mut outgoing = message_event(17, 4700, "Hello from the bot", "pending");
    outgoing["message_type"] = json!("outgoing");
    let mut note = message_event(17, 4701, "internal", "pending");
    note["private"] = json!(true);
    let updated = json!({"event": "message_updated", "id": 4700, "message_type": "incoming"});
    for ev in [&outgoing, &note, &updated] {
        let (status, body) = bot.signed(ev).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["ignored"].is_string(), "{body}");
    }
    let mut other_account = faq.clone();
    other_account["account"]["id"] = json!(2);
    assert_eq!(bot.signed(&other_account).await.0, 403);

    // FAQ question → one outgoing message with the knowledge-base answer.
    let t = Instant::now();
    let (status, body) = bot.signed(&faq).await;
    assert_eq!(
        (status, body["action"].as_str()),
        (200, Some("answer")),
        "{body}"
    );
    let calls = wait_for(&log, 17, 1, Duration::from_secs(5)).await;
    println!(
        "FAQ reply reached Chatwoot in {} ms",
        t.elapsed().as_millis()
    );
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0]
        .path
        .ends_with("/api/v1/accounts/1/conversations/17/messages"));
    assert_eq!(calls[0].body["private"], false);
    assert_eq!(calls[0].body["message_type"], "outgoing");
    assert!(
        calls[0].body["content"]
            .as_str()
            .unwrap()
            .contains("Logistics"),
        "{:?}",
        calls[0].body
    );

    // The same event again (Chatwoot retries a delivery): no second reply; also via the token.
    let (status, body) = bot.signed(&faq).await;
    assert_eq!((status, &body["replayed"]), (200, &json!(true)), "{body}");
    assert_eq!(bot.with_token(&faq, SECRET).await.1["replayed"], true);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        calls_to(&log, 17).len(),
        1,
        "a redelivery was answered twice"
    );

    // 转人工 → private note with the masked card, toggle_status open, the queue's team.
    let handoff = message_event(
        18,
        4712,
        "转人工！订单号2023112845678901还没到，电话13812345678",
        "pending",
    );
    let (status, body) = bot.with_token(&handoff, SECRET).await;
    assert_eq!(
        (status, body["action"].as_str()),
        (200, Some("handoff")),
        "{body}"
    );
    let calls = wait_for(&log, 18, 3, Duration::from_secs(5)).await;
    let kinds: Vec<&str> = calls
        .iter()
        .map(|c| c.path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["messages", "toggle_status", "assignments"],
        "{calls:?}"
    );
    let card = calls[0].body["content"].as_str().unwrap();
    assert_eq!(calls[0].body["private"], true, "the card is a private note");
    assert!(
        card.contains("138****5678") && !card.contains("13812345678"),
        "{card}"
    );
    assert!(
        card.contains("2023112845678901") && card.contains("转人工"),
        "{card}"
    );
    assert_eq!(calls[1].body, json!({"status": "open"}));
    assert_eq!(calls[2].body, json!({"team_id": 3}));
    // The conversation is the agents' now: Chatwoot reports it open, the bot stays silent.
    let after = message_event(18, 4713, "Where is my order?", "open");
    assert!(bot.signed(&after).await.1["ignored"].is_string());
    // Even if it were still pending, Triage's active handoff keeps the bot from replying.
    let pending_again = message_event(18, 4714, "Where is my order?", "pending");
    assert_eq!(bot.signed(&pending_again).await.1["action"], "handoff");
    let calls = wait_for(&log, 18, 4, Duration::from_secs(5)).await;
    assert_eq!(calls.len(), 4, "{calls:?}");
    assert!(
        calls[3].path.ends_with("/toggle_status"),
        "no reply after the handoff: {calls:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(calls_to(&log, 18).len(), 4);

    // A photo sent without text is not left unanswered: the bot cannot see it, so people get it.
    let mut photo = message_event(21, 4716, "", "pending");
    photo["content"] = Value::Null;
    photo["attachments"] = json!([{"id": 7, "message_id": 4716, "file_type": "image",
                                    "data_url": "http://127.0.0.1:9/photo.jpg"}]);
    let (status, out) = bot.signed(&photo).await;
    assert_eq!(
        (status, out["action"].as_str()),
        (200, Some("handoff")),
        "{out}"
    );
    let calls = wait_for(&log, 21, 2, Duration::from_secs(5)).await;
    assert_eq!(calls[0].body["private"], true, "{calls:?}");
    let card = calls[0].body["content"].as_str().unwrap();
    assert!(
        card.contains("[image]") && !card.contains("asked about emoji"),
        "{card}"
    );
    assert_eq!(calls[1].body, json!({"status": "open"}), "{calls:?}");

    // The agents resolve it in Chatwoot: the Triage handoff is resolved too, and the bot answers
    // the customer's next message again.
    let hid = body["handoff_id"].as_str().unwrap().to_string();
    let closed = json!({"event": "conversation_resolved", "id": 18, "status": "resolved",
                        "account": {"id": 1, "name": "Acme"}});
    let (status, out) = bot.signed(&closed).await;
    assert_eq!((status, &out["resolved"]), (200, &json!([hid])), "{out}");
    assert_eq!(bot.signed(&closed).await.1["resolved"], json!([]), "once");
    let (_, out) = bot
        .signed(&message_event(18, 4715, "Where is my order?", "pending"))
        .await;
    assert_eq!(out["action"], "answer", "{out}");
    let calls = wait_for(&log, 18, 5, Duration::from_secs(5)).await;
    assert!(calls[4].path.ends_with("/messages") && calls[4].body["private"] == false);

    // Chatwoot down → the reply waits in the outbox and goes out once it is back.
    chatwoot.take().unwrap().down().await;
    let (status, _) = bot
        .signed(&message_event(19, 4720, "Where is my order?", "pending"))
        .await;
    assert_eq!(status, 200, "the event is accepted while Chatwoot is down");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(calls_to(&log, 19).is_empty());
    let back = Instant::now();
    let listener = tokio::net::TcpListener::bind(cw_addr)
        .await
        .expect("rebind the stand-in");
    chatwoot = Some(serve_stand_in(listener, standin.clone()).await);
    let calls = wait_for(&log, 19, 1, Duration::from_secs(10)).await;
    assert_eq!(calls.len(), 1, "not delivered after Chatwoot came back");
    println!(
        "delivered {} ms after Chatwoot came back",
        back.elapsed().as_millis()
    );

    // Every request Triage sent conforms to the spec.
    let all = log.lock().unwrap().clone();
    for r in &all {
        assert!(r.errors.is_empty(), "{} {}: {:?}", r.path, r.body, r.errors);
    }
    // 7 for the flow above, 3 for the photo (note, open, team).
    assert_eq!(all.len(), 10, "{all:?}");
    s.stop().await;
    chatwoot.take().unwrap().down().await;
}

#[test]
fn the_validator_catches_what_chatwoot_would_refuse() {
    let spec = spec();
    let mut h = HeaderMap::new();
    h.insert("api_access_token", BOT_TOKEN.parse().unwrap());
    let msgs = "/api/v1/accounts/1/conversations/17/messages";
    assert!(validate(
        &spec,
        &Method::POST,
        msgs,
        &h,
        &json!({"content": "hi", "private": true})
    )
    .is_empty());
    let bad = [
        (
            Method::POST,
            msgs,
            json!({"private": true}),
            "required field",
        ),
        (Method::POST, msgs, json!({"content": 5}), "is not"),
        (
            Method::POST,
            msgs,
            json!({"content": "x", "privat": true}),
            "unknown field",
        ),
        (
            Method::POST,
            msgs,
            json!({"content": "x", "message_type": "note"}),
            "is not one of",
        ),
        (
            Method::POST,
            "/api/v1/accounts/x/conversations/17/messages",
            json!({"content": "x"}),
            "not an integer",
        ),
        (
            Method::POST,
            "/api/v1/accounts/1/conversations/17/toggle_status",
            json!({"status": "closed"}),
            "is not one of",
        ),
        (
            Method::GET,
            "/api/v1/accounts/1/conversations/17/messages",
            Value::Null,
            "not open to agent bots",
        ),
        (
            Method::POST,
            "/api/v1/accounts/1/conversations/17/nope",
            json!({}),
            "no such path",
        ),
    ];
    for (m, p, body, want) in bad {
        let errors = validate(&spec, &m, p, &h, &body);
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{m} {p} {body}: {errors:?}"
        );
    }
    assert!(validate(
        &spec,
        &Method::POST,
        msgs,
        &HeaderMap::new(),
        &json!({"content": "x"})
    )
    .iter()
    .any(|e| e.contains("api_access_token")));
}
