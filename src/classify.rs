//! The classify pipeline shared by `POST /v1/classify` and `triage classify`:
//! normalise → validate → tokenize → one batched encoder pass → policy → response.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::auth::DEFAULT_TENANT;
use crate::conversation::{compact_embedding, Conversation, Turn};
use crate::engine::{Engine, EngineError, EngineTiming};
use crate::handoff::{summary, Handoff, HandoffEvent};
use crate::kb::{Embedder, KbStore};
use crate::model::{Analysis, Manifest, Model, ModelInfo, Ranked};
use crate::policy::{
    self, Action, Band, Decision, FaqSignal, FaqUse, History, Policy, PolicyConfig, Priority,
    Reason, ReasonCode, Signals, SmalltalkSignal,
};
use crate::store::{Store, StoreError, TurnWrite};
use crate::text::{self, language::Language};

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

impl Replied {
    /// The new answer; a replay where none can be (no key given) is a bug.
    fn fresh(self) -> Result<ClassifyResponse, ClassifyError> {
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
    fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// The out-of-scope decision: the distance score at or above the model's threshold, or the intent
/// head's out-of-scope class at least as likely as the top intent. Shared by serving and `eval`.
pub fn out_of_scope_flag(m: &Manifest, a: &Analysis) -> bool {
    let top = a.intent.top();
    let threshold = m.oos.as_ref().map(|o| o.threshold);
    matches!((a.oos_score, threshold), (Some(s), Some(t)) if s >= t)
        || a.oos_prob.is_some_and(|p| p >= top.confidence)
}

/// The sentiment output: top label and p(positive) − p(negative).
pub fn sentiment_of(model: &Model, a: &Analysis) -> Option<SentimentOut> {
    a.sentiment.as_ref().and_then(|s| {
        let labels = &model.sentiment.as_ref()?.labels;
        let score = s.prob_of(labels, "positive") - s.prob_of(labels, "negative");
        Some(SentimentOut {
            label: s.top().label.clone(),
            score,
            confidence: s.top().confidence,
        })
    })
}

fn signals_of<'a>(
    intent: &'a IntentOut,
    oos: &OutOfScopeOut,
    sentiment: Option<&SentimentOut>,
    vip: bool,
    text: &'a str,
    faq: Option<FaqSignal<'a>>,
    smalltalk: Option<SmalltalkSignal>,
) -> Signals<'a> {
    Signals {
        intent: &intent.label,
        confidence: intent.confidence,
        margin: intent.margin,
        oos_flag: oos.flag,
        oos_score: oos.score,
        sentiment_score: sentiment.map(|s| s.score),
        vip,
        text,
        faq,
        smalltalk,
    }
}

/// The small-talk act of a message: exactly a built-in example (whatever the head says), or the
/// head's top intent when that is an act at `[smalltalk] min_confidence` or above.
pub fn smalltalk_of(
    text: &str,
    intent: &IntentOut,
    oos_label: &str,
    cfg: &PolicyConfig,
) -> Option<SmalltalkSignal> {
    if !cfg.smalltalk.enabled {
        return None;
    }
    if let Some(act) = crate::smalltalk::lexical(text) {
        return Some(SmalltalkSignal {
            act,
            exact: true,
            confidence: 1.0,
        });
    }
    // A question riding along ("are you a bot? I need my refund") shows as a shop intent in
    // second place: then the message is not small talk alone.
    let question_too = intent.top.iter().skip(1).any(|r| {
        !crate::smalltalk::is_act(&r.label) && r.label != oos_label && r.confidence >= 0.1
    });
    crate::smalltalk::act(&intent.label)
        .filter(|_| intent.confidence >= cfg.smalltalk.min_confidence && !question_too)
        .map(|act| SmalltalkSignal {
            act,
            exact: false,
            confidence: intent.confidence,
        })
}

