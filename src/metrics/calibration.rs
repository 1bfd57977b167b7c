//! Calibration: expected calibration error, reliability diagrams, a
//! numerically stable softmax, negative log-likelihood and temperature
//! scaling.
//!
//! Binning convention (ECE and reliability): `n_bins` equal-width bins over
//! `[0, 1]`; bin `b` is `[b/n, (b+1)/n)` and the last bin also contains
//! 1.0. Confidences outside `[0, 1]` are clamped into it and NaN
//! confidences are ignored. `n_bins == 0` is treated as 1. Membership is
//! decided against the reported `lo`/`hi` values themselves, so e.g. 0.57
//! with 100 bins lands in `[0.57, 0.58)` even though `0.57 * 100` rounds to
//! `56.999...` in floating point.

use serde::{Deserialize, Serialize};

/// Temperature search range of [`fit_temperature`].
pub const T_MIN: f32 = 0.05;
/// Temperature search range of [`fit_temperature`].
pub const T_MAX: f32 = 20.0;

/// One bin of a reliability diagram.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    /// Number of items whose confidence falls in the bin.
    pub count: usize,
    /// Mean confidence of those items; `0.0` when `count == 0`.
    pub mean_confidence: f64,
    /// Fraction of those items that are correct; `0.0` when `count == 0`.
    pub accuracy: f64,
}

impl Bin {
    /// `|accuracy - mean_confidence|` (0 for an empty bin).
    pub fn gap(&self) -> f64 {
        (self.accuracy - self.mean_confidence).abs()
    }
}

fn bin_index(c: f64, n_bins: usize) -> usize {
    let n = n_bins as f64;
    let mut b = ((c * n).floor().max(0.0) as usize).min(n_bins - 1);
    // Fix floating-point rounding so membership agrees with lo = b / n.
    if b + 1 < n_bins && c >= (b + 1) as f64 / n {
        b += 1;
    } else if b > 0 && c < b as f64 / n {
        b -= 1;
    }
    b
}

/// Reliability diagram: all `n_bins` bins (empty ones included, with zero
/// count, confidence and accuracy, so filter on `count > 0` when plotting).
/// See the module docs for the binning convention.
pub fn reliability(confidences: &[f64], correct: &[bool], n_bins: usize) -> Vec<Bin> {
    let n_bins = n_bins.max(1);
    let mut count = vec![0usize; n_bins];
    let mut conf_sum = vec![0.0f64; n_bins];
    let mut hits = vec![0usize; n_bins];
    for (&c, &ok) in confidences.iter().zip(correct) {
        if c.is_nan() {
            continue;
        }
        let c = c.clamp(0.0, 1.0);
        let b = bin_index(c, n_bins);
        count[b] += 1;
        conf_sum[b] += c;
        hits[b] += usize::from(ok);
    }
    (0..n_bins)
        .map(|b| Bin {
            lo: b as f64 / n_bins as f64,
            hi: (b + 1) as f64 / n_bins as f64,
            count: count[b],
            mean_confidence: if count[b] == 0 {
                0.0
            } else {
                conf_sum[b] / count[b] as f64
            },
            accuracy: super::ratio(hits[b], count[b]),
        })
        .collect()
}

/// Expected calibration error: `sum_b (count_b / n) · |acc_b - conf_b|`
/// over equal-width bins (see module docs). `0.0` for empty input.
pub fn ece(confidences: &[f64], correct: &[bool], n_bins: usize) -> f64 {
    let bins = reliability(confidences, correct, n_bins);
    let n: usize = bins.iter().map(|b| b.count).sum();
    if n == 0 {
        return 0.0;
    }
    bins.iter().map(|b| b.count as f64 * b.gap()).sum::<f64>() / n as f64
}

