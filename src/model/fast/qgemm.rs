//! int8 matrix products: weights quantized per output channel at load (symmetric, ±127),
//! activations per token right before each product (symmetric, stored as u8 with a +128 offset
//! because AVX-512 VNNI multiplies u8 × i8), int32 accumulation, one fused rescale per tile.
//!
//! Σ (q_a + 128)·q_w = Σ q_a·q_w + 128·Σ q_w, so the offset is removed with a per-column sum
//! computed at packing time.
//!
//! Kernels, one packing (`[k/4][32 columns][4]` bytes per panel):
//! - AVX-512 VNNI and AVX-VNNI: `vpdpbusd` (u8 × i8, four products per i32 lane), 512 / 256 bits.
//! - AVX2 without VNNI: `vpmaddubsw` would saturate (two products of 255 × 127 exceed i16), and
//!   the usual cure (7-bit weights, ONNX Runtime's `reduce_range`) changes the numbers. Instead
//!   the weight bytes are widened to i16 in registers and multiplied by `vpmaddwd` against
//!   activations kept as i16 (`q`, no offset): |q_a·q_w| ≤ 127², so a pair sum fits i32 with room
//!   to spare, the accumulation is exact and the result is bit-identical to the VNNI kernels.
//! - Portable: plain Rust on the u8 form.

use std::ops::Range;

