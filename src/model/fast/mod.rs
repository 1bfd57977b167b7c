//! The fast CPU forward for the BERT / XLM-R encoders we ship. Same weights and same maths as the
//! candle forward in `encoder.rs` (which stays the reference and the GPU path), organised for
//! short chat messages on a few cores:
//! - no padding: the messages of a batch are concatenated into one `[tokens, hidden]` matrix for
//!   every dense layer; attention runs per message over its own tokens only;
//! - weights packed once at load into the kernel's panel layout (f32, or int8 for `--precision
//!   int8`), bias / GELU / residual applied to each output tile while it is in cache;
//! - one team of threads per forward, splitting every step and meeting at a spinning barrier;
//! - every buffer allocated once per forward, none inside the layer loop;
//! - kernels per instruction set (AVX-512, AVX2, portable), picked once per process in `cpu`.

pub mod bank;
pub mod cgemm;
pub mod cpu;
pub mod gemm;
pub mod math;
pub mod qgemm;
pub mod team;

use super::encoder::{Architecture, EncoderConfig};
use super::weights::{Q4Matrix, Stored, WeightStore};
use super::ModelError;
use cgemm::PackedCodes;
use gemm::{Epilogue, PackedF32};
use qgemm::PackedI8;
use team::Shared;

/// Arithmetic of the dense layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// fp32 weights and activations: matches the candle reference to cosine ≥ 0.9999.
    #[default]
    F32,
    /// int8 weights (per output channel) × int8 activations (per token), int32 accumulation.
    Int8,
}

impl std::str::FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "f32" | "fp32" => Ok(Self::F32),
            "int8" | "i8" => Ok(Self::Int8),
            other => Err(format!("unknown precision {other:?} (f32 or int8)")),
        }
    }
}

impl std::fmt::Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::F32 => "f32",
            Self::Int8 => "int8",
        })
    }
}

enum Dense {
    F32(PackedF32),
    /// f32 arithmetic on weights kept as Q4_0 codes + scales (exactly the stored weights) for
    /// single messages, and the same weights packed as f32 for batches.
    Codes(PackedCodes, PackedF32),
    Int8(PackedI8),
}

/// A linear layer's weight as stored: Q4_0 blocks or plain values.
enum RawWeight {
    F32(Vec<f32>),
    Q4(Q4Matrix),
}

impl Dense {
    fn new(weight: &[f32], n: usize, k: usize, bias: &[f32], precision: Precision) -> Self {
        match precision {
            Precision::F32 => Self::F32(PackedF32::new(weight, n, k, bias)),
            Precision::Int8 => Self::Int8(PackedI8::new(weight, n, k, bias)),
        }
    }

    /// Output channels stacked from `parts` (query, key, value fused). f32 on Q4_0 weights keeps
    /// the codes (a quarter of the bytes, identical results); otherwise the values are packed.
    fn from_parts(parts: Vec<RawWeight>, k: usize, bias: &[f32], precision: Precision) -> Self {
        let all_q4 = parts.iter().all(|p| matches!(p, RawWeight::Q4(_)));
        if precision == Precision::F32 && all_q4 && k.is_multiple_of(cgemm::KB) {
            let q4: Vec<Q4Matrix> = parts
                .into_iter()
                .filter_map(|p| match p {
                    RawWeight::Q4(m) => Some(m),
                    RawWeight::F32(_) => None,
                })
                .collect();
            let dense: Vec<f32> = q4.iter().flat_map(Q4Matrix::to_f32).collect();
            let f32s = PackedF32::new(&dense, bias.len(), k, bias);
            return Self::Codes(PackedCodes::from_q4(&q4, bias), f32s);
        }
        let weight: Vec<f32> = parts
            .into_iter()
            .flat_map(|p| match p {
                RawWeight::F32(v) => v,
                RawWeight::Q4(m) => m.to_f32(),
            })
            .collect();
        Self::new(&weight, bias.len(), k, bias, precision)
    }

