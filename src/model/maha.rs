//! Relative Mahalanobis distance (Ren et al., 2021): the distance to the nearest class mean under
//! a shared covariance, minus the distance to one background Gaussian of all training data.
//! Subtracting the background removes the part of the distance that every message shares, which
//! makes it a much better out-of-scope score than the plain distance.

use candle_core::{DType, Device, Tensor, D};

use super::weights::{f32_bytes, Entry, WeightStore};
use super::ModelError;

pub struct MahaScorer {
    means: Tensor,
    precision: Tensor,
    bg_mean: Tensor,
    bg_precision: Tensor,
    /// precision · meansᵀ [dim, classes] and the per-class mᵀPm [classes].
    pm: Tensor,
    mpm: Tensor,
}

/// Class means, shared covariance (shrunk towards its mean variance), background mean and
/// covariance (shrunk the same way), with the covariances inverted. Rows of `x` with label `None`
/// are skipped.
pub struct MahaFit {
    pub dim: usize,
    pub means: Vec<f32>,
    pub precision: Vec<f32>,
    pub bg_mean: Vec<f32>,
    pub bg_precision: Vec<f32>,
}

fn shrunk_inverse(cov: &mut [f64], d: usize, shrinkage: f64) -> Result<Vec<f64>, ModelError> {
    let mean_var = (0..d).map(|i| cov[i * d + i]).sum::<f64>() / d as f64;
    let floor = mean_var.max(1e-12);
    for i in 0..d {
        for j in 0..d {
            cov[i * d + j] *= 1.0 - shrinkage;
        }
        cov[i * d + i] += shrinkage * floor;
    }
    invert_spd(cov, d)
}

/// Inverse of a symmetric positive-definite matrix through its Cholesky factor.
pub fn invert_spd(a: &[f64], d: usize) -> Result<Vec<f64>, ModelError> {
    let mut l = vec![0f64; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = a[i * d + j] - (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum::<f64>();
            if i == j {
                if s <= 0.0 {
                    return Err(ModelError::Format(
                        "covariance is not positive definite".into(),
                    ));
                }
                l[i * d + i] = s.sqrt();
            } else {
                l[i * d + j] = s / l[j * d + j];
            }
        }
    }
    // inv(L) by forward substitution, then inv(A) = inv(L)ᵀ inv(L).
    let mut li = vec![0f64; d * d];
    for c in 0..d {
        for i in c..d {
            let rhs = if i == c { 1.0 } else { 0.0 };
            let s: f64 = rhs - (c..i).map(|k| l[i * d + k] * li[k * d + c]).sum::<f64>();
            li[i * d + c] = s / l[i * d + i];
        }
    }
    let mut inv = vec![0f64; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (i..d).map(|k| li[k * d + i] * li[k * d + j]).sum();
            inv[i * d + j] = s;
            inv[j * d + i] = s;
        }
    }
    Ok(inv)
}

/// Covariance of rows (already centred) through one matmul.
fn scatter(rows: &[f32], n: usize, d: usize) -> Result<Vec<f64>, ModelError> {
    let t = Tensor::from_slice(rows, (n, d), &Device::Cpu)?;
    let c: Vec<f32> = (t.t()?.matmul(&t)? / n.max(1) as f64)?
        .flatten_all()?
        .to_vec1()?;
    Ok(c.into_iter().map(f64::from).collect())
}

