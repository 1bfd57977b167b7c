//! End-to-end on the shipped default model (models/default): the README's two example messages
//! and the decisions a support team relies on.

mod common;

use common::codes;

use serde_json::{json, Value};

/// A message as the first of a conversation of its own (`TAG-I`), so no earlier turn or handoff
/// colours its decision.
async fn in_own_chat(s: &common::TestServer, tag: &str, i: usize, text: &str) -> Value {
    s.classify(&json!({"text": text, "conversation_id": format!("{tag}-{i}")}))
        .await
}

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

/// Anger goes to a person as negative_sentiment; mild annoyance does not (each message opens its
/// own conversation, so no trend or history is involved).
/// Small talk in front of a message does not change how it is read: an out-of-scope question
/// behind "hi," or "lol ok." still goes to a person, a shop question behind "你好，" is still
/// answered (the heads also read the message without its opener; "lol ok. any good crypto to
/// buy rn?" was answered as a payment-methods question before).
#[tokio::test]
async fn a_greeting_in_front_changes_nothing() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (opener, question) in [
        ("lol ok. ", "any good crypto to buy rn?"),
        ("hi, ", "can you recommend a good restaurant nearby"),
        ("在吗 ", "推荐个理财产品"),
        ("你好，", "帮我订一张去北京的机票"),
    ] {
        for text in [question.to_string(), format!("{opener}{question}")] {
            let v = s.classify(&json!({ "text": text })).await;
            assert_eq!(v["action"], "handoff", "{text}: {v}");
            assert!(
                codes(&v).contains(&"out_of_scope".to_string()),
                "{text}: {v}"
            );
        }
    }
    for text in ["你好，我的快递到哪了", "hi, where is my order"] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["intent"]["label"], "track_order", "{text}: {v}");
    }
    // Small talk that goes on in words the lexicon does not know stays small talk: the whole
    // message's reading wins when it is an act.
    for text in ["谢谢，问题解决了", "好的，找到了", "hi, just browsing"] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(codes(&v), vec!["smalltalk".to_string()], "{text}: {v}");
    }
}

/// Short statements of a problem that the shipped head reads as "no" or "bye" (0.7–0.99) are
/// never answered with small talk ("好的，明白了。还有其他问题需要帮忙吗？" to a broken product);
/// the act's own short replies still are.
#[tokio::test]
async fn a_problem_read_as_no_or_bye_is_not_answered_as_small_talk() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, text) in [
        "东西坏了",
        "不能用",
        "没反应",
        "过期了",
        "it's broken",
        "not working",
        "never arrived",
        "doesnt turn on",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "problem", i, text).await;
        assert!(v["smalltalk"].is_null(), "{text}: {v}");
        assert!(!codes(&v).contains(&"smalltalk".to_string()), "{text}: {v}");
        assert_ne!(
            v["reply"]["source"], "smalltalk",
            "a problem got a small-talk reply: {text}: {v}"
        );
    }
    for (i, text) in [
        "不用了",
        "没有了",
        "no thanks",
        "nope all good",
        "拜拜啦亲",
        "ok 明白了",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "reply", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["reply"]["source"], "smalltalk", "{text}: {v}");
    }
}

/// An insult or accusation the shipped head reads as small talk ("你们是不是骗子" as "are you a
/// bot?", "this is a joke" as emoji) goes to a person; impatience ("在吗？？") is still answered.
#[tokio::test]
async fn an_insult_read_as_small_talk_goes_to_a_person() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, text) in ["你们是不是骗子", "wtf is this", "this is a joke"]
        .iter()
        .enumerate()
    {
        let v = in_own_chat(&s, "insult", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert!(
            codes(&v).contains(&"negative_sentiment".to_string()),
            "{text}: {v}"
        );
    }
    for (i, text) in ["在吗？？", "hello???", "你是机器人吗"].iter().enumerate() {
        let v = in_own_chat(&s, "impatient", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["reply"]["source"], "smalltalk", "{text}: {v}");
    }
}

