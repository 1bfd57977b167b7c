//! Out-of-scope score from distance in embedding space: 1 − the mean cosine similarity of the
//! k nearest training examples. Softmax confidence is overconfident far from the training data;
//! distance is not.

use candle_core::{Device, Tensor};

use super::weights::WeightStore;
use super::ModelError;

pub struct KnnScorer {
    bank: Tensor,
    k: usize,
}

impl KnnScorer {
    pub fn new(bank: Tensor, k: usize) -> Result<Self, ModelError> {
        let (n, _) = bank.dims2()?;
        if n == 0 || k == 0 {
            return Err(ModelError::Format(
                "out-of-scope bank needs at least one example and k ≥ 1".into(),
            ));
        }
        Ok(Self { bank, k: k.min(n) })
    }

    pub fn from_store(
        store: &mut WeightStore,
        k: usize,
        device: &Device,
    ) -> Result<Self, ModelError> {
        Self::new(store.take_dense("oos.bank", device)?, k)
    }

    pub fn len(&self) -> usize {
        self.bank.dim(0).unwrap_or(0)
    }

    /// The stored training embeddings `[n, hidden]`.
    pub fn bank(&self) -> &Tensor {
        &self.bank
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Scores for L2-normalised embeddings [batch, hidden]; higher = further from anything known.
    pub fn scores(&self, emb: &Tensor) -> Result<Vec<f32>, ModelError> {
        let sims: Vec<Vec<f32>> = emb.matmul(&self.bank.t()?)?.to_vec2()?;
        Ok(sims
            .into_iter()
            .map(|row| 1.0 - mean_top_k(row, self.k))
            .collect())
    }
}

/// Mean of the k largest values (partial selection, no full sort).
pub fn mean_top_k(mut row: Vec<f32>, k: usize) -> f32 {
    let k = k.min(row.len()).max(1);
    if row.is_empty() {
        return 0.0;
    }
    let idx = row.len() - k;
    row.select_nth_unstable_by(idx, |a, b| a.total_cmp(b));
    row[idx..].iter().sum::<f32>() / k as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_top_k_takes_largest() {
        assert!((mean_top_k(vec![0.1, 0.9, 0.5, 0.7], 2) - 0.8).abs() < 1e-6);
        assert_eq!(mean_top_k(vec![0.3], 5), 0.3);
    }

    #[test]
    fn far_points_score_higher() {
        let dev = Device::Cpu;
        let bank = Tensor::new(&[[1f32, 0.0], [0.8, 0.6]], &dev).unwrap();
        let s = KnnScorer::new(bank, 1).unwrap();
        let q = Tensor::new(&[[1f32, 0.0], [0.0, -1.0]], &dev).unwrap();
        let sc = s.scores(&q).unwrap();
        assert!(sc[0] < 1e-6);
        // Orthogonal to its nearest neighbour: similarity 0, score 1.
        assert!((sc[1] - 1.0).abs() < 1e-6);
    }
}
