//! Static wording used to write handoff summaries for human agents, in English and Chinese.
//!
//! The policy and classifier speak in machine labels (`track_order`, `negative_sentiment`,
//! `complaints`, …). An agent picking up a conversation should not have to decode those, so every
//! label the system can emit is mapped here to a short phrase in the agent's language.
//!
//! Everything is a plain `match` over `&'static str` pairs: the tables are small, fixed at compile
//! time, and a `match` keeps each English phrase next to its Chinese counterpart so the two cannot
//! drift apart silently. Unknown labels never panic or produce an empty string; each lookup has a
//! fallback so a newly trained intent or a new policy reason still yields a readable (if generic)
//! summary instead of breaking the handoff.

/// Language of the summary shown to the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Picks the variant for this language out of an `(en, zh)` pair, the shape every table uses.
    fn pick(self, (en, zh): (&'static str, &'static str)) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// The intent label the classifier uses for messages outside the shop's service.
pub const OOS: &str = "oos";

/// Every in-scope intent the classifier can emit. Kept public so callers (and tests) can check
/// that routing tables and this catalog cover the same label set.
pub const INTENTS: &[&str] = &[
    "cancel_order",
    "change_order",
    "change_shipping_address",
    "check_cancellation_fee",
    "check_invoice",
    "check_payment_methods",
    "check_refund_policy",
    "complaint",
    "contact_customer_service",
    "contact_human_agent",
    "create_account",
    "delete_account",
    "delivery_options",
    "delivery_period",
    "edit_account",
    "get_invoice",
    "get_refund",
    "newsletter_subscription",
    "payment_issue",
    "place_order",
    "recover_password",
    "registration_problems",
    "review",
    "set_up_shipping_address",
    "switch_account",
    "track_order",
    "track_refund",
    "order_problem",
];

/// `(en, zh)` description of the need behind a known intent, or `None` if the label is unknown.
///
/// English phrases are verb phrases that follow "Customer …" ("Customer wants to track an order");
/// Chinese phrases follow "客户…" ("客户想查询订单物流").
fn need_text(intent: &str) -> Option<(&'static str, &'static str)> {
    Some(match intent {
        "cancel_order" => ("wants to cancel an order", "想取消订单"),
        "change_order" => ("wants to change an order", "想修改订单"),
        "change_shipping_address" => (
            "wants to change the delivery address on an order",
            "想修改收货地址",
        ),
        "check_cancellation_fee" => (
            "wants to know whether cancelling costs anything",
            "想了解取消订单是否收费",
        ),
        "check_invoice" => ("wants to check an invoice", "想核对发票信息"),
        "check_payment_methods" => (
            "wants to know which payment methods are accepted",
            "想了解支持哪些付款方式",
        ),
        "check_refund_policy" => ("wants to know the refund policy", "想了解退款政策"),
        "complaint" => ("wants to make a complaint", "想投诉"),
        "contact_customer_service" => ("wants to reach customer service", "想联系客服"),
        "contact_human_agent" => ("wants to talk to a person", "想联系人工客服"),
        "create_account" => ("wants to create an account", "想注册账号"),
        "delete_account" => ("wants to delete their account", "想注销账号"),
        "delivery_options" => ("wants to know the delivery options", "想了解配送方式"),
        "delivery_period" => ("wants to know how long delivery takes", "想知道多久能送达"),
        "edit_account" => ("wants to change their account details", "想修改账号信息"),
        "get_invoice" => ("wants an invoice", "想开具发票"),
        "get_refund" => ("wants a refund", "想申请退款"),
        "newsletter_subscription" => (
            "wants to subscribe to or unsubscribe from the newsletter",
            "想订阅或退订促销邮件",
        ),
        "payment_issue" => ("has a problem with a payment", "付款遇到问题"),
        "place_order" => ("wants to place an order", "想下单"),
        "recover_password" => ("wants to recover their password", "想找回密码"),
        "registration_problems" => ("is having trouble signing up", "注册账号遇到问题"),
        "review" => ("wants to leave feedback or a review", "想提交评价或反馈"),
        "set_up_shipping_address" => ("wants to set up a delivery address", "想设置收货地址"),
        "switch_account" => ("wants to switch to another account", "想切换账号"),
        "track_order" => ("wants to track an order", "想查询订单物流"),
        "track_refund" => ("wants to know the status of a refund", "想查询退款进度"),
        "order_problem" => (
            "reports a problem with an order or payment",
            "反映订单或付款出了问题",
        ),
        OOS => (
            "asked about something outside the shop's service",
            "咨询与本店服务无关的问题",
        ),
        _ => return None,
    })
}

