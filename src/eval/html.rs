//! The self-contained HTML report: one page, inline CSS and SVG, no scripts, no external
//! references. Written as well-formed XHTML-style markup (every tag closed) so tests can check it.

use std::fmt::Write as _;

use super::report::{opt_num, opt_pct, pct, summary_lines, top_confusions, Report};
use super::svg::{self, esc};

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}\
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}\
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}\
td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}pre{background:#f7f7f7;padding:10px;font-size:13px;overflow-x:auto}\
.plots{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.plot{border:1px solid #eee}\
.note{color:#666;font-size:13px}.bad{color:#b00}.scroll{max-height:480px;overflow-y:auto;display:inline-block}";

fn row(cells: &[String]) -> String {
    let mut s = String::from("<tr>");
    for c in cells {
        let _ = write!(s, "<td>{c}</td>");
    }
    s.push_str("</tr>");
    s
}

fn head(cells: &[&str]) -> String {
    let mut s = String::from("<tr>");
    for c in cells {
        let _ = write!(s, "<th>{}</th>", esc(c));
    }
    s.push_str("</tr>");
    s
}

pub fn render(r: &Report) -> String {
    let title = format!("Evaluation: {} {}", r.model.name, r.model.version);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{t}</title><style>{CSS}</style></head><body><h1>{t}</h1>",
        t = esc(&title)
    );
    let _ = write!(
        h,
        "<p class=\"note\">Model <code>{}</code>{} on {} · {} · {}</p><pre>{}</pre>",
        esc(&r.model.dir),
        esc(&r.model.encoder_note()),
        r.data
            .iter()
            .map(|d| format!("<code>{}</code>", esc(d)))
            .collect::<Vec<_>>()
            .join(", "),
        esc(&r.tool),
        esc(&r.created_at),
        esc(&summary_lines(r).join("\n"))
    );

    // ---- overall ----
    let s = &r.summary;
    h.push_str("<h2>Overall</h2><table>");
    h.push_str(&head(&["metric", "value"]));
    for (k, v) in super::report::overall_rows(s) {
        h.push_str(&row(&[esc(k), esc(&v)]));
    }
    h.push_str("</table>");
    if r.by_file.len() > 1 {
        h.push_str("<table>");
        h.push_str(&head(&["file", "messages", "accuracy"]));
        for (k, f) in &r.by_file {
            h.push_str(&row(&[esc(k), f.n.to_string(), pct(f.accuracy)]));
        }
        h.push_str("</table>");
    }

    // ---- plots ----
    let t = &r.tradeoff;
    h.push_str("<h2>Decisions: automation vs bot error</h2><p class=\"note\">Each point of the curve is a confidence threshold (margin 0): the share of messages the bot answers against the share of those answers that are wrong or out of scope. Marked: the model's current thresholds and the ones recommended for the target.</p><div class=\"plots\">");
    h.push_str(&svg::tradeoff(
        &t.curve,
        &t.current,
        t.recommended.recommended.as_ref(),
        t.target_error,
    ));
    h.push_str("<table>");
    h.push_str(&head(&[
        "operating point",
        "confidence",
        "margin",
        "automation",
        "bot error",
        "answered",
        "wrong",
    ]));
    let mut pt = |name: &str, p: &crate::metrics::OperatingPoint| {
        h.push_str(&row(&[
            esc(name),
            format!("{:.3}", p.conf_threshold),
            format!("{:.3}", p.margin_threshold),
            pct(p.automation),
            pct(p.error_rate),
            p.answered.to_string(),
            p.wrong.to_string(),
        ]));
    };
    pt("current", &t.current);
    if let Some(p) = &t.recommended.recommended {
        pt(&format!("recommended ({} target)", pct(t.target_error)), p);
    }
    for (lang, c) in &t.recommended_per_language {
        if let Some(p) = &c.recommended {
            pt(&format!("recommended, {lang} messages only"), p);
        }
    }
    let a = &r.actions;
    h.push_str(&row(&[
        "policy decisions (all rules)".into(),
        "".into(),
        "".into(),
        pct(a.automation),
        pct(a.bot_error),
        a.answer.to_string(),
        "".into(),
    ]));
    h.push_str("</table>");
    if t.recommended.recommended.is_none() {
        h.push_str("<p class=\"bad\">No threshold meets the target error on this data.</p>");
    }
    h.push_str("</div>");
    let _ = write!(
        h,
        "<p class=\"note\">Actions: answer {}, clarify {}, handoff {}. Reasons: {}.</p>",
        a.answer,
        a.clarify,
        a.handoff,
        if a.reasons.is_empty() {
            "none".to_string()
        } else {
            a.reasons
                .iter()
                .map(|(k, v)| format!("{} {v}", esc(k)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );

    h.push_str("<h2>Out of scope and calibration</h2><div class=\"plots\">");
    let curves: Vec<_> = r
        .out_of_scope
        .roc
        .iter()
        .map(|c| (c.score.clone(), c.auroc, c.points.clone()))
        .collect();
    if r.out_of_scope.roc.iter().any(|c| c.auroc.is_some()) {
        h.push_str(&svg::roc(&curves));
    } else {
        h.push_str(
            "<p class=\"note\">No ROC: the data needs both in-scope and out-of-scope messages.</p>",
        );
    }
    if r.calibration.n > 0 {
        h.push_str(&svg::reliability(&r.calibration.bins));
    }
    let o = &r.out_of_scope;
    let _ = write!(
        h,
        "</div><p class=\"note\">Label <code>{}</code>: flagged {}, recall {}, precision {}; in-scope accuracy {}, in-scope rejected {}. ECE {} over {} in-scope messages ({} bins).</p>",
        esc(&o.label),
        o.flagged,
        opt_pct(o.recall),
        opt_pct(o.precision),
        opt_pct(o.in_scope_accuracy),
        opt_pct(o.in_scope_rejected_as_oos),
        opt_num(r.calibration.ece),
        r.calibration.n,
        r.calibration.bins.len()
    );

    // ---- confusion ----
    let (labels, matrix) = r.classification.permuted(&r.confusion_order);
    h.push_str("<h2>Confusion matrix</h2><p class=\"note\">Rows gold, columns predicted, ordered so that labels confused with each other sit together; colour is the share of the gold row (blue: right, red: confused). Hover a cell for counts.</p>");
    h.push_str(&svg::heatmap(&labels, &matrix));
    h.push_str("<table>");
    h.push_str(&head(&["gold", "predicted as", "count"]));
    for (g, p, k) in top_confusions(&r.classification, 20) {
        h.push_str(&row(&[esc(&g), esc(&p), k.to_string()]));
    }
    h.push_str("</table>");

    // ---- per intent ----
    h.push_str("<h2>Per intent (worst F1 first)</h2><div class=\"scroll\"><table>");
    h.push_str(&head(&[
        "label",
        "precision",
        "recall",
        "F1",
        "support",
        "predicted",
        "confused with",
    ]));
    let mut per: Vec<_> = r.classification.per_class.iter().collect();
    per.sort_by(|a, b| a.f1.total_cmp(&b.f1).then(a.label.cmp(&b.label)));
    for c in per {
        h.push_str(&row(&[
            esc(&c.label),
            format!("{:.3}", c.precision),
            format!("{:.3}", c.recall),
            format!("{:.3}", c.f1),
            c.support.to_string(),
            c.predicted.to_string(),
            esc(&c
                .confused_with
                .iter()
                .map(|(l, k)| format!("{l} ({k})"))
                .collect::<Vec<_>>()
                .join(", ")),
        ]));
    }
    h.push_str("</table></div>");

    if let Some(l) = &r.latency {
        let _ = write!(
            h,
            "<h2>Speed</h2><p>{} messages in {:.1} s ({:.1} messages/s), batches of {}. Latency per message (its batch's wall time): p50 {:.1} ms, p90 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms.</p>",
            r.summary.n, l.seconds, l.messages_per_second, l.batch_size, l.p50_ms, l.p90_ms, l.p95_ms, l.p99_ms, l.max_ms
        );
    }
    if let Some(cv) = &r.cv {
        let _ = write!(
            h,
            "<h2>Cross-validation</h2><pre>{}</pre>",
            esc(&serde_json::to_string_pretty(cv).unwrap_or_default())
        );
    }
    h.push_str("</body></html>\n");
    h
}

/// Checks that every tag is closed in order (void tags must be self-closed `<x/>`); returns the
/// first problem. Used by tests on generated pages.
pub fn check_well_formed(s: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').ok_or("unterminated tag")?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or("").to_string();
            if name == "style" {
                // Skip the stylesheet's content.
                let close = rest.find("</style>").ok_or("unterminated <style>")?;
                rest = &rest[close + "</style>".len()..];
                continue;
            }
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed: {stack:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_catches_bad_markup() {
        assert!(check_well_formed("<a><b/></a>").is_ok());
        assert!(check_well_formed("<!DOCTYPE html><html><style>a>b{}</style></html>").is_ok());
        assert!(check_well_formed("<a><b></a>").is_err());
        assert!(check_well_formed("<a>").is_err());
        assert!(check_well_formed("</a>").is_err());
    }
}