    fn panels(&self) -> usize {
        match self {
            Self::F32(p) => p.panels(),
            Self::Codes(p, _) => p.panels(),
            Self::Int8(p) => p.panels(),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Self::F32(p) => p.bytes(),
            Self::Codes(p, f) => p.bytes() + f.bytes(),
            Self::Int8(p) => p.bytes(),
        }
    }

    /// # Safety
    /// As [`PackedF32::matmul`]; for int8, `aq` holds the quantized rows of `a`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn matmul(
        &self,
        a: *const f32,
        aq: &qgemm::QuantRows,
        m: usize,
        lda: usize,
        panels: std::ops::Range<usize>,
        out: *mut f32,
        ldc: usize,
        epilogue: Epilogue,
    ) {
        match self {
            Self::F32(p) => p.matmul(a, m, lda, panels, out, ldc, epilogue),
            // Off x86-64 the f32 copy goes through the gemm crate, faster than codes in Rust.
            Self::Codes(p, _)
                if m <= cgemm::CODES_MAX_ROWS
                    && (cfg!(target_arch = "x86_64") || cpu::isa() != cpu::Isa::Portable) =>
            {
                p.matmul(a, m, lda, panels, out, ldc, epilogue)
            }
            Self::Codes(_, f) => f.matmul(a, m, lda, panels, out, ldc, epilogue),
            Self::Int8(p) => p.matmul(aq, m, panels, out, ldc, epilogue),
        }
    }

    fn is_int8(&self) -> bool {
        matches!(self, Self::Int8(_))
    }
}

struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

struct Layer {
    /// Query, key and value fused into one `[3·hidden]`-wide product.
    qkv: Dense,
    attn_out: Dense,
    attn_ln: Norm,
    inter: Dense,
    out: Dense,
    out_ln: Norm,
}

enum WordTable {
    Dense(Vec<f32>),
    Q4(Q4Matrix),
}

pub struct FastEncoder {
    pub config: EncoderConfig,
    arch: Architecture,
    word: WordTable,
    vocab: usize,
    position: Vec<f32>,
    token_type0: Vec<f32>,
    emb_ln: Norm,
    layers: Vec<Layer>,
    pool: team::Pool,
    precision: Precision,
    /// Why the precision differs from the model's choice, when it does (see
    /// [`auto_precision`]).
    precision_note: Option<String>,
}

fn dense_vec(w: &mut WeightStore, name: &str) -> Result<(Vec<f32>, Vec<usize>), ModelError> {
    let t = w.take_dense(name, &candle_core::Device::Cpu)?;
    let dims = t.dims().to_vec();
    Ok((t.flatten_all()?.to_vec1::<f32>()?, dims))
}

fn dense_any(w: &mut WeightStore, names: &[String]) -> Result<Vec<f32>, ModelError> {
    let t = w.take_dense_any(names, &candle_core::Device::Cpu)?;
    Ok(t.flatten_all()?.to_vec1::<f32>()?)
}

