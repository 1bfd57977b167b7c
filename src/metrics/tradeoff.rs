//! The answer-or-hand-over trade-off: how many messages the bot answers on
//! its own (automation rate) against how often those answers are wrong
//! (bot error rate).
//!
//! Rule: the bot answers a message when
//! `confidence >= conf_threshold && margin >= margin_threshold && !oos_flag`
//! (NaN confidences or margins never pass). Then
//!
//! * `automation = answered / n` (`n` = all items, flagged ones included),
//! * `error_rate = wrong / answered`, `0.0` when nothing is answered,
//! * an answered item is wrong unless `correct && in_scope` (an answered
//!   out-of-scope message is always an error, even if `correct` was set).
//!
//! All functions are O((n + grid) log n) per margin value, so searching over
//! every distinct confidence is cheap.
//!
//! [`choose_thresholds`] turns the search into the decision thresholds, the
//! one choice `triage train` and `triage eval` share (per group, e.g. per
//! language: [`choose_thresholds_per_group`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ratio;

/// One scored message.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Top intent probability (after calibration, ideally).
    pub confidence: f64,
    /// Top-1 minus top-2 probability.
    pub margin: f64,
    /// The bot's top intent equals gold and gold is in scope.
    pub correct: bool,
    /// Gold is an in-scope intent.
    pub in_scope: bool,
    /// The out-of-scope detector fired (the bot hands over regardless).
    pub oos_flag: bool,
}

/// Outcome of one (confidence, margin) threshold pair.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct OperatingPoint {
    pub conf_threshold: f64,
    pub margin_threshold: f64,
    /// answered / n; `0.0` for empty input.
    pub automation: f64,
    /// wrong / answered; `0.0` when nothing is answered.
    pub error_rate: f64,
    pub answered: usize,
    pub wrong: usize,
    /// Total number of items (denominator of `automation`).
    pub n: usize,
    /// Answered items whose gold is out of scope (a subset of `wrong`).
    pub answered_oos: usize,
}

/// Margin grid searched by [`recommend`].
pub const MARGIN_GRID: [f64; 7] = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3];

/// Default confidence grid `0.00, 0.01, ..., 1.00` (added to the distinct
/// confidences by [`recommend`]).
pub fn default_conf_grid() -> Vec<f64> {
    (0..=100).map(|i| i as f64 / 100.0).collect()
}

/// Items eligible under one margin threshold, sorted by confidence, with
/// suffix counts so that any confidence threshold is answered in O(log n).
struct MarginSlice {
    n: usize,
    margin: f64,
    /// Confidences ascending.
    conf: Vec<f64>,
    /// `wrong_from[i]` = wrong items among `conf[i..]`; len = conf.len() + 1.
    wrong_from: Vec<usize>,
    oos_from: Vec<usize>,
}

impl MarginSlice {
    fn new(items: &[Scored], margin: f64) -> Self {
        let mut v: Vec<(f64, bool, bool)> = items
            .iter()
            .filter(|s| !s.oos_flag && !s.confidence.is_nan() && s.margin >= margin)
            .map(|s| (s.confidence, !(s.correct && s.in_scope), !s.in_scope))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut wrong_from = vec![0; v.len() + 1];
        let mut oos_from = vec![0; v.len() + 1];
        for i in (0..v.len()).rev() {
            wrong_from[i] = wrong_from[i + 1] + usize::from(v[i].1);
            oos_from[i] = oos_from[i + 1] + usize::from(v[i].2);
        }
        MarginSlice {
            n: items.len(),
            margin,
            conf: v.into_iter().map(|x| x.0).collect(),
            wrong_from,
            oos_from,
        }
    }

    fn point(&self, c: f64) -> OperatingPoint {
        // First index with conf >= c (NaN threshold answers nothing).
        let start = if c.is_nan() {
            self.conf.len()
        } else {
            self.conf.partition_point(|&x| x < c)
        };
        let answered = self.conf.len() - start;
        let wrong = self.wrong_from[start];
        OperatingPoint {
            conf_threshold: c,
            margin_threshold: self.margin,
            automation: ratio(answered, self.n),
            error_rate: ratio(wrong, answered),
            answered,
            wrong,
            n: self.n,
            answered_oos: self.oos_from[start],
        }
    }
}