impl MahaFit {
    pub fn fit(
        x: &[Vec<f32>],
        labels: &[Option<usize>],
        classes: usize,
        shrinkage: f64,
    ) -> Result<Self, ModelError> {
        let d = x.first().map(|r| r.len()).unwrap_or(0);
        let mut sums = vec![0f64; classes * d];
        let mut counts = vec![0usize; classes];
        let mut bg = vec![0f64; d];
        let mut n = 0usize;
        for (row, l) in x.iter().zip(labels) {
            let Some(c) = *l else { continue };
            counts[c] += 1;
            n += 1;
            for (k, &v) in row.iter().enumerate() {
                sums[c * d + k] += v as f64;
                bg[k] += v as f64;
            }
        }
        if n < 2 || d == 0 {
            return Err(ModelError::Input(
                "Mahalanobis statistics need at least two examples".into(),
            ));
        }
        let means: Vec<f64> = sums
            .iter()
            .enumerate()
            .map(|(i, s)| s / counts[i / d].max(1) as f64)
            .collect();
        bg.iter_mut().for_each(|v| *v /= n as f64);
        let mut within = Vec::with_capacity(n * d);
        let mut around_bg = Vec::with_capacity(n * d);
        for (row, l) in x.iter().zip(labels) {
            let Some(c) = *l else { continue };
            for (k, &v) in row.iter().enumerate() {
                within.push((v as f64 - means[c * d + k]) as f32);
                around_bg.push((v as f64 - bg[k]) as f32);
            }
        }
        let mut cov = scatter(&within, n, d)?;
        let mut cov0 = scatter(&around_bg, n, d)?;
        let p = shrunk_inverse(&mut cov, d, shrinkage)?;
        let p0 = shrunk_inverse(&mut cov0, d, shrinkage)?;
        let f = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        Ok(Self {
            dim: d,
            means: f(means),
            precision: f(p),
            bg_mean: f(bg),
            bg_precision: f(p0),
        })
    }

    pub fn to_entries(&self) -> Vec<Entry> {
        let d = self.dim;
        let classes = self.means.len() / d.max(1);
        vec![
            (
                "oos.maha.means".into(),
                safetensors::Dtype::F32,
                vec![classes, d],
                f32_bytes(&self.means),
            ),
            (
                "oos.maha.precision".into(),
                safetensors::Dtype::F32,
                vec![d, d],
                f32_bytes(&self.precision),
            ),
            (
                "oos.maha.bg_mean".into(),
                safetensors::Dtype::F32,
                vec![d],
                f32_bytes(&self.bg_mean),
            ),
            (
                "oos.maha.bg_precision".into(),
                safetensors::Dtype::F32,
                vec![d, d],
                f32_bytes(&self.bg_precision),
            ),
        ]
    }

    pub fn scorer(&self, device: &Device) -> Result<MahaScorer, ModelError> {
        let d = self.dim;
        let c = self.means.len() / d.max(1);
        MahaScorer::new(
            Tensor::from_slice(&self.means, (c, d), device)?,
            Tensor::from_slice(&self.precision, (d, d), device)?,
            Tensor::from_slice(&self.bg_mean, d, device)?,
            Tensor::from_slice(&self.bg_precision, (d, d), device)?,
        )
    }
}

impl MahaScorer {
    pub fn new(
        means: Tensor,
        precision: Tensor,
        bg_mean: Tensor,
        bg_precision: Tensor,
    ) -> Result<Self, ModelError> {
        let pm = precision.matmul(&means.t()?)?.contiguous()?;
        let mpm = (means.matmul(&precision)? * &means)?.sum(D::Minus1)?;
        Ok(Self {
            means,
            precision,
            bg_mean,
            bg_precision,
            pm,
            mpm,
        })
    }

    pub fn from_store(store: &mut WeightStore, device: &Device) -> Result<Self, ModelError> {
        let mut take = |n: &str| -> Result<Tensor, ModelError> {
            Ok(store.take_dense(n, device)?.to_dtype(DType::F32)?)
        };
        let means = take("oos.maha.means")?;
        let precision = take("oos.maha.precision")?;
        let bg_mean = take("oos.maha.bg_mean")?;
        let bg_precision = take("oos.maha.bg_precision")?;
        Self::new(means, precision, bg_mean, bg_precision)
    }

    /// (P·meansᵀ [dim, classes], μᵀPμ [classes], precision P [dim, dim], background mean
    /// [dim], background precision [dim, dim]): what the fast heads pack.
    pub fn parts(&self) -> (&Tensor, &Tensor, &Tensor, &Tensor, &Tensor) {
        (
            &self.pm,
            &self.mpm,
            &self.precision,
            &self.bg_mean,
            &self.bg_precision,
        )
    }

    pub fn classes(&self) -> usize {
        self.means.dim(0).unwrap_or(0)
    }

