//! f32 products against weights kept as small integer codes with one f32 scale per 32 inputs of
//! an output column — exactly the form of Q4_0 blocks ((q − 8) · d). Each weight is rebuilt in
//! registers as `code × scale`, which is the same f32 value the dequantized matrix holds, so the
//! results equal [`super::gemm::PackedF32`]'s bit for bit while the kernel reads a byte per weight
//! instead of four: a batch-1 forward, bound by reading the weights, gets that much less to read.

use std::ops::Range;

use super::cpu::Isa;
use super::gemm::{dispatch_rows, Epilogue, MC, MR, NR};
#[cfg(target_arch = "x86_64")]
use super::gemm::{dispatch_rows6, store_first, tail_masks, MR_AVX2};
use crate::model::weights::{Q4Matrix, Q4_BLOCK, Q4_BLOCK_BYTES};

/// Inputs per scale.
pub const KB: usize = Q4_BLOCK;

/// Up to this many rows (about one message) the products are bound by reading the weights and
/// the codes win; above it the conversion, repeated for every row tile, costs more than the
/// bytes it saves, so callers keep a [`super::gemm::PackedF32`] copy for batches.
pub const CODES_MAX_ROWS: usize = 4 * MR;

/// Codes in 32-column panels laid out k-major (`[k, 32]` bytes per panel), scales `[k/32, 32]`
/// per panel.
pub struct PackedCodes {
    pub k: usize,
    pub n: usize,
    codes: Vec<i8>,
    scales: Vec<f32>,
    bias: Vec<f32>,
}

impl PackedCodes {
    /// From Q4_0 matrices stacked by rows (output channels), e.g. query, key and value.
    pub fn from_q4(parts: &[Q4Matrix], bias: &[f32]) -> Self {
        let k = parts[0].cols;
        assert!(parts.iter().all(|m| m.cols == k), "parts differ in width");
        let n: usize = parts.iter().map(|m| m.rows).sum();
        assert_eq!(bias.len(), n, "bias is not [n]");
        let panels = n.div_ceil(NR);
        let mut codes = vec![0i8; panels * k * NR];
        let mut scales = vec![0f32; panels * (k / KB) * NR];
        let row_bytes = k / KB * Q4_BLOCK_BYTES;
        let rows = parts
            .iter()
            .flat_map(|m| (0..m.rows).map(move |r| &m.data[r * row_bytes..(r + 1) * row_bytes]));
        for (col, bytes) in rows.enumerate() {
            let (p, j) = (col / NR, col % NR);
            for (b, block) in bytes.chunks_exact(Q4_BLOCK_BYTES).enumerate() {
                let d = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
                scales[(p * (k / KB) + b) * NR + j] = d;
                for (i, &q) in block[2..].iter().enumerate() {
                    let kk = b * KB + i;
                    codes[(p * k + kk) * NR + j] = (q & 0x0F) as i8 - 8;
                    codes[(p * k + kk + 16) * NR + j] = (q >> 4) as i8 - 8;
                }
            }
        }
        let mut b = bias.to_vec();
        b.resize(panels * NR, 0.0);
        Self {
            k,
            n,
            codes,
            scales,
            bias: b,
        }
    }

    pub fn panels(&self) -> usize {
        self.n.div_ceil(NR)
    }

    pub fn bytes(&self) -> usize {
        self.codes.len() + (self.scales.len() + self.bias.len()) * 4
    }

    /// As [`super::gemm::PackedF32::matmul`].
    ///
    /// # Safety
    /// As [`super::gemm::PackedF32::matmul`].
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn matmul(
        &self,
        a: *const f32,
        m: usize,
        lda: usize,
        panels: Range<usize>,
        out: *mut f32,
        ldc: usize,
        epilogue: Epilogue,
    ) {
        self.matmul_on(super::cpu::isa(), a, m, lda, panels, out, ldc, epilogue)
    }

