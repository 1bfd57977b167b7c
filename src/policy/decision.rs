//! What the rules read and what they decide: the message's signals, the conversation so far,
//! and the decision with its stable reason codes.

use serde::{Deserialize, Serialize};

use super::config::Priority;
use crate::text::entities::Entity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Answer,
    Clarify,
    Handoff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    High,
    Medium,
    Low,
}

/// Stable reason codes: clients and dashboards key on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    UserRequested,
    OutOfScope,
    LowConfidence,
    Ambiguous,
    NegativeSentiment,
    SentimentTrend,
    RepeatedFailure,
    SensitiveIntent,
    Vip,
    /// A person already has this conversation; the bot stays silent until it is resolved.
    HandoffActive,
    /// The bot answers with a knowledge-base entry (an `answer` reason, not a handoff).
    FaqMatch,
    /// The best knowledge-base match is close but not sure (just below the threshold, or its
    /// intent disagrees with the message's): ask rather than answer beside the point.
    FaqNearMiss,
    /// The message is small talk (greeting, thanks, "are you there?", …): the bot replies.
    Smalltalk,
    /// The customer reports a problem only a person can resolve (`[handoff] agent_intents`).
    NeedsAgent,
    /// After the bot answered a need, the customer sends little but an order number, a phone
    /// number or an email: details a person needs to act on, which the bot cannot look up.
    DetailsProvided,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 15] = [
        Self::UserRequested,
        Self::OutOfScope,
        Self::LowConfidence,
        Self::Ambiguous,
        Self::NegativeSentiment,
        Self::SentimentTrend,
        Self::RepeatedFailure,
        Self::SensitiveIntent,
        Self::Vip,
        Self::HandoffActive,
        Self::FaqMatch,
        Self::FaqNearMiss,
        Self::Smalltalk,
        Self::NeedsAgent,
        Self::DetailsProvided,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::UserRequested => "user_requested",
            Self::OutOfScope => "out_of_scope",
            Self::LowConfidence => "low_confidence",
            Self::Ambiguous => "ambiguous",
            Self::NegativeSentiment => "negative_sentiment",
            Self::SentimentTrend => "sentiment_trend",
            Self::RepeatedFailure => "repeated_failure",
            Self::SensitiveIntent => "sensitive_intent",
            Self::Vip => "vip",
            Self::HandoffActive => "handoff_active",
            Self::FaqMatch => "faq_match",
            Self::FaqNearMiss => "faq_near_miss",
            Self::Smalltalk => "smalltalk",
            Self::NeedsAgent => "needs_agent",
            Self::DetailsProvided => "details_provided",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reason {
    pub code: ReasonCode,
    pub detail: String,
}

/// What the policy reads about one message.
#[derive(Debug, Clone)]
pub struct Signals<'a> {
    pub intent: &'a str,
    pub confidence: f32,
    pub margin: f32,
    pub oos_flag: bool,
    pub oos_score: Option<f32>,
    pub sentiment_score: Option<f32>,
    pub vip: bool,
    pub text: &'a str,
    /// The entities found in `text`.
    pub entities: &'a [Entity],
    /// The best knowledge-base match that answers, if the knowledge base has entries.
    pub faq: Option<FaqSignal<'a>>,
    /// The entries that answer, best first, as far down as the classifier ranked them (`faq`'s
    /// entry and runner-up are the first two), then those a follow-up rule may want from further
    /// down (the entry last answered with, the order state's): a rule that knows which entry the
    /// message means (`[places]`, `[order_state]`) looks its score up here.
    pub faq_ranking: &'a [RankedEntry<'a>],
    /// The best match when it is a handoff entry instead.
    pub handoff_entry: Option<HandoffEntrySignal<'a>>,
    /// The small-talk act the message is, if any.
    pub smalltalk: Option<SmalltalkSignal>,
    /// Why the head's reading is no guide although it may be confident, when it is not (a
    /// small-talk act the message's words are not, `[smalltalk] word_check`): the message is
    /// then as unsure as a low-confidence one, and this is the reason's detail.
    pub unsure_reading: Option<&'a str>,
}

/// A message recognised as small talk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmalltalkSignal {
    pub act: &'static str,
    /// Exactly a built-in example (lexicon), or the intent head's top label (with its
    /// confidence).
    pub exact: bool,
    pub confidence: f32,
    /// Read from the words, after an answer: the customer says it worked ("找到了 原来藏在设置里",
    /// "yep see it now, thx"; `[smalltalk] acknowledgements`), whatever the head makes of the
    /// rest.
    pub acknowledges: bool,
}

/// An entry that answers and its ranking score (the `score` of [`FaqSignal`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedEntry<'a> {
    pub id: &'a str,
    pub score: f32,
}

