//! Static wording used to write handoff summaries for human agents, in English and Chinese.
//!
//! The policy and classifier speak in machine labels (`track_order`, `negative_sentiment`,
//! `complaints`, …). An agent picking up a conversation should not have to decode those, so every
//! label the system can emit is mapped here to a short phrase in the agent's language.
//!
//! Per-intent wording (the need, the suggested next step) is data: `policy/agent_notes.toml`,
//! merged under a policy file's `[summary.needs.*]` / `[summary.next_steps.*]` like the replies,
//! because a user's own bot has its own intents and must not need a code change to describe them.
//! The fixed vocabularies the code itself defines (reason codes, priorities, entity kinds,
//! sentiment labels) stay here as `match` arms that keep each English phrase next to its Chinese
//! one. Unknown labels never panic or produce an empty string; each lookup has a fallback so a
//! newly trained intent or a new policy reason still yields a readable (if generic) summary.

use std::collections::BTreeMap;

use crate::policy::Reply;

/// Language of the summary shown to the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Picks the variant for this language out of an `(en, zh)` pair, the shape every table uses.
    fn pick(self, (en, zh): (&'static str, &'static str)) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// Short description of the customer's need, used in the one-line situation
/// (en: "wants to track an order", zh: "想查询订单物流").
///
/// Unknown intents (e.g. a label added to the model before this catalog was updated) fall back to
/// a phrase built from the label itself, so the summary still tells the agent what the classifier
/// saw: en "asked about <label with spaces>", zh "咨询：<label>".
pub fn need(intent: &str, lang: Lang, notes: &BTreeMap<String, Reply>) -> String {
    if let Some((_, text)) = notes.get(intent).and_then(|r| r.pick(lang.code())) {
        return text.to_string();
    }
    // Small talk is no need: "asked about emoji" told the agent nothing (a photo alone reads as
    // emoji).
    if crate::smalltalk::is_act(intent) {
        return lang
            .pick(("has not said yet what they need", "尚未说明具体诉求"))
            .to_string();
    }
    match lang {
        Lang::En => format!("asked about {}", readable_label(intent)),
        Lang::Zh => format!("咨询：{}", zh_label(intent)),
    }
}

/// Suggested next step for the agent: one imperative sentence (en: "Check the carrier status for
/// the order and give the customer a delivery estimate.", zh: "查询该订单的物流状态，并告知客户预计送达时间。").
///
/// Unknown intents get a generic "find out what they need, then resolve or route it" step that
/// names the label, rather than nothing, because an agent always needs somewhere to start.
pub fn next_step(intent: &str, lang: Lang, notes: &BTreeMap<String, Reply>) -> String {
    if let Some((_, text)) = notes.get(intent).and_then(|r| r.pick(lang.code())) {
        return text.to_string();
    }
    if crate::smalltalk::is_act(intent) {
        return lang
            .pick((
                "Greet the customer, look at any photo or file they sent, and ask what they need.",
                "问候客户，查看客户发来的图片或文件，并询问具体诉求。",
            ))
            .to_string();
    }
    match lang {
        Lang::En => format!(
            "Read the conversation, confirm what the customer needs ({}), and resolve it or transfer it to the right team.",
            readable_label(intent)
        ),
        Lang::Zh => format!(
            "阅读对话记录，确认客户的具体诉求（{}），自行处理或转交相应小组。",
            zh_label(intent)
        ),
    }
}

/// English rendering of an unknown label: underscores become spaces so `gift_wrap` reads as
/// "gift wrap". An empty label still yields a phrase rather than a dangling "asked about ".
fn readable_label(label: &str) -> String {
    // Intent labels use `_`, knowledge-base entry ids (a handoff entry's topic) `-`.
    let s = label.trim().replace(['_', '-'], " ");
    if s.is_empty() {
        "an unidentified request".to_string()
    } else {
        s
    }
}

/// Chinese rendering of an unknown label: kept verbatim (agents search logs by the raw label), with
/// a placeholder for an empty one.
fn zh_label(label: &str) -> &str {
    let s = label.trim();
    if s.is_empty() {
        "未识别的问题"
    } else {
        s
    }
}

