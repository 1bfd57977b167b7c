//! Every metric of a run, computed from the per-message `Record`s with `crate::metrics`, and
//! the files: `report.json`, `report.md`, `report.html`, `predictions.jsonl`.
//!
//! Conventions: `accuracy` counts a message right when `predicted == gold` (so an out-of-scope
//! message is right when flagged). Rates whose denominator is empty are `null` in the summary
//! (e.g. OOS recall of a set without out-of-scope messages); inside the classification report
//! they are 0 (scikit-learn's `zero_division=0`, see `crate::metrics`).
//!
//! Rooms: this file (the report's types and `write_all`) · `build` (records → `Report`) ·
//! `text` (formatting shared by the summary, Markdown and HTML) · `markdown` (`report.md`).

mod build;
mod markdown;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::run::{Record, Timing};
use super::{write_file, EvalError};
use crate::metrics::tradeoff::{ChosenThresholds, OperatingPoint};
use crate::metrics::{self, Bin, ClassificationReport};
use crate::model::manifest::Thresholds;

pub use build::{build_report, downsample, scored};
pub use markdown::markdown;
pub use text::{opt_num, opt_pct, overall_rows, pct, summary_lines, top_confusions};

/// Bins of the reliability diagram and the ECE (the same 15 `triage train` uses).
pub const CALIBRATION_BINS: usize = 15;
/// Most points kept per curve in the report (the plots need no more).
pub const MAX_CURVE_POINTS: usize = 200;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ModelRef {
    pub name: String,
    pub version: String,
    pub dir: String,
    /// The forward that produced the numbers ("fast-int8-avx512+vnni-2t", "candle-cpu", …): an
    /// int8 and an f32 report of one model differ only here. Empty in older reports.
    #[serde(default)]
    pub encoder: String,
}

impl ModelRef {
    /// " (fast-int8-…)" after the model folder in report headers; empty for older reports.
    pub fn encoder_note(&self) -> String {
        if self.encoder.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.encoder)
        }
    }
}

