//! Every metric of a run, computed from the per-message [`Record`]s with [`crate::metrics`], and
//! the files: `report.json`, `report.md`, `report.html`, `predictions.jsonl`.
//!
//! Conventions: `accuracy` counts a message right when `predicted == gold` (so an out-of-scope
//! message is right when flagged). Rates whose denominator is empty are `null` in the summary
//! (e.g. OOS recall of a set without out-of-scope messages); inside the classification report
//! they are 0 (scikit-learn's `zero_division=0`, see [`crate::metrics`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::run::{Record, Timing};
use super::{percentile, write_file, EvalError};
use crate::metrics::tradeoff::{self, OperatingPoint, Scored};
use crate::metrics::{self, Bin, ClassificationReport};
use crate::model::manifest::Thresholds;
use crate::policy::Action;
use crate::text::language::Language;
use crate::train::{choose_thresholds, choose_thresholds_per_language, ChosenThresholds};

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
    pub recommended: ChosenThresholds,
    /// Chosen the same way on each language's messages (data in two or more languages, each
    /// with at least `train::MIN_THRESHOLD_ROWS` messages); `--write-thresholds` stores these
    /// as the manifest's `per_language` thresholds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub recommended_per_language: BTreeMap<String, ChosenThresholds>,
    /// The bot error promised at training time next to the one measured on this data, at the
    /// model-wide thresholds, with the same assumed out-of-scope share and confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise: Option<PromiseReport>,
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

fn some_ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Evenly spaced subset (first and last kept) of at most `max` items.
pub fn downsample<T: Clone>(v: &[T], max: usize) -> Vec<T> {
    if v.len() <= max || max < 2 {
        return v.to_vec();
    }
    let step = (v.len() - 1) as f64 / (max - 1) as f64;
    let mut idx: Vec<usize> = (0..max)
        .map(|i| (i as f64 * step).round() as usize)
        .collect();
    idx.dedup();
    idx.into_iter().map(|i| v[i].clone()).collect()
}

/// The trade-off inputs: `correct` = top intent right and gold in scope.
pub fn scored(records: &[Record], oos_label: &str) -> Vec<Scored> {
    records
        .iter()
        .map(|r| Scored {
            confidence: r.confidence,
            margin: r.margin,
            correct: r.intent == r.gold && r.gold != oos_label,
            in_scope: r.gold != oos_label,
            oos_flag: r.oos,
        })
        .collect()
}

/// The operating point of the thresholds in force, each message judged at its language's
/// thresholds. `conf_threshold` and `margin_threshold` are the model-wide values; with
/// per-language thresholds the counts are the sum over languages.
fn current_point(items: &[Scored], languages: &[Language], t: &Thresholds) -> OperatingPoint {
    let at = |t: &Thresholds, subset: &[Scored]| {
        tradeoff::sweep(subset, &[f64::from(t.confidence)], &[f64::from(t.margin)])
            .into_iter()
            .next()
            .expect("one grid point")
    };
    if t.per_language.is_empty() {
        return at(t, items);
    }
    let mut groups: BTreeMap<&str, Vec<Scored>> = BTreeMap::new();
    for (s, l) in items.iter().zip(languages) {
        groups.entry(l.as_str()).or_default().push(*s);
    }
    let (mut answered, mut wrong, mut answered_oos) = (0, 0, 0);
    for (lang, subset) in &groups {
        let p = at(&t.for_language(lang), subset);
        answered += p.answered;
        wrong += p.wrong;
        answered_oos += p.answered_oos;
    }
    OperatingPoint {
        conf_threshold: f64::from(t.confidence),
        margin_threshold: f64::from(t.margin),
        automation: metrics_ratio(answered, items.len()),
        error_rate: metrics_ratio(wrong, answered),
        answered,
        wrong,
        n: items.len(),
        answered_oos,
    }
}

/// "; per language: en ≥ 0.783, zh ≥ 0.861" when the thresholds have per-language entries (the
/// operating point's counts already use them; its printed threshold is the model-wide one).
fn per_language_note(t: &Thresholds) -> String {
    if t.per_language.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = t
        .per_language
        .iter()
        .map(|(lang, l)| format!("{lang} ≥ {:.3}", l.confidence))
        .collect();
    format!("; per language: {}", parts.join(", "))
}