/// `(en, zh)` suggested next step for a known intent, or `None` if the label is unknown.
///
/// Each is one imperative sentence an agent can act on straight away. Steps that touch an account
/// start with identity verification, steps about a specific order start by confirming the order
/// number, and complaints start with an apology, because that is what agents are expected to do
/// first and the summary should not suggest skipping it.
fn next_step_text(intent: &str) -> Option<(&'static str, &'static str)> {
    Some(match intent {
        "cancel_order" => (
            "Confirm the order number and check whether it has shipped; if not, cancel it and tell the customer when the refund will arrive, otherwise explain how to refuse or return the parcel.",
            "核对订单号并查看是否已发货：未发货则直接取消并告知退款到账时间，已发货则说明拒收或退货流程。",
        ),
        "change_order" => (
            "Confirm the order number and exactly what should change, check whether the order can still be modified before it ships, and make the change or explain the alternatives.",
            "核对订单号及客户要修改的具体内容，确认发货前是否仍可修改，可以则直接修改，否则说明替代方案。",
        ),
        "change_shipping_address" => (
            "Confirm the order number and the complete new address, then update it if the order has not shipped yet, or ask the carrier to redirect the parcel if it has.",
            "核对订单号和完整的新地址：未发货则直接修改，已发货则联系快递尝试改派。",
        ),
        "check_cancellation_fee" => (
            "Confirm the order number, look up the cancellation terms that apply to it, and tell the customer whether there is a fee and how much before they decide.",
            "核对订单号，查询适用的取消规则，在客户做决定前告知是否收费及具体金额。",
        ),
        "check_invoice" => (
            "Confirm the order number, pull up the invoice, and go through the details the customer is asking about, such as amount, invoice title and tax number.",
            "核对订单号，调出对应发票，与客户逐项核对其关心的信息（如金额、抬头、税号）。",
        ),
        "check_payment_methods" => (
            "List the payment methods the shop accepts and mention any limits that apply to the customer's order, such as amount caps, instalments or region.",
            "告知本店支持的付款方式，并说明与客户订单相关的限制（如限额、分期、地区）。",
        ),
        "check_refund_policy" => (
            "Explain the refund policy that applies to the customer's purchase, including the time limit, the conditions and how long the money takes to arrive.",
            "说明客户所购商品适用的退款政策，包括申请时限、退款条件及到账时间。",
        ),
        "complaint" => (
            "Apologise first, let the customer explain the problem in full, record the details and order number, and agree on a concrete remedy and a follow-up time.",
            "先向客户致歉，耐心听完客户的问题，记录详情和订单号，并与客户商定具体的解决方案和跟进时间。",
        ),
        "contact_customer_service" => (
            "Introduce yourself, ask what the customer needs help with, and handle it yourself or transfer it to the right team.",
            "主动表明客服身份，询问客户需要什么帮助，自行处理或转交相应小组。",
        ),
        "contact_human_agent" => (
            "Greet the customer, confirm they are now talking to a person, and pick up from the conversation so far so they do not have to repeat themselves.",
            "主动问候客户，告知已转接人工，结合之前的对话了解诉求，避免让客户重复描述。",
        ),
        "create_account" => (
            "Walk the customer through sign-up step by step and, if they are stuck, find out exactly which step fails.",
            "逐步引导客户完成注册，如遇卡住，确认具体在哪一步出错。",
        ),
        "delete_account" => (
            "Verify the customer's identity first, check for open orders or refunds, explain what deleting the account removes, and then process the request.",
            "先核实客户身份，检查是否有未完成的订单或退款，说明注销后的影响，再办理注销。",
        ),
        "delivery_options" => (
            "Tell the customer which delivery options are available for their address, with the cost and typical delivery time of each.",
            "根据客户的收货地址，告知可选的配送方式及各自的运费和时效。",
        ),
        "delivery_period" => (
            "Confirm the order number or delivery address and give the customer a realistic delivery estimate.",
            "确认订单号或收货地址，告知客户预计送达时间。",
        ),
        "edit_account" => (
            "Verify the customer's identity first, then confirm exactly which details should change and update them.",
            "先核实客户身份，再确认需要修改的具体信息并完成修改。",
        ),
        "get_invoice" => (
            "Confirm the order number and the invoice details (title, tax number, email), then issue the invoice and tell the customer when and where it will arrive.",
            "核对订单号及开票信息（抬头、税号、接收邮箱），开具发票并告知客户开票时间和接收方式。",
        ),
        "get_refund" => (
            "Confirm the order number and the reason, check the order against the refund policy, then start the refund or explain clearly why it is not possible.",
            "核对订单号和退款原因，对照退款政策判断是否符合条件，符合则发起退款，不符合则向客户说明原因。",
        ),
        "newsletter_subscription" => (
            "Confirm the customer's email address and whether they want to subscribe or unsubscribe, then update the setting.",
            "确认客户的邮箱地址以及要订阅还是退订，然后更新设置。",
        ),
        "payment_issue" => (
            "Confirm the order number, payment method and any error shown, check whether the money was actually taken, and help the customer pay again or refund any duplicate charge.",
            "核对订单号、付款方式及报错信息，确认是否已实际扣款，协助客户重新支付，如有重复扣款则安排退还。",
        ),
        "place_order" => (
            "Help the customer choose the product and complete checkout, checking stock and whether their address can be delivered to.",
            "协助客户选购商品并完成下单，同时确认库存以及客户地址能否配送。",
        ),
        "recover_password" => (
            "Verify the customer's identity, then send a password-reset link to the email or phone on file, and never share or set a password in the chat.",
            "核实客户身份后，向其绑定的邮箱或手机发送重置密码链接，切勿在对话中提供或代设密码。",
        ),
        "registration_problems" => (
            "Ask which step fails and what error appears, check whether the email or phone number is already registered, and guide the customer through sign-up.",
            "询问客户在哪一步出错及报错内容，检查邮箱或手机号是否已被注册，并引导客户完成注册。",
        ),
        "review" => (
            "Thank the customer and record the feedback against the order, and if it is negative, apologise and offer to fix the underlying problem.",
            "感谢客户的反馈并记录到对应订单；如为差评，先致歉并主动提出解决办法。",
        ),
        "set_up_shipping_address" => (
            "Guide the customer through adding the address to their account and check it is complete, with recipient, phone number and full address.",
            "引导客户在账号中添加收货地址，并确认信息完整（收件人、电话、详细地址）。",
        ),
        "switch_account" => (
            "Explain how to sign out and sign in to the other account, and verify identity before discussing the details of either account.",
            "指导客户退出当前账号并登录另一个账号；涉及任一账号的信息前须先核实身份。",
        ),
        "track_order" => (
            "Check the carrier status for the order and give the customer a delivery estimate.",
            "查询该订单的物流状态，并告知客户预计送达时间。",
        ),
        "track_refund" => (
            "Confirm the order number, check where the refund is, and tell the customer when the money should arrive and to which account.",
            "核对订单号，查询退款处理进度，告知客户预计到账时间及退回的账户。",
        ),
        "order_problem" => (
            "Confirm the order number and what went wrong (photos for damage or a wrong item, the payment record for a charge), then arrange a redelivery, replacement or refund.",
            "核对订单号和具体问题（破损或错发请客户提供照片，扣款问题核对支付记录），再安排补发、换货或退款。",
        ),
        OOS => (
            "Tell the customer politely that this is outside the shop's service and, where possible, point them to where they can get help.",
            "礼貌告知客户该问题不在本店服务范围内，如有可能，指引其前往合适的渠道求助。",
        ),
        _ => return None,
    })
}