    /// [`Self::matmul`] with the kernels of `isa`.
    ///
    /// # Safety
    /// As [`Self::matmul`]. Panics if the CPU lacks `isa`.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn matmul_on(
        &self,
        isa: Isa,
        a: *const f32,
        m: usize,
        lda: usize,
        panels: Range<usize>,
        out: *mut f32,
        ldc: usize,
        epilogue: Epilogue,
    ) {
        assert!(super::cpu::supports(isa), "CPU lacks {isa:?}");
        let w = Weights {
            k: self.k,
            codes: std::ptr::null(),
            scales: std::ptr::null(),
        };
        let mut r0 = 0;
        while r0 < m {
            let r1 = (r0 + MC).min(m);
            for p in panels.clone() {
                let col = p * NR;
                let ncols = NR.min(self.n - col);
                let w = Weights {
                    codes: self.codes.as_ptr().add(p * self.k * NR),
                    scales: self.scales.as_ptr().add(p * (self.k / KB) * NR),
                    ..w
                };
                let bias = self.bias.as_ptr().add(col);
                let mut r = r0;
                while r < r1 {
                    let rows = MR.min(r1 - r);
                    let (a_t, c_t) = (a.add(r * lda), out.add(r * ldc + col));
                    tile(isa, rows, a_t, lda, &w, bias, c_t, ldc, ncols);
                    epilogue.apply(c_t, ldc, rows, ncols, r * ldc + col);
                    r += rows;
                }
            }
            r0 = r1;
        }
    }
}

#[derive(Clone, Copy)]
struct Weights {
    k: usize,
    codes: *const i8,
    scales: *const f32,
}

#[allow(clippy::too_many_arguments)]
#[inline]
unsafe fn tile(
    isa: Isa,
    rows: usize,
    a: *const f32,
    lda: usize,
    w: &Weights,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    // SAFETY (the calls below): matmul_on asserted cpu::supports(isa).
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => dispatch_rows!(rows, tile_avx512, a, lda, w, bias, c, ldc, ncols),
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => tile_avx2(rows, a, lda, w, bias, c, ldc, ncols),
        _ => dispatch_rows!(rows, tile_portable, a, lda, w, bias, c, ldc, ncols),
    }
}

