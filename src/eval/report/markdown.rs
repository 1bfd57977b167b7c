//! `report.md`: the summary lines, then every section of the report as Markdown tables.

use std::fmt::Write as _;

use super::text::{
    opt_num, opt_pct, overall_rows, pct, per_language_note, point_line, summary_lines,
    top_confusions,
};
use super::Report;

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
        "- policy decisions (all rules, no conversation history): answer {}, clarify {}, handoff {}; automation {}, bot error {}{}",
        a.answer,
        a.clarify,
        a.handoff,
        pct(a.automation),
        pct(a.bot_error),
        super::text::smalltalk_note(a)
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