/// What the report needs besides the records.
#[derive(Debug, Clone)]
pub struct Context {
    pub model: ModelRef,
    pub data: Vec<PathBuf>,
    pub oos_label: String,
    pub target_error: f64,
    /// The thresholds serving uses (manifest + policy overrides).
    pub thresholds: Thresholds,
    /// The model's out-of-scope distance threshold, when it has one.
    pub oos_threshold: Option<f64>,
    pub timing: Option<Timing>,
    /// What `triage train` promised (manifest `metrics.thresholds.promise`), if it did.
    pub promise: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub n_in_scope: usize,
    pub n_oos: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub weighted_f1: f64,
    /// In-scope messages predicted right (not flagged and the right intent).
    pub in_scope_accuracy: Option<f64>,
    /// In-scope messages whose top intent is right, before the out-of-scope decision.
    pub in_scope_intent_accuracy: Option<f64>,
    /// In-scope messages flagged out of scope.
    pub in_scope_rejected_as_oos: Option<f64>,
    pub oos_recall: Option<f64>,
    pub oos_precision: Option<f64>,
    /// AUROC of the distance-based out-of-scope score.
    pub oos_auroc: Option<f64>,
    /// Expected calibration error of the intent confidence on in-scope messages.
    pub ece: Option<f64>,
    /// Share of messages the bot answers (the policy's actual decisions).
    pub automation: f64,
    /// Share of answered messages that are wrong or out of scope.
    pub bot_error: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileScore {
    pub n: usize,
    pub accuracy: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RocCurve {
    /// `oos_score` (kNN distance), `oos_prob` (head's out-of-scope class) or
    /// `one_minus_confidence`.
    pub score: String,
    pub auroc: Option<f64>,
    /// `(fpr, tpr, threshold)`, at most [`MAX_CURVE_POINTS`].
    pub points: Vec<(f64, f64, f64)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OosReport {
    pub label: String,
    pub in_scope_accuracy: Option<f64>,
    pub in_scope_intent_accuracy: Option<f64>,
    pub in_scope_rejected_as_oos: Option<f64>,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
    pub flagged: usize,
    pub threshold: Option<f64>,
    /// One per score the model produces; AUROC `null` without both classes.
    pub roc: Vec<RocCurve>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CalibrationReport {
    /// In-scope messages the calibration is measured on.
    pub n: usize,
    pub ece: Option<f64>,
    pub bins: Vec<Bin>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TradeoffReport {
    pub target_error: f64,
    /// Margin threshold 0, one point per confidence threshold (at most [`MAX_CURVE_POINTS`]).
    pub curve: Vec<OperatingPoint>,
    pub current_thresholds: Thresholds,
    /// The model's current confidence and margin thresholds on this data.
    pub current: OperatingPoint,
    /// Chosen for `target_error` the way `triage train` does.
    pub recommended: RecommendedThresholds,
    /// Chosen the same way on each language's messages (data in two or more languages, each
    /// with at least `metrics::tradeoff::MIN_THRESHOLD_ROWS` messages); `--write-thresholds` stores these
    /// as the manifest's `per_language` thresholds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub recommended_per_language: BTreeMap<String, RecommendedThresholds>,
    /// The bot error promised at training time next to the one measured on this data, at the
    /// model-wide thresholds, with the same assumed out-of-scope share and confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise: Option<PromiseReport>,
}

/// Thresholds chosen for the target (`metrics::tradeoff::choose_thresholds`, as `triage train`
/// chooses them) as the manifest would hold them, with the operating points behind them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecommendedThresholds {
    pub thresholds: Thresholds,
    /// The point behind `confidence` and `margin` (`None`: nothing meets the target).
    pub recommended: Option<OperatingPoint>,
    /// The point behind `high_confidence` (half the target error).
    pub recommended_high: Option<OperatingPoint>,
}

impl From<ChosenThresholds> for RecommendedThresholds {
    fn from(c: ChosenThresholds) -> Self {
        Self {
            thresholds: Thresholds::from(&c),
            recommended: c.recommended,
            recommended_high: c.recommended_high,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PromiseReport {
    /// From the manifest (None: the model was trained before promises were stated).
    pub promised: Option<metrics::bound::TrafficError>,
    pub measured: metrics::bound::TrafficError,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActionReport {
    pub answer: usize,
    pub clarify: usize,
    pub handoff: usize,
    /// answered / n.
    pub automation: f64,
    /// (answered wrong or out of scope) / answered; 0 when nothing is answered.
    pub bot_error: f64,
    /// Of the answers, replies to small talk (greeting, thanks, yes/no…), and of those the ones
    /// the gold label calls wrong: a benchmark whose unknown intents include its own `greeting`
    /// or `yes` counts a greeting answered with a greeting as a bot error.
    #[serde(default)]
    pub smalltalk_answers: usize,
    #[serde(default)]
    pub smalltalk_answers_wrong: usize,
    /// The bot error over the other answers (small-talk replies left out).
    #[serde(default)]
    pub bot_error_without_smalltalk: f64,
    /// How often each reason code fired.
    pub reasons: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Latency {
    pub batch_size: usize,
    pub batches: usize,
    pub seconds: f64,
    pub messages_per_second: f64,
    /// Per message: the wall time of its batch (ms).
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub tool: String,
    pub created_at: String,
    pub model: ModelRef,
    pub data: Vec<String>,
    pub summary: Summary,
    pub classification: ClassificationReport,
    /// Label order that clusters confusions (indices into `classification.labels`).
    pub confusion_order: Vec<usize>,
    pub by_file: BTreeMap<String, FileScore>,
    pub out_of_scope: OosReport,
    pub calibration: CalibrationReport,
    pub tradeoff: TradeoffReport,
    pub actions: ActionReport,
    pub latency: Option<Latency>,
    /// Cross-validation: per-fold summaries (only with `--cv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv: Option<serde_json::Value>,
}

/// Writes report.json, report.md and predictions.jsonl into `out` (the HTML page is
/// [`super::html`]'s, which reads this module: [`super::write_report`] writes all four).
pub fn write_all(out: &Path, r: &Report, records: &[Record]) -> Result<(), EvalError> {
    let json = serde_json::to_string_pretty(r).map_err(|e| EvalError::Invalid(e.to_string()))?;
    write_file(out, "report.json", json.as_bytes())?;
    write_file(out, "report.md", markdown(r).as_bytes())?;
    let multi = r.data.len() > 1;
    let mut lines = String::new();
    for rec in records {
        let file = multi.then(|| {
            Path::new(&r.data[rec.file])
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        lines.push_str(&rec.prediction_line(file.as_deref()).to_string());
        lines.push('\n');
    }
    write_file(out, "predictions.jsonl", lines.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests;
