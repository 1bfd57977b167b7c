//! The encoder, whichever forward runs it: the device, the backend choice (`Backend`,
//! `RunOptions`), the encoder engine (`EncoderBackend`: candle or the fast CPU forward) and the
//! `EncoderBundle` (encoder + tokenizer + prompt prefixes) that embeds texts.

use std::path::Path;

use candle_core::{Device, Tensor};
use serde::Serialize;

use super::encoder::{Encoder, EncoderConfig, EncoderInput};
use super::tokenizer::{self, TextTokenizer, Tokenized};
use super::{fast, ModelError};

/// Picks the compute device: the first CUDA GPU when built with `cuda` and one is present.
pub fn select_device() -> Device {
    #[cfg(feature = "cuda")]
    {
        if let Ok(d) = Device::new_cuda(0) {
            return d;
        }
    }
    Device::Cpu
}

/// candle's barrier thread pool spins by default; on small machines the spinning threads fight
/// the worker for cores (measured up to 5× slower on 2 cores). On 2 cores or fewer, one compute
/// thread per forward pass is also faster than two (measured on the 2-core dev machine: e5
/// batch 8 in 238 ms vs 432 ms) and leaves the other core to HTTP and tokenization.
/// Explicit CANDLE_* settings win. Must run before the first tensor op and before any other
/// thread exists (it sets environment variables): the binary calls it first thing in `main`, and
/// test and bench harnesses call it themselves; library code never does.
pub fn tune_cpu_threads() {
    if std::env::var_os("CANDLE_BARRIER_POOL_SPIN_LIMIT").is_none() {
        // SAFETY: called at start-up before other threads read the environment.
        unsafe { std::env::set_var("CANDLE_BARRIER_POOL_SPIN_LIMIT", "0") };
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if cores <= 2 && std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        // SAFETY: as above.
        unsafe { std::env::set_var("CANDLE_NUM_THREADS", "1") };
    }
}

/// Which forward implementation runs the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// The fast CPU forward (`model::fast`) on CPU, candle on a GPU.
    #[default]
    Auto,
    /// Always the candle forward (the reference; the GPU path).
    Candle,
    /// Always the fast CPU forward.
    Fast,
}

impl Backend {
    /// Whether this choice runs the fast CPU forward on `device`.
    pub fn runs_fast(self, device: &Device) -> bool {
        match self {
            Self::Auto => device.is_cpu(),
            Self::Candle => false,
            Self::Fast => true,
        }
    }
}

impl std::str::FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "candle" => Ok(Self::Candle),
            "fast" => Ok(Self::Fast),
            other => Err(format!("unknown backend {other:?} (auto, candle or fast)")),
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::Candle => "candle",
            Self::Fast => "fast",
        })
    }
}

/// How to run a model's encoder.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub backend: Backend,
    /// None: the model manifest's `encoder.precision` when the fast backend runs it, else f32.
    pub precision: Option<fast::Precision>,
    /// Compute threads of the fast forward (0 = every core, up to 8).
    pub threads: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            backend: Backend::Auto,
            precision: None,
            threads: 0,
        }
    }
}

/// An encoder engine: what the rest of the model code (heads, knowledge base, training, bench)
/// needs from whichever forward runs the encoder, as text-embeddings-inference's `Backend`.
/// Two engines implement it: candle's (`Encoder`, the reference and the GPU path) and the fast
/// CPU forward (`fast::FastEncoder`). The capability methods with defaults (`shared_team`,
/// `cpu_precision`, `set_precision_note`) are what only the CPU engine has; the heads use its
/// thread team for the kNN search when it is there.
pub trait EncoderBackend: Send + Sync {
    fn config(&self) -> &EncoderConfig;

    fn hidden_size(&self) -> usize {
        self.config().hidden_size
    }

    /// Pooled, normalised embeddings [batch, hidden] for tokenized inputs (on `device`).
    fn embed(&self, items: &[&[u32]], pad_id: u32, device: &Device) -> Result<Tensor, ModelError>;

    /// What runs the encoder, for `/v1/info` and the start-up log: backend, precision, the
    /// instruction set of the kernels and why any of them is not what was asked for.
    fn info(&self) -> serde_json::Value;

    /// "candle-cpu", "candle-cuda", "fast-f32-avx512+vnni", …
    fn describe(&self) -> String;

