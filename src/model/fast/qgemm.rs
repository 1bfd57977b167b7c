//! int8 matrix products: weights quantized per output channel at load (symmetric, ±127),
//! activations per token right before each product (symmetric, stored as u8 with a +128 offset
//! because AVX-512 VNNI multiplies u8 × i8), int32 accumulation, one fused rescale per tile.
//!
//! Σ (q_a + 128)·q_w = Σ q_a·q_w + 128·Σ q_w, so the offset is removed with a per-column sum
//! computed at packing time.

use std::ops::Range;

use super::gemm::{dispatch_rows, Epilogue, MR, NR};

/// k values per VNNI step (one i32 lane multiplies 4 byte pairs).
const KG: usize = 4;
const MC: usize = 96;

pub struct PackedI8 {
    pub k: usize,
    pub n: usize,
    /// k rounded up to a multiple of 4.
    k4: usize,
    /// Panels of `[k4/4][32 columns][4]` bytes.
    data: Vec<i8>,
    /// Per output column: weight scale, 128·Σ q_w, bias (padded to whole panels).
    scale: Vec<f32>,
    offset: Vec<i32>,
    bias: Vec<f32>,
}

impl PackedI8 {
    pub fn new(weight: &[f32], n: usize, k: usize, bias: &[f32]) -> Self {
        assert_eq!(weight.len(), n * k, "weight is not [n, k]");
        assert_eq!(bias.len(), n, "bias is not [n]");
        let panels = n.div_ceil(NR);
        let k4 = k.div_ceil(KG) * KG;
        let mut data = vec![0i8; panels * k4 * NR];
        let mut scale = vec![0f32; panels * NR];
        let mut offset = vec![0i32; panels * NR];
        for col in 0..n {
            let row = &weight[col * k..(col + 1) * k];
            let amax = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let s = if amax > 0.0 { amax / 127.0 } else { 1.0 };
            scale[col] = s;
            let (p, j) = (col / NR, col % NR);
            let mut sum = 0i32;
            for (kk, &w) in row.iter().enumerate() {
                let q = (w / s).round().clamp(-127.0, 127.0) as i8;
                sum += q as i32;
                data[p * k4 * NR + (kk / KG) * NR * KG + j * KG + kk % KG] = q;
            }
            offset[col] = 128 * sum;
        }
        let mut b = bias.to_vec();
        b.resize(panels * NR, 0.0);
        Self {
            k,
            n,
            k4,
            data,
            scale,
            offset,
            bias: b,
        }
    }

    pub fn panels(&self) -> usize {
        self.n.div_ceil(NR)
    }

    pub fn bytes(&self) -> usize {
        self.data.len() + (self.scale.len() + self.offset.len() + self.bias.len()) * 4
    }

    /// As [`super::gemm::PackedF32::matmul`], reading the quantized rows `a` (which must have
    /// been quantized from a `k`-wide input).
    ///
    /// # Safety
    /// `out` (and a residual) valid for `m` rows at stride `ldc` over these panels' columns, not
    /// touched by other threads meanwhile; rows `0..m` of `a` quantized.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn matmul(
        &self,
        a: &QuantRows,
        m: usize,
        panels: Range<usize>,
        out: *mut f32,
        ldc: usize,
        epilogue: Epilogue,
    ) {
        let vnni = super::cpu::has_vnni();
        let mut r0 = 0;
        while r0 < m {
            let r1 = (r0 + MC).min(m);
            for p in panels.clone() {
                let col = p * NR;
                let ncols = NR.min(self.n - col);
                let cols = Cols {
                    b: self.data.as_ptr().add(p * self.k4 * NR),
                    k4: self.k4,
                    scale: self.scale.as_ptr().add(col),
                    offset: self.offset.as_ptr().add(col),
                    bias: self.bias.as_ptr().add(col),
                    ncols,
                };
                let mut r = r0;
                while r < r1 {
                    let rows = MR.min(r1 - r);
                    let c_t = out.add(r * ldc + col);
                    let a_t = a.data.add(r * a.stride);
                    let s_t = a.scales.add(r);
                    tile(vnni, rows, a_t, a.stride, s_t, &cols, c_t, ldc);
                    epilogue.apply(c_t, ldc, rows, ncols, r * ldc + col);
                    r += rows;
                }
            }
            r0 = r1;
        }
    }
}

