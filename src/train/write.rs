//! The write phase: the heads file (every tensor serving loads, in a fixed order) and the
//! manifest, with what training measured as its `metrics`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::intent::TrainedIntent;
use super::oos::OosOutcome;
use super::prepare::IntentData;
use super::report::{intent_metrics, ThresholdReport, TrainMetrics};
use super::sentiment::SentimentOut;
use super::thresholds::DecisionThresholds;
use super::{finetune, io, relative, TrainConfig, TrainError};
use crate::model::manifest::{
    EncoderSpec, HeadSpec, Manifest, NgramMode, NgramSpec, OosSpec, HEADS_FILE,
};
use crate::model::weights::{f16_bytes, write_safetensors};
use crate::model::EncoderBundle;

/// Everything the phases produced, as the write phase stores it.
pub(super) struct Trained {
    pub(super) data: IntentData,
    pub(super) intent: TrainedIntent,
    pub(super) oos: OosOutcome,
    pub(super) thresholds: DecisionThresholds,
    pub(super) sentiment: SentimentOut,
    /// The encoder folder the heads were trained on: the base, or the tuned folder.
    pub(super) encoder_dir: PathBuf,
    pub(super) finetune: Option<finetune::FinetuneReport>,
}

/// Writes `heads.safetensors` and `manifest.json` into `out`.
pub(super) fn write_model(
    cfg: &TrainConfig,
    out: &Path,
    bundle: &EncoderBundle,
    mut t: Trained,
) -> Result<(Manifest, TrainMetrics), TrainError> {
    let dim = bundle.encoder.hidden_size();
    let entries = heads_entries(&mut t, dim)?;
    std::fs::create_dir_all(out).map_err(io(out))?;
    write_safetensors(&out.join(HEADS_FILE), entries, None)?;
    let metrics = train_metrics(cfg, &t);
    let mut manifest = manifest(cfg, out, bundle, t);
    manifest.metrics = serde_json::to_value(&metrics)
        .map_err(|e| TrainError::Invalid(format!("metrics do not serialise: {e}")))?;
    manifest.save(out)?;
    Ok((manifest, metrics))
}

/// The tensors: intent head, sentiment (n-gram model, head), intent n-gram model, centring mean,
/// Mahalanobis statistics (when the combined score uses them), the kNN bank and its labels.
fn heads_entries(
    t: &mut Trained,
    dim: usize,
) -> Result<Vec<crate::model::weights::Entry>, TrainError> {
    let mut entries = t.intent.head.to_entries()?;
    entries.append(&mut t.sentiment.entries);
    let (intent, oos) = (&t.intent, &t.oos);
    if let Some(ng) = &intent.ngram {
        entries.extend(ng.to_entries());
    }
    if let Some(c) = &t.data.centering {
        entries.push((
            crate::model::manifest::CENTER_TENSOR.to_string(),
            safetensors::Dtype::F32,
            vec![dim],
            crate::model::weights::f32_bytes(c.mean()),
        ));
    }
    let maha_used = oos
        .combine
        .as_ref()
        .is_some_and(|c| c.signals.iter().any(|s| s.is_mahalanobis()));
    if let (Some(f), true) = (&oos.maha_fit, maha_used) {
        entries.extend(f.to_entries());
    }
    entries.push((
        "oos.bank".to_string(),
        safetensors::Dtype::F16,
        vec![intent.bank.idx.len(), dim],
        f16_bytes(&intent.bank.rows),
    ));
    if intent.vote.is_some() {
        let l: Vec<f32> = intent.bank.labels.iter().map(|&v| v as f32).collect();
        entries.push((
            "oos.bank_labels".to_string(),
            safetensors::Dtype::F32,
            vec![l.len()],
            crate::model::weights::f32_bytes(&l),
        ));
    }
    Ok(entries)
}

