//! The wire types of `POST /v1/classify` (and `triage classify`): what a client sends, what it
//! gets back, and the errors it can be told about. Kept apart from the pipeline so the API's
//! shape can be read (and reviewed against `openapi.json`) without the machinery behind it.

use serde::{Deserialize, Serialize};

use crate::engine::EngineError;
use crate::handoff::Handoff;
use crate::model::{ModelInfo, Ranked};
use crate::policy::{Action, Band, Priority, Reason};
use crate::store::StoreError;
use crate::text::language::Language;

pub const DEFAULT_TOP_K: usize = 3;
pub const MAX_TOP_K: usize = 100;
/// The longest conversation id (and other client-chosen id) accepted: ids become store keys
/// and are kept with every turn, so an unbounded one is a memory attack.
pub const MAX_ID_BYTES: usize = 128;

// Defined where the layers below use them (a conversation records its customer, a handoff its
// masked entities); re-exported here as part of the classify API.
pub use crate::conversation::Customer;
pub use crate::text::mask::EntityOut;

#[derive(Debug, Clone, Deserialize)]
pub struct ClassifyRequest {
    pub text: String,
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub customer: Option<Customer>,
    #[serde(default)]
    pub top_k: Option<usize>,
    /// Selects the tenant's policy overrides. With API keys the tenant is the key's, and a
    /// different one here is refused (403).
    #[serde(default)]
    pub tenant: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntentOut {
    pub label: String,
    pub confidence: f32,
    pub band: Band,
    pub margin: f32,
    pub top: Vec<Ranked>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutOfScopeOut {
    /// Distance-based score: 1 − mean cosine to the nearest training examples.
    pub score: Option<f32>,
    pub threshold: Option<f32>,
    /// Probability of the intent head's out-of-scope class (when trained with one).
    pub probability: Option<f32>,
    pub flag: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentimentOut {
    pub label: String,
    /// p(positive) − p(negative), in [-1, 1].
    pub score: f32,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimingOut {
    pub total: f64,
    pub queue: f64,
    pub inference: f64,
    pub batch_size: usize,
}

/// The knowledge-base answer the bot gives (present when the decision answers with it).
#[derive(Debug, Clone, Serialize)]
pub struct FaqOut {
    pub id: String,
    /// The entry's example question that matched best.
    pub question: String,
    pub answer: String,
    /// Language of `answer`: the message's when the entry has it, else the other one.
    pub language: String,
    /// Cosine similarity of the message to `question`.
    pub similarity: f32,
    /// What was compared with the threshold: `similarity` plus the intent bonus when the entry
    /// is linked to the message's confident intent.
    pub score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
}

/// Where the bot's reply text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplySource {
    /// A knowledge-base answer (`faq` has the entry).
    Faq,
    /// The policy's `[smalltalk.replies.ACT]`.
    Smalltalk,
    /// The policy's `[responses.INTENT]`.
    Intent,
}

/// What the bot says, when it answers and has the text.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyOut {
    pub text: String,
    pub language: String,
    pub source: ReplySource,
}

/// Who produces the answer's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandledBy {
    /// `reply` holds it.
    Bot,
    /// No text for this intent: the client's own flow answers it (`reply` is null).
    Client,
}

/// A knowledge-base question offered in a clarify ("Did you mean …?").
#[derive(Debug, Clone, Serialize)]
pub struct FaqCandidate {
    pub id: String,
    pub question: String,
    pub similarity: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassifyResponse {
    pub action: Action,
    pub reasons: Vec<Reason>,
    /// With `answer`: the text the bot sends (knowledge base, small talk or the intent's
    /// response), or null when it has none (`handled_by: "client"`). Null otherwise.
    pub reply: Option<ReplyOut>,
    /// With `answer`: `bot` when `reply` has the text, `client` when the client's own flow
    /// answers the intent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handled_by: Option<HandledBy>,
    /// With small talk: the act (`greeting`, `thanks`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smalltalk: Option<&'static str>,
    /// Skill group for a handoff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// With `clarify`: the options to offer the customer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clarify_options: Vec<Ranked>,
    /// With `answer` from the knowledge base: the entry and its answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqOut>,
    /// With a `faq_near_miss` clarify: the knowledge-base questions to offer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faq_candidates: Vec<FaqCandidate>,
    /// With `handoff` in a conversation: the stored handoff (new or still active).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handoff: Option<Handoff>,
    pub intent: IntentOut,
    pub out_of_scope: OutOfScopeOut,
    pub sentiment: Option<SentimentOut>,
    pub language: Language,
    /// Entities found in the message; personal ones (phones, emails, IDs, cards) masked.
    pub entities: Vec<EntityOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    pub tokens: usize,
    /// True when the message was longer than the model's token limit and was cut.
    pub truncated: bool,
    pub model: ModelInfo,
    pub timing_ms: TimingOut,
    /// This message created `handoff` (it was not already active): for the audit log.
    #[serde(skip)]
    pub handoff_created: bool,
}

/// What a classify call gives back: a new answer, or the one stored for its `Idempotency-Key`
/// (a client's retry), as it was sent.
pub enum Replied {
    Fresh(Box<ClassifyResponse>),
    Replay(String),
}

impl Replied {
    /// The new answer; a replay where none can be (no key given) is a bug.
    pub(super) fn fresh(self) -> Result<ClassifyResponse, ClassifyError> {
        match self {
            Self::Fresh(r) => Ok(*r),
            Self::Replay(_) => Err(ClassifyError::Store(StoreError::Corrupt(
                "a stored reply without an idempotency key".into(),
            ))),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("text is {chars} characters; the limit is {limit}")]
    TooLong { chars: usize, limit: usize },
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ClassifyError {
    pub(super) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_source_and_handled_by_are_written_as_the_api_documents_them() {
        let names = |v: serde_json::Value| v.as_str().unwrap().to_string();
        assert_eq!(names(serde_json::json!(ReplySource::Faq)), "faq");
        assert_eq!(
            names(serde_json::json!(ReplySource::Smalltalk)),
            "smalltalk"
        );
        assert_eq!(names(serde_json::json!(ReplySource::Intent)), "intent");
        assert_eq!(names(serde_json::json!(HandledBy::Bot)), "bot");
        assert_eq!(names(serde_json::json!(HandledBy::Client)), "client");
    }

    #[test]
    fn a_request_needs_only_its_text() {
        let r: ClassifyRequest = serde_json::from_str(r#"{"text": "where is my parcel"}"#).unwrap();
        assert_eq!(r.text, "where is my parcel");
        assert!(r.conversation_id.is_none() && r.customer.is_none());
        assert!(r.top_k.is_none() && r.tenant.is_none());
    }

    #[test]
    fn a_replay_where_a_fresh_answer_is_due_is_an_error_not_a_silent_success() {
        match Replied::Replay("{}".into()).fresh() {
            Err(ClassifyError::Store(StoreError::Corrupt(m))) => {
                assert!(m.contains("idempotency key"), "{m}")
            }
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("a replay passed for a fresh answer"),
        }
    }

    #[test]
    fn errors_name_the_field_and_the_limit() {
        let e = ClassifyError::invalid("top_k", "top_k must be between 1 and 100");
        assert!(matches!(&e, ClassifyError::Invalid { field, .. } if field == "top_k"));
        assert_eq!(e.to_string(), "top_k must be between 1 and 100");
        let e = ClassifyError::TooLong {
            chars: 5000,
            limit: 4000,
        };
        assert_eq!(e.to_string(), "text is 5000 characters; the limit is 4000");
    }
}
