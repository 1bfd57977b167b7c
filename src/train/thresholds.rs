//! Decision thresholds for a target bot error, chosen on scored messages (training and eval).

#[allow(unused_imports)]
use super::*;

/// Decision thresholds chosen for a target bot error rate, with the operating points behind them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChosenThresholds {
    pub thresholds: Thresholds,
    /// The point behind `confidence` and `margin` (`None`: nothing meets the target).
    pub recommended: Option<tradeoff::OperatingPoint>,
    /// The point behind `high_confidence` (half the target error).
    pub recommended_high: Option<tradeoff::OperatingPoint>,
}

/// How `triage train` (and `triage eval --write-thresholds`) picks thresholds on scored
/// validation messages: the most automation within `target_error`, the margin widened for
/// clarify where that costs at most one point of automation, and `high_confidence` at half the
/// target. Defaults (0.5 / 0.8 / 0.1) when nothing meets the target.
pub fn choose_thresholds(scored: &[tradeoff::Scored], target_error: f64) -> ChosenThresholds {
    let rec = tradeoff::recommend(scored, target_error)
        .map(|best| widen_margin(scored, best, target_error));
    let rec_high = tradeoff::recommend(scored, target_error / 2.0);
    let conf = rec.as_ref().map(|p| p.conf_threshold as f32).unwrap_or(0.5);
    ChosenThresholds {
        thresholds: Thresholds {
            confidence: conf,
            high_confidence: rec_high
                .as_ref()
                .map(|p| p.conf_threshold as f32)
                .unwrap_or(0.8)
                .max(conf),
            margin: rec
                .as_ref()
                .map(|p| p.margin_threshold as f32)
                .unwrap_or(0.1),
            per_intent: BTreeMap::new(),
            faq_similarity: None,
            per_language: BTreeMap::new(),
        },
        recommended: rec,
        recommended_high: rec_high,
    }
}

/// Fewest validation messages of a language for it to get its own thresholds: a 2% error
/// target is judged on the answered messages, and fewer than this leaves a handful of errors.
pub const MIN_THRESHOLD_ROWS: usize = 100;

/// [`choose_thresholds`] on each language's messages separately (`languages[i]` is the
/// language of `scored[i]`), for every language with at least [`MIN_THRESHOLD_ROWS`] messages
/// when there is more than one language; empty for single-language data.
/// The scored messages of one language (`languages[i]` is `scored[i]`'s).
pub(super) fn scored_in(
    scored: &[tradeoff::Scored],
    languages: &[Language],
    lang: &str,
) -> Vec<tradeoff::Scored> {
    scored
        .iter()
        .zip(languages)
        .filter(|(_, l)| l.as_str() == lang)
        .map(|(s, _)| *s)
        .collect()
}

pub fn choose_thresholds_per_language(
    scored: &[tradeoff::Scored],
    languages: &[Language],
    target_error: f64,
) -> Vec<(Language, ChosenThresholds)> {
    let mut counts: BTreeMap<&str, (Language, usize)> = BTreeMap::new();
    for &l in languages {
        counts.entry(l.as_str()).or_insert((l, 0)).1 += 1;
    }
    if counts.len() < 2 {
        return Vec::new();
    }
    counts
        .into_values()
        .filter(|&(_, n)| n >= MIN_THRESHOLD_ROWS)
        .map(|(lang, _)| {
            let subset = scored_in(scored, languages, lang.as_str());
            (lang, choose_thresholds(&subset, target_error))
        })
        .collect()
}

/// Clarify needs an ambiguity gap: take the widest margin threshold that still meets the error
/// target and costs at most one point of automation against the best operating point.
pub(super) fn widen_margin(
    items: &[tradeoff::Scored],
    best: tradeoff::OperatingPoint,
    target: f64,
) -> tradeoff::OperatingPoint {
    let mut confs: Vec<f64> = items.iter().map(|i| i.confidence).collect();
    confs.extend((0..=100).map(|i| i as f64 / 100.0));
    confs.sort_by(|a, b| a.total_cmp(b));
    confs.dedup();
    for &m in tradeoff::MARGIN_GRID.iter().rev() {
        let found = tradeoff::sweep(items, &confs, &[m])
            .into_iter()
            .filter(|p| p.error_rate <= target && p.answered > 0)
            .max_by(|a, b| a.automation.total_cmp(&b.automation));
        if let Some(p) = found {
            if p.automation >= best.automation - 0.01 {
                return p;
            }
        }
    }
    best
}

/// The decision thresholds, chosen on the validation rows for the target bot error (overall and
/// per language; against the bound when asked; never below what the simulated unknown intents
/// need), and what they promise.
pub(super) struct DecisionThresholds {
    pub(super) thresholds: Thresholds,
    pub(super) recommended: Option<tradeoff::OperatingPoint>,
    pub(super) recommended_high: Option<tradeoff::OperatingPoint>,
    pub(super) per_language: serde_json::Map<String, serde_json::Value>,
    pub(super) promise: Promise,
}

