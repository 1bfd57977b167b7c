//! Conversation context: the customer turns with their analysis, bot failures, clarify state and
//! the active handoff — what the policy needs to judge a message in context.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::metrics::ranking::cosine;
use crate::policy::{Action, History, Offer, ReasonCode};
use crate::text::language::Language;
use crate::text::mask::EntityOut;

/// Who is writing, as the client says (`customer` in a classify request).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Customer {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub vip: bool,
}

/// Turns kept per conversation (older ones are dropped; a handoff carries the last few).
pub const MAX_TURNS: usize = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Turn {
    pub at: DateTime<Utc>,
    /// The message with personal data masked: raw text is never stored.
    pub text: String,
    pub language: Language,
    pub intent: String,
    pub confidence: f32,
    pub oos: bool,
    pub sentiment: Option<f32>,
    pub action: Action,
    pub reasons: Vec<ReasonCode>,
    /// What the bot replied (FAQ answer, or the intent it answered / options it offered).
    #[serde(default)]
    pub bot_reply: Option<String>,
    /// The knowledge-base entry the bot answered with (absent in turns stored before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<String>,
    /// The options of a clarifying question, in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offered: Vec<Offer>,
    #[serde(default)]
    pub entities: Vec<EntityOut>,
    /// Pooled embedding (f16-rounded), to recognise the same need asked again.
    #[serde(default)]
    pub embedding: Vec<f32>,
}

