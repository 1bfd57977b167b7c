//! The report's numbers as text, shared by the summary printed after a run, `report.md` and the
//! HTML page ([`crate::eval::html`]).

use super::{ActionReport, Report, Summary};
use crate::metrics::tradeoff::OperatingPoint;
use crate::metrics::ClassificationReport;
use crate::model::manifest::Thresholds;

/// "; per language: en ≥ 0.783, zh ≥ 0.861" when the thresholds have per-language entries (the
/// operating point's counts already use them; its printed threshold is the model-wide one).
pub(super) fn per_language_note(t: &Thresholds) -> String {
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

pub(super) fn point_line(p: &OperatingPoint) -> String {
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
            "decisions: automation {}  bot error {}  (answer {} / clarify {} / handoff {}){}",
            pct(s.automation),
            pct(s.bot_error),
            r.actions.answer,
            r.actions.clarify,
            r.actions.handoff,
            smalltalk_note(&r.actions)
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

/// "; 31 of the answers small-talk replies, 27 of them wrong by the gold labels: bot error 0.74%
/// over the other answers" (nothing when the bot answered no small talk).
pub(super) fn smalltalk_note(a: &ActionReport) -> String {
    if a.smalltalk_answers == 0 {
        return String::new();
    }
    format!(
        "; {} of the answers small-talk replies, {} of them wrong by the gold labels: bot error {} over the other answers",
        a.smalltalk_answers,
        a.smalltalk_answers_wrong,
        pct(a.bot_error_without_smalltalk)
    )
}
