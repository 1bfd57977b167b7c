//! Similarities of query embeddings against a bank of stored embeddings (the out-of-scope kNN
//! bank: 6000 × 384 for the default model). At batch 1 this is a matrix–vector product bound by
//! memory, not arithmetic, so the bank stays in f16 when that is exact (banks are stored as f16)
//! and is widened to f32 in registers: half the bytes of an f32 copy, the same results.
//!
//! Only the nearest few rows matter (the kNN distance and the neighbour vote read the top k), so
//! with VNNI the bank is first screened with an int8 copy (a quarter of the f32 bytes, four
//! multiply-adds per instruction), and only rows whose screened score plus a proven error bound
//! can reach the k-th best lower bound are scored exactly. The top k and their similarities are
//! then the same bits as a full scan; the other rows read −∞.

use std::ops::Range;

use half::f16;

use super::cpu::{Int8Dot, Isa};

enum Rows {
    F16(Vec<f16>),
    F32(Vec<f32>),
}

pub struct Bank {
    rows: Rows,
    n: usize,
    dim: usize,
    screen: Option<Screen>,
}

/// The int8 copy used to screen rows, with what bounds its error: for a query `q` with int8
/// image `q̂`, `|q·r − q̂·r̂| ≤ ‖q‖‖r − r̂‖ + ‖q − q̂‖‖r̂‖` (Cauchy–Schwarz, twice).
struct Screen {
    /// `[n, dim]`, `r̂ = scale · code`.
    codes: Vec<i8>,
    scale: Vec<f32>,
    /// Σ codes of each row: undoes the +128 that makes the query unsigned for `vpdpbusd`.
    sum: Vec<i32>,
    /// ‖r − r̂‖ per row.
    err: Vec<f32>,
    /// ‖r̂‖ per row.
    norm: Vec<f32>,
}

/// A query's int8 image for screening: `q̂ = scale · (code − 128)`.
pub struct QueryCode {
    codes: Vec<u8>,
    scale: f32,
    /// ‖q‖
    norm: f32,
    /// ‖q − q̂‖
    err: f32,
}

