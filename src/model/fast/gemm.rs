//! f32 matrix products against weights packed once at load: `out = a · Wᵀ + bias`, with the
//! weight cut into panels of 32 output columns laid out k-major, so the kernel streams each panel
//! in order and keeps a 12×32 tile of the output in registers (24 of the 32 AVX-512 registers).
//!
//! AVX2 has 16 registers of 8 lanes, so its micro-kernel covers the same 12×32 tile as four
//! 6×16 pieces (12 accumulators, 2 weight rows, 1 broadcast); packing and blocking are shared.

use std::ops::Range;

use super::cpu::Isa;

/// Output columns per panel (two 16-lane AVX-512 registers).
pub const NR: usize = 32;
/// Rows per register tile.
pub const MR: usize = 12;
/// Rows per cache block: the block of `a` (MC × k) stays in L2 while every panel passes over it.
pub(super) const MC: usize = 96;

/// What happens to a finished output tile while it is still in cache.
#[derive(Clone, Copy)]
pub enum Epilogue {
    None,
    /// out = gelu(out)
    Gelu,
    /// out += residual (same shape and stride as out)
    Residual(*const f32),
}

impl Epilogue {
    /// Applies to the `rows × ncols` tile at `c` (row stride `ldc`), which starts at element
    /// `offset` of the whole output (where a residual is read).
    ///
    /// # Safety
    /// The tile, and the residual at the same offsets, are valid and owned by the caller.
    pub unsafe fn apply(self, c: *mut f32, ldc: usize, rows: usize, ncols: usize, offset: usize) {
        for i in 0..rows {
            let row = std::slice::from_raw_parts_mut(c.add(i * ldc), ncols);
            match self {
                Epilogue::None => return,
                Epilogue::Gelu => super::math::gelu(row),
                Epilogue::Residual(res) => {
                    let src = std::slice::from_raw_parts(res.add(offset + i * ldc), ncols);
                    super::math::add_assign(row, src);
                }
            }
        }
    }
}

/// Store masks of the two 16-lane halves of a 32-column tile with `ncols` valid columns.
pub fn tail_masks(ncols: usize) -> (u16, u16) {
    let lo = if ncols >= 16 {
        0xFFFF
    } else {
        ((1u32 << ncols) - 1) as u16
    };
    let hi = if ncols >= 32 {
        0xFFFF
    } else if ncols <= 16 {
        0
    } else {
        ((1u32 << (ncols - 16)) - 1) as u16
    };
    (lo, hi)
}

/// A dense layer's weight `[n, k]` (PyTorch layout) packed into `n/32` panels of `[k, 32]`.
pub struct PackedF32 {
    pub k: usize,
    pub n: usize,
    data: Vec<f32>,
    bias: Vec<f32>,
}

impl PackedF32 {
    pub fn new(weight: &[f32], n: usize, k: usize, bias: &[f32]) -> Self {
        assert_eq!(weight.len(), n * k, "weight is not [n, k]");
        assert_eq!(bias.len(), n, "bias is not [n]");
        let panels = n.div_ceil(NR);
        let mut data = vec![0f32; panels * k * NR];
        for p in 0..panels {
            for j in 0..NR.min(n - p * NR) {
                let col = p * NR + j;
                let src = &weight[col * k..(col + 1) * k];
                for (kk, &w) in src.iter().enumerate() {
                    data[(p * k + kk) * NR + j] = w;
                }
            }
        }
        let mut b = bias.to_vec();
        b.resize(panels * NR, 0.0);
        Self {
            k,
            n,
            data,
            bias: b,
        }
    }

    pub fn panels(&self) -> usize {
        self.n.div_ceil(NR)
    }

    pub fn bytes(&self) -> usize {
        (self.data.len() + self.bias.len()) * 4
    }

    /// Computes the output columns of `panels` for all `m` rows of `a` (row stride `lda`) into
    /// `out` (row stride `ldc`).
    ///
    /// # Safety
    /// `a` holds `m` rows of at least `k` values at stride `lda`; `out` (and a residual, if
    /// given) is valid for `m` rows at stride `ldc` over the columns of these panels, and no other
    /// thread touches those output columns meanwhile.
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

