//! Where the order is, said right after the bot answered or asked about cancelling
//! (`[order_state]`): "还没发货 刚拍的", "it shipped this morning tho". The words name no topic of
//! their own, so the intent head reads them as tracking and the nearest entries are the
//! cancellation fee or what order statuses mean; in the light of the last topic they pick the
//! entry for that state (cancelling before or after shipment). A message that asks to cancel and
//! says the state itself ("刚拍的还没发货 想cancel") picks it too.

use serde::{Deserialize, Serialize};

use super::cues;
use super::decision::{Action, History};

/// The built-in `[order_state]` (`policy/order_state.toml`).
pub const BUILT_IN_ORDER_STATE: &str = include_str!("../../policy/order_state.toml");

/// Right after the bot answered or asked about one of `topics`, a message that says where the
/// order is gets `before_entry` or `after_entry`, when it would otherwise go to a person only for
/// being unsure or be answered from another entry, and it is read as nothing else (as the topic,
/// one of `readings`, or unsure); so does a message read as one of `intents` itself. A shipment
/// later than promised (`late_phrases`), an order or tracking number and a VIP are left to the
/// other rules. Missing keys: the built-in ones (`policy/order_state.toml`);
/// `topics = []`: off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrderStateRules {
    /// Intents of the last topic whose entries differ by where the order is.
    pub topics: Vec<String>,
    /// Intents of a message that say the topic itself: with a state, its entry answers.
    pub intents: Vec<String>,
    /// The entry for an order not shipped yet.
    pub before_entry: String,
    /// The entry for an order already shipped.
    pub after_entry: String,
    /// Intents the head reads a bare statement of the state as; read surely as another, the
    /// message says something else.
    pub readings: Vec<String>,
    /// Words that say the order has not shipped yet.
    pub before_phrases: Vec<String>,
    /// Words that say it has (looked for with `before_phrases` blanked).
    pub after_phrases: Vec<String>,
    /// Words that say the shipment is late: a complaint, not a state.
    pub late_phrases: Vec<String>,
}

impl Default for OrderStateRules {
    fn default() -> Self {
        static BUILT_IN: std::sync::OnceLock<OrderStateRules> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(OrderStateRules::built_in).clone()
    }
}

impl OrderStateRules {
    fn built_in() -> Self {
        // Through a copy without `#[serde(default)]`, whose derive would call `default` for the
        // values of missing keys.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            topics: Vec<String>,
            intents: Vec<String>,
            before_entry: String,
            after_entry: String,
            readings: Vec<String>,
            before_phrases: Vec<String>,
            after_phrases: Vec<String>,
            late_phrases: Vec<String>,
        }
        let f: File = toml::from_str(BUILT_IN_ORDER_STATE).expect("policy/order_state.toml parses");
        Self {
            topics: f.topics,
            intents: f.intents,
            before_entry: f.before_entry,
            after_entry: f.after_entry,
            readings: f.readings,
            before_phrases: f.before_phrases,
            after_phrases: f.after_phrases,
            late_phrases: f.late_phrases,
        }
    }

    /// The entry for the state `text` says the order is in, the phrase that says it, and the
    /// topic: the last one, when the bot last answered or asked about one of `topics` (or
    /// answered from one of the two entries), else `intent`, the message's own reading, when it
    /// is one of `intents`. `None` when it says neither state or both, or that the shipment is
    /// late.
    pub fn entry_for<'r>(
        &'r self,
        text: &str,
        intent: &'r str,
        h: &'r History,
    ) -> Option<OrderState<'r>> {
        if self.topics.is_empty() {
            return None;
        }
        let after_topic = matches!(h.previous_action, Some(Action::Answer | Action::Clarify));
        let given = h
            .previous_faq
            .as_deref()
            .filter(|f| after_topic && (*f == self.before_entry || *f == self.after_entry));
        let last = h
            .last_topic()
            .filter(|t| self.topics.iter().any(|x| x == t))
            .or(given);
        let own = Some(intent).filter(|i| self.intents.iter().any(|x| x == i));
        let (topic, follows) = match (last, own) {
            (Some(t), _) => (t, true),
            (None, Some(t)) => (t, false),
            (None, None) => return None,
        };
        if cues::matched_phrase(text, &self.late_phrases).is_some() {
            return None;
        }
        let before = cues::matched_phrase(text, &self.before_phrases);
        let after = cues::matched_phrase_except(text, &self.after_phrases, &self.before_phrases);
        let (entry, phrase) = match (before, after) {
            (Some(p), None) => (self.before_entry.as_str(), p),
            (None, Some(p)) => (self.after_entry.as_str(), p),
            _ => return None,
        };
        Some(OrderState {
            entry,
            phrase,
            topic,
            follows,
        })
    }

    /// A reading of the message as nothing but the state: one of the topics or `readings`.
    pub fn reads_as_state(&self, intent: &str) -> bool {
        self.topics
            .iter()
            .chain(&self.readings)
            .any(|i| i == intent)
    }
}