/// Temperature-scaled softmax, computed in f64 and returned as f32.
///
/// Stable: subtracts the maximum logit (not the maximum magnitude) before
/// exponentiating, so the largest term is exactly `exp(0) = 1`; works for
/// logits near `±f32::MAX` and for tiny or huge temperatures.
///
/// Degenerate cases (never NaN): empty input gives an empty vector; NaN
/// logits get probability 0 (all NaN: uniform); if any logit is `+inf`
/// the `+inf` entries share the mass equally; all `-inf`: uniform.
/// `temperature <= 0` or NaN gives the `T -> 0` limit (one-hot argmax,
/// ties shared); `temperature = +inf` gives the uniform distribution.
pub fn softmax(logits: &[f32], temperature: f32) -> Vec<f32> {
    let k = logits.len();
    if k == 0 {
        return Vec::new();
    }
    let valid: Vec<bool> = logits.iter().map(|l| !l.is_nan()).collect();
    let n_valid = valid.iter().filter(|&&v| v).count();
    if n_valid == 0 {
        return vec![1.0 / k as f32; k];
    }
    let max = logits
        .iter()
        .filter(|l| !l.is_nan())
        .fold(f32::NEG_INFINITY, |m, &l| m.max(l));
    // Entries sharing the mass equally, if the limit is a hard one.
    let hard = |sel: &dyn Fn(f32) -> bool| -> Vec<f32> {
        let m = logits.iter().filter(|&&l| sel(l)).count() as f32;
        logits
            .iter()
            .map(|&l| if sel(l) { 1.0 / m } else { 0.0 })
            .collect()
    };
    if max == f32::INFINITY || (temperature.is_nan() || temperature <= 0.0) {
        return hard(&|l: f32| l == max);
    }
    if max == f32::NEG_INFINITY {
        return hard(&|l: f32| l == f32::NEG_INFINITY);
    }
    if temperature == f32::INFINITY {
        return hard(&|l: f32| !l.is_nan());
    }
    let max = max as f64;
    let t = temperature as f64;
    let e: Vec<f64> = logits
        .iter()
        .map(|&l| {
            if l.is_nan() {
                0.0
            } else {
                ((l as f64 - max) / t).exp()
            }
        })
        .collect();
    let sum: f64 = e.iter().sum(); // >= 1: the max term is exp(0)
    e.iter().map(|&x| (x / sum) as f32).collect()
}

/// Clamp a temperature into a usable positive finite value (NaN -> 1).
fn sane_t(t: f32) -> f64 {
    if t.is_nan() {
        1.0
    } else {
        (t as f64).clamp(f32::MIN_POSITIVE as f64, f32::MAX as f64)
    }
}

/// Per-item negative log-likelihood `-log softmax(logits / t)[gold]`, or
/// `None` if the item is skipped (see [`nll`]).
fn item_nll(logits: &[f32], gold: usize, t: f64) -> Option<f64> {
    let g = *logits.get(gold)?;
    if !g.is_finite() || logits.iter().any(|l| l.is_nan() || *l == f32::INFINITY) {
        return None;
    }
    // Index of the (first) maximum logit.
    let (imax, &max) = logits
        .iter()
        .enumerate()
        .fold((0, &f32::NEG_INFINITY), |best, (i, l)| {
            if *l > *best.1 {
                (i, l)
            } else {
                best
            }
        });
    let max = max as f64;
    // log-sum-exp = max/t + ln(1 + sum of the other terms); ln_1p keeps
    // precision when the other terms are tiny (confident predictions).
    let rest: f64 = logits
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != imax)
        .map(|(_, &l)| ((l as f64 - max) / t).exp())
        .sum();
    // -log_softmax[g] = ln(1 + rest) - (g - max)/t
    let v = rest.ln_1p() - (g as f64 - max) / t;
    v.is_finite().then_some(v.max(0.0))
}

/// Mean negative log-likelihood (natural log) of the gold classes under
/// `softmax(logits / t)`, computed in f64 with the log-sum-exp trick.
///
/// Items are skipped when `gold` is out of range for their logits, when
/// the gold logit is not finite, or when any logit is NaN or `+inf`
/// (`-inf` logits elsewhere are fine: they act as masked classes). Returns
/// `0.0` when no item remains. `t` is clamped to a positive finite value
/// (NaN counts as 1). Paired slices are truncated to the shorter one.
pub fn nll(logits: &[Vec<f32>], gold: &[usize], t: f32) -> f64 {
    mean_nll(logits, gold, sane_t(t))
}

