//! Access control against the real server (loopback port): every route × {no key, unknown key,
//! wrong role, other tenant, right key} on the memory store and on Redis; two tenants with the
//! same conversation id share nothing (history, handoffs, the event stream, knowledge-base
//! answers); a revoked key is refused without a restart (file change and SIGHUP); per-key
//! limits; the Host check; no secrets in `/v1/info`; the audit log.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use triage::auth::keys::digest;

fn redis_url() -> Option<String> {
    common::redis_ns()
}

/// Keys by name: (tenant, roles, extra TOML lines). The token of key `n` is `token-n`.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("a-client", "a", "\"client\"", ""),
    ("a-agent", "a", "\"agent\"", ""),
    ("a-admin", "a", "\"admin\"", ""),
    ("a-metrics", "a", "\"metrics\"", ""),
    ("a-orders", "a", "\"agent\"", "queues = [\"orders\"]\n"),
    ("b-client", "b", "\"client\"", ""),
    ("b-agent", "b", "\"agent\"", ""),
    ("b-admin", "b", "\"admin\"", ""),
    ("b-metrics", "b", "\"metrics\"", ""),
];

fn token(name: &str) -> String {
    format!("token-{name}")
}

fn key_block(name: &str, tenant: &str, roles: &str, extra: &str) -> String {
    format!(
        "[[key]]\nid = \"{name}\"\ntenant = \"{tenant}\"\nroles = [{roles}]\nsha256 = \"{}\"\n{extra}",
        hex::encode(digest(&token(name)))
    )
}

fn keys_toml(names: &[(&str, &str, &str, &str)]) -> String {
    names
        .iter()
        .map(|(n, t, r, e)| key_block(n, t, r, e))
        .collect()
}

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    keys: PathBuf,
    config: PathBuf,
    audit: PathBuf,
}

const A_SECRET: &str = "Members get the discount code ALPHA-2026 under Me → Coupons.";

/// A keys file, a config file giving tenants `a` and `b` their own knowledge bases (and `a` a
/// webhook with a password and a token in its URL), and an audit log path.
fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let keys = dir.join("keys.toml");
    std::fs::write(&keys, keys_toml(KEYS)).unwrap();
    let a_kb = dir.join("a.jsonl");
    std::fs::write(
        &a_kb,
        format!(
            "{}\n{}\n",
            json!({"id": "a-secret", "questions": ["How do I get the members-only discount code?"], "answer": A_SECRET}),
            json!({"id": "a-extra", "questions": ["Do you ship to the moon?"], "answer": "Not yet."}),
        ),
    )
    .unwrap();
    let b_kb = dir.join("b.jsonl");
    std::fs::write(
        &b_kb,
        format!(
            "{}\n",
            json!({"id": "b-hours", "questions": ["When is your shop open?"], "answer": "Every day from 9 to 5."})
        ),
    )
    .unwrap();
    let config = dir.join("triage.toml");
    std::fs::write(
        &config,
        format!(
            "[tenants.a]\nkb = {:?}\n[tenants.a.webhooks.targets.\"*\"]\nurl = \"http://hookuser:hookpass@127.0.0.1:9/in?token=HOOKTOKEN\"\nsecret = \"whsecret\"\n[tenants.b]\nkb = {:?}\n",
            a_kb.display().to_string(),
            b_kb.display().to_string()
        ),
    )
    .unwrap();
    let audit = dir.join("audit.jsonl");
    Setup {
        _dir: tmp,
        dir,
        keys,
        config,
        audit,
    }
}

async fn start(
    model: &Path,
    s: &Setup,
    store: &str,
    tweak: impl FnOnce(&mut triage::config::ServeArgs),
) -> common::TestServer {
    let (keys, config, audit, store) = (
        s.keys.clone(),
        s.config.clone(),
        s.audit.clone(),
        store.to_string(),
    );
    common::start_with(model, move |a| {
        a.keys = Some(keys);
        a.config = Some(config);
        a.audit_log = Some(audit);
        a.store = Some(store);
        a.kb = Some("none".into());
        tweak(a);
    })
    .await
}

