//! `triage eval`: offline evaluation of a model folder on labelled JSONL.
//!
//! * [`data`] reads the labelled (or conversation) JSONL, naming file and line on bad rows;
//! * [`run`] passes every message through the model in batches, with timings, and decides each
//!   one with the same function serving uses ([`crate::classify::decide`]);
//! * [`report`] turns the per-message records into every metric (via [`crate::metrics`]) and
//!   writes `report.json`, `report.md`, `predictions.jsonl`; [`html`] + [`svg`] the HTML page;
//! * [`compare`] diffs two `report.json`; [`cv`] k-fold cross-validation through
//!   [`crate::train`]; [`conversation`] replays scripted conversations through the real
//!   classify pipeline.

pub mod cli;
pub mod compare;
pub mod conversation;
pub mod cv;
pub mod data;
pub mod faq;
pub mod html;
pub mod pairs;
pub mod report;
pub mod run;
pub mod svg;

use std::path::{Path, PathBuf};

use crate::classify::ClassifyError;
use crate::model::ModelError;
use crate::policy::PolicyError;
use crate::train::TrainError;

pub use report::{build_report, Report};
pub use run::Record;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}:{line}: {message}")]
    BadRow {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("model: {0}")]
    Model(#[from] ModelError),
    #[error("policy: {0}")]
    Policy(#[from] PolicyError),
    #[error("training a fold: {0}")]
    Train(#[from] TrainError),
    #[error("{path}:{line}: {source}")]
    Classify {
        path: PathBuf,
        line: usize,
        source: ClassifyError,
    },
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `dir/name`, creating `dir`.
pub(crate) fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, EvalError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let path = dir.join(name);
    crate::fsutil::write_atomic(&path, bytes).map_err(io(&path))?;
    Ok(path)
}

/// Percentile (nearest-rank on the sorted values, `q` in [0, 100]); 0 for no values.
pub(crate) fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A progress bar on stderr (hidden when stderr is not a terminal or `show` is false).
pub(crate) fn progress(len: u64, msg: &str, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg:>14} [{bar:30}] {pos}/{len} {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb.set_message(msg.to_string());
    pb
}

/// What `triage eval` (labelled or conversation mode) was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub model: PathBuf,
    pub data: Vec<PathBuf>,
    pub out: PathBuf,
    /// Default: the model's out-of-scope label (`oos`).
    pub oos_label: Option<String>,
    pub target_error: f64,
    pub batch_size: usize,
    /// Policy file; default the built-in policy (as `triage serve`).
    pub policy: Option<PathBuf>,
    pub show_progress: bool,
    /// Encoder arithmetic (as `triage serve --precision`): evaluate the int8 path itself.
    pub precision: Option<crate::model::fast::Precision>,
    /// Conversation mode: the knowledge base the bot answers from (none: no FAQ answers).
    pub kb: Option<PathBuf>,
}

/// A finished run.
pub enum Outcome {
    Labelled(Box<Report>),
    Conversations(Box<conversation::ConversationReport>),
}

impl Outcome {
    pub fn summary_lines(&self) -> Vec<String> {
        match self {
            Outcome::Labelled(r) => report::summary_lines(r),
            Outcome::Conversations(r) => conversation::summary_lines(r),
        }
    }

    /// The machine-readable summary printed by `--format json`.
    pub fn summary_json(&self, out: &Path) -> serde_json::Value {
        let mut v = match self {
            Outcome::Labelled(r) => serde_json::json!({
                "mode": "labelled",
                "model": r.model,
                "summary": r.summary,
                "tradeoff": {
                    "current": r.tradeoff.current,
                    "recommended": r.tradeoff.recommended,
                },
                "latency": r.latency,
                "cv": r.cv.as_ref().and_then(|c| c.get("across_folds")),
            }),
            Outcome::Conversations(r) => serde_json::json!({
                "mode": "conversations",
                "model": r.model,
                "conversations": r.conversations,
                "turns": r.turns,
                "action_accuracy": r.action_accuracy,
                "handoff_precision": r.handoff_precision,
                "handoff_recall": r.handoff_recall,
                "reason_codes": r.reason_codes,
            }),
        };
        if let Some(o) = v.as_object_mut() {
            o.insert("out".into(), out.display().to_string().into());
        }
        v
    }
}

pub fn load_policy(p: &Option<PathBuf>) -> Result<crate::policy::Policy, EvalError> {
    Ok(match p {
        Some(p) => crate::policy::Policy::load(p)?,
        None => crate::policy::Policy::built_in(),
    })
}

fn model_ref(m: &crate::model::Model) -> report::ModelRef {
    report::ModelRef {
        name: m.manifest.name.clone(),
        version: m.manifest.version.clone(),
        dir: m.dir.display().to_string(),
        encoder: m.bundle.encoder.describe(),
    }
}

/// Runs the model on the data and writes the report files into `o.out`.
pub fn evaluate(o: &Options) -> Result<Outcome, EvalError> {
    if !(0.0..1.0).contains(&o.target_error) {
        return Err(EvalError::Invalid(format!(
            "--target-error must be in [0, 1), not {}",
            o.target_error
        )));
    }
    let ds = data::load(&o.data)?;
    if !ds.unknown_fields.is_empty() {
        eprintln!(
            "fields ignored: {}",
            ds.unknown_fields
                .iter()
                .map(|(k, n)| format!("{k} ({n} rows)"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let policy = load_policy(&o.policy)?;
    let run = crate::model::RunOptions {
        precision: o.precision,
        ..Default::default()
    };
    let model = crate::model::Model::load_with(&o.model, &crate::model::select_device(), &run)
        .map_err(|e| EvalError::Invalid(format!("model {}: {e}", o.model.display())))?;
    if ds.is_conversations() {
        let mref = model_ref(&model);
        let replay = conversation::replay(model, policy, o.kb.as_deref(), &ds, o.show_progress)?;
        let mut r = conversation::build(
            replay.results,
            mref,
            o.data.iter().map(|p| p.display().to_string()).collect(),
            o.kb.as_ref().map(|p| p.display().to_string()),
        );
        r.kb_thresholds = replay.kb_settings.similarity_per_language;
        r.kb_lexical_weight = replay.kb_settings.lexical_weight;
        conversation::write_all(&o.out, &r)?;
        return Ok(Outcome::Conversations(Box::new(r)));
    }
    let oos_label = o.oos_label.clone().unwrap_or_else(|| {
        model
            .manifest
            .oos
            .as_ref()
            .map(|s| s.label.clone())
            .unwrap_or_else(crate::model::manifest::default_oos_label)
    });
    let cfg = policy.for_tenant(None);
    let out = run::run(&model, cfg, &ds, &oos_label, o.batch_size, o.show_progress)?;
    let ctx = report::Context {
        promise: model
            .manifest
            .metrics
            .pointer("/thresholds/promise")
            .cloned(),
        model: model_ref(&model),
        data: o.data.clone(),
        oos_label,
        target_error: o.target_error,
        thresholds: crate::policy::effective_thresholds(&model.manifest.thresholds, cfg),
        oos_threshold: model.manifest.oos.as_ref().map(|s| f64::from(s.threshold)),
        timing: Some(out.timing),
    };
    let r = build_report(&out.records, &ctx);
    write_report(&o.out, &r, &out.records)?;
    Ok(Outcome::Labelled(Box::new(r)))
}

/// `--cv K`: k-fold cross-validation on `o.data` (labelled), report into `o.out`.
pub fn cross_validate(o: &Options, cv: &cv::CvOptions) -> Result<Outcome, EvalError> {
    let ds = data::load(&o.data)?;
    if ds.is_conversations() {
        return Err(EvalError::Invalid(
            "--cv needs labelled data, not conversations".into(),
        ));
    }
    let policy = load_policy(&o.policy)?;
    let (r, records) = cv::run(&ds, cv, policy.for_tenant(None), &o.out)?;
    write_report(&o.out, &r, &records)?;
    Ok(Outcome::Labelled(Box::new(r)))
}

/// `--write-thresholds`: stores the recommended thresholds in the model folder's manifest (the
/// per-intent overrides are kept) and notes where they came from under
/// `metrics.thresholds.eval`.
pub fn write_thresholds(
    model_dir: &Path,
    r: &Report,
) -> Result<crate::model::manifest::Thresholds, EvalError> {
    let chosen = &r.tradeoff.recommended;
    let Some(point) = &chosen.recommended else {
        return Err(EvalError::Invalid(format!(
            "no thresholds meet the {:.2}% target on this data; the manifest is unchanged",
            100.0 * r.tradeoff.target_error
        )));
    };
    let mut m = crate::model::Manifest::load(model_dir)?;
    // Per-intent overrides and the FAQ similarity are not what this data measures: keep them.
    let per_intent = std::mem::take(&mut m.thresholds.per_intent);
    let faq_similarity = m.thresholds.faq_similarity;
    // Per-language thresholds are replaced by what this data measures per language (none for
    // data in one language): thresholds fitted on other data would otherwise shadow the new
    // model-wide values for those languages.
    let per_language = r
        .tradeoff
        .recommended_per_language
        .iter()
        .filter(|(_, c)| c.recommended.is_some())
        .map(|(lang, c)| {
            (
                lang.clone(),
                crate::model::manifest::LanguageThresholds::of(&c.thresholds),
            )
        })
        .collect();
    m.thresholds = crate::model::manifest::Thresholds {
        per_intent,
        faq_similarity,
        per_language,
        ..chosen.thresholds.clone()
    };
    let note = serde_json::json!({
        "data": r.data,
        "target_error": r.tradeoff.target_error,
        "recommended": point,
        "recommended_high": chosen.recommended_high,
        "per_language": r.tradeoff.recommended_per_language,
        "previous": r.tradeoff.current_thresholds,
        "at": chrono::Utc::now().to_rfc3339(),
    });
    if !m.metrics.is_object() {
        m.metrics = serde_json::json!({});
    }
    let metrics = m.metrics.as_object_mut().expect("object");
    let t = metrics
        .entry("thresholds")
        .or_insert_with(|| serde_json::json!({}));
    if !t.is_object() {
        *t = serde_json::json!({});
    }
    t.as_object_mut()
        .expect("object")
        .insert("eval".into(), note);
    m.save(model_dir)?;
    Ok(m.thresholds)
}

/// `--compare A B`: the diff, written as compare.md + compare.json into `out`.
pub fn compare_files(
    a: &Path,
    b: &Path,
    out: &Path,
) -> Result<(compare::Comparison, String), EvalError> {
    let (va, vb) = (compare::load(a)?, compare::load(b)?);
    let c = compare::compare(&va, &vb, &a.display().to_string(), &b.display().to_string());
    let md = compare::markdown(&c);
    let json = serde_json::to_string_pretty(&c).map_err(|e| EvalError::Invalid(e.to_string()))?;
    write_file(out, "compare.md", md.as_bytes())?;
    write_file(out, "compare.json", json.as_bytes())?;
    Ok((c, md))
}

/// report.json, report.md, report.html and predictions.jsonl into `out`.
fn write_report(out: &Path, r: &report::Report, records: &[run::Record]) -> Result<(), EvalError> {
    report::write_all(out, r, records)?;
    write_file(out, "report.html", html::render(r).as_bytes()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_is_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 5.0);
        assert_eq!(percentile(&v, 90.0), 9.0);
        assert_eq!(percentile(&v, 95.0), 10.0);
        assert_eq!(percentile(&v, 100.0), 10.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }
}
