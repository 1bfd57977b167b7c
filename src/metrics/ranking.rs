//! Binary ranking metrics: AUROC, ROC curve and recall at a maximum
//! false-positive rate.
//!
//! Convention throughout: a higher score means "more positive", and an
//! item is classified positive when `score >= threshold`.
//!
//! Typical Triage use: pick the out-of-scope (OOS) threshold. Let
//! `positives[i] = message i is out of scope` and `scores[i]` the OOS score
//! (e.g. `1 - max in-scope confidence`); then
//! `recall_at_fpr(scores, positives, 0.02)` gives the threshold that catches
//! the most OOS messages while wrongly rejecting at most 2% of in-scope ones.
//!
//! Scores are ordered with [`f64::total_cmp`], so NaN scores do not panic
//! (a positive NaN ranks above `+inf`), but results involving them are not
//! meaningful; filter NaNs out first. Paired slices of different lengths are
//! truncated to the shorter one.

/// Sorted (descending by score) pairs, truncated to the common length.
fn sorted_desc(scores: &[f64], positives: &[bool]) -> Vec<(f64, bool)> {
    let mut v: Vec<(f64, bool)> = scores
        .iter()
        .copied()
        .zip(positives.iter().copied())
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    v
}

/// A threshold strictly above every score, so nothing is classified
/// positive: `max + 1` (scikit-learn < 1.3 convention), or `+inf` if that is
/// not larger than `max` (or there are no scores).
fn above_all(max: Option<f64>) -> f64 {
    match max {
        Some(m) if m.is_finite() && m + 1.0 > m => m + 1.0,
        _ => f64::INFINITY,
    }
}

/// Cosine similarity; None for empty, mismatched or zero-length vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> Option<f32> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    (na > 0.0 && nb > 0.0).then(|| dot / (na * nb))
}

/// Area under the ROC curve, i.e. the probability that a random positive
/// scores higher than a random negative, ties counting 1/2.
///
/// Computed with the Mann-Whitney U statistic on average ranks:
/// `AUC = (sum of positive ranks - P(P+1)/2) / (P·N)`; equal to
/// scikit-learn's `roc_auc_score`. `None` if the positive or the negative
/// class is absent (including empty input). O(n log n).
pub fn auroc(scores: &[f64], positives: &[bool]) -> Option<f64> {
    let mut v = sorted_desc(scores, positives);
    v.reverse(); // ascending
    let n_pos = v.iter().filter(|p| p.1).count();
    let n_neg = v.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    // Sum of (1-based) average ranks of the positives.
    let mut rank_sum = 0.0f64;
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1].0 == v[i].0 {
            j += 1;
        }
        // Items i..=j are tied; ranks i+1 ..= j+1, average (i + j + 2) / 2.
        let avg = (i + j + 2) as f64 / 2.0;
        let pos_in_group = v[i..=j].iter().filter(|p| p.1).count();
        rank_sum += avg * pos_in_group as f64;
        i = j + 1;
    }
    let p = n_pos as f64;
    let u = rank_sum - p * (p + 1.0) / 2.0;
    Some((u / (p * n_neg as f64)).clamp(0.0, 1.0))
}

