//! Webhook delivery against a local receiver: retries through failures with a valid HMAC
//! signature and an idempotency key, and (on Redis) survives a server restart while the receiver
//! is down.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{json, Value};
use triage::handoff::webhook;

#[derive(Default)]
struct Received {
    attempts: usize,
    fail_first: usize,
    delivered: Vec<(String, Value)>,
    bad_signatures: usize,
}

const SECRET: &str = "s3cret";

async fn receive(
    State(r): State<Arc<Mutex<Received>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut g = r.lock().unwrap();
    g.attempts += 1;
    if g.attempts <= g.fail_first {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let ts: i64 = h(webhook::TIMESTAMP_HEADER).parse().unwrap_or(0);
    if !webhook::verify(SECRET, ts, &body, &h(webhook::SIGNATURE_HEADER)) {
        g.bad_signatures += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let v: Value = serde_json::from_slice(&body).unwrap();
    g.delivered.push((h(webhook::IDEMPOTENCY_HEADER), v));
    StatusCode::OK
}

async fn receiver(
    fail_first: usize,
    listener: tokio::net::TcpListener,
) -> (Arc<Mutex<Received>>, tokio::task::JoinHandle<()>) {
    let state = Arc::new(Mutex::new(Received {
        fail_first,
        ..Default::default()
    }));
    let app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(state.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (state, task)
}

async fn wait_for(r: &Arc<Mutex<Received>>, n: usize, limit: Duration) {
    let t = Instant::now();
    while t.elapsed() < limit {
        if r.lock().unwrap().delivered.len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("webhook not delivered within {limit:?}");
}

async fn request_handoff(s: &common::TestServer, conv: &str) -> String {
    let v = s
        .classify(&json!({"text": "转人工", "conversation_id": conv}))
        .await;
    v["handoff"]["id"].as_str().expect("handoff").to_string()
}

#[tokio::test]
async fn delivery_retries_until_the_receiver_recovers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (rx, task) = receiver(3, listener).await;
    let s = common::start_tiny(|a| {
        a.webhook_url = Some(url);
        a.webhook_secret = Some(SECRET.into());
    })
    .await;
    let id = request_handoff(&s, "conv-webhook-1").await;
    wait_for(&rx, 1, Duration::from_secs(30)).await;
    {
        let g = rx.lock().unwrap();
        assert_eq!(g.bad_signatures, 0);
        assert!(
            g.attempts >= 4,
            "three failures then success: {}",
            g.attempts
        );
        let (key, body) = &g.delivered[0];
        assert_eq!(key, &format!("{id}:handoff.created"));
        assert_eq!(body["event"], "handoff.created");
        assert_eq!(body["handoff"]["id"], id.as_str());
    }
    // Status changes are delivered too.
    let r = s
        .client
        .post(s.url(&format!("/v1/handoffs/{id}/accept")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    wait_for(&rx, 2, Duration::from_secs(30)).await;
    assert_eq!(
        rx.lock().unwrap().delivered[1].0,
        format!("{id}:handoff.accepted")
    );
    s.stop().await;
    task.abort();
}

#[tokio::test]
async fn delivery_survives_a_restart_while_the_receiver_is_down() {
    let Some(store) = common::redis_ns() else {
        return;
    };
    // Reserve a port for the receiver, then close it: the receiver is down.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = probe.local_addr().unwrap();
    drop(probe);
    let url = format!("http://{addr}/hook");
    let (st, u) = (store.clone(), url.clone());
    let s = common::start_tiny(move |a| {
        a.store = Some(st);
        a.webhook_url = Some(u);
        a.webhook_secret = Some(SECRET.into());
    })
    .await;
    let id = request_handoff(&s, "conv-webhook-restart").await;
    tokio::time::sleep(Duration::from_millis(600)).await; // a failed attempt or two
    s.stop().await;

    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let (rx, task) = receiver(0, listener).await;
    let s2 = common::start_tiny(move |a| {
        a.store = Some(store);
        a.webhook_url = Some(url);
        a.webhook_secret = Some(SECRET.into());
    })
    .await;
    wait_for(&rx, 1, Duration::from_secs(30)).await;
    {
        let g = rx.lock().unwrap();
        assert!(g
            .delivered
            .iter()
            .any(|(k, _)| k == &format!("{id}:handoff.created")));
        // At-least-once: any repeat carries the same idempotency key.
        let mut keys: Vec<&String> = g.delivered.iter().map(|(k, _)| k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 1);
    }
    s2.stop().await;
    task.abort();
}

#[tokio::test]
async fn server_sent_events_stream_new_handoffs() {
    use futures::StreamExt;
    let s = common::start_tiny(|_| {}).await;
    let resp = s
        .client
        .get(s.url("/v1/handoffs/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut body = resp.bytes_stream();
    let id = request_handoff(&s, "conv-sse").await;
    let mut seen = String::new();
    let t = Instant::now();
    while !seen.contains(&id) && t.elapsed() < Duration::from_secs(20) {
        if let Ok(Some(Ok(chunk))) = tokio::time::timeout(Duration::from_secs(5), body.next()).await
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    assert!(seen.contains("event: handoff.created"), "{seen}");
    assert!(seen.contains(&id), "{seen}");
    s.stop().await;
}

/// Per idempotency key: attempts, successes, and whether two attempts ever overlapped.
#[derive(Default)]
struct Ledger {
    /// While true every event fails (503); events of conversations named `dead-…` always do.
    down: bool,
    attempts: std::collections::HashMap<String, usize>,
    delivered: std::collections::HashMap<String, usize>,
    in_flight: std::collections::HashMap<String, usize>,
    overlaps: usize,
}

async fn record(
    State(l): State<Arc<Mutex<Ledger>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let key = headers
        .get(webhook::IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let v: Value = serde_json::from_slice(&body).unwrap();
    let dead = v["handoff"]["conversation_id"]
        .as_str()
        .unwrap_or("")
        .starts_with("dead-");
    {
        let mut g = l.lock().unwrap();
        *g.attempts.entry(key.clone()).or_default() += 1;
        let n = g.in_flight.entry(key.clone()).or_default();
        *n += 1;
        if *n > 1 {
            g.overlaps += 1;
        }
    }
    // Held a moment, so two replicas sending the same event at once would overlap here.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let mut g = l.lock().unwrap();
    *g.in_flight.get_mut(&key).unwrap() -= 1;
    if dead || g.down {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    *g.delivered.entry(key).or_default() += 1;
    StatusCode::OK
}

#[tokio::test]
async fn two_replicas_and_a_restart_send_each_event_once_within_its_budget() {
    let Some(base) = common::redis_base() else {
        return;
    };
    const BUDGET: usize = 6;
    let store = format!("{base}#test-{}", uuid::Uuid::new_v4().simple());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let ledger = Arc::new(Mutex::new(Ledger {
        down: true,
        ..Default::default()
    }));
    let app = axum::Router::new()
        .route("/hook", post(record))
        .with_state(ledger.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("triage.toml");
    std::fs::write(
        &config,
        format!(
            "[webhooks]\nmax_attempts = {BUDGET}\ninitial_backoff_ms = 300\nmax_backoff_ms = \
             600\ntimeout_ms = 2000\n[webhooks.targets.\"*\"]\nurl = \"{url}\"\nsecret = \
             \"{SECRET}\"\n"
        ),
    )
    .unwrap();
    let start = || {
        let (st, cf) = (store.clone(), config.clone());
        common::start_tiny(move |a| {
            a.store = Some(st);
            a.config = Some(cf);
        })
    };
    let a = start().await;
    let b = start().await;
    // Four events the receiver takes once it is back, four it never takes; made on both.
    let run = uuid::Uuid::new_v4().simple().to_string();
    let mut live = Vec::new();
    let mut dead = Vec::new();
    for i in 0..4 {
        let s = if i % 2 == 0 { &a } else { &b };
        live.push(request_handoff(s, &format!("live-{run}-{i}")).await);
        dead.push(request_handoff(s, &format!("dead-{run}-{i}")).await);
    }
    // Mid-outage, replica A restarts (its retries must neither start over nor repeat B's).
    tokio::time::sleep(Duration::from_millis(1200)).await;
    a.stop().await;
    let a = start().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    ledger.lock().unwrap().down = false;
    let t = Instant::now();
    loop {
        let left = b.running.as_ref().unwrap().state.store.outbox_len().await;
        if matches!(left, Ok(0)) {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "outbox not drained: {left:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Anything still to come (a second sender) would arrive in this time.
    tokio::time::sleep(Duration::from_millis(800)).await;
    {
        let g = ledger.lock().unwrap();
        assert_eq!(g.overlaps, 0, "two attempts of one event at once");
        for id in &live {
            let key = format!("{id}:handoff.created");
            assert_eq!(g.delivered.get(&key), Some(&1), "{key} delivered once");
            let n = g.attempts[&key];
            assert!((1..=BUDGET).contains(&n), "{key}: {n} attempts");
        }
        for id in &dead {
            let key = format!("{id}:handoff.created");
            assert_eq!(g.delivered.get(&key), None);
            assert_eq!(
                g.attempts.get(&key),
                Some(&BUDGET),
                "{key}: exactly the budget, across both replicas and the restart"
            );
        }
    }
    a.stop().await;
    b.stop().await;
    task.abort();
}
