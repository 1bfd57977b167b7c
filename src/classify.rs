//! The classify pipeline shared by `POST /v1/classify` and `triage classify`:
//! normalise → validate → tokenize → one batched encoder pass → policy → response.

use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::engine::{Engine, EngineError, EngineTiming};
use crate::model::{Analysis, ModelInfo, Ranked};
use crate::policy::{self, Action, Band, Reason, Rules, Signals};
use crate::text::{self, entities::Entity, language::Language};

pub const DEFAULT_TOP_K: usize = 3;
pub const MAX_TOP_K: usize = 100;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Customer {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub vip: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClassifyRequest {
    pub text: String,
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub customer: Option<Customer>,
    #[serde(default)]
    pub top_k: Option<usize>,
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
    pub score: Option<f32>,
    pub threshold: Option<f32>,
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

#[derive(Debug, Clone, Serialize)]
pub struct ClassifyResponse {
    pub action: Action,
    pub reasons: Vec<Reason>,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityOut {
    pub kind: text::entities::EntityKind,
    pub value: String,
}

impl From<&Entity> for EntityOut {
    fn from(e: &Entity) -> Self {
        Self {
            kind: e.kind,
            value: text::mask::mask_entity(e),
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
}

impl ClassifyError {
    fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// A validated, normalised message ready for the engine.
pub struct Prepared {
    pub text: String,
    pub language: Language,
    pub tokens: crate::model::Tokenized,
    pub top_k: usize,
}

pub struct Classifier {
    pub engine: Arc<Engine>,
    pub rules: Rules,
    pub max_text_chars: usize,
}

impl Classifier {
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

    pub async fn classify(&self, req: &ClassifyRequest) -> Result<ClassifyResponse, ClassifyError> {
        let started = Instant::now();
        let p = self.prepare(req, "text")?;
        let (analysis, timing) = self.engine.analyze(p.tokens.clone()).await?;
        Ok(self.respond(req, &p, &analysis, timing, started))
    }

    pub async fn classify_batch(
        &self,
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
        Ok(reqs
            .iter()
            .zip(&prepared)
            .zip(results)
            .map(|((r, p), (a, t))| self.respond(r, p, &a, t, started))
            .collect())
    }

    fn respond(
        &self,
        req: &ClassifyRequest,
        p: &Prepared,
        a: &Analysis,
        timing: EngineTiming,
        started: Instant,
    ) -> ClassifyResponse {
        let model = self.engine.model();
        let m = &model.manifest;
        let top = a.intent.top();
        let oos_threshold = m.oos.as_ref().map(|o| o.threshold);
        let oos_flag = matches!((a.oos_score, oos_threshold), (Some(s), Some(t)) if s >= t);
        let sentiment = a.sentiment.as_ref().and_then(|s| {
            let labels = &model.sentiment.as_ref()?.labels;
            let score = s.prob_of(labels, "positive") - s.prob_of(labels, "negative");
            Some(SentimentOut {
                label: s.top().label.clone(),
                score,
                confidence: s.top().confidence,
            })
        });
        let vip = req.customer.as_ref().is_some_and(|c| c.vip);
        let decision = policy::decide(
            &Signals {
                intent: &top.label,
                confidence: top.confidence,
                margin: a.intent.margin(),
                oos_score: a.oos_score,
                oos_threshold,
                sentiment_score: sentiment.as_ref().map(|s| s.score),
                vip,
                text: &p.text,
            },
            &m.thresholds,
            &self.rules,
        );
        let entities = text::entities::extract(&p.text);
        ClassifyResponse {
            action: decision.action,
            reasons: decision.reasons,
            intent: IntentOut {
                label: top.label.clone(),
                confidence: top.confidence,
                band: policy::band(top.confidence, &m.thresholds, &top.label),
                margin: a.intent.margin(),
                top: a.intent.ranking.iter().take(p.top_k).cloned().collect(),
            },
            out_of_scope: OutOfScopeOut {
                score: a.oos_score,
                threshold: oos_threshold,
                flag: oos_flag,
            },
            sentiment,
            language: p.language,
            entities: entities.iter().map(EntityOut::from).collect(),
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
        }
    }
}