    /// [`Self::matmul`] with the kernels of `isa` (tests compare every set on one machine).
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
        // Off x86-64 the portable path is all there is, so it should be fast: the gemm crate
        // (NEON micro-kernels on aarch64) instead of the scalar tile.
        if isa == Isa::Portable && !cfg!(target_arch = "x86_64") {
            return self.matmul_gemm_crate(a, m, lda, panels, out, ldc, epilogue);
        }
        let mut r0 = 0;
        while r0 < m {
            let r1 = (r0 + MC).min(m);
            for p in panels.clone() {
                let col = p * NR;
                let ncols = NR.min(self.n - col);
                let b = self.data.as_ptr().add(p * self.k * NR);
                let bias = self.bias.as_ptr().add(col);
                let mut r = r0;
                while r < r1 {
                    let rows = MR.min(r1 - r);
                    let a_t = a.add(r * lda);
                    let c_t = out.add(r * ldc + col);
                    tile(isa, rows, a_t, lda, b, self.k, bias, c_t, ldc, ncols);
                    epilogue.apply(c_t, ldc, rows, ncols, r * ldc + col);
                    r += rows;
                }
            }
            r0 = r1;
        }
    }
}

impl PackedF32 {
    /// [`Self::matmul`] through the `gemm` crate, one call per panel (a `[k, 32]` matrix with
    /// row stride 32), onto output rows pre-filled with the bias.
    ///
    /// # Safety
    /// As [`Self::matmul`].
    #[allow(clippy::too_many_arguments)]
    pub(super) unsafe fn matmul_gemm_crate(
        &self,
        a: *const f32,
        m: usize,
        lda: usize,
        panels: Range<usize>,
        out: *mut f32,
        ldc: usize,
        epilogue: Epilogue,
    ) {
        if m == 0 {
            return;
        }
        for p in panels {
            let col = p * NR;
            let ncols = NR.min(self.n - col);
            let c = out.add(col);
            for r in 0..m {
                std::ptr::copy_nonoverlapping(self.bias.as_ptr().add(col), c.add(r * ldc), ncols);
            }
            gemm::gemm(
                m,
                ncols,
                self.k,
                c,
                1,
                ldc as isize,
                true,
                a,
                1,
                lda as isize,
                self.data.as_ptr().add(p * self.k * NR),
                1,
                NR as isize,
                1.0,
                1.0,
                false,
                false,
                false,
                gemm::Parallelism::None,
            );
            epilogue.apply(c, ldc, m, ncols, col);
        }
    }
}

/// Calls the tile kernel monomorphised for `rows` (1..=12) rows.
macro_rules! dispatch_rows {
    ($rows:expr, $f:ident, $($arg:expr),*) => {
        match $rows {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*),
            8 => $f::<8>($($arg),*),
            9 => $f::<9>($($arg),*),
            10 => $f::<10>($($arg),*),
            11 => $f::<11>($($arg),*),
            _ => $f::<12>($($arg),*),
        }
    };
}
pub(super) use dispatch_rows;

/// Calls the AVX2 micro-kernel monomorphised for `rows` (1..=6) rows.
#[cfg(target_arch = "x86_64")]
macro_rules! dispatch_rows6 {
    ($rows:expr, $f:ident, $($arg:expr),*) => {
        match $rows {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            _ => $f::<6>($($arg),*),
        }
    };
}
#[cfg(target_arch = "x86_64")]
pub(super) use dispatch_rows6;

/// Rows per AVX2 micro-kernel call.
#[cfg(target_arch = "x86_64")]
pub(super) const MR_AVX2: usize = 6;

/// # Safety
/// `isa` is supported by this CPU ([`super::cpu::supports`]); the pointers as in
/// [`PackedF32::matmul_on`] for one tile.
#[allow(clippy::too_many_arguments)]
#[inline]
pub(super) unsafe fn tile(
    isa: Isa,
    rows: usize,
    a: *const f32,
    lda: usize,
    b: *const f32,
    k: usize,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    // SAFETY (the calls below): matmul_on asserted cpu::supports(isa).
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => dispatch_rows!(rows, tile_avx512, a, lda, b, k, bias, c, ldc, ncols),
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => tile_avx2(rows, a, lda, b, k, bias, c, ldc, ncols),
        _ => dispatch_rows!(rows, tile_portable, a, lda, b, k, bias, c, ldc, ncols),
    }
}

