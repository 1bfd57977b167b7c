//! Out-of-scope signals: out-of-fold scores for the stacker, signal normalisation, and the
//! out-of-scope threshold within the in-scope rejection budget (overall, per language, per file).

#[allow(unused_imports)]
use super::*;

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

/// Out-of-fold values of every signal of OOS_SIGNALS for the training examples: each fold is
/// scored by an intent model, bank and Mahalanobis statistics fitted on the other folds, the
/// msp and p_oos signals after one temperature fitted on all out-of-fold logits. Also returns
/// the out-of-fold in-scope accuracy.
pub(super) fn oof_signals(
    cfg: &TrainConfig,
    labels: &[String],
    texts: &[String],
    x: &[Vec<f32>],
    y: &[usize],
    oos_idx: Option<usize>,
    pb: Option<&indicatif::ProgressBar>,
) -> Result<([Vec<f32>; 7], Option<f64>), TrainError> {
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
    let (mut top, mut p_oos) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut ok, mut ins) = (0usize, 0usize);
    for (row, &gold) in logits.iter().zip(y) {
        let r = rank_in_scope(row, t, oos_idx);
        top.push(r.conf as f32);
        p_oos.push(r.p_oos as f32);
        if Some(gold) != oos_idx {
            ins += 1;
            ok += (r.top == gold) as usize;
        }
    }
    let acc = (ins > 0).then(|| ok as f64 / ins as f64);
    let mut out: [Vec<f32>; 7] = Default::default();
    for i in 0..n {
        let values = OosSignal::all_values(&SignalInputs {
            knn: knn[i],
            rel_maha: rel[i],
            maha: maha[i],
            top: top[i],
            p_oos: p_oos[i],
        });
        for (v, x) in out.iter_mut().zip(values) {
            v.push(x);
        }
    }
    Ok((out, acc))
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

/// The combined out-of-scope score: stacker weights fitted on out-of-fold training scores when
/// there are out-of-scope examples to fit them on, else the picked signals summed after robust
/// normalisation; each validation row's `knn` becomes that score. `stacker_report` gets the fit.
#[allow(clippy::too_many_arguments)]
pub(super) fn combine_signals(
    cfg: &TrainConfig,
    labels: &[String],
    train_texts: &[String],
    x_train: &[Vec<f32>],
    y_train: &[usize],
    oos_idx: Option<usize>,
    signals: &[Vec<f32>; 7],
    val_rows: &mut [ValRow],
    stacker_report: &mut serde_json::Value,
) -> Result<crate::model::manifest::CombineSpec, TrainError> {
    let oos_train = y_train.iter().filter(|&&y| Some(y) == oos_idx).count();
    let stack_signals = parse_signals(&cfg.oos_stacker.signals)?;
    let use_stacker = cfg.oos_stacker.enabled && oos_train >= 5 && cfg.oos_stacker.folds >= 2;
    let spec = if use_stacker {
        let pb = progress(cfg.oos_stacker.folds as u64, "out-of-fold scores");
        let (oof, oof_acc) = oof_signals(
            cfg,
            labels,
            train_texts,
            x_train,
            y_train,
            oos_idx,
            Some(&pb),
        )?;
        pb.finish_and_clear();
        let oof_oos: Vec<bool> = y_train.iter().map(|&y| Some(y) == oos_idx).collect();
        let (center, scale) = robust_norm(&stack_signals, &oof, &oof_oos);
        let z = |sig: &[Vec<f32>; 7], j: usize| -> Vec<f64> {
            stack_signals
                .iter()
                .enumerate()
                .map(|(f, &i)| ((sig[i][j] - center[f]) / scale[f]) as f64)
                .collect()
        };
        let feats: Vec<Vec<f64>> = (0..y_train.len()).map(|j| z(&oof, j)).collect();
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
