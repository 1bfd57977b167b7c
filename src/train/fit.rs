//! Trains one classification head on frozen embeddings with candle-nn: weighted cross-entropy,
//! AdamW, dropout on the hidden layer, early stopping on validation accuracy. Every random draw
//! (init, shuffling, dropout) comes from one seeded generator, so a seed fixes the result.

use candle_core::{DType, Device, Tensor, Var, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::{Head, ModelError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct FitConfig {
    /// Hidden units; 0 trains a plain linear (softmax-regression) head.
    pub hidden: usize,
    pub epochs: usize,
    pub lr: f64,
    pub weight_decay: f64,
    pub batch_size: usize,
    pub dropout: f32,
    /// Epochs without a better validation score before stopping.
    pub patience: usize,
    /// Weight classes by inverse frequency (imbalanced data).
    pub class_weights: bool,
    /// Which weights the head keeps: the epoch best on validation (early stopping), or the last
    /// of `epochs` (no choice made on the validation data, so its score stays unbiased).
    pub keep: Keep,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    #[default]
    Best,
    Last,
}

impl Default for FitConfig {
    fn default() -> Self {
        Self {
            hidden: 512,
            epochs: 60,
            lr: 2e-3,
            weight_decay: 1e-4,
            batch_size: 64,
            dropout: 0.1,
            patience: 8,
            class_weights: true,
            keep: Keep::Best,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FitReport {
    pub epochs_run: usize,
    pub best_epoch: usize,
    pub val_accuracy: f64,
    pub val_loss: f64,
    pub train_loss: f64,
}

fn init(
    rng: &mut ChaCha8Rng,
    out: usize,
    inp: usize,
    dev: &Device,
) -> candle_core::Result<(Var, Var)> {
    // Glorot uniform.
    let limit = (6.0 / (inp + out) as f64).sqrt() as f32;
    let w: Vec<f32> = (0..out * inp)
        .map(|_| rng.random_range(-limit..limit))
        .collect();
    Ok((
        Var::from_tensor(&Tensor::from_vec(w, (out, inp), dev)?)?,
        Var::from_tensor(&Tensor::zeros(out, DType::F32, dev)?)?,
    ))
}

fn to_tensor(x: &[Vec<f32>], dev: &Device) -> candle_core::Result<Tensor> {
    let dim = x.first().map(|r| r.len()).unwrap_or(0);
    let flat: Vec<f32> = x.iter().flat_map(|r| r.iter().copied()).collect();
    Tensor::from_vec(flat, (x.len(), dim), dev)
}

struct Net {
    layers: Vec<(Var, Var)>,
}

impl Net {
    fn forward(&self, x: &Tensor, dropout_mask: Option<&Tensor>) -> candle_core::Result<Tensor> {
        let mut h = x.clone();
        let n = self.layers.len();
        for (i, (w, b)) in self.layers.iter().enumerate() {
            h = h
                .matmul(&w.as_tensor().t()?)?
                .broadcast_add(b.as_tensor())?;
            if i + 1 < n {
                h = h.relu()?;
                if let Some(m) = dropout_mask {
                    h = h.mul(m)?;
                }
            }
        }
        Ok(h)
    }

    fn snapshot(&self) -> candle_core::Result<Vec<(Tensor, Tensor)>> {
        self.layers
            .iter()
            .map(|(w, b)| Ok((w.as_tensor().copy()?, b.as_tensor().copy()?)))
            .collect()
    }
}

fn weighted_ce(logits: &Tensor, y: &Tensor, w: &Tensor) -> candle_core::Result<Tensor> {
    let logp = candle_nn::ops::log_softmax(logits, D::Minus1)?;
    let picked = logp.gather(&y.unsqueeze(1)?, 1)?.squeeze(1)?;
    let wy = w.index_select(y, 0)?;
    (picked * &wy)?.sum_all()?.neg()? / wy.sum_all()?.to_scalar::<f32>()? as f64
}

/// Returns the trained head (temperature 1; calibrate afterwards) and a report.
#[allow(clippy::too_many_arguments)]
pub fn fit_head(
    name: &str,
    labels: &[String],
    x_train: &[Vec<f32>],
    y_train: &[usize],
    x_val: &[Vec<f32>],
    y_val: &[usize],
    cfg: &FitConfig,
    seed: u64,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(Head, FitReport), ModelError> {
    let dev = Device::Cpu;
    let c = labels.len();
    if x_train.is_empty() || c < 2 {
        return Err(ModelError::Input(format!(
            "head {name} needs training examples of at least two labels"
        )));
    }
    let dim = x_train[0].len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut layers = Vec::new();
    if cfg.hidden > 0 {
        layers.push(init(&mut rng, cfg.hidden, dim, &dev)?);
        layers.push(init(&mut rng, c, cfg.hidden, &dev)?);
    } else {
        layers.push(init(&mut rng, c, dim, &dev)?);
    }
    let net = Net { layers };
    let vars: Vec<Var> = net
        .layers
        .iter()
        .flat_map(|(w, b)| [w.clone(), b.clone()])
        .collect();
    let mut opt = AdamW::new(
        vars,
        ParamsAdamW {
            lr: cfg.lr,
            weight_decay: cfg.weight_decay,
            ..Default::default()
        },
    )?;

    let mut counts = vec![0usize; c];
    for &y in y_train {
        counts[y] += 1;
    }
    let weights: Vec<f32> = counts
        .iter()
        .map(|&n| {
            if !cfg.class_weights || n == 0 {
                1.0
            } else {
                y_train.len() as f32 / (c as f32 * n as f32)
            }
        })
        .collect();
    let w_t = Tensor::from_vec(weights, c, &dev)?;
    let xt = to_tensor(x_train, &dev)?;
    let yt = Tensor::from_vec(
        y_train.iter().map(|&y| y as u32).collect::<Vec<_>>(),
        y_train.len(),
        &dev,
    )?;
    let (xv, yv) = if x_val.is_empty() {
        (xt.clone(), yt.clone())
    } else {
        (
            to_tensor(x_val, &dev)?,
            Tensor::from_vec(
                y_val.iter().map(|&y| y as u32).collect::<Vec<_>>(),
                y_val.len(),
                &dev,
            )?,
        )
    };
    let ones = Tensor::ones(c, DType::F32, &dev)?;

    let mut order: Vec<usize> = (0..x_train.len()).collect();
    let mut best = (f64::NEG_INFINITY, f64::INFINITY);
    let mut best_state = net.snapshot()?;
    let (mut best_epoch, mut since_best, mut epochs_run, mut last_train_loss) = (0, 0, 0, 0.0);
    for epoch in 0..cfg.epochs {
        epochs_run = epoch + 1;
        order.shuffle(&mut rng);
        let mut loss_sum = 0.0;
        let mut batches = 0;
        for chunk in order.chunks(cfg.batch_size.max(1)) {
            let idx = Tensor::from_vec(
                chunk.iter().map(|&i| i as u32).collect::<Vec<_>>(),
                chunk.len(),
                &dev,
            )?;
            let xb = xt.index_select(&idx, 0)?;
            let yb = yt.index_select(&idx, 0)?;
            let mask = if cfg.hidden > 0 && cfg.dropout > 0.0 {
                let keep = 1.0 - cfg.dropout;
                let m: Vec<f32> = (0..chunk.len() * cfg.hidden)
                    .map(|_| {
                        if rng.random::<f32>() < keep {
                            1.0 / keep
                        } else {
                            0.0
                        }
                    })
                    .collect();
                Some(Tensor::from_vec(m, (chunk.len(), cfg.hidden), &dev)?)
            } else {
                None
            };
            let logits = net.forward(&xb, mask.as_ref())?;
            let loss = weighted_ce(&logits, &yb, &w_t)?;
            opt.backward_step(&loss)?;
            loss_sum += loss.to_scalar::<f32>()? as f64;
            batches += 1;
        }
        last_train_loss = loss_sum / batches.max(1) as f64;
        let logits = net.forward(&xv, None)?;
        let val_loss = weighted_ce(&logits, &yv, &ones)?.to_scalar::<f32>()? as f64;
        let pred: Vec<u32> = logits.argmax(D::Minus1)?.to_vec1()?;
        let gold: Vec<u32> = yv.to_vec1()?;
        let acc = pred.iter().zip(&gold).filter(|(a, b)| a == b).count() as f64
            / gold.len().max(1) as f64;
        if let Some(p) = progress {
            p.set_message(format!(
                "{name}: epoch {epochs_run} loss {last_train_loss:.4} val acc {acc:.4}"
            ));
            p.inc(1);
        }
        if cfg.keep == Keep::Last {
            best = (acc, val_loss);
            best_epoch = epochs_run;
        } else if acc > best.0 + 1e-9 || (acc >= best.0 - 1e-9 && val_loss < best.1) {
            best = (acc, val_loss);
            best_state = net.snapshot()?;
            best_epoch = epochs_run;
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= cfg.patience {
                break;
            }
        }
    }
    if cfg.keep == Keep::Last {
        best_state = net.snapshot()?;
    }
    let head = Head::new(name, labels.to_vec(), 1.0, best_state)?;
    Ok((
        head,
        FitReport {
            epochs_run,
            best_epoch,
            val_accuracy: best.0,
            val_loss: best.1,
            train_loss: last_train_loss,
        },
    ))
}