/// Every combination of `conf_grid` × `margin_grid`, confidence-major
/// (`for c in conf_grid { for m in margin_grid { .. } }`), in the given
/// order. Empty items give points with all rates `0.0`.
pub fn sweep(items: &[Scored], conf_grid: &[f64], margin_grid: &[f64]) -> Vec<OperatingPoint> {
    let slices: Vec<MarginSlice> = margin_grid
        .iter()
        .map(|&m| MarginSlice::new(items, m))
        .collect();
    conf_grid
        .iter()
        .flat_map(|&c| slices.iter().map(move |s| s.point(c)))
        .collect()
}

/// Distinct non-NaN confidence values, ascending.
fn distinct_confidences(items: &[Scored]) -> Vec<f64> {
    let mut v: Vec<f64> = items
        .iter()
        .map(|s| s.confidence)
        .filter(|c| !c.is_nan())
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v.dedup_by(|a, b| a == b);
    v
}

/// The operating point with the highest automation whose error rate is at
/// most `target_error`.
///
/// Searches confidence thresholds over the distinct confidences plus
/// [`default_conf_grid`], and margins over [`MARGIN_GRID`]. Ties in
/// automation go to the lower error rate (same coverage, fewer mistakes),
/// then to the higher confidence threshold, then to the higher margin
/// threshold.
///
/// `None` for empty input, for a NaN target, or when no point that answers
/// at least one message meets the target (answering nothing always meets
/// it trivially; the caller should then hand everything over).
pub fn recommend(items: &[Scored], target_error: f64) -> Option<OperatingPoint> {
    if items.is_empty() || target_error.is_nan() {
        return None;
    }
    let mut grid = distinct_confidences(items);
    grid.extend(default_conf_grid());
    grid.sort_by(|a, b| a.total_cmp(b));
    grid.dedup_by(|a, b| a == b);

    let mut best: Option<OperatingPoint> = None;
    for &m in &MARGIN_GRID {
        let slice = MarginSlice::new(items, m);
        for &c in &grid {
            let p = slice.point(c);
            if p.answered == 0 || p.error_rate > target_error {
                continue;
            }
            let better = match &best {
                None => true,
                Some(b) => {
                    (
                        p.answered,
                        b.error_rate,
                        p.conf_threshold,
                        p.margin_threshold,
                    )
                        .partial_cmp(&(
                            b.answered,
                            p.error_rate,
                            b.conf_threshold,
                            b.margin_threshold,
                        ))
                        == Some(std::cmp::Ordering::Greater)
                }
            };
            if better {
                best = Some(p);
            }
        }
    }
    best
}

/// Automation vs error curve for plotting: margin threshold 0, one point
/// per distinct confidence value, thresholds ascending (so automation is
/// non-increasing along the curve). Empty input gives an empty curve.
pub fn curve(items: &[Scored]) -> Vec<OperatingPoint> {
    let slice = MarginSlice::new(items, 0.0);
    distinct_confidences(items)
        .into_iter()
        .map(|c| slice.point(c))
        .collect()
}

/// Decision thresholds chosen for a target bot error, with the operating points behind them:
/// what `triage train` stores in the manifest and `triage eval` recommends. Plain numbers; the
/// model's `Thresholds` are built from it one layer up (`model::manifest`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenThresholds {
    /// Below this confidence the bot does not answer.
    pub confidence: f32,
    /// At or above this the confidence band is "high" (chosen at half the target error).
    pub high_confidence: f32,
    /// Below this top-1 − top-2 gap the message is ambiguous.
    pub margin: f32,
    /// The point behind `confidence` and `margin` (`None`: nothing meets the target).
    pub recommended: Option<OperatingPoint>,
    /// The point behind `high_confidence` (half the target error).
    pub recommended_high: Option<OperatingPoint>,
}

/// How `triage train` (and `triage eval`) picks thresholds on scored validation messages: the
/// most automation within `target_error` ([`recommend`]), the margin widened for clarify where
/// that costs at most one point of automation, and `high_confidence` at half the target.
/// Defaults (0.5 / 0.8 / 0.1) when nothing meets the target.
pub fn choose_thresholds(scored: &[Scored], target_error: f64) -> ChosenThresholds {
    choose_thresholds_at(scored, target_error, target_error / 2.0)
}