/// Reason code → short phrase explaining to the agent why the bot handed over
/// (en: "asked for a person", zh: "客户要求转人工").
///
/// Unknown codes are returned as-is: a new policy rule should still show up in the summary, and
/// the raw code is more useful to whoever reads it than a vague placeholder.
pub fn reason(code: &str, lang: Lang) -> String {
    let pair = match code {
        "user_requested" => ("asked for a person", "客户要求转人工"),
        "out_of_scope" => (
            "asked about something the bot does not cover",
            "问题超出机器人服务范围",
        ),
        "low_confidence" => (
            "the bot was not sure what the customer meant",
            "机器人无法确定客户意图",
        ),
        "ambiguous" => (
            "the request could mean more than one thing",
            "客户诉求有歧义",
        ),
        "negative_sentiment" => ("customer is upset", "客户情绪负面"),
        "sentiment_trend" => ("customer is getting more upset", "客户情绪持续恶化"),
        "repeated_failure" => (
            "the bot failed to help several times",
            "机器人多次未能解决问题",
        ),
        "sensitive_intent" => ("topic must be handled by a person", "敏感诉求，须人工处理"),
        "vip" => ("VIP customer", "VIP客户"),
        "details_provided" => (
            "sent the details a person needs to act (order number, phone or email)",
            "客户已提供需人工处理的信息（订单号、电话或邮箱）",
        ),
        // A reported problem, a request only staff can carry out, a question about the product
        // itself or a topic the knowledge base leaves to people.
        "needs_agent" => (
            "needs something only a person can do",
            "客户的问题或请求需人工处理",
        ),
        "smalltalk" => ("small talk", "寒暄"),
        "handoff_active" => ("already with an agent", "已在人工处理中"),
        _ => return code.to_string(),
    };
    lang.pick(pair).to_string()
}

/// Queue (skill group) name → display name (en "Complaints", zh "投诉组").
///
/// Unknown names are returned as-is, since queues are configurable and a custom queue's own name
/// is the best label available.
pub fn queue(name: &str, lang: Lang) -> String {
    let pair = match name {
        "general" => ("General", "综合组"),
        "complaints" => ("Complaints", "投诉组"),
        "refunds" => ("Refunds", "退款组"),
        "billing" => ("Billing", "账务组"),
        "orders" => ("Orders", "订单组"),
        "shipping" => ("Shipping", "物流组"),
        "accounts" => ("Accounts", "账号组"),
        "vip" => ("VIP", "VIP组"),
        "presale" => ("Pre-sale", "售前组"),
        _ => return name.to_string(),
    };
    lang.pick(pair).to_string()
}

/// Priority (`low`/`normal`/`high`/`urgent`) → label (zh 低/普通/高/紧急).
///
/// Unknown values are returned as-is rather than guessed, so a bad value stays visible.
pub fn priority(p: &str, lang: Lang) -> String {
    let pair = match p {
        "low" => ("Low", "低"),
        "normal" => ("Normal", "普通"),
        "high" => ("High", "高"),
        "urgent" => ("Urgent", "紧急"),
        _ => return p.to_string(),
    };
    lang.pick(pair).to_string()
}

/// Extracted entity kind → field label shown next to the value
/// (zh 订单号/手机号/邮箱/金额/身份证号/银行卡号).
///
/// Unknown kinds are returned as-is so a new extractor's output is still labelled.
pub fn entity(kind: &str, lang: Lang) -> String {
    let pair = match kind {
        "order_number" => ("Order number", "订单号"),
        "phone" => ("Phone", "手机号"),
        "email" => ("Email", "邮箱"),
        "amount" => ("Amount", "金额"),
        "id_number" => ("ID number", "身份证号"),
        "bank_card" => ("Bank card", "银行卡号"),
        "secret" => ("Password or code (hidden)", "密码/验证码（已隐藏）"),
        _ => return kind.to_string(),
    };
    lang.pick(pair).to_string()
}

/// Sentiment label (`negative`/`neutral`/`positive`) → word (zh 负面/中性/正面).
///
/// Unknown labels are returned as-is.
pub fn sentiment(label: &str, lang: Lang) -> String {
    let pair = match label {
        "negative" => ("negative", "负面"),
        "neutral" => ("neutral", "中性"),
        "positive" => ("positive", "正面"),
        _ => return label.to_string(),
    };
    lang.pick(pair).to_string()
}

/// Change in sentiment score (last − first) at or beyond which the mood counts as having moved.
/// Smaller swings are normal noise between messages and are reported as steady.
pub const TREND_THRESHOLD: f32 = 0.3;

/// Slack for f32 rounding, so a change of exactly 0.3 (e.g. 0.7 → 0.4, which is −0.29999998 in
/// f32) still counts as reaching the threshold, as the rule "≤ −0.3" intends.
const TREND_EPSILON: f32 = 1e-6;

