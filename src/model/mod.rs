//! The model runtime: a local transformer encoder and the small heads that read its pooled
//! embedding. One encoder pass per message feeds intent, sentiment and out-of-scope scores.

pub mod encoder;
pub mod heads;
pub mod import;
pub mod maha;
pub mod manifest;
pub mod ngram;
pub mod oos;
#[doc(hidden)]
pub mod testkit;
pub mod tokenizer;
pub mod weights;

use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use serde::Serialize;

pub use encoder::{Encoder, EncoderConfig, EncoderInput};
pub use heads::{Head, Prediction, Ranked};
pub use manifest::Manifest;
pub use oos::KnnScorer;
pub use tokenizer::{TextTokenizer, Tokenized};

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid model files: {0}")]
    Format(String),
    #[error("missing tensor {0}")]
    MissingTensor(String),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("bad input: {0}")]
    Input(String),
    /// A batched forward pass failed; every message of the batch gets this.
    #[error("inference failed: {0}")]
    Inference(String),
    #[error("tensor op failed: {0}")]
    Candle(#[from] candle_core::Error),
}

impl ModelError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

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
/// Explicit CANDLE_* settings win. Must run before the first tensor op.
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

/// A base encoder with its tokenizer and prompt prefixes.
pub struct EncoderBundle {
    pub encoder: Encoder,
    pub tokenizer: TextTokenizer,
    pub prefix: String,
    pub document_prefix: String,
}