impl FastEncoder {
    pub fn new(
        config: EncoderConfig,
        mut w: WeightStore,
        precision: Precision,
        threads: usize,
    ) -> Result<Self, ModelError> {
        let arch = config.architecture()?;
        let h = config.hidden_size;
        let inter = config.intermediate_size;
        let (word, vocab) = match w.take("embeddings.word_embeddings.weight")? {
            Stored::Dense(t) => {
                let (rows, cols) = t.dims2()?;
                if cols != h {
                    return Err(ModelError::Format(format!(
                        "word embeddings are [{rows}, {cols}], config says hidden {h}"
                    )));
                }
                let v = t
                    .to_dtype(candle_core::DType::F32)?
                    .flatten_all()?
                    .to_vec1()?;
                (WordTable::Dense(v), rows)
            }
            Stored::Q4(m) => {
                if m.cols != h {
                    return Err(ModelError::Format(format!(
                        "word embeddings are [{}, {}], config says hidden {h}",
                        m.rows, m.cols
                    )));
                }
                let rows = m.rows;
                (WordTable::Q4(m), rows)
            }
        };
        let (position, _) = dense_vec(&mut w, "embeddings.position_embeddings.weight")?;
        let (tt, _) = dense_vec(&mut w, "embeddings.token_type_embeddings.weight")?;
        let token_type0 = tt[..h].to_vec();
        let norm = |w: &mut WeightStore, prefix: &str| -> Result<Norm, ModelError> {
            Ok(Norm {
                gamma: dense_any(w, &super::encoder::ln_names(prefix, "weight"))?,
                beta: dense_any(w, &super::encoder::ln_names(prefix, "bias"))?,
            })
        };
        let linear = |w: &mut WeightStore,
                      prefix: &str,
                      n: usize,
                      k: usize|
         -> Result<(RawWeight, Vec<f32>), ModelError> {
            let name = format!("{prefix}.weight");
            let weight = match w.take(&name)? {
                Stored::Q4(m) if m.rows == n && m.cols == k => RawWeight::Q4(m),
                Stored::Dense(t) if t.dims() == [n, k] => RawWeight::F32(
                    t.to_dtype(candle_core::DType::F32)?
                        .flatten_all()?
                        .to_vec1()?,
                ),
                other => {
                    let dims = match other {
                        Stored::Q4(m) => vec![m.rows, m.cols],
                        Stored::Dense(t) => t.dims().to_vec(),
                    };
                    return Err(ModelError::Format(format!(
                        "{name} is {dims:?}, expected [{n}, {k}]"
                    )));
                }
            };
            let (bias, _) = dense_vec(w, &format!("{prefix}.bias"))?;
            if bias.len() != n {
                return Err(ModelError::Format(format!(
                    "{prefix}.bias has {} values, expected {n}",
                    bias.len()
                )));
            }
            Ok((weight, bias))
        };
        let emb_ln = norm(&mut w, "embeddings")?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let mut qkv = Vec::with_capacity(3);
            let mut qkv_b = Vec::with_capacity(3 * h);
            for part in ["query", "key", "value"] {
                let (wt, b) = linear(&mut w, &format!("{p}.attention.self.{part}"), h, h)?;
                qkv.push(wt);
                qkv_b.extend_from_slice(&b);
            }
            let (ao_w, ao_b) = linear(&mut w, &format!("{p}.attention.output.dense"), h, h)?;
            let (in_w, in_b) = linear(&mut w, &format!("{p}.intermediate.dense"), inter, h)?;
            let (out_w, out_b) = linear(&mut w, &format!("{p}.output.dense"), h, inter)?;
            layers.push(Layer {
                qkv: Dense::from_parts(qkv, h, &qkv_b, precision),
                attn_out: Dense::from_parts(vec![ao_w], h, &ao_b, precision),
                attn_ln: norm(&mut w, &format!("{p}.attention.output"))?,
                inter: Dense::from_parts(vec![in_w], h, &in_b, precision),
                out: Dense::from_parts(vec![out_w], inter, &out_b, precision),
                out_ln: norm(&mut w, &format!("{p}.output"))?,
            });
        }
        if position.len() < config.max_position_embeddings * h {
            return Err(ModelError::Format(
                "position embeddings are shorter than max_position_embeddings".into(),
            ));
        }
        Ok(Self {
            config,
            arch,
            word,
            vocab,
            position,
            token_type0,
            emb_ln,
            layers,
            pool: team::Pool::new(threads),
            precision,
            precision_note: None,
        })
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    pub fn precision_note(&self) -> Option<&str> {
        self.precision_note.as_deref()
    }

    pub(crate) fn set_precision_note(&mut self, note: Option<String>) {
        self.precision_note = note;
    }

