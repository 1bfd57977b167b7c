//! Several replicas on one Redis (in-process servers on loopback ports, one namespace): the
//! turns of one conversation sent to all of them at once are all kept, in one history, with at
//! most one handoff; a client retry with the same `Idempotency-Key` gets the first answer back
//! and adds nothing; `GET /v1/conversations/{id}` shows the stored turns.

mod common;

use std::collections::HashSet;

use serde_json::{json, Value};

fn redis_url() -> Option<String> {
    common::redis_ns()
}

async fn replicas(store: &str, n: usize) -> Vec<common::TestServer> {
    let mut out = Vec::new();
    for _ in 0..n {
        let store = store.to_string();
        out.push(common::start_tiny(move |a| a.store = Some(store)).await);
    }
    out
}

async fn post(s: &common::TestServer, body: &Value, key: Option<&str>) -> reqwest::Response {
    let mut r = s.client.post(s.url("/v1/classify")).json(body);
    if let Some(k) = key {
        r = r.header("Idempotency-Key", k);
    }
    r.send().await.expect("request")
}

async fn conversation(s: &common::TestServer, id: &str) -> Value {
    let r = s
        .client
        .get(s.url(&format!("/v1/conversations/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "conversation {id}");
    r.json().await.unwrap()
}

async fn handoffs_of(s: &common::TestServer, conv: &str) -> Vec<Value> {
    let v = s
        .get_json(&format!("/v1/handoffs?conversation_id={conv}&limit=1000"))
        .await;
    v["handoffs"].as_array().expect("handoffs").clone()
}

#[tokio::test]
async fn three_replicas_keep_every_turn_and_make_at_most_one_handoff() {
    let Some(url) = redis_url() else {
        eprintln!("skipping: TRIAGE_TEST_REDIS not set");
        return;
    };
    let servers = replicas(&url, 3).await;
    let conv = format!("conv-{}", uuid::Uuid::new_v4().simple());
    // 30 messages (the stored history's length), a third of them asking for a person, sent all
    // at once and spread round-robin over the replicas.
    let texts = [
        "转人工",
        "where is my order 12345",
        "I want to talk to a human agent",
    ];
    let sends = (0..30).map(|i| {
        let s = &servers[i % servers.len()];
        let body =
            json!({"text": format!("{} #{i}", texts[i % texts.len()]), "conversation_id": conv});
        async move {
            let r = post(s, &body, None).await;
            let status = r.status();
            let v: Value = r.json().await.unwrap();
            (status, v)
        }
    });
    let results = futures::future::join_all(sends).await;
    let mut handoff_ids = HashSet::new();
    for (status, v) in &results {
        assert_eq!(*status, 200, "{v}");
        if let Some(id) = v["handoff"]["id"].as_str() {
            handoff_ids.insert(id.to_string());
        }
    }
    for s in &servers {
        let c = conversation(s, &conv).await;
        let turns = c["turns"].as_array().unwrap();
        assert_eq!(turns.len(), 30, "every turn kept, seen from {}", s.base);
        let mut numbers: Vec<usize> = turns
            .iter()
            .map(|t| {
                let text = t["text"].as_str().unwrap();
                text.rsplit('#').next().unwrap().trim().parse().unwrap()
            })
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (0..30).collect::<Vec<_>>(), "each message once");
        assert!(turns.iter().all(|t| t.get("embedding").is_none()));
        assert!(turns
            .iter()
            .all(|t| t["action"].is_string() && t["reasons"].is_array()));
    }
    let stored = handoffs_of(&servers[0], &conv).await;
    // Ten asked for a person: exactly one handoff, however the turns interleaved.
    assert_eq!(stored.len(), 1, "one handoff per conversation: {stored:?}");
    assert!(
        handoff_ids.len() <= 1,
        "responses name one handoff: {handoff_ids:?}"
    );
    if let Some(id) = handoff_ids.iter().next() {
        assert_eq!(
            stored[0]["id"],
            id.as_str(),
            "the handoff answered is the one stored"
        );
    }
    for s in servers {
        s.stop().await;
    }
}

async fn retries_are_answered_from_the_store(a: &common::TestServer, b: &common::TestServer) {
    let conv = format!("conv-{}", uuid::Uuid::new_v4().simple());
    let key = format!("retry-{}", uuid::Uuid::new_v4().simple());
    let body = json!({"text": "转人工 my phone is 13812345678", "conversation_id": conv});
    let first = post(a, &body, Some(&key)).await;
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    // The client timed out and retries, on another replica.
    for s in [a, b] {
        let again = post(s, &body, Some(&key)).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(again, first, "the stored answer, unchanged");
    }
    let c = conversation(b, &conv).await;
    assert_eq!(c["turns"].as_array().unwrap().len(), 1, "{c}");
    let text = c["turns"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("138****5678") && !text.contains("13812345678"),
        "{text}"
    );
    assert!(handoffs_of(b, &conv).await.len() <= 1);
    // A new key is a new message.
    let other = post(b, &body, Some(&format!("{key}-2"))).await;
    assert_eq!(other.status(), 200);
    assert_eq!(
        conversation(a, &conv).await["turns"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Keys are bounded and visible ASCII.
    let r = post(a, &body, Some(&"k".repeat(129))).await;
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "invalid_request");
}

#[tokio::test]
async fn idempotency_keys_on_the_memory_store() {
    let s = common::start_tiny(|_| {}).await;
    retries_are_answered_from_the_store(&s, &s).await;
    s.stop().await;
}

#[tokio::test]
async fn idempotency_keys_across_replicas_on_redis() {
    let Some(url) = redis_url() else {
        eprintln!("skipping: TRIAGE_TEST_REDIS not set");
        return;
    };
    let mut servers = replicas(&url, 2).await;
    retries_are_answered_from_the_store(&servers[0], &servers[1]).await;
    for s in servers.drain(..) {
        s.stop().await;
    }
}

#[tokio::test]
async fn conversation_ids_are_bounded_and_unknown_ones_are_404() {
    let s = common::start_tiny(|_| {}).await;
    let long = "c".repeat(129);
    let r = post(&s, &json!({"text": "hello", "conversation_id": long}), None).await;
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["field"], "conversation_id", "{e}");
    let ok = post(
        &s,
        &json!({"text": "hello", "conversation_id": "c".repeat(128)}),
        None,
    )
    .await;
    assert_eq!(ok.status(), 200);
    for (path, status) in [
        ("/v1/conversations/nope".to_string(), 404),
        (format!("/v1/conversations/{long}"), 422),
    ] {
        let r = s.client.get(s.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        let e: Value = r.json().await.unwrap();
        assert!(e["error"]["code"].is_string(), "{e}");
    }
    s.stop().await;
}

/// Reads a server-sent event stream until `want` shows up (or 20 s pass).
async fn read_until(
    body: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    want: &str,
) -> String {
    use futures::StreamExt;
    let mut seen = String::new();
    let t = std::time::Instant::now();
    while !seen.contains(want) && t.elapsed() < std::time::Duration::from_secs(20) {
        if let Ok(Some(Ok(chunk))) =
            tokio::time::timeout(std::time::Duration::from_secs(5), body.next()).await
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    seen
}

async fn hand_off(s: &common::TestServer) -> String {
    let conv = format!("conv-{}", uuid::Uuid::new_v4().simple());
    let v = s
        .classify(&json!({"text": "I want to speak to a human agent now 转人工", "conversation_id": conv}))
        .await;
    v["handoff"]["id"].as_str().expect("a handoff").to_string()
}

#[tokio::test]
async fn a_stream_on_one_replica_carries_handoffs_made_on_the_others_and_resumes() {
    let Some(url) = redis_url() else {
        eprintln!("skipping: TRIAGE_TEST_REDIS not set");
        return;
    };
    let servers = replicas(&url, 3).await;
    let (a, b, c) = (&servers[0], &servers[1], &servers[2]);
    let resp = b
        .client
        .get(b.url("/v1/handoffs/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut body = resp.bytes_stream();
    // The follower starts at the stream's end: give it a moment to be reading.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let from_a = hand_off(a).await;
    let seen = read_until(&mut body, &from_a).await;
    assert!(
        seen.contains("event: handoff.created") && seen.contains(&from_a),
        "{seen}"
    );
    let last_id = seen
        .lines()
        .filter_map(|l| l.strip_prefix("id: ").or_else(|| l.strip_prefix("id:")))
        .next_back()
        .expect("an event id")
        .trim()
        .to_string();
    assert!(
        triage::store::events::parse_id(&last_id).is_some(),
        "stream entry id: {last_id}"
    );
    drop(body);
    // While the client is away, C makes one more and A's is accepted.
    let from_c = hand_off(c).await;
    let r = a
        .client
        .post(a.url(&format!("/v1/handoffs/{from_a}/accept")))
        .json(&json!({"agent": "ann"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Reconnecting (to another replica) with Last-Event-ID replays what was missed, once each.
    let resp = c
        .client
        .get(c.url("/v1/handoffs/stream"))
        .header("Last-Event-ID", &last_id)
        .send()
        .await
        .unwrap();
    let mut body = resp.bytes_stream();
    let seen = read_until(&mut body, "handoff.accepted").await;
    assert!(seen.contains(&from_c), "{seen}");
    assert!(seen.contains("event: handoff.accepted"), "{seen}");
    assert_eq!(
        seen.matches("event: handoff.created").count(),
        1,
        "only the missed one: {seen}"
    );
    for s in servers {
        s.stop().await;
    }
}

#[tokio::test]
async fn bad_query_and_path_values_get_the_json_error() {
    let s = common::start_tiny(|_| {}).await;
    let long = "q".repeat(129);
    for path in [
        "/v1/handoffs?limit=abc".to_string(),
        format!("/v1/handoffs?queue={long}"),
        format!("/v1/handoffs?conversation_id={long}"),
        "/v1/handoffs/%FF%FE".to_string(),
        "/v1/conversations/%FF".to_string(),
    ] {
        let r = s.client.get(s.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 422, "{path}");
        let e: Value = r.json().await.expect("a JSON error body");
        assert_eq!(e["error"]["code"], "invalid_request", "{path}: {e}");
        assert!(e["error"]["message"].is_string(), "{path}: {e}");
    }
    s.stop().await;
}
