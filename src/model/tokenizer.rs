//! Tokenizer loading with the settings serving needs: no fixed padding (the shipped
//! `tokenizer.json` files pad every input to 128 tokens), truncation at the model's limit, and
//! gzip-compressed files accepted so the multilingual vocabulary fits the repository budget.
//! SentencePiece-unigram vocabularies (XLM-R, e5) run on [`CompactUnigram`]: same ids, a tenth
//! of the memory and start-up time of the stock model.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tokenizers::{
    AddedToken, DecoderWrapper, NormalizerWrapper, PostProcessorWrapper, PreTokenizerWrapper,
    Tokenizer, TokenizerBuilder, TokenizerImpl, TruncationDirection, TruncationParams,
    TruncationStrategy,
};

use super::unigram::CompactUnigram;
use super::ModelError;

type CompactTokenizer = TokenizerImpl<
    CompactUnigram,
    NormalizerWrapper,
    PreTokenizerWrapper,
    PostProcessorWrapper,
    DecoderWrapper,
>;

enum Inner {
    Stock(Box<Tokenizer>),
    Compact(Box<CompactTokenizer>),
}

pub struct TextTokenizer {
    inner: Inner,
    pad_id: u32,
    max_tokens: usize,
}

/// Only the model's type, to pick the loader without parsing the vocabulary twice.
#[derive(Deserialize)]
struct Peek {
    model: PeekModel,
}

#[derive(Deserialize)]
struct PeekModel {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    byte_fallback: bool,
}

#[derive(Deserialize)]
struct UnigramFile<'a> {
    #[serde(default)]
    added_tokens: Vec<AddedTokenEntry>,
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: Option<PreTokenizerWrapper>,
    post_processor: Option<PostProcessorWrapper>,
    decoder: Option<DecoderWrapper>,
    #[serde(borrow)]
    model: UnigramSection<'a>,
}

#[derive(Deserialize)]
struct UnigramSection<'a> {
    unk_id: Option<usize>,
    #[serde(borrow)]
    vocab: Vec<(Cow<'a, str>, f64)>,
}

#[derive(Deserialize)]
struct AddedTokenEntry {
    #[serde(flatten)]
    token: AddedToken,
}

fn load_compact(json: &[u8]) -> Result<CompactTokenizer, String> {
    let f: UnigramFile = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    let model = CompactUnigram::new(&f.model.vocab, f.model.unk_id).map_err(|e| e.to_string())?;
    drop(f.model.vocab);
    let mut tok: CompactTokenizer = TokenizerBuilder::new()
        .with_model(model)
        .with_normalizer(f.normalizer)
        .with_pre_tokenizer(f.pre_tokenizer)
        .with_post_processor(f.post_processor)
        .with_decoder(f.decoder)
        .build()
        .map_err(|e| e.to_string())?;
    tok.add_tokens(f.added_tokens.into_iter().map(|t| t.token))
        .map_err(|e| e.to_string())?;
    Ok(tok)
}

/// One tokenized text.
#[derive(Debug, Clone)]
pub struct Tokenized {
    pub ids: Vec<u32>,
    pub truncated: bool,
    /// The message as given (without the encoder prefix), for text features (n-gram model).
    pub text: String,
}

/// Finds `tokenizer.json` or `tokenizer.json.gz` in a folder.
pub fn tokenizer_path(dir: &Path) -> Option<PathBuf> {
    ["tokenizer.json", "tokenizer.json.gz"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
}

impl TextTokenizer {
    pub fn load(dir: &Path, pad_id: u32, max_tokens: usize) -> Result<Self, ModelError> {
        Self::load_with(dir, pad_id, max_tokens, true)
    }

    /// `compact: false` keeps the stock `tokenizers` model (the reference in tests).
    pub fn load_with(
        dir: &Path,
        pad_id: u32,
        max_tokens: usize,
        compact: bool,
    ) -> Result<Self, ModelError> {
        let path = tokenizer_path(dir).ok_or_else(|| {
            ModelError::Format(format!("no tokenizer.json(.gz) in {}", dir.display()))
        })?;
        let raw = std::fs::read(&path).map_err(|e| ModelError::io(&path, e))?;
        let json = if path.extension().is_some_and(|e| e == "gz") {
            let mut s = Vec::new();
            flate2::read::GzDecoder::new(&raw[..])
                .read_to_end(&mut s)
                .map_err(|e| ModelError::io(&path, e))?;
            s
        } else {
            raw
        };
        let bad = |e: String| ModelError::Format(format!("{}: {e}", path.display()));
        let peek: Peek = serde_json::from_slice(&json).map_err(|e| bad(e.to_string()))?;
        let compact =
            compact && peek.model.kind.as_deref() == Some("Unigram") && !peek.model.byte_fallback;
        let truncation = Some(TruncationParams {
            max_length: max_tokens,
            strategy: TruncationStrategy::LongestFirst,
            stride: 0,
            direction: TruncationDirection::Right,
        });
        let trunc_err = |e: tokenizers::Error| ModelError::Format(format!("truncation: {e}"));
        let inner = if compact {
            let mut t = load_compact(&json).map_err(bad)?;
            t.with_padding(None);
            t.with_truncation(truncation).map_err(trunc_err)?;
            Inner::Compact(Box::new(t))
        } else {
            let mut t = Tokenizer::from_bytes(&json).map_err(|e| bad(e.to_string()))?;
            t.with_padding(None);
            t.with_truncation(truncation).map_err(trunc_err)?;
            Inner::Stock(Box::new(t))
        };
        Ok(Self {
            inner,
            pad_id,
            max_tokens,
        })
    }

    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    pub fn pad_id(&self) -> u32 {
        self.pad_id
    }

    pub fn encode(&self, text: &str) -> Result<Tokenized, ModelError> {
        let enc = match &self.inner {
            Inner::Stock(t) => t.encode(text, true),
            Inner::Compact(t) => t.encode(text, true),
        }
        .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(Tokenized {
            ids: enc.get_ids().to_vec(),
            truncated: !enc.get_overflowing().is_empty(),
            text: String::new(),
        })
    }

    /// "compact-unigram" or "stock" (for logs and tests).
    pub fn kind(&self) -> &'static str {
        match self.inner {
            Inner::Stock(_) => "stock",
            Inner::Compact(_) => "compact-unigram",
        }
    }
}

/// Right-pads a batch to its longest member: (ids, mask, len).
pub fn pad_batch(items: &[&[u32]], pad_id: u32) -> (Vec<u32>, Vec<u32>, usize) {
    let len = items.iter().map(|i| i.len()).max().unwrap_or(0).max(1);
    let mut ids = Vec::with_capacity(items.len() * len);
    let mut mask = Vec::with_capacity(items.len() * len);
    for it in items {
        ids.extend_from_slice(it);
        mask.extend(std::iter::repeat_n(1u32, it.len()));
        ids.extend(std::iter::repeat_n(pad_id, len - it.len()));
        mask.extend(std::iter::repeat_n(0u32, len - it.len()));
    }
    (ids, mask, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_batch_pads_right_to_longest() {
        let a = [5u32, 6, 7];
        let b = [8u32];
        let (ids, mask, len) = pad_batch(&[&a, &b], 1);
        assert_eq!(len, 3);
        assert_eq!(ids, vec![5, 6, 7, 8, 1, 1]);
        assert_eq!(mask, vec![1, 1, 1, 1, 0, 0]);
    }
}