/// What `POST /v1/classify` decides for one message sent without a `conversation_id` (no
/// history): the same out-of-scope flag, thresholds (manifest + policy overrides) and rules.
/// `text` is the normalised message. Used by `triage eval` so offline numbers cannot drift from
/// serving.
pub fn decide_message(
    model: &Model,
    cfg: &PolicyConfig,
    text: &str,
    a: &Analysis,
    vip: bool,
) -> (Decision, bool) {
    let thresholds = policy::thresholds_for(
        &model.manifest.thresholds,
        cfg,
        text::language::detect(text).as_str(),
    );
    let top = a.intent.top();
    let intent = IntentOut {
        label: top.label.clone(),
        confidence: top.confidence,
        band: policy::band(top.confidence, &thresholds, &top.label),
        margin: a.intent.margin(),
        top: a
            .intent
            .ranking
            .iter()
            .take(DEFAULT_TOP_K)
            .cloned()
            .collect(),
    };
    let oos = OutOfScopeOut {
        score: a.oos_score,
        threshold: model.manifest.oos.as_ref().map(|o| o.threshold),
        probability: a.oos_prob,
        flag: out_of_scope_flag(&model.manifest, a),
    };
    let sentiment = sentiment_of(model, a);
    // Offline evaluation scores the intent model; the knowledge base is evaluated with --pairs.
    let smalltalk = smalltalk_of(text, &intent, model.manifest.oos_label(), cfg);
    let signals = signals_of(
        &intent,
        &oos,
        sentiment.as_ref(),
        vip,
        text,
        None,
        smalltalk,
    );
    let d = policy::decide(&signals, &History::default(), &thresholds, cfg);
    (d, oos.flag)
}

/// The act, when the decision answered the message as small talk.
fn answered_smalltalk(st: Option<SmalltalkSignal>, d: &Decision) -> Option<&'static str> {
    st.filter(|_| d.reasons.iter().any(|r| r.code == ReasonCode::Smalltalk))
        .map(|st| st.act)
}

/// The knowledge-base entries closest to a message, best first, as the policy weighs them.
fn faq_hits<'k>(
    kb: &'k crate::kb::KbIndex,
    intent: &IntentOut,
    embedding: &[f32],
    language: Language,
    cfg: &PolicyConfig,
) -> Vec<crate::kb::Hit<'k>> {
    // The intent is evidence for the entry it agrees with when it is sure enough to answer
    // (not merely to route: at 0.6 "签收了但是我没收到" read as track_order lifted the
    // tracking entry into an answer beside the point).
    let boost = (intent.band != Band::Low).then_some(intent.label.as_str());
    kb.search_in(
        embedding,
        Some(language.as_str()),
        cfg.faq.candidates.max(2),
        boost,
        cfg.faq.intent_bonus,
    )
}

/// The bot's reply for an `answer`: the knowledge-base answer, the small-talk reply, or the
/// intent's response from the policy; `None` for other actions or when there is no text.
fn reply_of(
    d: &Decision,
    faq: Option<&FaqOut>,
    smalltalk: Option<&'static str>,
    intent: &str,
    language: Language,
    cfg: &PolicyConfig,
) -> Option<ReplyOut> {
    if d.action != Action::Answer {
        return None;
    }
    if let Some(f) = faq {
        return Some(ReplyOut {
            text: f.answer.clone(),
            language: f.language.clone(),
            source: ReplySource::Faq,
        });
    }
    let (table, key, source) = match smalltalk {
        Some(act) => (&cfg.smalltalk.replies, act, ReplySource::Smalltalk),
        None => (&cfg.responses.0, intent, ReplySource::Intent),
    };
    let (lang, text) = table.get(key)?.pick(language.as_str())?;
    Some(ReplyOut {
        text: text.to_string(),
        language: lang.to_string(),
        source,
    })
}

/// A validated, normalised message ready for the engine.
pub struct Prepared {
    pub text: String,
    pub language: Language,
    pub tokens: crate::model::Tokenized,
    pub top_k: usize,
}