    /// Squared distances [batch, classes] to each class mean.
    pub fn class_distances(&self, emb: &Tensor) -> Result<Tensor, ModelError> {
        let q = (emb.matmul(&self.precision)? * emb)?.sum_keepdim(D::Minus1)?;
        let cross = emb.matmul(&self.pm)?;
        Ok(cross
            .affine(-2.0, 0.0)?
            .broadcast_add(&q)?
            .broadcast_add(&self.mpm)?)
    }

    /// (plain, relative) Mahalanobis scores per row; higher = further from every class.
    pub fn scores(&self, emb: &Tensor) -> Result<(Vec<f32>, Vec<f32>), ModelError> {
        let dist = self.class_distances(emb)?;
        let min: Vec<f32> = dist.min(D::Minus1)?.to_vec1()?;
        let c = emb.broadcast_sub(&self.bg_mean)?;
        let d0: Vec<f32> = (c.matmul(&self.bg_precision)? * &c)?
            .sum(D::Minus1)?
            .to_vec1()?;
        let rel = min.iter().zip(&d0).map(|(a, b)| a - b).collect();
        Ok((min, rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverts_a_hand_checked_matrix() {
        // [[4, 2], [2, 3]]⁻¹ = 1/8 · [[3, −2], [−2, 4]].
        let inv = invert_spd(&[4.0, 2.0, 2.0, 3.0], 2).unwrap();
        let want = [0.375, -0.25, -0.25, 0.5];
        for (a, b) in inv.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{inv:?}");
        }
        assert!(invert_spd(&[1.0, 2.0, 2.0, 1.0], 2).is_err());
    }

    #[test]
    fn distances_match_a_hand_computed_example() {
        // Two classes in 2-d: class 0 at (±1, 0) around (0, 0); class 1 at (4, ±1) around (4, 0).
        let x = vec![
            vec![1.0, 0.0],
            vec![-1.0, 0.0],
            vec![4.0, 1.0],
            vec![4.0, -1.0],
        ];
        let y = vec![Some(0), Some(0), Some(1), Some(1)];
        let fit = MahaFit::fit(&x, &y, 2, 0.0).unwrap();
        assert_eq!(fit.means, vec![0.0, 0.0, 4.0, 0.0]);
        // Within-class covariance: diag(0.5, 0.5) → precision diag(2, 2).
        let p = &fit.precision;
        assert!((p[0] - 2.0).abs() < 1e-5 && (p[3] - 2.0).abs() < 1e-5 && p[1].abs() < 1e-6);
        // Background: mean (2, 0), covariance diag(4.5, 0.5) → precision diag(2/9, 2).
        assert!((fit.bg_precision[0] - 2.0 / 9.0).abs() < 1e-5);
        let s = fit.scorer(&Device::Cpu).unwrap();
        let q = Tensor::new(&[[0f32, 1.0], [2.0, 0.0]], &Device::Cpu).unwrap();
        let d: Vec<Vec<f32>> = s.class_distances(&q).unwrap().to_vec2().unwrap();
        // (0,1): to class 0: 2·1 = 2; to class 1: 2·(16 + 1) = 34.
        assert!((d[0][0] - 2.0).abs() < 1e-4 && (d[0][1] - 34.0).abs() < 1e-3);
        let (plain, rel) = s.scores(&q).unwrap();
        assert!((plain[1] - 8.0).abs() < 1e-4);
        // (2,0) sits on the background mean: relative = plain − 0.
        assert!((rel[1] - 8.0).abs() < 1e-4);
        // (0,1): background distance (2²)·2/9 + 1·2 = 8/9 + 2.
        assert!((rel[0] - (2.0 - (8.0 / 9.0 + 2.0))).abs() < 1e-4);
    }

    #[test]
    fn shrinkage_keeps_singular_covariance_invertible() {
        // All points on a line: singular covariance, fine once shrunk.
        let x = vec![vec![1.0, 1.0], vec![2.0, 2.0], vec![3.0, 3.0]];
        let y = vec![Some(0), Some(0), Some(0)];
        assert!(MahaFit::fit(&x, &y, 1, 0.0).is_err());
        assert!(MahaFit::fit(&x, &y, 1, 0.1).is_ok());
    }
}
