//! The model pass: every message through the encoder and heads in length-sorted batches, then
//! the same out-of-scope flag and policy decision serving makes ([`decide`]).

use std::time::Instant;

use candle_core::Tensor;
use serde::{Deserialize, Serialize};

use super::data::{Dataset, Item};
use super::EvalError;
use crate::classify::{decide, pick_reading, Message, DEFAULT_TOP_K};
use crate::model::{Analysis, Model};
use crate::policy::{Action, History, PolicyConfig, ReasonCode};
use crate::text::language::Language;

/// What the model and the policy said about one labelled message.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// Index of the data file.
    pub file: usize,
    /// 1-based line in that file.
    pub line: usize,
    pub text_sha256: String,
    pub gold: String,
    /// The final label: the out-of-scope label when `oos`, else `intent`.
    pub predicted: String,
    /// Top intent before the out-of-scope decision.
    pub intent: String,
    pub confidence: f64,
    pub margin: f64,
    /// Distance-based out-of-scope score (kNN), when the model has one.
    pub oos_score: Option<f64>,
    /// Probability of the intent head's out-of-scope class, when trained with one.
    pub oos_prob: Option<f64>,
    pub oos: bool,
    pub action: Action,
    pub reasons: Vec<ReasonCode>,
    /// Wall time of the batch the message was in (what a batch caller waits), ms.
    pub latency_ms: f64,
    /// Detected language of the message (which per-language thresholds applied).
    #[serde(default = "unknown_language")]
    pub language: Language,
}

fn unknown_language() -> Language {
    Language::Other
}