pub fn build_report(records: &[Record], ctx: &Context) -> Report {
    let oos = ctx.oos_label.as_str();
    let n = records.len();
    let gold: Vec<&str> = records.iter().map(|r| r.gold.as_str()).collect();
    let pred: Vec<&str> = records.iter().map(|r| r.predicted.as_str()).collect();
    let classification = metrics::classification_report(&gold, &pred);
    let confusion_order = metrics::confusion_order(&classification);

    let ins: Vec<&Record> = records.iter().filter(|r| r.gold != oos).collect();
    let n_oos = n - ins.len();
    let ins_ok = ins.iter().filter(|r| r.predicted == r.gold).count();
    let ins_intent_ok = ins.iter().filter(|r| r.intent == r.gold).count();
    let ins_rej = ins.iter().filter(|r| r.oos).count();
    let flagged = records.iter().filter(|r| r.oos).count();
    let caught = records.iter().filter(|r| r.oos && r.gold == oos).count();

    // ---- out-of-scope ROC per score ----
    let positives: Vec<bool> = records.iter().map(|r| r.gold == oos).collect();
    let mut roc = Vec::new();
    type ScoreOf = fn(&Record) -> Option<f64>;
    let scores: [(&str, ScoreOf); 3] = [
        ("oos_score", |r| r.oos_score),
        ("oos_prob", |r| r.oos_prob),
        ("one_minus_confidence", |r| Some(1.0 - r.confidence)),
    ];
    for (name, f) in scores.iter() {
        let s: Option<Vec<f64>> = records.iter().map(f).collect();
        if let Some(s) = s.filter(|s| !s.is_empty()) {
            roc.push(RocCurve {
                score: name.to_string(),
                auroc: metrics::auroc(&s, &positives),
                points: downsample(&metrics::roc_curve(&s, &positives), MAX_CURVE_POINTS),
            });
        }
    }
    let oos_auroc = roc
        .iter()
        .find(|c| c.score == "oos_score")
        .and_then(|c| c.auroc);

    // ---- calibration on in-scope messages ----
    let conf: Vec<f64> = ins.iter().map(|r| r.confidence).collect();
    let correct: Vec<bool> = ins.iter().map(|r| r.intent == r.gold).collect();
    let calibration = CalibrationReport {
        n: ins.len(),
        ece: (!ins.is_empty()).then(|| metrics::ece(&conf, &correct, CALIBRATION_BINS)),
        bins: metrics::reliability(&conf, &correct, CALIBRATION_BINS),
    };

    // ---- decision trade-off ----
    let items = scored(records, oos);
    let languages: Vec<Language> = records.iter().map(|r| r.language).collect();
    let current = current_point(&items, &languages, &ctx.thresholds);
    let recommended = choose_thresholds(&items, ctx.target_error);
    let recommended_per_language =
        choose_thresholds_per_language(&items, &languages, ctx.target_error)
            .into_iter()
            .map(|(l, c)| (l.as_str().to_string(), c))
            .collect();
    let promised: Option<metrics::bound::TrafficError> = ctx
        .promise
        .as_ref()
        .and_then(|p| serde_json::from_value(p["overall"].clone()).ok());
    let (share, confidence) = promised
        .as_ref()
        .map(|p| (p.expected_oos_share, p.confidence))
        .unwrap_or((0.3, 0.95));
    let promise = Some(PromiseReport {
        measured: metrics::bound::traffic_error(
            &items,
            f64::from(ctx.thresholds.confidence),
            f64::from(ctx.thresholds.margin),
            share,
            confidence,
        ),
        promised,
    });
    let trade = TradeoffReport {
        target_error: ctx.target_error,
        curve: downsample(&tradeoff::curve(&items), MAX_CURVE_POINTS),
        current_thresholds: ctx.thresholds.clone(),
        current,
        recommended,
        recommended_per_language,
        promise,
    };

    // ---- the policy's actual decisions ----
    let count = |a: Action| records.iter().filter(|r| r.action == a).count();
    let answered: Vec<&Record> = records
        .iter()
        .filter(|r| r.action == Action::Answer)
        .collect();
    let answered_wrong = answered
        .iter()
        .filter(|r| !(r.intent == r.gold && r.gold != oos))
        .count();
    let mut reasons = BTreeMap::new();
    for r in records {
        for c in &r.reasons {
            *reasons.entry(c.as_str().to_string()).or_insert(0) += 1;
        }
    }
    let actions = ActionReport {
        answer: answered.len(),
        clarify: count(Action::Clarify),
        handoff: count(Action::Handoff),
        automation: metrics_ratio(answered.len(), n),
        bot_error: metrics_ratio(answered_wrong, answered.len()),
        reasons,
    };

    // ---- per file ----
    let mut by_file: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in records {
        let name = ctx
            .data
            .get(r.file)
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("file{}", r.file));
        let e = by_file.entry(name).or_default();
        e.0 += 1;
        e.1 += usize::from(r.predicted == r.gold);
    }

    let latency = ctx.timing.as_ref().map(|t| {
        let mut l: Vec<f64> = records.iter().map(|r| r.latency_ms).collect();
        l.sort_by(|a, b| a.total_cmp(b));
        Latency {
            batch_size: t.batch_size,
            batches: t.batches,
            seconds: t.seconds,
            messages_per_second: if t.seconds > 0.0 {
                n as f64 / t.seconds
            } else {
                0.0
            },
            p50_ms: percentile(&l, 50.0),
            p90_ms: percentile(&l, 90.0),
            p95_ms: percentile(&l, 95.0),
            p99_ms: percentile(&l, 99.0),
            max_ms: l.last().copied().unwrap_or(0.0),
            mean_ms: if l.is_empty() {
                0.0
            } else {
                l.iter().sum::<f64>() / l.len() as f64
            },
        }
    });

    let summary = Summary {
        n,
        n_in_scope: ins.len(),
        n_oos,
        accuracy: classification.accuracy,
        macro_f1: classification.macro_f1,
        weighted_f1: classification.weighted_f1,
        in_scope_accuracy: some_ratio(ins_ok, ins.len()),
        in_scope_intent_accuracy: some_ratio(ins_intent_ok, ins.len()),
        in_scope_rejected_as_oos: some_ratio(ins_rej, ins.len()),
        oos_recall: some_ratio(caught, n_oos),
        oos_precision: some_ratio(caught, flagged),
        oos_auroc,
        ece: calibration.ece,
        automation: actions.automation,
        bot_error: actions.bot_error,
    };
    Report {
        tool: format!("triage {} eval", env!("CARGO_PKG_VERSION")),
        created_at: chrono::Utc::now().to_rfc3339(),
        model: ctx.model.clone(),
        data: ctx.data.iter().map(|p| p.display().to_string()).collect(),
        out_of_scope: OosReport {
            label: ctx.oos_label.clone(),
            in_scope_accuracy: summary.in_scope_accuracy,
            in_scope_intent_accuracy: summary.in_scope_intent_accuracy,
            in_scope_rejected_as_oos: summary.in_scope_rejected_as_oos,
            recall: summary.oos_recall,
            precision: summary.oos_precision,
            flagged,
            threshold: ctx.oos_threshold,
            roc,
        },
        summary,
        classification,
        confusion_order,
        by_file: by_file
            .into_iter()
            .map(|(k, (n, ok))| {
                (
                    k,
                    FileScore {
                        n,
                        accuracy: metrics_ratio(ok, n),
                    },
                )
            })
            .collect(),
        calibration,
        tradeoff: trade,
        actions,
        latency,
        cv: None,
    }
}

