//! Centring of the intent features: subtract the training mean of the pooled embeddings, then
//! re-normalise. The encoders' embeddings share one strong common direction, so raw cosines
//! between unrelated messages sit at 0.7–0.9; without it, neighbours and linear heads separate
//! the intents better (+0.4 points on BANKING77 over five seeds, `research/banking77`).

use super::ModelError;

#[derive(Debug, Clone, PartialEq)]
pub struct Centering {
    mean: Vec<f32>,
}

impl Centering {
    /// The mean of `rows`; `None` when there are no rows to average.
    pub fn fit(rows: &[Vec<f32>]) -> Option<Self> {
        let first = rows.first()?;
        let mut sum = vec![0f64; first.len()];
        for r in rows {
            sum.iter_mut().zip(r).for_each(|(s, &v)| *s += v as f64);
        }
        let n = rows.len() as f64;
        Some(Self {
            mean: sum.into_iter().map(|s| (s / n) as f32).collect(),
        })
    }

    pub fn from_mean(mean: Vec<f32>, dim: usize) -> Result<Self, ModelError> {
        if mean.len() != dim {
            return Err(ModelError::Format(format!(
                "the centring mean has {} values, the encoder gives {dim}",
                mean.len()
            )));
        }
        if mean.iter().any(|v| !v.is_finite()) {
            return Err(ModelError::Format(
                "the centring mean holds a non-finite value".into(),
            ));
        }
        Ok(Self { mean })
    }

    pub fn mean(&self) -> &[f32] {
        &self.mean
    }

    /// `row − mean`, scaled to unit length (left unscaled if it is all but zero).
    pub fn apply(&self, row: &mut [f32]) {
        row.iter_mut().zip(&self.mean).for_each(|(v, m)| *v -= m);
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm > 1e-12 {
            row.iter_mut().for_each(|v| *v /= norm);
        }
    }

    pub fn apply_all(&self, rows: &[Vec<f32>]) -> Vec<Vec<f32>> {
        rows.iter()
            .map(|r| {
                let mut r = r.clone();
                self.apply(&mut r);
                r
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cos(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn centring_removes_the_shared_direction() {
        // Two unit vectors that mostly share the first axis.
        let a = vec![0.9f32, 0.43589, 0.0];
        let b = vec![0.9f32, 0.0, 0.43589];
        assert!(cos(&a, &b) > 0.8);
        let c = Centering::fit(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(c.mean(), &[0.9, 0.217945, 0.217945]);
        let (ca, cb) = (c.apply_all(&[a])[0].clone(), c.apply_all(&[b])[0].clone());
        assert!((cos(&ca, &ca) - 1.0).abs() < 1e-5, "re-normalised");
        assert!(
            cos(&ca, &cb) < -0.99,
            "opposite once the shared part is gone"
        );
    }

    #[test]
    fn a_row_equal_to_the_mean_stays_finite() {
        let c = Centering::fit(&[vec![1.0, 0.0]]).unwrap();
        let mut r = vec![1.0, 0.0];
        c.apply(&mut r);
        assert_eq!(r, vec![0.0, 0.0]);
        assert!(Centering::fit(&[]).is_none());
    }

    #[test]
    fn a_mean_of_the_wrong_size_or_with_nan_is_refused() {
        assert!(Centering::from_mean(vec![0.0; 3], 4).is_err());
        assert!(Centering::from_mean(vec![0.0, f32::NAN], 2).is_err());
        assert!(Centering::from_mean(vec![0.0; 4], 4).is_ok());
    }
}
