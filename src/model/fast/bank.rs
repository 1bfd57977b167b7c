//! Similarities of query embeddings against a bank of stored embeddings (the out-of-scope kNN
//! bank: 6000 × 384 for the default model). At batch 1 this is a matrix–vector product bound by
//! memory, not arithmetic, so the bank stays in f16 when that is exact (banks are stored as f16)
//! and is widened to f32 in registers: half the bytes of an f32 copy, the same results.

use std::ops::Range;

use half::f16;

enum Rows {
    F16(Vec<f16>),
    F32(Vec<f32>),
}

pub struct Bank {
    rows: Rows,
    n: usize,
    dim: usize,
}

impl Bank {
    /// `data` is `[n, dim]` row-major. Kept as f16 only if every value survives the round trip.
    pub fn new(data: &[f32], n: usize, dim: usize) -> Self {
        assert_eq!(data.len(), n * dim, "bank is not [n, dim]");
        let halves: Vec<f16> = data.iter().map(|&x| f16::from_f32(x)).collect();
        let exact = halves.iter().zip(data).all(|(h, &x)| h.to_f32() == x);
        let rows = if exact {
            Rows::F16(halves)
        } else {
            Rows::F32(data.to_vec())
        };
        Self { rows, n, dim }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn is_f16(&self) -> bool {
        matches!(self.rows, Rows::F16(_))
    }

    pub fn bytes(&self) -> usize {
        match &self.rows {
            Rows::F16(v) => v.len() * 2,
            Rows::F32(v) => v.len() * 4,
        }
    }

    /// `out[i * n + j] = x_i · bank_j` for the bank rows in `range` and every row `i` of `x`
    /// (`m` rows of `dim`).
    ///
    /// # Safety
    /// `out` is valid for `m × n` values and no other thread writes the columns in `range`.
    pub unsafe fn similarities(&self, x: &[f32], m: usize, range: Range<usize>, out: *mut f32) {
        debug_assert_eq!(x.len(), m * self.dim);
        let d = self.dim;
        let mut row = vec![0f32; d];
        for j in range {
            let b: &[f32] = match &self.rows {
                Rows::F32(v) => &v[j * d..(j + 1) * d],
                Rows::F16(v) => {
                    widen(&v[j * d..(j + 1) * d], &mut row);
                    &row
                }
            };
            for i in 0..m {
                *out.add(i * self.n + j) = dot(&x[i * d..(i + 1) * d], b);
            }
        }
    }
}

fn widen(src: &[f16], dst: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if super::cpu::has_avx512() && src.len().is_multiple_of(16) {
        // SAFETY: AVX-512F checked at run time; lengths are equal multiples of 16.
        return unsafe { widen_avx512(src, dst) };
    }
    for (d, s) in dst.iter_mut().zip(src) {
        *d = s.to_f32();
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn widen_avx512(src: &[f16], dst: &mut [f32]) {
    use std::arch::x86_64::*;
    for c in 0..src.len() / 16 {
        let h = _mm256_loadu_si256(src.as_ptr().add(c * 16) as *const __m256i);
        _mm512_storeu_ps(dst.as_mut_ptr().add(c * 16), _mm512_cvtph_ps(h));
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if super::cpu::has_avx512() && a.len().is_multiple_of(16) {
        // SAFETY: AVX-512F checked at run time; lengths are equal multiples of 16.
        return unsafe { dot_avx512(a, b) };
    }
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn dot_avx512(a: &[f32], b: &[f32]) -> f32 {
    use std::arch::x86_64::*;
    let (mut s0, mut s1) = (_mm512_setzero_ps(), _mm512_setzero_ps());
    let n = a.len() / 16;
    let mut c = 0;
    while c + 1 < n {
        s0 = _mm512_fmadd_ps(
            _mm512_loadu_ps(a.as_ptr().add(c * 16)),
            _mm512_loadu_ps(b.as_ptr().add(c * 16)),
            s0,
        );
        s1 = _mm512_fmadd_ps(
            _mm512_loadu_ps(a.as_ptr().add(c * 16 + 16)),
            _mm512_loadu_ps(b.as_ptr().add(c * 16 + 16)),
            s1,
        );
        c += 2;
    }
    if c < n {
        s0 = _mm512_fmadd_ps(
            _mm512_loadu_ps(a.as_ptr().add(c * 16)),
            _mm512_loadu_ps(b.as_ptr().add(c * 16)),
            s0,
        );
    }
    _mm512_reduce_add_ps(_mm512_add_ps(s0, s1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bank: &Bank, x: &[f32], m: usize) -> Vec<f32> {
        let mut out = vec![0f32; m * bank.len()];
        unsafe { bank.similarities(x, m, 0..bank.len(), out.as_mut_ptr()) };
        out
    }

    #[test]
    fn matches_plain_dot_products_in_f16_and_f32_storage() {
        let (n, d, m) = (37, 48, 3);
        // Multiples of 1/64 below 4 are exact in f16; adding 1e-4 makes them not.
        let exact: Vec<f32> = (0..n * d)
            .map(|i| ((i * 7 % 97) as f32 - 48.0) / 64.0)
            .collect();
        let inexact: Vec<f32> = exact.iter().map(|v| v + 1e-4).collect();
        let x: Vec<f32> = (0..m * d)
            .map(|i| ((i * 5 % 31) as f32 - 15.0) / 16.0)
            .collect();
        for (data, f16_kept) in [(&exact, true), (&inexact, false)] {
            let bank = Bank::new(data, n, d);
            assert_eq!(bank.is_f16(), f16_kept);
            let got = all(&bank, &x, m);
            for i in 0..m {
                for j in 0..n {
                    let want: f32 = (0..d).map(|k| x[i * d + k] * data[j * d + k]).sum();
                    let g = got[i * n + j];
                    assert!(
                        (g - want).abs() <= 1e-4 * want.abs().max(1.0),
                        "{g} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn odd_widths_use_the_portable_path() {
        let data: Vec<f32> = (0..5 * 3).map(|i| i as f32).collect();
        let bank = Bank::new(&data, 5, 3);
        let got = all(&bank, &[1.0, 0.0, 2.0], 1);
        assert_eq!(got, vec![4.0, 13.0, 22.0, 31.0, 40.0]);
    }
}
