//! A BERT / XLM-RoBERTa encoder forward on candle, written out so that one implementation serves
//! both architectures, reads 4-bit embeddings without expanding them, and pools in the same pass.
//! The two architectures differ only in how position ids are counted.

use std::path::Path;

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::LayerNorm;
use serde::{Deserialize, Serialize};

use super::weights::{Q4Matrix, Stored, WeightStore};
use super::ModelError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Architecture {
    Bert,
    XlmRoberta,
}

/// The fields of a Hugging Face `config.json` that the forward needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncoderConfig {
    pub model_type: String,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    pub vocab_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "default_type_vocab")]
    pub type_vocab_size: usize,
    #[serde(default)]
    pub pad_token_id: u32,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
}

fn default_act() -> String {
    "gelu".into()
}
fn default_type_vocab() -> usize {
    2
}
fn default_eps() -> f64 {
    1e-12
}

impl EncoderConfig {
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|e| ModelError::io(path, e))?;
        let cfg: Self = serde_json::from_str(&text)
            .map_err(|e| ModelError::Format(format!("{}: {e}", path.display())))?;
        cfg.architecture()?;
        if cfg.num_attention_heads == 0 || !cfg.hidden_size.is_multiple_of(cfg.num_attention_heads)
        {
            return Err(ModelError::Format(format!(
                "hidden_size {} is not divisible by num_attention_heads {}",
                cfg.hidden_size, cfg.num_attention_heads
            )));
        }
        Ok(cfg)
    }

    pub fn architecture(&self) -> Result<Architecture, ModelError> {
        match self.model_type.as_str() {
            "bert" => Ok(Architecture::Bert),
            "xlm-roberta" | "roberta" => Ok(Architecture::XlmRoberta),
            other => Err(ModelError::Format(format!(
                "unsupported model_type {other:?} (supported: bert, xlm-roberta)"
            ))),
        }
    }

    /// The longest input the position table allows (XLM-R reserves pad_token_id + 1 rows).
    pub fn max_tokens(&self) -> usize {
        match self.architecture() {
            Ok(Architecture::XlmRoberta) => {
                self.max_position_embeddings - self.pad_token_id as usize - 1
            }
            _ => self.max_position_embeddings,
        }
    }
}

/// A dense layer with its weight stored pre-transposed ([in, out], contiguous): gemm then reads
/// the right-hand side in order instead of re-packing a strided view on every call, which
/// dominated small-batch latency (perf: ~30% of a batch-1 forward in packing).
struct Linear {
    w_t: Tensor,
    b: Tensor,
}

impl Linear {
    fn new(weight: Tensor, bias: Tensor) -> candle_core::Result<Self> {
        Ok(Self {
            w_t: weight.t()?.contiguous()?,
            b: bias,
        })
    }

    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let dims = x.dims().to_vec();
        let k = *dims.last().unwrap_or(&0);
        let rows = x.elem_count() / k.max(1);
        let y = x
            .reshape((rows, k))?
            .matmul(&self.w_t)?
            .broadcast_add(&self.b)?;
        let mut out = dims;
        if let Some(last) = out.last_mut() {
            *last = self.w_t.dim(1)?;
        }
        y.reshape(out)
    }
}

enum WordEmbeddings {
    Dense(Tensor),
    /// Kept in 4-bit blocks: 250k×384 f32 would be 384 MB resident.
    Q4(Q4Matrix),
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    attn_out: Linear,
    attn_ln: LayerNorm,
    inter: Linear,
    out: Linear,
    out_ln: LayerNorm,
}

pub struct Encoder {
    pub config: EncoderConfig,
    arch: Architecture,
    word: WordEmbeddings,
    position: Tensor,
    token_type0: Tensor,
    emb_ln: LayerNorm,
    layers: Vec<Layer>,
    device: Device,
}

/// A batch already tokenized and right-padded: ids and mask are [batch, len].
pub struct EncoderInput {
    pub ids: Vec<u32>,
    pub mask: Vec<u32>,
    pub batch: usize,
    pub len: usize,
}

pub(crate) fn ln_names(prefix: &str, which: &str) -> Vec<String> {
    let alt = if which == "weight" { "gamma" } else { "beta" };
    vec![
        format!("{prefix}.LayerNorm.{which}"),
        format!("{prefix}.LayerNorm.{alt}"),
    ]
}