/// What a classify call gives back: a new answer, or the one stored for its `Idempotency-Key`
/// (a client's retry), as it was sent.
pub enum Replied {
    Fresh(Box<ClassifyResponse>),
    Replay(String),
}

pub struct Classifier {
    pub engine: Arc<Engine>,
    pub policy: Policy,
    pub store: Arc<Store>,
    /// Handoff events for live subscribers (SSE); None when nobody listens (CLI).
    pub events: Option<tokio::sync::broadcast::Sender<HandoffEvent>>,
    /// Put handoff events in the store's outbox for webhook delivery.
    pub webhooks: bool,
    pub max_text_chars: usize,
    /// The FAQ knowledge base of tenant `default` (empty unless one was configured).
    pub kb: Arc<KbStore>,
    /// Other tenants' knowledge bases (`[tenants.NAME] kb`); a tenant without one has none.
    tenant_kbs: HashMap<String, Arc<KbStore>>,
    no_kb: Arc<KbStore>,
}

/// The per-message analysis, before the conversation and the policy.
struct Analyzed {
    intent: IntentOut,
    oos: OutOfScopeOut,
    sentiment: Option<SentimentOut>,
    entities: Vec<EntityOut>,
    embedding: Vec<f32>,
}

impl Classifier {
    pub fn new(
        engine: Arc<Engine>,
        policy: Policy,
        store: Arc<Store>,
        events: Option<tokio::sync::broadcast::Sender<HandoffEvent>>,
        webhooks: bool,
        max_text_chars: usize,
    ) -> Self {
        let embedder: Arc<dyn Embedder> = engine.model().clone();
        Self {
            kb: Arc::new(KbStore::disabled(embedder.clone())),
            tenant_kbs: HashMap::new(),
            no_kb: Arc::new(KbStore::disabled(embedder)),
            engine,
            policy,
            store,
            events,
            webhooks,
            max_text_chars,
        }
    }

    /// Answers tenant `default` from this knowledge base.
    pub fn with_kb(mut self, kb: Arc<KbStore>) -> Self {
        self.kb = kb;
        self
    }

    /// Answers `tenant` from its own knowledge base.
    pub fn with_tenant_kb(mut self, tenant: &str, kb: Arc<KbStore>) -> Self {
        if tenant == DEFAULT_TENANT {
            self.kb = kb;
        } else {
            self.tenant_kbs.insert(tenant.to_string(), kb);
        }
        self
    }

    /// The knowledge base that answers `tenant`'s customers and that its admins edit.
    pub fn kb_for(&self, tenant: &str) -> &Arc<KbStore> {
        if tenant == DEFAULT_TENANT {
            &self.kb
        } else {
            self.tenant_kbs.get(tenant).unwrap_or(&self.no_kb)
        }
    }

    pub fn prepare(&self, req: &ClassifyRequest, field: &str) -> Result<Prepared, ClassifyError> {
        let chars = req.text.chars().count();
        if chars > self.max_text_chars {
            return Err(ClassifyError::TooLong {
                chars,
                limit: self.max_text_chars,
            });
        }
        let text = text::normalize::normalize(&req.text);
        if text.is_empty() {
            return Err(ClassifyError::invalid(field, "text is empty"));
        }
        if let Some(cid) = &req.conversation_id {
            if cid.len() > MAX_ID_BYTES {
                return Err(ClassifyError::invalid(
                    "conversation_id",
                    format!("conversation_id must be at most {MAX_ID_BYTES} bytes"),
                ));
            }
        }
        if let Some(c) = req.customer.as_ref().and_then(|c| c.id.as_deref()) {
            if c.len() > MAX_ID_BYTES {
                return Err(ClassifyError::invalid(
                    "customer.id",
                    format!("customer.id must be at most {MAX_ID_BYTES} bytes"),
                ));
            }
        }
        let top_k = req.top_k.unwrap_or(DEFAULT_TOP_K);
        if top_k == 0 || top_k > MAX_TOP_K {
            return Err(ClassifyError::invalid(
                "top_k",
                format!("top_k must be between 1 and {MAX_TOP_K}"),
            ));
        }
        let tokens = self
            .engine
            .model()
            .tokenize(&text)
            .map_err(|e| ClassifyError::Engine(e.into()))?;
        Ok(Prepared {
            language: text::language::detect(&text),
            text,
            tokens,
            top_k,
        })
    }