/// Lane masks for `_mm256_maskstore_ps`: the 8 words from `MASKS[8 - n]` enable `n` lanes.
#[cfg(target_arch = "x86_64")]
static MASKS: [i32; 16] = [-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0];

/// Stores the first `n` (0..=8) lanes of `v` at `p`.
///
/// # Safety
/// AVX available; `p` valid for `n` values.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
pub(super) unsafe fn store_first(p: *mut f32, v: std::arch::x86_64::__m256, n: usize) {
    use std::arch::x86_64::*;
    if n >= 8 {
        _mm256_storeu_ps(p, v);
    } else if n > 0 {
        let mask = _mm256_loadu_si256(MASKS.as_ptr().add(8 - n) as *const __m256i);
        _mm256_maskstore_ps(p, mask, v);
    }
}

/// The 12×32 tile as 6-row × 16-column pieces; a half-panel with no valid column is skipped.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma")]
unsafe fn tile_avx2(
    rows: usize,
    a: *const f32,
    lda: usize,
    b: *const f32,
    k: usize,
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
            dispatch_rows6!(
                h,
                micro_avx2,
                a_t,
                lda,
                b.add(n0),
                k,
                bias.add(n0),
                c_t,
                ldc,
                n
            );
        }
        r += h;
    }
}