/// [`choose_thresholds`] with the high band at `high_error` instead of half the target.
pub fn choose_thresholds_at(
    scored: &[Scored],
    target_error: f64,
    high_error: f64,
) -> ChosenThresholds {
    let rec = recommend(scored, target_error).map(|best| widen_margin(scored, best, target_error));
    let rec_high = recommend(scored, high_error);
    let confidence = rec.as_ref().map(|p| p.conf_threshold as f32).unwrap_or(0.5);
    ChosenThresholds {
        confidence,
        high_confidence: rec_high
            .as_ref()
            .map(|p| p.conf_threshold as f32)
            .unwrap_or(0.8)
            .max(confidence),
        margin: rec
            .as_ref()
            .map(|p| p.margin_threshold as f32)
            .unwrap_or(0.1),
        recommended: rec,
        recommended_high: rec_high,
    }
}

/// Fewest messages of a group (a language) for it to get its own thresholds: a 2% error target
/// is judged on the answered messages, and fewer than this leaves a handful of errors.
pub const MIN_THRESHOLD_ROWS: usize = 100;

/// The scored messages of one group (`keys[i]` is `scored[i]`'s group).
pub fn scored_in<K: PartialEq>(scored: &[Scored], keys: &[K], key: &K) -> Vec<Scored> {
    scored
        .iter()
        .zip(keys)
        .filter(|(_, k)| *k == key)
        .map(|(s, _)| *s)
        .collect()
}

/// [`choose_thresholds`] on each group's messages separately (`keys[i]` is the group, e.g. the
/// language, of `scored[i]`), for every group with at least [`MIN_THRESHOLD_ROWS`] messages
/// when there is more than one group; empty for data in one group. In key order.
pub fn choose_thresholds_per_group<K: Ord + Copy>(
    scored: &[Scored],
    keys: &[K],
    target_error: f64,
) -> Vec<(K, ChosenThresholds)> {
    choose_thresholds_per_group_at(scored, keys, target_error, target_error / 2.0)
}

/// [`choose_thresholds_per_group`] with the high band at `high_error`.
pub fn choose_thresholds_per_group_at<K: Ord + Copy>(
    scored: &[Scored],
    keys: &[K],
    target_error: f64,
    high_error: f64,
) -> Vec<(K, ChosenThresholds)> {
    let mut counts: BTreeMap<K, usize> = BTreeMap::new();
    for &k in keys {
        *counts.entry(k).or_insert(0) += 1;
    }
    if counts.len() < 2 {
        return Vec::new();
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= MIN_THRESHOLD_ROWS)
        .map(|(k, _)| {
            let subset = scored_in(scored, keys, &k);
            (k, choose_thresholds_at(&subset, target_error, high_error))
        })
        .collect()
}

