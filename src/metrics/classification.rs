//! Multi-class classification report: accuracy, per-class precision /
//! recall / F1, macro and support-weighted averages, and the confusion
//! matrix.
//!
//! Conventions (identical to scikit-learn's `classification_report` /
//! `precision_recall_fscore_support` with `labels=None, zero_division=0`):
//!
//! * The label set is the union of gold and predicted labels, sorted by
//!   byte order (`String`'s `Ord`, which equals Unicode code-point order).
//! * A label that is never predicted has precision `0.0`.
//! * A label that never occurs in gold (support 0, it was only predicted)
//!   appears with `support == 0` and recall `0.0`.
//! * F1 is `2·tp / (2·tp + fp + fn)`, `0.0` when that denominator is 0; this
//!   equals the harmonic mean of P and R whenever both are defined.
//! * Macro averages are unweighted means over *all* labels of the union, so
//!   labels with no support or no predictions pull the macro numbers down.
//! * Weighted F1 weights each label's F1 by its support.
//! * Empty input gives a report with `n == 0`, no labels and all numbers
//!   `0.0`. If `gold` and `pred` differ in length the extra tail of the
//!   longer one is ignored.

use serde::{Deserialize, Serialize};

use super::ratio;

/// How many "predicted as" entries [`ClassReport::confused_with`] keeps.
pub const CONFUSED_WITH_TOP: usize = 3;

/// Metrics for one label.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ClassReport {
    pub label: String,
    /// tp / predicted; `0.0` if the label was never predicted.
    pub precision: f64,
    /// tp / support; `0.0` if the label has no support.
    pub recall: f64,
    /// 2tp / (2tp + fp + fn); `0.0` if that denominator is 0.
    pub f1: f64,
    /// Number of gold items with this label.
    pub support: usize,
    /// Number of items predicted as this label.
    pub predicted: usize,
    /// Up to [`CONFUSED_WITH_TOP`] labels this gold class was wrongly
    /// predicted as, with counts, most frequent first (ties by label).
    /// Only non-zero counts are listed.
    pub confused_with: Vec<(String, usize)>,
}

/// Full report; see the module docs for the conventions.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ClassificationReport {
    /// Fraction of items whose prediction equals gold; `0.0` when `n == 0`.
    pub accuracy: f64,
    pub macro_f1: f64,
    pub weighted_f1: f64,
    pub macro_precision: f64,
    pub macro_recall: f64,
    /// Number of (gold, pred) pairs evaluated.
    pub n: usize,
    /// One entry per label, in the order of `labels`.
    pub per_class: Vec<ClassReport>,
    /// Sorted union of gold and predicted labels.
    pub labels: Vec<String>,
    /// `confusion[g][p]` = number of items with gold `labels[g]` predicted
    /// as `labels[p]`.
    pub confusion: Vec<Vec<usize>>,
}

impl ClassificationReport {
    /// The per-class entry for `label`, if it is in the label set.
    pub fn class(&self, label: &str) -> Option<&ClassReport> {
        self.labels
            .binary_search_by(|l| l.as_str().cmp(label))
            .ok()
            .and_then(|i| self.per_class.get(i))
    }

    /// Labels and confusion matrix permuted by `order` (e.g. from
    /// [`confusion_order`]), both axes. Indices out of range are skipped.
    pub fn permuted(&self, order: &[usize]) -> (Vec<String>, Vec<Vec<usize>>) {
        let k = self.labels.len();
        let order: Vec<usize> = order.iter().copied().filter(|&i| i < k).collect();
        let labels = order.iter().map(|&i| self.labels[i].clone()).collect();
        let matrix = order
            .iter()
            .map(|&g| order.iter().map(|&p| self.confusion[g][p]).collect())
            .collect();
        (labels, matrix)
    }
}

/// Build a [`ClassificationReport`] from parallel gold / predicted labels.
pub fn classification_report(gold: &[&str], pred: &[&str]) -> ClassificationReport {
    classification_report_from(gold, pred)
}