async fn call(
    s: &common::TestServer,
    method: Method,
    path: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let mut req = s.client.request(method, s.url(path));
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status();
    let is_json = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    let v = if is_json {
        resp.json().await.unwrap_or(Value::Null)
    } else {
        // /metrics is text and the stream never ends: the status is what the matrix checks.
        Value::Null
    };
    (status, v)
}

/// One row of the matrix: a route and who is refused how.
struct Row {
    method: Method,
    path: String,
    body: Option<Value>,
    /// A key of tenant `a` without the route's role (`None`: the route is open).
    wrong: Option<&'static str>,
    /// Tenant `b`'s key with the right role, aimed at tenant `a`'s data.
    other: &'static str,
    other_status: u16,
    right: &'static str,
    right_status: u16,
}

#[allow(clippy::too_many_arguments)]
fn row(
    method: Method,
    path: &str,
    body: Option<Value>,
    wrong: Option<&'static str>,
    other: &'static str,
    other_status: u16,
    right: &'static str,
    right_status: u16,
) -> Row {
    Row {
        method,
        path: path.to_string(),
        body,
        wrong,
        other,
        other_status,
        right,
        right_status,
    }
}

async fn matrix(store: &str) {
    let st = setup();
    let (_tmp, model) = common::tiny_model();
    let s = start(&model, &st, store, |_| {}).await;

    // Tenant a's handoff on conversation c-1, made by a's client key.
    let (code, v) = call(
        &s,
        Method::POST,
        "/v1/classify",
        Some(&token("a-client")),
        Some(&json!({"text": "转人工", "conversation_id": "c-1"})),
    )
    .await;
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["action"], "handoff", "{v}");
    let h = v["handoff"]["id"].as_str().expect("handoff id").to_string();
    assert_eq!(v["handoff"]["tenant"], "a", "{v}");

    let classify = json!({"text": "where is my order", "conversation_id": "c-2", "tenant": "a"});
    let batch = json!({"items": [{"text": "hello"}, {"text": "cancel it", "tenant": "a"}]});
    let entry = json!({"questions": ["Is there a student discount?"], "answer": "Yes, 10%."});
    use Method as M;
    let rows = vec![
        // Body names tenant a: a's client 200, b's client 403 (the tenant comes from the key).
        row(
            M::POST,
            "/v1/classify",
            Some(classify),
            Some("a-agent"),
            "b-client",
            403,
            "a-client",
            200,
        ),
        row(
            M::POST,
            "/v1/classify/batch",
            Some(batch),
            Some("a-metrics"),
            "b-client",
            403,
            "a-client",
            200,
        ),
        // Listing works for b but shows only b's handoffs (checked below).
        row(
            M::GET,
            "/v1/handoffs",
            None,
            Some("a-client"),
            "b-agent",
            200,
            "a-agent",
            200,
        ),
        row(
            M::GET,
            &format!("/v1/handoffs/{h}"),
            None,
            Some("a-client"),
            "b-agent",
            404,
            "a-agent",
            200,
        ),
        row(
            M::POST,
            &format!("/v1/handoffs/{h}/accept"),
            Some(json!({"agent": "ann"})),
            Some("a-metrics"),
            "b-agent",
            404,
            "a-agent",
            200,
        ),
        row(
            M::POST,
            &format!("/v1/handoffs/{h}/resolve"),
            None,
            Some("a-client"),
            "b-admin",
            404,
            "a-admin",
            200,
        ),
        row(
            M::GET,
            "/v1/handoffs/stream",
            None,
            Some("a-client"),
            "b-agent",
            200,
            "a-agent",
            200,
        ),
        row(
            M::GET,
            "/v1/kb",
            None,
            Some("a-agent"),
            "b-admin",
            200,
            "a-admin",
            200,
        ),
        row(
            M::GET,
            "/v1/kb/a-secret",
            None,
            Some("a-client"),
            "b-admin",
            404,
            "a-admin",
            200,
        ),
        // b's admin writes to b's own knowledge base (201), never a's (checked below).
        row(
            M::PUT,
            "/v1/kb/student",
            Some(entry),
            Some("a-agent"),
            "b-admin",
            201,
            "a-admin",
            201,
        ),
        row(
            M::DELETE,
            "/v1/kb/a-extra",
            None,
            Some("a-client"),
            "b-admin",
            404,
            "a-admin",
            200,
        ),
        row(
            M::POST,
            "/v1/kb:reload",
            None,
            Some("a-metrics"),
            "b-admin",
            200,
            "a-admin",
            200,
        ),
        row(
            M::GET,
            "/v1/models",
            None,
            Some("a-client"),
            "b-admin",
            200,
            "a-admin",
            200,
        ),
        row(
            M::GET,
            "/v1/info",
            None,
            Some("a-agent"),
            "b-admin",
            200,
            "a-admin",
            200,
        ),
        // Metrics are the operator's: process-wide, any tenant's metrics key.
        row(
            M::GET,
            "/metrics",
            None,
            Some("a-admin"),
            "b-metrics",
            200,
            "a-metrics",
            200,
        ),
        row(
            M::GET,
            "/healthz",
            None,
            None,
            "b-client",
            200,
            "a-client",
            200,
        ),
        row(
            M::GET,
            "/readyz",
            None,
            None,
            "b-client",
            200,
            "a-client",
            200,
        ),
    ];

    let mut failures = Vec::new();
    let mut bodies: HashMap<(String, &str), Value> = HashMap::new();
    for r in &rows {
        let open = r.wrong.is_none();
        let unauth = if open { 200 } else { 401 };
        let forbidden = if open { 200 } else { 403 };
        let mut cases: Vec<(&str, Option<String>, u16)> = vec![
            ("no key", None, unauth),
            ("unknown key", Some("token-nobody".into()), unauth),
        ];
        if let Some(w) = r.wrong {
            cases.push(("wrong role", Some(token(w)), forbidden));
        }
        cases.push(("other tenant", Some(token(r.other)), r.other_status));
        cases.push(("right key", Some(token(r.right)), r.right_status));
        for (who, key, want) in cases {
            let (got, v) = call(
                &s,
                r.method.clone(),
                &r.path,
                key.as_deref(),
                r.body.as_ref(),
            )
            .await;
            if got.as_u16() != want {
                failures.push(format!(
                    "{} {} / {who}: {got}, want {want}: {v}",
                    r.method, r.path
                ));
            }
            if want == 401 || want == 403 {
                let code = if want == 401 {
                    "unauthorized"
                } else {
                    "forbidden"
                };
                if v["error"]["code"] != code {
                    failures.push(format!("{} {} / {who}: error body {v}", r.method, r.path));
                }
            }
            bodies.insert((r.path.clone(), who), v);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // What "other tenant" saw was its own tenant's, never a's.
    let listed = |v: &Value| -> Vec<String> {
        v["handoffs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!listed(&bodies[&("/v1/handoffs".to_string(), "other tenant")]).contains(&h));
    assert!(listed(&bodies[&("/v1/handoffs".to_string(), "right key")]).contains(&h));
    let kb_ids = |v: &Value| -> Vec<String> {
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    let b_kb = kb_ids(&bodies[&("/v1/kb".to_string(), "other tenant")]);
    assert!(
        b_kb.contains(&"b-hours".to_string()) && !b_kb.iter().any(|i| i.starts_with("a-")),
        "{b_kb:?}"
    );
    // After the writes: a has its student entry and lost a-extra; b's PUT went to b's file.
    let (_, v) = call(&s, M::GET, "/v1/kb", Some(&token("a-admin")), None).await;
    assert_eq!(kb_ids(&v), vec!["a-secret", "student"], "{v}");
    let (_, v) = call(&s, M::GET, "/v1/kb", Some(&token("b-admin")), None).await;
    assert_eq!(kb_ids(&v), vec!["b-hours", "student"], "{v}");
    let a_file = std::fs::read_to_string(st.dir.join("a.jsonl")).unwrap();
    let b_file = std::fs::read_to_string(st.dir.join("b.jsonl")).unwrap();
    assert!(
        !a_file.contains("a-extra") && b_file.contains("student") && !b_file.contains("a-secret")
    );

    // /v1/info: no webhook password or token, no key hashes, no other tenant's settings.
    let info = &bodies[&("/v1/info".to_string(), "right key")];
    let text = info.to_string();
    for secret in ["hookpass", "HOOKTOKEN", "whsecret"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    for (n, ..) in KEYS {
        assert!(
            !text.contains(&hex::encode(digest(&token(n)))),
            "a key hash in {text}"
        );
    }
    assert!(text.contains("http://127.0.0.1:9/in"), "{text}");
    assert_eq!(info["auth"]["tenant"], "a");
    assert_eq!(info["auth"]["key"], "a-admin");
    let b_info = bodies[&("/v1/info".to_string(), "other tenant")].to_string();
    assert!(
        !b_info.contains("a.jsonl") && b_info.contains("b.jsonl"),
        "{b_info}"
    );

    // An agent key limited to queue "orders" sees none of the general queue.
    let (code, v) = call(&s, M::GET, "/v1/handoffs", Some(&token("a-orders")), None).await;
    assert_eq!(code, 200);
    assert!(!listed(&v).contains(&h), "{v}");
    let (code, _) = call(
        &s,
        M::GET,
        &format!("/v1/handoffs/{h}"),
        Some(&token("a-orders")),
        None,
    )
    .await;
    assert_eq!(code, 404);
    let (code, v) = call(
        &s,
        M::GET,
        "/v1/handoffs?queue=general",
        Some(&token("a-orders")),
        None,
    )
    .await;
    assert_eq!(
        (code.as_u16(), &v["error"]["code"]),
        (403, &json!("forbidden")),
        "{v}"
    );

    // Unknown routes: 401 without a key, 404 with one.
    assert_eq!(call(&s, M::GET, "/v1/nope", None, None).await.0, 401);
    assert_eq!(
        call(&s, M::GET, "/v1/nope", Some(&token("a-client")), None)
            .await
            .0,
        404
    );

    // The audit log has every change with key id and tenant.
    let audit: Vec<Value> = std::fs::read_to_string(&st.audit)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let has = |key: &str, tenant: &str, action: &str, target: &str| {
        audit.iter().any(|r| {
            r["key"] == key
                && r["tenant"] == tenant
                && r["action"] == action
                && r["target"] == target
        })
    };
    assert!(has("a-client", "a", "handoff.created", &h), "{audit:?}");
    assert!(has("a-agent", "a", "handoff.accepted", &h), "{audit:?}");
    assert!(has("a-admin", "a", "handoff.resolved", &h), "{audit:?}");
    assert!(has("a-admin", "a", "kb.put", "student"), "{audit:?}");
    assert!(has("b-admin", "b", "kb.put", "student"), "{audit:?}");
    assert!(has("a-admin", "a", "kb.delete", "a-extra"), "{audit:?}");
    assert!(has("a-admin", "a", "kb.reload", ""), "{audit:?}");
    assert!(audit.iter().all(|r| r["time"].is_string()));
    assert!(
        !audit
            .iter()
            .any(|r| r["key"] == "b-agent" && r["action"] != "kb.put"),
        "refused calls change nothing"
    );

    // Per-tenant metric labels.
    let m = s
        .client
        .get(s.url("/metrics"))
        .bearer_auth(token("a-metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains("triage_tenant_handoffs_total{event=\"handoff.created\",tenant=\"a\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("triage_key_requests_total{key=\"a-client\",status=\"200\",tenant=\"a\"}"),
        "{m}"
    );
    assert!(
        m.contains("triage_auth_failures_total{reason=\"unauthorized\"}"),
        "{m}"
    );
    s.stop().await;
}

#[tokio::test]
async fn every_route_by_every_caller_on_the_memory_store() {
    matrix("memory").await;
}

#[tokio::test]
async fn every_route_by_every_caller_on_redis() {
    let Some(url) = redis_url() else {
        eprintln!("skipping: TRIAGE_TEST_REDIS not set");
        return;
    };
    matrix(&url).await;
}

/// Reads server-sent events until `want` holds for one (or the time is up); returns those seen.
async fn events_until(
    resp: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    limit: Duration,
    want: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let mut seen = Vec::new();
    let mut buf = String::new();
    let end = Instant::now() + limit;
    while Instant::now() < end {
        let Ok(Some(Ok(chunk))) = tokio::time::timeout(end - Instant::now(), resp.next()).await
        else {
            break;
        };
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(i) = buf.find("\n\n") {
            let frame: String = buf.drain(..i + 2).collect();
            for line in frame.lines() {
                if let Some(d) = line.strip_prefix("data:") {
                    let v: Value = serde_json::from_str(d.trim()).unwrap();
                    let done = want(&v);
                    seen.push(v);
                    if done {
                        return seen;
                    }
                }
            }
        }
    }
    seen
}

async fn isolation(store: &str) {
    let st = setup();
    // A low answer threshold: the point is which knowledge base answers, not how sure it is.
    let policy = st.dir.join("policy.toml");
    std::fs::write(&policy, "[faq]\nsimilarity = 0.5\n").unwrap();
    let s = start(
        &common::repo_root().join("models/default"),
        &st,
        store,
        |a| {
            a.policy = Some(policy);
        },
    )
    .await;
    let say = |key: &'static str, text: &'static str| {
        let s = &s;
        async move {
            let (code, v) = call(
                s,
                Method::POST,
                "/v1/classify",
                Some(&token(key)),
                Some(&json!({"text": text, "conversation_id": "c-1"})),
            )
            .await;
            assert_eq!(code, 200, "{v}");
            v
        }
    };

    // b's agent listens before anything happens.
    let resp = s
        .client
        .get(s.url("/v1/handoffs/stream"))
        .bearer_auth(token("b-agent"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut b_stream = resp.bytes_stream();

    // Tenant a: a knowledge-base answer, then two failures' worth of history and a handoff.
    let v = say("a-client", "How do I get the members-only discount code?").await;
    assert_eq!(v["faq"]["id"], "a-secret", "{v}");
    assert_eq!(v["reply"]["text"], A_SECRET, "{v}");
    let a_h = say("a-client", "转人工！我要投诉").await;
    assert_eq!(a_h["action"], "handoff", "{a_h}");
    let a_id = a_h["handoff"]["id"].as_str().unwrap().to_string();

    // Tenant b, same conversation id: no KB answer of a's, no active handoff of a's, no history.
    let v = say("b-client", "How do I get the members-only discount code?").await;
    assert_ne!(v["faq"]["id"], "a-secret", "{v}");
    assert!(
        !v.to_string().contains("ALPHA-2026"),
        "a's answer reached b: {v}"
    );
    assert!(
        !common::codes(&v).contains(&"handoff_active".to_string()),
        "{v}"
    );
    assert!(
        !common::codes(&v).contains(&"repeated_failure".to_string()),
        "{v}"
    );
    let b_h = say("b-client", "转人工").await;
    assert_eq!(b_h["action"], "handoff", "{b_h}");
    let b_id = b_h["handoff"]["id"].as_str().unwrap().to_string();
    assert_ne!(a_id, b_id);
    let transcript = b_h["handoff"]["transcript"].to_string();
    let b_turns = b_h["handoff"]["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["role"] == "customer")
        .count();
    assert_eq!(b_turns, 2, "only b's two turns: {transcript}");
    assert!(
        !transcript.contains("投诉"),
        "a's turn in b's handoff: {transcript}"
    );
    assert_eq!(b_h["handoff"]["tenant"], "b");

    // Each tenant lists only its own handoff of c-1; the other's id is 404.
    for (agent, mine, theirs) in [("a-agent", &a_id, &b_id), ("b-agent", &b_id, &a_id)] {
        let (_, v) = call(
            &s,
            Method::GET,
            "/v1/handoffs?conversation_id=c-1",
            Some(&token(agent)),
            None,
        )
        .await;
        let ids: Vec<&str> = v["handoffs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, vec![mine.as_str()], "{agent}: {v}");
        let (code, _) = call(
            &s,
            Method::GET,
            &format!("/v1/handoffs/{theirs}"),
            Some(&token(agent)),
            None,
        )
        .await;
        assert_eq!(code, 404, "{agent}");
    }

    // b's stream carried b's handoff and nothing of a's.
    let events = events_until(&mut b_stream, Duration::from_secs(10), |e| {
        e["handoff"]["id"] == b_id.as_str()
    })
    .await;
    assert!(
        events.iter().any(|e| e["handoff"]["id"] == b_id.as_str()),
        "{events:?}"
    );
    assert!(
        events.iter().all(|e| e["handoff"]["tenant"] == "b"),
        "{events:?}"
    );
    // a resolves its handoff: still nothing on b's stream, while b's own resolve arrives.
    call(
        &s,
        Method::POST,
        &format!("/v1/handoffs/{a_id}/resolve"),
        Some(&token("a-agent")),
        None,
    )
    .await;
    call(
        &s,
        Method::POST,
        &format!("/v1/handoffs/{b_id}/resolve"),
        Some(&token("b-agent")),
        None,
    )
    .await;
    let events = events_until(&mut b_stream, Duration::from_secs(10), |e| {
        e["event"] == "handoff.resolved"
    })
    .await;
    assert!(!events.is_empty(), "b's resolve arrives");
    assert!(
        events.iter().all(|e| e["handoff"]["id"] == b_id.as_str()),
        "{events:?}"
    );
    s.stop().await;
}

#[tokio::test]
async fn two_tenants_with_one_conversation_id_share_nothing() {
    isolation("memory").await;
}

#[tokio::test]
async fn two_tenants_with_one_conversation_id_share_nothing_on_redis() {
    let Some(url) = redis_url() else {
        eprintln!("skipping: TRIAGE_TEST_REDIS not set");
        return;
    };
    isolation(&url).await;
}

async fn status_with(s: &common::TestServer, key: &str) -> u16 {
    call(
        s,
        Method::POST,
        "/v1/classify",
        Some(&token(key)),
        Some(&json!({"text": "hello"})),
    )
    .await
    .0
    .as_u16()
}

/// Polls until `key` gets `want` (bounded).
async fn wait_for(s: &common::TestServer, key: &str, want: u16) -> bool {
    let end = Instant::now() + Duration::from_secs(15);
    while Instant::now() < end {
        if status_with(s, key).await == want {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_revoked_key_is_refused_without_a_restart() {
    let st = setup();
    let two = [("k1", "a", "\"client\"", ""), ("k2", "a", "\"client\"", "")];
    std::fs::write(&st.keys, keys_toml(&two)).unwrap();
    let (_tmp, model) = common::tiny_model();
    let s = start(&model, &st, "memory", |_| {}).await;
    assert_eq!(status_with(&s, "k1").await, 200);
    assert_eq!(status_with(&s, "k2").await, 200);

    // The file changes: k1 is gone on its next request.
    std::fs::write(&st.keys, keys_toml(&two[1..])).unwrap();
    assert!(wait_for(&s, "k1", 401).await, "k1 still accepted");
    assert_eq!(status_with(&s, "k2").await, 200);

    // A broken file keeps the keys in force.
    std::fs::write(&st.keys, "[[key]]\nid = \"broken").unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        status_with(&s, "k2").await,
        200,
        "a bad file must not drop the keys"
    );

    // SIGHUP: the file is rewritten with the same size, inode and modification time, so only
    // the signal can tell the server; k2 is replaced by k3. First a version with k4, to know
    // the poller has seen it (its stamp is then the one the rewrite keeps).
    let seen = keys_toml(&[("k2", "a", "\"client\"", ""), ("k4", "a", "\"client\"", "")]);
    std::fs::write(&st.keys, &seen).unwrap();
    assert!(wait_for(&s, "k4", 200).await, "k4 never loaded");
    let before = std::fs::metadata(&st.keys).unwrap().modified().unwrap();
    let swapped = keys_toml(&[("k3", "a", "\"client\"", ""), ("k4", "a", "\"client\"", "")]);
    assert_eq!(swapped.len(), seen.len());
    {
        // In place (no truncation) and the time put back at once: the poller never sees a
        // difference.
        use std::io::Write;
        let mut f = std::fs::File::options().write(true).open(&st.keys).unwrap();
        f.write_all(swapped.as_bytes()).unwrap();
        f.set_modified(before).unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        status_with(&s, "k2").await,
        200,
        "the poller cannot see this rewrite"
    );
    // SAFETY: sends SIGHUP to this process, whose handler the server registered at start-up.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGHUP);
    }
    assert!(
        wait_for(&s, "k2", 401).await,
        "k2 still accepted after SIGHUP"
    );
    assert_eq!(status_with(&s, "k3").await, 200);
    s.stop().await;
}

#[tokio::test]
async fn per_key_limits_answer_429_with_retry_after_and_spare_other_keys() {
    let st = setup();
    std::fs::write(
        &st.keys,
        keys_toml(&[
            ("slow", "a", "\"client\"", "rate_per_sec = 2\n"),
            ("busy", "a", "\"client\"", ""),
            ("calm", "a", "\"client\"", ""),
        ]),
    )
    .unwrap();
    // The real encoder: a batch of long texts takes long enough that concurrent ones overlap.
    let model = common::repo_root().join("models/default");
    let s = start(&model, &st, "memory", |a| a.key_max_in_flight = Some(4)).await;
    let mut last = None;
    for _ in 0..4 {
        let r = s
            .client
            .post(s.url("/v1/classify"))
            .bearer_auth(token("slow"))
            .json(&json!({"text": "hi"}))
            .send()
            .await
            .unwrap();
        last = Some(r);
    }
    let r = last.unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "rate_limited", "{v}");
    assert_eq!(
        status_with(&s, "calm").await,
        200,
        "other keys are not limited"
    );

    // More texts in one request than the key may have in flight.
    let items: Vec<Value> = (0..5).map(|_| json!({"text": "hello"})).collect();
    let (code, v) = call(
        &s,
        Method::POST,
        "/v1/classify/batch",
        Some(&token("busy")),
        Some(&json!({"items": items})),
    )
    .await;
    assert_eq!(code, 413, "{v}");
    // Four at a time, concurrently from one key: the key's share is 4 texts, so while one batch
    // is in flight the others are refused, with Retry-After, and the calm key is still served.
    let long = "Where is my parcel? I ordered it last week and it has not arrived yet. ".repeat(12);
    let four = json!({"items": (0..4).map(|_| json!({"text": long})).collect::<Vec<_>>()});
    let send = || {
        s.client
            .post(s.url("/v1/classify/batch"))
            .bearer_auth(token("busy"))
            .json(&four)
            .send()
    };
    let results = futures::future::join_all((0..8).map(|_| send())).await;
    let codes: Vec<u16> = results
        .iter()
        .map(|r| r.as_ref().unwrap().status().as_u16())
        .collect();
    assert!(codes.contains(&200), "{codes:?}");
    assert!(
        codes.contains(&429),
        "one key's batches cannot all run at once: {codes:?}"
    );
    assert!(codes.iter().all(|c| *c == 200 || *c == 429), "{codes:?}");
    for r in results.iter().flatten().filter(|r| r.status() == 429) {
        assert!(r.headers().get("retry-after").is_some());
    }
    assert_eq!(status_with(&s, "calm").await, 200);
    s.stop().await;
}

#[tokio::test]
async fn other_host_headers_get_421_and_probes_stay_open() {
    let st = setup();
    let (_tmp, model) = common::tiny_model();
    let s = start(&model, &st, "memory", |_| {}).await;
    let r = s
        .client
        .post(s.url("/v1/classify"))
        .header("host", "evil.example:80")
        .bearer_auth(token("a-client"))
        .json(&json!({"text": "hi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 421);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "misdirected_request", "{v}");
    let port = s.base.rsplit(':').next().unwrap().to_string();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let r = s
            .client
            .post(s.url("/v1/classify"))
            .header("host", host.clone())
            .bearer_auth(token("a-client"))
            .json(&json!({"text": "hi"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{host}");
    }
    let r = s
        .client
        .get(s.url("/healthz"))
        .header("host", "10.0.0.9:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "probes come by pod IP");
    // 401 answers say how to authenticate.
    let r = s.client.get(s.url("/v1/handoffs")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().get("www-authenticate").is_some());
    s.stop().await;
}

#[tokio::test]
async fn webhook_events_go_only_to_their_tenants_receiver() {
    use axum::extract::{Path as AxPath, State};
    use std::sync::{Arc, Mutex};
    type Got = Arc<Mutex<Vec<(String, Value)>>>;
    async fn receive(State(got): State<Got>, AxPath(who): AxPath<String>, body: axum::body::Bytes) {
        let v: Value = serde_json::from_slice(&body).unwrap();
        got.lock().unwrap().push((who, v));
    }
    let got: Got = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new()
        .route("/{who}", axum::routing::post(receive))
        .with_state(got.clone());
    let receiver = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let st = setup();
    let target =
        |who: &str| format!("url = \"http://127.0.0.1:{port}/{who}\"\nsecret = \"s-{who}\"\n");
    std::fs::write(
        &st.config,
        format!(
            "[webhooks.targets.\"*\"]\n{}[tenants.a.webhooks.targets.\"*\"]\n{}[tenants.b.webhooks.targets.\"*\"]\n{}",
            target("default"),
            target("a"),
            target("b")
        ),
    )
    .unwrap();
    let (_tmp, model) = common::tiny_model();
    let s = start(&model, &st, "memory", |_| {}).await;
    let mut ids = HashMap::new();
    for (key, tenant) in [("a-client", "a"), ("b-client", "b")] {
        let (code, v) = call(
            &s,
            Method::POST,
            "/v1/classify",
            Some(&token(key)),
            Some(&json!({"text": "转人工", "conversation_id": "c-1"})),
        )
        .await;
        assert_eq!(code, 200, "{v}");
        ids.insert(tenant, v["handoff"]["id"].as_str().unwrap().to_string());
    }
    let end = Instant::now() + Duration::from_secs(15);
    while got.lock().unwrap().len() < 2 && Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A moment for anything misrouted to arrive too.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    for (who, ev) in &got {
        assert_ne!(who, "default", "{ev}");
        assert_eq!(ev["handoff"]["tenant"], who.as_str(), "{ev}");
        assert_eq!(ev["handoff"]["id"], ids[who.as_str()].as_str(), "{ev}");
    }
    s.stop().await;
    receiver.abort();
}