/// ROC curve as `(fpr, tpr, threshold)` points, threshold decreasing.
///
/// The first point is `(0, 0, t0)` with `t0` above every score (`max + 1`,
/// scikit-learn < 1.3's convention; kept finite so it serialises to JSON),
/// then one point per distinct score `s` with the rates of the rule
/// `score >= s`; the last point is `(1, 1, min score)`. Unlike
/// scikit-learn's default, collinear intermediate points are not dropped.
/// Empty if either class is absent (rates would be undefined).
pub fn roc_curve(scores: &[f64], positives: &[bool]) -> Vec<(f64, f64, f64)> {
    let v = sorted_desc(scores, positives);
    let n_pos = v.iter().filter(|p| p.1).count();
    let n_neg = v.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return Vec::new();
    }
    let mut out = vec![(0.0, 0.0, above_all(v.first().map(|p| p.0)))];
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < v.len() {
        let s = v[i].0;
        while i < v.len() && (v[i].0 == s || v[i].0.total_cmp(&s).is_eq()) {
            if v[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        out.push((fp as f64 / n_neg as f64, tp as f64 / n_pos as f64, s));
    }
    out
}

/// The threshold with the highest recall (TPR) among those whose
/// false-positive rate is at most `max_fpr`; returns `(threshold, recall)`.
///
/// Candidate thresholds are the distinct scores (rule `score >= t`) plus
/// one above every score (recall 0, FPR 0, always feasible). Among
/// thresholds with the same best recall the highest one (lowest FPR) is
/// returned.
///
/// Degenerate cases: `max_fpr` is clamped to `[0, 1]` (NaN counts as 0);
/// with no negatives every threshold has FPR 0, so the result is
/// `(min score, 1.0)`; with no positives it is `(above-all threshold, 0.0)`;
/// empty input gives `(f64::INFINITY, 0.0)`.
pub fn recall_at_fpr(scores: &[f64], positives: &[bool], max_fpr: f64) -> (f64, f64) {
    let max_fpr = if max_fpr.is_nan() {
        0.0
    } else {
        max_fpr.clamp(0.0, 1.0)
    };
    let v = sorted_desc(scores, positives);
    let n_pos = v.iter().filter(|p| p.1).count();
    let n_neg = v.len() - n_pos;
    let mut best = (above_all(v.first().map(|p| p.0)), 0.0);
    if n_pos == 0 {
        return best;
    }
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < v.len() {
        let s = v[i].0;
        while i < v.len() && (v[i].0 == s || v[i].0.total_cmp(&s).is_eq()) {
            if v[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        let fpr = if n_neg == 0 {
            0.0
        } else {
            fp as f64 / n_neg as f64
        };
        if fpr > max_fpr {
            break; // FPR only grows as the threshold decreases.
        }
        let tpr = tp as f64 / n_pos as f64;
        if tpr > best.1 {
            best = (s, tpr);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    // Fixture with ties on both sides of the class boundary.
    //   score: 0.9 0.8 0.8 0.7 0.3 0.3 0.1
    //   pos:    T   T   F   T   F   T   F      (P = 4, N = 3)
    const S: [f64; 7] = [0.9, 0.8, 0.8, 0.7, 0.3, 0.3, 0.1];
    const P: [bool; 7] = [true, true, false, true, false, true, false];

    #[test]
    fn auroc_with_ties_by_hand() {
        // Ascending ranks: 0.1 -> 1; 0.3, 0.3 -> 2.5 each; 0.7 -> 4;
        // 0.8, 0.8 -> 5.5 each; 0.9 -> 7.
        // Positive rank sum = 7 + 5.5 + 4 + 2.5 = 19
        // U = 19 - 4*5/2 = 9; AUC = 9 / (4*3) = 0.75
        // Pairwise check: 0.9 beats 3 negatives (3), 0.8 beats 2 and ties 1
        // (2.5), 0.7 beats 2 (2), 0.3 beats 1 and ties 1 (1.5): 9 / 12.
        assert!(close(auroc(&S, &P).unwrap(), 0.75));
        // Order of the input does not matter.
        let mut s = S.to_vec();
        let mut p = P.to_vec();
        s.reverse();
        p.reverse();
        assert!(close(auroc(&s, &p).unwrap(), 0.75));
    }

    #[test]
    fn auroc_edge_cases() {
        assert_eq!(auroc(&[], &[]), None);
        assert_eq!(auroc(&[0.1, 0.2], &[true, true]), None);
        assert_eq!(auroc(&[0.1, 0.2], &[false, false]), None);
        // Perfect, inverted and all-tied rankings.
        assert!(close(auroc(&[0.9, 0.1], &[true, false]).unwrap(), 1.0));
        assert!(close(auroc(&[0.1, 0.9], &[true, false]).unwrap(), 0.0));
        // All scores tied: every pair counts 1/2.
        assert!(close(
            auroc(&[0.5; 4], &[true, false, true, false]).unwrap(),
            0.5
        ));
        // Length mismatch: truncated to 2 pairs.
        assert!(close(auroc(&[0.9, 0.1, 0.5], &[true, false]).unwrap(), 1.0));
    }

    #[test]
    fn roc_curve_by_hand() {
        let c = roc_curve(&S, &P);
        // threshold  tp fp   (fpr, tpr)
        // 1.9 (0.9+1) 0 0    (0, 0)
        // 0.9         1 0    (0, 1/4)
        // 0.8         2 1    (1/3, 2/4)
        // 0.7         3 1    (1/3, 3/4)
        // 0.3         4 2    (2/3, 1)
        // 0.1         4 3    (1, 1)
        let want = [
            (0.0, 0.0, 1.9),
            (0.0, 0.25, 0.9),
            (1.0 / 3.0, 0.5, 0.8),
            (1.0 / 3.0, 0.75, 0.7),
            (2.0 / 3.0, 1.0, 0.3),
            (1.0, 1.0, 0.1),
        ];
        assert_eq!(c.len(), want.len());
        for (got, w) in c.iter().zip(want) {
            assert!(
                close(got.0, w.0) && close(got.1, w.1) && close(got.2, w.2),
                "{got:?} vs {w:?}"
            );
        }
        // Trapezoidal area under the curve equals the rank AUROC:
        // 0 + (1/3)(0.25+0.5)/2 + 0 + (1/3)(0.75+1)/2 + (1/3)(1) = 0.75
        let area: f64 = c
            .windows(2)
            .map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0)
            .sum();
        assert!(close(area, 0.75));
        assert!(roc_curve(&[], &[]).is_empty());
        assert!(roc_curve(&[0.3], &[true]).is_empty());
    }

    #[test]
    fn recall_at_fpr_by_hand() {
        // From the ROC table above.
        // max_fpr 0   -> points with fpr 0: best tpr 1/4 at 0.9
        assert_eq!(recall_at_fpr(&S, &P, 0.0), (0.9, 0.25));
        // max_fpr 0.34 -> up to fpr 1/3: best tpr 3/4 at 0.7
        assert_eq!(recall_at_fpr(&S, &P, 0.34), (0.7, 0.75));
        // max_fpr 0.3 -> only fpr 0 qualifies again
        assert_eq!(recall_at_fpr(&S, &P, 0.3), (0.9, 0.25));
        // max_fpr 1 -> tpr 1 first reached at 0.3 (fpr 2/3), highest such threshold
        assert_eq!(recall_at_fpr(&S, &P, 1.0), (0.3, 1.0));
        // NaN / negative max_fpr behave like 0; > 1 like 1.
        assert_eq!(recall_at_fpr(&S, &P, f64::NAN), (0.9, 0.25));
        assert_eq!(recall_at_fpr(&S, &P, -1.0), (0.9, 0.25));
        assert_eq!(recall_at_fpr(&S, &P, 5.0), (0.3, 1.0));
    }

    #[test]
    fn recall_at_fpr_edge_cases() {
        assert_eq!(recall_at_fpr(&[], &[], 0.1), (f64::INFINITY, 0.0));
        // No positives: nothing to recall; threshold above all (0.4 + 1).
        assert_eq!(recall_at_fpr(&[0.2, 0.4], &[false, false], 0.1), (1.4, 0.0));
        // No negatives: FPR is 0 everywhere -> accept all.
        assert_eq!(recall_at_fpr(&[0.2, 0.4], &[true, true], 0.0), (0.2, 1.0));
        // A top-scoring negative blocks everything at max_fpr 0.
        let (t, r) = recall_at_fpr(&[0.9, 0.5], &[false, true], 0.0);
        assert_eq!((t, r), (1.9, 0.0));
    }

    #[test]
    fn oos_threshold_usage() {
        // OOS detection: positives are out-of-scope messages; allow at most
        // 25% of the 4 in-scope messages (1 of them) to be rejected.
        let oos_score = [0.95, 0.9, 0.6, 0.55, 0.5, 0.4, 0.2, 0.1];
        let is_oos = [true, true, false, true, true, false, false, false];
        // thresholds: 0.95 (tp1 fp0), 0.9 (2,0), 0.6 (2,1), 0.55 (3,1),
        // 0.5 (4,1), 0.4 (4,2) -> fpr 0.5 > 0.25 stop. Best: 0.5 with recall 1.
        assert_eq!(recall_at_fpr(&oos_score, &is_oos, 0.25), (0.5, 1.0));
    }

    // ---------------------------------------------------------------
    // Cross-check against scikit-learn: expected values came from
    // scikit-learn 1.x (1.9.1, numpy 2.4.6) `roc_auc_score` on fixtures drawn
    // with numpy default_rng(20240611); scores rounded to create ties.
    // (The hand fixture above also matches sklearn: roc_auc_score = 0.75 and
    // roc_curve(drop_intermediate=False) gives the same fpr/tpr/thresholds,
    // except that sklearn >= 1.3 uses +inf for the first threshold.)
    // ---------------------------------------------------------------

    #[test]
    fn sklearn_auroc_ties_1dp() {
        let scores = [
            0.3, 0.2, 0.8, 0.0, 0.9, 0.5, 0.5, 0.6, 0.4, 0.0, 0.3, 0.2, 0.4, 0.5, 0.1, 0.2, 0.4,
            0.2, 0.8, 0.1, 0.6, 0.7, 0.1, 0.1, 0.3, 0.8, 0.4, 0.6, 0.6, 0.8, 0.0, 0.6, 0.8, 0.8,
            0.4, 0.4, 0.5, 0.5, 0.7, 0.3,
        ];
        let positives = [
            true, false, true, false, true, true, false, false, false, false, true, false, false,
            true, false, false, false, false, true, false, true, true, false, false, false, true,
            false, false, false, true, false, false, true, true, false, true, true, false, true,
            true,
        ];
        let want = 0.8465473145780051;
        assert!((auroc(&scores, &positives).unwrap() - want).abs() < 1e-12);
    }

    #[test]
    fn sklearn_auroc_ties_2dp() {
        let scores = [
            0.31, 0.44, 0.19, 0.82, 0.68, 0.15, 0.08, 0.81, 0.36, 0.06, 0.5, 0.33, 0.39, 0.22,
            0.05, 0.32, 0.3, 0.16, 0.63, 0.19, 0.59, 0.54, 0.42, 0.46, 0.36, 0.21, 0.77, 0.82,
            0.21, 0.24, 0.25, 0.42, 0.36, 0.06, 0.37, 0.41, 0.02, 0.68, 0.87, 0.6, 0.22, 0.56,
            0.58, 0.4, 0.69, 0.59, 0.29, 0.73, 0.53, 0.42, 0.0, 0.05, 0.08, 0.59, 0.37, 0.43, 0.04,
            0.02, 0.54, 0.46,
        ];
        let positives = [
            false, false, false, true, true, false, false, true, false, false, false, false, false,
            false, false, true, false, false, true, false, false, false, true, true, true, false,
            true, true, false, false, false, true, true, false, false, true, false, true, true,
            false, false, false, true, false, true, true, false, true, true, true, false, false,
            false, false, false, false, false, false, false, false,
        ];
        let want = 0.8736263736263736;
        assert!((auroc(&scores, &positives).unwrap() - want).abs() < 1e-12);
    }

    #[test]
    fn sklearn_auroc_continuous() {
        let scores = [
            0.575219, 0.309136, 0.800569, 0.624337, 0.53562, 0.046847, 0.393944, 0.288085,
            0.499054, 0.485383, 0.385305, 0.636319, 0.123395, 0.648812, 0.534369, 0.149521,
            0.213346, 0.515052, 0.505576, 0.305905, 0.172869, 0.391213, 0.551719, 0.49987,
            0.580343,
        ];
        let positives = [
            false, true, true, true, false, false, false, false, true, true, false, true, false,
            true, true, false, false, true, false, true, false, false, true, false, false,
        ];
        let want = 0.7792207792207793;
        assert!((auroc(&scores, &positives).unwrap() - want).abs() < 1e-12);
    }
}