    /// Compute threads of one forward pass (0: the engine's own default).
    fn threads(&self) -> usize;

    /// The arithmetic the vectors come from, part of the knowledge base's vector-cache key
    /// ("f32" / "int8" for the fast engine, "candle" for the reference).
    fn arithmetic(&self) -> String;

    /// The fast CPU engine's thread team, which the heads' kNN search shares.
    fn shared_team(&self) -> Option<&fast::team::Pool> {
        None
    }

    /// The fast CPU engine's precision (None: another engine, always f32).
    fn cpu_precision(&self) -> Option<fast::Precision> {
        None
    }

    /// Why the precision differs from what the model asked for (fast engine only).
    fn set_precision_note(&mut self, _note: Option<String>) {}
}

impl EncoderBackend for Encoder {
    fn config(&self) -> &EncoderConfig {
        &self.config
    }

    fn embed(&self, items: &[&[u32]], pad_id: u32, _: &Device) -> Result<Tensor, ModelError> {
        let (ids, mask, len) = tokenizer::pad_batch(items, pad_id);
        Encoder::embed(
            self,
            &EncoderInput {
                ids,
                mask,
                batch: items.len(),
                len,
            },
        )
    }

    fn info(&self) -> serde_json::Value {
        serde_json::json!({
            "backend": "candle",
            "device": if self.device().is_cpu() { "cpu" } else { "gpu" },
            "precision": "f32",
        })
    }

    fn describe(&self) -> String {
        if self.device().is_cpu() {
            "candle-cpu".into()
        } else {
            "candle-gpu".into()
        }
    }

    fn threads(&self) -> usize {
        std::env::var("CANDLE_NUM_THREADS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn arithmetic(&self) -> String {
        "candle".into()
    }
}

impl EncoderBackend for fast::FastEncoder {
    fn config(&self) -> &EncoderConfig {
        &self.config
    }

    fn embed(&self, items: &[&[u32]], _: u32, device: &Device) -> Result<Tensor, ModelError> {
        let v = fast::FastEncoder::embed(self, items)?;
        Ok(Tensor::from_vec(
            v,
            (items.len(), fast::FastEncoder::hidden_size(self)),
            device,
        )?)
    }

    fn info(&self) -> serde_json::Value {
        serde_json::json!({
            "backend": "fast",
            "precision": self.precision(),
            "precision_note": self.precision_note(),
            "isa": fast::cpu::isa().name(),
            "int8_kernel": fast::cpu::int8().name(),
            "isa_note": fast::cpu::warning(),
            "threads": fast::FastEncoder::threads(self),
        })
    }

    fn describe(&self) -> String {
        format!(
            "fast-{}-{}-{}t",
            self.precision(),
            fast::cpu::describe(),
            fast::FastEncoder::threads(self)
        )
    }

    fn threads(&self) -> usize {
        fast::FastEncoder::threads(self)
    }

    fn arithmetic(&self) -> String {
        self.precision().to_string()
    }

    fn shared_team(&self) -> Option<&fast::team::Pool> {
        Some(self.team())
    }

    fn cpu_precision(&self) -> Option<fast::Precision> {
        Some(self.precision())
    }

    fn set_precision_note(&mut self, note: Option<String>) {
        fast::FastEncoder::set_precision_note(self, note);
    }
}

/// Loads the engine `opts` asks for (the fast CPU forward by default on CPU, candle on a GPU).
pub fn load_backend(
    dir: &Path,
    device: &Device,
    opts: &RunOptions,
) -> Result<Box<dyn EncoderBackend>, ModelError> {
    let fast = opts.backend.runs_fast(device);
    let precision = opts.precision.unwrap_or_default();
    if precision == fast::Precision::Int8 && !fast {
        return Err(ModelError::Format(
            "int8 precision needs the fast CPU backend".into(),
        ));
    }
    if !fast {
        return Ok(Box::new(Encoder::load(dir, device)?));
    }
    let config = EncoderConfig::load(&dir.join("config.json"))?;
    let weights = super::derived::load_weights(dir, &Device::Cpu)?;
    let threads = if opts.threads == 0 {
        fast::default_threads()
    } else {
        opts.threads
    };
    Ok(Box::new(fast::FastEncoder::new(
        config, weights, precision, threads,
    )?))
}

/// A base encoder with its tokenizer and prompt prefixes.
pub struct EncoderBundle {
    pub encoder: Box<dyn EncoderBackend>,
    device: Device,
    pub tokenizer: TextTokenizer,
    pub prefix: String,
    pub document_prefix: String,
    /// Hash of the encoder's config and whole weights file: the key of the embedding caches
    /// (`None` when the files could not be read again for hashing).
    pub fingerprint: Option<String>,
}

impl EncoderBundle {
    pub fn load(
        dir: &Path,
        prefix: &str,
        document_prefix: &str,
        max_tokens: usize,
        device: &Device,
    ) -> Result<Self, ModelError> {
        Self::load_with(
            dir,
            prefix,
            document_prefix,
            max_tokens,
            device,
            &RunOptions::default(),
        )
    }

