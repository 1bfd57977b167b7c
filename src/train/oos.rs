//! The out-of-scope phase ([`out_of_scope`]): the validation rows and their signals, out-of-fold
//! scores for the stacker, signal normalisation, the out-of-scope threshold within the in-scope
//! rejection budget (overall, per language, per file), and the simulated unknown intents.

use std::collections::BTreeMap;

use candle_core::Device;
use serde_json::json;

use super::intent::{
    bank_of, fit_intent, fit_maha, rank_in_scope, rows_tensor, InScopeRank, TrainedIntent,
};
use super::prepare::IntentData;
use super::{progress, stack, unknown, TrainConfig, TrainError};
use crate::metrics::calibration;
use crate::model::manifest::{OosMethod, OosSignal, SignalInputs};
use crate::text::language::{detect, Language};

/// One validation message as the out-of-scope and threshold choices read it.
pub(super) struct ValRow {
    pub(super) gold: usize,
    pub(super) top: usize,
    pub(super) conf: f64,
    pub(super) margin: f64,
    pub(super) head_oos: bool,
    pub(super) knn: f64,
    pub(super) flag: bool,
    pub(super) tag: String,
    pub(super) lang: Language,
}

/// The picked signals' indices into the signal arrays, first mention kept.
pub(super) fn parse_signals(names: &[OosSignal]) -> Result<Vec<usize>, TrainError> {
    let mut picked = Vec::new();
    for &s in names {
        if !picked.contains(&(s as usize)) {
            picked.push(s as usize);
        }
    }
    if picked.is_empty() {
        return Err(TrainError::Invalid("no out-of-scope signal picked".into()));
    }
    Ok(picked)
}

