//! Trains the linear intent model on sparse n-gram features, alone (mode "average": its
//! log-probabilities are averaged with the embedding head's) or jointly with the standardised
//! embedding (mode "joint": one multinomial logistic regression over [embedding; char n-grams;
//! word n-grams], whose embedding half is folded into a plain linear intent head).
//!
//! Optimiser: per-example AdaGrad with a lazy L2 penalty (sparse updates: only the features a
//! message has are touched, so an epoch over 10k messages takes about a second). A seeded shuffle
//! fixes the result.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::ngram::{feature_ids, vocab_tfidf, NgramModel, Sparse};

/// How a trained n-gram model joins the embedding side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinMode {
    /// One linear model over embedding and n-grams (the intent head's `fit` settings unused).
    Joint,
    /// The MLP head and a separate n-gram model, log-probabilities averaged.
    Average,
}

/// How mode "joint" scales the embedding half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standardize {
    /// Each dimension centred and divided by its own standard deviation.
    PerDim,
    /// Centred, one common scale: the embedding's geometry is kept.
    Global,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NgramConfig {
    /// Train the n-gram model (and, in mode "joint", use it instead of the MLP intent head).
    pub enabled: bool,
    pub mode: JoinMode,
    /// Hash space per feature block; only features seen in training are stored.
    pub buckets: usize,
    pub min_n: usize,
    pub max_n: usize,
    /// Word n-grams 1..=word_max_n (0: none).
    pub word_max_n: usize,
    pub epochs: usize,
    pub lr: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Weight of the n-gram model's log-probabilities in the ensemble (mode "average").
    pub weight: f32,
    /// Mode "joint": the standardised embedding is scaled to this L2 norm on average (the n-gram
    /// blocks have norm 1 each).
    pub embedding_scale: f32,
    /// The returned weights are the mean of the end-of-epoch weights from this epoch on
    /// (1-based; 0 or past `epochs`: the last epoch's weights alone).
    pub average_from: usize,
    /// Mode "joint": the n-gram blocks are scaled to this L2 norm each (1: as stored). Below 1
    /// the n-grams learn more slowly than the embedding half and weigh less in the logits
    /// (folded into the stored weights; serving is unchanged).
    pub ngram_scale: f32,
    /// Mode "joint": each epoch, this share of training examples is seen without its n-gram
    /// features, so the embedding half must classify on its own and the n-grams cannot carry
    /// the model alone (block dropout; nothing is dropped at serving).
    pub ngram_dropout: f32,
    /// Features in fewer than this many training texts are left out of the vocabulary (1: all).
    pub min_df: usize,
    /// Mode "joint": "per_dim" (each embedding dimension centred and divided by its own standard
    /// deviation) or "global" (centred, one common scale: the embedding's geometry is kept, so
    /// low-variance directions are not blown up).
    pub standardize: Standardize,
    /// Mode "joint": L2 penalty per update on the embedding half (default: `l2`).
    pub dense_l2: Option<f32>,
}

impl Default for NgramConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            mode: JoinMode::Joint,
            buckets: 1 << 20,
            min_n: 1,
            max_n: 4,
            word_max_n: 2,
            epochs: 15,
            lr: 0.1,
            l2: 1e-7,
            weight: 0.5,
            embedding_scale: 2.0,
            average_from: 0,
            ngram_scale: 1.0,
            ngram_dropout: 0.0,
            min_df: 1,
            standardize: Standardize::PerDim,
            dense_l2: None,
        }
    }
}

impl NgramConfig {
    pub fn joint(&self) -> bool {
        self.enabled && self.mode == JoinMode::Joint
    }
}

/// The fitted vocabulary: hashed id → row (rows in id order), with smoothed idf per row.
pub struct Vocab {
    pub map: HashMap<u32, u32>,
    pub idf: Vec<f32>,
}