fn mean_nll(logits: &[Vec<f32>], gold: &[usize], t: f64) -> f64 {
    let (sum, n) = logits
        .iter()
        .zip(gold)
        .filter_map(|(l, &g)| item_nll(l, g, t))
        .fold((0.0f64, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Temperature `T` in `[T_MIN, T_MAX]` = `[0.05, 20]` minimising the mean
/// [`nll`] of `softmax(logits / T)`.
///
/// Golden-section search on `ln T` (the NLL is convex in `1/T`, hence
/// unimodal in `ln T`) with a fixed number of iterations, so the result is
/// deterministic; final precision is about `1e-6` relative. Divide logits
/// by the returned `T` (i.e. `softmax(logits, T)`) to calibrate. Returns
/// `1.0` when there are no usable items.
pub fn fit_temperature(logits: &[Vec<f32>], gold: &[usize]) -> f32 {
    let usable = logits
        .iter()
        .zip(gold)
        .any(|(l, &g)| item_nll(l, g, 1.0).is_some());
    if !usable {
        return 1.0;
    }
    let f = |u: f64| -> f64 { mean_nll(logits, gold, u.exp()) };
    let inv_phi = (5f64.sqrt() - 1.0) / 2.0; // 0.618...
    let (mut a, mut b) = ((T_MIN as f64).ln(), (T_MAX as f64).ln());
    let mut c = b - inv_phi * (b - a);
    let mut d = a + inv_phi * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    // (ln 400) * 0.618^40 ~ 2e-8
    for _ in 0..40 {
        if fc <= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - inv_phi * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + inv_phi * (b - a);
            fd = f(d);
        }
    }
    let u = (a + b) / 2.0;
    // Compare with the interval ends so a boundary optimum is returned exactly.
    let mut best = (f(u), u);
    for end in [(T_MIN as f64).ln(), (T_MAX as f64).ln()] {
        let fe = f(end);
        if fe <= best.0 {
            best = (fe, end);
        }
    }
    (best.1.exp() as f32).clamp(T_MIN, T_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() < tol
    }

    #[test]
    fn ece_and_reliability_by_hand() {
        // 5 bins of width 0.2.
        let conf = [0.9, 0.9, 0.7, 0.7, 0.7, 0.3];
        let ok = [true, false, true, true, false, false];
        let bins = reliability(&conf, &ok, 5);
        assert_eq!(bins.len(), 5);
        // bin [0.2,0.4): {0.3}, acc 0/1, conf 0.3 -> gap 0.3
        // bin [0.6,0.8): {0.7 x3}, acc 2/3, conf 0.7 -> gap 1/30
        // bin [0.8,1.0]: {0.9 x2}, acc 1/2, conf 0.9 -> gap 0.4
        let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, vec![0, 1, 0, 3, 2]);
        assert!(close(bins[1].mean_confidence, 0.3, 1e-12));
        assert!(close(bins[3].accuracy, 2.0 / 3.0, 1e-12));
        assert!(close(bins[4].accuracy, 0.5, 1e-12));
        assert!(close(bins[3].lo, 0.6, 1e-12) && close(bins[3].hi, 0.8, 1e-12));
        assert_eq!(bins[0].mean_confidence, 0.0);
        assert_eq!(bins[0].accuracy, 0.0);
        // ECE = (1*0.3 + 3*(1/30) + 2*0.4) / 6 = (0.3 + 0.1 + 0.8) / 6 = 0.2
        assert!(close(ece(&conf, &ok, 5), 0.2, 1e-12));
    }

    #[test]
    fn ece_perfectly_calibrated_is_zero() {
        // bin [0.8,0.9): ten items at 0.8, 8 correct -> acc 0.8 = conf
        // bin [0.2,0.3): four items at 0.25, 1 correct -> acc 0.25 = conf
        let mut conf = vec![0.8; 10];
        let mut ok = vec![true; 8];
        ok.extend([false, false]);
        conf.extend([0.25; 4]);
        ok.extend([true, false, false, false]);
        assert!(ece(&conf, &ok, 10) < 1e-12);
        // Confidence 1 and always right, confidence 0 and always wrong.
        assert_eq!(ece(&[1.0, 0.0], &[true, false], 15), 0.0);
    }

    #[test]
    fn ece_edge_cases() {
        assert_eq!(ece(&[], &[], 10), 0.0);
        assert_eq!(reliability(&[], &[], 4).len(), 4);
        // n_bins 0 behaves like 1 bin: conf mean 0.5, acc 1 -> 0.5
        assert!(close(ece(&[0.4, 0.6], &[true, true], 0), 0.5, 1e-12));
        // NaN confidences are ignored; out-of-range ones are clamped.
        assert!(close(
            ece(&[f64::NAN, 1.5, -0.2], &[true, true, false], 10),
            0.0,
            1e-12
        ));
        // All one outcome: conf 0.7 x2 wrong -> ECE = 0.7
        assert!(close(ece(&[0.7, 0.7], &[false, false], 10), 0.7, 1e-12));
    }

    #[test]
    fn bin_edges_are_exact() {
        // 0.57 * 100 = 56.99999999999999 in f64, but 0.57 >= 57/100.
        let bins = reliability(&[0.57], &[true], 100);
        assert_eq!(bins[57].count, 1);
        // 0.2 goes to [0.2, 0.4) with 5 bins; 1.0 to the last bin; 0.0 to the first.
        let bins = reliability(&[0.2, 1.0, 0.0], &[true, true, true], 5);
        assert_eq!(
            bins.iter().map(|b| b.count).collect::<Vec<_>>(),
            vec![1, 1, 0, 0, 1]
        );
        for k in 1..=100usize {
            for i in 0..=k {
                let c = i as f64 / k as f64;
                let b = bin_index(c, k);
                let lo = b as f64 / k as f64;
                let hi = (b + 1) as f64 / k as f64;
                assert!(c >= lo && (c < hi || b == k - 1), "c={c} k={k} b={b}");
            }
        }
    }

    fn assert_probs(p: &[f32], want: &[f32], tol: f32) {
        assert_eq!(p.len(), want.len());
        for (a, b) in p.iter().zip(want) {
            assert!((a - b).abs() <= tol, "{p:?} vs {want:?}");
        }
    }

    #[test]
    fn softmax_by_hand() {
        // [1,2,3]: exp(-2) = 0.1353353, exp(-1) = 0.3678794, exp(0) = 1,
        // sum = 1.5032147 -> [0.0900306, 0.2447285, 0.6652410]
        let want = [0.090_030_6, 0.244_728_5, 0.665_241];
        assert_probs(&softmax(&[1.0, 2.0, 3.0], 1.0), &want, 1e-6);
        // Temperature 2 on doubled logits is the same distribution.
        assert_probs(&softmax(&[2.0, 4.0, 6.0], 2.0), &want, 1e-6);
        // Shift invariance with large logits.
        assert_probs(&softmax(&[1000.0, 1001.0, 1002.0], 1.0), &want, 1e-6);
        assert_probs(
            &softmax(&[-1e4 + 1.0, -1e4 + 2.0, -1e4 + 3.0], 1.0),
            &want,
            1e-5,
        );
        // [ln 1, ln 3] -> [0.25, 0.75]
        assert_probs(&softmax(&[0.0, 3f32.ln()], 1.0), &[0.25, 0.75], 1e-6);
    }

    #[test]
    fn softmax_extremes() {
        // Near f32::MAX: a naive max-magnitude shift or f32 exp would overflow.
        assert_probs(&softmax(&[3e38, -3e38], 1.0), &[1.0, 0.0], 0.0);
        assert_probs(&softmax(&[-3e38, -3e38], 1.0), &[0.5, 0.5], 0.0);
        assert_probs(&softmax(&[1e30, 1e30, -1e30], 1.0), &[0.5, 0.5, 0.0], 0.0);
        // Tiny temperature -> argmax; huge -> uniform.
        assert_probs(&softmax(&[1.0, 1.1], 1e-30), &[0.0, 1.0], 0.0);
        assert_probs(&softmax(&[1.0, 2.0], 1e30), &[0.5, 0.5], 1e-6);
        assert_probs(&softmax(&[1.0, 2.0], f32::INFINITY), &[0.5, 0.5], 0.0);
        // Huge logits and huge temperature together: (3e38 - -3e38) / 3e38 = 2.
        // softmax([2, 0]) = [e^2/(e^2+1), 1/(e^2+1)] = [0.8807971, 0.1192029]
        assert_probs(
            &softmax(&[3e38, -3e38], 3e38),
            &[0.880_797_1, 0.119_202_9],
            1e-6,
        );
        // Degenerate temperatures and logits.
        assert_probs(&softmax(&[1.0, 3.0, 3.0], 0.0), &[0.0, 0.5, 0.5], 0.0);
        assert_probs(&softmax(&[1.0, 3.0], -1.0), &[0.0, 1.0], 0.0);
        assert_probs(&softmax(&[1.0, 3.0], f32::NAN), &[0.0, 1.0], 0.0);
        assert_probs(&softmax(&[f32::INFINITY, 0.0], 1.0), &[1.0, 0.0], 0.0);
        assert_probs(&softmax(&[f32::NEG_INFINITY, 0.0], 1.0), &[0.0, 1.0], 0.0);
        assert_probs(
            &softmax(&[f32::NEG_INFINITY, f32::NEG_INFINITY], 1.0),
            &[0.5, 0.5],
            0.0,
        );
        assert_probs(&softmax(&[f32::NAN, 0.0, 0.0], 1.0), &[0.0, 0.5, 0.5], 0.0);
        assert_probs(&softmax(&[f32::NAN, f32::NAN], 1.0), &[0.5, 0.5], 0.0);
        assert!(softmax(&[], 1.0).is_empty());
        for p in [
            softmax(&[5.0, -7.0, 88.0, 89.0], 0.3),
            softmax(&[-100.0, 100.0], 1e-3),
        ] {
            let s: f32 = p.iter().sum();
            assert!((s - 1.0).abs() < 1e-6 && p.iter().all(|x| x.is_finite()));
        }
    }

    #[test]
    fn nll_by_hand() {
        // item 1: [ln 1, ln 3], gold 1 -> p = 3/4, -ln 0.75 = 0.2876821
        // item 2: [0, 0], gold 0       -> p = 1/2, ln 2     = 0.6931472
        // mean = (0.2876821 + 0.6931472) / 2 = 0.4904146
        let logits = vec![vec![0.0, 3f32.ln()], vec![0.0, 0.0]];
        assert!(close(nll(&logits, &[1, 0], 1.0), 0.490_414_6, 1e-6));
        // T = 2 on doubled logits gives the same value.
        let doubled: Vec<Vec<f32>> = logits
            .iter()
            .map(|l| l.iter().map(|x| 2.0 * x).collect())
            .collect();
        assert!(close(nll(&doubled, &[1, 0], 2.0), 0.490_414_6, 1e-6));
        // Skipped items: gold out of range, NaN logits, -inf gold logit.
        let mut bad = logits.clone();
        bad.push(vec![0.0, 1.0]);
        bad.push(vec![f32::NAN, 1.0]);
        bad.push(vec![f32::NEG_INFINITY, 1.0]);
        assert!(close(nll(&bad, &[1, 0, 7, 1, 0], 1.0), 0.490_414_6, 1e-6));
        // A -inf non-gold logit is a masked class: [0, -inf] gold 0 -> 0.
        assert_eq!(nll(&[vec![0.0, f32::NEG_INFINITY]], &[0], 1.0), 0.0);
        assert_eq!(nll(&[], &[], 1.0), 0.0);
        // Huge logits stay finite: [1e30, 0] gold 1 -> 1e30 nats.
        assert!(close(nll(&[vec![1e30, 0.0]], &[1], 1.0) / 1e30, 1.0, 1e-6));
        // Degenerate temperatures don't produce NaN.
        for t in [0.0, -1.0, f32::NAN, f32::INFINITY] {
            assert!(nll(&logits, &[1, 0], t).is_finite());
        }
    }

    /// Tiny deterministic LCG (Knuth MMIX constants).
    struct Lcg(u64);
    impl Lcg {
        fn next_u32(&mut self) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as u32
        }
        /// Uniform in [0, 1).
        fn uniform(&mut self) -> f64 {
            self.next_u32() as f64 / (1u64 << 31) as f64
        }
    }

    /// Synthetic set whose calibrated logits `z` are exactly calibrated (gold
    /// is sampled from softmax(z)); returns (z, gold).
    fn synthetic(n: usize, k: usize, seed: u64) -> (Vec<Vec<f32>>, Vec<usize>) {
        let mut rng = Lcg(seed);
        let mut logits = Vec::with_capacity(n);
        let mut gold = Vec::with_capacity(n);
        for _ in 0..n {
            let z: Vec<f32> = (0..k).map(|_| (rng.uniform() * 6.0 - 3.0) as f32).collect();
            let p = softmax(&z, 1.0);
            let u = rng.uniform() as f32;
            let mut acc = 0.0;
            let mut g = k - 1;
            for (i, pi) in p.iter().enumerate() {
                acc += pi;
                if u < acc {
                    g = i;
                    break;
                }
            }
            logits.push(z);
            gold.push(g);
        }
        (logits, gold)
    }

    #[test]
    fn fit_temperature_recovers_two() {
        // 8000 items, 5 classes, calibrated logits uniform in [-3, 3].
        let (z, gold) = synthetic(8000, 5, 42);
        // Over-confident model: logits are 2x the calibrated ones.
        let over: Vec<Vec<f32>> = z
            .iter()
            .map(|l| l.iter().map(|x| 2.0 * x).collect())
            .collect();
        let t = fit_temperature(&over, &gold);
        // Fitted T = 1.98 here; across seeds the estimate spreads by ~0.03.
        assert!((t - 2.0).abs() < 0.1, "T = {t}");
        // The calibrated logits themselves need T ~ 1.
        let t1 = fit_temperature(&z, &gold);
        assert!((t1 - 1.0).abs() < 0.05, "T = {t1}");
        // The fitted T is a minimum of the NLL.
        let at = nll(&over, &gold, t);
        assert!(at <= nll(&over, &gold, t * 1.05) && at <= nll(&over, &gold, t / 1.05));
        assert!(at < nll(&over, &gold, 1.0));
        // Deterministic.
        assert_eq!(t, fit_temperature(&over, &gold));
    }

    #[test]
    fn fit_temperature_edge_cases() {
        assert_eq!(fit_temperature(&[], &[]), 1.0);
        assert_eq!(fit_temperature(&[vec![1.0, 2.0]], &[5]), 1.0);
        // Always right with positive margin: NLL decreases as T -> 0.
        let l = vec![vec![2.0, 0.0], vec![0.0, 2.0]];
        assert_eq!(fit_temperature(&l, &[0, 1]), T_MIN);
        // Always wrong: NLL decreases as T grows -> upper bound.
        assert_eq!(fit_temperature(&l, &[1, 0]), T_MAX);
        // All logits equal: NLL is ln 2 for every T; any T in range is fine.
        let t = fit_temperature(&[vec![0.0, 0.0]], &[0]);
        assert!((T_MIN..=T_MAX).contains(&t));
    }

    #[test]
    fn bins_serialise() {
        let bins = reliability(&[0.3], &[true], 2);
        let json = serde_json::to_string(&bins).unwrap();
        let back: Vec<Bin> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, bins);
    }
}
