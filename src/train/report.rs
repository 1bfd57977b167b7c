//! What training measured, typed: the validation metrics stored in the manifest (`metrics`) and
//! the summary `triage train` prints from them. The manifest keeps them as JSON (older manifests
//! load whatever they hold); code reads these structs, never JSON pointers.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::unknown::SimChoice;
use super::{FitReport, TrainSummary, ValRow};
use crate::metrics::bound::TrafficError;
use crate::metrics::tradeoff::OperatingPoint;

/// Everything `metrics` in the manifest holds for a freshly trained model.
#[derive(Debug, Clone, Serialize)]
pub struct TrainMetrics {
    pub intent: IntentMetrics,
    pub intent_fit: serde_json::Value,
    pub oos_stacker: serde_json::Value,
    pub calibration: Calibration,
    pub oos: serde_json::Value,
    pub thresholds: ThresholdReport,
    pub sentiment: SentimentMetrics,
    pub sentiment_fit: Option<FitReport>,
    pub sentiment_ngram: serde_json::Value,
    /// Present when the top encoder layers were fine-tuned (`--finetune`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finetune: Option<super::finetune::FinetuneReport>,
}

/// The intent side on the validation split.
#[derive(Debug, Clone, Serialize)]
pub struct IntentMetrics {
    pub labels: usize,
    pub validation_messages: usize,
    /// Top intent right, before the out-of-scope decision (None: no in-scope messages).
    pub in_scope_accuracy: Option<f64>,
    pub in_scope_accuracy_by_language: BTreeMap<String, Option<f64>>,
    pub in_scope_rejected_as_oos: Option<f64>,
    pub oos_recall: Option<f64>,
    pub oos_score_auroc: Option<f64>,
    /// Out-of-scope messages count right when flagged, in-scope ones when right and not flagged.
    pub accuracy_by_file: BTreeMap<String, Option<f64>>,
    pub note: &'static str,
    pub oos_auroc_by_signal: BTreeMap<String, Option<f64>>,
    pub in_scope_accuracy_without_vote: Option<f64>,
    pub in_scope_accuracy_ngram: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    pub temperature: f32,
    pub ece_before: f64,
    pub ece_after: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThresholdReport {
    pub recommended: Option<OperatingPoint>,
    pub recommended_high: Option<OperatingPoint>,
    pub target_error: f64,
    pub per_language: serde_json::Map<String, serde_json::Value>,
    pub promise: Promise,
}

/// Where the promise was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PromiseBasis {
    Validation,
    SimulatedUnknown,
    /// Every training message scored by a fold model that left it out, the user's own
    /// out-of-scope examples included (`[oos] cross_fit`).
    CrossFitted,
}

/// The bot error the chosen thresholds promise at `expected_oos_share` out-of-scope traffic.
#[derive(Debug, Clone, Serialize)]
pub struct Promise {
    pub target_error: f64,
    pub expected_oos_share: f64,
    pub confidence: f64,
    /// The bound meets the target.
    pub supported: bool,
    pub basis: PromiseBasis,
    pub overall: TrafficError,
    /// With simulated unknown intents or cross-fitted rows: the promise on the validation
    /// split alone.
    pub validation_only: Option<TrafficError>,
    pub per_language: BTreeMap<String, TrafficError>,
    pub simulated_unknown: Option<SimulatedReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_fitted: Option<CrossFitReport>,
}