    /// As [`Self::classify`], plus the knowledge base's ranking for the message as the policy
    /// saw it (`(entry id, score)`, best first), answered or not: for `triage eval --faq`.
    pub async fn classify_with_faq_ranking(
        &self,
        req: &ClassifyRequest,
    ) -> Result<(ClassifyResponse, Vec<(String, f32)>), ClassifyError> {
        let started = Instant::now();
        let p = self.prepare(req, "text")?;
        let (analysis, timing) = self.engine.analyze(p.tokens.clone()).await?;
        let resp = self
            .respond(DEFAULT_TENANT, req, &p, &analysis, timing, started, None)
            .await?
            .fresh()?;
        let cfg = self.policy.for_tenant(req.tenant.as_deref());
        let kb = self.kb.snapshot();
        let ranking = faq_hits(&kb, &resp.intent, &analysis.embedding, p.language, cfg)
            .iter()
            .map(|h| (h.entry.id.clone(), h.score))
            .collect();
        Ok((resp, ranking))
    }

    /// Classifies a message of tenant `default`.
    pub async fn classify(&self, req: &ClassifyRequest) -> Result<ClassifyResponse, ClassifyError> {
        self.classify_for(DEFAULT_TENANT, req).await
    }

    /// Classifies a message of `tenant`: its conversations, handoffs and knowledge base.
    /// (`req.tenant` picks the policy overrides; the server sets it to the key's tenant.)
    pub async fn classify_for(
        &self,
        tenant: &str,
        req: &ClassifyRequest,
    ) -> Result<ClassifyResponse, ClassifyError> {
        self.classify_keyed(tenant, req, None).await?.fresh()
    }

    /// [`Self::classify_for`] with the client's `Idempotency-Key`: in a conversation, a key
    /// already answered gets that answer back and the conversation is left as it is.
    pub async fn classify_keyed(
        &self,
        tenant: &str,
        req: &ClassifyRequest,
        key: Option<&str>,
    ) -> Result<Replied, ClassifyError> {
        let started = Instant::now();
        let p = self.prepare(req, "text")?;
        // A retry of a conversation message answered before skips the model too.
        if let (Some(k), Some(_)) = (key, &req.conversation_id) {
            if let Some(raw) = self.store.get_reply(tenant, k).await? {
                return Ok(Replied::Replay(raw));
            }
        }
        let (analysis, timing) = self.engine.analyze(p.tokens.clone()).await?;
        self.respond(tenant, req, &p, &analysis, timing, started, key)
            .await
    }

    /// Items are decided in order, so several messages of one conversation in a batch see each other.
    pub async fn classify_batch(
        &self,
        reqs: &[ClassifyRequest],
    ) -> Result<Vec<ClassifyResponse>, ClassifyError> {
        self.classify_batch_for(DEFAULT_TENANT, reqs).await
    }

    /// [`Self::classify_batch`] for `tenant`.
    pub async fn classify_batch_for(
        &self,
        tenant: &str,
        reqs: &[ClassifyRequest],
    ) -> Result<Vec<ClassifyResponse>, ClassifyError> {
        let started = Instant::now();
        let prepared: Vec<Prepared> = reqs
            .iter()
            .enumerate()
            .map(|(i, r)| self.prepare(r, &format!("items[{i}].text")))
            .collect::<Result<_, _>>()?;
        let results = self
            .engine
            .analyze_many(prepared.iter().map(|p| p.tokens.clone()).collect())
            .await?;
        let mut out = Vec::with_capacity(reqs.len());
        for ((r, p), (a, t)) in reqs.iter().zip(&prepared).zip(results) {
            out.push(
                self.respond(tenant, r, p, &a, t, started, None)
                    .await?
                    .fresh()?,
            );
        }
        Ok(out)
    }

