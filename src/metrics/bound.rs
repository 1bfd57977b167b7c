//! How sure "≤ 2% bot error" is: exact (Clopper–Pearson) binomial bounds, and the bot error a
//! deployment should expect when a stated share of its traffic is out of scope — the share of
//! out-of-scope messages in a validation split (often none) says nothing about real traffic,
//! and bot error depends on it.
//!
//! Traffic error at a threshold pair, with `π` the expected out-of-scope share:
//! `((1−π)·w + π·o) / ((1−π)·(w + c) + π·o)`, where `w` and `c` are the shares of in-scope
//! messages answered wrongly / rightly and `o` the share of out-of-scope messages answered.
//! It rises with `w` and `o` and falls with `c`, so the upper bound plugs in the upper bounds of
//! `w` and `o` and the lower bound of `c`, each at `1 − (1 − confidence)/3` (Bonferroni): the
//! result holds with at least `confidence`.

use serde::{Deserialize, Serialize};

use super::tradeoff::Scored;

/// ln Γ(x) for x ≥ 1 (Lanczos, g = 7, 9 terms: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let a = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |a, (i, c)| a + c / (x + i as f64 + 1.0));
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The continued fraction of the incomplete beta function (modified Lentz); it converges fast
/// for `x < (a + 1) / (a + b + 2)`, in about √max(a, b) steps.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    // Lentz keeps d and c away from zero, where the recurrence would divide by it.
    let away_from_zero = |v: f64| if v.abs() < 1e-300 { 1e-300 } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / away_from_zero(1.0 - qab * x / qap);
    let mut h = d;
    // One term of the fraction: the factor it multiplies h by.
    let mut step = |aa: f64| {
        d = 1.0 / away_from_zero(1.0 + aa * d);
        c = away_from_zero(1.0 + aa / c);
        d * c
    };
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)));
        let del = step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function I_x(a, b), for a, b ≥ 1.
fn inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

/// P(X ≤ k) for X ~ Binomial(n, p), as I_{1−p}(n − k, k + 1): a few dozen steps where summing
/// the terms took k (thousands at a threshold grid point of a 10k-message training set).
fn binom_cdf(k: usize, n: usize, p: f64) -> f64 {
    if k >= n || p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    inc_beta((n - k) as f64, (k + 1) as f64, 1.0 - p).clamp(0.0, 1.0)
}

