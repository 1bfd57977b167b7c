//! Out-of-scope score from distance in embedding space: 1 − the mean cosine similarity of the
//! k nearest training examples. Softmax confidence is overconfident far from the training data;
//! distance is not.

use candle_core::{Device, Tensor};

use super::manifest::KnnVoteSpec;
use super::weights::WeightStore;
use super::ModelError;

pub struct KnnScorer {
    bank: Tensor,
    k: usize,
    /// Intent index of each bank row (newer models: for the neighbour vote).
    labels: Option<Vec<u32>>,
    /// Bank rows of the out-of-scope class vote but do not count for the distance.
    oos_class: Option<u32>,
}

/// Smallest vote probability before the log: a label no neighbour has gets ln(1e-4).
pub const VOTE_FLOOR: f32 = 1e-4;

impl KnnScorer {
    pub fn new(bank: Tensor, k: usize) -> Result<Self, ModelError> {
        let (n, _) = bank.dims2()?;
        if n == 0 || k == 0 {
            return Err(ModelError::Format(
                "out-of-scope bank needs at least one example and k ≥ 1".into(),
            ));
        }
        Ok(Self {
            bank,
            k: k.min(n),
            labels: None,
            oos_class: None,
        })
    }

    /// A bank whose rows carry intent indices; rows of `oos_class` are left out of the distance.
    pub fn with_labels(
        bank: Tensor,
        k: usize,
        labels: Vec<u32>,
        oos_class: Option<u32>,
    ) -> Result<Self, ModelError> {
        let (n, _) = bank.dims2()?;
        if labels.len() != n {
            return Err(ModelError::Format(format!(
                "out-of-scope bank has {n} rows but {} labels",
                labels.len()
            )));
        }
        let in_scope = labels.iter().filter(|&&l| Some(l) != oos_class).count();
        let mut s = Self::new(bank, k)?;
        if in_scope == 0 {
            return Err(ModelError::Format(
                "out-of-scope bank has no in-scope example".into(),
            ));
        }
        s.k = k.min(in_scope);
        s.labels = Some(labels);
        s.oos_class = oos_class;
        Ok(s)
    }

    /// Reads `oos.bank` and, when stored, `oos.bank_labels` (f32 intent indices).
    pub fn from_store(
        store: &mut WeightStore,
        k: usize,
        oos_class: Option<u32>,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let bank = store.take_dense("oos.bank", device)?;
        if !store.contains("oos.bank_labels") {
            return Self::new(bank, k);
        }
        let raw: Vec<f32> = store.take_dense("oos.bank_labels", device)?.to_vec1()?;
        if raw.iter().any(|&l| l < 0.0 || l.fract() != 0.0) {
            return Err(ModelError::Format("bad out-of-scope bank labels".into()));
        }
        Self::with_labels(bank, k, raw.iter().map(|&l| l as u32).collect(), oos_class)
    }

    /// How many nearest rows the distance averages.
    pub fn k(&self) -> usize {
        self.k
    }

    pub fn oos_class(&self) -> Option<u32> {
        self.oos_class
    }

    pub fn labels(&self) -> Option<&[u32]> {
        self.labels.as_deref()
    }

    /// Cosine similarities [batch][bank] of L2-normalised embeddings to every bank row.
    pub fn similarities(&self, emb: &Tensor) -> Result<Vec<Vec<f32>>, ModelError> {
        Ok(emb.matmul(&self.bank.t()?)?.to_vec2()?)
    }

    /// [`Self::similarities`] as [`Neighbours`] (every row).
    pub fn neighbours(&self, emb: &Tensor) -> Result<Vec<Vec<Neighbour>>, ModelError> {
        Ok(self
            .similarities(emb)?
            .iter()
            .map(|s| all_rows(s))
            .collect())
    }

    /// The distance score of one query's neighbours (see [`Self::scores`]).
    pub fn score_of(&self, nb: &Neighbours) -> f32 {
        let row: Vec<f32> = match (&self.labels, self.oos_class) {
            (Some(l), Some(o)) => nb
                .iter()
                .filter(|&&(j, _)| l[j as usize] != o)
                .map(|&(_, s)| s)
                .collect(),
            _ => nb.iter().map(|&(_, s)| s).collect(),
        };
        1.0 - mean_top_k(row, self.k)
    }

    /// The neighbour vote's additions to the intent logits for one query's neighbours
    /// (`classes` long; zeros when the bank has no labels).
    pub fn vote_of(&self, nb: &Neighbours, spec: &KnnVoteSpec, classes: usize) -> Vec<f32> {
        match &self.labels {
            Some(l) => vote_logits(nb, l, spec, classes),
            None => vec![0.0; classes],
        }
    }

