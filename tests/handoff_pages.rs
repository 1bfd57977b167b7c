//! Listing is complete at any size: with more than 5,000 handoffs stored (memory and Redis),
//! `?status=pending` pages (cursor) through every pending one, the oldest included; resolved
//! handoffs past `--handoff-retention-days` are gone, pending ones never expire.

mod common;

use std::collections::HashSet;

use serde_json::{json, Value};
use triage::conversation::Conversation;
use triage::handoff::Handoff;
use triage::store::TurnWrite;

const STORED: usize = 5_200;

/// Stores `n` handoffs cloned from `template` (ids `h_fill_i`, created after it, resolved).
async fn fill(s: &common::TestServer, template: &Value, n: usize) {
    let store = &s.running.as_ref().unwrap().state.store;
    let base = chrono::Utc::now();
    for i in 0..n {
        let mut v = template.clone();
        v["id"] = json!(format!("h_fill_{i}"));
        v["conversation_id"] = json!(format!("fill-{i}"));
        v["status"] = json!("resolved");
        v["resolved_at"] = json!(base);
        v["created_at"] = json!(base + chrono::Duration::milliseconds(i as i64 + 1));
        let h: Handoff = serde_json::from_value(v).expect("a handoff record");
        let conv = Conversation::new(&format!("fill-{i}"), None, None);
        let lease = store.lease("default", &conv.id).await.expect("lease");
        store
            .commit(
                "default",
                &lease,
                &TurnWrite {
                    conversation: &conv,
                    handoff: Some(&h),
                    outbox: None,
                    event: None,
                    reply: None,
                },
            )
            .await
            .expect("commit");
        lease.release().await;
    }
}

async fn pending_pages(s: &common::TestServer) -> (HashSet<String>, usize) {
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(pages < 100, "paging does not end");
        let q = match &cursor {
            Some(c) => format!("/v1/handoffs?status=pending&limit=50&cursor={c}"),
            None => "/v1/handoffs?status=pending&limit=50".into(),
        };
        let r = s.client.get(s.url(&q)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{q}");
        let v: Value = r.json().await.unwrap();
        for h in v["handoffs"].as_array().unwrap() {
            assert_eq!(h["status"], "pending");
            assert!(
                seen.insert(h["id"].as_str().unwrap().to_string()),
                "twice: {h}"
            );
        }
        match v["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return (seen, pages),
        }
    }
}

async fn every_pending_handoff_is_listed(s: &common::TestServer) {
    let run = uuid::Uuid::new_v4().simple().to_string();
    let first = s
        .classify(&json!({"text": "转人工", "conversation_id": format!("old-{run}")}))
        .await;
    let oldest = first["handoff"]["id"].as_str().unwrap().to_string();
    let template = s.get_json(&format!("/v1/handoffs/{oldest}")).await;
    fill(s, &template, STORED).await;
    let newest = s
        .classify(&json!({"text": "转人工", "conversation_id": format!("new-{run}")}))
        .await["handoff"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (seen, pages) = pending_pages(s).await;
    assert!(
        seen.contains(&oldest),
        "the oldest pending handoff is listed"
    );
    assert!(seen.contains(&newest));
    assert_eq!(seen.len(), 2, "{seen:?}");
    eprintln!("{} pending found in {pages} pages", seen.len());
    // All of them, newest first, page by page, each once.
    let mut all = 0;
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("/v1/handoffs?limit=1000&cursor={c}"),
            None => "/v1/handoffs?limit=1000".into(),
        };
        let v = s.get_json(&q).await;
        all += v["handoffs"].as_array().unwrap().len();
        match v["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(all, STORED + 2);
    let r = s
        .client
        .get(s.url("/v1/handoffs?cursor=nonsense"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn memory_store_lists_every_pending_handoff_past_5000() {
    let s = common::start_tiny(|_| {}).await;
    every_pending_handoff_is_listed(&s).await;
    s.stop().await;
}

#[tokio::test]
async fn redis_store_lists_every_pending_handoff_past_5000() {
    let Some(base) = common::redis_base() else {
        return;
    };
    let ns = format!("test-{}", uuid::Uuid::new_v4().simple());
    let url = format!("{base}#{ns}");
    let s = common::start_tiny(move |a| {
        a.store = Some(url);
        a.handoff_retention_days = Some(2);
    })
    .await;
    every_pending_handoff_is_listed(&s).await;
    // Resolving sets the record's expiry to the retention; pending ones have none.
    let v = s
        .classify(&json!({"text": "转人工", "conversation_id": "ttl-1"}))
        .await;
    let id = v["handoff"]["id"].as_str().unwrap().to_string();
    let client = redis::Client::open(base.as_str()).unwrap();
    let mut c = client.get_multiplexed_async_connection().await.unwrap();
    let key = format!("triage:{ns}:handoff:{id}");
    let ttl: i64 = redis::cmd("TTL")
        .arg(&key)
        .query_async(&mut c)
        .await
        .unwrap();
    assert_eq!(ttl, -1, "a pending handoff never expires");
    let r = s
        .client
        .post(s.url(&format!("/v1/handoffs/{id}/resolve")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let ttl: i64 = redis::cmd("TTL")
        .arg(&key)
        .query_async(&mut c)
        .await
        .unwrap();
    assert!(
        (2 * 86400 - 60..=2 * 86400).contains(&ttl),
        "resolved: kept for the retention, {ttl}"
    );
    s.stop().await;
}