fn bisect(mut lo: f64, mut hi: f64, f: impl Fn(f64) -> bool) -> f64 {
    // `f(p)` is true below the root and false above it.
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if f(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// One-sided upper bound on a binomial proportion at `confidence` (e.g. 0.95): the `p` with
/// P(X ≤ k; n, p) = 1 − confidence. `n = 0` gives 1 (nothing is known).
pub fn clopper_pearson_upper(k: usize, n: usize, confidence: f64) -> f64 {
    if n == 0 || k >= n {
        return 1.0;
    }
    let alpha = 1.0 - confidence;
    bisect(k as f64 / n as f64, 1.0, |p| binom_cdf(k, n, p) > alpha)
}

/// One-sided lower bound: the `p` with P(X ≥ k; n, p) = 1 − confidence. `k = 0` gives 0.
pub fn clopper_pearson_lower(k: usize, n: usize, confidence: f64) -> f64 {
    if n == 0 || k == 0 {
        return 0.0;
    }
    let alpha = 1.0 - confidence;
    // P(X ≥ k) = 1 − P(X ≤ k − 1) grows with p.
    bisect(0.0, k as f64 / n as f64, |p| {
        1.0 - binom_cdf(k - 1, n, p) < alpha
    })
}

/// The bot error to expect on traffic with `expected_oos_share` out-of-scope messages, at one
/// threshold pair, measured on scored validation messages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrafficError {
    pub expected_oos_share: f64,
    pub confidence: f64,
    pub conf_threshold: f64,
    pub margin_threshold: f64,
    pub in_scope: usize,
    pub out_of_scope: usize,
    pub answered_in_scope: usize,
    pub wrong_in_scope: usize,
    pub answered_out_of_scope: usize,
    /// Point estimate (`None`: nothing answered).
    pub point: Option<f64>,
    /// Upper bound holding with `confidence` (1 when the data cannot bound it, e.g. no
    /// out-of-scope messages to measure with a non-zero share).
    pub upper: f64,
}

fn mix(w: f64, c: f64, o: f64, share: f64) -> Option<f64> {
    let den = (1.0 - share) * (w + c) + share * o;
    (den > 0.0).then(|| ((1.0 - share) * w + share * o) / den)
}

pub fn traffic_error(
    scored: &[Scored],
    conf_threshold: f64,
    margin_threshold: f64,
    expected_oos_share: f64,
    confidence: f64,
) -> TrafficError {
    let answered = |s: &&&Scored| {
        !s.oos_flag && s.confidence >= conf_threshold && s.margin >= margin_threshold
    };
    let ins: Vec<&Scored> = scored.iter().filter(|s| s.in_scope).collect();
    let oos: Vec<&Scored> = scored.iter().filter(|s| !s.in_scope).collect();
    let answered_in = ins.iter().filter(answered).count();
    let wrong_in = ins.iter().filter(answered).filter(|s| !s.correct).count();
    let right_in = answered_in - wrong_in;
    let answered_oos = oos.iter().filter(answered).count();
    let (n_in, n_oos) = (ins.len(), oos.len());
    let rate = |k: usize, n: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let share = expected_oos_share.clamp(0.0, 1.0);
    let point = mix(
        rate(wrong_in, n_in),
        rate(right_in, n_in),
        rate(answered_oos, n_oos),
        share,
    );
    // Bonferroni over the three rates.
    let each = 1.0 - (1.0 - confidence) / 3.0;
    let o_hi = if share > 0.0 {
        clopper_pearson_upper(answered_oos, n_oos, each)
    } else {
        0.0
    };
    let upper = if n_in == 0 {
        1.0
    } else {
        mix(
            clopper_pearson_upper(wrong_in, n_in, each),
            clopper_pearson_lower(right_in, n_in, each),
            o_hi,
            share,
        )
        .unwrap_or(1.0)
    };
    TrafficError {
        expected_oos_share: share,
        confidence,
        conf_threshold,
        margin_threshold,
        in_scope: n_in,
        out_of_scope: n_oos,
        answered_in_scope: answered_in,
        wrong_in_scope: wrong_in,
        answered_out_of_scope: answered_oos,
        point,
        upper,
    }
}

/// The lowest confidence threshold (at `margin_threshold`, on a 0.005 grid from 0.5 to 1) whose
/// traffic-error upper bound is at most `target`: `(threshold, true)`. When none is, the
/// threshold with the smallest upper bound (the safest the data supports): `(threshold, false)`.
pub fn choose_by_bound(
    scored: &[Scored],
    margin_threshold: f64,
    target: f64,
    expected_oos_share: f64,
    confidence: f64,
) -> (f64, bool) {
    let mut best: Option<(f64, f64)> = None;
    for i in 0..=100 {
        let c = 0.5 + 0.005 * i as f64;
        let t = traffic_error(scored, c, margin_threshold, expected_oos_share, confidence);
        if t.upper <= target {
            return (c, true);
        }
        if best.is_none_or(|(_, u)| t.upper <= u) {
            best = Some((c, t.upper));
        }
    }
    (best.map_or(1.0, |(c, _)| c), false)
}

impl TrafficError {
    /// "≤ 3.1% with 95% confidence at 30% out-of-scope traffic (point 1.2%)".
    pub fn describe(&self) -> String {
        format!(
            "≤ {:.1}% with {:.0}% confidence at {:.0}% out-of-scope traffic (point {}; measured on {} in-scope and {} out-of-scope messages)",
            100.0 * self.upper,
            100.0 * self.confidence,
            100.0 * self.expected_oos_share,
            self.point
                .map(|p| format!("{:.1}%", 100.0 * p))
                .unwrap_or_else(|| "n/a".into()),
            self.in_scope,
            self.out_of_scope
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-5
    }

    /// P(X ≤ k) summed term by term in log space: slow, plainly right.
    fn binom_cdf_by_terms(k: usize, n: usize, p: f64) -> f64 {
        let (lp, lq) = (p.ln(), (-p).ln_1p());
        let mut term = n as f64 * lq;
        let mut acc = term;
        for i in 0..k.min(n) {
            term += ((n - i) as f64).ln() - ((i + 1) as f64).ln() + lp - lq;
            let (hi, lo) = if acc > term { (acc, term) } else { (term, acc) };
            acc = hi + (lo - hi).exp().ln_1p();
        }
        acc.exp()
    }

    #[test]
    fn the_binomial_cdf_matches_the_sum_of_its_terms() {
        for n in [1usize, 7, 40, 333, 2_000, 12_345] {
            for k in [0, 1, n / 50, n / 7, n / 2, n.saturating_sub(2)] {
                if k >= n {
                    continue;
                }
                for p in [1e-4, 0.003, 0.02, 0.1, 0.5, 0.9, 0.999] {
                    let (fast, slow) = (binom_cdf(k, n, p), binom_cdf_by_terms(k, n, p));
                    assert!(
                        (fast - slow).abs() < 1e-9,
                        "n {n} k {k} p {p}: {fast} vs {slow}"
                    );
                }
            }
        }
        assert_eq!(binom_cdf(5, 5, 0.3), 1.0);
        assert_eq!(binom_cdf(2, 5, 0.0), 1.0);
        assert_eq!(binom_cdf(2, 5, 1.0), 0.0);
        // ln Γ(n) = ln (n − 1)!
        assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(1.0)).abs() < 1e-14);
    }

    #[test]
    fn clopper_pearson_matches_the_beta_quantiles() {
        // scipy.stats.beta.ppf(0.95, k + 1, n − k) and beta.ppf(0.05, k, n − k + 1).
        assert!(close(clopper_pearson_upper(0, 10, 0.95), 0.2588655509));
        assert!(close(clopper_pearson_upper(1, 20, 0.95), 0.2161061642));
        assert!(close(clopper_pearson_upper(5, 100, 0.95), 0.1022533777));
        assert!(close(clopper_pearson_upper(20, 1000, 0.95), 0.0289301229));
        assert!(close(clopper_pearson_lower(5, 100, 0.95), 0.0199055637));
        assert!(close(clopper_pearson_lower(50, 100, 0.95), 0.4136217146));
        // beta.ppf(0.05, 9000, 1001) and beta.ppf(0.95, 151, 9850): training-set sizes.
        assert!(close(
            clopper_pearson_lower(9_000, 10_000, 0.95),
            0.8949288834
        ));
        assert!(close(
            clopper_pearson_upper(150, 10_000, 0.95),
            0.0171577182
        ));
        assert_eq!(clopper_pearson_upper(0, 0, 0.95), 1.0);
        assert_eq!(clopper_pearson_lower(0, 10, 0.95), 0.0);
        assert_eq!(clopper_pearson_upper(10, 10, 0.95), 1.0);
    }

    fn s(conf: f64, correct: bool, in_scope: bool) -> Scored {
        Scored {
            confidence: conf,
            margin: 1.0,
            correct,
            in_scope,
            oos_flag: false,
        }
    }

    #[test]
    fn the_bound_picks_the_lowest_threshold_that_keeps_its_promise() {
        // 400 in-scope: right at 0.95, wrong at 0.6 (100 of them); 200 out-of-scope at 0.55.
        let mut v = Vec::new();
        v.extend((0..300).map(|_| s(0.95, true, true)));
        v.extend((0..100).map(|_| s(0.6, false, true)));
        v.extend((0..200).map(|_| s(0.55, false, false)));
        let (c, met) = choose_by_bound(&v, 0.0, 0.05, 0.3, 0.95);
        assert!(met);
        assert!(c > 0.6 && c <= 0.95, "{c}");
        // With nothing above 0.6 right, nothing meets 1%: the safest threshold, said so.
        let bad: Vec<Scored> = (0..50).map(|_| s(0.9, false, true)).collect();
        let (_, met) = choose_by_bound(&bad, 0.0, 0.01, 0.3, 0.95);
        assert!(!met);
    }

    #[test]
    fn traffic_error_weights_out_of_scope_answers_by_the_assumed_share() {
        // 100 in-scope: 90 answered right, 2 answered wrong; 50 out-of-scope: 5 answered.
        let mut v = Vec::new();
        v.extend((0..90).map(|_| s(0.9, true, true)));
        v.extend((0..2).map(|_| s(0.9, false, true)));
        v.extend((0..8).map(|_| s(0.1, true, true)));
        v.extend((0..5).map(|_| s(0.9, false, false)));
        v.extend((0..45).map(|_| s(0.1, false, false)));
        let t = traffic_error(&v, 0.5, 0.0, 0.3, 0.95);
        assert_eq!(
            (
                t.in_scope,
                t.answered_in_scope,
                t.wrong_in_scope,
                t.out_of_scope,
                t.answered_out_of_scope
            ),
            (100, 92, 2, 50, 5)
        );
        // (0.7·0.02 + 0.3·0.1) / (0.7·0.92 + 0.3·0.1) = 0.044 / 0.674.
        assert!(close(t.point.unwrap(), 0.044 / 0.674), "{t:?}");
        assert!(t.upper > t.point.unwrap() && t.upper < 1.0, "{t:?}");
        // No out-of-scope traffic assumed: only the in-scope errors count.
        let t0 = traffic_error(&v, 0.5, 0.0, 0.0, 0.95);
        assert!(close(t0.point.unwrap(), 2.0 / 92.0));
        // Out-of-scope traffic assumed but none measured: nothing can be promised.
        let only_in: Vec<Scored> = v.iter().copied().filter(|x| x.in_scope).collect();
        let t1 = traffic_error(&only_in, 0.5, 0.0, 0.3, 0.95);
        assert!(t1.upper > 0.2, "{t1:?}");
        assert!(
            t1.describe().contains("30% out-of-scope"),
            "{}",
            t1.describe()
        );
    }
}