    pub fn threads(&self) -> usize {
        self.pool.size()
    }

    /// The thread team, for other per-batch work between forwards (the kNN heads).
    pub fn team(&self) -> &team::Pool {
        &self.pool
    }

    /// Bytes held by the packed dense layers (for logs and memory budgets).
    pub fn dense_bytes(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.qkv.bytes() + l.attn_out.bytes() + l.inter.bytes() + l.out.bytes())
            .sum()
    }

    pub fn hidden_size(&self) -> usize {
        self.config.hidden_size
    }

    /// Mean-pooled, L2-normalised embeddings, `[seqs.len() × hidden]` row-major.
    pub fn embed(&self, seqs: &[&[u32]]) -> Result<Vec<f32>, ModelError> {
        let h = self.config.hidden_size;
        let max = self.config.max_tokens();
        for s in seqs {
            if s.is_empty() {
                return Err(ModelError::Input("empty token sequence".into()));
            }
            if s.len() > max {
                return Err(ModelError::Input(format!(
                    "sequence of {} tokens is longer than the model's {max}",
                    s.len()
                )));
            }
            if let Some(bad) = s.iter().find(|&&i| i as usize >= self.vocab) {
                return Err(ModelError::Input(format!(
                    "token id {bad} is outside the vocabulary ({})",
                    self.vocab
                )));
            }
        }
        let hs = self.hidden_states(seqs);
        let mut out = vec![0f32; seqs.len() * h];
        let mut t0 = 0;
        for (s, dst) in seqs.iter().zip(out.chunks_exact_mut(h)) {
            for row in hs[t0 * h..(t0 + s.len()) * h].chunks_exact(h) {
                math::add_assign(dst, row);
            }
            t0 += s.len();
            let inv_len = 1.0 / s.len() as f32;
            let norm = dst.iter().map(|v| v * v).sum::<f32>().sqrt() * inv_len;
            let scale = inv_len / norm.max(1e-12);
            dst.iter_mut().for_each(|v| *v *= scale);
        }
        Ok(out)
    }

    /// Token states after the last layer, `[Σ len × hidden]` (inputs already validated).
    fn hidden_states(&self, seqs: &[&[u32]]) -> Vec<f32> {
        let cfg = &self.config;
        let h = cfg.hidden_size;
        let inter = cfg.intermediate_size;
        let heads = cfg.num_attention_heads;
        let dh = h / heads;
        let eps = cfg.layer_norm_eps as f32;
        let starts: Vec<usize> = seqs
            .iter()
            .scan(0, |acc, s| {
                let start = *acc;
                *acc += s.len();
                Some(start)
            })
            .collect();
        let tokens: usize = seqs.iter().map(|s| s.len()).sum();
        let longest = seqs.iter().map(|s| s.len()).max().unwrap_or(0);
        let pos_offset = match self.arch {
            Architecture::Bert => 0,
            Architecture::XlmRoberta => cfg.pad_token_id as usize + 1,
        };

        let mut x = vec![0f32; tokens * h];
        let mut h1 = vec![0f32; tokens * h];
        let mut ctx = vec![0f32; tokens * h];
        let mut qkv = vec![0f32; tokens * 3 * h];
        let mut mid = vec![0f32; tokens * inter];
        let int8 = self.layers.first().is_some_and(|l| l.qkv.is_int8());
        // Quantized copies of the inputs of each product (int8 only), sized for the widest.
        let quant = qgemm::QuantRows::new(if int8 { tokens } else { 0 }, inter.max(h));
        let (xp, h1p, ctxp, qkvp, midp) = (
            Shared(x.as_mut_ptr()),
            Shared(h1.as_mut_ptr()),
            Shared(ctx.as_mut_ptr()),
            Shared(qkv.as_mut_ptr()),
            Shared(mid.as_mut_ptr()),
        );
        let scale = 1.0 / (dh as f32).sqrt();

        self.pool.run(|m| {
            // Capture the Shared wrappers whole (edition-2021 closures would capture the raw
            // `.0` fields, which are not Sync).
            let (xp, h1p, ctxp, qkvp, midp) = (xp, h1p, ctxp, qkvp, midp);
            // SAFETY (for every raw access below): between two `m.sync()` calls each member
            // writes only its own rows (`m.share(tokens)`) or its own output panels; buffers
            // read in a step are not written in that step.
            let rows = m.share(tokens);
            let own = |p: Shared<f32>, width: usize| unsafe {
                std::slice::from_raw_parts_mut(p.0.add(rows.start * width), rows.len() * width)
            };
            // int8: each member quantizes its own rows as soon as they are final, so products
            // need no extra step (except after the column-split GELU product).
            let quantize_own = |src: Shared<f32>, width: usize| {
                if int8 {
                    unsafe { quant.quantize(src.0, width, rows.clone()) };
                }
            };
            let quant_ref = &quant;

            // Embeddings: word + position + token type 0, then layer norm.
            {
                let xs = own(xp, h);
                for (t, dst) in rows.clone().zip(xs.chunks_exact_mut(h)) {
                    let s = starts.partition_point(|&st| st <= t) - 1;
                    let i = t - starts[s];
                    let id = seqs[s][i] as usize;
                    match &self.word {
                        WordTable::Dense(table) => {
                            dst.copy_from_slice(&table[id * h..(id + 1) * h])
                        }
                        WordTable::Q4(q) => q.dequantize_row(id, dst),
                    }
                    let pos = &self.position[(pos_offset + i) * h..(pos_offset + i + 1) * h];
                    math::add_assign(dst, pos);
                    math::add_assign(dst, &self.token_type0);
                }
                math::layer_norm_rows(xs, h, &self.emb_ln.gamma, &self.emb_ln.beta, eps);
                quantize_own(xp, h);
            }
            let mut scores = vec![0f32; longest];
            m.sync();

            for layer in &self.layers {
                unsafe {
                    layer.qkv.matmul(
                        xp.0,
                        quant_ref,
                        tokens,
                        h,
                        m.share(layer.qkv.panels()),
                        qkvp.0,
                        3 * h,
                        Epilogue::None,
                    )
                };
                m.sync();

                // Attention for this member's query rows, every head.
                let qkv_all = unsafe { std::slice::from_raw_parts(qkvp.0, tokens * 3 * h) };
                let ctx_own = own(ctxp, h);
                for (t, out) in rows.clone().zip(ctx_own.chunks_exact_mut(h)) {
                    let s = starts.partition_point(|&st| st <= t) - 1;
                    let shape = AttnRow {
                        t,
                        t0: starts[s],
                        len: seqs[s].len(),
                        h,
                        heads,
                        scale,
                    };
                    attention_row(qkv_all, out, &mut scores[..shape.len], shape);
                }
                quantize_own(ctxp, h);
                m.sync();

                unsafe {
                    layer.attn_out.matmul(
                        ctxp.0,
                        quant_ref,
                        tokens,
                        h,
                        m.share(layer.attn_out.panels()),
                        h1p.0,
                        h,
                        Epilogue::Residual(xp.0),
                    )
                };
                m.sync();
                let ln = &layer.attn_ln;
                math::layer_norm_rows(own(h1p, h), h, &ln.gamma, &ln.beta, eps);
                quantize_own(h1p, h);
                m.sync();

                unsafe {
                    layer.inter.matmul(
                        h1p.0,
                        quant_ref,
                        tokens,
                        h,
                        m.share(layer.inter.panels()),
                        midp.0,
                        inter,
                        Epilogue::Gelu,
                    )
                };
                m.sync();
                if int8 {
                    quantize_own(midp, inter);
                    m.sync();
                }

                unsafe {
                    layer.out.matmul(
                        midp.0,
                        quant_ref,
                        tokens,
                        inter,
                        m.share(layer.out.panels()),
                        xp.0,
                        h,
                        Epilogue::Residual(h1p.0),
                    )
                };
                m.sync();
                let ln = &layer.out_ln;
                math::layer_norm_rows(own(xp, h), h, &ln.gamma, &ln.beta, eps);
                quantize_own(xp, h);
                m.sync();
            }
        });
        x
    }
}

