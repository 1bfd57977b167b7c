//! The report from the per-message records: classification, out-of-scope ROC, calibration, the
//! decision trade-off with recommended thresholds, the policy's actual decisions, per file and
//! latency.

use std::collections::BTreeMap;

use super::{
    ActionReport, CalibrationReport, Context, FileScore, Latency, OosReport, PromiseReport, Report,
    RocCurve, Summary, TradeoffReport, CALIBRATION_BINS, MAX_CURVE_POINTS,
};
use crate::eval::percentile;
use crate::eval::run::{Record, Timing};
use crate::metrics::tradeoff::{
    self, choose_thresholds, choose_thresholds_per_group, OperatingPoint, Scored,
};
use crate::metrics::{self, ClassificationReport};
use crate::model::manifest::Thresholds;
use crate::policy::{Action, ReasonCode};
use crate::text::language::Language;

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

/// The report of one run, in named steps: classification, out-of-scope ROC, calibration, the
/// decision trade-off, the policy's actions, the summary of them, per file and latency.
pub fn build_report(records: &[Record], ctx: &Context) -> Report {
    let oos = ctx.oos_label.as_str();
    let gold: Vec<&str> = records.iter().map(|r| r.gold.as_str()).collect();
    let pred: Vec<&str> = records.iter().map(|r| r.predicted.as_str()).collect();
    let classification = metrics::classification_report(&gold, &pred);
    let confusion_order = metrics::confusion_order(&classification);
    let roc = oos_roc(records, oos);
    let calibration = calibration_report(records, oos);
    let tradeoff = tradeoff_report(records, ctx);
    let actions = action_report(records, oos);
    let summary = summary(records, oos, &classification, &roc, &calibration, &actions);
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
            flagged: records.iter().filter(|r| r.oos).count(),
            threshold: ctx.oos_threshold,
            roc,
        },
        summary,
        classification,
        confusion_order,
        by_file: by_file(records, ctx),
        calibration,
        tradeoff,
        actions,
        latency: ctx.timing.as_ref().map(|t| latency(records, t)),
        cv: None,
    }
}

/// The out-of-scope ROC of each score the records carry (all of them, or it is left out).
fn oos_roc(records: &[Record], oos: &str) -> Vec<RocCurve> {
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
    roc
}

/// Calibration of the intent confidence on the in-scope messages.
fn calibration_report(records: &[Record], oos: &str) -> CalibrationReport {
    let ins: Vec<&Record> = records.iter().filter(|r| r.gold != oos).collect();
    let conf: Vec<f64> = ins.iter().map(|r| r.confidence).collect();
    let correct: Vec<bool> = ins.iter().map(|r| r.intent == r.gold).collect();
    CalibrationReport {
        n: ins.len(),
        ece: (!ins.is_empty()).then(|| metrics::ece(&conf, &correct, CALIBRATION_BINS)),
        bins: metrics::reliability(&conf, &correct, CALIBRATION_BINS),
    }
}

/// The decision trade-off: the curve, the thresholds in force, the ones recommended for the
/// target (overall and per language) and the promise measured at the thresholds in force.
fn tradeoff_report(records: &[Record], ctx: &Context) -> TradeoffReport {
    let items = scored(records, &ctx.oos_label);
    let languages: Vec<Language> = records.iter().map(|r| r.language).collect();
    let current = current_point(&items, &languages, &ctx.thresholds);
    let recommended = choose_thresholds(&items, ctx.target_error).into();
    let language_keys: Vec<&str> = languages.iter().map(|l| l.as_str()).collect();
    let recommended_per_language =
        choose_thresholds_per_group(&items, &language_keys, ctx.target_error)
            .into_iter()
            .map(|(l, c)| (l.to_string(), c.into()))
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
    TradeoffReport {
        target_error: ctx.target_error,
        curve: downsample(&tradeoff::curve(&items), MAX_CURVE_POINTS),
        current_thresholds: ctx.thresholds.clone(),
        current,
        recommended,
        recommended_per_language,
        promise,
    }
}

/// The policy's actual decisions: answered, clarified, handed over, and the reason codes.
fn action_report(records: &[Record], oos: &str) -> ActionReport {
    let count = |a: Action| records.iter().filter(|r| r.action == a).count();
    let answered: Vec<&Record> = records
        .iter()
        .filter(|r| r.action == Action::Answer)
        .collect();
    let wrong = |r: &Record| !(r.intent == r.gold && r.gold != oos);
    let small_talk = |r: &Record| r.reasons.contains(&ReasonCode::Smalltalk);
    let answered_wrong = answered.iter().filter(|r| wrong(r)).count();
    let smalltalk = answered.iter().filter(|r| small_talk(r)).count();
    let smalltalk_wrong = answered
        .iter()
        .filter(|r| small_talk(r) && wrong(r))
        .count();
    let mut reasons = BTreeMap::new();
    for r in records {
        for c in &r.reasons {
            *reasons.entry(c.as_str().to_string()).or_insert(0) += 1;
        }
    }
    ActionReport {
        answer: answered.len(),
        clarify: count(Action::Clarify),
        handoff: count(Action::Handoff),
        automation: metrics_ratio(answered.len(), records.len()),
        bot_error: metrics_ratio(answered_wrong, answered.len()),
        smalltalk_answers: smalltalk,
        smalltalk_answers_wrong: smalltalk_wrong,
        bot_error_without_smalltalk: metrics_ratio(
            answered_wrong - smalltalk_wrong,
            answered.len() - smalltalk,
        ),
        reasons,
    }
}

/// The headline numbers, from the records and the sections already built.
fn summary(
    records: &[Record],
    oos: &str,
    classification: &ClassificationReport,
    roc: &[RocCurve],
    calibration: &CalibrationReport,
    actions: &ActionReport,
) -> Summary {
    let n = records.len();
    let ins: Vec<&Record> = records.iter().filter(|r| r.gold != oos).collect();
    let n_oos = n - ins.len();
    let ins_ok = ins.iter().filter(|r| r.predicted == r.gold).count();
    let ins_intent_ok = ins.iter().filter(|r| r.intent == r.gold).count();
    let ins_rej = ins.iter().filter(|r| r.oos).count();
    let flagged = records.iter().filter(|r| r.oos).count();
    let caught = records.iter().filter(|r| r.oos && r.gold == oos).count();
    Summary {
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
        oos_auroc: roc
            .iter()
            .find(|c| c.score == "oos_score")
            .and_then(|c| c.auroc),
        ece: calibration.ece,
        automation: actions.automation,
        bot_error: actions.bot_error,
    }
}

/// Accuracy per data file (by file stem).
fn by_file(records: &[Record], ctx: &Context) -> BTreeMap<String, FileScore> {
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
    by_file
        .into_iter()
        .map(|(k, (n, ok))| {
            let score = FileScore {
                n,
                accuracy: metrics_ratio(ok, n),
            };
            (k, score)
        })
        .collect()
}

/// Throughput and per-message latency percentiles of a timed run.
fn latency(records: &[Record], t: &Timing) -> Latency {
    let n = records.len();
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
}

fn metrics_ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