pub(super) fn decision_thresholds(
    cfg: &TrainConfig,
    val_rows: &[ValRow],
    oos_idx: Option<usize>,
    simulated: Option<&(Vec<unknown::SimRow>, unknown::SimChoice)>,
    groups: usize,
) -> DecisionThresholds {
    let scored: Vec<tradeoff::Scored> = val_rows
        .iter()
        .map(|r| tradeoff::Scored {
            confidence: r.conf,
            margin: r.margin,
            correct: r.top == r.gold,
            in_scope: Some(r.gold) != oos_idx,
            oos_flag: r.flag,
        })
        .collect();
    let ChosenThresholds {
        mut thresholds,
        recommended: rec,
        recommended_high: rec_high,
    } = choose_thresholds(&scored, cfg.target_error);
    let mut per_language_report = serde_json::Map::new();
    let val_langs: Vec<Language> = val_rows.iter().map(|r| r.lang).collect();
    if cfg.thresholds_per_language {
        let langs = &val_langs;
        for (lang, chosen) in choose_thresholds_per_language(&scored, langs, cfg.target_error) {
            per_language_report.insert(
                lang.as_str().to_string(),
                json!({
                    "messages": langs.iter().filter(|&&l| l == lang).count(),
                    "recommended": chosen.recommended,
                    "recommended_high": chosen.recommended_high,
                }),
            );
            // A language that meets the target at no threshold keeps the model-wide values
            // (its report entry says so with a null `recommended`).
            if chosen.recommended.is_some() {
                thresholds.per_language.insert(
                    lang.as_str().to_string(),
                    LanguageThresholds::of(&chosen.thresholds),
                );
            }
        }
    }
    if cfg.threshold_choice == ThresholdChoice::Bound {
        // Where the bound cannot meet the target (no out-of-scope validation data bounds
        // nothing), never go below the point estimate's choice: the safer of the two.
        let by_bound = |rows: &[tradeoff::Scored], margin: f32, point: f32| {
            let (c, met) = crate::metrics::bound::choose_by_bound(
                rows,
                f64::from(margin),
                cfg.target_error,
                cfg.expected_oos_share,
                cfg.promise_confidence,
            );
            if met {
                c as f32
            } else {
                (c as f32).max(point)
            }
        };
        thresholds.confidence = by_bound(&scored, thresholds.margin, thresholds.confidence);
        thresholds.high_confidence = thresholds.high_confidence.max(thresholds.confidence);
        for (lang, l) in thresholds.per_language.iter_mut() {
            let rows = scored_in(&scored, &val_langs, lang);
            l.confidence = by_bound(&rows, l.margin, l.confidence);
            l.high_confidence = l.high_confidence.max(l.confidence);
        }
    }
    if let Some((_, c)) = &simulated {
        let at_least = c.confidence as f32;
        thresholds.confidence = thresholds.confidence.max(at_least);
        thresholds.high_confidence = thresholds.high_confidence.max(thresholds.confidence);
        for l in thresholds.per_language.values_mut() {
            l.confidence = l.confidence.max(at_least);
            l.high_confidence = l.high_confidence.max(l.confidence);
        }
    }
    // What the thresholds promise on traffic with the assumed out-of-scope share, as an upper
    // bound that holds with the stated confidence (metrics::bound).
    let promise_at = |rows: &[tradeoff::Scored], c: f32, m: f32| {
        crate::metrics::bound::traffic_error(
            rows,
            f64::from(c),
            f64::from(m),
            cfg.expected_oos_share,
            cfg.promise_confidence,
        )
    };
    let promise_overall = promise_at(&scored, thresholds.confidence, thresholds.margin);
    let mut promise_per_language = BTreeMap::new();
    for (lang, l) in &thresholds.per_language {
        let rows = scored_in(&scored, &val_langs, lang);
        promise_per_language.insert(lang.clone(), promise_at(&rows, l.confidence, l.margin));
    }
    // With simulated unknown intents the promise is measured where the risk is (near-domain
    // messages the bot was never taught); the validation-only figure is kept beside it.
    let (overall, basis, validation_only) = match &simulated {
        Some((rows, c)) => (
            unknown::promise_at(
                rows,
                c.in_scope_rejection,
                f64::from(thresholds.confidence),
                f64::from(thresholds.margin),
                cfg.expected_oos_share,
                cfg.promise_confidence,
            ),
            PromiseBasis::SimulatedUnknown,
            Some(promise_overall),
        ),
        None => (promise_overall, PromiseBasis::Validation, None),
    };
    let promise = Promise {
        target_error: cfg.target_error,
        expected_oos_share: cfg.expected_oos_share,
        confidence: cfg.promise_confidence,
        supported: overall.upper <= cfg.target_error,
        basis,
        overall,
        validation_only,
        per_language: promise_per_language,
        simulated_unknown: simulated.as_ref().map(|(rows, c)| SimulatedReport {
            groups,
            rows: rows.len(),
            unknown_rows: rows.iter().filter(|r| !r.known).count(),
            cross_fitted_rows: rows.iter().filter(|r| r.cross_fitted).count(),
            chosen: c.clone(),
            note: "intents held out in groups, each scored by a model trained without it (which also leaves out and scores one part of the known intents' training rows: cross-fitted); the out-of-scope cut (as in-scope rejection) and the confidence threshold chosen there raise the validation choice, never lower it",
        }),
    };
    DecisionThresholds {
        thresholds,
        recommended: rec,
        recommended_high: rec_high,
        per_language: per_language_report,
        promise,
    }
}