/// `R` rows × 16 columns of a panel (`b` points at the first of them, rows `NR` apart).
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn micro_avx2<const R: usize>(
    a: *const f32,
    lda: usize,
    b: *const f32,
    k: usize,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    use std::arch::x86_64::*;
    let mut c0 = [_mm256_loadu_ps(bias); R];
    let mut c1 = [_mm256_loadu_ps(bias.add(8)); R];
    let mut bp = b;
    for kk in 0..k {
        let b0 = _mm256_loadu_ps(bp);
        let b1 = _mm256_loadu_ps(bp.add(8));
        bp = bp.add(NR);
        for r in 0..R {
            let av = _mm256_broadcast_ss(&*a.add(r * lda + kk));
            c0[r] = _mm256_fmadd_ps(av, b0, c0[r]);
            c1[r] = _mm256_fmadd_ps(av, b1, c1[r]);
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
    b: *const f32,
    k: usize,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    use std::arch::x86_64::*;
    let mut c0 = [_mm512_loadu_ps(bias); R];
    let mut c1 = [_mm512_loadu_ps(bias.add(16)); R];
    let mut bp = b;
    for kk in 0..k {
        let b0 = _mm512_loadu_ps(bp);
        let b1 = _mm512_loadu_ps(bp.add(16));
        bp = bp.add(NR);
        for r in 0..R {
            let av = _mm512_set1_ps(*a.add(r * lda + kk));
            c0[r] = _mm512_fmadd_ps(av, b0, c0[r]);
            c1[r] = _mm512_fmadd_ps(av, b1, c1[r]);
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
    b: *const f32,
    k: usize,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
) {
    tile_portable_with::<R>(a, lda, k, bias, c, ldc, ncols, |kk, bk| {
        bk.copy_from_slice(std::slice::from_raw_parts(b.add(kk * NR), NR))
    })
}

/// The portable 12×32 tile over weight rows produced by `row(kk, out)`: the packed f32 panel's
/// row here, codes × scales in `cgemm`.
///
/// # Safety
/// `a` holds `R` rows of `k` values at stride `lda`; `bias` has `NR` values; `c` is valid for
/// `R` rows of `ncols` at stride `ldc`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) unsafe fn tile_portable_with<const R: usize>(
    a: *const f32,
    lda: usize,
    k: usize,
    bias: *const f32,
    c: *mut f32,
    ldc: usize,
    ncols: usize,
    row: impl Fn(usize, &mut [f32; NR]),
) {
    let bias = std::slice::from_raw_parts(bias, NR);
    let mut acc = [[0f32; NR]; R];
    for r in acc.iter_mut() {
        r.copy_from_slice(bias);
    }
    let mut bk = [0f32; NR];
    for kk in 0..k {
        row(kk, &mut bk);
        for (r, acc_row) in acc.iter_mut().enumerate() {
            let av = *a.add(r * lda + kk);
            for (o, &w) in acc_row.iter_mut().zip(&bk) {
                *o += av * w;
            }
        }
    }
    for (r, acc_row) in acc.iter().enumerate() {
        std::ptr::copy_nonoverlapping(acc_row.as_ptr(), c.add(r * ldc), ncols);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(a: &[f32], m: usize, k: usize, w: &[f32], n: usize, bias: &[f32]) -> Vec<f32> {
        let mut out = vec![0f32; m * n];
        for i in 0..m {
            for j in 0..n {
                let mut s = bias[j] as f64;
                for kk in 0..k {
                    s += a[i * k + kk] as f64 * w[j * k + kk] as f64;
                }
                out[i * n + j] = s as f32;
            }
        }
        out
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

    #[test]
    fn matches_a_naive_product_for_awkward_shapes() {
        // Row counts that exercise every tile height and the cache-block edge; column counts
        // that leave a partial panel.
        for &(m, k, n) in &[
            (1, 8, 32),
            (13, 37, 70),
            (100, 64, 96),
            (25, 5, 17),
            (7, 3, 9),
            (6, 1, 40),
            (19, 33, 1),
        ] {
            let a = values(m * k, 1);
            let w = values(n * k, 2);
            let bias = values(n, 3);
            let packed = PackedF32::new(&w, n, k, &bias);
            let want = reference(&a, m, k, &w, n, &bias);
            for isa in Isa::ALL
                .into_iter()
                .filter(|&i| crate::model::fast::cpu::supports(i))
            {
                // Two halves of the panels, as two team members would compute them.
                let mut out = vec![f32::NAN; m * n];
                let p = packed.panels();
                unsafe {
                    let half = |panels: Range<usize>, out: *mut f32| {
                        packed.matmul_on(isa, a.as_ptr(), m, k, panels, out, n, Epilogue::None)
                    };
                    half(0..p / 2, out.as_mut_ptr());
                    half(p / 2..p, out.as_mut_ptr());
                }
                for (i, (g, w)) in out.iter().zip(&want).enumerate() {
                    assert!(
                        (g - w).abs() < 1e-4,
                        "{isa:?} [{m}x{k}x{n}] {i}: {g} vs {w}"
                    );
                }
            }
        }
    }

    /// The aarch64 portable path (the gemm crate), run here through the crate's x86 kernels:
    /// the strides, bias and panel edges are the same code.
    #[test]
    fn the_gemm_crate_path_matches_a_naive_product() {
        for &(m, k, n) in &[(1, 8, 32), (13, 37, 70), (100, 64, 96), (7, 3, 9)] {
            let a = values(m * k, 7);
            let w = values(n * k, 8);
            let bias = values(n, 9);
            let packed = PackedF32::new(&w, n, k, &bias);
            let want = reference(&a, m, k, &w, n, &bias);
            let res = values(m * n, 10);
            let mut out = vec![f32::NAN; m * n];
            let p = packed.panels();
            unsafe {
                let (ap, op) = (a.as_ptr(), out.as_mut_ptr());
                let e = Epilogue::Residual(res.as_ptr());
                packed.matmul_gemm_crate(ap, m, k, 0..p / 2, op, n, e);
                packed.matmul_gemm_crate(ap, m, k, p / 2..p, op, n, e);
            }
            for (i, g) in out.iter().enumerate() {
                let w = want[i] + res[i];
                assert!((g - w).abs() < 1e-4, "[{m}x{k}x{n}] {i}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn epilogues_apply_gelu_and_residual() {
        let (m, k, n) = (3, 16, 32);
        let a = values(m * k, 4);
        let w = values(n * k, 5);
        let bias = vec![0.0; n];
        let packed = PackedF32::new(&w, n, k, &bias);
        let plain = reference(&a, m, k, &w, n, &bias);
        let res = values(m * n, 6);
        let mut out = vec![0f32; m * n];
        unsafe {
            packed.matmul(
                a.as_ptr(),
                m,
                k,
                0..1,
                out.as_mut_ptr(),
                n,
                Epilogue::Residual(res.as_ptr()),
            )
        };
        for i in 0..m * n {
            assert!((out[i] - (plain[i] + res[i])).abs() < 1e-4);
        }
        unsafe {
            packed.matmul(a.as_ptr(), m, k, 0..1, out.as_mut_ptr(), n, Epilogue::Gelu);
        }
        let mut g = plain.clone();
        crate::model::fast::math::gelu(&mut g);
        for i in 0..m * n {
            assert!((out[i] - g[i]).abs() < 1e-4);
        }
    }
}