use super::cpu::Int8Dot;
use super::gemm::{dispatch_rows, Epilogue, MR, NR};
#[cfg(target_arch = "x86_64")]
use super::gemm::{dispatch_rows6, store_first, MR_AVX2};

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
        self.matmul_on(super::cpu::int8(), a, m, panels, out, ldc, epilogue)
    }

    /// [`Self::matmul`] with the kernel `dot` (tests compare every kernel on one machine).
    ///
    /// # Safety
    /// As [`Self::matmul`]. Panics if the CPU lacks `dot` or `a` was laid out for another kernel.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn matmul_on(
        &self,
        dot: Int8Dot,
        a: &QuantRows,
        m: usize,
        panels: Range<usize>,
        out: *mut f32,
        ldc: usize,
        epilogue: Epilogue,
    ) {
        assert!(super::cpu::supports_int8(dot), "CPU lacks {dot:?}");
        assert_eq!(a.wide, wide(dot), "rows quantized for another kernel");
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
                    let s_t = a.scales.add(r);
                    if a.wide {
                        // SAFETY: `wide` rows exist only for Int8Dot::Avx2, which the CPU has
                        // (asserted above and in QuantRows::new_for).
                        #[cfg(target_arch = "x86_64")]
                        {
                            let a_t = (a.data as *const i16).add(r * a.stride);
                            tile_avx2(rows, a_t, a.stride, s_t, &cols, c_t, ldc);
                        }
                    } else {
                        let a_t = a.data.add(r * a.stride);
                        tile(dot, rows, a_t, a.stride, s_t, &cols, c_t, ldc);
                    }
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

/// Whether kernel `dot` reads activations as i16 `q` (else as u8 `q + 128`).
fn wide(dot: Int8Dot) -> bool {
    cfg!(target_arch = "x86_64") && dot == Int8Dot::Avx2
}

/// Activations quantized per row, written by the team members (each its own rows) before a
/// product and read by all of them during it.
pub struct QuantRows {
    _buf: Vec<u8>,
    _wide_buf: Vec<i16>,
    _scales: Vec<f32>,
    /// u8 `q + 128`, or i16 `q` when `wide`.
    data: *mut u8,
    scales: *mut f32,
    /// Elements (not bytes) per row.
    stride: usize,
    wide: bool,
}

// SAFETY: the buffers are owned by the struct; rows are written by one member each between
// barriers and only read otherwise (see FastEncoder::hidden_states).
unsafe impl Sync for QuantRows {}
unsafe impl Send for QuantRows {}

impl QuantRows {
    /// Rows for this process's int8 kernel.
    pub fn new(rows: usize, max_width: usize) -> Self {
        Self::new_for(super::cpu::int8(), rows, max_width)
    }

    /// Rows laid out for kernel `dot`.
    pub fn new_for(dot: Int8Dot, rows: usize, max_width: usize) -> Self {
        // quantize() runs the AVX2 code on the i16 layout: only where the CPU has it.
        assert!(super::cpu::supports_int8(dot), "CPU lacks {dot:?}");
        let stride = max_width.div_ceil(KG) * KG;
        let wide = wide(dot);
        let mut buf = vec![128u8; if wide { 0 } else { rows * stride }];
        let mut wide_buf = vec![0i16; if wide { rows * stride } else { 0 }];
        let mut scales = vec![0f32; rows];
        Self {
            data: if wide {
                wide_buf.as_mut_ptr() as *mut u8
            } else {
                buf.as_mut_ptr()
            },
            scales: scales.as_mut_ptr(),
            _buf: buf,
            _wide_buf: wide_buf,
            _scales: scales,
            stride,
            wide,
        }
    }

    /// Quantizes `rows` of the `width`-wide row-major matrix at `src`.
    ///
    /// # Safety
    /// `src` holds those rows; no other thread reads or writes these rows of `self` meanwhile.
    pub unsafe fn quantize(&self, src: *const f32, width: usize, rows: Range<usize>) {
        // SAFETY: `wide` is set only for Int8Dot::Avx2, asserted supported in new_for.
        if self.wide {
            #[cfg(target_arch = "x86_64")]
            return self.quantize_wide(src, width, rows);
        }
        // SAFETY: cpu::isa() only names a set the CPU supports.
        #[cfg(target_arch = "x86_64")]
        if super::cpu::isa() == super::cpu::Isa::Avx512 {
            return self.quantize_avx512(src, width, rows);
        }
        self.quantize_portable(src, width, rows)
    }

    /// i16 `q` for the AVX2 kernel (only built with it: `wide` is never set elsewhere).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn quantize_wide(&self, src: *const f32, width: usize, rows: Range<usize>) {
        use std::arch::x86_64::*;
        let (lo, hi) = (_mm256_set1_epi32(-127), _mm256_set1_epi32(127));
        for r in rows {
            let x = std::slice::from_raw_parts(src.add(r * width), width);
            let dst = (self.data as *mut i16).add(r * self.stride);
            let dst = std::slice::from_raw_parts_mut(dst, self.stride);
            let amax = super::math::abs_max(x);
            let s = if amax > 0.0 { amax / 127.0 } else { 1.0 };
            let inv = 1.0 / s;
            let full = width / 16 * 16;
            let vinv = _mm256_set1_ps(inv);
            for c in (0..full).step_by(16) {
                // cvtps rounds half to even (the default MXCSR mode), as quantize_row does.
                let q = |o: usize| {
                    let v = _mm256_mul_ps(_mm256_loadu_ps(x.as_ptr().add(c + o)), vinv);
                    _mm256_min_epi32(_mm256_max_epi32(_mm256_cvtps_epi32(v), lo), hi)
                };
                // packs works per 128-bit lane: 0-3 8-11 4-7 12-15; the permute restores order.
                let p = _mm256_permute4x64_epi64(_mm256_packs_epi32(q(0), q(8)), 0b11_01_10_00);
                _mm256_storeu_si256(dst.as_mut_ptr().add(c) as *mut __m256i, p);
            }
            for (d, &v) in dst[full..].iter_mut().zip(&x[full..]) {
                *d = ((v * inv + 12_582_912.0) - 12_582_912.0).clamp(-127.0, 127.0) as i16;
            }
            dst[width..].fill(0);
            *self.scales.add(r) = s;
        }
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

/// The u8-form kernels.
#[allow(clippy::too_many_arguments)]
#[inline]
unsafe fn tile(
    dot: Int8Dot,
    rows: usize,
    a: *const u8,
    lda: usize,
    a_scale: *const f32,
    cols: &Cols,
    c: *mut f32,
    ldc: usize,
) {
    // SAFETY (the calls below): matmul_on asserted cpu::supports_int8(dot).
    match dot {
        #[cfg(target_arch = "x86_64")]
        Int8Dot::Vnni512 => dispatch_rows!(rows, tile_vnni, a, lda, a_scale, cols, c, ldc),
        #[cfg(target_arch = "x86_64")]
        Int8Dot::AvxVnni => tile_avxvnni(rows, a, lda, a_scale, cols, c, ldc),
        _ => dispatch_rows!(rows, tile_portable, a, lda, a_scale, cols, c, ldc),
    }
}

/// The 256-bit `vpdpbusd` tile (6-row × 16-column pieces) for the instruction `$dp` under the
/// target features `$features`: AVX-VNNI in production; the EVEX form of the same instruction
/// (AVX-512 VNNI + VL) lets the tests run this code on AVX-512 machines without AVX-VNNI.
macro_rules! vnni256 {
    ($tile:ident, $micro:ident, $features:literal, $dp:ident) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $features)]
        unsafe fn $tile(
            rows: usize,
            a: *const u8,
            lda: usize,
            a_scale: *const f32,
            cols: &Cols,
            c: *mut f32,
            ldc: usize,
        ) {
            let mut r = 0;
            while r < rows {
                let h = MR_AVX2.min(rows - r);
                for n0 in [0, 16] {
                    if n0 >= cols.ncols {
                        break;
                    }
                    let (a_t, s_t, c_t) = (a.add(r * lda), a_scale.add(r), c.add(r * ldc + n0));
                    dispatch_rows6!(h, $micro, a_t, lda, s_t, cols, n0, c_t, ldc);
                }
                r += h;
            }
        }

        #[cfg(target_arch = "x86_64")]
        #[inline]
        #[target_feature(enable = $features)]
        unsafe fn $micro<const R: usize>(
            a: *const u8,
            lda: usize,
            a_scale: *const f32,
            cols: &Cols,
            n0: usize,
            c: *mut f32,
            ldc: usize,
        ) {
            use std::arch::x86_64::*;
            let mut c0 = [_mm256_setzero_si256(); R];
            let mut c1 = [_mm256_setzero_si256(); R];
            let mut bp = cols.b.add(n0 * KG);
            for kg in 0..cols.k4 / KG {
                let b0 = _mm256_loadu_si256(bp as *const __m256i);
                let b1 = _mm256_loadu_si256(bp.add(32) as *const __m256i);
                bp = bp.add(NR * KG);
                for r in 0..R {
                    let a4 = (a.add(r * lda + kg * KG) as *const i32).read_unaligned();
                    let av = _mm256_set1_epi32(a4);
                    c0[r] = $dp(c0[r], av, b0);
                    c1[r] = $dp(c1[r], av, b1);
                }
            }
            let ncols = cols.ncols - n0;
            for r in 0..R {
                let sa = *a_scale.add(r);
                let o0 = rescale(c0[r], cols, n0, sa, true);
                let o1 = rescale(c1[r], cols, n0 + 8, sa, true);
                store_first(c.add(r * ldc), o0, ncols);
                store_first(c.add(r * ldc + 8), o1, ncols.saturating_sub(8));
            }
        }
    };
}