/// One query row of self-attention: token `t` of the message that starts at `t0`.
#[derive(Clone, Copy)]
struct AttnRow {
    t: usize,
    t0: usize,
    len: usize,
    h: usize,
    heads: usize,
    scale: f32,
}

// inline(always): the AVX-512 entry point must compile this body with its wider registers.
#[inline(always)]
fn attention_row_portable(qkv: &[f32], out: &mut [f32], scores: &mut [f32], r: AttnRow) {
    let AttnRow {
        t,
        t0,
        h,
        heads,
        scale,
        ..
    } = r;
    let dh = h / heads;
    let stride = 3 * h;
    for head in 0..heads {
        let col = head * dh;
        let q = &qkv[t * stride + col..][..dh];
        for (j, sc) in scores.iter_mut().enumerate() {
            let k = &qkv[(t0 + j) * stride + h + col..][..dh];
            *sc = math::dot(q, k);
        }
        math::softmax_scaled(scores, scale);
        let o = &mut out[col..col + dh];
        o.fill(0.0);
        for (j, &p) in scores.iter().enumerate() {
            let v = &qkv[(t0 + j) * stride + 2 * h + col..][..dh];
            for (oo, &vv) in o.iter_mut().zip(v) {
                *oo += p * vv;
            }
        }
    }
}