/// Screening pays only when most rows can be skipped, and the VNNI kernel wants whole 64-byte
/// chunks per row.
const SCREEN_MIN_ROWS: usize = 256;

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
        let screen = (dim > 0 && dim.is_multiple_of(64) && n >= SCREEN_MIN_ROWS)
            .then(|| Screen::new(data, n, dim));
        Self {
            rows,
            n,
            dim,
            screen,
        }
    }

    /// Whether [`Self::screen`] is available and worth it on this CPU.
    pub fn screens(&self) -> bool {
        self.screen.is_some() && super::cpu::int8().is_fast()
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
            let b = self.row(j, &mut row);
            for i in 0..m {
                *out.add(i * self.n + j) = dot(&x[i * d..(i + 1) * d], b);
            }
        }
    }

    /// Row `j` as f32, widened into `buf` when stored as f16.
    fn row<'a>(&'a self, j: usize, buf: &'a mut [f32]) -> &'a [f32] {
        let d = self.dim;
        match &self.rows {
            Rows::F32(v) => &v[j * d..(j + 1) * d],
            Rows::F16(v) => {
                widen(&v[j * d..(j + 1) * d], buf);
                buf
            }
        }
    }

    /// The int8 image of one query row, for [`Self::screen`] and [`Self::candidates`].
    pub fn quantize_query(&self, x: &[f32]) -> QueryCode {
        debug_assert_eq!(x.len(), self.dim);
        let max = x.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let codes: Vec<u8> = x
            .iter()
            .map(|&v| ((v / scale).round().clamp(-127.0, 127.0) as i32 + 128) as u8)
            .collect();
        let (mut norm, mut err) = (0f64, 0f64);
        for (&v, &c) in x.iter().zip(&codes) {
            let back = (c as i32 - 128) as f64 * scale as f64;
            norm += (v as f64).powi(2);
            err += (v as f64 - back).powi(2);
        }
        QueryCode {
            codes,
            scale,
            norm: norm.sqrt() as f32,
            err: err.sqrt() as f32,
        }
    }

    /// Screens the bank rows in `range` for every query: `upper[i * n + j]` gets an upper bound
    /// on query i's exact similarity to row j, and the result holds, per query, the `keep`
    /// largest lower bounds among the rows of the range that `counted` counts (all when `None`),
    /// in no order, fewer when the range has fewer. See [`threshold`] and [`Self::candidates`].
    ///
    /// # Safety
    /// `upper` is valid for `queries.len() × n` values and no other thread writes the columns
    /// in `range`. Panics when the bank has no int8 copy (see [`Self::screens`]).
    pub unsafe fn screen(
        &self,
        queries: &[QueryCode],
        range: Range<usize>,
        keep: usize,
        counted: Option<&[bool]>,
        upper: *mut f32,
    ) -> Vec<Vec<f32>> {
        let s = self.screen.as_ref().expect("bank has no int8 screen");
        let d = self.dim;
        // The exact scan rounds too: `dim` products of magnitude ≤ ‖x‖‖r‖ in f32.
        let slop = 4.0 * d as f32 * f32::EPSILON;
        let mut best: Vec<Best> = queries.iter().map(|_| Best::new(keep)).collect();
        let mut raw = [0i32; 4];
        let mut j = range.start;
        while j < range.end {
            let w = (range.end - j).min(4);
            for (i, q) in queries.iter().enumerate() {
                int_dots(&q.codes, &s.codes[j * d..(j + w) * d], &mut raw[..w]);
                // |q·r − q̂·r̂| ≤ ‖q‖‖r − r̂‖ + ‖q − q̂‖‖r̂‖, plus the slop on both.
                let (ea, eb) = (q.norm * (1.0 + slop), q.err + slop * q.norm);
                for (r, &dot) in raw[..w].iter().enumerate() {
                    let row = j + r;
                    let approx = q.scale * s.scale[row] * (dot - 128 * s.sum[row]) as f32;
                    let bound = ea * s.err[row] + eb * s.norm[row];
                    *upper.add(i * self.n + row) = approx + bound;
                    if counted.is_none_or(|c| c[row]) {
                        best[i].offer(approx - bound);
                    }
                }
            }
            j += w;
        }
        best.into_iter().map(|b| b.values).collect()
    }

    /// Exact similarities of query `x` for the rows of `range` whose upper bound (`upper`, that
    /// query's part of [`Self::screen`] for `range`) reaches `t`, in bank order.
    ///
    /// With `t` the `keep`-th largest lower bound of the counted rows (see [`threshold`]), at
    /// least `keep` counted rows are exactly ≥ t, so the k-th nearest row, counted or not, is
    /// ≥ t for every k ≤ keep, and each of the k nearest has an upper bound ≥ t: it is here.
    pub fn candidates(
        &self,
        x: &[f32],
        upper: &[f32],
        range: Range<usize>,
        t: f32,
    ) -> Vec<(u32, f32)> {
        let mut buf = vec![0f32; self.dim];
        let start = range.start;
        range
            .filter(|&j| upper[j - start] >= t)
            .map(|j| (j as u32, dot(x, self.row(j, &mut buf))))
            .collect()
    }

    /// [`Self::screen`], [`threshold`] and [`Self::candidates`] over the whole bank, one thread.
    pub fn nearest(&self, x: &[f32], keep: usize, counted: Option<&[bool]>) -> Vec<(u32, f32)> {
        let q = self.quantize_query(x);
        let mut upper = vec![0f32; self.n];
        // SAFETY: `upper` holds one query's n values and is ours alone.
        let lower = unsafe {
            self.screen(
                std::slice::from_ref(&q),
                0..self.n,
                keep,
                counted,
                upper.as_mut_ptr(),
            )
        };
        let t = threshold(lower.into_iter().flatten(), keep);
        self.candidates(x, &upper, 0..self.n, t)
    }
}

/// The `keep` largest values offered so far.
struct Best {
    keep: usize,
    values: Vec<f32>,
    floor: f32,
}

impl Best {
    fn new(keep: usize) -> Self {
        Self {
            keep,
            values: Vec::with_capacity(keep),
            floor: f32::NEG_INFINITY,
        }
    }

    fn offer(&mut self, v: f32) {
        if self.values.len() < self.keep {
            self.values.push(v);
            if self.values.len() == self.keep {
                self.floor = self.values.iter().copied().fold(f32::INFINITY, f32::min);
            }
        } else if v > self.floor {
            let at = self
                .values
                .iter()
                .position(|&x| x == self.floor)
                .expect("the floor is one of the values");
            self.values[at] = v;
            self.floor = self.values.iter().copied().fold(f32::INFINITY, f32::min);
        }
    }
}

