//! The report's metrics checked against hand-computed values, and its files.

use super::*;
use crate::policy::{Action, ReasonCode};
use crate::text::language::Language;

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

#[test]
fn small_talk_replies_are_counted_apart_from_the_other_answers() {
    let mut greet = rec(3, "oos", "greeting", false, 0.99, 0.9, 0.1, Action::Answer);
    greet.reasons = vec![ReasonCode::Smalltalk];
    let mut thanks = rec(4, "thanks", "thanks", false, 0.99, 0.9, 0.1, Action::Answer);
    thanks.reasons = vec![ReasonCode::Smalltalk];
    let recs = vec![
        rec(1, "a", "a", false, 0.9, 0.9, 0.1, Action::Answer),
        rec(2, "a", "b", false, 0.9, 0.9, 0.1, Action::Answer),
        greet,
        thanks,
        rec(5, "oos", "a", true, 0.2, 0.1, 3.0, Action::Handoff),
    ];
    let r = build_report(&recs, &ctx());
    let a = &r.actions;
    assert_eq!(
        (a.answer, a.smalltalk_answers, a.smalltalk_answers_wrong),
        (4, 2, 1)
    );
    close(a.bot_error, 2.0 / 4.0);
    close(a.bot_error_without_smalltalk, 1.0 / 2.0);
    let text = super::text::summary_lines(&r).join("\n");
    assert!(
        text.contains("2 of the answers small-talk replies, 1 of them wrong"),
        "{text}"
    );
    let md = super::markdown::markdown(&r);
    assert!(
        md.contains("bot error 50.00% over the other answers"),
        "{md}"
    );
}