/// Per picked signal: the median and the 10–90% spread of its values on rows not flagged in
/// `exclude` (the out-of-scope ones).
pub(super) fn robust_norm(
    picked: &[usize],
    signals: &[Vec<f32>; 7],
    exclude: &[bool],
) -> (Vec<f32>, Vec<f32>) {
    let (mut center, mut scale) = (Vec::new(), Vec::new());
    for sig in picked.iter().map(|&i| &signals[i]) {
        let mut v: Vec<f32> = sig
            .iter()
            .zip(exclude)
            .filter(|(_, &x)| !x)
            .map(|(&x, _)| x)
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        let q = |p: f64| {
            v.get(((v.len().saturating_sub(1)) as f64 * p).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        center.push(q(0.5));
        scale.push((q(0.9) - q(0.1)).max(1e-6));
    }
    (center, scale)
}

/// Fold of each example: each label's examples are shuffled (seeded) and dealt round-robin.
pub(super) fn stratified_folds(y: &[usize], k: usize, seed: u64) -> Vec<usize> {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xf01d);
    let classes = y.iter().copied().max().map(|m| m + 1).unwrap_or(0);
    let mut by_label = vec![Vec::new(); classes];
    for (i, &l) in y.iter().enumerate() {
        by_label[l].push(i);
    }
    let mut fold = vec![0; y.len()];
    let mut next = 0;
    for idx in by_label.iter_mut() {
        idx.shuffle(&mut rng);
        for &i in idx.iter() {
            fold[i] = next % k.max(1);
            next += 1;
        }
    }
    fold
}

/// Every training example scored by a model that never saw it (`[oos_stacker] folds`): what
/// the stacker is fitted on, and the rows the cross-fitted thresholds are chosen on.
pub(super) struct OutOfFold {
    /// The value of every signal of OOS_SIGNALS, per training example.
    pub(super) signals: [Vec<f32>; 7],
    /// The calibrated in-scope ranking, per training example.
    pub(super) ranks: Vec<InScopeRank>,
    /// In-scope accuracy of the ranking.
    pub(super) accuracy: Option<f64>,
}

/// Out-of-fold values of every signal of OOS_SIGNALS for the training examples: each fold is
/// scored by an intent model, bank and Mahalanobis statistics fitted on the other folds, the
/// msp and p_oos signals after one temperature fitted on all out-of-fold logits.
pub(super) fn oof_signals(
    cfg: &TrainConfig,
    labels: &[String],
    texts: &[String],
    x: &[Vec<f32>],
    y: &[usize],
    oos_idx: Option<usize>,
    pb: Option<&indicatif::ProgressBar>,
) -> Result<OutOfFold, TrainError> {
    let k = cfg.oos_stacker.folds;
    let folds = stratified_folds(y, k, cfg.seed);
    let n = y.len();
    let dim = x.first().map(|r| r.len()).unwrap_or(0);
    let vote = cfg.knn_vote.spec();
    let mut logits = vec![Vec::new(); n];
    let (mut knn, mut maha, mut rel) = (vec![0f32; n], vec![0f32; n], vec![0f32; n]);
    for f in 0..k {
        let tr: Vec<usize> = (0..n).filter(|&i| folds[i] != f).collect();
        let te: Vec<usize> = (0..n).filter(|&i| folds[i] == f).collect();
        if te.is_empty() {
            continue;
        }
        let pick = |idx: &[usize]| -> (Vec<String>, Vec<Vec<f32>>, Vec<usize>) {
            (
                idx.iter().map(|&i| texts[i].clone()).collect(),
                idx.iter().map(|&i| x[i].clone()).collect(),
                idx.iter().map(|&i| y[i]).collect(),
            )
        };
        let (t_tr, x_tr, y_tr) = pick(&tr);
        let (t_te, x_te, _) = pick(&te);
        let fit = fit_intent(
            cfg,
            labels,
            &t_tr,
            &x_tr,
            &y_tr,
            None,
            cfg.seed.wrapping_add(101 + f as u64),
            false,
        )?;
        let bank = bank_of(cfg, &x_tr, &y_tr, oos_idx)?.scorer;
        let out = fit.apply(&t_te, &x_te, &bank, vote.as_ref())?;
        let (m, r) = fit_maha(cfg, labels, &x_tr, &y_tr, oos_idx)?
            .scorer(&Device::Cpu)?
            .scores(&rows_tensor(&x_te, dim)?)?;
        for (j, &i) in te.iter().enumerate() {
            logits[i] = out.logits[j].clone();
            knn[i] = out.knn[j];
            maha[i] = m[j];
            rel[i] = r[j];
        }
        if let Some(pb) = pb {
            pb.inc(1);
        }
    }
    let t = calibration::fit_temperature(&logits, y);
    let ranks: Vec<InScopeRank> = logits
        .iter()
        .map(|row| rank_in_scope(row, t, oos_idx))
        .collect();
    let (mut ok, mut ins) = (0usize, 0usize);
    for (r, &gold) in ranks.iter().zip(y) {
        if Some(gold) != oos_idx {
            ins += 1;
            ok += (r.top == gold) as usize;
        }
    }
    let mut signals: [Vec<f32>; 7] = Default::default();
    for (i, r) in ranks.iter().enumerate() {
        let values = OosSignal::all_values(&SignalInputs {
            knn: knn[i],
            rel_maha: rel[i],
            maha: maha[i],
            top: r.conf as f32,
            p_oos: r.p_oos as f32,
        });
        for (v, x) in signals.iter_mut().zip(values) {
            v.push(x);
        }
    }
    Ok(OutOfFold {
        signals,
        ranks,
        accuracy: (ins > 0).then(|| ok as f64 / ins as f64),
    })
}

/// The distance threshold that rejects at most `max_rejection` of in-scope validation messages,
/// counting those the head's own out-of-scope class already rejects.
pub(super) fn choose_oos_threshold(
    rows: &[ValRow],
    in_scope: &dyn Fn(&ValRow) -> bool,
    max_rejection: f64,
) -> f64 {
    let ins: Vec<&ValRow> = rows.iter().filter(|r| in_scope(r)).collect();
    if ins.is_empty() {
        return 1.0;
    }
    let budget = (max_rejection * ins.len() as f64).floor() as usize;
    let already = ins.iter().filter(|r| r.head_oos).count();
    let mut rest: Vec<f64> = ins.iter().filter(|r| !r.head_oos).map(|r| r.knn).collect();
    rest.sort_by(|a, b| b.total_cmp(a));
    let allowed = budget.saturating_sub(already);
    // Reject the `allowed` farthest in-scope messages: threshold just above the next one.
    match rest.get(allowed) {
        Some(&s) => s + 1e-6,
        None => 0.0,
    }
}

/// Languages with fewer in-scope validation messages do not get their own budget (they say little).
pub(super) const MIN_LANGUAGE_ROWS: usize = 20;

/// The out-of-scope threshold that rejects at most `max_rejection` of all in-scope messages and
/// at most that share of each language's (every language with at least [`MIN_LANGUAGE_ROWS`]
/// in-scope messages): the loosest of the per-language thresholds and the overall one.
#[cfg(test)]
pub(super) fn choose_oos_threshold_per_language(
    rows: &[ValRow],
    in_scope: &dyn Fn(&ValRow) -> bool,
    max_rejection: f64,
) -> f64 {
    choose_oos_threshold_per_group(rows, in_scope, max_rejection, true, false)
}

/// The loosest of the overall threshold and, when asked, one per language and one per
/// validation file (each group with at least [`MIN_LANGUAGE_ROWS`] in-scope messages), so that
/// no group loses more than `max_rejection` of its in-scope messages.
pub(super) fn choose_oos_threshold_per_group(
    rows: &[ValRow],
    in_scope: &dyn Fn(&ValRow) -> bool,
    max_rejection: f64,
    per_language: bool,
    per_file: bool,
) -> f64 {
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Group<'a> {
        Language(&'a str),
        File(&'a str),
    }
    let holds = |r: &ValRow, g: Group| match g {
        Group::Language(l) => r.lang.as_str() == l,
        Group::File(f) => r.tag == f,
    };
    let mut groups: BTreeMap<Group, usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| in_scope(r)) {
        if per_language {
            *groups.entry(Group::Language(r.lang.as_str())).or_default() += 1;
        }
        if per_file {
            *groups.entry(Group::File(&r.tag)).or_default() += 1;
        }
    }
    groups
        .iter()
        .filter(|(_, &n)| n >= MIN_LANGUAGE_ROWS)
        .map(|(&g, _)| {
            choose_oos_threshold(
                rows,
                &|r: &ValRow| in_scope(r) && holds(r, g),
                max_rejection,
            )
        })
        .fold(
            choose_oos_threshold(rows, in_scope, max_rejection),
            f64::max,
        )
}

/// The combined out-of-scope score: stacker weights fitted on the out-of-fold training scores
/// when given (there are out-of-scope examples to fit them on), else the picked signals summed
/// after robust normalisation; each validation row's `knn` becomes that score.
/// `stacker_report` gets the fit.
pub(super) fn combine_signals(
    cfg: &TrainConfig,
    y_train: &[usize],
    oos_idx: Option<usize>,
    signals: &[Vec<f32>; 7],
    val_rows: &mut [ValRow],
    stacker_report: &mut serde_json::Value,
    stack_on: Option<&OutOfFold>,
) -> Result<crate::model::manifest::CombineSpec, TrainError> {
    let oos_train = y_train.iter().filter(|&&y| Some(y) == oos_idx).count();
    let stack_signals = parse_signals(&cfg.oos_stacker.signals)?;
    let spec = if let Some(out_of_fold) = stack_on {
        let (oof, oof_acc) = (&out_of_fold.signals, out_of_fold.accuracy);
        let oof_oos: Vec<bool> = y_train.iter().map(|&y| Some(y) == oos_idx).collect();
        let (center, scale) = robust_norm(&stack_signals, oof, &oof_oos);
        let z = |sig: &[Vec<f32>; 7], j: usize| -> Vec<f64> {
            stack_signals
                .iter()
                .enumerate()
                .map(|(f, &i)| ((sig[i][j] - center[f]) / scale[f]) as f64)
                .collect()
        };
        let feats: Vec<Vec<f64>> = (0..y_train.len()).map(|j| z(oof, j)).collect();
        let (w, _) = stack::fit_logistic(&feats, &oof_oos, cfg.oos_stacker.c)
            .ok_or_else(|| TrainError::Invalid("the out-of-scope stacker did not fit".into()))?;
        let oof_score: Vec<f64> = feats
            .iter()
            .map(|f| f.iter().zip(&w).map(|(a, b)| a * b).sum())
            .collect();
        *stacker_report = json!({
            "folds": cfg.oos_stacker.folds,
            "oof_out_of_scope": oos_train,
            "oof_auroc": crate::metrics::ranking::auroc(&oof_score, &oof_oos),
            "oof_in_scope_accuracy": oof_acc,
            "weights": w,
        });
        crate::model::manifest::CombineSpec {
            signals: stack_signals.iter().map(|&i| OosSignal::ALL[i]).collect(),
            center,
            scale,
            weights: w.iter().map(|&v| v as f32).collect(),
        }
    } else {
        let picked = parse_signals(&cfg.oos_signals)?;
        let val_oos: Vec<bool> = val_rows.iter().map(|r| Some(r.gold) == oos_idx).collect();
        let (center, scale) = robust_norm(&picked, signals, &val_oos);
        crate::model::manifest::CombineSpec {
            signals: picked.iter().map(|&i| OosSignal::ALL[i]).collect(),
            center,
            scale,
            weights: Vec::new(),
        }
    };
    for (j, r) in val_rows.iter_mut().enumerate() {
        let values: Vec<f32> = spec
            .signals
            .iter()
            .map(|&s| signals[s as usize][j])
            .collect();
        r.knn = spec.score(&values) as f64;
    }
    Ok(spec)
}

/// The out-of-scope phase's result: the score (combined signals, or the kNN distance), its
/// threshold, and the validation rows flagged by it.
pub(super) struct OosOutcome {
    pub(super) maha_fit: Option<crate::model::maha::MahaFit>,
    pub(super) combine: Option<crate::model::manifest::CombineSpec>,
    pub(super) stacker_report: serde_json::Value,
    pub(super) signal_auroc: BTreeMap<&'static str, Option<f64>>,
    pub(super) val_rows: Vec<ValRow>,
    pub(super) threshold: f64,
    pub(super) fold_check: Option<unknown::FoldCheck>,
}

/// Scores every validation message for out of scope (the signals, combined when asked), picks
/// the threshold within the in-scope rejection budget, tightens it with the fold models' check
/// (simulated unknown intents when there are few out-of-scope examples, the cross-fitted rows
/// when there are enough), and flags the rows.
pub(super) fn out_of_scope(
    cfg: &TrainConfig,
    d: &IntentData,
    intent: &TrainedIntent,
    device: &Device,
    dim: usize,
) -> Result<OosOutcome, TrainError> {
    let combined = cfg.oos_method == OosMethod::Combined;
    let maha_fit = if combined {
        Some(fit_maha(cfg, &d.labels, &d.x_train, &d.y_train, d.oos_idx)?)
    } else {
        None
    };
    let xv_t = rows_tensor(&d.xv, dim)?;
    let (maha_val, rel_maha_val) = match &maha_fit {
        Some(f) if !d.xv.is_empty() => f.scorer(device)?.scores(&xv_t)?,
        _ => (vec![0.0; d.xv.len()], vec![0.0; d.xv.len()]),
    };
    let (mut val_rows, signals) = validation_rows(d, intent, &maha_val, &rel_maha_val);
    let in_scope = |r: &ValRow| Some(r.gold) != d.oos_idx;
    let is_oos: Vec<bool> = val_rows.iter().map(|r| !in_scope(r)).collect();
    let signal_auroc: BTreeMap<&str, Option<f64>> = OosSignal::ALL
        .iter()
        .zip(&signals)
        .map(|(n, v)| {
            let v: Vec<f64> = v.iter().map(|&x| x as f64).collect();
            (n.name(), crate::metrics::ranking::auroc(&v, &is_oos))
        })
        .collect();
    // Every training example scored by a model that never saw it, once: the stacker is fitted
    // on it (with at least 5 out-of-scope examples of the user's own) and the cross-fitted
    // thresholds are chosen on it (with at least `[oos] min_examples`).
    let own_oos = d.own_oos;
    let folds_ok = cfg.oos_stacker.folds >= 2;
    let stack = combined && cfg.oos_stacker.enabled && own_oos >= 5 && folds_ok;
    let cross = cfg.oos.cross_fit && own_oos >= cfg.oos.min_examples && folds_ok;
    let out_of_fold = if stack || cross {
        let pb = progress(cfg.oos_stacker.folds as u64, "out-of-fold scores");
        let oof = oof_signals(
            cfg,
            &d.labels,
            &d.train_texts,
            &d.x_train,
            &d.y_train,
            d.oos_idx,
            Some(&pb),
        )?;
        pb.finish_and_clear();
        Some(oof)
    } else {
        None
    };
    let mut stacker_report = serde_json::Value::Null;
    let combine = if combined {
        Some(combine_signals(
            cfg,
            &d.y_train,
            d.oos_idx,
            &signals,
            &mut val_rows,
            &mut stacker_report,
            out_of_fold.as_ref().filter(|_| stack),
        )?)
    } else {
        None
    };
    let threshold = choose_oos_threshold_per_group(
        &val_rows,
        &in_scope,
        cfg.oos_max_in_scope_rejection,
        cfg.oos_rejection_per_language,
        cfg.oos_rejection_per_file,
    );
    let fold_check = match out_of_fold.as_ref().filter(|_| cross) {
        Some(oof) => cross_fitted(cfg, d, oof, combine.as_ref(), &val_rows),
        None => simulate_unknown(cfg, d, combine.as_ref())?,
    };
    // The fold models' cut, carried over as the share of in-scope messages it rejects, only
    // ever makes the threshold stricter.
    let threshold = match &fold_check {
        Some(unknown::FoldCheck { choice: c, .. }) => {
            let ins: Vec<f64> = val_rows
                .iter()
                .filter(|r| in_scope(r))
                .map(|r| r.knn)
                .collect();
            threshold.min(unknown::cut_for_rejection(&ins, c.in_scope_rejection))
        }
        None => threshold,
    };
    for r in val_rows.iter_mut() {
        r.flag = r.head_oos || r.knn >= threshold;
    }
    Ok(OosOutcome {
        maha_fit,
        combine,
        stacker_report,
        signal_auroc,
        val_rows,
        threshold,
        fold_check,
    })
}

/// Per validation message: the in-scope ranking after removing the out-of-scope class, and every
/// out-of-scope signal (one vector per signal, indexed by `OosSignal as usize`).
fn validation_rows(
    d: &IntentData,
    intent: &TrainedIntent,
    maha_val: &[f32],
    rel_maha_val: &[f32],
) -> (Vec<ValRow>, [Vec<f32>; 7]) {
    let mut val_rows = Vec::new();
    let mut signals: [Vec<f32>; 7] = Default::default();
    let temperature = intent.calibration.temperature;
    for (j, row) in intent.val_logits.iter().enumerate() {
        let r = rank_in_scope(row, temperature, d.oos_idx);
        let values = OosSignal::all_values(&SignalInputs {
            knn: intent.knn_val[j],
            rel_maha: rel_maha_val[j],
            maha: maha_val[j],
            top: r.conf as f32,
            p_oos: r.p_oos as f32,
        });
        for (v, x) in signals.iter_mut().zip(values) {
            v.push(x);
        }
        let (example, tag) = &d.split.val[d.val_keep[j]];
        val_rows.push(ValRow {
            gold: d.yv[j],
            top: r.top,
            conf: r.conf,
            margin: r.margin,
            head_oos: d.has_oos && r.p_oos >= r.conf,
            knn: intent.knn_val[j] as f64,
            tag: tag.clone(),
            lang: detect(&example.text),
            flag: false,
        });
    }
    (val_rows, signals)
}

/// Unknown intents, simulated when there are no or few out-of-scope examples of the user's
/// own: the cut that keeps the target bot error on intents the model never saw.
fn simulate_unknown(
    cfg: &TrainConfig,
    d: &IntentData,
    combine: Option<&crate::model::manifest::CombineSpec>,
) -> Result<Option<unknown::FoldCheck>, TrainError> {
    let groups = cfg.oos.unknown_groups;
    let simulate = cfg.oos.simulate_unknown
        && d.own_oos < cfg.oos.min_examples
        && unknown::possible(&d.labels, d.oos_idx, groups);
    if !simulate {
        return Ok(None);
    }
    let pb = progress(groups as u64, "simulated unknown intents");
    let rows = unknown::simulate(
        cfg,
        &unknown::SimData {
            labels: &d.labels,
            train_texts: &d.train_texts,
            x_train: &d.x_train,
            y_train: &d.y_train,
            val_texts: &d.val_texts,
            x_val: &d.xv,
            y_val: &d.yv,
            oos_idx: d.oos_idx,
            spec: combine,
        },
        groups,
        Some(&pb),
    )?;
    pb.finish_and_clear();
    Ok(unknown::choose(
        &rows,
        0.0,
        cfg.target_error,
        cfg.expected_oos_share,
        cfg.promise_confidence,
    )
    .map(|choice| unknown::FoldCheck {
        kind: unknown::FoldKind::SimulatedUnknown,
        rows,
        choice,
    }))
}

/// The thresholds of a bot with out-of-scope examples of its own, chosen on every message
/// scored by a model that never saw it: the out-of-fold training examples (their own
/// out-of-scope examples included) and the validation messages as the final model scores them.
/// So the cut and the confidence are chosen against the bound on all the data, not the
/// validation carve's few out-of-scope messages, and at the out-of-scope share of real traffic.
fn cross_fitted(
    cfg: &TrainConfig,
    d: &IntentData,
    oof: &OutOfFold,
    combine: Option<&crate::model::manifest::CombineSpec>,
    val_rows: &[ValRow],
) -> Option<unknown::FoldCheck> {
    let score = |i: usize| match combine {
        Some(spec) => {
            let values: Vec<f32> = spec
                .signals
                .iter()
                .map(|&s| oof.signals[s as usize][i])
                .collect();
            spec.score(&values) as f64
        }
        None => oof.signals[OosSignal::Knn as usize][i] as f64,
    };
    let training = oof
        .ranks
        .iter()
        .zip(&d.y_train)
        .enumerate()
        .map(|(i, (r, &gold))| unknown::SimRow {
            conf: r.conf,
            margin: r.margin,
            correct: r.top == gold,
            known: Some(gold) != d.oos_idx,
            score: score(i),
            head_oos: d.oos_idx.is_some() && r.p_oos >= r.conf,
            cross_fitted: true,
        });
    let validation = val_rows
        .iter()
        .filter(|r| r.tag != super::background::VALIDATION_TAG)
        .map(|r| unknown::SimRow {
            conf: r.conf,
            margin: r.margin,
            correct: r.top == r.gold,
            known: Some(r.gold) != d.oos_idx,
            score: r.knn,
            head_oos: r.head_oos,
            cross_fitted: false,
        });
    let rows: Vec<unknown::SimRow> = training.chain(validation).collect();
    // Serving applies the validation cut in any case: no pair rejects less.
    unknown::choose_from(
        &rows,
        cfg.oos_max_in_scope_rejection,
        0.0,
        cfg.target_error,
        cfg.expected_oos_share,
        cfg.promise_confidence,
    )
    .map(|choice| unknown::FoldCheck {
        kind: unknown::FoldKind::CrossFitted,
        rows,
        choice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An in-scope (gold 0) validation row with this out-of-scope score.
    fn row(score: f64, lang: Language) -> ValRow {
        ValRow {
            gold: 0,
            top: 0,
            conf: 0.9,
            margin: 0.5,
            head_oos: false,
            knn: score,
            flag: false,
            tag: String::new(),
            lang,
        }
    }

    fn rejected(rows: &[ValRow], threshold: f64, lang: Language) -> f64 {
        let ins: Vec<&ValRow> = rows.iter().filter(|r| r.lang == lang).collect();
        ins.iter()
            .filter(|r| r.head_oos || r.knn >= threshold)
            .count() as f64
            / ins.len() as f64
    }

    /// English validation close to its training data (low scores), Chinese farther (higher).
    fn skewed() -> Vec<ValRow> {
        let mut rows: Vec<ValRow> = (0..100)
            .map(|i| row(0.01 * i as f64 / 100.0, Language::En))
            .collect();
        rows.extend((0..50).map(|i| row(0.5 + i as f64 / 100.0, Language::Zh)));
        rows
    }

    #[test]
    fn per_language_threshold_meets_every_languages_budget() {
        let rows = skewed();
        let all = |_: &ValRow| true;
        // One budget over all 150: the 6 rejections all fall on Chinese (12% of it).
        let global = choose_oos_threshold(&rows, &all, 0.04);
        assert!((rejected(&rows, global, Language::Zh) - 0.12).abs() < 1e-9);
        assert_eq!(rejected(&rows, global, Language::En), 0.0);
        // Per language: at most 4% of each (2 of 50 Chinese, 4 of 100 English allowed).
        let per = choose_oos_threshold_per_language(&rows, &all, 0.04);
        assert!(per > global);
        assert!((rejected(&rows, per, Language::Zh) - 0.04).abs() < 1e-9);
        assert!(rejected(&rows, per, Language::En) <= 0.04);
        // Just above the third-farthest Chinese message.
        assert_eq!(per, 0.5 + 47.0 / 100.0 + 1e-6);
        // Overall it never rejects more than the single threshold did.
        let n = rows.iter().filter(|r| r.knn >= per).count();
        assert!(n <= rows.iter().filter(|r| r.knn >= global).count());
    }

    #[test]
    fn per_language_threshold_with_one_language_is_the_plain_one() {
        let rows: Vec<ValRow> = (0..60)
            .map(|i| row(i as f64 / 60.0, Language::Zh))
            .collect();
        let all = |_: &ValRow| true;
        assert_eq!(
            choose_oos_threshold_per_language(&rows, &all, 0.05),
            choose_oos_threshold(&rows, &all, 0.05)
        );
    }

    #[test]
    fn small_languages_and_out_of_scope_rows_get_no_budget_of_their_own() {
        let mut rows = skewed();
        // 5 far "other" messages: too few for a budget of their own, so they stay rejected.
        rows.extend((0..5).map(|_| row(100.0, Language::Other)));
        // Out-of-scope validation rows (gold 1) do not count as in-scope anywhere.
        rows.extend((0..30).map(|_| ValRow {
            gold: 1,
            ..row(200.0, Language::Zh)
        }));
        let in_scope = |r: &ValRow| r.gold != 1;
        let per = choose_oos_threshold_per_language(&rows, &in_scope, 0.04);
        assert!(per < 100.0, "{per}");
        // The overall budget (6 of 155) is the loosest here: 5 "other" and the farthest Chinese.
        assert_eq!(per, 0.5 + 48.0 / 100.0 + 1e-6);
    }

    #[test]
    fn per_file_threshold_gives_a_small_natural_file_its_own_budget() {
        // One language: 100 templated messages close to training, 25 natural ones farther.
        let mut rows: Vec<ValRow> = (0..100)
            .map(|i| ValRow {
                tag: "templated".into(),
                ..row(0.01 * i as f64 / 100.0, Language::En)
            })
            .collect();
        rows.extend((0..25).map(|i| ValRow {
            tag: "natural".into(),
            ..row(0.5 + i as f64 / 100.0, Language::En)
        }));
        let all = |_: &ValRow| true;
        let per_language = choose_oos_threshold_per_group(&rows, &all, 0.04, true, false);
        // 5 of 125 may go, and all 5 are natural: 20% of that file.
        assert_eq!(per_language, 0.5 + 19.0 / 100.0 + 1e-6);
        let per_file = choose_oos_threshold_per_group(&rows, &all, 0.04, true, true);
        // 4% of 25 is 1 message: only the farthest natural one is rejected.
        assert_eq!(per_file, 0.5 + 23.0 / 100.0 + 1e-6);
        let natural_rejected = rows
            .iter()
            .filter(|r| r.tag == "natural" && r.knn >= per_file)
            .count();
        assert_eq!(natural_rejected, 1);
    }

    #[test]
    fn head_rejections_count_against_their_languages_budget() {
        let mut rows = skewed();
        // Two Chinese messages already rejected by the intent head's out-of-scope class use up
        // Chinese's budget (2 of 50): no further Chinese message may be rejected.
        for r in rows.iter_mut().filter(|r| r.lang == Language::Zh).take(2) {
            r.head_oos = true;
        }
        let all = |_: &ValRow| true;
        let per = choose_oos_threshold_per_language(&rows, &all, 0.04);
        assert_eq!(per, 0.5 + 49.0 / 100.0 + 1e-6);
        assert!((rejected(&rows, per, Language::Zh) - 0.04).abs() < 1e-9);
    }
}
