//! The top encoder layers as trainable candle variables, with a forward that autograd can run
//! backwards through (the serving forwards are inference-only). Post-LN BERT / XLM-R layout;
//! checked against the encoder's own forward by `states_match_the_encoder` in `mod.rs`.

use std::collections::BTreeMap;

use candle_core::{Device, Tensor, Var, D};
use rand_chacha::ChaCha8Rng;

use crate::model::weights::WeightStore;
use crate::model::ModelError;

/// The tensors of one layer, as named after `encoder.layer.N.`.
pub const LAYER_TENSORS: [&str; 16] = [
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
];

/// One layer's parameters.
pub struct LayerParams {
    pub index: usize,
    /// Name suffix → variable.
    pub vars: BTreeMap<&'static str, Var>,
    /// Name suffix → the tensor's full name in the base weights file (older exports call the
    /// LayerNorm tensors gamma/beta), so the tuned tensors replace exactly those.
    pub stored_names: BTreeMap<&'static str, String>,
}

impl LayerParams {
    pub fn load(w: &mut WeightStore, index: usize, dev: &Device) -> Result<Self, ModelError> {
        let mut vars = BTreeMap::new();
        let mut stored_names = BTreeMap::new();
        for name in LAYER_TENSORS {
            let full = format!("encoder.layer.{index}.{name}");
            let stored = if w.contains(&full) {
                full
            } else if name.contains("LayerNorm") {
                full.replace("LayerNorm.weight", "LayerNorm.gamma")
                    .replace("LayerNorm.bias", "LayerNorm.beta")
            } else {
                full
            };
            let t = w.take_dense(&stored, dev)?;
            vars.insert(name, Var::from_tensor(&t)?);
            stored_names.insert(name, stored);
        }
        Ok(Self {
            index,
            vars,
            stored_names,
        })
    }

    fn v(&self, name: &str) -> &Tensor {
        self.vars[name].as_tensor()
    }

    /// A copy with its own storage (the frozen reference while this one trains).
    pub fn detached_copy(&self) -> Result<Self, ModelError> {
        let mut vars = BTreeMap::new();
        for (k, v) in &self.vars {
            vars.insert(*k, Var::from_tensor(&v.as_tensor().copy()?)?);
        }
        Ok(Self {
            index: self.index,
            vars,
            stored_names: self.stored_names.clone(),
        })
    }

    /// Weight matrices get weight decay; biases and LayerNorms do not.
    pub fn is_matrix(name: &str) -> bool {
        name.ends_with("dense.weight")
            || name.ends_with("query.weight")
            || name.ends_with("key.weight")
            || name.ends_with("value.weight")
    }
}

/// Heads, width and LayerNorm epsilon of the encoder.
pub struct Shape {
    pub heads: usize,
    pub hidden: usize,
    pub eps: f64,
}

/// Seeded dropout (candle's CPU generator cannot be seeded); `None` is evaluation mode.
pub struct Dropout {
    pub p: f32,
    pub rng: std::cell::RefCell<ChaCha8Rng>,
}

fn dropout(x: &Tensor, d: Option<&Dropout>) -> candle_core::Result<Tensor> {
    let Some(d) = d.filter(|d| d.p > 0.0) else {
        return Ok(x.clone());
    };
    let keep = 1.0 / (1.0 - d.p);
    let mut rng = d.rng.borrow_mut();
    let m: Vec<f32> = (0..x.elem_count())
        .map(|_| {
            if rand::Rng::random::<f32>(&mut *rng) < d.p {
                0.0
            } else {
                keep
            }
        })
        .collect();
    x * Tensor::from_vec(m, x.shape(), x.device())?
}

fn linear(x: &Tensor, w: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    let (bsz, len, k) = x.dims3()?;
    let y = x
        .reshape((bsz * len, k))?
        .matmul(&w.t()?)?
        .broadcast_add(b)?;
    y.reshape((bsz, len, w.dim(0)?))
}

fn layer_norm(x: &Tensor, g: &Tensor, b: &Tensor, eps: f64) -> candle_core::Result<Tensor> {
    let mean = x.mean_keepdim(D::Minus1)?;
    let xc = x.broadcast_sub(&mean)?;
    let var = xc.sqr()?.mean_keepdim(D::Minus1)?;
    xc.broadcast_div(&(var + eps)?.sqrt()?)?
        .broadcast_mul(g)?
        .broadcast_add(b)
}

/// One post-LN layer; `bias` is the additive attention mask [b, 1, 1, len].
fn layer_forward(
    p: &LayerParams,
    x: &Tensor,
    bias: &Tensor,
    s: &Shape,
    drop: Option<&Dropout>,
) -> candle_core::Result<Tensor> {
    let (b, l, _) = x.dims3()?;
    let dh = s.hidden / s.heads;
    let split = |t: Tensor| -> candle_core::Result<Tensor> {
        t.reshape((b, l, s.heads, dh))?
            .transpose(1, 2)?
            .contiguous()
    };
    let proj = |n: &str| linear(x, p.v(&format!("{n}.weight")), p.v(&format!("{n}.bias")));
    let q = split(proj("attention.self.query")?)?;
    let k = split(proj("attention.self.key")?)?;
    let v = split(proj("attention.self.value")?)?;
    let scores =
        (q.matmul(&k.t()?.contiguous()?)? * (1.0 / (dh as f64).sqrt()))?.broadcast_add(bias)?;
    let probs = dropout(&candle_nn::ops::softmax(&scores, D::Minus1)?, drop)?;
    let ctx = probs
        .matmul(&v)?
        .transpose(1, 2)?
        .contiguous()?
        .reshape((b, l, s.hidden))?;
    let a = dropout(
        &linear(
            &ctx,
            p.v("attention.output.dense.weight"),
            p.v("attention.output.dense.bias"),
        )?,
        drop,
    )?;
    let a = layer_norm(
        &(a + x)?,
        p.v("attention.output.LayerNorm.weight"),
        p.v("attention.output.LayerNorm.bias"),
        s.eps,
    )?;
    let i = linear(
        &a,
        p.v("intermediate.dense.weight"),
        p.v("intermediate.dense.bias"),
    )?
    .gelu_erf()?;
    let o = dropout(
        &linear(&i, p.v("output.dense.weight"), p.v("output.dense.bias"))?,
        drop,
    )?;
    layer_norm(
        &(o + a)?,
        p.v("output.LayerNorm.weight"),
        p.v("output.LayerNorm.bias"),
        s.eps,
    )
}

/// Runs hidden states through `layers` in order.
pub fn forward(
    layers: &[LayerParams],
    x: Tensor,
    bias: &Tensor,
    s: &Shape,
    drop: Option<&Dropout>,
) -> candle_core::Result<Tensor> {
    let mut x = x;
    for p in layers {
        x = layer_forward(p, &x, bias, s, drop)?;
    }
    Ok(x)
}

/// Mean over the mask, then L2 normalisation (the encoder's pooling).
pub fn pool(hs: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let m = mask.unsqueeze(2)?;
    let mean = hs
        .broadcast_mul(&m)?
        .sum(1)?
        .broadcast_div(&m.sum(1)?.clamp(1.0, f64::MAX)?)?;
    l2(&mean)
}

pub fn l2(x: &Tensor) -> candle_core::Result<Tensor> {
    let n = x
        .sqr()?
        .sum_keepdim(D::Minus1)?
        .sqrt()?
        .clamp(1e-12, f64::MAX)?;
    x.broadcast_div(&n)
}