/// Clarify needs an ambiguity gap: take the widest margin threshold that still meets the error
/// target and costs at most one point of automation against the best operating point.
fn widen_margin(items: &[Scored], best: OperatingPoint, target: f64) -> OperatingPoint {
    let mut confs: Vec<f64> = items.iter().map(|i| i.confidence).collect();
    confs.extend((0..=100).map(|i| i as f64 / 100.0));
    confs.sort_by(|a, b| a.total_cmp(b));
    confs.dedup();
    for &m in MARGIN_GRID.iter().rev() {
        let found = sweep(items, &confs, &[m])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn s(confidence: f64, margin: f64, correct: bool, in_scope: bool, oos_flag: bool) -> Scored {
        Scored {
            confidence,
            margin,
            correct,
            in_scope,
            oos_flag,
        }
    }

    /// #  conf  margin correct in_scope oos_flag
    /// 1  0.95  0.5    T       T        F
    /// 2  0.90  0.4    T       T        F
    /// 3  0.80  0.01   F       T        F   (wrong, tiny margin)
    /// 4  0.70  0.3    T       T        F
    /// 5  0.60  0.2    F       F        F   (OOS, not flagged -> wrong if answered)
    /// 6  0.50  0.1    F       F        T   (OOS, flagged -> never answered)
    /// 7  0.40  0.05   F       T        F   (wrong)
    /// 8  0.30  0.3    T       T        F
    fn fixture() -> Vec<Scored> {
        vec![
            s(0.95, 0.5, true, true, false),
            s(0.90, 0.4, true, true, false),
            s(0.80, 0.01, false, true, false),
            s(0.70, 0.3, true, true, false),
            s(0.60, 0.2, false, false, false),
            s(0.50, 0.1, false, false, true),
            s(0.40, 0.05, false, true, false),
            s(0.30, 0.3, true, true, false),
        ]
    }

    #[test]
    fn sweep_by_hand() {
        let items = fixture();
        let pts = sweep(&items, &[0.0, 0.7], &[0.0, 0.02]);
        assert_eq!(pts.len(), 4);
        // c 0.0, m 0: all but #6 -> answered 7, wrong {3,5,7} = 3
        //   automation 7/8 = 0.875, error 3/7, answered_oos 1 (#5)
        let p = &pts[0];
        assert_eq!((p.answered, p.wrong, p.n, p.answered_oos), (7, 3, 8, 1));
        assert!(close(p.automation, 0.875) && close(p.error_rate, 3.0 / 7.0));
        // c 0.0, m 0.02: drops #3 -> answered 6, wrong {5,7} = 2 -> 6/8, 1/3
        let p = &pts[1];
        assert_eq!((p.answered, p.wrong), (6, 2));
        assert!(close(p.automation, 0.75) && close(p.error_rate, 1.0 / 3.0));
        // c 0.7, m 0: {1,2,3,4} -> answered 4, wrong 1 -> 0.5, 0.25
        let p = &pts[2];
        assert_eq!((p.conf_threshold, p.margin_threshold), (0.7, 0.0));
        assert_eq!((p.answered, p.wrong), (4, 1));
        assert!(close(p.automation, 0.5) && close(p.error_rate, 0.25));
        // c 0.7, m 0.02: {1,2,4} -> 3/8 = 0.375, error 0
        let p = &pts[3];
        assert_eq!((p.answered, p.wrong), (3, 0));
        assert!(close(p.automation, 0.375) && p.error_rate == 0.0);
    }

    #[test]
    fn recommend_by_hand() {
        let items = fixture();
        // target 0: must exclude wrong #3 (m .01), #5 (c .6, m .2), #7 (c .4, m .05).
        // Margin 0.3 excludes all three and keeps {1,2,4,8} (margins .5 .4 .3 .3):
        // 4 answered, 0 wrong. Any c <= 0.3 works -> highest is 0.3.
        let p = recommend(&items, 0.0).unwrap();
        assert_eq!((p.conf_threshold, p.margin_threshold), (0.3, 0.3));
        assert_eq!((p.answered, p.wrong), (4, 0));
        assert!(close(p.automation, 0.5));

        // target 0.25: 6 answered would keep >= 2 of the 3 wrong (2/6 > .25);
        // 5 answered with 1 wrong (0.2) is possible with m in {0.1, 0.15, 0.2}
        // and c <= 0.3 -> {1,2,4,5,8}. Tie -> c 0.3, then m 0.2.
        let p = recommend(&items, 0.25).unwrap();
        assert_eq!((p.conf_threshold, p.margin_threshold), (0.3, 0.2));
        assert_eq!((p.answered, p.wrong, p.answered_oos), (5, 1, 1));
        assert!(close(p.automation, 0.625) && close(p.error_rate, 0.2));

        // target 1: answer all 7 answerable (needs m <= 0.01 -> 0, c <= 0.3).
        let p = recommend(&items, 1.0).unwrap();
        assert_eq!((p.conf_threshold, p.margin_threshold), (0.3, 0.0));
        assert_eq!((p.answered, p.wrong), (7, 3));
    }

    #[test]
    fn recommend_prefers_lower_error_on_equal_automation() {
        // #  conf margin correct
        // a  0.90 0.05   F
        // b  0.80 0.5    T
        // c  0.60 0.5    T
        // w1 0.70 0.05   F
        // w2 0.65 0.05   F
        // Target 0.5. Three or more answered always includes >= 2 of a/w1/w2
        // unless the margin is >= 0.1, which leaves at most {b, c}. So the
        // best automation is 2/5, reached by {a, b} (c 0.8, m <= 0.05,
        // error 1/2) and by {b, c} (c <= 0.6, m >= 0.1, error 0). Equal
        // automation -> the lower error wins although its confidence
        // threshold is lower; then highest c (0.6) and m (0.3).
        let items = vec![
            s(0.9, 0.05, false, true, false),
            s(0.8, 0.5, true, true, false),
            s(0.6, 0.5, true, true, false),
            s(0.7, 0.05, false, true, false),
            s(0.65, 0.05, false, true, false),
        ];
        let p = recommend(&items, 0.5).unwrap();
        assert_eq!((p.answered, p.wrong), (2, 0));
        assert_eq!((p.conf_threshold, p.margin_threshold), (0.6, 0.3));
    }

    #[test]
    fn edge_cases() {
        assert!(recommend(&[], 0.1).is_none());
        assert!(curve(&[]).is_empty());
        let pts = sweep(&[], &[0.5], &[0.0]);
        assert_eq!(pts.len(), 1);
        assert_eq!((pts[0].automation, pts[0].error_rate), (0.0, 0.0));
        // All wrong: no point answering something has error <= 0.
        let bad = vec![s(0.9, 0.5, false, true, false); 3];
        assert!(recommend(&bad, 0.0).is_none());
        assert!(recommend(&fixture(), f64::NAN).is_none());
        // All flagged: nothing is ever answered.
        let flagged = vec![s(0.9, 0.5, true, true, true); 2];
        assert!(recommend(&flagged, 1.0).is_none());
        assert!(curve(&flagged).iter().all(|p| p.answered == 0));
        // correct but out of scope counts as wrong.
        let p = sweep(&[s(0.9, 0.5, true, false, false)], &[0.0], &[0.0]);
        assert_eq!(p[0].wrong, 1);
        // NaN confidence / margin / threshold never answer.
        let items = vec![
            s(f64::NAN, 0.5, true, true, false),
            s(0.5, f64::NAN, true, true, false),
        ];
        let p = sweep(&items, &[0.0, f64::NAN], &[0.0, f64::NAN]);
        assert!(p.iter().all(|p| p.answered == 0));
        assert!(p.iter().all(|p| p.automation == 0.0 && p.error_rate == 0.0));
        // Finite thresholds serialise without nulls and round-trip.
        let p = sweep(&fixture(), &[0.5], &[0.1]);
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("null"));
        let back: Vec<OperatingPoint> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn curve_by_hand() {
        let c = curve(&fixture());
        // thresholds 0.3 0.4 0.5 0.6 0.7 0.8 0.9 0.95
        // answered    7   6   5   5   4   3   2   1    (#6 flagged never counts)
        // wrong       3   3   2   2   1   1   0   0
        let th: Vec<f64> = c.iter().map(|p| p.conf_threshold).collect();
        assert_eq!(th, vec![0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]);
        let answered: Vec<usize> = c.iter().map(|p| p.answered).collect();
        assert_eq!(answered, vec![7, 6, 5, 5, 4, 3, 2, 1]);
        let wrong: Vec<usize> = c.iter().map(|p| p.wrong).collect();
        assert_eq!(wrong, vec![3, 3, 2, 2, 1, 1, 0, 0]);
        assert!(c.iter().all(|p| p.margin_threshold == 0.0));
    }

    /// Tiny deterministic LCG.
    struct Lcg(u64);
    impl Lcg {
        fn uniform(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn fast_sweep_matches_brute_force() {
        let mut rng = Lcg(7);
        let items: Vec<Scored> = (0..300)
            .map(|_| {
                // Quantised to create ties with the grid.
                let conf = (rng.uniform() * 20.0).floor() / 20.0;
                let margin = (rng.uniform() * 10.0).floor() / 20.0;
                let in_scope = rng.uniform() < 0.85;
                s(
                    conf,
                    margin,
                    in_scope && rng.uniform() < conf,
                    in_scope,
                    rng.uniform() < 0.1,
                )
            })
            .collect();
        let conf_grid = default_conf_grid();
        let pts = sweep(&items, &conf_grid, &MARGIN_GRID);
        assert_eq!(pts.len(), conf_grid.len() * MARGIN_GRID.len());
        for p in &pts {
            let ans: Vec<&Scored> = items
                .iter()
                .filter(|x| {
                    x.confidence >= p.conf_threshold
                        && x.margin >= p.margin_threshold
                        && !x.oos_flag
                })
                .collect();
            let wrong = ans.iter().filter(|x| !(x.correct && x.in_scope)).count();
            assert_eq!((p.answered, p.wrong), (ans.len(), wrong), "{p:?}");
        }
        // recommend() is the best feasible point of the brute-force search
        // (confidences are multiples of 0.05, so the default grid covers
        // every distinct confidence), with the documented tie-breaks.
        for target in [0.0, 0.05, 0.1, 0.2, 0.5, 1.0] {
            let want = pts
                .iter()
                .filter(|p| p.answered > 0 && p.error_rate <= target)
                .max_by(|a, b| {
                    (
                        a.answered,
                        b.error_rate,
                        a.conf_threshold,
                        a.margin_threshold,
                    )
                        .partial_cmp(&(
                            b.answered,
                            a.error_rate,
                            b.conf_threshold,
                            b.margin_threshold,
                        ))
                        .unwrap()
                });
            assert_eq!(recommend(&items, target).as_ref(), want, "target {target}");
        }
    }

    #[test]
    fn thresholds_are_chosen_for_the_target_and_half_of_it() {
        // At 20%: five answers with one error (rows 1, 2, 4, 5, 8) at confidence ≥ 0.3 and
        // margin ≥ 0.1, 0.15 or 0.2 (the widest kept); at 10% (high): rows 1, 2, 4, 8 with no
        // error, margin ≥ 0.3.
        let c = choose_thresholds(&fixture(), 0.2);
        assert_eq!((c.confidence, c.margin, c.high_confidence), (0.3, 0.2, 0.3));
        let rec = c.recommended.as_ref().unwrap();
        assert_eq!((rec.answered, rec.wrong, rec.n), (5, 1, 8));
        assert!(close(rec.automation, 5.0 / 8.0));
        let high = c.recommended_high.as_ref().unwrap();
        assert_eq!((high.answered, high.wrong), (4, 0));
        assert!(close(high.margin_threshold, 0.3));
    }

    #[test]
    fn the_high_band_can_start_at_another_error() {
        // The high band at the target itself is the answer point; at half of it, as above.
        let at = choose_thresholds_at(&fixture(), 0.2, 0.2);
        assert_eq!(at.recommended_high, recommend(&fixture(), 0.2));
        let half = choose_thresholds(&fixture(), 0.2);
        assert_eq!(choose_thresholds_at(&fixture(), 0.2, 0.1), half);
    }

    #[test]
    fn the_margin_is_widened_when_it_costs_at_most_one_point() {
        // 200 right answers, margin 0.5; one more right answer with margin 0.01. The best point
        // answers all 201 (margin 0), a 0.3 margin costs half a point of automation: taken.
        let mut items = vec![s(0.9, 0.5, true, true, false); 200];
        items.push(s(0.9, 0.01, true, true, false));
        let c = choose_thresholds(&items, 0.02);
        assert_eq!(recommend(&items, 0.02).unwrap().answered, 201);
        assert_eq!(c.margin, 0.3);
        assert_eq!(c.recommended.as_ref().unwrap().answered, 200);
        // Two points of automation are too many: the best point stays.
        let mut items = vec![s(0.9, 0.5, true, true, false); 98];
        items.extend([s(0.9, 0.01, true, true, false); 2]);
        assert_eq!(
            choose_thresholds(&items, 0.02)
                .recommended
                .unwrap()
                .answered,
            100
        );
    }

    #[test]
    fn nothing_meeting_the_target_gives_the_defaults() {
        let items = vec![s(0.9, 0.5, false, true, false); 3];
        let c = choose_thresholds(&items, 0.1);
        assert_eq!((c.confidence, c.high_confidence, c.margin), (0.5, 0.8, 0.1));
        assert!(c.recommended.is_none() && c.recommended_high.is_none());
        assert_eq!(choose_thresholds(&[], 0.1).confidence, 0.5);
    }

    #[test]
    fn groups_with_enough_messages_get_their_own_choice() {
        let mut items = Vec::new();
        let mut keys = Vec::new();
        for (key, n, conf) in [("zh", 100, 0.6), ("en", 120, 0.9), ("fr", 5, 0.7)] {
            for i in 0..n {
                // One wrong answer in ten, at the lowest confidence of its group.
                let wrong = i % 10 == 0;
                let c = if wrong { conf - 0.1 } else { conf };
                items.push(s(c, 0.5, !wrong, true, false));
                keys.push(key);
            }
        }
        let per = choose_thresholds_per_group(&items, &keys, 0.02);
        let names: Vec<&str> = per.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            ["en", "zh"],
            "key order, fr below MIN_THRESHOLD_ROWS"
        );
        for (key, choice) in &per {
            let subset = scored_in(&items, &keys, key);
            assert_eq!(*choice, choose_thresholds(&subset, 0.02));
        }
        assert!((per[0].1.confidence - 0.9).abs() < 1e-6);
        assert!((per[1].1.confidence - 0.6).abs() < 1e-6);
        // One group: nothing per group.
        let one = vec!["en"; items.len()];
        assert!(choose_thresholds_per_group(&items, &one, 0.02).is_empty());
    }
}