/// Same as [`classification_report`] for any string-like labels
/// (`&[String]`, `&[&str]`, ...).
pub fn classification_report_from<S: AsRef<str>>(gold: &[S], pred: &[S]) -> ClassificationReport {
    let n = gold.len().min(pred.len());
    let gold = &gold[..n];
    let pred = &pred[..n];

    let mut labels: Vec<String> = gold
        .iter()
        .chain(pred.iter())
        .map(|s| s.as_ref().to_string())
        .collect();
    labels.sort();
    labels.dedup();
    let k = labels.len();
    let index = |s: &str| -> usize {
        labels
            .binary_search_by(|l| l.as_str().cmp(s))
            .expect("label is in the union by construction")
    };

    let mut confusion = vec![vec![0usize; k]; k];
    for (g, p) in gold.iter().zip(pred) {
        confusion[index(g.as_ref())][index(p.as_ref())] += 1;
    }

    let mut per_class = Vec::with_capacity(k);
    for (i, label) in labels.iter().enumerate() {
        let tp = confusion[i][i];
        let support: usize = confusion[i].iter().sum();
        let predicted: usize = confusion.iter().map(|row| row[i]).sum();
        let fp = predicted - tp;
        let fn_ = support - tp;
        let mut confused: Vec<(String, usize)> = confusion[i]
            .iter()
            .enumerate()
            .filter(|&(j, &c)| j != i && c > 0)
            .map(|(j, &c)| (labels[j].clone(), c))
            .collect();
        // Most first; ties keep label order (stable sort on sorted labels).
        confused.sort_by_key(|c| std::cmp::Reverse(c.1));
        confused.truncate(CONFUSED_WITH_TOP);
        per_class.push(ClassReport {
            label: label.clone(),
            precision: ratio(tp, predicted),
            recall: ratio(tp, support),
            f1: ratio(2 * tp, 2 * tp + fp + fn_),
            support,
            predicted,
            confused_with: confused,
        });
    }

    let correct: usize = (0..k).map(|i| confusion[i][i]).sum();
    let mean = |f: fn(&ClassReport) -> f64| -> f64 {
        if k == 0 {
            0.0
        } else {
            per_class.iter().map(f).sum::<f64>() / k as f64
        }
    };
    let macro_precision = mean(|c| c.precision);
    let macro_recall = mean(|c| c.recall);
    let macro_f1 = mean(|c| c.f1);
    let weighted_f1 = if n == 0 {
        0.0
    } else {
        per_class
            .iter()
            .map(|c| c.f1 * c.support as f64)
            .sum::<f64>()
            / n as f64
    };

    ClassificationReport {
        accuracy: ratio(correct, n),
        macro_f1,
        weighted_f1,
        macro_precision,
        macro_recall,
        n,
        per_class,
        labels,
        confusion,
    }
}

