use super::*;

#[test]
fn vector_quantization_matches_the_scalar_reference() {
    // Widths with and without a 16-lane tail; values include exact .5 steps (ties to even).
    for width in [16usize, 37, 384] {
        let rows = 3;
        let mut x = values(rows * width, width as u32);
        x[1] = 0.5 / 127.0 * x.iter().fold(0f32, |m, v| m.max(v.abs()));
        for dot in Int8Dot::ALL
            .into_iter()
            .filter(|&d| crate::model::fast::cpu::supports_int8(d))
        {
            let q = QuantRows::new_for(dot, rows, width);
            unsafe { q.quantize(x.as_ptr(), width, 0..rows) };
            for r in 0..rows {
                let mut want = vec![0u8; q.stride];
                let s = quantize_row(&x[r * width..(r + 1) * width], &mut want);
                let got: Vec<u8> = if q.wide {
                    let p = unsafe { (q.data as *const i16).add(r * q.stride) };
                    let wide = unsafe { std::slice::from_raw_parts(p, q.stride) };
                    wide.iter().map(|&v| (v + 128) as u8).collect()
                } else {
                    unsafe { std::slice::from_raw_parts(q.data.add(r * q.stride), q.stride) }
                        .to_vec()
                };
                assert_eq!(got, want, "{dot:?} width {width} row {r}");
                assert_eq!(unsafe { *q.scales.add(r) }, s);
            }
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
    // Shapes with row counts that leave partial 6- and 12-row tiles, k not a multiple of
    // 4, and partial 8-, 16- and 32-column blocks.
    for &(m, k, n) in &[
        (1, 8, 32),
        (13, 38, 70),
        (30, 64, 96),
        (7, 5, 9),
        (19, 383, 45),
    ] {
        let a = values(m * k, 11);
        let w = values(n * k, 12);
        let bias = values(n, 13);
        let packed = PackedI8::new(&w, n, k, &bias);
        let want = reference(&a, m, k, &w, n, &bias);
        let mut exact = vec![0f32; m * n];
        for i in 0..m {
            for j in 0..n {
                exact[i * n + j] =
                    bias[j] + (0..k).map(|kk| a[i * k + kk] * w[j * k + kk]).sum::<f32>();
            }
        }
        let kernels = Int8Dot::ALL
            .into_iter()
            .filter(|&d| crate::model::fast::cpu::supports_int8(d));
        for dot in kernels {
            let q = QuantRows::new_for(dot, m, k);
            let mut out = vec![f32::NAN; m * n];
            let p = packed.panels();
            unsafe {
                q.quantize(a.as_ptr(), k, 0..m);
                packed.matmul_on(dot, &q, m, 0..p / 2, out.as_mut_ptr(), n, Epilogue::None);
                packed.matmul_on(dot, &q, m, p / 2..p, out.as_mut_ptr(), n, Epilogue::None);
            }
            for (i, (g, w)) in out.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() < 1e-3 * (1.0 + w.abs()),
                    "{dot:?} [{m}x{k}x{n}] {i}: {g} vs {w}"
                );
            }
            // And close to the float product (quantization error only).
            let err = out
                .iter()
                .zip(&exact)
                .map(|(g, e)| (g - e).abs())
                .fold(0f32, f32::max);
            assert!(
                err < 0.05 * (k as f32).sqrt(),
                "{dot:?} int8 error {err} too large"
            );
        }
    }
}

/// Extremes of both ranges (every activation ±127, every weight ±127, long k): the sums the
/// AVX2 kernel forms must not saturate anywhere, so all kernels agree exactly.
#[test]
fn int8_kernels_agree_exactly_at_the_range_limits() {
    let (m, k, n) = (13, 1536, 40);
    let a: Vec<f32> = (0..m * k)
        .map(|i| if i % 3 == 0 { -1.0 } else { 1.0 })
        .collect();
    let w: Vec<f32> = (0..n * k)
        .map(|i| if i % 5 < 2 { -1.0 } else { 1.0 })
        .collect();
    let packed = PackedI8::new(&w, n, k, &vec![0.0; n]);
    let mut results = Vec::new();
    for dot in Int8Dot::ALL
        .into_iter()
        .filter(|&d| crate::model::fast::cpu::supports_int8(d))
    {
        let q = QuantRows::new_for(dot, m, k);
        let mut out = vec![f32::NAN; m * n];
        unsafe {
            q.quantize(a.as_ptr(), k, 0..m);
            packed.matmul_on(
                dot,
                &q,
                m,
                0..packed.panels(),
                out.as_mut_ptr(),
                n,
                Epilogue::None,
            );
        }
        results.push((dot, out));
    }
    let want = reference(&a, m, k, &w, n, &vec![0.0; n]);
    for (dot, out) in &results {
        assert_eq!(
            out, &results[0].1,
            "{dot:?} differs from {:?}",
            results[0].0
        );
        for (g, w) in out.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-3 * w.abs().max(1.0),
                "{dot:?}: {g} vs {w}"
            );
        }
    }
}

/// The AVX-VNNI kernel's code, run through the EVEX encoding of the same instruction where
/// this machine has AVX-512 VNNI but no AVX-VNNI (so its logic is tested here too).
#[cfg(target_arch = "x86_64")]
#[test]
fn vnni256_kernel_matches_the_integer_reference() {
    use std::arch::is_x86_feature_detected as has;
    if !(has!("avx2") && has!("fma") && has!("avx512vnni") && has!("avx512vl")) {
        eprintln!("note: no AVX-512 VNNI + VL; the 256-bit VNNI kernel is not run here");
        return;
    }
    for &(m, k, n) in &[(13, 38, 70), (7, 5, 9), (25, 384, 32)] {
        let a = values(m * k, 21);
        let w = values(n * k, 22);
        let bias = values(n, 23);
        let packed = PackedI8::new(&w, n, k, &bias);
        let q = QuantRows::new_for(Int8Dot::Portable, m, k);
        let mut out = vec![f32::NAN; m * n];
        unsafe {
            q.quantize(a.as_ptr(), k, 0..m);
            for p in 0..packed.panels() {
                let col = p * NR;
                let cols = Cols {
                    b: packed.data.as_ptr().add(p * packed.k4 * NR),
                    k4: packed.k4,
                    scale: packed.scale.as_ptr().add(col),
                    offset: packed.offset.as_ptr().add(col),
                    bias: packed.bias.as_ptr().add(col),
                    ncols: NR.min(n - col),
                };
                let mut r = 0;
                while r < m {
                    let rows = MR.min(m - r);
                    let (a_t, s_t) = (q.data.add(r * q.stride), q.scales.add(r));
                    let c_t = out.as_mut_ptr().add(r * n + col);
                    tile_vnni256_evex(rows, a_t, q.stride, s_t, &cols, c_t, n);
                    r += rows;
                }
            }
        }
        // The same quantized rows through the portable kernel: the same integer sums.
        let mut want = vec![f32::NAN; m * n];
        let p = packed.panels();
        let wp = want.as_mut_ptr();
        unsafe { packed.matmul_on(Int8Dot::Portable, &q, m, 0..p, wp, n, Epilogue::None) };
        for (i, (g, w)) in out.iter().zip(&want).enumerate() {
            assert!(
                (g - w).abs() < 1e-5 * (1.0 + w.abs()),
                "[{m}x{k}x{n}] {i}: {g} vs {w}"
            );
        }
    }
}