/// The `keep`-th largest of lower bounds gathered from [`Bank::screen`]: each of the `keep`
/// nearest rows can reach it. −∞ (keep everything) when there are fewer than `keep`.
pub fn threshold(lower: impl IntoIterator<Item = f32>, keep: usize) -> f32 {
    let mut all: Vec<f32> = lower.into_iter().collect();
    if keep == 0 || all.len() < keep {
        return f32::NEG_INFINITY;
    }
    let at = all.len() - keep;
    *all.select_nth_unstable_by(at, |a, b| a.total_cmp(b)).1
}

impl Screen {
    fn new(data: &[f32], n: usize, d: usize) -> Self {
        let mut s = Screen {
            codes: Vec::with_capacity(n * d),
            scale: Vec::with_capacity(n),
            sum: Vec::with_capacity(n),
            err: Vec::with_capacity(n),
            norm: Vec::with_capacity(n),
        };
        for r in data.chunks(d) {
            let max = r.iter().fold(0f32, |m, v| m.max(v.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            let (mut sum, mut err, mut norm) = (0i32, 0f64, 0f64);
            for &v in r {
                let c = (v / scale).round().clamp(-127.0, 127.0) as i8;
                let back = c as f64 * scale as f64;
                s.codes.push(c);
                sum += c as i32;
                err += (v as f64 - back).powi(2);
                norm += back * back;
            }
            s.scale.push(scale);
            s.sum.push(sum);
            // Rounded up so the f32 bounds never fall below the f64 ones.
            s.err.push(next_up(err.sqrt()));
            s.norm.push(next_up(norm.sqrt()));
        }
        s
    }
}

fn next_up(v: f64) -> f32 {
    let f = v as f32;
    if (f as f64) < v {
        f32::from_bits(f.to_bits() + 1)
    } else {
        f
    }
}

/// `out[r] = int_dot(a, row r of rows)` for `out.len()` consecutive rows of `a.len()` bytes.
fn int_dots(a: &[u8], rows: &[i8], out: &mut [i32]) {
    int_dots_on(super::cpu::int8(), a, rows, out)
}

/// [`int_dots`] with the kernel `dot` (which the CPU must support).
fn int_dots_on(dot: Int8Dot, a: &[u8], rows: &[i8], out: &mut [i32]) {
    let d = a.len();
    assert_eq!(rows.len(), d * out.len());
    assert!(super::cpu::supports_int8(dot) && out.len() <= 4);
    match dot {
        // SAFETY: VNNI (with AVX-512 BW) checked at run time; four rows of d bytes, d % 64 == 0.
        #[cfg(target_arch = "x86_64")]
        Int8Dot::Vnni512 if out.len() == 4 && d.is_multiple_of(64) => unsafe {
            int_dots4_vnni(a, rows, out)
        },
        // SAFETY: AVX-VNNI checked at run time (supports_int8); rows of d bytes, d % 32 == 0.
        #[cfg(target_arch = "x86_64")]
        Int8Dot::AvxVnni if d.is_multiple_of(32) => unsafe { int_dots_avxvnni(a, rows, out) },
        // SAFETY: AVX2 checked at run time (supports_int8, and every VNNI CPU has AVX2); rows
        // of d bytes, d % 16 == 0.
        #[cfg(target_arch = "x86_64")]
        Int8Dot::Vnni512 | Int8Dot::AvxVnni | Int8Dot::Avx2 if d.is_multiple_of(16) => unsafe {
            int_dots_avx2(a, rows, out)
        },
        _ => {
            for (o, r) in out.iter_mut().zip(rows.chunks(d)) {
                *o = int_dot(a, r);
            }
        }
    }
}

/// Four rows at once: four independent accumulator chains instead of one.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
unsafe fn int_dots4_vnni(a: &[u8], rows: &[i8], out: &mut [i32]) {
    use std::arch::x86_64::*;
    let d = a.len();
    let p = rows.as_ptr();
    let mut acc = [_mm512_setzero_si512(); 4];
    for c in 0..d / 64 {
        let x = _mm512_loadu_si512(a.as_ptr().add(c * 64) as *const __m512i);
        for (r, acc) in acc.iter_mut().enumerate() {
            let y = _mm512_loadu_si512(p.add(r * d + c * 64) as *const __m512i);
            *acc = _mm512_dpbusd_epi32(*acc, x, y);
        }
    }
    for (o, acc) in out.iter_mut().zip(acc) {
        *o = _mm512_reduce_add_epi32(acc);
    }
}

/// Up to four rows, 32 bytes per `vpdpbusd`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,avxvnni")]
unsafe fn int_dots_avxvnni(a: &[u8], rows: &[i8], out: &mut [i32]) {
    use std::arch::x86_64::*;
    let d = a.len();
    let p = rows.as_ptr();
    let mut acc = [_mm256_setzero_si256(); 4];
    for c in 0..d / 32 {
        let x = _mm256_loadu_si256(a.as_ptr().add(c * 32) as *const __m256i);
        for (r, acc) in acc.iter_mut().enumerate().take(out.len()) {
            let y = _mm256_loadu_si256(p.add(r * d + c * 32) as *const __m256i);
            *acc = _mm256_dpbusd_avx_epi32(*acc, x, y);
        }
    }
    for (o, acc) in out.iter_mut().zip(acc) {
        *o = hsum_epi32(acc);
    }
}

/// Up to four rows with both sides widened to i16 and `vpmaddwd`: the u8 query is at most 255
/// and a row byte at least −127, so a pair sum (≤ 2·255·127) cannot overflow, unlike
/// `vpmaddubsw`'s i16 result.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn int_dots_avx2(a: &[u8], rows: &[i8], out: &mut [i32]) {
    use std::arch::x86_64::*;
    let d = a.len();
    let p = rows.as_ptr();
    let mut acc = [_mm256_setzero_si256(); 4];
    for c in 0..d / 16 {
        let x = _mm256_cvtepu8_epi16(_mm_loadu_si128(a.as_ptr().add(c * 16) as *const __m128i));
        for (r, acc) in acc.iter_mut().enumerate().take(out.len()) {
            let y = _mm256_cvtepi8_epi16(_mm_loadu_si128(p.add(r * d + c * 16) as *const __m128i));
            *acc = _mm256_add_epi32(*acc, _mm256_madd_epi16(x, y));
        }
    }
    for (o, acc) in out.iter_mut().zip(acc) {
        *o = hsum_epi32(acc);
    }
}

#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
fn hsum_epi32(v: std::arch::x86_64::__m256i) -> i32 {
    use std::arch::x86_64::*;
    let s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b01_00_11_10));
    let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b10_11_00_01));
    _mm_cvtsi128_si32(s)
}

