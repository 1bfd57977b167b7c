//! Element-wise kernels of the fast forward: exp, GELU (erf form), softmax and layer norm.
//! Written branch-free over slices so the compiler vectorises them; the AVX-512 and AVX2 entry
//! points only re-compile the same code with wider registers (and FMA) enabled.

#[cfg(target_arch = "x86_64")]
use super::cpu::Isa;

const LOG2E: f32 = std::f32::consts::LOG2_E;
// ln 2 split so that n·LN2_HI is exact (Cephes).
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;

/// e^x for x in about [-87, 88] (clamped outside), relative error ~2e-7. No branches and no
/// library call, so loops over it vectorise.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    // Round to nearest with the 1.5·2^23 trick (vectorises, unlike f32::round).
    let n = (x * LOG2E + 12_582_912.0) - 12_582_912.0;
    let r = x - n * LN2_HI - n * LN2_LO;
    // Minimax polynomial for e^r on [-ln2/2, ln2/2].
    let p = 1.987_569_1e-4;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 5e-1;
    let p = p * r * r + r + 1.0;
    let scale = f32::from_bits(((n as i32 + 127) as u32) << 23);
    p * scale
}

/// erf(x), absolute error below 2e-7 (Abramowitz & Stegun 7.1.26 refined by the exact exp).
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let y = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
    let e = 1.0 - y * exp(-a * a);
    e.copysign(x)
}