/// What [`OrderStateRules::entry_for`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderState<'r> {
    /// The state's entry.
    pub entry: &'r str,
    /// The words that say the state.
    pub phrase: &'r str,
    /// The last topic (an intent, or the entry last answered with), or the message's own intent.
    pub topic: &'r str,
    /// Whether the topic is the last one (else the message's own).
    pub follows: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(action: Action, intent: &str, faq: Option<(&str, &str)>) -> History {
        History {
            previous_action: Some(action),
            previous_intent: Some(intent.into()),
            previous_faq: faq.map(|(id, _)| id.into()),
            previous_faq_intent: faq.map(|(_, i)| i.into()),
            ..History::default()
        }
    }

    fn entry(text: &str, h: &History) -> Option<&'static str> {
        read_as(text, "track_order", h)
    }

    fn read_as(text: &str, intent: &str, h: &History) -> Option<&'static str> {
        static RULES: std::sync::OnceLock<OrderStateRules> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(OrderStateRules::default);
        rules.entry_for(text, intent, h).map(|s| match s.entry {
            "cancel-before-shipment" => "before",
            "cancel-after-shipment" => "after",
            other => panic!("{other}"),
        })
    }

    #[test]
    fn the_state_said_after_cancelling_picks_its_entry() {
        let answered = after(Action::Answer, "cancel_order", None);
        let asked = after(Action::Clarify, "cancel_order", None);
        let fee = after(
            Action::Answer,
            "track_order",
            Some(("cancellation-fee", "check_cancellation_fee")),
        );
        let given = after(
            Action::Answer,
            "cancel_order",
            Some(("cancel-before-shipment", "whatever_intent")),
        );
        for (text, h, want) in [
            ("还没发货 刚拍的", &answered, "before"),
            ("还在打包 没发出来", &asked, "before"),
            ("today's order, hasn't been shipped", &fee, "before"),
            ("已经发货了呢", &asked, "after"),
            ("if it already shipped?", &given, "after"),
            ("it went out with the courier this morning", &fee, "after"),
        ] {
            assert_eq!(entry(text, h), Some(want), "{text}");
        }
    }

    #[test]
    fn no_state_both_states_a_late_shipment_or_another_topic_pick_nothing() {
        let answered = after(Action::Answer, "cancel_order", None);
        for text in [
            "取消要手续费吗",
            "刚拍的 已经发货了",
            "可你们页面上写的11号发货 今天都15号了还没发呢",
            "it was supposed to ship monday and it hasnt shipped",
        ] {
            assert_eq!(entry(text, &answered), None, "{text}");
        }
        for h in [
            after(Action::Answer, "change_shipping_address", None),
            after(Action::Handoff, "cancel_order", None),
            History::default(),
        ] {
            assert_eq!(entry("还没发货", &h), None, "{h:?}");
        }
        let off = OrderStateRules {
            topics: Vec::new(),
            ..OrderStateRules::default()
        };
        assert_eq!(off.entry_for("还没发货", "cancel_order", &answered), None);
    }

    #[test]
    fn a_message_that_asks_to_cancel_and_says_the_state_picks_its_entry() {
        let fresh = History::default();
        assert_eq!(
            read_as(
                "刚拍的还没发货 想cancel 在app哪里弄",
                "cancel_order",
                &fresh
            ),
            Some("before")
        );
        assert_eq!(
            read_as(
                "my order went out this morning, can i still cancel",
                "cancel_order",
                &fresh
            ),
            Some("after")
        );
        // The fee question is the fee entry's; tracking alone names no topic.
        assert_eq!(
            read_as(
                "is there a fee to cancel if it hasnt shipped yet?",
                "check_cancellation_fee",
                &fresh
            ),
            None
        );
        assert_eq!(read_as("还没发货", "track_order", &fresh), None);
    }
}