/// Hashed ids per text: (char block, word block).
pub fn featurize(texts: &[String], cfg: &NgramConfig) -> Vec<(Sparse, Sparse)> {
    texts
        .iter()
        .map(|t| feature_ids(t, cfg.buckets, cfg.min_n, cfg.max_n, cfg.word_max_n))
        .collect()
}

/// Every id seen in `docs`, with idf = ln((1 + n) / (1 + df)) + 1.
pub fn fit_vocab(docs: &[(Sparse, Sparse)]) -> Vocab {
    fit_vocab_min_df(docs, 1)
}

/// Every id seen in at least `min_df` of `docs`, with idf = ln((1 + n) / (1 + df)) + 1.
pub fn fit_vocab_min_df(docs: &[(Sparse, Sparse)], min_df: usize) -> Vocab {
    let mut df: HashMap<u32, u32> = HashMap::new();
    for (c, w) in docs {
        for &(id, _) in c.iter().chain(w) {
            *df.entry(id).or_default() += 1;
        }
    }
    let mut ids: Vec<u32> = df
        .iter()
        .filter(|(_, &d)| d as usize >= min_df.max(1))
        .map(|(&id, _)| id)
        .collect();
    ids.sort_unstable();
    let n = docs.len() as f32;
    let idf = ids
        .iter()
        .map(|id| ((1.0 + n) / (1.0 + df[id] as f32)).ln() + 1.0)
        .collect();
    let map = ids
        .into_iter()
        .enumerate()
        .map(|(row, id)| (id, row as u32))
        .collect();
    Vocab { map, idf }
}

