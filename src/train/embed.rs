//! Embeddings for training, through the on-disk cache: only texts not seen before are encoded.

use std::collections::HashSet;

use candle_core::Device;

use super::{io, progress, TrainConfig, TrainError};
use crate::model::{cache, EncoderBundle};

/// Embeds texts through the cache, encoding only the misses.
pub(super) struct Embedder<'a> {
    pub(super) bundle: &'a EncoderBundle,
    pub(super) cache: cache::EmbeddingCache,
    pub(super) encoded: usize,
}

impl Embedder<'_> {
    /// The cache for this encoder, prompt prefix and token limit (one file per combination).
    pub(super) fn open<'b>(
        cfg: &TrainConfig,
        bundle: &'b EncoderBundle,
    ) -> Result<Embedder<'b>, TrainError> {
        let enc_id = match &bundle.fingerprint {
            Some(f) => f.clone(),
            None => cache::fingerprint(&cfg.base).map_err(io(&cfg.base))?,
        };
        let salt = format!("{}|{}", cfg.prefix, bundle.tokenizer.max_tokens());
        let cache = cache::EmbeddingCache::open(
            &cfg.cache_dir,
            &enc_id,
            salt,
            bundle.encoder.hidden_size(),
        )
        .map_err(io(&cfg.cache_dir))?;
        Ok(Embedder {
            bundle,
            cache,
            encoded: 0,
        })
    }

    pub(super) fn embed(
        &mut self,
        texts: &[String],
        what: &str,
    ) -> Result<Vec<Vec<f32>>, TrainError> {
        let misses: Vec<String> = {
            let mut seen = HashSet::new();
            texts
                .iter()
                .filter(|t| self.cache.get(t).is_none() && seen.insert(t.as_str()))
                .cloned()
                .collect()
        };
        if !misses.is_empty() {
            let pb = progress(misses.len() as u64, &format!("encoding {what}"));
            for chunk in misses.chunks(256) {
                let embs = self.bundle.embed_texts(chunk, 32, false)?;
                for (t, e) in chunk.iter().zip(embs) {
                    self.cache.insert(t, e);
                }
                pb.inc(chunk.len() as u64);
                self.cache
                    .flush()
                    .map_err(|e| TrainError::Invalid(format!("embedding cache: {e}")))?;
            }
            pb.finish_and_clear();
            self.encoded += misses.len();
        }
        Ok(texts
            .iter()
            .map(|t| self.cache.get(t).cloned().unwrap_or_default())
            .collect())
    }
}

/// Embeds `texts` (already normalised) with `cfg`'s base encoder through `cfg`'s embedding cache,
/// encoding only the misses: `triage eval --cv` warms the cache once so that every fold's
/// training and scoring reuse the same vectors. Returns (embeddings in input order, encoded).
pub fn embed_cached(
    cfg: &TrainConfig,
    texts: &[String],
) -> Result<(Vec<Vec<f32>>, usize), TrainError> {
    let bundle = EncoderBundle::load(
        &cfg.base,
        &cfg.prefix,
        &cfg.document_prefix,
        cfg.max_tokens,
        &Device::Cpu,
    )?;
    let mut emb = Embedder::open(cfg, &bundle)?;
    let out = emb.embed(texts, "texts")?;
    emb.cache.flush().map_err(io(&cfg.cache_dir))?;
    Ok((out, emb.encoded))
}
