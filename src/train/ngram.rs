//! Trains the character n-gram model: multinomial logistic regression on sparse tf-idf features
//! with per-example AdaGrad (sparse updates: only the buckets a message has are touched, so an
//! epoch over 15k messages takes about a second). A seeded shuffle fixes the result.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::ngram::{fit_idf, ngram_counts, tfidf, NgramModel, Sparse};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NgramConfig {
    /// Train the n-gram model and ensemble it with the embedding head.
    pub enabled: bool,
    /// Hash buckets (the stored weight matrix is buckets × labels, f16).
    pub buckets: usize,
    pub min_n: usize,
    pub max_n: usize,
    pub epochs: usize,
    pub lr: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Weight of the n-gram model's log-probabilities in the ensemble (embedding head: 1 − w).
    pub weight: f32,
}

impl Default for NgramConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            buckets: 1 << 15,
            min_n: 1,
            max_n: 4,
            epochs: 12,
            lr: 0.5,
            l2: 1e-6,
            weight: 0.5,
        }
    }
}

pub fn featurize(texts: &[String], cfg: &NgramConfig) -> Vec<Sparse> {
    texts
        .iter()
        .map(|t| ngram_counts(t, cfg.buckets, cfg.min_n, cfg.max_n))
        .collect()
}

pub fn fit(
    texts: &[String],
    y: &[usize],
    classes: usize,
    cfg: &NgramConfig,
    seed: u64,
) -> NgramModel {
    let counts = featurize(texts, cfg);
    let idf = fit_idf(&counts, cfg.buckets);
    let x: Vec<Sparse> = counts.iter().map(|c| tfidf(c, &idf)).collect();
    let c = classes;
    let mut m = NgramModel {
        buckets: cfg.buckets,
        min_n: cfg.min_n,
        max_n: cfg.max_n,
        classes: c,
        idf,
        weight: vec![0.0; cfg.buckets * c],
        bias: vec![0.0; c],
    };
    let mut g2w = vec![0f32; cfg.buckets * c];
    let mut g2b = vec![0f32; c];
    let mut order: Vec<usize> = (0..x.len()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let eps = 1e-8f32;
    for _ in 0..cfg.epochs {
        order.shuffle(&mut rng);
        for &i in &order {
            let z = m.logits_sparse(&x[i]);
            let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let e: Vec<f32> = z.iter().map(|&v| (v - max).exp()).collect();
            let s: f32 = e.iter().sum();
            let g: Vec<f32> = e
                .iter()
                .enumerate()
                .map(|(k, &p)| p / s - if k == y[i] { 1.0 } else { 0.0 })
                .collect();
            for (k, &gk) in g.iter().enumerate() {
                g2b[k] += gk * gk;
                m.bias[k] -= cfg.lr * gk / (g2b[k].sqrt() + eps);
            }
            for &(b, v) in &x[i] {
                let base = b as usize * c;
                for (k, &gk) in g.iter().enumerate() {
                    let w = &mut m.weight[base + k];
                    let grad = gk * v + cfg.l2 * *w;
                    g2w[base + k] += grad * grad;
                    *w -= cfg.lr * grad / (g2w[base + k].sqrt() + eps);
                }
            }
        }
    }
    m.round_to_stored();
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (Vec<String>, Vec<usize>) {
        let mut t = Vec::new();
        let mut y = Vec::new();
        for i in 0..20 {
            t.push(format!("where is my parcel number {i}"));
            y.push(0);
            t.push(format!("cancel the order please {i}"));
            y.push(1);
        }
        (t, y)
    }

    #[test]
    fn learns_and_is_deterministic_for_a_seed() {
        let (t, y) = data();
        let cfg = NgramConfig {
            buckets: 1 << 12,
            epochs: 5,
            ..Default::default()
        };
        let a = fit(&t, &y, 2, &cfg, 3);
        let b = fit(&t, &y, 2, &cfg, 3);
        assert_eq!(a.weight, b.weight);
        let z = a.logits("where's my parcel");
        assert!(z[0] > z[1]);
        let z = a.logits("cancel order");
        assert!(z[1] > z[0]);
        let c = fit(&t, &y, 2, &cfg, 4);
        assert_ne!(a.weight, c.weight);
    }
}