fn metrics_ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The overall metrics as (name, formatted value), shared by the Markdown and HTML reports.
pub fn overall_rows(s: &Summary) -> Vec<(&'static str, String)> {
    vec![
        (
            "messages",
            format!(
                "{} ({} in scope, {} out of scope)",
                s.n, s.n_in_scope, s.n_oos
            ),
        ),
        ("accuracy (predicted = gold)", pct(s.accuracy)),
        ("macro F1", format!("{:.4}", s.macro_f1)),
        ("weighted F1", format!("{:.4}", s.weighted_f1)),
        ("in-scope accuracy", opt_pct(s.in_scope_accuracy)),
        (
            "in-scope top-intent accuracy (before OOS)",
            opt_pct(s.in_scope_intent_accuracy),
        ),
        (
            "in-scope rejected as OOS",
            opt_pct(s.in_scope_rejected_as_oos),
        ),
        ("OOS recall", opt_pct(s.oos_recall)),
        ("OOS precision", opt_pct(s.oos_precision)),
        ("OOS AUROC (distance score)", opt_num(s.oos_auroc)),
        ("ECE (in scope)", opt_num(s.ece)),
        ("automation (policy decisions)", pct(s.automation)),
        ("bot error (policy decisions)", pct(s.bot_error)),
    ]
}

pub fn pct(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

pub fn opt_pct(x: Option<f64>) -> String {
    x.map(pct).unwrap_or_else(|| "n/a".into())
}

pub fn opt_num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_else(|| "n/a".into())
}

fn point_line(p: &OperatingPoint) -> String {
    format!(
        "confidence ≥ {:.3}, margin ≥ {:.3}: automation {}, bot error {} ({} of {} answered wrong, {} of them out of scope)",
        p.conf_threshold,
        p.margin_threshold,
        pct(p.automation),
        pct(p.error_rate),
        p.wrong,
        p.answered,
        p.answered_oos
    )
}

