//! The model runtime: a local transformer encoder and the small heads that read its pooled
//! embedding. One encoder pass per message feeds intent, sentiment and out-of-scope scores.

mod bundle;
pub mod cache;
pub mod center;
pub mod derived;
pub mod encoder;
pub mod fast;
pub mod fast_heads;
pub mod heads;
pub mod import;
pub mod maha;
pub mod manifest;
pub mod ngram;
pub mod oos;
#[doc(hidden)]
pub mod testkit;
pub mod tokenizer;
pub mod unigram;
pub mod weights;

use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use oos::Neighbour;
use serde::Serialize;

pub use bundle::{
    load_backend, select_device, tune_cpu_threads, Backend, EncoderBackend, EncoderBundle,
    RunOptions,
};
pub use encoder::{Encoder, EncoderConfig, EncoderInput};
pub use fast_heads::FastHeads;
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

/// Intent-side features of a batch: as a tensor (candle heads) and as rows (fast heads).
type Features = (Tensor, Vec<Vec<f32>>);

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
    /// N-gram model ensembled with the sentiment head (manifest `sentiment_ngram`).
    pub sentiment_ngram: Option<ngram::NgramModel>,
    /// Mahalanobis statistics, when the combined out-of-scope score uses them.
    pub maha: Option<maha::MahaScorer>,
    /// The heads on packed weights, when the encoder runs on the fast CPU path.
    pub fast_heads: Option<FastHeads>,
    /// Applied to the embedding before every intent-side score (manifest `center_embeddings`).
    pub center: Option<center::Centering>,
}

impl Model {
    pub fn load(dir: &Path, device: &Device) -> Result<Self, ModelError> {
        Self::load_with(dir, device, &RunOptions::default())
    }