/// One panel's columns, as the tile kernels read them.
struct Cols {
    b: *const i8,
    k4: usize,
    scale: *const f32,
    offset: *const i32,
    bias: *const f32,
    ncols: usize,
}

/// Activations quantized per row, written by the team members (each its own rows) before a
/// product and read by all of them during it.
pub struct QuantRows {
    _buf: Vec<u8>,
    _scales: Vec<f32>,
    data: *mut u8,
    scales: *mut f32,
    stride: usize,
}

// SAFETY: the buffers are owned by the struct; rows are written by one member each between
// barriers and only read otherwise (see FastEncoder::hidden_states).
unsafe impl Sync for QuantRows {}
unsafe impl Send for QuantRows {}

impl QuantRows {
    pub fn new(rows: usize, max_width: usize) -> Self {
        let stride = max_width.div_ceil(KG) * KG;
        let mut buf = vec![128u8; rows * stride];
        let mut scales = vec![0f32; rows];
        Self {
            data: buf.as_mut_ptr(),
            scales: scales.as_mut_ptr(),
            _buf: buf,
            _scales: scales,
            stride,
        }
    }

    /// Quantizes `rows` of the `width`-wide row-major matrix at `src`.
    ///
    /// # Safety
    /// `src` holds those rows; no other thread reads or writes these rows of `self` meanwhile.
    pub unsafe fn quantize(&self, src: *const f32, width: usize, rows: Range<usize>) {
        #[cfg(target_arch = "x86_64")]
        if super::cpu::has_avx512() {
            return self.quantize_avx512(src, width, rows);
        }
        self.quantize_portable(src, width, rows)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn quantize_avx512(&self, src: *const f32, width: usize, rows: Range<usize>) {
        use std::arch::x86_64::*;
        let (lo, hi, zero) = (
            _mm512_set1_epi32(-127),
            _mm512_set1_epi32(127),
            _mm512_set1_epi32(128),
        );
        for r in rows {
            let x = std::slice::from_raw_parts(src.add(r * width), width);
            let dst = std::slice::from_raw_parts_mut(self.data.add(r * self.stride), self.stride);
            let amax = super::math::abs_max(x);
            let s = if amax > 0.0 { amax / 127.0 } else { 1.0 };
            let inv = _mm512_set1_ps(1.0 / s);
            let full = width / 16 * 16;
            for c in (0..full).step_by(16) {
                // cvtps rounds half to even (the default MXCSR mode), as quantize_row does.
                let q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x.as_ptr().add(c)), inv));
                let q = _mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(q, lo), hi), zero);
                _mm_storeu_si128(
                    dst.as_mut_ptr().add(c) as *mut __m128i,
                    _mm512_cvtepi32_epi8(q),
                );
            }
            quantize_with(&x[full..], &mut dst[full..], 1.0 / s);
            *self.scales.add(r) = s;
        }
    }

    // inline(always): the AVX-512 entry point re-compiles this body with its wider registers.
    #[inline(always)]
    unsafe fn quantize_portable(&self, src: *const f32, width: usize, rows: Range<usize>) {
        for r in rows {
            let x = std::slice::from_raw_parts(src.add(r * width), width);
            let dst = std::slice::from_raw_parts_mut(self.data.add(r * self.stride), self.stride);
            *self.scales.add(r) = quantize_row(x, dst);
        }
    }
}

/// Symmetric per-row quantization to `q + 128`; returns the scale. Bytes past the row stay at
/// the zero point.
#[inline(always)]
fn quantize_row(x: &[f32], dst: &mut [u8]) -> f32 {
    let amax = super::math::abs_max(x);
    let s = if amax > 0.0 { amax / 127.0 } else { 1.0 };
    quantize_with(x, dst, 1.0 / s);
    s
}