impl EncoderBundle {
    pub fn load(
        dir: &Path,
        prefix: &str,
        document_prefix: &str,
        max_tokens: usize,
        device: &Device,
    ) -> Result<Self, ModelError> {
        let encoder = Encoder::load(dir, device)?;
        let max_tokens = max_tokens.min(encoder.config.max_tokens());
        let tokenizer = TextTokenizer::load(dir, encoder.config.pad_token_id, max_tokens)?;
        Ok(Self {
            encoder,
            tokenizer,
            prefix: prefix.to_string(),
            document_prefix: document_prefix.to_string(),
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
        let (ids, mask, len) = tokenizer::pad_batch(items, self.tokenizer.pad_id());
        self.encoder.embed(&EncoderInput {
            ids,
            mask,
            batch: items.len(),
            len,
        })
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

/// What the model says about one message, before any policy.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub intent: Prediction,
    pub sentiment: Option<Prediction>,
    pub oos_score: Option<f32>,
    /// Probability of the intent head's out-of-scope class, when it was trained with one.
    pub oos_prob: Option<f32>,
    pub embedding: Vec<f32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub name: String,
    pub version: String,
}

/// A loaded model folder: encoder + heads + out-of-scope statistics + manifest.
pub struct Model {
    pub manifest: Manifest,
    pub dir: PathBuf,
    pub bundle: EncoderBundle,
    pub intent: Head,
    pub sentiment: Option<Head>,
    pub oos: Option<KnnScorer>,
    /// Character n-gram model ensembled with the intent head (manifest `ngram`).
    pub ngram: Option<ngram::NgramModel>,
    /// Mahalanobis statistics, when the combined out-of-scope score uses them.
    pub maha: Option<maha::MahaScorer>,
}

impl Model {
    pub fn load(dir: &Path, device: &Device) -> Result<Self, ModelError> {
        let manifest = Manifest::load(dir)?;
        let enc_dir = dir.join(&manifest.encoder.path);
        let bundle = EncoderBundle::load(
            &enc_dir,
            &manifest.encoder.prefix,
            &manifest.encoder.document_prefix,
            manifest.encoder.max_tokens,
            device,
        )?;
        let heads_path = dir.join(manifest::HEADS_FILE);
        let mut store = weights::WeightStore::load(&heads_path, device)?;
        let spec = manifest
            .heads
            .get("intent")
            .ok_or_else(|| ModelError::Format("manifest has no intent head".into()))?;
        let intent = Head::from_store(
            &mut store,
            "intent",
            spec.labels.clone(),
            spec.temperature,
            device,
        )?;
        let sentiment = match manifest.heads.get("sentiment") {
            Some(s) => Some(Head::from_store(
                &mut store,
                "sentiment",
                s.labels.clone(),
                s.temperature,
                device,
            )?),
            None => None,
        };
        let oos = match &manifest.oos {
            Some(o) if o.method == "knn" => Some(KnnScorer::from_store(&mut store, o.k, device)?),
            Some(o) if o.method == "combined" => {
                let c = o.combine.as_ref().ok_or_else(|| {
                    ModelError::Format("combined out-of-scope score without `combine`".into())
                })?;
                if c.center.len() != c.signals.len() || c.scale.len() != c.signals.len() {
                    return Err(ModelError::Format(
                        "out-of-scope `combine` needs a center and scale per signal".into(),
                    ));
                }
                if let Some(bad) = c
                    .signals
                    .iter()
                    .find(|s| !["knn", "maha", "rel_maha", "msp"].contains(&s.as_str()))
                {
                    return Err(ModelError::Format(format!(
                        "unknown out-of-scope signal {bad:?}"
                    )));
                }
                if manifest.uses_signal("knn") {
                    Some(KnnScorer::from_store(&mut store, o.k, device)?)
                } else {
                    None
                }
            }
            Some(o) => {
                return Err(ModelError::Format(format!(
                    "unknown out-of-scope method {:?}",
                    o.method
                )))
            }
            None => None,
        };
        let maha = if manifest.uses_signal("maha") || manifest.uses_signal("rel_maha") {
            Some(maha::MahaScorer::from_store(&mut store, device)?)
        } else {
            None
        };
        let ngram = match &manifest.ngram {
            Some(n) => {
                let m = ngram::NgramModel::from_store(&mut store, n.min_n, n.max_n)?;
                if m.classes != spec.labels.len() {
                    return Err(ModelError::Format(format!(
                        "the n-gram model has {} labels, the intent head {}",
                        m.classes,
                        spec.labels.len()
                    )));
                }
                Some(m)
            }
            None => None,
        };
        let hidden = bundle.encoder.hidden_size();
        for h in std::iter::once(&intent).chain(sentiment.as_ref()) {
            if h.input_dim()? != hidden {
                return Err(ModelError::Format(format!(
                    "head {} expects {}-d embeddings, encoder gives {hidden}",
                    h.name,
                    h.input_dim()?
                )));
            }
        }
        Ok(Self {
            manifest,
            dir: dir.to_path_buf(),
            bundle,
            intent,
            sentiment,
            oos,
            ngram,
            maha,
        })
    }

    /// The combined out-of-scope score; `top` is each message's largest in-scope probability.
    pub fn combined_oos(
        &self,
        emb: &Tensor,
        c: &manifest::CombineSpec,
        top: &[f32],
    ) -> Result<Vec<f32>, ModelError> {
        let n = top.len();
        let knn = match (&self.oos, c.signals.iter().any(|s| s == "knn")) {
            (Some(k), true) => k.scores(emb)?,
            _ => vec![0.0; n],
        };
        let (maha, rel) = match &self.maha {
            Some(m) => m.scores(emb)?,
            None => (vec![0.0; n], vec![0.0; n]),
        };
        Ok((0..n)
            .map(|i| {
                let values: Vec<f32> = c
                    .signals
                    .iter()
                    .map(|s| match s.as_str() {
                        "knn" => knn[i],
                        "maha" => maha[i],
                        "rel_maha" => rel[i],
                        _ => 1.0 - top[i],
                    })
                    .collect();
                c.score(&values)
            })
            .collect())
    }

    pub fn info(&self) -> ModelInfo {
        ModelInfo {
            name: self.manifest.name.clone(),
            version: self.manifest.version.clone(),
        }
    }

    pub fn tokenize(&self, text: &str) -> Result<Tokenized, ModelError> {
        self.bundle.tokenize(text)
    }

    /// One encoder pass for a batch of tokenized messages, then every head. Without the texts the
    /// n-gram model is skipped: prefer [`Model::analyze_tokenized`].
    pub fn analyze(&self, items: &[&[u32]]) -> Result<Vec<Analysis>, ModelError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let emb = self.bundle.embed_tokenized(items)?;
        self.analyze_embeddings(&emb, None)
    }

    /// Like [`Model::analyze`], with each message's text for the n-gram model.
    pub fn analyze_tokenized(&self, items: &[&Tokenized]) -> Result<Vec<Analysis>, ModelError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<&[u32]> = items.iter().map(|t| t.ids.as_slice()).collect();
        let texts: Vec<&str> = items.iter().map(|t| t.text.as_str()).collect();
        let emb = self.bundle.embed_tokenized(&ids)?;
        self.analyze_embeddings(&emb, Some(&texts))
    }

    /// Intent logits: the head's, or the ensemble with the n-gram model when there is one and
    /// the texts are given.
    pub fn intent_logits(
        &self,
        emb: &Tensor,
        texts: Option<&[&str]>,
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let logits: Vec<Vec<f32>> = self.intent.logits(emb)?.to_vec2()?;
        Ok(match (&self.ngram, &self.manifest.ngram, texts) {
            (Some(ng), Some(spec), Some(texts)) if texts.len() == logits.len() => logits
                .iter()
                .zip(texts)
                .map(|(l, t)| ngram::combine_logits(l, &ng.logits(t), spec.weight))
                .collect(),
            _ => logits,
        })
    }

    pub fn analyze_embeddings(
        &self,
        emb: &Tensor,
        texts: Option<&[&str]>,
    ) -> Result<Vec<Analysis>, ModelError> {
        let mut intents = self.intent.predict_logits(&self.intent_logits(emb, texts)?);
        // The out-of-scope class is not an intent: take it out of the ranking, keep its probability.
        let oos_label = self.manifest.oos.as_ref().map(|o| o.label.as_str());
        let oos_probs: Vec<Option<f32>> = intents
            .iter_mut()
            .map(|p| {
                let label = oos_label?;
                let pos = p.ranking.iter().position(|r| r.label == label)?;
                if p.ranking.len() < 2 {
                    return None;
                }
                Some(p.ranking.remove(pos).confidence)
            })
            .collect();
        let mut sentiments = match &self.sentiment {
            Some(h) => h.predict(emb)?.into_iter().map(Some).collect(),
            None => vec![None; intents.len()],
        };
        let combine = self.manifest.oos.as_ref().and_then(|o| o.combine.as_ref());
        let oos: Vec<Option<f32>> = match combine {
            Some(c) => {
                let top: Vec<f32> = intents.iter().map(|p| p.top().confidence).collect();
                self.combined_oos(emb, c, &top)?
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            None => match &self.oos {
                Some(s) => s.scores(emb)?.into_iter().map(Some).collect(),
                None => vec![None; intents.len()],
            },
        };
        let rows: Vec<Vec<f32>> = emb.to_vec2()?;
        Ok(intents
            .into_iter()
            .zip(sentiments.drain(..))
            .zip(oos)
            .zip(rows)
            .zip(oos_probs)
            .map(
                |((((intent, sentiment), oos_score), embedding), oos_prob)| Analysis {
                    intent,
                    sentiment,
                    oos_score,
                    oos_prob,
                    embedding,
                },
            )
            .collect())
    }
}