/// The validation metrics, calibration, thresholds and sentiment reports.
fn train_metrics(cfg: &TrainConfig, t: &Trained) -> TrainMetrics {
    let (intent, oos, th) = (&t.intent, &t.oos, &t.thresholds);
    let mut intent_metrics = intent_metrics(&oos.val_rows, t.data.oos_idx, &t.data.labels);
    intent_metrics.oos_auroc_by_signal = oos
        .signal_auroc
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    intent_metrics.in_scope_accuracy_without_vote = intent.head_only_accuracy;
    intent_metrics.in_scope_accuracy_ngram = intent.ngram_only_accuracy.flatten();
    TrainMetrics {
        intent: intent_metrics,
        intent_fit: intent.fit_report.clone(),
        oos_stacker: oos.stacker_report.clone(),
        calibration: intent.calibration.clone(),
        oos: json!({"threshold": oos.threshold, "k": cfg.knn_k, "method": cfg.oos_method}),
        thresholds: ThresholdReport {
            recommended: th.recommended.clone(),
            recommended_high: th.recommended_high.clone(),
            target_error: cfg.target_error,
            per_language: th.per_language.clone(),
            promise: th.promise.clone(),
        },
        sentiment: t.sentiment.metrics.clone(),
        sentiment_fit: t.sentiment.fit.clone(),
        sentiment_ngram: t.sentiment.ngram_report.clone(),
        finetune: t.finetune.clone(),
    }
}

/// The manifest (its `metrics` still empty): encoder, heads, out-of-scope score, n-gram models,
/// thresholds and provenance.
fn manifest(cfg: &TrainConfig, out: &Path, bundle: &EncoderBundle, t: Trained) -> Manifest {
    let Trained {
        data,
        intent,
        oos,
        thresholds,
        sentiment,
        encoder_dir,
        finetune: _,
    } = t;
    let mut heads = BTreeMap::new();
    heads.insert(
        "intent".to_string(),
        HeadSpec {
            labels: data.labels.clone(),
            temperature: intent.calibration.temperature,
        },
    );
    if let Some(h) = sentiment.head {
        heads.insert("sentiment".to_string(), h);
    }
    let split = &data.split;
    Manifest {
        name: cfg.name.clone(),
        version: cfg.version.clone(),
        created_at: Some(chrono::Utc::now().to_rfc3339()),
        encoder: EncoderSpec {
            path: relative(out, &encoder_dir).to_string_lossy().into_owned(),
            prefix: cfg.prefix.clone(),
            document_prefix: cfg.document_prefix.clone(),
            pooling: "mean".into(),
            normalize: true,
            max_tokens: bundle.tokenizer.max_tokens(),
            precision: cfg.precision,
        },
        heads,
        oos: Some(OosSpec {
            method: cfg.oos_method,
            k: cfg.knn_k,
            threshold: oos.threshold as f32,
            label: cfg.oos_label.clone(),
            combine: oos.combine,
        }),
        ngram: intent.ngram.as_ref().map(|m| NgramSpec {
            min_n: m.min_n,
            max_n: m.max_n,
            weight: cfg.ngram.weight,
            word_max_n: m.word_max_n,
            buckets: m.buckets,
            mode: if cfg.ngram.joint() {
                NgramMode::Sum
            } else {
                NgramMode::Average
            },
        }),
        sentiment_ngram: sentiment.ngram,
        knn_vote: intent.vote.clone(),
        center_embeddings: data.centering.is_some(),
        thresholds: thresholds.thresholds,
        smalltalk_aliases: super::smalltalk::aliases(&data.smalltalk_report.covered),
        provenance: json!({
            "tool": format!("triage {} train", env!("CARGO_PKG_VERSION")),
            "config": cfg,
            "seed": cfg.seed,
            "intent_examples": {"train": split.train.len(), "validation": split.val.len(), "dropped_duplicates": split.stats.duplicates, "dropped_empty": split.stats.empty},
            "oos_bank": intent.bank.idx.len(),
            "smalltalk": data.smalltalk_report,
            "oos_background": data.background_report,
            "unknown_fields": split.stats.unknown_fields,
        }),
        metrics: serde_json::Value::Null,
    }
}
