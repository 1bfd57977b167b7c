//! Classification heads on the pooled embedding: a small MLP (or plain linear layer) whose
//! logits become calibrated probabilities through a temperature-scaled, max-subtracted softmax.

use candle_core::{Device, Tensor};
use serde::Serialize;

use super::weights::{f32_bytes, Entry, Stored, WeightStore};
use super::ModelError;

/// Dense layers applied in order; ReLU between them, none after the last.
#[derive(Clone)]
pub struct Head {
    pub name: String,
    pub labels: Vec<String>,
    pub temperature: f32,
    layers: Vec<(Tensor, Tensor)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ranked {
    pub label: String,
    pub confidence: f32,
}

/// The full distribution of one head for one input, sorted by probability.
#[derive(Debug, Clone)]
pub struct Prediction {
    pub ranking: Vec<Ranked>,
    pub probs: Vec<f32>,
}

impl Prediction {
    pub fn top(&self) -> &Ranked {
        &self.ranking[0]
    }

    /// Top-1 minus top-2 probability (1.0 when there is a single label).
    pub fn margin(&self) -> f32 {
        match self.ranking.get(1) {
            Some(second) => self.ranking[0].confidence - second.confidence,
            None => 1.0,
        }
    }

    pub fn prob_of(&self, labels: &[String], label: &str) -> f32 {
        labels
            .iter()
            .position(|l| l == label)
            .map(|i| self.probs[i])
            .unwrap_or(0.0)
    }
}

/// The one softmax (calibration fits the temperature with it, so serving must use the same):
/// max-subtracted, in f64, defined for every input (see [`crate::metrics::calibration::softmax`]).
pub use crate::metrics::calibration::softmax;

impl Head {
    pub fn new(
        name: &str,
        labels: Vec<String>,
        temperature: f32,
        layers: Vec<(Tensor, Tensor)>,
    ) -> Result<Self, ModelError> {
        let out = layers
            .last()
            .ok_or_else(|| ModelError::Format(format!("head {name} has no layers")))?
            .0
            .dim(0)?;
        if out != labels.len() {
            return Err(ModelError::Format(format!(
                "head {name} outputs {out} logits but has {} labels",
                labels.len()
            )));
        }
        Ok(Self {
            name: name.to_string(),
            labels,
            temperature,
            layers,
        })
    }

    /// Reads layers `{name}.{i}.weight` / `{name}.{i}.bias` from a weight store.
    pub fn from_store(
        store: &mut WeightStore,
        name: &str,
        labels: Vec<String>,
        temperature: f32,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let mut layers = Vec::new();
        let mut i = 0;
        while store.contains(&format!("{name}.{i}.weight")) {
            let w = store.take_dense(&format!("{name}.{i}.weight"), device)?;
            let b = store.take_dense(&format!("{name}.{i}.bias"), device)?;
            layers.push((w, b));
            i += 1;
        }
        Self::new(name, labels, temperature, layers)
    }

    /// `(weight [out, in], bias [out])` per layer, ReLU between them.
    pub fn layers(&self) -> &[(Tensor, Tensor)] {
        &self.layers
    }

    pub fn input_dim(&self) -> Result<usize, ModelError> {
        Ok(self.layers[0].0.dim(1)?)
    }

    /// Raw logits [batch, labels] for embeddings [batch, hidden].
    pub fn logits(&self, emb: &Tensor) -> Result<Tensor, ModelError> {
        let mut x = emb.clone();
        let n = self.layers.len();
        for (i, (w, b)) in self.layers.iter().enumerate() {
            x = x.matmul(&w.t()?)?.broadcast_add(b)?;
            if i + 1 < n {
                x = x.relu()?;
            }
        }
        Ok(x)
    }

    pub fn predict(&self, emb: &Tensor) -> Result<Vec<Prediction>, ModelError> {
        let logits: Vec<Vec<f32>> = self.logits(emb)?.to_vec2()?;
        Ok(self.predict_logits(&logits))
    }

    /// Calibrated, ranked predictions from logits rows (e.g. an ensemble's combined logits).
    pub fn predict_logits(&self, logits: &[Vec<f32>]) -> Vec<Prediction> {
        logits
            .iter()
            .map(|row| {
                let probs = softmax(row, self.temperature);
                let mut ranking: Vec<Ranked> = self
                    .labels
                    .iter()
                    .zip(&probs)
                    .map(|(l, &p)| Ranked {
                        label: l.clone(),
                        confidence: p,
                    })
                    .collect();
                ranking.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
                Prediction { ranking, probs }
            })
            .collect()
    }

    /// Tensors to store, named `{name}.{i}.weight|bias`.
    pub fn to_entries(&self) -> Result<Vec<Entry>, ModelError> {
        let mut out = Vec::new();
        for (i, (w, b)) in self.layers.iter().enumerate() {
            for (suffix, t) in [("weight", w), ("bias", b)] {
                let v: Vec<f32> = t.flatten_all()?.to_vec1()?;
                out.push((
                    format!("{}.{i}.{suffix}", self.name),
                    safetensors::Dtype::F32,
                    t.dims().to_vec(),
                    f32_bytes(&v),
                ));
            }
        }
        Ok(out)
    }
}

/// Lets tests build a store from in-memory tensors.
pub fn store_from(tensors: Vec<(String, Tensor)>) -> WeightStore {
    WeightStore::from_map(
        tensors
            .into_iter()
            .map(|(n, t)| (n, Stored::Dense(t)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_is_stable_for_huge_logits() {
        let p = softmax(&[1000.0, 999.0, -1e30], 1.0);
        assert!(p.iter().all(|x| x.is_finite()));
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((p[0] - 0.7310586).abs() < 1e-5);
        // Largest magnitude is -1e30: subtracting it would overflow; we subtract the max.
        let q = softmax(&[-1e30, 0.0], 1.0);
        assert_eq!(q[1], 1.0);
    }

    #[test]
    fn temperature_flattens() {
        let sharp = softmax(&[2.0, 0.0], 1.0);
        let flat = softmax(&[2.0, 0.0], 4.0);
        assert!(flat[0] < sharp[0]);
        assert!(flat[0] > 0.5);
    }

    #[test]
    fn head_ranks_and_margins() {
        let dev = Device::Cpu;
        let w = Tensor::new(&[[1f32, 0.0], [0.0, 1.0], [0.5, 0.5]], &dev).unwrap();
        let b = Tensor::zeros(3, candle_core::DType::F32, &dev).unwrap();
        let head = Head::new(
            "intent",
            vec!["a".into(), "b".into(), "c".into()],
            1.0,
            vec![(w, b)],
        )
        .unwrap();
        let emb = Tensor::new(&[[3f32, 0.0]], &dev).unwrap();
        let p = &head.predict(&emb).unwrap()[0];
        assert_eq!(p.top().label, "a");
        assert_eq!(p.ranking[1].label, "c");
        assert!(p.margin() > 0.0);
        assert!((p.probs.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn label_count_must_match() {
        let dev = Device::Cpu;
        let w = Tensor::zeros((2, 4), candle_core::DType::F32, &dev).unwrap();
        let b = Tensor::zeros(2, candle_core::DType::F32, &dev).unwrap();
        assert!(Head::new("x", vec!["only".into()], 1.0, vec![(w, b)]).is_err());
    }
}