    pub fn load_with(
        dir: &Path,
        prefix: &str,
        document_prefix: &str,
        max_tokens: usize,
        device: &Device,
        opts: &RunOptions,
    ) -> Result<Self, ModelError> {
        // The tokenizer (a 250k-piece vocabulary for e5) and the weights load side by side.
        let config = EncoderConfig::load(&dir.join("config.json"))?;
        let max_tokens = max_tokens.min(config.max_tokens());
        let started = std::time::Instant::now();
        let (encoder, tokenizer, fingerprint) = std::thread::scope(|s| {
            let tok = s.spawn(|| {
                let t = super::derived::tokenizer_dir(dir)
                    .and_then(|d| TextTokenizer::load(&d, config.pad_token_id, max_tokens));
                (t, started.elapsed())
            });
            // Hashing the weights (about 0.1 s) overlaps the loading instead of following it.
            let fp = s.spawn(|| crate::model::cache::fingerprint(dir));
            let encoder = load_backend(dir, device, opts);
            let encoder_time = started.elapsed();
            let (tokenizer, tokenizer_time) = tok.join().unwrap_or_else(|_| {
                (
                    Err(ModelError::Format("tokenizer loader panicked".into())),
                    started.elapsed(),
                )
            });
            tracing::debug!(
                ?encoder_time,
                ?tokenizer_time,
                "encoder and tokenizer loaded"
            );
            let fingerprint = match fp.join() {
                Ok(Ok(f)) => Some(f),
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "encoder weights could not be hashed: no embedding cache");
                    None
                }
                Err(_) => None,
            };
            (encoder, tokenizer, fingerprint)
        });
        let (encoder, tokenizer) = (encoder?, tokenizer?);
        Ok(Self {
            encoder,
            device: device.clone(),
            tokenizer,
            prefix: prefix.to_string(),
            document_prefix: document_prefix.to_string(),
            fingerprint,
        })
    }

    pub fn tokenize(&self, text: &str) -> Result<Tokenized, ModelError> {
        let mut t = self.tokenizer.encode(&format!("{}{}", self.prefix, text))?;
        t.text = text.to_string();
        Ok(t)
    }

    pub fn tokenize_document(&self, text: &str) -> Result<Tokenized, ModelError> {
        self.tokenizer
            .encode(&format!("{}{}", self.document_prefix, text))
    }

    /// Pooled, normalised embeddings [batch, hidden] for tokenized inputs.
    pub fn embed_tokenized(&self, items: &[&[u32]]) -> Result<Tensor, ModelError> {
        self.encoder
            .embed(items, self.tokenizer.pad_id(), &self.device)
    }

    /// Embeds query texts in batches sorted by length (less padding), returned in input order.
    pub fn embed_texts(
        &self,
        texts: &[String],
        batch: usize,
        document: bool,
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let toks: Vec<Tokenized> = texts
            .iter()
            .map(|t| {
                if document {
                    self.tokenize_document(t)
                } else {
                    self.tokenize(t)
                }
            })
            .collect::<Result<_, _>>()?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| toks[i].ids.len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(batch.max(1)) {
            let items: Vec<&[u32]> = chunk.iter().map(|&i| toks[i].ids.as_slice()).collect();
            let emb: Vec<Vec<f32>> = self.embed_tokenized(&items)?.to_vec2()?;
            for (&i, e) in chunk.iter().zip(emb) {
                out[i] = e;
            }
        }
        Ok(out)
    }
}