/// The knowledge-base entry most similar to the message.
#[derive(Debug, Clone, Copy)]
pub struct FaqSignal<'a> {
    pub id: &'a str,
    /// Cosine similarity of the message to the entry's closest example question.
    pub similarity: f32,
    /// The ranking score compared with the threshold: the similarity, plus `[faq] intent_bonus`
    /// when the entry is linked to the message's (confident) intent.
    pub score: f32,
    /// Score of the next-best entry: within `[faq] margin` the match is ambiguous.
    pub runner_up: Option<f32>,
    /// The next-best entry and the intent it answers (whether it, too, continues the
    /// conversation's topic).
    pub runner_up_id: Option<&'a str>,
    pub runner_up_intent: Option<&'a str>,
    /// The intent the entry answers (`None`: any).
    pub intent: Option<&'a str>,
}

/// The knowledge base's best match when it is a handoff entry (a topic the bot must not
/// answer, [`crate::kb::Entry::handoff`]); [`Signals::faq`] is then the best entry that answers.
#[derive(Debug, Clone, Copy)]
pub struct HandoffEntrySignal<'a> {
    pub id: &'a str,
    pub score: f32,
    /// Score of the next-best entry of any kind.
    pub runner_up: Option<f32>,
    /// Its queue, when it names one.
    pub queue: Option<&'a str>,
}

/// What the decision did with the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaqUse {
    /// Answer with the best match.
    Answer,
    /// Near miss: offer the candidate questions.
    Clarify,
}

/// What the policy reads about the conversation before this message.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub previous_action: Option<Action>,
    /// Top intent of the previous customer turn.
    pub previous_intent: Option<String>,
    /// The knowledge-base entry the previous customer turn was answered with.
    pub previous_faq: Option<String>,
    /// The intent that entry is linked to (filled in by whoever holds the knowledge base).
    pub previous_faq_intent: Option<String>,
    /// Highest cosine similarity of this message to an earlier turn the bot answered.
    pub max_similarity_to_answered: Option<f32>,
    /// Bot failures counted so far.
    pub failures: u32,
    /// Sentiment scores of earlier customer turns, oldest first.
    pub sentiments: Vec<f32>,
    /// Whether the bot already asked a clarifying question in this conversation.
    pub clarified: bool,
    /// Last in-scope intent seen (routes a handoff whose current message is vague).
    pub last_in_scope_intent: Option<String>,
    /// A handoff is pending or accepted: the bot stays silent.
    pub handoff_active: bool,
    /// The options of the previous turn when it was a clarifying question, in the order shown
    /// (the Chatwoot bot numbers them): a reply "2" / "第二个" / "the second one" picks one.
    pub offered: Vec<Offer>,
}

impl History {
    /// The topic the bot last answered or asked about: the intent of the entry it answered
    /// with, else the intent of the need it answered or asked about.
    pub fn last_topic(&self) -> Option<&str> {
        if !matches!(self.previous_action, Some(Action::Answer | Action::Clarify)) {
            return None;
        }
        match &self.previous_faq {
            Some(_) => self.previous_faq_intent.as_deref(),
            None => self.previous_intent.as_deref(),
        }
    }

    /// What the bot's last turn answered when it answered a need, not small talk: the entry it
    /// gave, else the intent whose reply it gave.
    pub fn answered_need(&self) -> Option<&str> {
        if self.previous_action != Some(Action::Answer) {
            return None;
        }
        self.previous_faq.as_deref().or(self
            .previous_intent
            .as_deref()
            .filter(|i| !crate::smalltalk::is_act(i)))
    }
}

/// One option of a clarifying question: a knowledge-base entry (`faq_candidates`) or an intent
/// (`clarify_options`, when no entries were offered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Offer {
    Entry(String),
    Intent(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub action: Action,
    pub reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// This message shows the bot failed (same need again, "that's not what I asked", an
    /// unresolved clarify).
    pub bot_failed: bool,
    /// Failures counted in the conversation including this message.
    pub failures: u32,
    /// Whether the knowledge base's best match answers, or is offered in a clarify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqUse>,
    /// The entry an answer is from when a rule chose it over the best match (`[places]`: the
    /// destination decides between the shipping entries); `None`: the best match.
    #[serde(skip)]
    pub faq_entry: Option<String>,
    /// What a handoff is about when a rule knows it better than the intent: a handoff entry's
    /// id, or [`PRODUCT_QUESTION`] for a question about the product itself. The agent's card
    /// names it ("when will it be back in stock" read as track_refund is no refund question).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// [`Decision::topic`] of a pre-sale question about the product itself (`[handoff]
/// product_phrases`).
pub const PRODUCT_QUESTION: &str = "product_question";

impl Decision {
    /// A decision that routes nowhere, uses no knowledge-base entry and is no bot failure (an
    /// active handoff's silence, a small-talk reply).
    pub(super) fn without_route(action: Action, reasons: Vec<Reason>, failures: u32) -> Self {
        Self {
            action,
            reasons,
            queue: None,
            priority: None,
            bot_failed: false,
            failures,
            faq: None,
            faq_entry: None,
            topic: None,
        }
    }
}
