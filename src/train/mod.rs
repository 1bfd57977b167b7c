//! `triage train`: encodes every text once with the frozen encoder (cached), trains the intent
//! and sentiment heads, calibrates them, fits the out-of-scope statistics and the decision
//! thresholds on validation data, and writes a model folder.

pub mod background;
mod config;
pub mod data;
mod embed;
pub mod finetune;
pub mod fit;
mod intent;
pub mod ngram;
mod oos;
mod prepare;
mod report;
pub use report::{
    Calibration, IntentMetrics, Promise, PromiseBasis, SentimentFile, SentimentMetrics,
    SimulatedReport, ThresholdReport, TrainMetrics,
};
mod sentiment;
pub mod smalltalk;
pub mod stack;
mod thresholds;
pub mod unknown;
mod write;

pub use config::*;
pub use embed::embed_cached;
#[allow(unused_imports)]
use embed::*;
use intent::*;
use oos::*;
use prepare::*;
use sentiment::*;
#[allow(unused_imports)]
use thresholds::*;
// The threshold choice is `metrics::tradeoff`'s; `thresholds_per_language` (config.rs) names this.
pub use crate::metrics::tradeoff::MIN_THRESHOLD_ROWS;
use write::*;

use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{Device, Tensor};
use serde::Serialize;

use crate::model::manifest::Manifest;
use crate::model::{EncoderBundle, Head, ModelError};
use data::DataError;
use fit::FitReport;

pub const DEFAULT_BASE: &str = "models/base/multilingual-e5-small";

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Finetune(#[from] finetune::FinetuneError),
    #[error("config {path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TrainError + '_ {
    move |source| TrainError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn progress(len: u64, msg: &str) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(len);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{msg:>28} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb.set_message(msg.to_string());
    pb
}

fn label_index(labels: &[String], l: &str) -> Option<usize> {
    labels.iter().position(|x| x == l)
}

fn logits_of(head: &Head, x: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, TrainError> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    let dim = x[0].len();
    let t = Tensor::from_vec(
        x.iter().flatten().copied().collect::<Vec<_>>(),
        (x.len(), dim),
        &Device::Cpu,
    )
    .map_err(ModelError::from)?;
    Ok(head.logits(&t)?.to_vec2().map_err(ModelError::from)?)
}

#[derive(Debug, Serialize)]
pub struct TrainSummary {
    pub out: PathBuf,
    pub seconds: f64,
    pub encoded: usize,
    pub manifest: Manifest,
    pub metrics: TrainMetrics,
}

/// A path from `from` (a folder) to `to`, relative when both resolve.
pub(crate) fn relative(from: &Path, to: &Path) -> PathBuf {
    let (Ok(a), Ok(b)) = (from.canonicalize(), to.canonicalize()) else {
        return to.to_path_buf();
    };
    let ac: Vec<_> = a.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let mut p = PathBuf::new();
    for _ in common..ac.len() {
        p.push("..");
    }
    for c in &bc[common..] {
        p.push(c);
    }
    p
}

/// The pipeline: load → embed → intent → out of scope → thresholds → sentiment → write. Each
/// phase is a function in its room (see ARCHITECTURE.md).
pub fn run(cfg: &TrainConfig, out: &Path) -> Result<TrainSummary, TrainError> {
    let started = Instant::now();
    if !cfg.intent.ngram_only.is_empty() {
        return Err(TrainError::Invalid(
            "ngram_only is a [sentiment] setting; the intent n-gram model reads [intent] train"
                .into(),
        ));
    }
    let share = cfg.oos.unknown_share;
    if !(share.is_finite() && share > 0.0 && share <= 1.0) {
        return Err(TrainError::Invalid(format!(
            "[oos] unknown_share = {share}: the share of intents each fold model holds out must be above 0 and at most 1"
        )));
    }
    if let Some(h) = cfg.high_band_error {
        if !(h.is_finite() && h > 0.0 && h <= cfg.target_error) {
            return Err(TrainError::Invalid(format!(
                "high_band_error = {h}: the high band's bot error must be above 0 and at most target_error ({})",
                cfg.target_error
            )));
        }
    }
    // ---- fine-tune (optional): the top encoder layers, written into the model folder ----
    let (encoder_dir, finetune) = fine_tune_encoder(cfg, out)?;
    // ---- load: the encoder, and the intent data embedded through the cache ----
    let device = Device::Cpu;
    let bundle = EncoderBundle::load(
        &encoder_dir,
        &cfg.prefix,
        &cfg.document_prefix,
        cfg.max_tokens,
        &device,
    )?;
    let dim = bundle.encoder.hidden_size();
    let mut emb = Embedder::open(cfg, &bundle)?;
    let data = prepare_intent_data(cfg, &mut emb)?;
    // ---- intent: head (+ n-gram model), kNN bank, temperature ----
    let intent = train_intent(cfg, &data)?;
    // ---- out of scope: signals, combined score, threshold, simulated unknown intents ----
    let oos = out_of_scope(cfg, &data, &intent, &device, dim)?;
    // ---- decision thresholds for the target bot error ----
    let thresholds = decision_thresholds(cfg, &oos.val_rows, data.oos_idx, oos.fold_check.as_ref());
    // ---- sentiment ----
    let sentiment = train_sentiment(cfg, &mut emb, &device, dim)?;
    emb.cache.flush().map_err(io(&cfg.cache_dir))?;
    // ---- write: heads file and manifest ----
    let trained = Trained {
        data,
        intent,
        oos,
        thresholds,
        sentiment,
        encoder_dir,
        finetune,
    };
    let (manifest, metrics) = write_model(cfg, out, &bundle, trained)?;
    Ok(TrainSummary {
        out: out.to_path_buf(),
        seconds: started.elapsed().as_secs_f64(),
        encoded: emb.encoded,
        manifest,
        metrics,
    })
}

/// With `[finetune] enabled`: tunes the top layers on the intent training messages (out-of-scope
/// ones left out: they have no class to pull towards) and the configured knowledge bases'
/// questions, and returns the tuned folder inside `out`; else the base folder.
fn fine_tune_encoder(
    cfg: &TrainConfig,
    out: &Path,
) -> Result<(PathBuf, Option<finetune::FinetuneReport>), TrainError> {
    if !cfg.finetune.enabled {
        return Ok((cfg.base.clone(), None));
    }
    let split = load_split(&cfg.intent, cfg.seed)?;
    let mut rows: Vec<finetune::Labelled> = split
        .train
        .into_iter()
        .filter(|e| e.label != cfg.oos_label)
        .map(|e| finetune::Labelled {
            text: e.text,
            label: e.label,
        })
        .collect();
    for kb in &cfg.finetune.kb {
        rows.extend(finetune::kb_rows(kb)?);
    }
    let dir = out.join(finetune::ENCODER_DIR);
    let report = finetune::run(
        &cfg.finetune,
        &cfg.base,
        &cfg.prefix,
        cfg.max_tokens,
        &rows,
        cfg.seed,
        &dir,
    )?;
    Ok((dir, Some(report)))
}