impl Encoder {
    pub fn new(
        config: EncoderConfig,
        mut w: WeightStore,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let arch = config.architecture()?;
        let eps = config.layer_norm_eps;
        let word = match w.take("embeddings.word_embeddings.weight")? {
            Stored::Dense(t) => WordEmbeddings::Dense(t.to_dtype(DType::F32)?),
            Stored::Q4(m) => WordEmbeddings::Q4(m),
        };
        let position = w.take_dense("embeddings.position_embeddings.weight", device)?;
        let token_type0 = w
            .take_dense("embeddings.token_type_embeddings.weight", device)?
            .get(0)?;
        let ln = |w: &mut WeightStore, prefix: &str| -> Result<LayerNorm, ModelError> {
            let g = w.take_dense_any(&ln_names(prefix, "weight"), device)?;
            let b = w.take_dense_any(&ln_names(prefix, "bias"), device)?;
            Ok(LayerNorm::new(g, b, eps))
        };
        let lin = |w: &mut WeightStore, prefix: &str| -> Result<Linear, ModelError> {
            let weight = w.take_dense(&format!("{prefix}.weight"), device)?;
            let bias = w.take_dense(&format!("{prefix}.bias"), device)?;
            Ok(Linear::new(weight, bias)?)
        };
        let emb_ln = ln(&mut w, "embeddings")?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            layers.push(Layer {
                q: lin(&mut w, &format!("{p}.attention.self.query"))?,
                k: lin(&mut w, &format!("{p}.attention.self.key"))?,
                v: lin(&mut w, &format!("{p}.attention.self.value"))?,
                attn_out: lin(&mut w, &format!("{p}.attention.output.dense"))?,
                attn_ln: ln(&mut w, &format!("{p}.attention.output"))?,
                inter: lin(&mut w, &format!("{p}.intermediate.dense"))?,
                out: lin(&mut w, &format!("{p}.output.dense"))?,
                out_ln: ln(&mut w, &format!("{p}.output"))?,
            });
        }
        let hidden = config.hidden_size;
        let (vocab, width) = match &word {
            WordEmbeddings::Dense(t) => t.dims2()?,
            WordEmbeddings::Q4(m) => (m.rows, m.cols),
        };
        if width != hidden || vocab < config.vocab_size.min(vocab) {
            return Err(ModelError::Format(format!(
                "word embeddings are [{vocab}, {width}], config says hidden {hidden}"
            )));
        }
        Ok(Self {
            config,
            arch,
            word,
            position,
            token_type0,
            emb_ln,
            layers,
            device: device.clone(),
        })
    }

    pub fn load(dir: &Path, device: &Device) -> Result<Self, ModelError> {
        let config = EncoderConfig::load(&dir.join("config.json"))?;
        let weights = super::derived::load_weights(dir, device)?;
        Self::new(config, weights, device)
    }

    pub fn hidden_size(&self) -> usize {
        self.config.hidden_size
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    fn vocab_rows(&self) -> usize {
        match &self.word {
            WordEmbeddings::Dense(t) => t.dim(0).unwrap_or(0),
            WordEmbeddings::Q4(m) => m.rows,
        }
    }

    fn embed_words(&self, ids: &[u32], batch: usize, len: usize) -> Result<Tensor, ModelError> {
        let rows = self.vocab_rows();
        if let Some(bad) = ids.iter().find(|&&i| i as usize >= rows) {
            return Err(ModelError::Input(format!(
                "token id {bad} is outside the vocabulary ({rows})"
            )));
        }
        let h = self.hidden_size();
        match &self.word {
            WordEmbeddings::Dense(t) => {
                let idx = Tensor::from_slice(ids, ids.len(), &self.device)?;
                Ok(t.index_select(&idx, 0)?.reshape((batch, len, h))?)
            }
            WordEmbeddings::Q4(m) => {
                let mut out = vec![0f32; ids.len() * h];
                for (dst, &id) in out.chunks_exact_mut(h).zip(ids) {
                    m.dequantize_row(id as usize, dst);
                }
                Ok(Tensor::from_vec(out, (batch, len, h), &self.device)?)
            }
        }
    }

    /// Token-level hidden states [batch, len, hidden].
    pub fn hidden_states(&self, input: &EncoderInput) -> Result<Tensor, ModelError> {
        let (b, l) = (input.batch, input.len);
        if input.ids.len() != b * l || input.mask.len() != b * l {
            return Err(ModelError::Input(
                "ids/mask do not match batch × len".into(),
            ));
        }
        if l > self.config.max_tokens() {
            return Err(ModelError::Input(format!(
                "sequence of {l} tokens is longer than the model's {}",
                self.config.max_tokens()
            )));
        }
        let words = self.embed_words(&input.ids, b, l)?;
        // XLM-R counts positions from padding_idx + 1; padded slots are masked out anyway.
        let offset = match self.arch {
            Architecture::Bert => 0,
            Architecture::XlmRoberta => self.config.pad_token_id as usize + 1,
        };
        let pos = self.position.narrow(0, offset, l)?;
        let x = words
            .broadcast_add(&pos.unsqueeze(0)?)?
            .broadcast_add(&self.token_type0)?;
        let mut x = self.emb_ln.forward(&x)?;

        let mask = Tensor::from_slice(&input.mask, (b, l), &self.device)?.to_dtype(DType::F32)?;
        // 0 where attended, a large negative where padded: [b, 1, 1, l].
        let bias = ((mask.ones_like()? - &mask)? * -1e9f64)?
            .unsqueeze(1)?
            .unsqueeze(1)?;
        let heads = self.config.num_attention_heads;
        let dh = self.config.hidden_size / heads;
        let scale = 1.0 / (dh as f64).sqrt();
        for layer in &self.layers {
            let split = |t: Tensor| -> candle_core::Result<Tensor> {
                t.reshape((b, l, heads, dh))?.transpose(1, 2)?.contiguous()
            };
            let q = split(layer.q.forward(&x)?)?;
            let k = split(layer.k.forward(&x)?)?;
            let v = split(layer.v.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(&bias)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let ctx =
                probs
                    .matmul(&v)?
                    .transpose(1, 2)?
                    .reshape((b, l, self.config.hidden_size))?;
            let attn = layer
                .attn_ln
                .forward(&(layer.attn_out.forward(&ctx)? + &x)?)?;
            let inter = layer.inter.forward(&attn)?.gelu_erf()?;
            x = layer
                .out_ln
                .forward(&(layer.out.forward(&inter)? + &attn)?)?;
        }
        Ok(x)
    }

    /// Mean-pooled over the mask and L2-normalised sentence embeddings [batch, hidden].
    pub fn embed(&self, input: &EncoderInput) -> Result<Tensor, ModelError> {
        let hs = self.hidden_states(input)?;
        let mask = Tensor::from_slice(&input.mask, (input.batch, input.len), &self.device)?
            .to_dtype(DType::F32)?
            .unsqueeze(2)?;
        let summed = hs.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1.0, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean
            .sqr()?
            .sum_keepdim(D::Minus1)?
            .sqrt()?
            .clamp(1e-12, f64::MAX)?;
        Ok(mean.broadcast_div(&norm)?)
    }
}