/// Short description of the customer's need, used in the one-line situation
/// (en: "wants to track an order", zh: "想查询订单物流").
///
/// Unknown intents (e.g. a label added to the model before this catalog was updated) fall back to
/// a phrase built from the label itself, so the summary still tells the agent what the classifier
/// saw: en "asked about <label with spaces>", zh "咨询：<label>".
pub fn need(intent: &str, lang: Lang) -> String {
    if let Some(pair) = need_text(intent) {
        return lang.pick(pair).to_string();
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
pub fn next_step(intent: &str, lang: Lang) -> String {
    if let Some(pair) = next_step_text(intent) {
        return lang.pick(pair).to_string();
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
    let s = label.trim().replace('_', " ");
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
        "needs_agent" => (
            "reported a problem only a person can resolve",
            "客户反映的问题需人工处理",
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

    #[test]
    fn every_intent_has_need_and_next_step_in_both_languages() {
        for &intent in INTENTS.iter().chain([OOS].iter()) {
            assert!(need_text(intent).is_some(), "need missing for {intent}");
            assert!(
                next_step_text(intent).is_some(),
                "next step missing for {intent}"
            );
            for lang in LANGS {
                let n = need(intent, lang);
                let s = next_step(intent, lang);
                assert!(!n.trim().is_empty(), "{intent} {lang:?}");
                assert!(!s.trim().is_empty(), "{intent} {lang:?}");
                assert_ne!(
                    n,
                    fallback_need(intent, lang),
                    "{intent} {lang:?} uses fallback"
                );
                assert!(
                    !s.contains(intent),
                    "{intent} {lang:?} next step uses fallback"
                );
            }
        }
    }

    #[test]
    fn languages_are_written_in_the_right_script_and_shape() {
        for &intent in INTENTS.iter().chain([OOS].iter()) {
            let (ne, nz) = need_text(intent).unwrap();
            let (se, sz) = next_step_text(intent).unwrap();
            assert_ne!(ne, nz);
            assert_ne!(se, sz);
            assert!(!has_cjk(ne) && !has_cjk(se), "{intent}: CJK in English");
            assert!(has_cjk(nz) && has_cjk(sz), "{intent}: no CJK in Chinese");
            assert!(
                !ne.contains('_') && !nz.contains('_'),
                "{intent}: raw label leaked"
            );
            // Needs are fragments that follow "Customer …" / "客户…".
            assert!(
                ne.starts_with(|c: char| c.is_ascii_lowercase()),
                "{intent}: {ne}"
            );
            assert!(!ne.ends_with('.') && !nz.ends_with('。'), "{intent}");
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
    }

    #[test]
    fn intents_list_has_no_duplicates() {
        let mut v = INTENTS.to_vec();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v.len(), INTENTS.len());
        assert_eq!(INTENTS.len(), 28);
    }

    #[test]
    fn examples_from_the_spec() {
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
        ];
        let zh: Vec<String> = kinds.iter().map(|k| entity(k, Lang::Zh)).collect();
        assert_eq!(
            zh,
            ["订单号", "手机号", "邮箱", "金额", "身份证号", "银行卡号"]
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