    pub fn load_with(dir: &Path, device: &Device, opts: &RunOptions) -> Result<Self, ModelError> {
        let manifest = Manifest::load(dir)?;
        let enc_dir = dir.join(&manifest.encoder.path);
        let runs_fast = opts.backend.runs_fast(device);
        // The caller's precision, else the model's choice ("auto", see fast::auto_precision).
        let (precision, note) = match opts.precision {
            Some(p) => (Some(p), None),
            None if runs_fast => {
                let (p, note) = fast::auto_precision(manifest.encoder.precision);
                (Some(p), note)
            }
            None => (None, None),
        };
        let opts = &RunOptions { precision, ..*opts };
        let mut bundle = EncoderBundle::load_with(
            &enc_dir,
            &manifest.encoder.prefix,
            &manifest.encoder.document_prefix,
            manifest.encoder.max_tokens,
            device,
            opts,
        )?;
        if bundle.encoder.cpu_precision().is_some() {
            if let Some(n) = &note {
                tracing::warn!("{n}");
            }
            bundle.encoder.set_precision_note(note);
        }
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
        let oos_class = manifest
            .oos
            .as_ref()
            .and_then(|o| spec.labels.iter().position(|l| *l == o.label))
            .map(|i| i as u32);
        let oos = match &manifest.oos {
            Some(o) if o.method == manifest::OosMethod::Knn => {
                Some(KnnScorer::from_store(&mut store, o.k, oos_class, device)?)
            }
            Some(o) => {
                let c = o.combine.as_ref().ok_or_else(|| {
                    ModelError::Format("combined out-of-scope score without `combine`".into())
                })?;
                if c.center.len() != c.signals.len()
                    || c.scale.len() != c.signals.len()
                    || !(c.weights.is_empty() || c.weights.len() == c.signals.len())
                {
                    return Err(ModelError::Format(
                        "out-of-scope `combine` needs a center and scale (and weight) per signal"
                            .into(),
                    ));
                }
                if manifest.uses_signal(manifest::OosSignal::Knn) || manifest.knn_vote.is_some() {
                    Some(KnnScorer::from_store(&mut store, o.k, oos_class, device)?)
                } else {
                    None
                }
            }
            None => None,
        };
        if manifest.knn_vote.is_some() && oos.as_ref().and_then(|k| k.labels()).is_none() {
            return Err(ModelError::Format(
                "the neighbour vote needs an out-of-scope bank with labels".into(),
            ));
        }
        let maha = if manifest.uses_signal(manifest::OosSignal::Maha)
            || manifest.uses_signal(manifest::OosSignal::RelMaha)
        {
            Some(maha::MahaScorer::from_store(&mut store, device)?)
        } else {
            None
        };
        let ngram = match &manifest.ngram {
            Some(n) => {
                let m = ngram::NgramModel::from_store(&mut store, n)?;
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
        let sentiment_ngram = match (&manifest.sentiment_ngram, &sentiment) {
            (Some(n), Some(h)) => {
                if n.mode != manifest::NgramMode::Average {
                    return Err(ModelError::Format(
                        "the sentiment n-gram model supports mode \"average\" only".into(),
                    ));
                }
                let m = ngram::NgramModel::from_store_named(&mut store, n, "sentiment_ngram")?;
                if m.classes != h.labels.len() {
                    return Err(ModelError::Format(format!(
                        "the sentiment n-gram model has {} labels, the sentiment head {}",
                        m.classes,
                        h.labels.len()
                    )));
                }
                Some(m)
            }
            (Some(_), None) => {
                return Err(ModelError::Format(
                    "a sentiment n-gram model without a sentiment head".into(),
                ))
            }
            (None, _) => None,
        };
        let hidden = bundle.encoder.hidden_size();
        let center = if manifest.center_embeddings {
            let mean: Vec<f32> = store
                .take_dense(manifest::CENTER_TENSOR, device)?
                .to_dtype(candle_core::DType::F32)?
                .flatten_all()?
                .to_vec1()?;
            Some(center::Centering::from_mean(mean, hidden)?)
        } else {
            None
        };
        for h in std::iter::once(&intent).chain(sentiment.as_ref()) {
            if h.input_dim()? != hidden {
                return Err(ModelError::Format(format!(
                    "head {} expects {}-d embeddings, encoder gives {hidden}",
                    h.name,
                    h.input_dim()?
                )));
            }
        }
        // The heads' fast path shares the CPU engine's thread team.
        let fast_heads = bundle
            .encoder
            .shared_team()
            .map(|_| {
                FastHeads::new(
                    &intent,
                    sentiment.as_ref(),
                    oos.as_ref(),
                    manifest.knn_vote.as_ref().map(|v| v.k),
                    maha.as_ref(),
                )
            })
            .transpose()?;
        Ok(Self {
            manifest,
            dir: dir.to_path_buf(),
            bundle,
            intent,
            sentiment,
            oos,
            ngram,
            sentiment_ngram,
            maha,
            fast_heads,
            center,
        })
    }

    /// The centred intent features of pooled embeddings (tensor and rows), when the model
    /// centres; `None` means the intent side reads the embeddings as they are.
    fn centred(&self, rows: &[Vec<f32>], device: &Device) -> Result<Option<Features>, ModelError> {
        let Some(c) = &self.center else {
            return Ok(None);
        };
        let rows = c.apply_all(rows);
        let dim = self.bundle.encoder.hidden_size();
        let flat: Vec<f32> = rows.iter().flatten().copied().collect();
        let t = Tensor::from_vec(flat, (rows.len(), dim), device)?;
        Ok(Some((t, rows)))
    }

    /// The combined out-of-scope score; `top` is each message's largest in-scope probability,
    /// `p_oos` its out-of-scope class probability, `sims` its similarities to the bank (computed
    /// here when not given).
    pub fn combined_oos(
        &self,
        emb: &Tensor,
        rows: &[Vec<f32>],
        c: &manifest::CombineSpec,
        top: &[f32],
        p_oos: &[f32],
        sims: Option<&[Vec<Neighbour>]>,
    ) -> Result<Vec<f32>, ModelError> {
        let n = top.len();
        let knn = match (
            &self.oos,
            c.signals.contains(&manifest::OosSignal::Knn),
            sims,
        ) {
            (Some(k), true, Some(sims)) => sims.iter().map(|r| k.score_of(r)).collect(),
            (Some(k), true, None) => k.scores(emb)?,
            _ => vec![0.0; n],
        };
        let fast = self.fast_heads.as_ref().and_then(|f| f.maha.as_ref());
        let (maha, rel) = match (&self.maha, fast) {
            (Some(_), Some(f)) => f.scores(rows),
            (Some(m), None) => m.scores(emb)?,
            (None, _) => (vec![0.0; n], vec![0.0; n]),
        };
        Ok((0..n)
            .map(|i| {
                let inputs = manifest::SignalInputs {
                    knn: knn[i],
                    rel_maha: rel[i],
                    maha: maha[i],
                    top: top[i],
                    p_oos: p_oos.get(i).copied().unwrap_or(0.0),
                };
                let values: Vec<f32> = c.signals.iter().map(|s| s.value(&inputs)).collect();
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

    /// One encoder pass for a batch of tokenized messages, then every head (the n-gram model
    /// reads each message's text, kept in its `Tokenized`).
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
    /// the texts are given, plus the neighbour vote when the model has one.
    pub fn intent_logits(
        &self,
        emb: &Tensor,
        texts: Option<&[&str]>,
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let raw: Vec<Vec<f32>> = emb.to_vec2()?;
        let centred = self.centred(&raw, emb.device())?;
        let (emb, rows) = match &centred {
            Some((t, r)) => (t, r),
            None => (emb, &raw),
        };
        let sims = self.bank_neighbours(emb, rows)?;
        self.intent_logits_with(emb, rows, texts, sims.as_deref())
    }

    /// Each message's neighbours in the kNN bank (the distance score and the neighbour vote
    /// read them): on the encoder's thread team with the fast heads, else through candle.
    fn bank_neighbours(
        &self,
        emb: &Tensor,
        rows: &[Vec<f32>],
    ) -> Result<Option<Vec<Vec<Neighbour>>>, ModelError> {
        let Some(k) = &self.oos else {
            return Ok(None);
        };
        Ok(Some(
            match (&self.fast_heads, self.bundle.encoder.shared_team()) {
                (Some(FastHeads { knn: Some(f), .. }), Some(team)) => f.neighbours(team, rows),
                _ => k.neighbours(emb)?,
            },
        ))
    }

    fn intent_logits_with(
        &self,
        emb: &Tensor,
        rows: &[Vec<f32>],
        texts: Option<&[&str]>,
        sims: Option<&[Vec<Neighbour>]>,
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let mut logits: Vec<Vec<f32>> = match &self.fast_heads {
            Some(f) => f.intent.forward(rows),
            None => self.intent.logits(emb)?.to_vec2()?,
        };
        if let (Some(ng), Some(spec), Some(texts)) = (&self.ngram, &self.manifest.ngram, texts) {
            if texts.len() == logits.len() {
                for (l, t) in logits.iter_mut().zip(texts) {
                    let z = ng.logits(t);
                    if spec.mode == manifest::NgramMode::Sum {
                        l.iter_mut().zip(&z).for_each(|(a, b)| *a += b);
                    } else {
                        *l = ngram::combine_logits(l, &z, spec.weight);
                    }
                }
            }
        }
        if let (Some(k), Some(vote), Some(sims)) = (&self.oos, &self.manifest.knn_vote, sims) {
            for (l, s) in logits.iter_mut().zip(sims) {
                let v = k.vote_of(s, vote, l.len());
                l.iter_mut().zip(&v).for_each(|(a, b)| *a += b);
            }
        }
        Ok(logits)
    }

    /// The sentiment head's logits, averaged in log-probability with the n-gram model's when
    /// the model has one (review vocabulary the embedding head blurs: 好评, 差评, 踩雷).
    fn sentiment_logits(
        &self,
        h: &Head,
        emb: &Tensor,
        raw_rows: &[Vec<f32>],
        texts: Option<&[&str]>,
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let mut logits: Vec<Vec<f32>> = match &self.fast_heads {
            Some(FastHeads {
                sentiment: Some(f), ..
            }) => f.forward(raw_rows),
            _ => h.logits(emb)?.to_vec2()?,
        };
        if let (Some(ng), Some(spec), Some(texts)) =
            (&self.sentiment_ngram, &self.manifest.sentiment_ngram, texts)
        {
            if texts.len() == logits.len() {
                for (l, t) in logits.iter_mut().zip(texts) {
                    *l = ngram::combine_logits(l, &ng.logits(t), spec.weight);
                }
            }
        }
        Ok(logits)
    }

    pub fn analyze_embeddings(
        &self,
        emb: &Tensor,
        texts: Option<&[&str]>,
    ) -> Result<Vec<Analysis>, ModelError> {
        let raw_rows: Vec<Vec<f32>> = emb.to_vec2()?;
        // Sentiment and the returned embedding (FAQ retrieval) read the raw rows.
        let centred = self.centred(&raw_rows, emb.device())?;
        let (emb_i, rows) = match &centred {
            Some((t, r)) => (t, r),
            None => (emb, &raw_rows),
        };
        let sims = self.bank_neighbours(emb_i, rows)?;
        let mut intents = self.intent.predict_logits(&self.intent_logits_with(
            emb_i,
            rows,
            texts,
            sims.as_deref(),
        )?);
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
            Some(h) => h
                .predict_logits(&self.sentiment_logits(h, emb, &raw_rows, texts)?)
                .into_iter()
                .map(Some)
                .collect(),
            None => vec![None; intents.len()],
        };
        let combine = self.manifest.oos.as_ref().and_then(|o| o.combine.as_ref());
        let oos: Vec<Option<f32>> = match combine {
            Some(c) => {
                let top: Vec<f32> = intents.iter().map(|p| p.top().confidence).collect();
                let p_oos: Vec<f32> = oos_probs.iter().map(|p| p.unwrap_or(0.0)).collect();
                self.combined_oos(emb_i, rows, c, &top, &p_oos, sims.as_deref())?
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            None => match (&self.oos, &sims) {
                (Some(k), Some(sims)) => sims.iter().map(|r| Some(k.score_of(r))).collect(),
                (Some(s), None) => s.scores(emb_i)?.into_iter().map(Some).collect(),
                (None, _) => vec![None; intents.len()],
            },
        };
        Ok(intents
            .into_iter()
            .zip(sentiments.drain(..))
            .zip(oos)
            .zip(raw_rows)
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

#[cfg(test)]
mod tests {
    use super::*;
    use fast::Precision::{Int8, F32};

    fn precision_of(m: &Model) -> Option<fast::Precision> {
        m.bundle.encoder.cpu_precision()
    }

    #[test]
    fn auto_precision_keeps_int8_only_where_it_is_fast() {
        assert_eq!(fast::auto_precision(None), (F32, None));
        let (p, note) = fast::auto_precision(Some(Int8));
        assert_eq!(p == Int8, fast::cpu::int8().is_fast());
        assert_eq!(note.is_some(), p == F32);
    }

    #[test]
    fn the_manifest_chooses_the_precision_unless_the_caller_does() {
        let dir = tempfile::tempdir().unwrap();
        testkit::write_tiny_model(dir.path(), 3).unwrap();
        let load = |precision, backend| {
            let opts = RunOptions {
                backend,
                precision,
                threads: 1,
            };
            Model::load_with(dir.path(), &Device::Cpu, &opts).unwrap()
        };
        assert_eq!(precision_of(&load(None, Backend::Fast)), Some(F32));

        let mut m = Manifest::load(dir.path()).unwrap();
        m.encoder.precision = Some(Int8);
        m.save(dir.path()).unwrap();
        // Unless this CPU has no fast int8 kernel (TRIAGE_ISA=portable): then f32, with a note.
        let auto = if fast::cpu::int8().is_fast() {
            Int8
        } else {
            F32
        };
        assert_eq!(precision_of(&load(None, Backend::Fast)), Some(auto));
        let m = load(None, Backend::Auto);
        assert_eq!(precision_of(&m), Some(auto));
        let note = m.bundle.encoder.info()["precision_note"].clone();
        assert_eq!(note.is_null(), auto == Int8, "{note}");
        // An explicit int8 is honoured on any CPU.
        assert_eq!(precision_of(&load(Some(Int8), Backend::Fast)), Some(Int8));
        assert_eq!(precision_of(&load(Some(F32), Backend::Fast)), Some(F32));
        // The candle forward runs f32 only: the model's preference does not make it fail.
        assert_eq!(precision_of(&load(None, Backend::Candle)), None);
        let explicit = RunOptions {
            backend: Backend::Candle,
            precision: Some(Int8),
            threads: 1,
        };
        assert!(Model::load_with(dir.path(), &Device::Cpu, &explicit).is_err());
    }
}