/// The lines printed at the end of a run (and at the top of `report.md`).
pub fn summary_lines(r: &Report) -> Vec<String> {
    let s = &r.summary;
    let mut v = vec![
        format!(
            "model {} {} on {} messages ({} in scope, {} out of scope)",
            r.model.name, r.model.version, s.n, s.n_in_scope, s.n_oos
        ),
        format!(
            "accuracy {}  macro-F1 {:.4}  weighted-F1 {:.4}",
            pct(s.accuracy),
            s.macro_f1,
            s.weighted_f1
        ),
        format!(
            "in-scope accuracy {} (top intent {})  rejected as OOS {}",
            opt_pct(s.in_scope_accuracy),
            opt_pct(s.in_scope_intent_accuracy),
            opt_pct(s.in_scope_rejected_as_oos)
        ),
        format!(
            "OOS recall {}  precision {}  AUROC {}",
            opt_pct(s.oos_recall),
            opt_pct(s.oos_precision),
            opt_num(s.oos_auroc)
        ),
        format!("ECE {}", opt_num(s.ece)),
        match &r.tradeoff.promise {
            Some(p) => format!(
                "bot error at the model-wide thresholds: promised {}; measured here {}",
                p.promised
                    .as_ref()
                    .map(|t| t.describe())
                    .unwrap_or_else(|| "nothing (model trained before promises)".into()),
                p.measured.describe()
            ),
            None => String::new(),
        },
        format!(
            "decisions: automation {}  bot error {}  (answer {} / clarify {} / handoff {})",
            pct(s.automation),
            pct(s.bot_error),
            r.actions.answer,
            r.actions.clarify,
            r.actions.handoff
        ),
        format!(
            "current thresholds   {}{}",
            point_line(&r.tradeoff.current),
            per_language_note(&r.tradeoff.current_thresholds)
        ),
    ];
    match &r.tradeoff.recommended.recommended {
        Some(p) => v.push(format!(
            "recommended for {} {} (high ≥ {:.3})",
            pct(r.tradeoff.target_error),
            point_line(p),
            r.tradeoff.recommended.thresholds.high_confidence
        )),
        None => v.push(format!(
            "recommended for {}: no threshold meets the target; hand everything over",
            pct(r.tradeoff.target_error)
        )),
    }
    for (lang, c) in &r.tradeoff.recommended_per_language {
        v.push(match &c.recommended {
            Some(p) => format!(
                "  {lang}: {} (high ≥ {:.3})",
                point_line(p),
                c.thresholds.high_confidence
            ),
            None => format!("  {lang}: no threshold meets the target"),
        });
    }
    if let Some(l) = &r.latency {
        v.push(format!(
            "latency (batch {}) p50 {:.1} ms  p95 {:.1} ms  p99 {:.1} ms; {:.1} messages/s, {:.1} s",
            l.batch_size, l.p50_ms, l.p95_ms, l.p99_ms, l.messages_per_second, l.seconds
        ));
    }
    v.retain(|l| !l.is_empty());
    v
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

pub fn markdown(r: &Report) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# Evaluation: {} {}\n", r.model.name, r.model.version);
    let _ = writeln!(
        m,
        "Model `{}`{} on {} · {} · {}\n",
        r.model.dir,
        r.model.encoder_note(),
        r.data
            .iter()
            .map(|d| format!("`{d}`"))
            .collect::<Vec<_>>()
            .join(", "),
        r.tool,
        r.created_at
    );
    let _ = writeln!(m, "```");
    for l in summary_lines(r) {
        let _ = writeln!(m, "{l}");
    }
    let _ = writeln!(m, "```\n");
    let s = &r.summary;
    let _ = writeln!(m, "## Overall\n\n| metric | value |\n|---|---|");
    for (k, v) in overall_rows(s) {
        let _ = writeln!(m, "| {k} | {v} |");
    }
    if r.by_file.len() > 1 {
        let _ = writeln!(
            m,
            "\n### By file\n\n| file | messages | accuracy |\n|---|---:|---:|"
        );
        for (k, f) in &r.by_file {
            let _ = writeln!(m, "| {} | {} | {} |", md_escape(k), f.n, pct(f.accuracy));
        }
    }
    let _ = writeln!(
        m,
        "\n## Per intent (worst F1 first)\n\n| label | precision | recall | F1 | support | predicted | confused with |\n|---|---:|---:|---:|---:|---:|---|"
    );
    let mut per: Vec<_> = r.classification.per_class.iter().collect();
    per.sort_by(|a, b| a.f1.total_cmp(&b.f1).then(a.label.cmp(&b.label)));
    for c in per {
        let conf = c
            .confused_with
            .iter()
            .map(|(l, k)| format!("{} ({k})", md_escape(l)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            m,
            "| {} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
            md_escape(&c.label),
            c.precision,
            c.recall,
            c.f1,
            c.support,
            c.predicted,
            conf
        );
    }
    let _ = writeln!(
        m,
        "\n## Most frequent confusions\n\n| gold | predicted | count |\n|---|---|---:|"
    );
    for (g, p, k) in top_confusions(&r.classification, 20) {
        let _ = writeln!(m, "| {} | {} | {k} |", md_escape(&g), md_escape(&p));
    }
    let o = &r.out_of_scope;
    let _ = writeln!(
        m,
        "\n## Out of scope (label `{}`)\n\nflagged {} · recall {} · precision {} · in-scope accuracy {} · in-scope rejected {}\n\n| score | AUROC |\n|---|---:|",
        o.label,
        o.flagged,
        opt_pct(o.recall),
        opt_pct(o.precision),
        opt_pct(o.in_scope_accuracy),
        opt_pct(o.in_scope_rejected_as_oos)
    );
    for c in &o.roc {
        let _ = writeln!(m, "| {} | {} |", c.score, opt_num(c.auroc));
    }
    let _ = writeln!(
        m,
        "\n## Calibration\n\nECE {} on {} in-scope messages ({} bins).\n\n| bin | count | mean confidence | accuracy |\n|---|---:|---:|---:|",
        opt_num(r.calibration.ece),
        r.calibration.n,
        r.calibration.bins.len()
    );
    for b in r.calibration.bins.iter().filter(|b| b.count > 0) {
        let _ = writeln!(
            m,
            "| {:.2}–{:.2} | {} | {:.3} | {:.3} |",
            b.lo, b.hi, b.count, b.mean_confidence, b.accuracy
        );
    }
    let t = &r.tradeoff;
    let _ = writeln!(
        m,
        "\n## Decision trade-off (target bot error {})\n\nAutomation = share of messages the bot answers; bot error = share of answered messages that are wrong or out of scope.\n",
        pct(t.target_error)
    );
    let _ = writeln!(
        m,
        "- current: {}{}",
        point_line(&t.current),
        per_language_note(&t.current_thresholds)
    );
    match &t.recommended.recommended {
        Some(p) => {
            let _ = writeln!(
                m,
                "- recommended: {}; high confidence ≥ {:.3}",
                point_line(p),
                t.recommended.thresholds.high_confidence
            );
        }
        None => {
            let _ = writeln!(m, "- recommended: none meets the target");
        }
    }
    for (lang, c) in &t.recommended_per_language {
        let _ = match &c.recommended {
            Some(p) => writeln!(
                m,
                "  - {lang} messages only: {}; high confidence ≥ {:.3}",
                point_line(p),
                c.thresholds.high_confidence
            ),
            None => writeln!(m, "  - {lang} messages only: none meets the target"),
        };
    }
    let a = &r.actions;
    let _ = writeln!(
        m,
        "- policy decisions (all rules, no conversation history): answer {}, clarify {}, handoff {}; automation {}, bot error {}",
        a.answer,
        a.clarify,
        a.handoff,
        pct(a.automation),
        pct(a.bot_error)
    );
    if !a.reasons.is_empty() {
        let _ = writeln!(m, "\n| reason | count |\n|---|---:|");
        for (k, v) in &a.reasons {
            let _ = writeln!(m, "| {k} | {v} |");
        }
    }
    if let Some(l) = &r.latency {
        let _ = writeln!(
            m,
            "\n## Speed\n\n{} messages in {:.1} s ({:.1} messages/s), batches of {} ({} batches). Latency per message (its batch's wall time): p50 {:.1} ms, p90 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms.",
            r.summary.n, l.seconds, l.messages_per_second, l.batch_size, l.batches, l.p50_ms, l.p90_ms, l.p95_ms, l.p99_ms, l.max_ms
        );
    }
    if let Some(cv) = &r.cv {
        let _ = writeln!(
            m,
            "\n## Cross-validation\n\n```json\n{}\n```",
            serde_json::to_string_pretty(cv).unwrap_or_default()
        );
    }
    m
}

/// Off-diagonal cells, largest first (ties by gold, then predicted label).
pub fn top_confusions(c: &ClassificationReport, k: usize) -> Vec<(String, String, usize)> {
    let mut v = Vec::new();
    for (g, row) in c.confusion.iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            if g != p && n > 0 {
                v.push((c.labels[g].clone(), c.labels[p].clone(), n));
            }
        }
    }
    v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    v.truncate(k);
    v
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
mod tests {
    use super::*;
    use crate::policy::ReasonCode;