/// As `gemm`'s AVX2 tile: 6-row × 16-column pieces.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn tile_avx2(
    rows: usize,
    a: *const f32,
    lda: usize,
    w: &Weights,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    let mut r = 0;
    while r < rows {
        let h = MR_AVX2.min(rows - r);
        for n0 in [0, 16] {
            if n0 >= ncols {
                break;
            }
            let (a_t, c_t) = (a.add(r * lda), c.add(r * ldc + n0));
            let n = (ncols - n0).min(16);
            dispatch_rows6!(h, micro_avx2, a_t, lda, w, n0, bias.add(n0), c_t, ldc, n);
        }
        r += h;
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn micro_avx2<const R: usize>(
    a: *const f32,
    lda: usize,
    w: &Weights,
    n0: usize,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    use std::arch::x86_64::*;
    let mut c0 = [_mm256_loadu_ps(bias); R];
    let mut c1 = [_mm256_loadu_ps(bias.add(8)); R];
    let mut cp = w.codes.add(n0);
    for kb in 0..w.k / KB {
        let s0 = _mm256_loadu_ps(w.scales.add(kb * NR + n0));
        let s1 = _mm256_loadu_ps(w.scales.add(kb * NR + n0 + 8));
        for kk in kb * KB..(kb + 1) * KB {
            let q0 = _mm_loadl_epi64(cp as *const __m128i);
            let q1 = _mm_loadl_epi64(cp.add(8) as *const __m128i);
            cp = cp.add(NR);
            // code × scale is exact in f32: the weight itself, not an approximation.
            let b0 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q0)), s0);
            let b1 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q1)), s1);
            for r in 0..R {
                let av = _mm256_broadcast_ss(&*a.add(r * lda + kk));
                c0[r] = _mm256_fmadd_ps(av, b0, c0[r]);
                c1[r] = _mm256_fmadd_ps(av, b1, c1[r]);
            }
        }
    }
    for r in 0..R {
        store_first(c.add(r * ldc), c0[r], ncols);
        store_first(c.add(r * ldc + 8), c1[r], ncols.saturating_sub(8));
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
unsafe fn tile_avx512<const R: usize>(
    a: *const f32,
    lda: usize,
    w: &Weights,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    use std::arch::x86_64::*;
    let mut c0 = [_mm512_loadu_ps(bias); R];
    let mut c1 = [_mm512_loadu_ps(bias.add(16)); R];
    let mut cp = w.codes;
    for kb in 0..w.k / KB {
        let s0 = _mm512_loadu_ps(w.scales.add(kb * NR));
        let s1 = _mm512_loadu_ps(w.scales.add(kb * NR + 16));
        for kk in kb * KB..(kb + 1) * KB {
            let q0 = _mm_loadu_si128(cp as *const __m128i);
            let q1 = _mm_loadu_si128(cp.add(16) as *const __m128i);
            cp = cp.add(NR);
            // code × scale is exact in f32: the weight itself, not an approximation.
            let b0 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(q0)), s0);
            let b1 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(q1)), s1);
            for r in 0..R {
                let av = _mm512_set1_ps(*a.add(r * lda + kk));
                c0[r] = _mm512_fmadd_ps(av, b0, c0[r]);
                c1[r] = _mm512_fmadd_ps(av, b1, c1[r]);
            }
        }
    }
    let (m0, m1) = tail_masks(ncols);
    for r in 0..R {
        _mm512_mask_storeu_ps(c.add(r * ldc), m0, c0[r]);
        _mm512_mask_storeu_ps(c.add(r * ldc + 16), m1, c1[r]);
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn tile_portable<const R: usize>(
    a: *const f32,
    lda: usize,
    w: &Weights,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    super::gemm::tile_portable_with::<R>(a, lda, w.k, bias, c, ldc, ncols, |kk, bk| {
        let codes = std::slice::from_raw_parts(w.codes.add(kk * NR), NR);
        let scales = std::slice::from_raw_parts(w.scales.add(kk / KB * NR), NR);
        for ((b, &q), &s) in bk.iter_mut().zip(codes).zip(scales) {
            *b = q as f32 * s;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fast::gemm::PackedF32;

    /// A Q4_0 matrix with varied codes and scales (some negative, some zero).
    fn q4(rows: usize, cols: usize, seed: u32) -> Q4Matrix {
        let mut x = seed.wrapping_mul(2_654_435_761) | 1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let mut data = Vec::new();
        for _ in 0..rows * cols / Q4_BLOCK {
            let d = (next() % 200) as f32 / 1000.0 - 0.1;
            data.extend_from_slice(&half::f16::from_f32(d).to_le_bytes());
            data.extend((0..16).map(|_| next() as u8));
        }
        Q4Matrix::new(rows, cols, data).unwrap()
    }

    #[test]
    fn equals_the_dequantized_f32_product_bit_for_bit() {
        let k = 96;
        let parts = [q4(40, k, 1), q4(7, k, 2)];
        let n = 47;
        let dense: Vec<f32> = parts.iter().flat_map(|m| m.to_f32()).collect();
        let bias: Vec<f32> = (0..n).map(|i| i as f32 * 0.01 - 0.2).collect();
        let codes = PackedCodes::from_q4(&parts, &bias);
        let f32s = PackedF32::new(&dense, n, k, &bias);
        for m in [1usize, 3, 12, 13, 30, 48, 49, 100] {
            let a: Vec<f32> = (0..m * k)
                .map(|i| ((i * 31 % 97) as f32 - 48.0) / 50.0)
                .collect();
            for isa in Isa::ALL
                .into_iter()
                .filter(|&i| crate::model::fast::cpu::supports(i))
            {
                let (mut x, mut y) = (vec![0f32; m * n], vec![0f32; m * n]);
                let (p, q) = (codes.panels(), f32s.panels());
                unsafe {
                    let (ap, xp, yp) = (a.as_ptr(), x.as_mut_ptr(), y.as_mut_ptr());
                    codes.matmul_on(isa, ap, m, k, 0..p, xp, n, Epilogue::None);
                    f32s.matmul_on(isa, ap, m, k, 0..q, yp, n, Epilogue::None);
                }
                assert_eq!(x, y, "{isa:?} m = {m}");
            }
        }
        assert!(codes.bytes() * 3 < f32s.bytes());
    }
}
