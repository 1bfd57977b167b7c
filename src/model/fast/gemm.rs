//! f32 matrix products against weights packed once at load: `out = a · Wᵀ + bias`, with the
//! weight cut into panels of 32 output columns laid out k-major, so the kernel streams each panel
//! in order and keeps a 12×32 tile of the output in registers (24 of the 32 AVX-512 registers).

use std::ops::Range;

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
        let avx512 = super::cpu::has_avx512();
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
                    tile(avx512, rows, a_t, lda, b, self.k, bias, c_t, ldc, ncols);
                    epilogue.apply(c_t, ldc, rows, ncols, r * ldc + col);
                    r += rows;
                }
            }
            r0 = r1;
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

#[allow(clippy::too_many_arguments)]
#[inline]
pub(super) unsafe fn tile(
    avx512: bool,
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
    #[cfg(target_arch = "x86_64")]
    if avx512 {
        dispatch_rows!(rows, tile_avx512, a, lda, b, k, bias, c, ldc, ncols);
        return;
    }
    let _ = avx512;
    dispatch_rows!(rows, tile_portable, a, lda, b, k, bias, c, ldc, ncols);
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
        for &(m, k, n) in &[(1, 8, 32), (13, 37, 70), (100, 64, 96), (25, 5, 17)] {
            let a = values(m * k, 1);
            let w = values(n * k, 2);
            let bias = values(n, 3);
            let packed = PackedF32::new(&w, n, k, &bias);
            let want = reference(&a, m, k, &w, n, &bias);
            // Two halves of the panels, as two team members would compute them.
            let mut out = vec![f32::NAN; m * n];
            let p = packed.panels();
            unsafe {
                packed.matmul(
                    a.as_ptr(),
                    m,
                    k,
                    0..p / 2,
                    out.as_mut_ptr(),
                    n,
                    Epilogue::None,
                );
                packed.matmul(
                    a.as_ptr(),
                    m,
                    k,
                    p / 2..p,
                    out.as_mut_ptr(),
                    n,
                    Epilogue::None,
                );
            }
            for (i, (g, w)) in out.iter().zip(&want).enumerate() {
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