    #[allow(clippy::too_many_arguments)]
    fn rec(
        line: usize,
        gold: &str,
        intent: &str,
        oos: bool,
        conf: f64,
        margin: f64,
        score: f64,
        action: Action,
    ) -> Record {
        Record {
            file: 0,
            line,
            text_sha256: format!("{line:064}"),
            gold: gold.into(),
            predicted: if oos { "oos".into() } else { intent.into() },
            intent: intent.into(),
            confidence: conf,
            margin,
            oos_score: Some(score),
            oos_prob: None,
            oos,
            action,
            reasons: if action == Action::Handoff {
                vec![ReasonCode::OutOfScope]
            } else {
                vec![]
            },
            latency_ms: line as f64,
            language: Language::En,
        }
    }

    #[test]
    fn the_promise_is_reported_next_to_the_measured_bot_error() {
        let mut c = ctx();
        c.promise = Some(
            serde_json::json!({"overall": crate::metrics::bound::traffic_error(
                &[],
                0.5,
                0.0,
                0.4,
                0.9,
            )}),
        );
        let recs = vec![
            rec(1, "a", "a", false, 0.9, 0.9, 0.1, Action::Answer),
            rec(2, "a", "b", false, 0.9, 0.9, 0.1, Action::Answer),
            rec(3, "oos", "a", false, 0.9, 0.9, 0.1, Action::Answer),
        ];
        let r = build_report(&recs, &c);
        let p = r.tradeoff.promise.as_ref().unwrap();
        let promised = p.promised.as_ref().unwrap();
        assert_eq!(
            (promised.expected_oos_share, promised.confidence),
            (0.4, 0.9)
        );
        // Measured with the promise's assumptions, at the model-wide thresholds.
        assert_eq!(
            (p.measured.expected_oos_share, p.measured.confidence),
            (0.4, 0.9)
        );
        assert_eq!((p.measured.in_scope, p.measured.out_of_scope), (2, 1));
        assert!(summary_lines(&r).iter().any(|l| l.contains("promised")));
        // Without a promise in the manifest the measured side uses 30% and 95%.
        let r = build_report(&recs, &ctx());
        let p = r.tradeoff.promise.unwrap();
        assert!(p.promised.is_none());
        assert_eq!(p.measured.expected_oos_share, 0.3);
    }

