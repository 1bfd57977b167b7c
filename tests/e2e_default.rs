//! End-to-end on the shipped default model (models/default): the README's two example messages
//! and the decisions a support team relies on.

mod common;

use common::codes;

use serde_json::json;

#[tokio::test]
async fn default_model_understands_zh_and_en() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;

    let v = s.classify(&json!({"text": "我要退货，怎么操作？"})).await;
    assert_eq!(v["language"], "zh");
    let label = v["intent"]["label"].as_str().unwrap();
    assert!(
        ["get_refund", "check_refund_policy", "cancel_order"].contains(&label),
        "return request read as {label}: {v}"
    );
    assert_eq!(v["out_of_scope"]["flag"], false, "{v}");

    let v = s.classify(&json!({"text": "Where is my order?"})).await;
    assert_eq!(v["language"], "en");
    assert_eq!(v["intent"]["label"], "track_order", "{v}");
    assert_eq!(v["intent"]["band"], "high", "{v}");
    assert_eq!(v["action"], "answer", "{v}");

    let v = s.classify(&json!({"text": "我的订单到哪了？"})).await;
    assert_eq!(v["intent"]["label"], "track_order", "{v}");

    // Asking for a person hands off, in both languages.
    for text in ["转人工", "I want to talk to a real person"] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert!(
            codes(&v).contains(&"user_requested".to_string()),
            "{text}: {v}"
        );
    }

    // Clearly unrelated requests are out of scope.
    for text in [
        "What's the weather like in Paris tomorrow?",
        "给我讲个笑话吧",
        "播放周杰伦的稻香",
    ] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["out_of_scope"]["flag"], true, "{text}: {v}");
        assert_eq!(v["action"], "handoff", "{text}: {v}");
    }

    // Sentiment: an angry message reads negative, a thankful one positive.
    let v = s
        .classify(&json!({"text": "太差劲了！等了两个星期还没到，气死我了"}))
        .await;
    assert!(v["sentiment"]["score"].as_f64().unwrap() < -0.3, "{v}");
    let v = s
        .classify(&json!({"text": "Thank you so much, great service!"}))
        .await;
    assert!(v["sentiment"]["score"].as_f64().unwrap() > 0.3, "{v}");
    s.stop().await;
}