impl Record {
    /// The `predictions.jsonl` line (the documented fields; `file` only with several data files).
    pub fn prediction_line(&self, file: Option<&str>) -> serde_json::Value {
        let mut v = serde_json::json!({
            "line": self.line,
            "text_sha256": self.text_sha256,
            "gold": self.gold,
            "predicted": self.predicted,
            "intent": self.intent,
            "confidence": self.confidence,
            "margin": self.margin,
            "oos_score": self.oos_score,
            "oos": self.oos,
            "action": self.action,
        });
        if let (Some(f), Some(o)) = (file, v.as_object_mut()) {
            o.insert("file".into(), serde_json::Value::String(f.to_string()));
        }
        v
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Timing {
    /// Wall time of the whole model pass (tokenize + forward + heads + decisions), seconds.
    pub seconds: f64,
    pub batch_size: usize,
    pub batches: usize,
}

pub struct RunOutput {
    pub records: Vec<Record>,
    pub timing: Timing,
}

/// One record from the model's analysis of `item`.
pub fn record_of(
    model: &Model,
    cfg: &PolicyConfig,
    item: &Item,
    a: &Analysis,
    oos_label: &str,
    latency_ms: f64,
) -> Record {
    // As `POST /v1/classify` decides a message sent without a `conversation_id`: no history.
    // Offline evaluation scores the intent model; the knowledge base is evaluated with --pairs.
    let language = crate::text::language::detect(&item.text);
    let entities = crate::text::entities::extract(&item.text);
    let msg = Message {
        text: &item.text,
        language,
        top_k: DEFAULT_TOP_K,
        vip: item.vip,
        entities: &entities,
    };
    let verdict = decide(model, cfg, &msg, a, None, &History::default(), None);
    let (decision, flag) = (verdict.decision, verdict.oos.flag);
    let top = a.intent.top();
    Record {
        file: item.file,
        line: item.line,
        text_sha256: item.text_sha256.clone(),
        gold: item.gold.clone().unwrap_or_default(),
        predicted: if flag {
            oos_label.to_string()
        } else {
            top.label.clone()
        },
        intent: top.label.clone(),
        confidence: f64::from(top.confidence),
        margin: f64::from(a.intent.margin()),
        oos_score: a.oos_score.map(f64::from),
        oos_prob: a.oos_prob.map(f64::from),
        oos: flag,
        action: decision.action,
        reasons: decision.reasons.iter().map(|r| r.code).collect(),
        latency_ms,
        language,
    }
}

/// Runs every item through the model in batches of `batch_size` (sorted by token length, so
/// little padding), records in input order.
pub fn run(
    model: &Model,
    cfg: &PolicyConfig,
    ds: &Dataset,
    oos_label: &str,
    batch_size: usize,
    show_progress: bool,
) -> Result<RunOutput, EvalError> {
    let started = Instant::now();
    let batch_size = batch_size.max(1);
    // As serving reads it: the whole message, and without its opening small talk when it has
    // some; `pick_reading` chooses.
    let mut seqs: Vec<(usize, bool, crate::model::Tokenized)> = Vec::new();
    for (i, it) in ds.items.iter().enumerate() {
        let bad = |e: crate::model::ModelError| EvalError::BadRow {
            path: ds.path_of(it).to_path_buf(),
            line: it.line,
            message: e.to_string(),
        };
        seqs.push((i, false, model.tokenize(&it.text).map_err(bad)?));
        if let Some(core) = crate::smalltalk::after_opener(&it.text) {
            seqs.push((i, true, model.tokenize(core).map_err(bad)?));
        }
    }
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    order.sort_by_key(|&k| seqs[k].2.ids.len());
    let mut full: Vec<Option<(Analysis, f64)>> = vec![None; ds.items.len()];
    let mut core: Vec<Option<(Analysis, f64)>> = vec![None; ds.items.len()];
    let pb = super::progress(ds.items.len() as u64, "evaluating", show_progress);
    let mut batches = 0;
    for chunk in order.chunks(batch_size) {
        let t = Instant::now();
        let batch: Vec<&crate::model::Tokenized> = chunk.iter().map(|&k| &seqs[k].2).collect();
        let analyses = model.analyze_tokenized(&batch)?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        for (&k, a) in chunk.iter().zip(analyses) {
            let (i, is_core, _) = &seqs[k];
            if *is_core {
                core[*i] = Some((a, ms));
            } else {
                full[*i] = Some((a, ms));
                pb.inc(1);
            }
        }
        batches += 1;
    }
    let mut out = Vec::with_capacity(ds.items.len());
    for (i, (f, c)) in full.into_iter().zip(core).enumerate() {
        let f = f.ok_or_else(|| EvalError::Invalid(format!("item {i} was not read")))?;
        let (a, ms) = match c {
            Some(c) => pick_reading(
                &ds.items[i].text,
                f,
                c,
                &model.manifest.smalltalk_aliases,
                &cfg.smalltalk,
            ),
            None => f,
        };
        out.push(Some(record_of(model, cfg, &ds.items[i], &a, oos_label, ms)));
    }
    pb.finish_and_clear();
    Ok(RunOutput {
        records: out.into_iter().flatten().collect(),
        timing: Timing {
            seconds: started.elapsed().as_secs_f64(),
            batch_size,
            batches,
        },
    })
}

/// Records from precomputed embeddings (cross-validation: the fold's texts come from the
/// embedding cache, not a second encoder pass). `embeddings[i]` belongs to `items[i]`.
pub fn run_embeddings(
    model: &Model,
    cfg: &PolicyConfig,
    items: &[&Item],
    embeddings: &[&Vec<f32>],
    oos_label: &str,
) -> Result<Vec<Record>, EvalError> {
    let mut out = Vec::with_capacity(items.len());
    for (its, embs) in items.chunks(256).zip(embeddings.chunks(256)) {
        let dim = embs.first().map(|e| e.len()).unwrap_or(0);
        let flat: Vec<f32> = embs.iter().flat_map(|e| e.iter().copied()).collect();
        let t = Tensor::from_vec(flat, (embs.len(), dim), &candle_core::Device::Cpu)
            .map_err(crate::model::ModelError::from)?;
        let texts: Vec<&str> = its.iter().map(|it| it.text.as_str()).collect();
        let analyses = model.analyze_embeddings(&t, Some(&texts))?;
        for (it, a) in its.iter().zip(&analyses) {
            out.push(record_of(model, cfg, it, a, oos_label, 0.0));
        }
    }
    Ok(out)
}
