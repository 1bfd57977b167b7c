//! HTTP contract tests against the real server (tiny generated model, loopback port):
//! response shape on the happy paths and a structured error for every kind of bad input.

mod common;

use reqwest::StatusCode;
use serde_json::{json, Value};

async fn post_raw(
    s: &common::TestServer,
    path: &str,
    body: &str,
    ctype: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = s.client.post(s.url(path)).body(body.to_string());
    if let Some(c) = ctype {
        req = req.header("content-type", c);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status();
    let v: Value = resp.json().await.expect("JSON body on every response");
    (status, v)
}

fn assert_error(v: &Value, code: &str) {
    assert_eq!(v["error"]["code"], code, "{v}");
    let msg = v["error"]["message"].as_str().expect("message");
    assert!(!msg.is_empty());
}

#[tokio::test]
async fn classify_returns_the_documented_fields() {
    let s = common::start_tiny(|_| {}).await;
    let (st, v) = post_raw(&s, "/v1/classify", &json!({"text": "Where is my order?", "conversation_id": "c1", "customer": {"id": "u1", "vip": false}, "top_k": 2}).to_string(), Some("application/json")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(["answer", "clarify", "handoff"].contains(&v["action"].as_str().unwrap()));
    assert!(v["reasons"].is_array());
    let intent = &v["intent"];
    assert!(common_labels().contains(&intent["label"].as_str().unwrap()));
    let conf = intent["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&conf));
    assert!(["high", "medium", "low"].contains(&intent["band"].as_str().unwrap()));
    assert!(intent["margin"].as_f64().unwrap() >= 0.0);
    let top = intent["top"].as_array().unwrap();
    assert_eq!(top.len(), 2);
    assert_eq!(top[0]["label"], intent["label"]);
    assert!(top[0]["confidence"].as_f64() >= top[1]["confidence"].as_f64());
    assert!(v["out_of_scope"]["score"].is_number());
    assert!(v["out_of_scope"]["flag"].is_boolean());
    let sent = v["sentiment"]["score"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&sent));
    assert!(
        ["negative", "neutral", "positive"].contains(&v["sentiment"]["label"].as_str().unwrap())
    );
    assert_eq!(v["language"], "en");
    assert_eq!(v["model"]["name"], "tiny-test");
    assert_eq!(v["model"]["version"], "0.0.1");
    assert!(v["timing_ms"]["total"].as_f64().unwrap() >= 0.0);
    assert_eq!(v["conversation_id"], "c1");

    let (st, v) = post_raw(
        &s,
        "/v1/classify",
        &json!({"text": "我要退货，怎么操作？"}).to_string(),
        Some("application/json"),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["language"], "zh");
    assert_eq!(
        v["intent"]["top"].as_array().unwrap().len(),
        3,
        "default top_k is 3"
    );
    s.stop().await;
}

fn common_labels() -> Vec<&'static str> {
    // The tiny model's out-of-scope class is reported through out_of_scope, never as the intent.
    triage::model::testkit::TINY_INTENTS
        .iter()
        .copied()
        .filter(|l| *l != "oos")
        .collect()
}

#[tokio::test]
async fn phrases_for_a_human_hand_off_and_entities_are_masked() {
    let s = common::start_tiny(|_| {}).await;
    let (st, v) = post_raw(
        &s,
        "/v1/classify",
        &json!({"text": "转人工，我的手机13812345678"}).to_string(),
        Some("application/json"),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["action"], "handoff");
    assert!(v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "user_requested"));
    let ents = v["entities"].as_array().unwrap();
    assert!(
        ents.iter()
            .any(|e| e["kind"] == "phone" && e["value"] == "138****5678"),
        "{v}"
    );
    assert!(
        !v.to_string().contains("13812345678"),
        "raw phone leaked: {v}"
    );
    s.stop().await;
}

#[tokio::test]
async fn batch_classifies_each_item_in_order() {
    let s = common::start_tiny(|_| {}).await;
    let body = json!({"items": [{"text": "Where is my order?"}, {"text": "转人工"}, {"text": "cancel it", "top_k": 1}]});
    let (st, v) = post_raw(
        &s,
        "/v1/classify/batch",
        &body.to_string(),
        Some("application/json"),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1]["action"], "handoff");
    assert_eq!(items[1]["language"], "zh");
    assert_eq!(items[2]["intent"]["top"].as_array().unwrap().len(), 1);
    s.stop().await;
}