impl Turn {
    /// The bot answered it as small talk.
    pub fn is_smalltalk(&self) -> bool {
        self.reasons.contains(&ReasonCode::Smalltalk)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    #[serde(default)]
    pub tenant: Option<String>,
    #[serde(default)]
    pub customer: Option<Customer>,
    pub turns: Vec<Turn>,
    pub failures: u32,
    pub clarified: bool,
    /// The latest handoff of this conversation (its status says whether it is still active).
    #[serde(default)]
    pub handoff_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Conversation {
    pub fn new(id: &str, tenant: Option<String>, customer: Option<Customer>) -> Self {
        let now = Utc::now();
        Self {
            id: id.to_string(),
            tenant,
            customer,
            turns: Vec::new(),
            failures: 0,
            clarified: false,
            handoff_id: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// The turns that carry a need, oldest first. Small talk ("谢谢", "hi") is neither a need
    /// nor an answer to one, and its politeness is not the customer's mood.
    pub fn needs(&self) -> impl DoubleEndedIterator<Item = &Turn> {
        self.turns.iter().filter(|t| !t.is_smalltalk())
    }

    /// Summarises the conversation for the policy, relative to the new message's embedding.
    pub fn history(&self, embedding: &[f32], handoff_active: bool) -> History {
        // The turns before small talk decide whether the bot failed.
        let last = self.needs().next_back();
        History {
            previous_action: last.map(|t| t.action),
            previous_intent: last.map(|t| t.intent.clone()),
            previous_faq: last.and_then(|t| t.faq.clone()),
            previous_faq_intent: None,
            max_similarity_to_answered: self
                .needs()
                .filter(|t| t.action == Action::Answer)
                .filter_map(|t| cosine(&t.embedding, embedding))
                .reduce(f32::max),
            failures: self.failures,
            // A greeting's politeness is not the customer's mood: "你好" or "good morning"
            // scores far above any question, so a plain question two turns later read as a fall
            // (every sentiment_trend handoff on the tuning chats had a greeting at the start of
            // its window). The trend is read over the needs only.
            sentiments: self.needs().filter_map(|t| t.sentiment).collect(),
            clarified: self.clarified,
            last_in_scope_intent: self
                .needs()
                .rfind(|t| !t.oos && !t.reasons.contains(&ReasonCode::LowConfidence))
                .map(|t| t.intent.clone()),
            handoff_active,
            offered: last
                .filter(|t| t.action == Action::Clarify)
                .map(|t| t.offered.clone())
                .unwrap_or_default(),
        }
    }

    pub fn push(&mut self, turn: Turn) {
        self.turns.push(turn);
        if self.turns.len() > MAX_TURNS {
            let extra = self.turns.len() - MAX_TURNS;
            self.turns.drain(..extra);
        }
        self.updated_at = Utc::now();
    }
}

/// Rounds to f16 precision: halves what a stored embedding costs in JSON, changes no decision.
pub fn compact_embedding(v: &[f32]) -> Vec<f32> {
    v.iter().map(|x| half::f16::from_f32(*x).to_f32()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(intent: &str, action: Action, emb: Vec<f32>, sentiment: f32) -> Turn {
        Turn {
            at: Utc::now(),
            text: "x".into(),
            language: Language::En,
            intent: intent.into(),
            confidence: 0.9,
            oos: false,
            sentiment: Some(sentiment),
            action,
            reasons: vec![],
            bot_reply: None,
            faq: None,
            offered: vec![],
            entities: vec![],
            embedding: emb,
        }
    }

    #[test]
    fn history_summarises_turns() {
        let mut c = Conversation::new("c", None, None);
        c.push(turn("track_order", Action::Answer, vec![1.0, 0.0], 0.2));
        c.push(turn("get_refund", Action::Clarify, vec![0.0, 1.0], -0.1));
        let h = c.history(&[1.0, 0.0], false);
        assert_eq!(h.previous_action, Some(Action::Clarify));
        assert_eq!(h.previous_intent.as_deref(), Some("get_refund"));
        assert!((h.max_similarity_to_answered.unwrap() - 1.0).abs() < 1e-6);
        assert_eq!(h.sentiments, vec![0.2, -0.1]);
        assert_eq!(h.last_in_scope_intent.as_deref(), Some("get_refund"));
    }

    #[test]
    fn a_clarifys_options_are_offered_to_the_next_message_only() {
        let mut c = Conversation::new("c", None, None);
        let mut asked = turn("get_refund", Action::Clarify, vec![0.0, 1.0], 0.0);
        asked.offered = vec![Offer::Entry("a".into()), Offer::Entry("b".into())];
        c.push(asked.clone());
        assert_eq!(c.history(&[1.0, 0.0], false).offered, asked.offered);
        // Stored and read back (Redis keeps JSON), and absent in turns stored before.
        let json = serde_json::to_string(&c).unwrap();
        let back: Conversation = serde_json::from_str(&json).unwrap();
        assert_eq!(back.turns[0].offered, asked.offered);
        let old = json.replace(
            r#""offered":[{"kind":"entry","id":"a"},{"kind":"entry","id":"b"}],"#,
            "",
        );
        assert_ne!(old, json);
        let back: Conversation = serde_json::from_str(&old).unwrap();
        assert!(back.turns[0].offered.is_empty());
        // Once the customer answered, the options are spent.
        c.push(turn("get_refund", Action::Answer, vec![1.0, 0.0], 0.0));
        assert!(c.history(&[1.0, 0.0], false).offered.is_empty());
    }

    #[test]
    fn small_talk_turns_are_not_needs() {
        let mut c = Conversation::new("c", None, None);
        c.push(turn("track_order", Action::Answer, vec![1.0, 0.0], 0.2));
        let mut thanks = turn("thanks", Action::Answer, vec![0.0, 1.0], 0.5);
        thanks.reasons = vec![ReasonCode::Smalltalk];
        c.push(thanks);
        let h = c.history(&[0.0, 1.0], false);
        // The need before the thanks decides; the thanks is not an answered need.
        assert_eq!(h.previous_intent.as_deref(), Some("track_order"));
        assert!(h.max_similarity_to_answered.unwrap().abs() < 1e-6);
        assert_eq!(h.last_in_scope_intent.as_deref(), Some("track_order"));
        // Nor does its sentiment enter the trend window.
        assert_eq!(h.sentiments, vec![0.2]);
    }

    #[test]
    fn turns_are_bounded() {
        let mut c = Conversation::new("c", None, None);
        for _ in 0..(MAX_TURNS + 5) {
            c.push(turn("x", Action::Answer, vec![], 0.0));
        }
        assert_eq!(c.turns.len(), MAX_TURNS);
    }
}
