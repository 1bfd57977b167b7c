//! Redis going away and coming back, with a redis-server this test starts and stops itself
//! (loopback ports 6401 and 6402): requests that need Redis answer 503 `store_unavailable`
//! with Retry-After at once, messages without a conversation are still answered, `/readyz`
//! turns 503 while `/healthz` stays 200, and service is back seconds after Redis returns. A
//! server started while Redis is away listens at once and turns ready when Redis appears.
//!
//! Bounds are looser than the targets (answer ≤ 1 s, back ≤ 5 s) because the suite runs on a
//! busy 2-core machine; the measured times are printed.

mod common;

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::redis_server::{have_redis_server, OwnRedis};

async fn status_of(s: &common::TestServer, path: &str) -> u16 {
    s.client
        .get(s.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// POSTs a message of conversation `conv`: (status, body, how long it took).
async fn say(s: &common::TestServer, conv: Option<&str>) -> (u16, Value, Duration, bool) {
    let mut body = json!({"text": "where is my order?"});
    if let Some(c) = conv {
        body["conversation_id"] = json!(c);
    }
    let t = Instant::now();
    let r = s
        .client
        .post(s.url("/v1/classify"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let retry_after = r.headers().contains_key("retry-after");
    let v: Value = r.json().await.unwrap();
    (status, v, t.elapsed(), retry_after)
}

async fn wait_until_ready(s: &common::TestServer, limit: Duration) -> Duration {
    let t = Instant::now();
    while t.elapsed() < limit {
        if status_of(s, "/readyz").await == 200 && say(s, Some("probe")).await.0 == 200 {
            return t.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not back within {limit:?}");
}

async fn assert_degraded(s: &common::TestServer) {
    // The probe notices within a few hundred ms; give it a moment on a busy machine.
    let t = Instant::now();
    while status_of(s, "/readyz").await != 503 {
        assert!(t.elapsed() < Duration::from_secs(5), "/readyz stays 200");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        status_of(s, "/healthz").await,
        200,
        "liveness is not readiness"
    );
    for _ in 0..3 {
        let (status, v, took, retry_after) = say(s, Some("c-1")).await;
        assert_eq!(status, 503, "{v}");
        assert_eq!(v["error"]["code"], "store_unavailable", "{v}");
        assert!(retry_after, "503 carries Retry-After");
        eprintln!("conversation request while redis is away: {took:?}");
        // Target ≤ 1 s (deadline 500 ms); 2.5 s for a loaded 2-core machine.
        assert!(took <= Duration::from_millis(2500), "took {took:?}");
    }
    let (status, v, _, _) = say(s, None).await;
    assert_eq!(status, 200, "no conversation, no store needed: {v}");
    let r = s.client.get(s.url("/v1/handoffs")).send().await.unwrap();
    assert_eq!(r.status(), 503);
}

#[tokio::test]
async fn a_redis_outage_fails_fast_and_heals_in_seconds() {
    if !have_redis_server() {
        eprintln!("skipping: no redis-server");
        return;
    }
    let port = 6401;
    let redis = OwnRedis::start(port).expect("redis-server starts");
    let url = format!("redis://127.0.0.1:{port}#faults");
    let s = common::start_tiny(move |a| a.store = Some(url)).await;
    wait_until_ready(&s, Duration::from_secs(10)).await;
    let (status, v, _, _) = say(&s, Some("c-1")).await;
    assert_eq!(status, 200, "{v}");

    redis.stop();
    let down = Instant::now();
    assert_degraded(&s).await;
    // The outage: Redis away for 10 s, requests checked again near its end (a
    // reconnect backoff that had grown during the outage would show here and in `back`).
    tokio::time::sleep(Duration::from_secs(9).saturating_sub(down.elapsed())).await;
    assert_degraded(&s).await;
    tokio::time::sleep(Duration::from_secs(10).saturating_sub(down.elapsed())).await;

    let _redis = OwnRedis::start(port).expect("redis-server restarts");
    let back = wait_until_ready(&s, Duration::from_secs(15)).await;
    eprintln!("service back {back:?} after redis returned");
    // Target ≤ 5 s; 10 s for a loaded machine.
    assert!(back <= Duration::from_secs(10), "back after {back:?}");
    let (status, v, _, _) = say(&s, Some("c-2")).await;
    assert_eq!(status, 200, "{v}");
    s.stop().await;
}

#[tokio::test]
async fn started_without_redis_it_listens_and_turns_ready_when_redis_appears() {
    if !have_redis_server() {
        eprintln!("skipping: no redis-server");
        return;
    }
    let port = 6402;
    let url = format!("redis://127.0.0.1:{port}#startup");
    let t = Instant::now();
    let s = common::start_tiny(move |a| a.store = Some(url)).await;
    eprintln!(
        "listening and model loaded {:?} after start, redis absent",
        t.elapsed()
    );
    assert_degraded(&s).await;
    let _redis = OwnRedis::start(port).expect("redis-server starts");
    let back = wait_until_ready(&s, Duration::from_secs(15)).await;
    eprintln!("ready {back:?} after redis appeared");
    assert!(back <= Duration::from_secs(10), "ready after {back:?}");
    s.stop().await;
}