/// Σ a_k · b_k with `a` unsigned, `b` signed bytes (what `vpdpbusd` computes).
fn int_dot(a: &[u8], b: &[i8]) -> i32 {
    a.iter().zip(b).map(|(&x, &y)| x as i32 * y as i32).sum()
}

fn widen(src: &[f16], dst: &mut [f32]) {
    widen_on(super::cpu::isa(), src, dst)
}

/// [`widen`] with the kernels of `isa` (which the CPU must support).
fn widen_on(isa: Isa, src: &[f16], dst: &mut [f32]) {
    assert!(super::cpu::supports(isa) && dst.len() >= src.len());
    match isa {
        // SAFETY: AVX-512F checked at run time; lengths are equal multiples of 16.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 if src.len().is_multiple_of(16) => unsafe { widen_avx512(src, dst) },
        // SAFETY: AVX2 + F16C checked at run time (cpu::supports(Avx2) requires F16C);
        // lengths are equal multiples of 8.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 | Isa::Avx2 if src.len().is_multiple_of(8) => unsafe { widen_avx2(src, dst) },
        _ => {
            for (d, s) in dst.iter_mut().zip(src) {
                *d = s.to_f32();
            }
        }
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

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,f16c")]
unsafe fn widen_avx2(src: &[f16], dst: &mut [f32]) {
    use std::arch::x86_64::*;
    for c in 0..src.len() / 8 {
        let h = _mm_loadu_si128(src.as_ptr().add(c * 8) as *const __m128i);
        _mm256_storeu_ps(dst.as_mut_ptr().add(c * 8), _mm256_cvtph_ps(h));
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    dot_on(super::cpu::isa(), a, b)
}

/// [`dot`] with the kernels of `isa` (which the CPU must support).
fn dot_on(isa: Isa, a: &[f32], b: &[f32]) -> f32 {
    assert!(super::cpu::supports(isa) && a.len() == b.len());
    match isa {
        // SAFETY: AVX-512F checked at run time; lengths are equal multiples of 16.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 if a.len().is_multiple_of(16) => unsafe { dot_avx512(a, b) },
        // SAFETY: AVX2 + FMA checked at run time; lengths are equal multiples of 8.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 if a.len().is_multiple_of(8) => unsafe { dot_avx2(a, b) },
        _ => a.iter().zip(b).map(|(x, y)| x * y).sum(),
    }
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

/// Four accumulators: the FMA latency (4–5 cycles) hides behind independent chains.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_avx2(a: &[f32], b: &[f32]) -> f32 {
    use std::arch::x86_64::*;
    let mut s = [_mm256_setzero_ps(); 4];
    let n = a.len() / 8;
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    let mut c = 0;
    while c + 4 <= n {
        for (i, s) in s.iter_mut().enumerate() {
            let o = (c + i) * 8;
            *s = _mm256_fmadd_ps(_mm256_loadu_ps(pa.add(o)), _mm256_loadu_ps(pb.add(o)), *s);
        }
        c += 4;
    }
    while c < n {
        s[0] = _mm256_fmadd_ps(
            _mm256_loadu_ps(pa.add(c * 8)),
            _mm256_loadu_ps(pb.add(c * 8)),
            s[0],
        );
        c += 1;
    }
    let s = _mm256_add_ps(_mm256_add_ps(s[0], s[1]), _mm256_add_ps(s[2], s[3]));
    super::hsum256(s)
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

    /// Unit vectors in a few tight clusters (neighbours nearly tie, as in a real bank), stored
    /// as f16 like the shipped banks.
    pub(super) fn clustered(n: usize, d: usize, seed: u64) -> Vec<f32> {
        let mut state = seed;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as f32 / (1u64 << 31) as f32) - 0.5
        };
        let centres: Vec<Vec<f32>> = (0..8).map(|_| (0..d).map(|_| next()).collect()).collect();
        let mut out = Vec::with_capacity(n * d);
        for i in 0..n {
            let c = &centres[i % centres.len()];
            let v: Vec<f32> = c.iter().map(|x| x + 0.15 * next()).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            out.extend(v.iter().map(|x| f16::from_f32(x / norm).to_f32()));
        }
        out
    }

    fn top(row: &[f32], k: usize, counted: Option<&[bool]>) -> Vec<(usize, f32)> {
        let mut idx: Vec<usize> = (0..row.len())
            .filter(|&j| counted.is_none_or(|c| c[j]))
            .collect();
        idx.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
        idx.iter().take(k).map(|&j| (j, row[j])).collect()
    }

    #[test]
    fn screened_rows_keep_the_exact_nearest() {
        let (n, d, m, keep) = (2000, 384, 6, 10);
        let data = clustered(n, d, 7);
        let bank = Bank::new(&data, n, d);
        assert!(bank.is_f16() && bank.screen.is_some());
        let queries = clustered(m, d, 99);
        let full = all(&bank, &queries, m);
        // Every third row does not count for the distance (like out-of-scope rows).
        let counted: Vec<bool> = (0..n).map(|j| j % 3 != 0).collect();
        let mut skipped = 0;
        for i in 0..m {
            let exact = &full[i * n..(i + 1) * n];
            for c in [None, Some(&counted[..])] {
                let near = bank.nearest(&queries[i * d..(i + 1) * d], keep, c);
                let mut got = vec![f32::NEG_INFINITY; n];
                near.iter().for_each(|&(j, v)| got[j as usize] = v);
                for k in [1, 5, keep] {
                    // Bit-identical nearest rows, over all rows and over the counted ones.
                    assert_eq!(top(&got, k, None), top(exact, k, None));
                    assert_eq!(top(&got, k, c), top(exact, k, c));
                }
                for (g, e) in got.iter().zip(exact) {
                    assert!(*g == f32::NEG_INFINITY || g == e);
                }
                skipped += got.iter().filter(|v| **v == f32::NEG_INFINITY).count();
            }
        }
        // The screen must actually skip most rows, or it is only overhead.
        assert!(skipped > m * 2 * n / 2, "skipped only {skipped}");
    }

    #[test]
    fn screen_bounds_hold_for_every_row() {
        let (n, d) = (512, 128);
        let data = clustered(n, d, 3);
        let bank = Bank::new(&data, n, d);
        let queries = clustered(4, d, 11);
        let codes: Vec<QueryCode> = queries.chunks(d).map(|q| bank.quantize_query(q)).collect();
        let mut upper = vec![0f32; 4 * n];
        for j in 0..n {
            // One row at a time, so each returned lower bound is that row's.
            let lower = unsafe { bank.screen(&codes, j..j + 1, 1, None, upper.as_mut_ptr()) };
            for (i, q) in queries.chunks(d).enumerate() {
                let exact = dot(q, &data[j * d..(j + 1) * d]);
                assert!(lower[i][0] <= exact && exact <= upper[i * n + j], "row {j}");
                assert!(
                    upper[i * n + j] - lower[i][0] < 0.05,
                    "bound too loose to screen"
                );
            }
        }
        // Four rows at a time (the VNNI kernel's block) gives the same upper bounds.
        let mut blocked = vec![0f32; 4 * n];
        unsafe { bank.screen(&codes, 0..n, 3, None, blocked.as_mut_ptr()) };
        assert_eq!(blocked, upper);
    }

    #[test]
    fn best_keeps_the_largest() {
        let mut b = Best::new(3);
        for v in [5.0, 1.0, 7.0, 3.0, 9.0, 2.0, 7.0] {
            b.offer(v);
        }
        let mut got = b.values.clone();
        got.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(got, vec![9.0, 7.0, 7.0]);
        assert_eq!(threshold(got, 2), 7.0);
        assert_eq!(threshold(vec![1.0], 2), f32::NEG_INFINITY);
    }

    #[test]
    fn int8_dots_match_scalar_on_every_kernel() {
        // Widths that take each kernel's vector path (64, 32, 16) or its scalar fallback, and
        // the extreme bytes (255 × −127) that would saturate vpmaddubsw.
        for d in [192usize, 96, 48, 40, 7] {
            for rows in 1..=4 {
                let a: Vec<u8> = (0..d)
                    .map(|i| {
                        if i % 7 == 0 {
                            255
                        } else {
                            (i * 37 % 256) as u8
                        }
                    })
                    .collect();
                let b: Vec<i8> = (0..rows * d)
                    .map(|i| {
                        if i % 5 == 0 {
                            -127
                        } else {
                            ((i * 53 % 255) as i32 - 127) as i8
                        }
                    })
                    .collect();
                let want: Vec<i32> = b.chunks(d).map(|r| int_dot(&a, r)).collect();
                for dot in Int8Dot::ALL
                    .into_iter()
                    .filter(|&k| crate::model::fast::cpu::supports_int8(k))
                {
                    let mut got = vec![0i32; rows];
                    int_dots_on(dot, &a, &b, &mut got);
                    assert_eq!(got, want, "{dot:?} d={d} rows={rows}");
                }
            }
        }
    }

    #[test]
    fn float_kernels_match_scalar_on_every_set() {
        for d in [384usize, 48, 40, 24, 17, 3] {
            let a: Vec<f32> = (0..d)
                .map(|i| ((i * 37 % 101) as f32 - 50.0) / 64.0)
                .collect();
            let b: Vec<f32> = (0..d)
                .map(|i| ((i * 13 % 89) as f32 - 44.0) / 32.0)
                .collect();
            let halves: Vec<f16> = b.iter().map(|&x| f16::from_f32(x)).collect();
            let want: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
            for isa in Isa::ALL
                .into_iter()
                .filter(|&i| crate::model::fast::cpu::supports(i))
            {
                let got = dot_on(isa, &a, &b) as f64;
                assert!(
                    (got - want).abs() < 1e-4 * want.abs().max(1.0),
                    "{isa:?} d={d}"
                );
                let mut wide = vec![f32::NAN; d];
                widen_on(isa, &halves, &mut wide);
                assert_eq!(wide, b, "{isa:?} d={d}");
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
