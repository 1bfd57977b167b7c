//! Tokenizer loading with the settings serving needs: no fixed padding (the shipped
//! `tokenizer.json` files pad every input to 128 tokens), truncation at the model's limit, and
//! gzip-compressed files accepted so the multilingual vocabulary fits the repository budget.

use std::io::Read;
use std::path::{Path, PathBuf};

use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use super::ModelError;

pub struct TextTokenizer {
    inner: Tokenizer,
    pad_id: u32,
    max_tokens: usize,
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
        let mut inner = Tokenizer::from_bytes(&json)
            .map_err(|e| ModelError::Format(format!("{}: {e}", path.display())))?;
        inner.with_padding(None);
        inner
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| ModelError::Format(format!("truncation: {e}")))?;
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
        let enc = self
            .inner
            .encode(text, true)
            .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(Tokenized {
            ids: enc.get_ids().to_vec(),
            truncated: !enc.get_overflowing().is_empty(),
            text: String::new(),
        })
    }

    pub fn inner(&self) -> &Tokenizer {
        &self.inner
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