vnni256!(
    tile_avxvnni,
    micro_avxvnni,
    "avx2,fma,avxvnni",
    _mm256_dpbusd_avx_epi32
);
#[cfg(test)]
vnni256!(
    tile_vnni256_evex,
    micro_vnni256_evex,
    "avx2,fma,avx512vnni,avx512vl",
    _mm256_dpbusd_epi32
);

/// `(acc − offset) · (sa · w_scale) + bias` for the 8 columns from `j` (the offset only when
/// the activations carried +128).
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn rescale(
    acc: std::arch::x86_64::__m256i,
    cols: &Cols,
    j: usize,
    sa: f32,
    offset: bool,
) -> std::arch::x86_64::__m256 {
    use std::arch::x86_64::*;
    let acc = if offset {
        _mm256_sub_epi32(
            acc,
            _mm256_loadu_si256(cols.offset.add(j) as *const __m256i),
        )
    } else {
        acc
    };
    let ws = _mm256_loadu_ps(cols.scale.add(j));
    let bias = _mm256_loadu_ps(cols.bias.add(j));
    _mm256_fmadd_ps(
        _mm256_cvtepi32_ps(acc),
        _mm256_mul_ps(_mm256_set1_ps(sa), ws),
        bias,
    )
}

/// The AVX2 tile on i16 activations: 6-row × 8-column pieces (12 accumulators, 2 weight
/// registers, 1 broadcast).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn tile_avx2(
    rows: usize,
    a: *const i16,
    lda: usize,
    a_scale: *const f32,
    cols: &Cols,
    c: *mut f32,
    ldc: usize,
) {
    let mut r = 0;
    while r < rows {
        let h = MR_AVX2.min(rows - r);
        for n0 in (0..cols.ncols).step_by(8) {
            let (a_t, s_t, c_t) = (a.add(r * lda), a_scale.add(r), c.add(r * ldc + n0));
            dispatch_rows6!(h, micro_avx2, a_t, lda, s_t, cols, n0, c_t, ldc);
        }
        r += h;
    }
}

#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn micro_avx2<const R: usize>(
    a: *const i16,
    lda: usize,
    a_scale: *const f32,
    cols: &Cols,
    n0: usize,
    c: *mut f32,
    ldc: usize,
) {
    use std::arch::x86_64::*;
    // Lanes of c0: columns n0..n0+4, two partial sums each (k 0–1 and 2–3 of every group).
    let mut c0 = [_mm256_setzero_si256(); R];
    let mut c1 = [_mm256_setzero_si256(); R];
    let mut bp = cols.b.add(n0 * KG);
    for kg in 0..cols.k4 / KG {
        let b0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(bp as *const __m128i));
        let b1 = _mm256_cvtepi8_epi16(_mm_loadu_si128(bp.add(16) as *const __m128i));
        bp = bp.add(NR * KG);
        for r in 0..R {
            let a4 = (a.add(r * lda + kg * KG) as *const i64).read_unaligned();
            let av = _mm256_set1_epi64x(a4);
            c0[r] = _mm256_add_epi32(c0[r], _mm256_madd_epi16(av, b0));
            c1[r] = _mm256_add_epi32(c1[r], _mm256_madd_epi16(av, b1));
        }
    }
    let ncols = cols.ncols - n0;
    for r in 0..R {
        // hadd gives columns 0 1 4 5 | 2 3 6 7; the permute puts them in order.
        let sums = _mm256_permute4x64_epi64(_mm256_hadd_epi32(c0[r], c1[r]), 0b11_01_10_00);
        let o = rescale(sums, cols, n0, *a_scale.add(r), false);
        store_first(c.add(r * ldc), o, ncols);
    }
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
mod tests;