    fn ctx() -> Context {
        Context {
            promise: None,
            model: ModelRef {
                name: "m".into(),
                version: "1".into(),
                dir: "models/m".into(),
                encoder: "fast-int8-test".into(),
            },
            data: vec![PathBuf::from("data/val.jsonl")],
            oos_label: "oos".into(),
            target_error: 0.02,
            thresholds: Thresholds {
                confidence: 0.5,
                high_confidence: 0.8,
                margin: 0.1,
                per_intent: Default::default(),
                faq_similarity: None,
                per_language: Default::default(),
            },
            oos_threshold: Some(0.6),
            timing: Some(Timing {
                seconds: 2.0,
                batch_size: 4,
                batches: 2,
            }),
        }
    }

    /// Seven messages, computed by hand (see each assertion). Label `c` is never predicted, `d`
    /// is predicted but has no support.
    ///
    /// | # | gold | intent | oos | conf | margin | score | action | predicted |
    /// |---|------|--------|-----|------|--------|-------|--------|-----------|
    /// | 1 | a    | a      |     | 0.9  | 0.8    | 0.1   | answer | a ✓ |
    /// | 2 | a    | b      |     | 0.6  | 0.3    | 0.2   | answer | b   |
    /// | 3 | b    | b      |     | 0.8  | 0.7    | 0.3   | answer | b ✓ |
    /// | 4 | b    | b      | yes | 0.5  | 0.1    | 0.7   | handoff| oos |
    /// | 5 | oos  | a      | yes | 0.4  | 0.1    | 0.9   | handoff| oos ✓ |
    /// | 6 | oos  | d      |     | 0.7  | 0.5    | 0.4   | answer | d   |
    /// | 7 | c    | a      |     | 0.3  | 0.05   | 0.5   | handoff| a   |
    fn fixture() -> Vec<Record> {
        use Action::*;
        vec![
            rec(1, "a", "a", false, 0.9, 0.8, 0.1, Answer),
            rec(2, "a", "b", false, 0.6, 0.3, 0.2, Answer),
            rec(3, "b", "b", false, 0.8, 0.7, 0.3, Answer),
            rec(4, "b", "b", true, 0.5, 0.1, 0.7, Handoff),
            rec(5, "oos", "a", true, 0.4, 0.1, 0.9, Handoff),
            rec(6, "oos", "d", false, 0.7, 0.5, 0.4, Answer),
            rec(7, "c", "a", false, 0.3, 0.05, 0.5, Handoff),
        ]
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn metrics_match_hand_computed_values() {
        let r = build_report(&fixture(), &ctx());
        let s = &r.summary;
        assert_eq!((s.n, s.n_in_scope, s.n_oos), (7, 5, 2));
        close(s.accuracy, 3.0 / 7.0); // rows 1, 3, 5
                                      // F1: a 0.5 (tp1 fp1 fn1), b 0.5, c 0 (never predicted), d 0 (no support), oos 0.5.
        close(s.macro_f1, 1.5 / 5.0);
        close(s.weighted_f1, (2.0 * 0.5 + 2.0 * 0.5 + 2.0 * 0.5) / 7.0);
        let c = &r.classification;
        assert_eq!(c.labels, ["a", "b", "c", "d", "oos"]);
        let cl = |l: &str| c.class(l).unwrap();
        assert_eq!(
            (cl("c").support, cl("c").predicted, cl("c").precision),
            (1, 0, 0.0)
        );
        assert_eq!(
            (cl("d").support, cl("d").predicted, cl("d").recall),
            (0, 1, 0.0)
        );
        assert_eq!(cl("a").confused_with, vec![("b".to_string(), 1)]);
        assert_eq!(cl("oos").confused_with, vec![("d".to_string(), 1)]);
        assert_eq!(c.confusion.iter().flatten().sum::<usize>(), 7);
        // In scope: rows 1, 2, 3, 4, 7.
        assert_eq!(s.in_scope_accuracy, Some(2.0 / 5.0));
        assert_eq!(s.in_scope_intent_accuracy, Some(3.0 / 5.0));
        assert_eq!(s.in_scope_rejected_as_oos, Some(1.0 / 5.0));
        assert_eq!(s.oos_recall, Some(0.5)); // row 5 of 5, 6
        assert_eq!(s.oos_precision, Some(0.5)); // flagged 4, 5
                                                // Positives score 0.9, 0.4; negatives 0.1 0.2 0.3 0.7 0.5: 5 + 3 of 10 pairs.
        close(s.oos_auroc.unwrap(), 0.8);
        // one_minus_confidence: positives 0.6, 0.3; negatives 0.1 0.4 0.2 0.5 0.7 → 4 + 2 = 6/10.
        let omc = r
            .out_of_scope
            .roc
            .iter()
            .find(|c| c.score == "one_minus_confidence")
            .unwrap();
        close(omc.auroc.unwrap(), 0.6);
        assert!(
            r.out_of_scope.roc.iter().all(|c| c.score != "oos_prob"),
            "no head OOS class"
        );
        // ECE over in-scope, each in its own 1/15 bin: (0.1 + 0.6 + 0.2 + 0.5 + 0.3) / 5.
        close(s.ece.unwrap(), 1.7 / 5.0);
        assert_eq!(r.calibration.bins.iter().filter(|b| b.count > 0).count(), 5);
        // Actions: answered 1, 2, 3, 6; wrong 2 (intent) and 6 (out of scope).
        assert_eq!(
            (r.actions.answer, r.actions.clarify, r.actions.handoff),
            (4, 0, 3)
        );
        close(s.automation, 4.0 / 7.0);
        close(s.bot_error, 0.5);
        assert_eq!(r.actions.reasons["out_of_scope"], 3);
        // Current thresholds 0.5 / 0.1 answer 1, 2, 3, 6 (7 is below 0.5, 4 and 5 flagged).
        let cur = &r.tradeoff.current;
        assert_eq!((cur.answered, cur.wrong, cur.answered_oos), (4, 2, 1));
        // 2% target: only rows 1 and 3 (conf ≥ 0.8, margin ≥ 0.3) are answered error-free.
        let rec = r.tradeoff.recommended.recommended.as_ref().unwrap();
        assert_eq!((rec.answered, rec.wrong), (2, 0));
        assert!(rec.conf_threshold > 0.7 && rec.conf_threshold <= 0.8);
        assert_eq!(rec.margin_threshold, 0.3);
        // Latency: per-message batch times 1..7 ms; nearest rank.
        let l = r.latency.as_ref().unwrap();
        assert_eq!(
            (l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms),
            (4.0, 7.0, 7.0, 7.0)
        );
        close(l.mean_ms, 4.0);
        close(l.messages_per_second, 3.5);
        assert_eq!(r.by_file["val"].n, 7);
        assert_eq!(r.out_of_scope.threshold, Some(0.6));
    }

    /// 150 English messages, all right at confidence 0.9; 150 Chinese ones, 120 right at 0.95
    /// and 30 wrong at 0.7.
    fn two_languages() -> Vec<Record> {
        let mut v = Vec::new();
        for i in 0..300 {
            let (lang, wrong) = if i < 150 {
                (Language::En, false)
            } else {
                (Language::Zh, i >= 270)
            };
            let conf = if lang == Language::En {
                0.9
            } else if wrong {
                0.7
            } else {
                0.95
            };
            let mut r = rec(
                i + 1,
                "a",
                if wrong { "b" } else { "a" },
                false,
                conf,
                0.5,
                0.1,
                Action::Answer,
            );
            r.language = lang;
            v.push(r);
        }
        v
    }

    #[test]
    fn thresholds_are_recommended_per_language_and_the_current_point_uses_them() {
        let recs = two_languages();
        let mut c = ctx();
        let r = build_report(&recs, &c);
        let per = &r.tradeoff.recommended_per_language;
        assert_eq!(per.keys().collect::<Vec<_>>(), ["en", "zh"]);
        // English meets the target at any threshold; Chinese only above its wrong answers.
        let en = per["en"].recommended.as_ref().unwrap();
        assert_eq!((en.answered, en.wrong), (150, 0));
        let zh = per["zh"].recommended.as_ref().unwrap();
        assert_eq!((zh.answered, zh.wrong), (120, 0));
        assert!(per["zh"].thresholds.confidence > 0.7);
        // The model-wide threshold 0.5 answers all 300 with 30 wrong ...
        assert_eq!(
            (r.tradeoff.current.answered, r.tradeoff.current.wrong),
            (300, 30)
        );
        // ... a Chinese threshold of 0.8 keeps the English answers and drops the wrong ones.
        c.thresholds.per_language.insert(
            "zh".into(),
            crate::model::manifest::LanguageThresholds {
                confidence: 0.8,
                high_confidence: 0.9,
                margin: 0.1,
            },
        );
        let r = build_report(&recs, &c);
        let cur = &r.tradeoff.current;
        assert_eq!((cur.answered, cur.wrong, cur.n), (270, 0, 300));
        assert!(markdown(&r).contains("zh messages only"));
        assert!(markdown(&r).contains("per language: zh ≥ 0.800"));
        // One language: no per-language recommendation.
        let en_only: Vec<Record> = recs.into_iter().take(150).collect();
        assert!(build_report(&en_only, &ctx())
            .tradeoff
            .recommended_per_language
            .is_empty());
    }

    #[test]
    fn all_out_of_scope_input_has_undefined_in_scope_numbers() {
        use Action::*;
        let recs = vec![
            rec(1, "oos", "a", true, 0.4, 0.1, 0.9, Handoff),
            rec(2, "oos", "b", false, 0.9, 0.8, 0.2, Answer),
        ];
        let r = build_report(&recs, &ctx());
        let s = &r.summary;
        assert_eq!((s.n_in_scope, s.n_oos), (0, 2));
        close(s.accuracy, 0.5);
        assert_eq!(s.in_scope_accuracy, None);
        assert_eq!(s.in_scope_rejected_as_oos, None);
        assert_eq!(s.oos_recall, Some(0.5));
        assert_eq!(s.oos_precision, Some(1.0));
        assert_eq!(s.oos_auroc, None, "one class only");
        assert_eq!(s.ece, None);
        assert!(r.calibration.bins.iter().all(|b| b.count == 0));
        close(s.bot_error, 1.0); // the one answer is out of scope
        assert!(r.tradeoff.recommended.recommended.is_none());
        // Everything still renders.
        assert!(markdown(&r).contains("in-scope accuracy | n/a"));
        crate::eval::html::check_well_formed(&crate::eval::html::render(&r)).unwrap();
        assert!(summary_lines(&r)
            .iter()
            .any(|l| l.contains("no threshold meets the target")));
    }

    #[test]
    fn empty_and_single_label_inputs_do_not_panic() {
        let r = build_report(&[], &ctx());
        assert_eq!(r.summary.n, 0);
        assert_eq!(r.summary.accuracy, 0.0);
        crate::eval::html::check_well_formed(&crate::eval::html::render(&r)).unwrap();
    }

    #[test]
    fn downsample_keeps_ends_and_bounds_length() {
        let v: Vec<usize> = (0..1000).collect();
        let d = downsample(&v, 200);
        assert!(d.len() <= 200);
        assert_eq!((d[0], *d.last().unwrap()), (0, 999));
        assert_eq!(downsample(&v[..5], 200), v[..5].to_vec());
    }

    #[test]
    fn html_is_self_contained_well_formed_and_has_the_plots() {
        let r = build_report(&fixture(), &ctx());
        let h = crate::eval::html::render(&r);
        crate::eval::html::check_well_formed(&h).unwrap();
        assert_eq!(
            h.matches("<svg").count(),
            4,
            "trade-off, ROC, reliability, confusion"
        );
        for t in [
            "Automation vs bot error",
            "Out-of-scope ROC",
            "Reliability (in scope)",
            "Confusion matrix",
        ] {
            assert!(h.contains(t), "{t}");
        }
        for bad in ["http:", "https:", "<script", "src=", "href=", "url("] {
            assert!(!h.contains(bad), "{bad}");
        }
        assert!(h.contains("a → b: 1"), "heatmap tooltip");
        let md = markdown(&r);
        assert!(
            md.contains("| c | 0.000 | 0.000 | 0.000 | 1 | 0 | a (1) |"),
            "{md}"
        );
        assert!(md.contains("| oos | d | 1 |"));
        // Which forward produced the numbers is in both headers, so int8 and f32 reports differ.
        assert!(md.contains("Model `models/m` (fast-int8-test) on"), "{md}");
        assert!(h.contains("<code>models/m</code> (fast-int8-test) on"));
    }

    #[test]
    fn predictions_lines_have_the_documented_fields() {
        let r = &fixture()[4];
        let v = r.prediction_line(None);
        let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "action",
                "confidence",
                "gold",
                "intent",
                "line",
                "margin",
                "oos",
                "oos_score",
                "predicted",
                "text_sha256"
            ]
        );
        assert_eq!(v["predicted"], "oos");
        assert_eq!(v["intent"], "a");
        assert_eq!(v["action"], "handoff");
        assert_eq!(r.prediction_line(Some("en_val"))["file"], "en_val");
    }
}