/// The cross-fitted check of a bot with out-of-scope examples of its own.
#[derive(Debug, Clone, Serialize)]
pub struct CrossFitReport {
    pub folds: usize,
    /// Messages scored, each by a fold model that left it out.
    pub rows: usize,
    pub out_of_scope_rows: usize,
    /// Training messages among them (the rest are validation messages).
    pub training_rows: usize,
    pub chosen: SimChoice,
    pub note: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SimulatedReport {
    pub groups: usize,
    /// Share of the intents held out by some fold model (`[oos] unknown_share` × groups, at
    /// most 1, as the seats of `unknown::held_out` round it).
    pub held_out_share: f64,
    pub rows: usize,
    pub unknown_rows: usize,
    /// Known-intent training rows scored by a fold model that left them out (the rest of the
    /// known rows are validation rows).
    pub cross_fitted_rows: usize,
    pub chosen: SimChoice,
    pub note: &'static str,
}

/// Sentiment accuracy per validation file, a copied head's provenance, or nothing.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(untagged)]
pub enum SentimentMetrics {
    ByFile(BTreeMap<String, SentimentFile>),
    Copied {
        copied_from: String,
        metrics: Option<serde_json::Value>,
    },
    #[default]
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentimentFile {
    pub accuracy: f64,
    /// Positive vs negative only, on files whose gold labels are one of the two.
    pub polarity_accuracy: Option<f64>,
    pub n: usize,
}

pub(super) fn intent_metrics(
    rows: &[ValRow],
    oos_idx: Option<usize>,
    labels: &[String],
) -> IntentMetrics {
    let mut by_tag: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut ins, mut ins_ok, mut ins_rej, mut oos, mut oos_caught) = (0, 0, 0, 0, 0);
    let mut oos_scores = Vec::new();
    let mut oos_pos = Vec::new();
    for r in rows {
        let is_oos = Some(r.gold) == oos_idx;
        let predicted_ok = if is_oos {
            r.flag
        } else {
            !r.flag && r.top == r.gold
        };
        oos_scores.push(r.knn);
        oos_pos.push(is_oos);
        if is_oos {
            oos += 1;
            oos_caught += r.flag as usize;
        } else {
            ins += 1;
            ins_ok += (r.top == r.gold) as usize;
            ins_rej += r.flag as usize;
            let e = by_lang.entry(r.lang.as_str().to_string()).or_default();
            e.0 += (r.top == r.gold) as usize;
            e.1 += 1;
        }
        let e = by_tag.entry(r.tag.clone()).or_default();
        e.0 += predicted_ok as usize;
        e.1 += 1;
    }
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let ratios = |m: &BTreeMap<String, (usize, usize)>| {
        m.iter()
            .map(|(k, (a, b))| (k.clone(), ratio(*a, *b)))
            .collect()
    };
    IntentMetrics {
        labels: labels.len(),
        validation_messages: rows.len(),
        in_scope_accuracy: ratio(ins_ok, ins),
        in_scope_accuracy_by_language: ratios(&by_lang),
        in_scope_rejected_as_oos: ratio(ins_rej, ins),
        oos_recall: ratio(oos_caught, oos),
        oos_score_auroc: crate::metrics::ranking::auroc(&oos_scores, &oos_pos),
        accuracy_by_file: ratios(&by_tag),
        note: "in_scope_accuracy: top intent right, before the out-of-scope decision; accuracy_by_file counts out-of-scope messages right when flagged and in-scope ones when right and not flagged",
        oos_auroc_by_signal: BTreeMap::new(),
        in_scope_accuracy_without_vote: None,
        in_scope_accuracy_ngram: None,
    }
}

impl TrainSummary {
    /// What `triage train` prints when it is done.
    pub fn lines(&self) -> Vec<String> {
        let m = &self.metrics;
        let pct = |v: Option<f64>| {
            v.map(|x| format!("{:.2}%", 100.0 * x))
                .unwrap_or_else(|| "-".into())
        };
        let mut out = vec![format!(
            "model written to {} in {:.1} s ({} texts encoded, the rest from cache)",
            self.out.display(),
            self.seconds,
            self.encoded
        )];
        if let Some(f) = &m.finetune {
            out.push(format!(
                "fine-tuned encoder layers {:?} on {} messages ({} intents, {} FAQ entries): {} epochs, {} steps, {:.0} s + {:.0} s for the frozen layers{}",
                f.layers,
                f.messages,
                f.intent_classes,
                f.faq_classes,
                f.epochs_done,
                f.steps,
                f.train_seconds,
                f.states_seconds,
                if f.cut_short { " (stopped at max_minutes)" } else { "" }
            ));
        }
        out.push(format!("{:<42} {:>10}", "metric (validation)", "value"));
        let mut row = |k: String, v: String| out.push(format!("{k:<42} {v:>10}"));
        row(
            "intent in-scope accuracy".into(),
            pct(m.intent.in_scope_accuracy),
        );
        for (k, v) in &m.intent.in_scope_accuracy_by_language {
            row(format!("  language {k}"), pct(*v));
        }
        row("out-of-scope recall".into(), pct(m.intent.oos_recall));
        row(
            "in-scope rejected as out-of-scope".into(),
            pct(m.intent.in_scope_rejected_as_oos),
        );
        for (k, v) in &m.intent.accuracy_by_file {
            row(format!("  accuracy on {k}"), pct(*v));
        }
        row(
            "ECE before → after calibration".into(),
            format!(
                "{:.3}→{:.3}",
                m.calibration.ece_before, m.calibration.ece_after
            ),
        );
        let t = &self.manifest.thresholds;
        row(
            "thresholds: confidence / margin".into(),
            format!("{:.3}/{:.3}", t.confidence, t.margin),
        );
        for (lang, l) in &t.per_language {
            row(
                format!("  language {lang}"),
                format!("{:.3}/{:.3}", l.confidence, l.margin),
            );
        }
        let p = &m.thresholds.promise;
        out.push(format!("promised bot error: {}", p.overall.describe()));
        if let Some(sim) = &p.simulated_unknown {
            let c = &sim.chosen;
            out.push(format!(
                "  measured on simulated unknown intents: {:.0}% of your intents held out, in {} groups ({} of {} messages unknown to the model that scored them; {} training messages scored in scope by a model that left them out); the out-of-scope cut rejects {:.0}% of in-scope messages, confidence ≥ {:.2}, {:.0}% of in-scope messages answered right there",
                100.0 * sim.held_out_share,
                sim.groups,
                sim.unknown_rows,
                sim.rows,
                sim.cross_fitted_rows,
                100.0 * c.in_scope_rejection,
                c.confidence,
                100.0 * c.automation,
            ));
        }
        if let Some(cf) = &p.cross_fitted {
            let c = &cf.chosen;
            out.push(format!(
                "  measured on {} messages ({} out of scope), each scored by one of {} models that left it out; the out-of-scope cut rejects {:.0}% of in-scope messages, confidence ≥ {:.2}, {:.0}% of in-scope messages answered right there",
                cf.rows,
                cf.out_of_scope_rows,
                cf.folds,
                100.0 * c.in_scope_rejection,
                c.confidence,
                100.0 * c.automation,
            ));
        }
        for (lang, v) in &p.per_language {
            out.push(format!("  language {lang}: {}", v.describe()));
        }
        if !p.supported {
            let mut w = String::from("warning: ");
            // What the fold models' search does where the bound cannot meet the target.
            const SAFEST: &str = "the safest thresholds found were chosen; add out-of-scope examples, or raise target_error / lower expected_oos_share for more automation";
            let (data, advice) = match p.basis {
                PromiseBasis::SimulatedUnknown => {
                    ("without out-of-scope examples your data", SAFEST)
                }
                PromiseBasis::CrossFitted => ("your out-of-scope and in-scope examples", SAFEST),
                PromiseBasis::Validation => (
                    "the validation data",
                    "add out-of-scope and validation examples, or raise the thresholds",
                ),
            };
            let _ = write!(
                w,
                "{data} cannot support the {:.1}% target at {:.0}% out-of-scope traffic; {advice}",
                100.0 * p.target_error,
                100.0 * p.expected_oos_share
            );
            out.push(w);
        }
        if let SentimentMetrics::ByFile(by) = &m.sentiment {
            for (k, v) in by {
                out.push(format!(
                    "{:<42} {:>10}",
                    format!("sentiment accuracy on {k}"),
                    pct(Some(v.accuracy))
                ));
                if let Some(p) = v.polarity_accuracy {
                    out.push(format!(
                        "{:<42} {:>10}",
                        format!("  polarity accuracy on {k}"),
                        pct(Some(p))
                    ));
                }
            }
        }
        out
    }
}