/// A permutation of `0..report.labels.len()` that puts labels which are
/// confused with each other next to each other, for plotting the confusion
/// matrix as a heatmap (use with [`ClassificationReport::permuted`]).
///
/// Greedy: confusion between two labels is the symmetric off-diagonal mass
/// `c[i][j] + c[j][i]`. A cluster starts with the unplaced label with the
/// most off-diagonal mass overall; then the unplaced label with the most
/// confusion with the current cluster is appended (ties: more confusion
/// with the label placed last, then more total mass, then lower index).
/// When no unplaced label is confused with the cluster a new cluster starts.
/// Labels with no confusion at all end up last, in label order.
/// Deterministic; empty report gives an empty order.
pub fn confusion_order(report: &ClassificationReport) -> Vec<usize> {
    let k = report.confusion.len();
    let c = &report.confusion;
    let sym = |i: usize, j: usize| -> usize {
        if i == j {
            0
        } else {
            c[i][j] + c[j][i]
        }
    };
    let mass: Vec<usize> = (0..k).map(|i| (0..k).map(|j| sym(i, j)).sum()).collect();

    let mut placed = vec![false; k];
    let mut order = Vec::with_capacity(k);
    // Link from each unplaced label to the current cluster.
    let mut link = vec![0usize; k];
    while order.len() < k {
        let last = order.last().copied();
        let best = (0..k)
            .filter(|&i| !placed[i] && link[i] > 0)
            .max_by(|&a, &b| {
                let la = last.map_or(0, |l| sym(a, l));
                let lb = last.map_or(0, |l| sym(b, l));
                (link[a], la, mass[a], std::cmp::Reverse(a)).cmp(&(
                    link[b],
                    lb,
                    mass[b],
                    std::cmp::Reverse(b),
                ))
            });
        let next = match best {
            Some(i) => i,
            None => {
                // Start a new cluster.
                link.iter_mut().for_each(|l| *l = 0);
                (0..k)
                    .filter(|&i| !placed[i])
                    .max_by(|&a, &b| {
                        (mass[a], std::cmp::Reverse(a)).cmp(&(mass[b], std::cmp::Reverse(b)))
                    })
                    .expect("an unplaced label remains")
            }
        };
        placed[next] = true;
        order.push(next);
        for (j, l) in link.iter_mut().enumerate() {
            if !placed[j] {
                *l += sym(next, j);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Fixture with a label never predicted ("d") and a label with no
    /// support ("e").
    ///
    /// gold: a a a b b c c d
    /// pred: a a b b c c c e
    fn fixture() -> ClassificationReport {
        classification_report(
            &["a", "a", "a", "b", "b", "c", "c", "d"],
            &["a", "a", "b", "b", "c", "c", "c", "e"],
        )
    }

    #[test]
    fn hand_computed_fixture() {
        let r = fixture();
        assert_eq!(r.labels, vec!["a", "b", "c", "d", "e"]);
        assert_eq!(r.n, 8);
        //            pred: a  b  c  d  e
        let expected = vec![
            vec![2, 1, 0, 0, 0], // gold a
            vec![0, 1, 1, 0, 0], // gold b
            vec![0, 0, 2, 0, 0], // gold c
            vec![0, 0, 0, 0, 1], // gold d
            vec![0, 0, 0, 0, 0], // gold e
        ];
        assert_eq!(r.confusion, expected);
        // accuracy = diagonal / n = (2 + 1 + 2) / 8 = 0.625
        assert!(close(r.accuracy, 0.625));

        // a: tp 2, predicted 2, support 3 -> P = 1, R = 2/3,
        //    F1 = 2*2 / (2*2 + fp 0 + fn 1) = 4/5
        // b: tp 1, predicted 2, support 2 -> P = 1/2, R = 1/2, F1 = 2/(2+1+1) = 1/2
        // c: tp 2, predicted 3, support 2 -> P = 2/3, R = 1, F1 = 4/(4+1+0) = 4/5
        // d: never predicted -> P = 0 (zero_division), R = 0/1 = 0, F1 = 0
        // e: no support      -> P = 0/1 = 0, R = 0 (zero_division), F1 = 0/(0+1+0) = 0
        let want = [
            ("a", 1.0, 2.0 / 3.0, 0.8, 3, 2),
            ("b", 0.5, 0.5, 0.5, 2, 2),
            ("c", 2.0 / 3.0, 1.0, 0.8, 2, 3),
            ("d", 0.0, 0.0, 0.0, 1, 0),
            ("e", 0.0, 0.0, 0.0, 0, 1),
        ];
        for (c, (label, p, rc, f1, sup, pred)) in r.per_class.iter().zip(want) {
            assert_eq!(c.label, label);
            assert!(close(c.precision, p), "{label} precision {}", c.precision);
            assert!(close(c.recall, rc), "{label} recall {}", c.recall);
            assert!(close(c.f1, f1), "{label} f1 {}", c.f1);
            assert_eq!(c.support, sup);
            assert_eq!(c.predicted, pred);
        }
        // macro P = (1 + 1/2 + 2/3 + 0 + 0) / 5 = (13/6) / 5 = 13/30
        assert!(close(r.macro_precision, 13.0 / 30.0));
        // macro R = (2/3 + 1/2 + 1 + 0 + 0) / 5 = 13/30
        assert!(close(r.macro_recall, 13.0 / 30.0));
        // macro F1 = (0.8 + 0.5 + 0.8 + 0 + 0) / 5 = 2.1 / 5 = 0.42
        assert!(close(r.macro_f1, 0.42));
        // weighted F1 = (3*0.8 + 2*0.5 + 2*0.8 + 1*0 + 0*0) / 8 = 5/8
        assert!(close(r.weighted_f1, 0.625));

        assert_eq!(r.class("a").unwrap().confused_with, vec![("b".into(), 1)]);
        assert_eq!(r.class("b").unwrap().confused_with, vec![("c".into(), 1)]);
        assert!(r.class("c").unwrap().confused_with.is_empty());
        assert_eq!(r.class("d").unwrap().confused_with, vec![("e".into(), 1)]);
        assert!(r.class("e").unwrap().confused_with.is_empty());
        assert!(r.class("zzz").is_none());
    }

    #[test]
    fn confused_with_keeps_top_three_most_first() {
        // gold x predicted as: y y y, z z, w, v v, x
        let gold = ["x"; 9];
        let pred = ["y", "y", "y", "z", "z", "w", "v", "v", "x"];
        let r = classification_report(&gold, &pred);
        // counts: y 3, v 2, z 2, w 1 -> top 3 = y, then v before z (label tie-break)
        assert_eq!(
            r.class("x").unwrap().confused_with,
            vec![("y".into(), 3), ("v".into(), 2), ("z".into(), 2)]
        );
        // x: tp 1, support 9 -> recall 1/9; predicted 1 -> precision 1
        assert!(close(r.class("x").unwrap().recall, 1.0 / 9.0));
        assert!(close(r.class("x").unwrap().precision, 1.0));
    }

    #[test]
    fn empty_input() {
        let r = classification_report(&[], &[]);
        assert_eq!(r.n, 0);
        assert!(r.labels.is_empty() && r.per_class.is_empty() && r.confusion.is_empty());
        for v in [
            r.accuracy,
            r.macro_f1,
            r.weighted_f1,
            r.macro_precision,
            r.macro_recall,
        ] {
            assert_eq!(v, 0.0);
        }
        assert!(confusion_order(&r).is_empty());
        // Serialises without NaN.
        let json = serde_json::to_string(&r).unwrap();
        let back: ClassificationReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn all_one_class() {
        let r = classification_report(&["a", "a", "a"], &["a", "a", "a"]);
        assert_eq!(r.labels, vec!["a"]);
        assert_eq!(r.confusion, vec![vec![3]]);
        for v in [
            r.accuracy,
            r.macro_f1,
            r.weighted_f1,
            r.macro_precision,
            r.macro_recall,
        ] {
            assert!(close(v, 1.0));
        }
        // All gold "a", all predicted "b": labels {a, b}, everything 0.
        let r = classification_report(&["a", "a"], &["b", "b"]);
        assert_eq!(r.confusion, vec![vec![0, 2], vec![0, 0]]);
        assert_eq!(r.accuracy, 0.0);
        assert_eq!(r.macro_f1, 0.0);
        assert_eq!(r.weighted_f1, 0.0);
        assert_eq!(r.class("b").unwrap().support, 0);
        assert_eq!(r.class("a").unwrap().predicted, 0);
    }

    #[test]
    fn length_mismatch_truncates() {
        let r = classification_report(&["a", "b", "c"], &["a", "b"]);
        assert_eq!(r.n, 2);
        assert_eq!(r.labels, vec!["a", "b"]);
        assert!(close(r.accuracy, 1.0));
    }

    #[test]
    fn owned_strings() {
        let gold: Vec<String> = vec!["a".into(), "b".into()];
        let pred: Vec<String> = vec!["a".into(), "a".into()];
        let r = classification_report_from(&gold, &pred);
        // a: tp 1, predicted 2, support 1 -> P 1/2, R 1, F1 2/(2+1+0) = 2/3
        assert!(close(r.class("a").unwrap().f1, 2.0 / 3.0));
        assert!(close(r.accuracy, 0.5));
    }

    #[test]
    fn confusion_order_fixture() {
        // Symmetric off-diagonal mass: a-b 1, b-c 1, d-e 1.
        // Totals: a 1, b 2, c 1, d 1, e 1 -> start with b (index 1);
        // a and c tie on link to {b} -> lower index a; then c (link 1 to {b, a});
        // nothing left links to {b, a, c} -> new cluster d (tie with e, lower
        // index), then e.
        let r = fixture();
        assert_eq!(confusion_order(&r), vec![1, 0, 2, 3, 4]);
        let (labels, m) = r.permuted(&confusion_order(&r));
        assert_eq!(labels, vec!["b", "a", "c", "d", "e"]);
        assert_eq!(m[0], vec![1, 0, 1, 0, 0]); // gold b over pred b a c d e
    }

    #[test]
    fn confusion_order_clusters_blocks() {
        // Two confusion groups {p, q, r} and {x, y}, plus a clean label "m".
        let mut gold = Vec::new();
        let mut pred = Vec::new();
        let mut add = |g: &'static str, p: &'static str, k: usize| {
            for _ in 0..k {
                gold.push(g);
                pred.push(p);
            }
        };
        for l in ["m", "p", "q", "r", "x", "y"] {
            add(l, l, 10);
        }
        add("p", "q", 5);
        add("q", "r", 3);
        add("r", "p", 1);
        add("x", "y", 2);
        let r = classification_report(&gold, &pred);
        let order = confusion_order(&r);
        let names: Vec<&str> = order.iter().map(|&i| r.labels[i].as_str()).collect();
        // mass: p 6, q 8, r 4, x 2, y 2, m 0 -> q first; then p (link 5),
        // then r (link 3 + 1); new cluster x (tie with y), y; then m.
        assert_eq!(names, vec!["q", "p", "r", "x", "y", "m"]);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..6).collect::<Vec<_>>());
    }

    // ---------------------------------------------------------------
    // Cross-check against scikit-learn. The expected numbers below came
    // from scikit-learn 1.x (1.9.1, numpy 2.4.6): accuracy_score,
    // precision_recall_fscore_support(labels=unique_labels(gold, pred),
    // average=None / 'macro' / 'weighted', zero_division=0) and
    // confusion_matrix, on fixtures drawn with numpy default_rng(20240611).
    // ---------------------------------------------------------------

    struct SkFixture {
        gold: &'static [&'static str],
        pred: &'static [&'static str],
        labels: &'static [&'static str],
        accuracy: f64,
        macro_p: f64,
        macro_r: f64,
        macro_f1: f64,
        weighted_f1: f64,
        precision: &'static [f64],
        recall: &'static [f64],
        f1: &'static [f64],
        support: &'static [usize],
        confusion: &'static [&'static [usize]],
    }

    fn check_sklearn(fx: &SkFixture) {
        let r = classification_report(fx.gold, fx.pred);
        assert_eq!(r.labels, fx.labels);
        let tol = 1e-12;
        assert!((r.accuracy - fx.accuracy).abs() < tol);
        assert!((r.macro_precision - fx.macro_p).abs() < tol);
        assert!((r.macro_recall - fx.macro_r).abs() < tol);
        assert!((r.macro_f1 - fx.macro_f1).abs() < tol);
        assert!((r.weighted_f1 - fx.weighted_f1).abs() < tol);
        for (i, c) in r.per_class.iter().enumerate() {
            assert!((c.precision - fx.precision[i]).abs() < tol, "{}", c.label);
            assert!((c.recall - fx.recall[i]).abs() < tol, "{}", c.label);
            assert!((c.f1 - fx.f1[i]).abs() < tol, "{}", c.label);
            assert_eq!(c.support, fx.support[i]);
        }
        let conf: Vec<Vec<usize>> = fx.confusion.iter().map(|r| r.to_vec()).collect();
        assert_eq!(r.confusion, conf);
    }

    #[test]
    fn sklearn_random_4_labels() {
        check_sklearn(&SkFixture {
            gold: &[
                "cancel", "billing", "refund", "shipping", "cancel", "refund", "shipping",
                "shipping", "billing", "cancel", "shipping", "billing", "shipping", "shipping",
                "billing", "refund", "billing", "shipping", "cancel", "refund", "cancel",
                "billing", "shipping", "refund", "shipping", "refund", "shipping", "shipping",
                "cancel", "cancel",
            ],
            pred: &[
                "billing", "cancel", "refund", "shipping", "refund", "refund", "refund", "cancel",
                "cancel", "cancel", "cancel", "billing", "shipping", "billing", "billing",
                "refund", "billing", "billing", "cancel", "refund", "cancel", "billing",
                "shipping", "refund", "shipping", "refund", "refund", "cancel", "refund",
                "shipping",
            ],
            labels: &["billing", "cancel", "refund", "shipping"],
            accuracy: 0.5666666666666667,
            macro_p: 0.5866071428571429,
            macro_r: 0.6147186147186147,
            macro_f1: 0.5663461538461538,
            weighted_f1: 0.5497435897435897,
            precision: &[0.5714285714285714, 0.375, 0.6, 0.8],
            recall: &[
                0.6666666666666666,
                0.42857142857142855,
                1.0,
                0.36363636363636365,
            ],
            f1: &[0.6153846153846154, 0.4, 0.75, 0.5],
            support: &[6, 7, 6, 11],
            confusion: &[&[4, 2, 0, 0], &[1, 3, 2, 1], &[0, 0, 6, 0], &[2, 3, 2, 4]],
        });
    }

    #[test]
    fn sklearn_never_predicted_and_no_support() {
        check_sklearn(&SkFixture {
            gold: &[
                "oos",
                "billing",
                "billing",
                "track_order",
                "billing",
                "account",
                "account",
                "refund",
                "account",
                "account",
                "refund",
                "track_order",
                "refund",
                "account",
                "billing",
                "oos",
                "oos",
                "oos",
                "track_order",
                "account",
                "track_order",
                "refund",
                "account",
                "oos",
                "refund",
                "track_order",
                "account",
                "oos",
                "refund",
                "account",
                "oos",
                "oos",
                "billing",
                "billing",
                "refund",
                "refund",
                "oos",
                "refund",
                "refund",
                "refund",
            ],
            pred: &[
                "track_order",
                "track_order",
                "billing",
                "track_order",
                "billing",
                "account",
                "greeting",
                "refund",
                "account",
                "account",
                "refund",
                "refund",
                "refund",
                "account",
                "billing",
                "greeting",
                "refund",
                "billing",
                "billing",
                "account",
                "refund",
                "billing",
                "account",
                "account",
                "refund",
                "track_order",
                "billing",
                "greeting",
                "greeting",
                "billing",
                "account",
                "billing",
                "billing",
                "billing",
                "refund",
                "track_order",
                "account",
                "track_order",
                "refund",
                "track_order",
            ],
            labels: &[
                "account",
                "billing",
                "greeting",
                "oos",
                "refund",
                "track_order",
            ],
            accuracy: 0.475,
            macro_p: 0.3455988455988455,
            macro_r: 0.40757575757575754,
            macro_f1: 0.3647058823529412,
            weighted_f1: 0.44490196078431377,
            precision: &[
                0.6666666666666666,
                0.45454545454545453,
                0.0,
                0.0,
                0.6666666666666666,
                0.2857142857142857,
            ],
            recall: &[
                0.6666666666666666,
                0.8333333333333334,
                0.0,
                0.0,
                0.5454545454545454,
                0.4,
            ],
            f1: &[
                0.6666666666666666,
                0.5882352941176471,
                0.0,
                0.0,
                0.6,
                0.3333333333333333,
            ],
            support: &[9, 6, 0, 9, 11, 5],
            confusion: &[
                &[6, 2, 1, 0, 0, 0],
                &[0, 5, 0, 0, 0, 1],
                &[0, 0, 0, 0, 0, 0],
                &[3, 2, 2, 0, 1, 1],
                &[0, 1, 1, 0, 6, 3],
                &[0, 1, 0, 0, 2, 2],
            ],
        });
    }

    #[test]
    fn sklearn_random_6_labels_noisy() {
        check_sklearn(&SkFixture {
            gold: &[
                "d", "a", "b", "e", "d", "d", "c", "e", "e", "b", "e", "a", "d", "a", "b", "a",
                "a", "a", "e", "c", "c", "c", "d", "a", "b", "a", "c", "f", "d", "d", "b", "b",
                "b", "e", "a", "f", "d", "d", "b", "b", "e", "e", "d", "e", "f", "d", "f", "f",
                "d", "c",
            ],
            pred: &[
                "d", "e", "e", "e", "d", "c", "c", "a", "e", "e", "d", "d", "e", "a", "b", "a",
                "a", "d", "a", "c", "d", "c", "d", "a", "b", "a", "b", "c", "d", "d", "b", "e",
                "a", "e", "a", "e", "c", "a", "b", "a", "b", "e", "c", "d", "e", "b", "d", "b",
                "d", "a",
            ],
            labels: &["a", "b", "c", "d", "e", "f"],
            accuracy: 0.46,
            macro_p: 0.382034632034632,
            macro_r: 0.4259259259259259,
            macro_f1: 0.40059254471019173,
            weighted_f1: 0.4349476405946994,
            precision: &[0.5, 0.5, 0.42857142857142855, 0.5, 0.36363636363636365, 0.0],
            recall: &[
                0.6666666666666666,
                0.4444444444444444,
                0.5,
                0.5,
                0.4444444444444444,
                0.0,
            ],
            f1: &[
                0.5714285714285714,
                0.47058823529411764,
                0.46153846153846156,
                0.5,
                0.4,
                0.0,
            ],
            support: &[9, 9, 6, 12, 9, 5],
            confusion: &[
                &[6, 0, 0, 2, 1, 0],
                &[2, 4, 0, 0, 3, 0],
                &[1, 1, 3, 1, 0, 0],
                &[1, 1, 3, 6, 1, 0],
                &[2, 1, 0, 2, 4, 0],
                &[0, 1, 1, 1, 2, 0],
            ],
        });
    }
}
