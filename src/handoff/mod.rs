//! Handoffs to human agents: the record an agent works from, its status lifecycle, the summary
//! builder and the delivery (server-sent events, webhooks).

pub mod catalog;
pub mod chatwoot;
pub mod summary;
pub mod webhook;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::conversation::Customer;
use crate::policy::{Priority, Reason};
use crate::text::language::Language;
use crate::text::mask::EntityOut;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Accepted,
    Resolved,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            "resolved" => Some(Self::Resolved),
            _ => None,
        }
    }

    /// pending → accepted → resolved (pending → resolved too); repeating a transition is a no-op.
    pub fn can_move_to(self, to: Status) -> bool {
        matches!(
            (self, to),
            (Self::Pending, Self::Accepted)
                | (Self::Pending, Self::Resolved)
                | (Self::Accepted, Self::Resolved)
        )
    }

    pub fn is_active(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TranscriptTurn {
    pub at: DateTime<Utc>,
    /// "customer" or "bot".
    pub role: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IntentStep {
    pub intent: String,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Handoff {
    pub id: String,
    pub conversation_id: String,
    #[serde(default)]
    pub tenant: Option<String>,
    #[serde(default)]
    pub customer: Option<Customer>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status: Status,
    pub queue: String,
    pub priority: Priority,
    pub reasons: Vec<Reason>,
    pub language: Language,
    /// One line: the main need and the key entities, in the customer's language.
    pub situation: String,
    pub intent_path: Vec<IntentStep>,
    pub sentiment_trajectory: Vec<f32>,
    /// What the bot already told the customer, small talk aside: where each answer came from
    /// ("[answered from the knowledge base: tracking-where]") and its text (first 240
    /// characters).
    pub bot_answers: Vec<String>,
    /// The last turns, personal data masked.
    pub transcript: Vec<TranscriptTurn>,
    pub entities: Vec<EntityOut>,
    pub suggested_next_step: String,
    /// The plain-text rendering an agent reads in seconds.
    pub text: String,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub accepted_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A change pushed to agent desks (SSE) and webhooks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandoffEvent {
    /// "handoff.created", "handoff.accepted", "handoff.resolved".
    pub event: String,
    pub handoff: Handoff,
    /// The Redis stream entry that carried it to this replica (the SSE event id, which a
    /// reconnecting client sends back as `Last-Event-ID`); `None` on the memory store.
    #[serde(skip)]
    pub stream_id: Option<String>,
}

impl HandoffEvent {
    pub fn new(h: &Handoff) -> Self {
        let event = match h.status {
            Status::Pending => "handoff.created",
            Status::Accepted => "handoff.accepted",
            Status::Resolved => "handoff.resolved",
        };
        Self {
            event: event.to_string(),
            handoff: h.clone(),
            stream_id: None,
        }
    }

    /// Stable per handoff and event: receivers drop repeats of an at-least-once delivery.
    pub fn idempotency_key(&self) -> String {
        format!("{}:{}", self.handoff.id, self.event)
    }

    /// The tenant that owns the handoff (records from before tenants belong to `default`).
    pub fn tenant(&self) -> &str {
        self.handoff.tenant()
    }
}

impl Handoff {
    /// The tenant that owns the handoff (records from before tenants belong to `default`).
    pub fn tenant(&self) -> &str {
        self.tenant
            .as_deref()
            .unwrap_or(crate::auth::DEFAULT_TENANT)
    }
}

/// Records for store tests.
#[cfg(test)]
pub mod testing {
    use super::*;

    pub fn handoff(id: &str, conversation: &str, queue: &str) -> Handoff {
        let now = Utc::now();
        Handoff {
            id: id.into(),
            conversation_id: conversation.into(),
            tenant: None,
            customer: None,
            created_at: now,
            updated_at: now,
            status: Status::Pending,
            queue: queue.into(),
            priority: Priority::Normal,
            reasons: vec![],
            language: Language::En,
            situation: String::new(),
            intent_path: vec![],
            sentiment_trajectory: vec![],
            bot_answers: vec![],
            transcript: vec![],
            entities: vec![],
            suggested_next_step: String::new(),
            text: String::new(),
            agent: None,
            accepted_at: None,
            resolved_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_transitions() {
        use Status::*;
        assert!(Pending.can_move_to(Accepted));
        assert!(Accepted.can_move_to(Resolved));
        assert!(Pending.can_move_to(Resolved));
        assert!(!Resolved.can_move_to(Accepted));
        assert!(!Accepted.can_move_to(Pending));
        assert!(!Resolved.can_move_to(Pending));
        assert!(Pending.is_active() && Accepted.is_active() && !Resolved.is_active());
        assert_eq!(Status::parse("accepted"), Some(Accepted));
        assert_eq!(Status::parse("nope"), None);
    }
}