    fn analyze(&self, p: &Prepared, a: &Analysis) -> Analyzed {
        let model = self.engine.model();
        let m = &model.manifest;
        let top = a.intent.top();
        let entities = text::entities::extract(&p.text);
        Analyzed {
            intent: IntentOut {
                label: top.label.clone(),
                confidence: top.confidence,
                band: Band::Low,
                margin: a.intent.margin(),
                top: a.intent.ranking.iter().take(p.top_k).cloned().collect(),
            },
            oos: OutOfScopeOut {
                score: a.oos_score,
                threshold: m.oos.as_ref().map(|o| o.threshold),
                probability: a.oos_prob,
                flag: out_of_scope_flag(m, a),
            },
            sentiment: sentiment_of(model, a),
            entities: entities.iter().map(EntityOut::from).collect(),
            embedding: a.embedding.clone(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn respond(
        &self,
        tenant: &str,
        req: &ClassifyRequest,
        p: &Prepared,
        a: &Analysis,
        timing: EngineTiming,
        started: Instant,
        key: Option<&str>,
    ) -> Result<Replied, ClassifyError> {
        let model = self.engine.model();
        let cfg = self.policy.for_tenant(req.tenant.as_deref());
        let thresholds =
            policy::thresholds_for(&model.manifest.thresholds, cfg, p.language.as_str());
        let mut an = self.analyze(p, a);
        an.intent.band = policy::band(an.intent.confidence, &thresholds, &an.intent.label);
        let vip = req.customer.as_ref().is_some_and(|c| c.vip);
        // Exact search of the tenant's current index (a pointer clone; a rebuild never blocks
        // this). Another tenant's entries are not in it, so they never answer this customer.
        let kb = self.kb_for(tenant).snapshot();
        let hits = faq_hits(&kb, &an.intent, &an.embedding, p.language, cfg);
        let faq = hits.first().map(|h| FaqSignal {
            id: &h.entry.id,
            similarity: h.similarity,
            score: h.score,
            runner_up: hits.get(1).map(|r| r.score),
            intent: h.entry.intent.as_deref(),
        });
        let smalltalk = smalltalk_of(&p.text, &an.intent, model.manifest.oos_label(), cfg);
        let signals = signals_of(
            &an.intent,
            &an.oos,
            an.sentiment.as_ref(),
            vip,
            &p.text,
            faq,
            smalltalk,
        );

        let mut handoff_created = false;
        // Written after the response is built, so a stored reply is exactly what was sent.
        let mut turn = None;
        let (decision, handoff) = match &req.conversation_id {
            None => (
                policy::decide(&signals, &History::default(), &thresholds, cfg),
                None,
            ),
            Some(cid) => {
                // From the read of the history to the write of the turn, this request alone
                // holds the conversation (here and on every replica sharing the store).
                let lease = self.store.lease(tenant, cid).await?;
                if let Some(k) = key {
                    // A retry that raced its original: answered while we waited.
                    if let Some(raw) = self.store.get_reply(tenant, k).await? {
                        return Ok(Replied::Replay(raw));
                    }
                }
                let mut conv = match self.store.get_conversation(tenant, cid).await? {
                    Some(c) => c,
                    None => Conversation::new(cid, Some(tenant.to_string()), req.customer.clone()),
                };
                if req.customer.is_some() {
                    conv.customer = req.customer.clone();
                }
                let active = match &conv.handoff_id {
                    Some(id) => self
                        .store
                        .get_handoff(tenant, id)
                        .await?
                        .filter(|h| h.status.is_active()),
                    None => None,
                };
                let history = conv.history(&an.embedding, active.is_some());
                let decision = policy::decide(&signals, &history, &thresholds, cfg);
                let faq_id = hits
                    .first()
                    .filter(|_| decision.faq == Some(FaqUse::Answer))
                    .map(|h| h.entry.id.as_str());
                let act = answered_smalltalk(smalltalk, &decision);
                conv.push(self.turn(p, &an, &decision, cfg.clarify.options, faq_id, act));
                conv.failures = decision.failures;
                conv.clarified |= decision.action == Action::Clarify;
                let (handoff, created) = match active {
                    Some(h) => (Some(h), None),
                    None if decision.action == Action::Handoff => {
                        let mut h = summary::build(&conv, &decision, p.language, &cfg.summary);
                        // The owner, whatever an older record of the conversation said: it
                        // routes the event (stream, webhooks).
                        h.tenant = Some(tenant.to_string());
                        conv.handoff_id = Some(h.id.clone());
                        (Some(h.clone()), Some(h))
                    }
                    None => (None, None),
                };
                handoff_created = created.is_some();
                turn = Some((lease, conv, created));
                (decision, handoff)
            }
        };
        let clarify_options = if decision.action == Action::Clarify {
            an.intent
                .top
                .iter()
                .take(cfg.clarify.options)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let faq = hits
            .first()
            .filter(|_| decision.faq == Some(FaqUse::Answer))
            .and_then(|h| {
                let (language, answer) = h.entry.answer_for(p.language.as_str())?;
                Some(FaqOut {
                    id: h.entry.id.clone(),
                    question: h.question.to_string(),
                    answer: answer.to_string(),
                    language: language.to_string(),
                    similarity: h.similarity,
                    score: h.score,
                    intent: h.entry.intent.clone(),
                })
            });
        let faq_candidates = if decision.faq == Some(FaqUse::Clarify) {
            hits.iter()
                .take(cfg.faq.candidates)
                .map(|h| FaqCandidate {
                    id: h.entry.id.clone(),
                    question: h.question.to_string(),
                    similarity: h.similarity,
                })
                .collect()
        } else {
            Vec::new()
        };
        let smalltalk = answered_smalltalk(smalltalk, &decision);
        let reply = reply_of(
            &decision,
            faq.as_ref(),
            smalltalk,
            &an.intent.label,
            p.language,
            cfg,
        );
        let handled_by = (decision.action == Action::Answer).then_some(if reply.is_some() {
            HandledBy::Bot
        } else {
            HandledBy::Client
        });
        let resp = ClassifyResponse {
            action: decision.action,
            reasons: decision.reasons,
            reply,
            handled_by,
            smalltalk,
            queue: decision
                .queue
                .or_else(|| handoff.as_ref().map(|h| h.queue.clone())),
            priority: decision
                .priority
                .or_else(|| handoff.as_ref().map(|h| h.priority)),
            clarify_options,
            faq,
            faq_candidates,
            handoff,
            intent: an.intent,
            out_of_scope: an.oos,
            sentiment: an.sentiment,
            language: p.language,
            entities: an.entities,
            conversation_id: req.conversation_id.clone(),
            tokens: p.tokens.ids.len(),
            truncated: p.tokens.truncated,
            model: model.info(),
            timing_ms: TimingOut {
                total: started.elapsed().as_secs_f64() * 1e3,
                queue: timing.queue_ms,
                inference: timing.inference_ms,
                batch_size: timing.batch_size,
            },
            handoff_created,
        };
        if let Some((lease, conv, created)) = turn {
            let reply = key
                .map(|k| serde_json::to_string(&resp).map(|r| (k, r)))
                .transpose()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let event = created.as_ref().map(HandoffEvent::new);
            let outbox = match &event {
                Some(ev) if self.webhooks => Some(crate::store::outbox_record(ev)?),
                _ => None,
            };
            // Conversation, handoff, outbox and reply in one write: the handoff is acknowledged
            // (and announced) only once everything it implies is stored.
            self.store
                .commit(
                    tenant,
                    &lease,
                    &TurnWrite {
                        conversation: &conv,
                        handoff: created.as_ref(),
                        outbox,
                        event: event.as_ref(),
                        reply: reply.as_ref().map(|(k, r)| (*k, r.as_str())),
                    },
                )
                .await?;
            lease.release().await;
            // With Redis the script appended it to the shared stream, which every replica
            // (this one too) follows.
            if let (Some(tx), Some(ev), false) = (&self.events, event, self.store.carries_events())
            {
                let _ = tx.send(ev);
            }
        }
        Ok(Replied::Fresh(Box::new(resp)))
    }

    /// The turn as stored: masked text, the analysis and what the bot did.
    fn turn(
        &self,
        p: &Prepared,
        an: &Analyzed,
        d: &Decision,
        options: usize,
        faq_id: Option<&str>,
        smalltalk: Option<&str>,
    ) -> Turn {
        let bot_reply = match d.action {
            Action::Answer => Some(match (faq_id, smalltalk) {
                (Some(id), _) => format!("[answered from the knowledge base: {id}]"),
                (None, Some(act)) => format!("[small talk: {act}]"),
                (None, None) => format!("[answered: {}]", an.intent.label),
            }),
            Action::Clarify => Some(format!(
                "[asked to clarify: {}]",
                an.intent
                    .top
                    .iter()
                    .take(options)
                    .map(|r| r.label.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ")
            )),
            Action::Handoff => None,
        };
        Turn {
            at: chrono::Utc::now(),
            text: text::mask::mask(&p.text),
            language: p.language,
            intent: an.intent.label.clone(),
            confidence: an.intent.confidence,
            oos: an.oos.flag,
            sentiment: an.sentiment.as_ref().map(|s| s.score),
            action: d.action,
            reasons: d.reasons.iter().map(|r| r.code).collect(),
            bot_reply,
            entities: an.entities.clone(),
            embedding: compact_embedding(&an.embedding),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(top: &[(&str, f32)]) -> IntentOut {
        IntentOut {
            label: top[0].0.to_string(),
            confidence: top[0].1,
            band: Band::Medium,
            margin: top[0].1 - top.get(1).map_or(0.0, |r| r.1),
            top: top
                .iter()
                .map(|(l, c)| Ranked {
                    label: l.to_string(),
                    confidence: *c,
                })
                .collect(),
        }
    }

    #[test]
    fn small_talk_by_the_lexicon_or_a_sure_head_with_no_question_riding_along() {
        let cfg = PolicyConfig::default();
        // Exact phrase: whatever the head says.
        let st = smalltalk_of("你好", &intent(&[("track_order", 0.9)]), "oos", &cfg).unwrap();
        assert!(st.exact && st.act == "greeting");
        // The head's act at min_confidence, the rest small talk or out of scope.
        let st = smalltalk_of(
            "thanks a lot mate",
            &intent(&[("thanks", 0.8), ("goodbye", 0.15), ("oos", 0.05)]),
            "oos",
            &cfg,
        )
        .unwrap();
        assert!(!st.exact && st.act == "thanks");
        // A shop intent in second place: not small talk alone.
        assert!(smalltalk_of(
            "are you a robot? i need help with my refund",
            &intent(&[("bot_identity", 0.77), ("get_refund", 0.13)]),
            "oos",
            &cfg,
        )
        .is_none());
        // Below min_confidence, or switched off.
        assert!(smalltalk_of(
            "thanks a lot mate",
            &intent(&[("thanks", 0.6)]),
            "oos",
            &cfg
        )
        .is_none());
        let mut off = PolicyConfig::default();
        off.smalltalk.enabled = false;
        assert!(smalltalk_of("你好", &intent(&[("greeting", 0.99)]), "oos", &off).is_none());
    }
}