    pub fn len(&self) -> usize {
        self.bank.dim(0).unwrap_or(0)
    }

    /// The stored training embeddings `[n, hidden]`.
    pub fn bank(&self) -> &Tensor {
        &self.bank
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Scores for L2-normalised embeddings [batch, hidden]; higher = further from anything known.
    pub fn scores(&self, emb: &Tensor) -> Result<Vec<f32>, ModelError> {
        Ok(self
            .neighbours(emb)?
            .iter()
            .map(|row| self.score_of(row))
            .collect())
    }
}

/// Bank rows with their cosine similarity to one query, in bank order: every row, or only the
/// rows that can be among the nearest ones the distance and the vote read (the fast path screens
/// the rest out, see `fast::bank`). The scores read only the nearest, so both give the same.
pub type Neighbours = [Neighbour];

/// A bank row and its cosine similarity to the query.
pub type Neighbour = (u32, f32);

/// Every row of a dense similarity row.
pub fn all_rows(sims: &[f32]) -> Vec<(u32, f32)> {
    sims.iter()
        .enumerate()
        .map(|(j, &s)| (j as u32, s))
        .collect()
}

/// weight · ln(p + 1e-4) per label, p ∝ Σ exp(scale · (s − s_max)) over the k most similar rows
/// with that label (ties broken by the lower row index).
pub fn vote_logits(
    nb: &Neighbours,
    labels: &[u32],
    spec: &KnnVoteSpec,
    classes: usize,
) -> Vec<f32> {
    let k = spec.k.min(nb.len());
    if k == 0 {
        return vec![0.0; classes];
    }
    let mut near = nb.to_vec();
    if k < near.len() {
        near.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        near.truncate(k);
    }
    let top = near
        .iter()
        .map(|&(_, s)| s)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut p = vec![0f32; classes];
    let mut total = 0f32;
    for &(i, s) in &near {
        let w = (spec.scale * (s - top)).exp();
        if let Some(slot) = p.get_mut(labels[i as usize] as usize) {
            *slot += w;
        }
        total += w;
    }
    p.iter()
        .map(|&v| spec.weight * (v / total.max(1e-30) + VOTE_FLOOR).ln())
        .collect()
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
    fn vote_weights_neighbours_by_similarity() {
        let spec = KnnVoteSpec {
            k: 2,
            scale: 1.0,
            weight: 1.0,
        };
        // Rows 0 and 2 are the two nearest; row 1 (label 1) is left out.
        let v = vote_logits(
            &all_rows(&[0.9, 0.1, 0.9 - 2f32.ln()]),
            &[0, 1, 2],
            &spec,
            3,
        );
        // Weights e^0 = 1 and e^(−ln 2) = 0.5: p = (2/3, 0, 1/3).
        assert!(
            (v[0] - (2.0f32 / 3.0 + VOTE_FLOOR).ln()).abs() < 1e-5,
            "{v:?}"
        );
        assert!((v[1] - VOTE_FLOOR.ln()).abs() < 1e-5);
        assert!((v[2] - (1.0f32 / 3.0 + VOTE_FLOOR).ln()).abs() < 1e-5);
        let half = vote_logits(
            &all_rows(&[0.9, 0.1, 0.5]),
            &[0, 1, 0],
            &KnnVoteSpec {
                weight: 0.5,
                ..spec
            },
            2,
        );
        assert!((half[0] - 0.5 * (1.0 + VOTE_FLOOR).ln()).abs() < 1e-6);
    }

    #[test]
    fn out_of_scope_rows_vote_but_do_not_count_as_near() {
        let dev = Device::Cpu;
        let bank = Tensor::new(&[[1f32, 0.0], [0.0, 1.0]], &dev).unwrap();
        let s = KnnScorer::with_labels(bank, 1, vec![0, 1], Some(1)).unwrap();
        let q = Tensor::new(&[[0f32, 1.0]], &dev).unwrap();
        // Nearest row is out-of-scope: the distance is to row 0 (orthogonal).
        assert!((s.scores(&q).unwrap()[0] - 1.0).abs() < 1e-6);
        let spec = KnnVoteSpec {
            k: 1,
            scale: 10.0,
            weight: 1.0,
        };
        let v = s.vote_of(&s.neighbours(&q).unwrap()[0], &spec, 2);
        assert!(v[1] > v[0]);
        let bank = Tensor::new(&[[1f32, 0.0]], &dev).unwrap();
        assert!(KnnScorer::with_labels(bank.clone(), 1, vec![1], Some(1)).is_err());
        assert!(KnnScorer::with_labels(bank, 1, vec![0, 1], None).is_err());
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