/// Writes `round(v · inv) + 128` for each value and the zero point past them.
#[inline(always)]
fn quantize_with(x: &[f32], dst: &mut [u8], inv: f32) {
    for (d, &v) in dst.iter_mut().zip(x) {
        // Round half to even with the 1.5·2^23 trick.
        let q = ((v * inv + 12_582_912.0) - 12_582_912.0).clamp(-127.0, 127.0);
        *d = (q as i32 + 128) as u8;
    }
    dst[x.len()..].fill(128);
}

#[allow(clippy::too_many_arguments)]
#[inline]
unsafe fn tile(
    vnni: bool,
    rows: usize,
    a: *const u8,
    lda: usize,
    a_scale: *const f32,
    cols: &Cols,
    c: *mut f32,
    ldc: usize,
) {
    #[cfg(target_arch = "x86_64")]
    if vnni {
        dispatch_rows!(rows, tile_vnni, a, lda, a_scale, cols, c, ldc);
        return;
    }
    let _ = vnni;
    dispatch_rows!(rows, tile_portable, a, lda, a_scale, cols, c, ldc);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
unsafe fn tile_vnni<const R: usize>(
    a: *const u8,
    lda: usize,
    a_scale: *const f32,
    cols: &Cols,
    c: *mut f32,
    ldc: usize,
) {
    use std::arch::x86_64::*;
    let mut c0 = [_mm512_setzero_si512(); R];
    let mut c1 = [_mm512_setzero_si512(); R];
    let mut bp = cols.b;
    for kg in 0..cols.k4 / KG {
        let b0 = _mm512_loadu_si512(bp as *const _);
        let b1 = _mm512_loadu_si512(bp.add(64) as *const _);
        bp = bp.add(NR * KG);
        for r in 0..R {
            let a4 = (a.add(r * lda + kg * KG) as *const i32).read_unaligned();
            let av = _mm512_set1_epi32(a4);
            c0[r] = _mm512_dpbusd_epi32(c0[r], av, b0);
            c1[r] = _mm512_dpbusd_epi32(c1[r], av, b1);
        }
    }
    let off0 = _mm512_loadu_si512(cols.offset as *const _);
    let off1 = _mm512_loadu_si512(cols.offset.add(16) as *const _);
    let ws0 = _mm512_loadu_ps(cols.scale);
    let ws1 = _mm512_loadu_ps(cols.scale.add(16));
    let bias0 = _mm512_loadu_ps(cols.bias);
    let bias1 = _mm512_loadu_ps(cols.bias.add(16));
    let (m0, m1) = super::gemm::tail_masks(cols.ncols);
    for r in 0..R {
        let sa = _mm512_set1_ps(*a_scale.add(r));
        let v0 = _mm512_cvtepi32_ps(_mm512_sub_epi32(c0[r], off0));
        let v1 = _mm512_cvtepi32_ps(_mm512_sub_epi32(c1[r], off1));
        let o0 = _mm512_fmadd_ps(v0, _mm512_mul_ps(sa, ws0), bias0);
        let o1 = _mm512_fmadd_ps(v1, _mm512_mul_ps(sa, ws1), bias1);
        _mm512_mask_storeu_ps(c.add(r * ldc), m0, o0);
        _mm512_mask_storeu_ps(c.add(r * ldc + 16), m1, o1);
    }
}

unsafe fn tile_portable<const R: usize>(
    a: *const u8,
    lda: usize,
    a_scale: *const f32,
    cols: &Cols,
    c: *mut f32,
    ldc: usize,
) {
    let mut acc = [[0i32; NR]; R];
    for kg in 0..cols.k4 / KG {
        let bk = std::slice::from_raw_parts(cols.b.add(kg * NR * KG), NR * KG);
        for (r, row) in acc.iter_mut().enumerate() {
            let av = std::slice::from_raw_parts(a.add(r * lda + kg * KG), KG);
            for (j, o) in row.iter_mut().enumerate() {
                let w = &bk[j * KG..(j + 1) * KG];
                *o += (0..KG).map(|i| av[i] as i32 * w[i] as i32).sum::<i32>();
            }
        }
    }
    for (r, row) in acc.iter().enumerate() {
        let sa = *a_scale.add(r);
        for (j, &v) in row.iter().enumerate().take(cols.ncols) {
            let y =
                (v - *cols.offset.add(j)) as f32 * (sa * *cols.scale.add(j)) + *cols.bias.add(j);
            *c.add(r * ldc + j) = y;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_quantization_matches_the_scalar_reference() {
        // Widths with and without a 16-lane tail; values include exact .5 steps (ties to even).
        for width in [16usize, 37, 384] {
            let rows = 3;
            let mut x = values(rows * width, width as u32);
            x[1] = 0.5 / 127.0 * x.iter().fold(0f32, |m, v| m.max(v.abs()));
            let q = QuantRows::new(rows, width);
            unsafe { q.quantize(x.as_ptr(), width, 0..rows) };
            for r in 0..rows {
                let mut want = vec![0u8; q.stride];
                let s = quantize_row(&x[r * width..(r + 1) * width], &mut want);
                let got = unsafe { std::slice::from_raw_parts(q.data.add(r * q.stride), q.stride) };
                assert_eq!(got, &want[..], "width {width} row {r}");
                assert_eq!(unsafe { *q.scales.add(r) }, s);
            }
        }
    }

    fn values(len: usize, seed: u32) -> Vec<f32> {
        let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 2001) as f32 / 1000.0 - 1.0
            })
            .collect()
    }

    /// The exact integer result the kernels must reproduce: quantize both sides the documented
    /// way, multiply in i64, rescale.
    fn reference(a: &[f32], m: usize, k: usize, w: &[f32], n: usize, bias: &[f32]) -> Vec<f32> {
        let quant = |row: &[f32]| -> (Vec<i64>, f32) {
            let amax = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let s = if amax > 0.0 { amax / 127.0 } else { 1.0 };
            (
                row.iter()
                    .map(|v| (v / s).round_ties_even() as i64)
                    .collect(),
                s,
            )
        };
        let wq: Vec<_> = (0..n).map(|j| quant(&w[j * k..(j + 1) * k])).collect();
        let mut out = vec![0f32; m * n];
        for i in 0..m {
            let (aq, sa) = quant(&a[i * k..(i + 1) * k]);
            for j in 0..n {
                let (ref q, sw) = wq[j];
                let dot: i64 = aq.iter().zip(q).map(|(x, y)| x * y).sum();
                out[i * n + j] = dot as f32 * (sa * sw) + bias[j];
            }
        }
        out
    }

    #[test]
    fn int8_product_matches_the_integer_reference_and_stays_near_f32() {
        for &(m, k, n) in &[(1, 8, 32), (13, 38, 70), (30, 64, 96)] {
            let a = values(m * k, 11);
            let w = values(n * k, 12);
            let bias = values(n, 13);
            let packed = PackedI8::new(&w, n, k, &bias);
            let q = QuantRows::new(m, k);
            let mut out = vec![f32::NAN; m * n];
            let p = packed.panels();
            unsafe {
                q.quantize(a.as_ptr(), k, 0..m);
                packed.matmul(&q, m, 0..p / 2, out.as_mut_ptr(), n, Epilogue::None);
                packed.matmul(&q, m, p / 2..p, out.as_mut_ptr(), n, Epilogue::None);
            }
            let want = reference(&a, m, k, &w, n, &bias);
            for (i, (g, w)) in out.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() < 1e-3 * (1.0 + w.abs()),
                    "[{m}x{k}x{n}] {i}: {g} vs {w}"
                );
            }
            // And close to the float product (quantization error only).
            let mut exact = vec![0f32; m * n];
            for i in 0..m {
                for j in 0..n {
                    exact[i * n + j] =
                        bias[j] + (0..k).map(|kk| a[i * k + kk] * w[j * k + kk]).sum::<f32>();
                }
            }
            let err = out
                .iter()
                .zip(&exact)
                .map(|(g, e)| (g - e).abs())
                .fold(0f32, f32::max);
            assert!(err < 0.05 * (k as f32).sqrt(), "int8 error {err} too large");
        }
    }
}