/// Per-dimension mean and standard deviation of the embeddings (std floored at 1e-6).
pub fn standardizer(x: &[Vec<f32>]) -> (Vec<f32>, Vec<f32>) {
    let d = x.first().map(|r| r.len()).unwrap_or(0);
    let n = x.len().max(1) as f64;
    let mut mean = vec![0f64; d];
    for r in x {
        for (m, &v) in mean.iter_mut().zip(r) {
            *m += v as f64;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n);
    let mut var = vec![0f64; d];
    for r in x {
        for ((s, &v), m) in var.iter_mut().zip(r).zip(&mean) {
            *s += (v as f64 - m).powi(2);
        }
    }
    (
        mean.iter().map(|&m| m as f32).collect(),
        var.iter()
            .map(|&s| ((s / n).sqrt() as f32).max(1e-6))
            .collect(),
    )
}

/// The linear model's embedding half, folded to act on the raw embedding: logits gain
/// `weight · x + bias` ([classes, dim] row-major and [classes]).
pub struct DenseHalf {
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

pub struct Fitted {
    pub model: NgramModel,
    /// Mode "joint" only.
    pub dense: Option<DenseHalf>,
    /// Validation accuracy after each epoch (when validation data was given), for the report.
    pub val_accuracy_by_epoch: Vec<f64>,
}

/// Validation data for the per-epoch report: texts' features, embeddings (joint) and labels.
pub struct ValData<'a> {
    pub texts: &'a [String],
    pub emb: Option<&'a [Vec<f32>]>,
    pub y: &'a [usize],
}

#[derive(Clone)]
struct Params {
    c: usize,
    sparse: Vec<f32>,
    dense: Vec<f32>,
    bias: Vec<f32>,
}

/// Running mean of parameter snapshots.
struct Average {
    sum: Params,
    count: usize,
}

impl Average {
    fn add(&mut self, p: &Params) {
        for (a, b) in [
            (&mut self.sum.sparse, &p.sparse),
            (&mut self.sum.dense, &p.dense),
            (&mut self.sum.bias, &p.bias),
        ] {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self.count += 1;
    }

    fn mean(&self) -> Params {
        let k = 1.0 / self.count.max(1) as f32;
        let mut p = self.sum.clone();
        for v in [&mut p.sparse, &mut p.dense, &mut p.bias] {
            v.iter_mut().for_each(|x| *x *= k);
        }
        p
    }
}

impl Params {
    fn logits(&self, s: &Sparse, e: Option<&[f32]>, z: &mut [f32]) {
        let c = self.c;
        z.copy_from_slice(&self.bias);
        for &(r, v) in s {
            let row = &self.sparse[r as usize * c..(r as usize + 1) * c];
            z.iter_mut().zip(row).for_each(|(a, w)| *a += v * w);
        }
        if let Some(e) = e {
            for (j, &v) in e.iter().enumerate() {
                let row = &self.dense[j * c..(j + 1) * c];
                z.iter_mut().zip(row).for_each(|(a, w)| *a += v * w);
            }
        }
    }
}

/// One AdaGrad step on a block of weights: `w -= lr · (g·v + l2·w) / √(Σ grad²)`.
#[inline]
fn adagrad_row(w: &mut [f32], acc: &mut [f32], g: &[f32], v: f32, lr: f32, l2: f32) {
    for ((w, a), &gk) in w.iter_mut().zip(acc.iter_mut()).zip(g) {
        let grad = gk * v + l2 * *w;
        *a += grad * grad;
        *w -= lr * grad / (a.sqrt() + 1e-8);
    }
}

fn argmax(z: &[f32]) -> usize {
    z.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// Fits the model; `emb` given (mode "joint"): also the embedding half.
pub fn fit(
    texts: &[String],
    emb: Option<&[Vec<f32>]>,
    y: &[usize],
    classes: usize,
    cfg: &NgramConfig,
    seed: u64,
    val: Option<ValData>,
) -> Fitted {
    let docs = featurize(texts, cfg);
    let vocab = fit_vocab_min_df(&docs, cfg.min_df);
    let c = classes;
    let d = emb.and_then(|e| e.first()).map(|r| r.len()).unwrap_or(0);
    // Joint mode only: the n-gram blocks' norm during training (folded into the stored weights).
    let ns = if d > 0 && cfg.ngram_scale > 0.0 {
        cfg.ngram_scale
    } else {
        1.0
    };
    let dropout = if d > 0 { cfg.ngram_dropout } else { 0.0 };
    let scaled = |v: Sparse| -> Sparse {
        if ns == 1.0 {
            v
        } else {
            v.into_iter().map(|(r, x)| (r, x * ns)).collect()
        }
    };
    let x: Vec<Sparse> = docs
        .iter()
        .map(|(c, w)| scaled(vocab_tfidf(&[c.clone(), w.clone()], &vocab.map, &vocab.idf)))
        .collect();
    // Standardised embedding, scaled so that its squared norm averages embedding_scale².
    let (mean, std) = match emb {
        Some(e) => {
            let (mean, std) = standardizer(e);
            if cfg.standardize == Standardize::Global {
                // One scale for every dimension: the root mean variance.
                let rms = (std.iter().map(|s| s * s).sum::<f32>() / std.len().max(1) as f32)
                    .sqrt()
                    .max(1e-6);
                let n = std.len();
                (mean, vec![rms; n])
            } else {
                (mean, std)
            }
        }
        None => (Vec::new(), Vec::new()),
    };
    let dense_l2 = cfg.dense_l2.unwrap_or(cfg.l2);
    let k = if d > 0 {
        cfg.embedding_scale / (d as f32).sqrt()
    } else {
        0.0
    };
    let standardize = |r: &[f32]| -> Vec<f32> {
        r.iter()
            .zip(mean.iter().zip(&std))
            .map(|(&v, (m, s))| (v - m) / s * k)
            .collect()
    };
    let e: Vec<Vec<f32>> = emb
        .map(|rows| rows.iter().map(|r| standardize(r)).collect())
        .unwrap_or_default();
    let val_x: Vec<(Sparse, Option<Vec<f32>>)> = match &val {
        Some(v) => featurize(v.texts, cfg)
            .into_iter()
            .enumerate()
            .map(|(i, (ch, w))| {
                (
                    scaled(vocab_tfidf(&[ch, w], &vocab.map, &vocab.idf)),
                    v.emb.filter(|_| d > 0).map(|e| standardize(&e[i])),
                )
            })
            .collect(),
        None => Vec::new(),
    };

    let rows = vocab.idf.len();
    let mut p = Params {
        c,
        sparse: vec![0.0; rows * c],
        dense: vec![0.0; d * c],
        bias: vec![0.0; c],
    };
    let mut acc_s = vec![0f32; rows * c];
    let mut acc_d = vec![0f32; d * c];
    let mut acc_b = vec![0f32; c];
    let mut order: Vec<usize> = (0..x.len()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut z = vec![0f32; c];
    let mut g = vec![0f32; c];
    let mut by_epoch = Vec::new();
    let mut avg: Option<Average> = None;
    // Its own stream, so that without dropout the shuffles (and results) are as before.
    let mut drop_rng = ChaCha8Rng::seed_from_u64(seed ^ 0xd50f);
    let empty = Sparse::new();
    for epoch in 1..=cfg.epochs {
        order.shuffle(&mut rng);
        for &i in &order {
            let ei = e.get(i).map(|r| r.as_slice());
            let xi = if dropout > 0.0 && drop_rng.random::<f32>() < dropout {
                &empty
            } else {
                &x[i]
            };
            p.logits(xi, ei, &mut z);
            let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut s = 0f32;
            for (gk, &zk) in g.iter_mut().zip(&z) {
                *gk = (zk - max).exp();
                s += *gk;
            }
            g.iter_mut().for_each(|gk| *gk /= s);
            g[y[i]] -= 1.0;
            adagrad_row(&mut p.bias, &mut acc_b, &g, 1.0, cfg.lr, 0.0);
            for &(r, v) in xi {
                let span = r as usize * c..(r as usize + 1) * c;
                adagrad_row(
                    &mut p.sparse[span.clone()],
                    &mut acc_s[span],
                    &g,
                    v,
                    cfg.lr,
                    cfg.l2,
                );
            }
            if let Some(ei) = ei {
                for (j, &v) in ei.iter().enumerate() {
                    let span = j * c..(j + 1) * c;
                    adagrad_row(
                        &mut p.dense[span.clone()],
                        &mut acc_d[span],
                        &g,
                        v,
                        cfg.lr,
                        dense_l2,
                    );
                }
            }
        }
        if cfg.average_from > 0 && epoch >= cfg.average_from {
            match avg.as_mut() {
                Some(a) => a.add(&p),
                None => {
                    avg = Some(Average {
                        sum: p.clone(),
                        count: 1,
                    })
                }
            }
        }
        if let Some(v) = &val {
            let now = avg.as_ref().map(|a| a.mean());
            let q = now.as_ref().unwrap_or(&p);
            let ok = val_x
                .iter()
                .zip(v.y)
                .filter(|((s, e), &gold)| {
                    q.logits(s, e.as_deref(), &mut z);
                    argmax(&z) == gold
                })
                .count();
            by_epoch.push(ok as f64 / v.y.len().max(1) as f64);
        }
    }
    if let Some(a) = &avg {
        p = a.mean();
    }
    if ns != 1.0 {
        // Serving feeds unit-norm blocks: the scale moves into the weights.
        p.sparse.iter_mut().for_each(|w| *w *= ns);
    }

    // Fold the standardisation into the dense half: W'[c][j] = W[j][c] · k / std_j,
    // b'[c] = −Σ_j mean_j · W'[c][j].
    let dense = (d > 0).then(|| {
        let mut w = vec![0f32; c * d];
        let mut b = vec![0f32; c];
        for j in 0..d {
            let f = k / std[j];
            for cl in 0..c {
                let v = p.dense[j * c + cl] * f;
                w[cl * d + j] = v;
                b[cl] -= mean[j] * v;
            }
        }
        DenseHalf { weight: w, bias: b }
    });
    let mut model = NgramModel {
        buckets: cfg.buckets,
        min_n: cfg.min_n,
        max_n: cfg.max_n,
        word_max_n: cfg.word_max_n,
        classes: c,
        idf: vocab.idf,
        weight: p.sparse,
        bias: p.bias,
        vocab: Some(vocab.map),
    };
    model.round_to_stored();
    Fitted {
        model,
        dense,
        val_accuracy_by_epoch: by_epoch,
    }
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

    fn small() -> NgramConfig {
        NgramConfig {
            buckets: 1 << 12,
            epochs: 5,
            ..Default::default()
        }
    }

    #[test]
    fn learns_and_is_deterministic_for_a_seed() {
        let (t, y) = data();
        let cfg = small();
        let a = fit(&t, None, &y, 2, &cfg, 3, None).model;
        let b = fit(&t, None, &y, 2, &cfg, 3, None).model;
        assert_eq!(a.weight, b.weight);
        let z = a.logits("where's my parcel");
        assert!(z[0] > z[1]);
        let z = a.logits("cancel order");
        assert!(z[1] > z[0]);
        let c = fit(&t, None, &y, 2, &cfg, 4, None).model;
        assert_ne!(a.weight, c.weight);
        // Only the features seen in training are stored.
        let v = a.vocab.as_ref().unwrap();
        assert_eq!(v.len(), a.idf.len());
        assert!(a.idf.len() < 1 << 12);
    }

    #[test]
    fn vocab_idf_is_smoothed() {
        let docs = vec![(vec![(5, 1.0), (9, 2.0)], vec![]), (vec![(5, 1.0)], vec![])];
        let v = fit_vocab(&docs);
        assert_eq!(v.map[&5], 0);
        assert_eq!(v.map[&9], 1);
        // n = 2: id 5 in both (ln(3/3) + 1), id 9 in one (ln(3/2) + 1).
        assert!((v.idf[0] - 1.0).abs() < 1e-6);
        assert!((v.idf[1] - (1.5f32.ln() + 1.0)).abs() < 1e-6);
    }

    #[test]
    fn standardizer_is_exact() {
        let (m, s) = standardizer(&[vec![1.0, 5.0], vec![3.0, 5.0]]);
        assert_eq!(m, vec![2.0, 5.0]);
        assert_eq!(s, vec![1.0, 1e-6]);
    }

    #[test]
    fn folded_dense_half_equals_the_standardised_model() {
        // Texts carry no signal (identical); the embedding separates the classes.
        let t: Vec<String> = (0..40).map(|_| "same text".to_string()).collect();
        let y: Vec<usize> = (0..40).map(|i| i % 2).collect();
        let emb: Vec<Vec<f32>> = (0..40)
            .map(|i| {
                let s = if i % 2 == 0 { 1.0 } else { -1.0 };
                vec![0.5 + 0.1 * s, 0.2 + (i as f32) * 0.001, -0.3 * s]
            })
            .collect();
        let f = fit(&t, Some(&emb), &y, 2, &small(), 1, None);
        let dense = f.dense.unwrap();
        let logits = |x: &[f32]| -> Vec<f32> {
            let sparse = f.model.logits("same text");
            (0..2)
                .map(|c| {
                    sparse[c]
                        + dense.bias[c]
                        + (0..3).map(|j| dense.weight[c * 3 + j] * x[j]).sum::<f32>()
                })
                .collect()
        };
        let ok = emb
            .iter()
            .zip(&y)
            .filter(|(x, &g)| argmax(&logits(x)) == g)
            .count();
        assert_eq!(ok, 40);
        // With validation data the per-epoch accuracy is reported.
        let f = fit(
            &t,
            Some(&emb),
            &y,
            2,
            &small(),
            1,
            Some(ValData {
                texts: &t,
                emb: Some(&emb),
                y: &y,
            }),
        );
        assert_eq!(f.val_accuracy_by_epoch.len(), 5);
        assert_eq!(*f.val_accuracy_by_epoch.last().unwrap(), 1.0);
    }

    #[test]
    fn min_df_drops_rare_features_and_keeps_the_idf_of_the_rest() {
        let docs = vec![
            (vec![(5, 1.0), (9, 2.0)], vec![]),
            (vec![(5, 1.0)], vec![(7, 1.0)]),
        ];
        let v = fit_vocab_min_df(&docs, 2);
        assert_eq!(v.map.len(), 1);
        assert_eq!(v.map[&5], 0);
        assert!((v.idf[0] - 1.0).abs() < 1e-6);
        // 0 and 1 both mean every feature.
        assert_eq!(fit_vocab_min_df(&docs, 0).map.len(), 3);
        assert_eq!(fit_vocab(&docs).map.len(), 3);
    }

    /// Both the texts and a 3-dimensional embedding separate the two classes.
    fn joint_data() -> (Vec<String>, Vec<Vec<f32>>, Vec<usize>) {
        let (t, y) = data();
        let emb = y
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let s = if c == 0 { 1.0 } else { -1.0 };
                vec![0.5 + 0.1 * s, 0.2 + (i as f32) * 0.001, -0.3 * s]
            })
            .collect();
        (t, emb, y)
    }

    #[test]
    fn full_ngram_dropout_trains_the_embedding_half_alone() {
        let (t, emb, y) = joint_data();
        let cfg = NgramConfig {
            ngram_dropout: 1.0,
            ..small()
        };
        let f = fit(&t, Some(&emb), &y, 2, &cfg, 1, None);
        // No example was ever seen with its n-grams: their weights never moved from zero.
        assert!(f.model.weight.iter().all(|&w| w == 0.0));
        let dense = f.dense.unwrap();
        for (x, &g) in emb.iter().zip(&y) {
            let z: Vec<f32> = (0..2)
                .map(|c| {
                    f.model.bias[c]
                        + dense.bias[c]
                        + (0..3).map(|j| dense.weight[c * 3 + j] * x[j]).sum::<f32>()
                })
                .collect();
            assert_eq!(argmax(&z), g);
        }
        // Some dropout: the n-grams learn too, and the run is still fixed by the seed.
        let cfg = NgramConfig {
            ngram_dropout: 0.5,
            ..small()
        };
        let a = fit(&t, Some(&emb), &y, 2, &cfg, 1, None).model;
        let b = fit(&t, Some(&emb), &y, 2, &cfg, 1, None).model;
        assert_eq!(a.weight, b.weight);
        assert!(a.weight.iter().any(|&w| w != 0.0));
    }

    #[test]
    fn ngram_dropout_and_scale_leave_the_ngram_only_model_alone() {
        let (t, y) = data();
        let plain = fit(&t, None, &y, 2, &small(), 3, None).model;
        let cfg = NgramConfig {
            ngram_dropout: 0.5,
            ngram_scale: 0.25,
            ..small()
        };
        assert_eq!(
            fit(&t, None, &y, 2, &cfg, 3, None).model.weight,
            plain.weight
        );
    }

    #[test]
    fn ngram_scale_is_folded_into_the_stored_weights() {
        // The embedding is constant (no signal): the n-grams must carry the classes.
        let (t, y) = data();
        let emb: Vec<Vec<f32>> = y.iter().map(|_| vec![0.1, 0.2, 0.3]).collect();
        let margin = |scale: f32| {
            let cfg = NgramConfig {
                ngram_scale: scale,
                ..small()
            };
            let m = fit(&t, Some(&emb), &y, 2, &cfg, 1, None).model;
            // Serving feeds the unit-norm blocks: the stored weights classify every text.
            t.iter()
                .zip(&y)
                .map(|(text, &g)| {
                    let z = m.logits(text);
                    assert_eq!(argmax(&z), g, "{text}");
                    z[g] - z[1 - g]
                })
                .fold(f32::INFINITY, f32::min)
        };
        // A smaller scale: the n-grams weigh less in the logits.
        assert!(margin(0.25) < margin(1.0));
    }
}