#[tokio::test]
async fn every_bad_input_gets_a_structured_error() {
    let s = common::start_tiny(|a| {
        a.max_text_chars = Some(50);
        a.max_batch_items = Some(2);
        a.max_body_bytes = Some(4096);
    })
    .await;
    let j = Some("application/json");
    let cases: Vec<(&str, String, Option<&str>, StatusCode, &str)> = vec![
        (
            "/v1/classify",
            "{\"text\": ".into(),
            j,
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "/v1/classify",
            "[1, 2".into(),
            j,
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "/v1/classify",
            "{}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": 42}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": null}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": \"\"}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": \"  \\u200b \\t\"}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": \"hi\", \"conversation_id\": \" \"}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": \"hi\", \"customer\": {\"id\": \"\"}}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": \"hi\", \"top_k\": 0}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            "{\"text\": \"hi\", \"top_k\": -3}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify",
            json!({"text": "x".repeat(51)}).to_string(),
            j,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "/v1/classify",
            json!({"text": "y".repeat(5000)}).to_string(),
            j,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "/v1/classify",
            "{\"text\": \"hi\"}".into(),
            None,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "/v1/classify/batch",
            "{\"items\": []}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify/batch",
            "{\"items\": [{\"text\": \"a\"}, {}]}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify/batch",
            "{\"items\": [{\"text\": \"a\"}, {\"text\": \"\"}]}".into(),
            j,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            "/v1/classify/batch",
            json!({"items": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}).to_string(),
            j,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "/v1/nope",
            "{}".into(),
            j,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (path, body, ctype, status, code) in cases {
        let (st, v) = post_raw(&s, path, &body, ctype).await;
        assert_eq!(st, status, "{path} {body:.60}: {v}");
        assert_error(&v, code);
    }
    // A field error names the field.
    let (_, v) = post_raw(&s, "/v1/classify", "{}", j).await;
    assert_eq!(v["error"]["field"], "text");

    let resp = s.client.get(s.url("/v1/classify")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_error(&resp.json().await.unwrap(), "method_not_allowed");
    let resp = s.client.get(s.url("/does/not/exist")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_error(&resp.json().await.unwrap(), "not_found");

    // After all that the server still answers.
    let (st, _) = post_raw(&s, "/v1/classify", "{\"text\": \"where is my order\"}", j).await;
    assert_eq!(st, StatusCode::OK);
    s.stop().await;
}

#[tokio::test]
async fn health_readiness_models_info_and_metrics() {
    let s = common::start_tiny(|_| {}).await;
    let v: Value = s.get_json("/healthz").await;
    assert_eq!(v["status"], "ok");
    let r = s.client.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = s.get_json("/v1/models").await;
    assert_eq!(v["models"][0]["name"], "tiny-test");
    assert_eq!(v["models"][0]["intents"].as_array().unwrap().len(), 5);
    let v: Value = s.get_json("/v1/info").await;
    assert_eq!(v["config"]["max_text_chars"], 2000);
    s.client
        .post(s.url("/v1/classify"))
        .json(&json!({"text": "转人工"}))
        .send()
        .await
        .unwrap();
    let text = s
        .client
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("triage_decisions_total{action=\"handoff\"}"),
        "{text}"
    );
    assert!(text.contains("triage_reasons_total{code=\"user_requested\"}"));
    assert!(text.contains("triage_http_request_duration_seconds_bucket"));
    s.stop().await;
}

#[tokio::test]
async fn not_ready_until_the_model_loads_and_failed_load_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let config = triage::config::ServeConfig::resolve(&triage::config::ServeArgs {
        model: Some(tmp.path().join("missing")),
        ..Default::default()
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = triage::server::start(config, listener, None).await.unwrap();
    assert!(running
        .wait_ready(std::time::Duration::from_secs(30))
        .await
        .is_err());
    let base = format!("http://{}", running.addr);
    let c = reqwest::Client::new();
    let r = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let r = c.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c
        .post(format!("{base}/v1/classify"))
        .json(&json!({"text": "hi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.headers().get("retry-after").is_some());
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_full_queue_answers_429_with_retry_after() {
    let s = common::start_tiny(|a| {
        a.queue_capacity = Some(1);
        a.max_batch_size = Some(1);
    })
    .await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let c = s.client.clone();
        let url = s.url("/v1/classify");
        tasks.push(tokio::spawn(async move {
            let long = format!("where is my order number {i} please help me ").repeat(4);
            c.post(url)
                .json(&json!({"text": long}))
                .send()
                .await
                .unwrap()
        }));
    }
    let mut ok = 0;
    let mut limited = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status() {
            StatusCode::OK => ok += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(r.headers().get("retry-after").is_some());
                let v: Value = r.json().await.unwrap();
                assert_error(&v, "overloaded");
                limited += 1
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(ok >= 1, "some requests are served");
    assert_eq!(ok + limited, 64);

    // Deterministic: a batch larger than the free queue is refused whole, at once.
    let body = json!({"items": [{"text": "a"}, {"text": "b"}]});
    let (st, v) = post_raw(
        &s,
        "/v1/classify/batch",
        &body.to_string(),
        Some("application/json"),
    )
    .await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert_error(&v, "overloaded");
    s.stop().await;
}

/// The manifest's per-language thresholds apply to the detected language of each message, and a
/// tenant's `[thresholds.per_language.X]` wins over them.
#[tokio::test]
async fn per_language_thresholds_follow_the_messages_language() {
    let (tmp, dir) = common::tiny_model();
    let path = dir.join("manifest.json");
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // Model-wide: every confidence is "high"; English: nothing reaches even "medium".
    m["thresholds"]["confidence"] = json!(0.0);
    m["thresholds"]["high_confidence"] = json!(0.0);
    m["thresholds"]["per_language"] =
        json!({"en": {"confidence": 1.01, "high_confidence": 1.01, "margin": 0.0}});
    std::fs::write(&path, m.to_string()).unwrap();
    let policy = tmp.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[tenants.strict.thresholds.per_language.zh]\nconfidence = 1.01\n",
    )
    .unwrap();
    let s = common::start_with(&dir, |a| a.policy = Some(policy.clone())).await;
    let band = |v: &Value| v["intent"]["band"].as_str().unwrap().to_string();
    let en = s.classify(&json!({"text": "where is my order"})).await;
    assert_eq!(band(&en), "low", "{en}");
    let zh = s.classify(&json!({"text": "我的订单到哪了"})).await;
    assert_eq!(band(&zh), "high", "{zh}");
    let zh = s
        .classify(&json!({"text": "我的订单到哪了", "tenant": "strict"}))
        .await;
    assert_eq!(band(&zh), "low", "{zh}");
    let models = s.get_json("/v1/models").await;
    let shown = models.to_string();
    assert!(shown.contains("per_language"), "{shown}");
    s.stop().await;
}
