//! The decision thresholds for a target bot error, chosen on the validation rows. The choice
//! itself is `metrics::tradeoff::choose_thresholds` (the one `triage eval` recommends with);
//! this phase adds the per-language entries, the bound, the simulated unknown intents and the
//! promise.

use std::collections::BTreeMap;

use serde_json::json;

use super::oos::ValRow;
use super::report::{CrossFitReport, Promise, PromiseBasis, SimulatedReport};
use super::{unknown, ThresholdChoice, TrainConfig};
use crate::metrics::tradeoff::{
    self, choose_thresholds_at, choose_thresholds_per_group_at, scored_in,
};
use crate::model::manifest::{LanguageThresholds, Thresholds};

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
    fold_check: Option<&unknown::FoldCheck>,
) -> DecisionThresholds {
    let groups = cfg.oos.unknown_groups;
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
    let high_error = cfg.high_band_error.unwrap_or(cfg.target_error / 2.0);
    let chosen = choose_thresholds_at(&scored, cfg.target_error, high_error);
    let mut thresholds = Thresholds::from(&chosen);
    let (rec, rec_high) = (chosen.recommended, chosen.recommended_high);
    let mut per_language_report = serde_json::Map::new();
    let val_langs: Vec<&str> = val_rows.iter().map(|r| r.lang.as_str()).collect();
    if cfg.thresholds_per_language {
        let langs = &val_langs;
        for (lang, chosen) in
            choose_thresholds_per_group_at(&scored, langs, cfg.target_error, high_error)
        {
            per_language_report.insert(
                lang.to_string(),
                json!({
                    "messages": langs.iter().filter(|&&l| l == lang).count(),
                    "recommended": chosen.recommended,
                    "recommended_high": chosen.recommended_high,
                }),
            );
            // A language that meets the target at no threshold keeps the model-wide values
            // (its report entry says so with a null `recommended`).
            if chosen.recommended.is_some() {
                thresholds
                    .per_language
                    .insert(lang.to_string(), LanguageThresholds::from(&chosen));
            }
        }
    }
    // The bound and the promise read the user's own validation messages only: the shipped
    // background is far easier to reject than what real traffic brings, and counted it would
    // promise a bot with no out-of-scope data of its own a bot error nobody measured.
    let (own_scored, own_langs): (Vec<tradeoff::Scored>, Vec<&str>) = val_rows
        .iter()
        .zip(scored.iter().zip(&val_langs))
        .filter(|(r, _)| r.tag != super::background::VALIDATION_TAG)
        .map(|(_, (s, l))| (*s, *l))
        .unzip();
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
        thresholds.confidence = by_bound(&own_scored, thresholds.margin, thresholds.confidence);
        thresholds.high_confidence = thresholds.high_confidence.max(thresholds.confidence);
        for (lang, l) in thresholds.per_language.iter_mut() {
            let rows = scored_in(&own_scored, &own_langs, &lang.as_str());
            l.confidence = by_bound(&rows, l.margin, l.confidence);
            l.high_confidence = l.high_confidence.max(l.confidence);
        }
    }
    if let Some(check) = &fold_check {
        let at_least = check.choice.confidence as f32;
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
    let promise_overall = promise_at(&own_scored, thresholds.confidence, thresholds.margin);
    let mut promise_per_language = BTreeMap::new();
    for (lang, l) in &thresholds.per_language {
        let rows = scored_in(&own_scored, &own_langs, &lang.as_str());
        promise_per_language.insert(lang.clone(), promise_at(&rows, l.confidence, l.margin));
    }
    // With fold models the promise is measured where the risk is (near-domain messages the bot
    // was never taught; or every message, scored by a model that never saw it); the
    // validation-only figure is kept beside it.
    let (overall, basis, validation_only) = match &fold_check {
        Some(check) => (
            unknown::promise_at(
                &check.rows,
                check.choice.in_scope_rejection,
                f64::from(thresholds.confidence),
                f64::from(thresholds.margin),
                cfg.expected_oos_share,
                cfg.promise_confidence,
            ),
            match check.kind {
                unknown::FoldKind::SimulatedUnknown => PromiseBasis::SimulatedUnknown,
                unknown::FoldKind::CrossFitted => PromiseBasis::CrossFitted,
            },
            Some(promise_overall),
        ),
        None => (promise_overall, PromiseBasis::Validation, None),
    };
    let of_kind = |kind| fold_check.filter(|c| c.kind == kind);
    let promise = Promise {
        target_error: cfg.target_error,
        expected_oos_share: cfg.expected_oos_share,
        confidence: cfg.promise_confidence,
        supported: overall.upper <= cfg.target_error,
        basis,
        overall,
        validation_only,
        per_language: promise_per_language,
        simulated_unknown: of_kind(unknown::FoldKind::SimulatedUnknown).map(|c| SimulatedReport {
            groups,
            held_out_share: unknown::held_out_share(groups, cfg.oos.unknown_share),
            rows: c.rows.len(),
            unknown_rows: c.rows.iter().filter(|r| !r.known).count(),
            cross_fitted_rows: c.rows.iter().filter(|r| r.cross_fitted).count(),
            chosen: c.choice.clone(),
            note: "intents held out in groups (held_out_share of them in all), each scored by a model trained without it (which also leaves out and scores one part of the known intents' training rows: cross-fitted); the out-of-scope cut (as in-scope rejection) and the confidence threshold chosen there raise the validation choice, never lower it",
        }),
        cross_fitted: of_kind(unknown::FoldKind::CrossFitted).map(|c| CrossFitReport {
            folds: cfg.oos_stacker.folds,
            rows: c.rows.len(),
            out_of_scope_rows: c.rows.iter().filter(|r| !r.known).count(),
            training_rows: c.rows.iter().filter(|r| r.cross_fitted).count(),
            chosen: c.choice.clone(),
            note: "every training message (your out-of-scope examples included) scored by one of `folds` models trained on the other parts (the stacker's out-of-fold pass), next to the validation messages as the final model scores them; the out-of-scope cut (as in-scope rejection, at least the validation budget) and the confidence threshold chosen there against the bound: the cut only tightens the validation cut, and the confidence threshold is at least the one chosen here",
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