/// As [`attention_row_portable`] with explicit 16-lane products over the head dimension (the
/// compiler does not vectorise the short per-head dot products well on its own).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn attention_row_avx512(qkv: &[f32], out: &mut [f32], scores: &mut [f32], r: AttnRow) {
    use std::arch::x86_64::*;
    let AttnRow {
        t,
        t0,
        h,
        heads,
        scale,
        ..
    } = r;
    let dh = h / heads;
    if !dh.is_multiple_of(16) || dh > 128 {
        return attention_row_portable(qkv, out, scores, r);
    }
    let lanes = dh / 16;
    let stride = 3 * h;
    assert!(qkv.len() >= (t0 + scores.len()).max(t + 1) * stride && out.len() >= h);
    let base = qkv.as_ptr();
    // SAFETY: every offset below is inside qkv (rows t and t0..t0+len, checked above) or out.
    unsafe {
        for head in 0..heads {
            let col = head * dh;
            let q = base.add(t * stride + col);
            for (j, sc) in scores.iter_mut().enumerate() {
                let k = base.add((t0 + j) * stride + h + col);
                let mut acc = _mm512_setzero_ps();
                for c in 0..lanes {
                    acc = _mm512_fmadd_ps(
                        _mm512_loadu_ps(q.add(c * 16)),
                        _mm512_loadu_ps(k.add(c * 16)),
                        acc,
                    );
                }
                *sc = _mm512_reduce_add_ps(acc);
            }
            math::softmax_scaled(scores, scale);
            let mut acc = [_mm512_setzero_ps(); 8];
            for (j, &p) in scores.iter().enumerate() {
                let v = base.add((t0 + j) * stride + 2 * h + col);
                let pv = _mm512_set1_ps(p);
                for (c, a) in acc.iter_mut().enumerate().take(lanes) {
                    *a = _mm512_fmadd_ps(pv, _mm512_loadu_ps(v.add(c * 16)), *a);
                }
            }
            for (c, a) in acc.iter().enumerate().take(lanes) {
                _mm512_storeu_ps(out.as_mut_ptr().add(col + c * 16), *a);
            }
        }
    }
}