#[inline(always)]
fn gelu_one(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

#[inline(always)]
fn gelu_portable(xs: &mut [f32]) {
    for x in xs {
        *x = gelu_one(*x);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn gelu_avx512(xs: &mut [f32]) {
    gelu_portable(xs)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn gelu_avx2(xs: &mut [f32]) {
    gelu_portable(xs)
}

/// GELU with the exact erf form BERT uses (not the tanh approximation).
pub fn gelu(xs: &mut [f32]) {
    match super::cpu::isa() {
        // SAFETY: cpu::isa() only names a set the CPU supports (checked at run time).
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => unsafe { gelu_avx512(xs) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => unsafe { gelu_avx2(xs) },
        _ => gelu_portable(xs),
    }
}

/// Sums 16 lanes pairwise.
#[inline(always)]
fn lanes_sum(mut acc: [f32; 16]) -> f32 {
    let mut w = 8;
    while w > 0 {
        for i in 0..w {
            acc[i] += acc[i + w];
        }
        w /= 2;
    }
    acc[0]
}

/// Σ a·b over 16 independent lanes: a plain float sum is one serial chain the compiler may not
/// reorder, so it never vectorises; this does.
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    let mut acc = [0f32; 16];
    for (x, y) in ca.zip(cb) {
        for i in 0..16 {
            acc[i] += x[i] * y[i];
        }
    }
    lanes_sum(acc) + tail
}

/// Σ a over 16 independent lanes (see [`dot`]).
#[inline(always)]
pub fn sum(a: &[f32]) -> f32 {
    let c = a.chunks_exact(16);
    let tail: f32 = c.remainder().iter().sum();
    let mut acc = [0f32; 16];
    for x in c {
        for i in 0..16 {
            acc[i] += x[i];
        }
    }
    lanes_sum(acc) + tail
}

/// max |a| over 16 independent lanes (0 for an empty slice).
#[inline(always)]
pub fn abs_max(a: &[f32]) -> f32 {
    let c = a.chunks_exact(16);
    let tail = c.remainder().iter().fold(0f32, |m, v| m.max(v.abs()));
    let mut acc = [0f32; 16];
    for x in c {
        for i in 0..16 {
            acc[i] = acc[i].max(x[i].abs());
        }
    }
    acc.iter().fold(tail, |m, &v| m.max(v))
}

/// In-place softmax of one row, with `scale` applied to the logits first.
#[inline]
pub fn softmax_scaled(row: &mut [f32], scale: f32) {
    let mut max = f32::NEG_INFINITY;
    for &v in row.iter() {
        max = max.max(v);
    }
    // Separate loops: the exp loop vectorises only without a running sum in it.
    for v in row.iter_mut() {
        *v = exp((*v - max) * scale);
    }
    let inv = 1.0 / sum(row);
    for v in row.iter_mut() {
        *v *= inv;
    }
}

#[inline(always)]
fn layer_norm_row_portable(row: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let n = row.len() as f32;
    let mean = sum(row) / n;
    for v in row.iter_mut() {
        *v -= mean;
    }
    let var = dot(row, row) / n;
    let rstd = 1.0 / (var + eps).sqrt();
    for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
        *v = *v * rstd * g + b;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn layer_norm_rows_avx512(x: &mut [f32], width: usize, gamma: &[f32], beta: &[f32], eps: f32) {
    for row in x.chunks_exact_mut(width) {
        layer_norm_row_portable(row, gamma, beta, eps);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn layer_norm_rows_avx2(x: &mut [f32], width: usize, gamma: &[f32], beta: &[f32], eps: f32) {
    for row in x.chunks_exact_mut(width) {
        layer_norm_row_portable(row, gamma, beta, eps);
    }
}

/// Layer norm over each `width`-long row of `x`, in place.
pub fn layer_norm_rows(x: &mut [f32], width: usize, gamma: &[f32], beta: &[f32], eps: f32) {
    match super::cpu::isa() {
        // SAFETY: cpu::isa() only names a set the CPU supports (checked at run time).
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => unsafe { layer_norm_rows_avx512(x, width, gamma, beta, eps) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => unsafe { layer_norm_rows_avx2(x, width, gamma, beta, eps) },
        _ => {
            for row in x.chunks_exact_mut(width) {
                layer_norm_row_portable(row, gamma, beta, eps);
            }
        }
    }
}

/// `dst += src`, element-wise.
pub fn add_assign(dst: &mut [f32], src: &[f32]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d += s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_std_across_the_range() {
        let mut worst = 0f32;
        let mut x = -80.0f32;
        while x < 80.0 {
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            worst = worst.max(rel);
            x += 0.0137;
        }
        assert!(worst < 5e-7, "worst relative error {worst}");
        assert_eq!(exp(-1000.0), exp(-87.0));
        assert!(exp(1000.0).is_finite());
    }

    #[test]
    fn erf_matches_reference_values() {
        // erf from a table (Abramowitz & Stegun, 7 digits).
        for (x, want) in [
            (0.0f32, 0.0f32),
            (0.1, 0.112_462_9),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (2.0, 0.995_322_3),
            (-1.0, -0.842_700_8),
            (3.5, 0.999_999_3),
        ] {
            assert!(
                (erf(x) - want).abs() < 5e-7,
                "erf({x}) = {} want {want}",
                erf(x)
            );
        }
    }

    #[test]
    fn gelu_matches_the_erf_definition() {
        let mut xs: Vec<f32> = (-400..400).map(|i| i as f32 * 0.02).collect();
        let want: Vec<f64> = xs
            .iter()
            .map(|&x| {
                let x = x as f64;
                0.5 * x * (1.0 + erf64(x / std::f64::consts::SQRT_2))
            })
            .collect();
        gelu(&mut xs);
        for (g, w) in xs.iter().zip(&want) {
            assert!((*g as f64 - w).abs() < 3e-6, "{g} vs {w}");
        }
    }

    /// erf by its Taylor series (|x| < 3) or asymptotic tail: an independent f64 reference.
    fn erf64(x: f64) -> f64 {
        if x.abs() > 5.0 {
            return x.signum();
        }
        let mut term = x;
        let mut sum = x;
        let mut n = 0.0;
        while term.abs() > 1e-17 {
            n += 1.0;
            term *= -x * x / n;
            sum += term / (2.0 * n + 1.0);
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn lane_reductions_match_serial_sums() {
        for n in [0usize, 1, 15, 16, 17, 33, 384, 1000] {
            let a: Vec<f32> = (0..n)
                .map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0)
                .collect();
            let b: Vec<f32> = (0..n)
                .map(|i| ((i * 13 % 89) as f32 - 44.0) / 5.0)
                .collect();
            let d: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| (*x as f64) * (*y as f64))
                .sum();
            let s: f64 = a.iter().map(|&x| x as f64).sum();
            assert!(
                (dot(&a, &b) as f64 - d).abs() < 1e-3 * d.abs().max(1.0),
                "dot n={n}"
            );
            assert!(
                (sum(&a) as f64 - s).abs() < 1e-3 * s.abs().max(1.0),
                "sum n={n}"
            );
            let m = a.iter().fold(0f32, |m, v| m.max(v.abs()));
            assert_eq!(abs_max(&a), m, "abs_max n={n}");
        }
    }

    #[test]
    fn softmax_sums_to_one_and_orders() {
        let mut row = vec![1.0, 2.0, 3.0, -1e9];
        softmax_scaled(&mut row, 0.5);
        let s: f32 = row.iter().sum();
        assert!((s - 1.0).abs() < 1e-6);
        assert!(row[2] > row[1] && row[1] > row[0] && row[3] < 1e-30);
        let e = [0.5f32.exp(), 1.0f32.exp(), 1.5f32.exp()];
        let z: f32 = e.iter().sum();
        assert!((row[0] - e[0] / z).abs() < 1e-6);
    }

    #[test]
    fn layer_norm_normalises_rows() {
        let mut x = vec![1.0, 2.0, 3.0, 4.0, 10.0, 10.0, 10.0, 10.0];
        layer_norm_rows(&mut x, 4, &[1.0; 4], &[0.5; 4], 1e-12);
        let m = 2.5f32;
        let sd = (((1.0 - m) * (1.0 - m) + 0.25 + 0.25 + 2.25) / 4.0f32).sqrt();
        assert!((x[0] - ((1.0 - m) / sd + 0.5)).abs() < 1e-5);
        assert!(x[4..].iter().all(|v| (v - 0.5).abs() < 1e-4));
    }
}