/// "已经发货了" after the answer on changing an address goes on with it (the entry on changing
/// the address of a shipped order), not "what order statuses mean" as its own words suggest.
#[tokio::test]
async fn a_short_statement_after_an_answer_goes_on_with_it() {
    // The shipped knowledge base comes with the shipped model.
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    let cid = "goes-on-1";
    let v = s
        .classify(&json!({"text": "怎么修改收货地址", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    let v = s
        .classify(&json!({"text": "已经发货了", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    assert_eq!(v["faq"]["id"], "change-order-address", "{v}");
    // Alone it is what its words say.
    let v = s.classify(&json!({"text": "已经发货了"})).await;
    assert_ne!(v["faq"]["id"], "change-order-address", "{v}");
}

/// Told how the last answer failed ("the unsubscribe link opens a 404"), the bot does not give
/// the same answer again: a person takes over. A follow-up question on the same entry is still
/// answered.
#[tokio::test]
async fn a_report_that_the_answer_failed_goes_to_a_person_not_the_same_answer() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (ask, report)) in [
        (
            "家里两个账号 怎么在app里切来切去",
            "设置里翻遍了 压根没有切换账号这一项",
        ),
        (
            "your promo emails are way too many, how do i make them stop",
            "the unsubscribe link at the bottom of the email opens a page that says 404 not found",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let cid = format!("failed-repeat-{i}");
        let v = s
            .classify(&json!({"text": ask, "conversation_id": cid}))
            .await;
        assert_eq!(v["action"], "answer", "{v}");
        let v = s
            .classify(&json!({"text": report, "conversation_id": cid}))
            .await;
        assert_eq!(v["action"], "handoff", "{report}: {v}");
        assert!(
            v["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["code"] == "repeated_failure"),
            "{v}"
        );
    }
    let cid = "failed-repeat-question";
    let v = s
        .classify(
            &json!({"text": "你们家的东西是正品吗 别到时候收到个高仿", "conversation_id": cid}),
        )
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    let v = s
        .classify(&json!({"text": "万一是假的怎么赔", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
}

/// The Chatwoot bot numbers a clarifying question's options; "2" / "第一个" / "the second one"
/// picks one and is answered with it, not taken for small talk or handed off.
#[tokio::test]
async fn a_numbered_reply_to_a_clarifying_question_is_answered_with_that_option() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, reply, pick) in [(0, "2", 1), (1, "the second one", 1), (2, "第一个", 0)] {
        let cid = format!("choice-entry-{i}");
        let v = s
            .classify(&json!({"text": "forgot my password and the sms code isnt coming either", "conversation_id": cid}))
            .await;
        assert_eq!(v["action"], "clarify", "{v}");
        let offered = v["faq_candidates"][pick]["id"].clone();
        assert!(offered.is_string(), "{v}");
        let v = s
            .classify(&json!({"text": reply, "conversation_id": cid}))
            .await;
        assert_eq!(v["action"], "answer", "{reply}: {v}");
        assert_eq!(v["faq"]["id"], offered, "{reply}: {v}");
        assert!(
            v["reasons"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("of the clarifying question"),
            "{v}"
        );
    }
    // Intents offered ("帮我改下" names nothing to change): the pick is answered as that intent.
    let cid = "choice-intent";
    let v = s
        .classify(&json!({"text": "帮我改下", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "clarify", "{v}");
    let second = v["clarify_options"][1]["label"].clone();
    let v = s
        .classify(&json!({"text": "2", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    assert_eq!(v["intent"]["label"], second, "{v}");
    // A number that says more is no choice; nor is a number with nothing offered.
    let cid = "choice-none";
    let v = s
        .classify(&json!({"text": "裤子试穿了一下 标签都还在 能退吗", "conversation_id": cid}))
        .await;
    // Read as track_refund (0.96), it is offered that intent's entry (refund status) in the
    // last place, though the three nearest entries (return conditions, cancelling a shipped
    // order, changing an order) are linked to other intents.
    assert_eq!(v["action"], "clarify", "{v}");
    let offered: Vec<&str> = v["faq_candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(offered.contains(&"refunds-status"), "{v}");
    let v = s
        .classify(&json!({"text": "2 of them are torn", "conversation_id": cid}))
        .await;
    assert_ne!(v["action"], "answer", "{v}");
}

/// "台湾呢？" after an answer on shipping to Hong Kong asks about Taiwan, not whether the bot is
/// there: it goes on with the last answer's topic instead of getting "在的！".
#[tokio::test]
async fn a_short_follow_up_question_is_no_are_you_there() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (ask, follow)) in [
        ("能寄到香港吗", "台湾呢？"),
        ("do you ship to hong kong", "and taiwan?"),
    ]
    .into_iter()
    .enumerate()
    {
        let cid = format!("follow-up-{i}");
        let v = s
            .classify(&json!({"text": ask, "conversation_id": cid}))
            .await;
        assert_eq!(v["faq"]["id"], "shipping-international", "{v}");
        let v = s
            .classify(&json!({"text": follow, "conversation_id": cid}))
            .await;
        assert_eq!(v["action"], "answer", "{follow}: {v}");
        assert_eq!(v["faq"]["id"], "shipping-international", "{follow}: {v}");
    }
    // A short question the message alone does not answer is read with the previous question.
    let cid = "follow-up-read-together";
    let v = s
        .classify(&json!({"text": "can i still return a jacket if i took the tags off", "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "returns-condition", "{v}");
    let v = s
        .classify(&json!({"text": "same for opened skincare?", "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "returns-condition", "{v}");
    assert_eq!(v["reasons"][0]["code"], "faq_match", "{v}");
    // Alone it is not answered.
    let v = s
        .classify(&json!({"text": "same for opened skincare?"}))
        .await;
    assert_ne!(v["action"], "answer", "{v}");
    // A short question whose own entry is off the last topic is read with the previous
    // question too: after refunds to Alipay, "how long until it arrives" asks about the refund.
    let cid = "follow-up-off-topic";
    let v = s
        .classify(&json!({"text": "我用支付宝付的 钱是退回支付宝吗", "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "refunds-where", "{v}");
    let v = s
        .classify(&json!({"text": "大概多久能到", "conversation_id": cid}))
        .await;
    let refund_timing = ["returns-refund-timing", "refunds-how-long"];
    assert!(
        refund_timing.contains(&v["faq"]["id"].as_str().unwrap_or("")),
        "{v}"
    );
    // Alone it asks about the parcel.
    let v = s.classify(&json!({"text": "大概多久能到"})).await;
    assert_eq!(v["faq"]["id"], "shipping-delivery-time", "{v}");
    // On the same topic, a question that names no detail of its own stays with the answer just
    // given: after express delivery, "明天能到吗" asks about express delivery…
    let cid = "follow-up-same-topic";
    let v = s
        .classify(&json!({"text": "顺丰加急要加多少钱", "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "shipping-express", "{v}");
    let next = "下午三点前下单 明天能到杭州吗";
    let v = s
        .classify(&json!({"text": next, "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "shipping-express", "{v}");
    let v = s.classify(&json!({"text": next})).await;
    assert_eq!(v["faq"]["id"], "shipping-delivery-time", "{v}");
    // …and one that names its own detail moves on: after delivery times, "走顺丰" is express.
    let cid = "follow-up-own-detail";
    let v = s
        .classify(&json!({"text": "一般几天能到", "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "shipping-delivery-time", "{v}");
    let v = s
        .classify(&json!({"text": "走顺丰要加钱吗", "conversation_id": cid}))
        .await;
    assert_eq!(v["faq"]["id"], "shipping-express", "{v}");
    // Alone, "在吗" is still small talk.
    let v = s.classify(&json!({"text": "在吗"})).await;
    assert_eq!(v["reasons"][0]["code"], "smalltalk", "{v}");
}

/// A wait past what the shop promises goes to a person, not to "refunds take 1–7 days"; a
/// question that names a period is still answered.
#[tokio::test]
async fn an_overdue_wait_goes_to_a_person() {
    // The shipped knowledge base comes with the shipped model.
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, text) in [
        "still waiting for my refund after 15 days",
        "快递十天了还没到",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "overdue", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert!(
            codes(&v).contains(&"needs_agent".to_string()),
            "{text}: {v}"
        );
    }
    let v = s
        .classify(&json!({"text": "7天无理由退货是从签收开始算吗"}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
}

#[tokio::test]
async fn product_questions_shop_cancelled_orders_and_account_misuse_go_to_a_person() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (text, queue)) in [
        ("when will it be back in stock", Some("presale")),
        ("这件质量怎么样", Some("presale")),
        ("why was my order cancelled", None),
        ("我的订单怎么被取消了", None),
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "person", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert!(
            codes(&v).contains(&"needs_agent".to_string()),
            "{text}: {v}"
        );
        if let Some(q) = queue {
            assert_eq!(v["queue"], *q, "{text}: {v}");
        }
    }
    for (i, text) in [
        "i didnt place this order, someone used my account",
        "我的账号异地登录了 不是我",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "misuse", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert!(
            codes(&v).contains(&"sensitive_intent".to_string()),
            "{text}: {v}"
        );
    }
    // Cash on delivery (货到付款) is no stock question, and a customer cancelling is answered.
    for text in ["能货到付款吗", "how do i cancel my order"] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
    }
}

#[tokio::test]
async fn default_model_hands_off_anger_not_mild_annoyance() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    let sentiment_handoff =
        |v: &serde_json::Value| codes(v).contains(&"negative_sentiment".to_string());
    for (i, text) in [
        "什么破店，等了半个月还没发货，气死我了！！",
        "你们是不是骗子？钱扣了东西不发",
        "This is ridiculous. Two weeks and NOTHING. Where is my stuff??",
        "worst shop ever 😡 never buying here again",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "anger", i, text).await;
        assert!(
            sentiment_handoff(&v),
            "anger must reach a person: {text}: {v}"
        );
        assert_eq!(v["action"], "handoff", "{text}: {v}");
    }
    for (i, text) in [
        "好慢啊，还没到",
        "有点失望，颜色和图片不太一样",
        "a bit slow this time",
        "hmm, the package took longer than I hoped",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "mild", i, text).await;
        assert!(
            !sentiment_handoff(&v),
            "mild annoyance is not a sentiment handoff: {text}: {v}"
        );
    }
    s.stop().await;
}

#[tokio::test]
async fn words_that_hold_a_listed_phrase_do_not_trigger_it() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    // 315 inside an order number, 气炸 inside 空气炸锅, 退钱 in a question, a fake-goods worry
    // before buying: none of them is a complaint, anger or a sensitive matter.
    for (i, text) in [
        "订单号2026031512345678 的快递到哪了",
        "前天刚买的空气炸锅 今天降了40块 差价能补给我吗",
        "退货已经寄回去了 你们仓库收到以后几天能退钱",
        "你们家的货会不会是假货啊",
        "could you issue your invoice with my company name",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "held", i, text).await;
        for code in ["sensitive_intent", "negative_sentiment"] {
            assert!(!codes(&v).contains(&code.to_string()), "{text}: {v}");
        }
    }
    // The same words meant still are.
    let v = in_own_chat(&s, "meant", 0, "再不处理我就打315投诉你们").await;
    assert!(codes(&v).contains(&"sensitive_intent".to_string()), "{v}");
    s.stop().await;
}

/// The bars for the shipped model, measured (not read from its manifest) with
/// `triage eval` on validation files it was never trained on: top-intent accuracy ≥ 90% in
/// English and ≥ 85% in Chinese, out-of-scope recall ≥ 80% with at most 5% of in-scope messages
/// rejected.
#[test]
fn default_model_clears_the_validation_bars() {
    let root = common::repo_root();
    let out = tempfile::tempdir().unwrap();
    let data = [
        "intents/en_val.jsonl",
        "intents/en_chat_val.jsonl",
        "intents/zh_val.jsonl",
        "oos/en_oos_val.jsonl",
        "oos/zh_oos_val.jsonl",
    ];
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_triage"));
    cmd.arg("eval")
        .arg("--model")
        .arg(root.join("models/default"))
        .arg("--out")
        .arg(out.path());
    for d in data {
        cmd.arg("--data").arg(root.join("training-data").join(d));
    }
    let status = cmd.output().expect("run triage eval");
    assert!(status.status.success(), "{status:?}");
    let text = std::fs::read_to_string(out.path().join("predictions.jsonl")).unwrap();
    // (in-scope, top intent right, flagged out of scope) per language; (out-of-scope, caught).
    let mut en = (0, 0, 0);
    let mut zh = (0, 0, 0);
    let (mut oos, mut caught) = (0, 0);
    for line in text.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let flagged = r["oos"].as_bool().unwrap();
        if r["gold"] == "oos" {
            oos += 1;
            caught += flagged as usize;
            continue;
        }
        let lang = if r["file"].as_str().unwrap().starts_with("zh") {
            &mut zh
        } else {
            &mut en
        };
        lang.0 += 1;
        lang.1 += (r["intent"] == r["gold"]) as usize;
        lang.2 += flagged as usize;
    }
    let share = |k: usize, n: usize| k as f64 / n as f64;
    // Out-of-scope files without their small talk (greetings, thanks, "are you a bot?": in
    // scope since the built-in acts).
    assert_eq!((en.0, zh.0, oos), (842 + 189, 405, 306 + 55));
    assert!(share(en.1, en.0) >= 0.90, "English top intent {en:?}");
    assert!(share(zh.1, zh.0) >= 0.85, "Chinese top intent {zh:?}");
    assert!(
        share(caught, oos) >= 0.80,
        "out-of-scope recall {caught}/{oos}"
    );
    let rejected = share(en.2 + zh.2, en.0 + zh.0);
    assert!(rejected <= 0.05, "in-scope rejected {rejected}");
}

/// Whole realistic chats (the blind dev set, `training-data/chat-dev/chats_dev.jsonl`: 252 chats,
/// 544 turns) replayed through the real pipeline with the shipped policy and knowledge base:
/// floors a little under what 2026-12-06 measured last (served 83.4%, wrong answers 3.6% — 2.9%
/// before an intent's reply for another need counted as wrong —, small talk handed off by itself
/// 0 of 154, missed handoffs 1.9%, FAQ hits 62.0%), so a change that makes the bot worse for
/// customers fails here.
#[test]
fn default_model_keeps_real_chats_above_the_floor() {
    let root = common::repo_root();
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .current_dir(&root)
        .arg("eval")
        .arg("--model")
        .arg("models/default")
        .arg("--data")
        .arg("training-data/chat-dev/chats_dev.jsonl")
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run triage eval");
    assert!(status.status.success(), "{status:?}");
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(
        r["kb"], "kb/default.jsonl",
        "the sample knowledge base answered"
    );
    assert!(
        r["kb_thresholds"]["zh"].is_number(),
        "with its own thresholds (kb/default.toml): {}",
        r["kb_thresholds"]
    );
    let c = &r["chat"];
    let f = |k: &str| c[k].as_f64().unwrap_or_else(|| panic!("{k} in {c}"));
    assert_eq!(c["servable"], 325, "{c}");
    assert!(f("served_rate") >= 0.80, "served {c}");
    assert!(f("wrong_answer_rate") <= 0.045, "wrong answers {c}");
    assert!(f("missed_handoff_rate") <= 0.04, "missed handoffs {c}");
    assert_eq!(c["smalltalk_handed_off"], 0, "small talk {c}");
    assert!(f("faq_hit_rate") >= 0.58, "FAQ hits {c}");
}

/// A photo, voice message or link alone goes to a person (the bot cannot see it); a WeChat
/// emoticon is still small talk.
#[tokio::test]
async fn a_photo_alone_goes_to_a_person() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, text) in ["[图片]", "[image]", "[语音]"].iter().enumerate() {
        let v = in_own_chat(&s, "media", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert_eq!(codes(&v), vec!["needs_agent".to_string()], "{text}: {v}");
    }
    let v = s.classify(&json!({"text": "[微笑]"})).await;
    assert_eq!(v["action"], "answer", "{v}");
    assert_eq!(v["reply"]["source"], "smalltalk", "{v}");
}

/// A question whose intent reading is too unsure to route (get_refund at 0.38) is answered by the
/// entry that clears the bar by itself; a problem report matching an entry still goes to a person,
/// and urging the warehouse is staff work.
#[tokio::test]
async fn an_unsure_intent_does_not_veto_a_clear_entry_for_a_question() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    let v = s
        .classify(&json!({"text": "亲 双十一那个预售交了50定金 尾款不想付了 定金还能退吗"}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    assert_eq!(v["faq"]["id"], "cancellation-fee", "{v}");
    let v = s
        .classify(&json!({"text": "包裹显示签收了但我没收到"}))
        .await;
    assert_eq!(v["action"], "handoff", "{v}");
    let v = s
        .classify(&json!({"text": "2 days is a lot tbh, can someone push the warehouse to send it out today"}))
        .await;
    assert_eq!(v["action"], "handoff", "{v}");
    assert!(
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "needs_agent"),
        "{v}"
    );
}

/// "order 88812345678" after the tracking reply asked for it: a person takes it in the orders
/// queue, and the card says the customer sent the details — not "out of scope".
#[tokio::test]
async fn an_order_number_sent_after_an_answer_goes_to_a_person_as_details() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    let cid = "details-after-answer";
    let v = s
        .classify(&json!({"text": "my parcel hasn't arrived", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    let v = s
        .classify(&json!({"text": "order 88812345678", "conversation_id": cid}))
        .await;
    assert_eq!(v["action"], "handoff", "{v}");
    assert_eq!(v["reasons"][0]["code"], "details_provided", "{v}");
    assert_eq!(v["queue"], "orders", "{v}");
    // The same number opening a chat is no answer to anything: judged as any other message.
    let v = s.classify(&json!({"text": "order 88812345678"})).await;
    assert!(
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["code"] != "details_provided"),
        "{v}"
    );
}

/// Since 2026.12.07.1 the default model knows pre-sale questions about the product itself
/// (`product_question`): they go to the presale queue, not to the nearest topic's answer. Shop
/// topics nothing covers (points, store pickup, gift cards) go to a person as well.
#[tokio::test]
async fn product_questions_and_uncovered_shop_topics_go_to_people() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for text in [
        "这款电饭煲是几升的 三口人够用吗",
        "do u have the blue one in size 38",
        "这个面霜孕妇能用吗",
        "is this laptop bag big enough for a 16 inch laptop",
    ] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert_eq!(v["intent"]["label"], "product_question", "{text}: {v}");
        assert_eq!(v["queue"], "presale", "{text}: {v}");
    }
    for text in [
        "我的积分怎么兑换东西",
        "can i pick it up at your store in person",
        "礼品卡怎么绑定",
    ] {
        let v = s.classify(&json!({ "text": text })).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        assert!(v["reply"].is_null(), "{text}: {v}");
    }
}

/// A report of a broken or missing item that asks what to do gets the knowledge base's steps
/// (after-sales with photos), in Chinese and English; the same report without the question, or
/// with photos already taken for someone to look at, goes to a person.
#[tokio::test]
async fn a_broken_or_missing_item_asked_as_what_to_do_gets_the_self_service_steps() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (text, entry)) in [
        (
            "快递到了 里面的碗碎了一个 这个怎么办",
            "damaged-or-wrong-item",
        ),
        (
            "one of the plates arrived chipped, what do i do",
            "damaged-or-wrong-item",
        ),
        ("包裹里少了一双袜子 怎么办", "missing-item"),
        (
            "a charger was missing from my parcel, what should i do",
            "missing-item",
        ),
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "self-service", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["faq"]["id"], *entry, "{text}: {v}");
        assert_eq!(v["reply"]["source"], "faq", "{text}: {v}");
        assert_eq!(codes(&v), vec!["faq_match".to_string()], "{text}: {v}");
    }
    for (i, text) in [
        "快递到了 里面的碗碎了一个",
        "快递到了 里面的碗碎了一个 照片已经拍了 怎么处理",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "self-service-person", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
    }
}

/// `[places]`: a shipping question that names where the parcel goes gets that destination's
/// entry, even when the encoder ranked a sibling first or scored it under the bar; a place that
/// is where the item comes from does not.
#[tokio::test]
async fn a_shipping_question_naming_a_destination_gets_that_destinations_entry() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (text, entry)) in [
        ("能寄到吉隆坡吗 大概几天", "shipping-international"),
        ("寄日喀则要几天", "shipping-remote-areas"),
        ("do you deliver to kashgar", "shipping-remote-areas"),
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "destination", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["faq"]["id"], *entry, "{text}: {v}");
        assert_eq!(v["reply"]["source"], "faq", "{text}: {v}");
    }
    let v = in_own_chat(&s, "destination-origin", 0, "这口锅是日本进口的吗 几天能到").await;
    assert_ne!(v["faq"]["id"], "shipping-international", "{v}");
}

/// `[self_service]` for a price drop, then `[faq] followup_case_phrases`: asking whether one's
/// own purchase counts gets the price-protection entry again (its answer names the exclusions).
#[tokio::test]
async fn a_price_drop_gets_price_protection_and_asking_whether_ones_case_counts_gets_it_again() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    let detail = |v: &Value| v["reasons"][0]["detail"].as_str().unwrap_or("").to_string();
    for (i, text) in [
        "前天下单的电饭煲今天降价了50 差价可以退吗",
        "上周买的台灯今天便宜了15块 差价能补给我吗",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "price-drop", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["faq"]["id"], "price-protection", "{text}: {v}");
        assert!(detail(&v).contains("reports its problem"), "{text}: {v}");
    }
    let chat = json!({"text": "昨天刚买的吹风机今天便宜了二十 差价能给我退不", "conversation_id": "case-1"});
    let v = s.classify(&chat).await;
    assert_eq!(v["faq"]["id"], "price-protection", "{v}");
    let v = s
        .classify(&json!({"text": "我是在直播间买的 也算吗", "conversation_id": "case-1"}))
        .await;
    assert_eq!(v["action"], "answer", "{v}");
    assert_eq!(v["faq"]["id"], "price-protection", "{v}");
    assert_eq!(v["reply"]["source"], "faq", "{v}");
    assert!(detail(&v).contains("their own case counts"), "{v}");
    // The same words in a chat with no answer before: no entry to go back to.
    let v = in_own_chat(&s, "case-fresh", 0, "我是在直播间买的 也算吗").await;
    assert_ne!(v["faq"]["id"], "price-protection", "{v}");
}

/// `[order_state]`: right after the answer on cancelling, where the order is ("还没发货", "it
/// already shipped") picks the entry for that state, though the head reads the words as
/// tracking; a new need beside the state is read as that need, and asking to cancel while saying
/// the state gets the state's entry too.
#[tokio::test]
async fn the_order_state_said_after_cancelling_gets_that_states_entry() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (first, state, entry)) in [
        (
            "我想取消订单",
            "还没发货 昨天刚拍的",
            "cancel-before-shipment",
        ),
        (
            "how do i cancel my order",
            "it already shipped this morning",
            "cancel-after-shipment",
        ),
        (
            "取消订单要手续费吗",
            "东西已经发出来了",
            "cancel-after-shipment",
        ),
    ]
    .iter()
    .enumerate()
    {
        let chat = format!("order-state-{i}");
        let v = s
            .classify(&json!({"text": first, "conversation_id": chat}))
            .await;
        assert_eq!(v["action"], "answer", "{first}: {v}");
        let v = s
            .classify(&json!({"text": state, "conversation_id": chat}))
            .await;
        assert_eq!(v["action"], "answer", "{state}: {v}");
        assert_eq!(v["faq"]["id"], *entry, "{state}: {v}");
        assert_eq!(v["reply"]["source"], "faq", "{state}: {v}");
        let detail = v["reasons"][0]["detail"].as_str().unwrap_or("");
        assert!(detail.contains("says where the order is"), "{state}: {v}");
    }
    let chat = json!({"text": "怎么取消订单", "conversation_id": "order-state-other"});
    s.classify(&chat).await;
    let v = s
        .classify(&json!({"text": "还没发货 能改地址吗", "conversation_id": "order-state-other"}))
        .await;
    assert_eq!(v["faq"]["id"], "change-order-address", "{v}");
    // The same words with no answer on cancelling before: no state to pick an entry for.
    let v = in_own_chat(&s, "order-state-fresh", 0, "东西已经发出来了").await;
    assert_ne!(v["faq"]["id"], "cancel-after-shipment", "{v}");
    // Asking to cancel and saying the state at once: that state's entry, not the general reply.
    let v = in_own_chat(
        &s,
        "order-state-own",
        0,
        "刚下的单还没发货 我想取消 在哪里弄",
    )
    .await;
    assert_eq!(v["action"], "answer", "{v}");
    assert_eq!(v["faq"]["id"], "cancel-before-shipment", "{v}");
}

/// `[entry_words]`: how long a refund takes to reach a named channel gets the refund-times entry,
/// and after a returned parcel the returned-parcel one, though the encoder scores the two alike;
/// where the money goes is not a question of either.
#[tokio::test]
async fn words_that_name_one_of_two_near_identical_entries_answer_with_it() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, (text, entry)) in [
        ("退款审核过了 多久能回到我的信用卡", "refunds-how-long"),
        (
            "how long will my refund take to hit my debit card",
            "refunds-how-long",
        ),
        (
            "退货寄回去了 仓库签收以后多久钱能退回微信",
            "returns-refund-timing",
        ),
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "entry-words", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["faq"]["id"], *entry, "{text}: {v}");
        let detail = v["reasons"][0]["detail"].as_str().unwrap_or("");
        assert!(detail.contains("named by the words"), "{text}: {v}");
    }
    let v = in_own_chat(&s, "entry-words-where", 0, "退款会退到哪里 我用的信用卡").await;
    assert_ne!(v["faq"]["id"], "refunds-how-long", "{v}");
}

/// `[staff_requests]`: asking the shop to change or cancel an order itself, with its number or a
/// phone to act on, goes to a person; the same change asked as "how do I" is answered.
#[tokio::test]
async fn asking_staff_to_change_or_cancel_a_named_order_goes_to_a_person() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, text) in [
        "please cancel order #A559102 for me, it hasnt shipped yet",
        "size拍错了 还在processing 能帮我改成XL吗 订单号20261214802277",
    ]
    .iter()
    .enumerate()
    {
        let v = in_own_chat(&s, "staff", i, text).await;
        assert_eq!(v["action"], "handoff", "{text}: {v}");
        let reasons = v["reasons"].as_array().unwrap();
        assert!(
            reasons.iter().any(|r| r["code"] == "needs_agent"
                && r["detail"]
                    .as_str()
                    .unwrap_or("")
                    .contains("asks staff to act")),
            "{text}: {v}"
        );
    }
    let v = in_own_chat(
        &s,
        "staff-how",
        0,
        "how do i cancel my order? it hasnt shipped yet",
    )
    .await;
    assert_eq!(v["action"], "answer", "{v}");
}

/// `[self_service] statements`: a missing item told without asking gets the missing-item steps
/// (a split order comes in several parcels; else report it within 48 hours); told again right
/// after that answer, it is not answered with the same steps.
#[tokio::test]
async fn a_missing_item_told_without_asking_gets_its_steps() {
    let s = common::start_with(&common::repo_root().join("models/default"), |_| {}).await;
    for (i, text) in ["包裹到了 可是少了一个赠品", "说好送的杯子没在箱子里"]
        .iter()
        .enumerate()
    {
        let v = in_own_chat(&s, "missing-told", i, text).await;
        assert_eq!(v["action"], "answer", "{text}: {v}");
        assert_eq!(v["faq"]["id"], "missing-item", "{text}: {v}");
        let detail = v["reasons"][0]["detail"].as_str().unwrap_or("");
        assert!(detail.contains("told without asking"), "{text}: {v}");
    }
    let again = s
        .classify(&json!({"text": "说好送的杯子没在箱子里", "conversation_id": "missing-told-1"}))
        .await;
    assert_ne!(again["faq"]["id"], "missing-item", "{again}");
}