/// As [`attention_row_avx512`] with 8-lane products.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn attention_row_avx2(qkv: &[f32], out: &mut [f32], scores: &mut [f32], r: AttnRow) {
    use std::arch::x86_64::*;
    let AttnRow {
        t,
        t0,
        h,
        heads,
        scale,
        ..
    } = r;
    let dh = h / heads;
    if !dh.is_multiple_of(8) || dh > 128 {
        return attention_row_portable(qkv, out, scores, r);
    }
    let lanes = dh / 8;
    let stride = 3 * h;
    assert!(qkv.len() >= (t0 + scores.len()).max(t + 1) * stride && out.len() >= h);
    let base = qkv.as_ptr();
    // SAFETY: every offset below is inside qkv (rows t and t0..t0+len, checked above) or out.
    unsafe {
        for head in 0..heads {
            let col = head * dh;
            let q = base.add(t * stride + col);
            for (j, sc) in scores.iter_mut().enumerate() {
                let k = base.add((t0 + j) * stride + h + col);
                let mut acc = _mm256_setzero_ps();
                for c in 0..lanes {
                    acc = _mm256_fmadd_ps(
                        _mm256_loadu_ps(q.add(c * 8)),
                        _mm256_loadu_ps(k.add(c * 8)),
                        acc,
                    );
                }
                *sc = hsum256(acc);
            }
            math::softmax_scaled(scores, scale);
            let mut acc = [_mm256_setzero_ps(); 16];
            for (j, &p) in scores.iter().enumerate() {
                let v = base.add((t0 + j) * stride + 2 * h + col);
                let pv = _mm256_set1_ps(p);
                for (c, a) in acc.iter_mut().enumerate().take(lanes) {
                    *a = _mm256_fmadd_ps(pv, _mm256_loadu_ps(v.add(c * 8)), *a);
                }
            }
            for (c, a) in acc.iter().enumerate().take(lanes) {
                _mm256_storeu_ps(out.as_mut_ptr().add(col + c * 8), *a);
            }
        }
    }
}

/// The sum of the 8 lanes.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn hsum256(v: std::arch::x86_64::__m256) -> f32 {
    use std::arch::x86_64::*;
    let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    let s = _mm_add_ss(s, _mm_movehdup_ps(s));
    _mm_cvtss_f32(s)
}

/// Self-attention output of one token over its own message's tokens only (no padding, no
/// mask), all heads, into `out` (`hidden` wide). `scores` holds `len` values.
fn attention_row(qkv: &[f32], out: &mut [f32], scores: &mut [f32], r: AttnRow) {
    debug_assert_eq!(scores.len(), r.len);
    match cpu::isa() {
        // SAFETY: cpu::isa() only names a set the CPU supports (checked at run time).
        #[cfg(target_arch = "x86_64")]
        cpu::Isa::Avx512 => unsafe { attention_row_avx512(qkv, out, scores, r) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        cpu::Isa::Avx2 => unsafe { attention_row_avx2(qkv, out, scores, r) },
        _ => attention_row_portable(qkv, out, scores, r),
    }
}

/// The precision to run when the caller left it to the model (`auto`): the model's choice,
/// except int8 on a CPU whose int8 kernel is the portable one (no AVX2 / VNNI dot product), where
/// int8 is several times slower than f32, so f32 runs instead; the second value says so.
pub fn auto_precision(model_choice: Option<Precision>) -> (Precision, Option<String>) {
    match model_choice.unwrap_or_default() {
        Precision::Int8 if !cpu::int8().is_fast() => (
            Precision::F32,
            Some(format!(
                "precision auto: the model asks for int8, but this CPU's kernels ({}) have no \
                 fast int8 dot product; running f32",
                cpu::describe()
            )),
        ),
        p => (p, None),
    }
}

/// Compute threads for the fast forward: every core, up to 8 (the products of one message
/// stop scaling beyond that).
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}