/// Trend word for a sequence of sentiment scores, oldest first: "worsening" when
/// last − first ≤ −0.3, "improving" when ≥ +0.3, otherwise "steady" (zh 恶化/好转/平稳).
///
/// Only the endpoints are compared because the agent wants to know how the customer feels now
/// compared with when the conversation started, not every wobble in between. Fewer than two
/// points (or a non-finite score) give "—": there is no trend to report, and saying "steady"
/// would claim something we do not know.
pub fn trend(scores: &[f32], lang: Lang) -> String {
    let word = match (scores.first(), scores.last()) {
        (Some(&first), Some(&last)) if scores.len() >= 2 => {
            let delta = last - first;
            if !delta.is_finite() {
                ("—", "—")
            } else if delta <= -TREND_THRESHOLD + TREND_EPSILON {
                ("worsening", "恶化")
            } else if delta >= TREND_THRESHOLD - TREND_EPSILON {
                ("improving", "好转")
            } else {
                ("steady", "平稳")
            }
        }
        _ => ("—", "—"),
    };
    lang.pick(word).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

    fn fallback_need(label: &str, lang: Lang) -> String {
        match lang {
            Lang::En => format!("asked about {}", label.replace('_', " ")),
            Lang::Zh => format!("咨询：{label}"),
        }
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn notes() -> crate::policy::SummaryRules {
        crate::policy::SummaryRules::default()
    }

    /// The default model's intents and `oos`, read from its manifest.
    fn default_labels() -> Vec<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/default/manifest.json");
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("default manifest"))
                .expect("manifest parses");
        let mut labels: Vec<String> = m["heads"]["intent"]["labels"]
            .as_array()
            .expect("intent labels")
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect();
        labels.push("oos".into());
        labels
    }

    #[test]
    fn every_default_intent_has_need_and_next_step_in_both_languages() {
        let n = notes();
        let labels = default_labels();
        assert!(labels.len() > 30, "{labels:?}");
        for intent in labels
            .iter()
            .filter(|l| !crate::smalltalk::ACTS.contains(&l.as_str()))
        {
            for lang in LANGS {
                let need_ = need(intent, lang, &n.needs);
                let step = next_step(intent, lang, &n.next_steps);
                assert_ne!(
                    need_,
                    fallback_need(intent, lang),
                    "{intent} {lang:?} uses the fallback need"
                );
                assert_ne!(
                    step,
                    next_step(intent, lang, &BTreeMap::new()),
                    "{intent} {lang:?} uses the fallback next step"
                );
            }
        }
    }

    #[test]
    fn languages_are_written_in_the_right_script_and_shape() {
        let n = notes();
        for (intent, r) in &n.needs {
            let (ne, nz) = (r.pick("en").unwrap(), r.pick("zh").unwrap());
            assert_eq!((ne.0, nz.0), ("en", "zh"), "{intent}");
            let (ne, nz) = (ne.1, nz.1);
            assert!(!has_cjk(ne) && has_cjk(nz), "{intent}: wrong script");
            assert!(
                !ne.contains('_') && !nz.contains('_'),
                "{intent}: raw label"
            );
            // Needs are fragments that follow "Customer …" / "客户…".
            assert!(
                ne.starts_with(|c: char| c.is_ascii_lowercase()),
                "{intent}: {ne}"
            );
            assert!(!ne.ends_with('.') && !nz.ends_with('。'), "{intent}");
        }
        for (intent, r) in &n.next_steps {
            let (se, sz) = (r.pick("en").unwrap().1, r.pick("zh").unwrap().1);
            assert!(!has_cjk(se) && has_cjk(sz), "{intent}: wrong script");
            // Next steps are single imperative sentences.
            assert!(
                se.starts_with(|c: char| c.is_ascii_uppercase()),
                "{intent}: {se}"
            );
            assert!(
                se.ends_with('.') && se.matches(". ").count() == 0,
                "{intent}: {se}"
            );
            assert!(
                sz.ends_with('。') && sz.matches('。').count() == 1,
                "{intent}: {sz}"
            );
        }
        assert_eq!(
            n.needs.keys().collect::<Vec<_>>(),
            n.next_steps.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn examples_from_the_spec() {
        let n = notes();
        let need = |i, l| need(i, l, &n.needs);
        let next_step = |i, l| next_step(i, l, &n.next_steps);
        assert_eq!(need("track_order", Lang::En), "wants to track an order");
        assert_eq!(need("track_order", Lang::Zh), "想查询订单物流");
        assert_eq!(
            next_step("track_order", Lang::En),
            "Check the carrier status for the order and give the customer a delivery estimate."
        );
        assert_eq!(
            next_step("track_order", Lang::Zh),
            "查询该订单的物流状态，并告知客户预计送达时间。"
        );
        assert_eq!(need("get_refund", Lang::Zh), "想申请退款");
        assert_eq!(need("change_shipping_address", Lang::Zh), "想修改收货地址");
        assert_eq!(need("get_invoice", Lang::Zh), "想开具发票");
        assert_eq!(
            need("oos", Lang::En),
            "asked about something outside the shop's service"
        );
        assert_eq!(need("oos", Lang::Zh), "咨询与本店服务无关的问题");
    }

    #[test]
    fn next_steps_follow_agent_practice() {
        let n = notes();
        let next_step = |i, l| next_step(i, l, &n.next_steps);
        for intent in [
            "delete_account",
            "edit_account",
            "recover_password",
            "switch_account",
        ] {
            assert!(next_step(intent, Lang::En).contains("identity"), "{intent}");
            assert!(next_step(intent, Lang::Zh).contains("核实"), "{intent}");
        }
        for intent in [
            "cancel_order",
            "change_order",
            "get_refund",
            "track_refund",
            "get_invoice",
            "exchange_item",
            "warranty_repair",
            "price_protection",
        ] {
            assert!(
                next_step(intent, Lang::En).contains("order number"),
                "{intent}"
            );
            assert!(next_step(intent, Lang::Zh).contains("订单号"), "{intent}");
        }
        assert!(next_step("complaint", Lang::En).starts_with("Apologise first"));
        assert!(next_step("complaint", Lang::Zh).starts_with("先向客户致歉"));
    }

    #[test]
    fn unknown_intent_falls_back_to_label() {
        let n = notes();
        let need = |i, l| need(i, l, &n.needs);
        let next_step = |i, l| next_step(i, l, &n.next_steps);
        assert_eq!(
            need("gift_wrap_request", Lang::En),
            "asked about gift wrap request"
        );
        assert_eq!(
            need("gift_wrap_request", Lang::Zh),
            "咨询：gift_wrap_request"
        );
        let en = next_step("gift_wrap_request", Lang::En);
        let zh = next_step("gift_wrap_request", Lang::Zh);
        assert!(
            en.contains("gift wrap request") && en.ends_with('.'),
            "{en}"
        );
        assert!(
            zh.contains("gift_wrap_request") && zh.ends_with('。'),
            "{zh}"
        );
        // An empty label still reads as a sentence.
        assert_eq!(need("", Lang::En), "asked about an unidentified request");
        assert_eq!(need("  ", Lang::Zh), "咨询：未识别的问题");
        // Lookups are exact: labels are lowercase snake_case by contract.
        assert_eq!(need("Track_Order", Lang::En), "asked about Track Order");
    }

    #[test]
    fn a_policy_file_describes_its_own_intents() {
        let p = crate::policy::Policy::parse(
            "[summary.needs.gift_wrap]\nen = \"wants a parcel gift-wrapped\"\nzh = \"想要礼品包装\"\n\
             [tenants.acme.summary.next_steps.track_order]\nen = \"Ring the depot.\"\n",
            std::path::Path::new("p.toml"),
        )
        .unwrap();
        let base = &p.base.summary;
        assert_eq!(need("gift_wrap", Lang::Zh, &base.needs), "想要礼品包装");
        // The built-in entries stay next to the file's.
        assert_eq!(
            need("track_order", Lang::En, &base.needs),
            "wants to track an order"
        );
        let acme = &p.for_tenant(Some("acme")).summary;
        assert_eq!(
            next_step("track_order", Lang::En, &acme.next_steps),
            "Ring the depot."
        );
        assert_eq!(
            need("gift_wrap", Lang::En, &acme.needs),
            "wants a parcel gift-wrapped"
        );
    }

    #[test]
    fn reasons() {
        let codes = [
            "user_requested",
            "out_of_scope",
            "low_confidence",
            "ambiguous",
            "negative_sentiment",
            "sentiment_trend",
            "repeated_failure",
            "sensitive_intent",
            "needs_agent",
            "details_provided",
            "vip",
            "handoff_active",
        ];
        for code in codes {
            for lang in LANGS {
                let r = reason(code, lang);
                assert!(!r.is_empty() && r != code, "{code} {lang:?}");
            }
            assert!(has_cjk(&reason(code, Lang::Zh)), "{code}");
        }
        assert_eq!(reason("user_requested", Lang::En), "asked for a person");
        assert_eq!(reason("user_requested", Lang::Zh), "客户要求转人工");
        assert_eq!(reason("new_rule", Lang::En), "new_rule");
        assert_eq!(reason("new_rule", Lang::Zh), "new_rule");
    }

    #[test]
    fn queues() {
        let names = [
            "general",
            "complaints",
            "refunds",
            "billing",
            "orders",
            "shipping",
            "accounts",
            "vip",
            "presale",
        ];
        for name in names {
            assert_ne!(queue(name, Lang::En), name);
            assert!(queue(name, Lang::Zh).ends_with('组'), "{name}");
        }
        assert_eq!(queue("complaints", Lang::En), "Complaints");
        assert_eq!(queue("complaints", Lang::Zh), "投诉组");
        assert_eq!(queue("night_shift", Lang::Zh), "night_shift");
    }

    #[test]
    fn priorities_entities_sentiments() {
        let zh: Vec<String> = ["low", "normal", "high", "urgent"]
            .iter()
            .map(|p| priority(p, Lang::Zh))
            .collect();
        assert_eq!(zh, ["低", "普通", "高", "紧急"]);
        assert_eq!(priority("urgent", Lang::En), "Urgent");
        assert_eq!(priority("asap", Lang::En), "asap");

        let kinds = [
            "order_number",
            "phone",
            "email",
            "amount",
            "id_number",
            "bank_card",
            "secret",
        ];
        let zh: Vec<String> = kinds.iter().map(|k| entity(k, Lang::Zh)).collect();
        assert_eq!(
            zh,
            [
                "订单号",
                "手机号",
                "邮箱",
                "金额",
                "身份证号",
                "银行卡号",
                "密码/验证码（已隐藏）"
            ]
        );
        for k in kinds {
            assert_ne!(entity(k, Lang::En), k);
        }
        assert_eq!(entity("passport", Lang::Zh), "passport");

        let zh: Vec<String> = ["negative", "neutral", "positive"]
            .iter()
            .map(|s| sentiment(s, Lang::Zh))
            .collect();
        assert_eq!(zh, ["负面", "中性", "正面"]);
        assert_eq!(sentiment("negative", Lang::En), "negative");
        assert_eq!(sentiment("mixed", Lang::Zh), "mixed");
    }

    #[test]
    fn trend_needs_two_points() {
        assert_eq!(trend(&[], Lang::En), "—");
        assert_eq!(trend(&[-0.9], Lang::En), "—");
        assert_eq!(trend(&[0.4], Lang::Zh), "—");
    }

    #[test]
    fn trend_directions_and_thresholds() {
        assert_eq!(trend(&[0.2, -0.5], Lang::En), "worsening");
        assert_eq!(trend(&[0.2, -0.5], Lang::Zh), "恶化");
        assert_eq!(trend(&[-0.6, 0.1], Lang::En), "improving");
        assert_eq!(trend(&[-0.6, 0.1], Lang::Zh), "好转");
        assert_eq!(trend(&[0.1, 0.2], Lang::En), "steady");
        assert_eq!(trend(&[0.1, 0.2], Lang::Zh), "平稳");
        // Exactly ±0.3 counts, despite f32 rounding.
        assert_eq!(trend(&[0.5, 0.2], Lang::En), "worsening");
        assert_eq!(trend(&[0.7, 0.4], Lang::En), "worsening"); // −0.29999998 in f32
        assert_eq!(trend(&[0.9, 0.6], Lang::Zh), "恶化"); // −0.29999995 in f32
        assert_eq!(trend(&[0.0, -0.3], Lang::En), "worsening");
        assert_eq!(trend(&[0.2, 0.5], Lang::En), "improving");
        assert_eq!(trend(&[-0.1, 0.2], Lang::En), "improving");
        // Just inside the band is steady.
        assert_eq!(trend(&[0.0, -0.29], Lang::En), "steady");
        assert_eq!(trend(&[0.0, 0.29], Lang::En), "steady");
    }

    #[test]
    fn trend_compares_endpoints_only() {
        // A dip in the middle that recovers is steady overall.
        assert_eq!(trend(&[0.0, -0.9, 0.0], Lang::En), "steady");
        // A slow slide adds up.
        assert_eq!(trend(&[0.3, 0.2, 0.1, 0.0, -0.1], Lang::En), "worsening");
    }

    #[test]
    fn trend_with_non_finite_scores_is_unknown() {
        assert_eq!(trend(&[f32::NAN, 0.5], Lang::En), "—");
        assert_eq!(trend(&[0.0, f32::INFINITY], Lang::Zh), "—");
    }
}
