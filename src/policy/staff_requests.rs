//! A request that the shop change or cancel something itself, with the details to act on
//! (`[staff_requests]`): "那麻烦帮我改成米白 订单2026121906612378", "please cancel order #A559102 for
//! me". The nearest entry or the intent's reply gives the steps to do it oneself, which the
//! customer is past: they ask someone to act on that order, and only a person can.

use serde::{Deserialize, Serialize};

use super::cues;
use crate::text::entities::Entity;

/// The built-in `[staff_requests]` (`policy/staff_requests.toml`).
pub const BUILT_IN_STAFF_REQUESTS: &str = include_str!("../../policy/staff_requests.toml");

/// A message holding one of `asks` and one of `actions`, none of `unless`, and an order or
/// tracking number, a phone number or an email, asks staff to act (reason `needs_agent`).
/// Missing keys: the built-in ones (`policy/staff_requests.toml`); `asks = []`: off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StaffRequestRules {
    /// Words that ask the shop's side to do it (帮我, 麻烦你, "for me", "can you").
    pub asks: Vec<String>,
    /// What is asked: a change or a cancellation (改, 取消, "cancel", "update").
    pub actions: Vec<String>,
    /// Words that make it a question how to do it or a request to look something up.
    pub unless: Vec<String>,
}

impl Default for StaffRequestRules {
    fn default() -> Self {
        static BUILT_IN: std::sync::OnceLock<StaffRequestRules> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(StaffRequestRules::built_in).clone()
    }
}

impl StaffRequestRules {
    fn built_in() -> Self {
        // Through a copy without `#[serde(default)]`, whose derive would call `default` for the
        // values of missing keys.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            asks: Vec<String>,
            actions: Vec<String>,
            unless: Vec<String>,
        }
        let f: File =
            toml::from_str(BUILT_IN_STAFF_REQUESTS).expect("policy/staff_requests.toml parses");
        Self {
            asks: f.asks,
            actions: f.actions,
            unless: f.unless,
        }
    }

    /// The request `text` makes of staff, when it makes one; `entities` are the ones found in
    /// `text` (the classifier finds them once per message).
    pub fn request<'r>(&'r self, text: &str, entities: &[Entity]) -> Option<StaffRequest<'r>> {
        if self.asks.is_empty() || cues::matched_phrase(text, &self.unless).is_some() {
            return None;
        }
        let detail = entities
            .iter()
            .map(|e| e.kind)
            .find(|k| super::details::is_detail(*k))?;
        Some(StaffRequest {
            ask: cues::matched_phrase(text, &self.asks)?,
            action: cues::matched_phrase(text, &self.actions)?,
            detail: detail.as_str(),
        })
    }

    /// A policy file's keys that could never fire: asking with no action to ask for.
    pub fn check(&self) -> Result<(), String> {
        if !self.asks.is_empty() && self.actions.is_empty() {
            return Err(
                "staff_requests.actions is empty while asks is not (the rule could never fire; asks = [] turns it off)"
                    .into(),
            );
        }
        Ok(())
    }
}

/// What [`StaffRequestRules::request`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffRequest<'r> {
    /// The words that ask.
    pub ask: &'r str,
    /// The action asked for.
    pub action: &'r str,
    /// The kind of detail handed over (`order_number`, `phone`, `email`).
    pub detail: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::entities::extract;
    use crate::text::normalize::normalize;

    /// As the classifier reads a message: normalised, its entities found once.
    fn request(text: &str) -> Option<(String, &'static str)> {
        static RULES: std::sync::OnceLock<StaffRequestRules> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(StaffRequestRules::default);
        let text = normalize(text);
        rules
            .request(&text, &extract(&text))
            .map(|r| (r.action.to_string(), r.detail))
    }

    #[test]
    fn asking_staff_to_change_or_cancel_a_named_order_is_a_request() {
        for (text, action, detail) in [
            ("那麻烦帮我改成米白 订单2026121906612378", "改", "order_number"),
            (
                "please cancel order #A559102 for me, it hasnt shipped yet",
                "cancel",
                "order_number",
            ),
            (
                "亲 帮我把订单 DD20241219556 取消掉 东西还在仓库没发",
                "取消",
                "order_number",
            ),
            ("那麻烦帮我申请一下 改成3单元502 电话13811276604", "改", "phone"),
            (
                "hey can someone update the delivery address on order 4471203958? new one is 22 Baker Lane",
                "update",
                "order_number",
            ),
            (
                "can you guys request it then. tracking SF1420077312, new address 88 Harbour Rd",
                "request",
                "order_number",
            ),
        ] {
            assert_eq!(
                request(text),
                Some((action.to_string(), detail)),
                "{text}"
            );
        }
    }

    #[test]
    fn no_ask_no_details_a_how_question_or_a_look_up_is_not() {
        for text in [
            // nobody asked to act
            "need to cancel order 5510283 asap, it still says awaiting shipment",
            "订单 2024121803317 刚拍的 收货地址选成公司了 想改成家里 还没发货呢",
            // nothing to act on
            "拍错码了 本来要M拍成L了 还没发货 能帮我改成M吗",
            "can you change the colour for me",
            // how to do it, or a look-up
            "can you tell me how to cancel order 2026120855012347",
            "帮我查下 订单2026120855012347 还能不能取消",
            "那你能帮我看看退款到哪了吗 单号2026112255501287",
            // an exchange is not a change
            "can you explain the exchange policy for order 2026120855012347",
        ] {
            assert_eq!(request(text), None, "{text}");
        }
        let off = StaffRequestRules {
            asks: Vec::new(),
            ..StaffRequestRules::default()
        };
        let text = "please cancel order #A559102 for me";
        assert_eq!(off.request(text, &extract(text)), None);
        assert!(off.check().is_ok());
    }

    #[test]
    fn asks_without_actions_are_refused() {
        let broken = StaffRequestRules {
            actions: Vec::new(),
            ..StaffRequestRules::default()
        };
        assert!(broken.check().unwrap_err().contains("actions"));
        assert!(StaffRequestRules::default().check().is_ok());
    }
}
