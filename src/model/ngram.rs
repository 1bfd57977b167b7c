//! Character (and word) n-gram model: hashed char n-grams of each word (sklearn's `char_wb`:
//! words padded with a space on each side) and hashed word n-grams, log-count × idf, each block
//! L2-normalised, then a linear layer. It makes different mistakes from the embedding head: either
//! its log-probabilities are averaged with the head's (mode "average"), or it is the sparse half
//! of one linear model over [embedding; char n-grams; word n-grams] whose dense half is the
//! intent head (mode "sum": logits add).
//!
//! Newer models keep only the features seen in training (`vocab`: hashed id → row): features
//! outside it are dropped before normalising, as a fitted vocabulary does, and the stored matrix
//! has one row per seen feature instead of one per bucket.

use std::collections::HashMap;

use candle_core::Device;

use super::manifest::NgramSpec;
use super::weights::{f16_bytes, f32_bytes, Entry, WeightStore};
use super::ModelError;

/// A sparse feature vector: (bucket, value), buckets unique and sorted.
pub type Sparse = Vec<(u32, f32)>;

/// FNV-1a, 64 bit: stable across platforms and releases (std's hasher is not).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Raw counts of the hashed char n-grams (min_n..=max_n) of each lowercased, space-padded word.
pub fn ngram_counts(text: &str, buckets: usize, min_n: usize, max_n: usize) -> Sparse {
    let mut ids: Vec<u32> = Vec::new();
    let lower = text.to_lowercase();
    let mut buf = String::new();
    for word in lower.split_whitespace() {
        let chars: Vec<char> = std::iter::once(' ')
            .chain(word.chars())
            .chain(std::iter::once(' '))
            .collect();
        for n in min_n..=max_n {
            if chars.len() < n {
                // Shorter than n: the whole padded word once (as char_wb does).
                buf.clear();
                buf.extend(chars.iter());
                ids.push((fnv1a(buf.as_bytes()) % buckets as u64) as u32);
                continue;
            }
            for w in chars.windows(n) {
                buf.clear();
                buf.extend(w.iter());
                ids.push((fnv1a(buf.as_bytes()) % buckets as u64) as u32);
            }
        }
    }
    counts_of(ids)
}

/// Sorted (id, count) pairs of a list of ids.
fn counts_of(mut ids: Vec<u32>) -> Sparse {
    ids.sort_unstable();
    let mut out: Sparse = Vec::new();
    for id in ids {
        match out.last_mut() {
            Some((last, c)) if *last == id => *c += 1.0,
            _ => out.push((id, 1.0)),
        }
    }
    out
}

/// Word ids start at `buckets` (the char n-grams use 0..buckets).
const WORD_SALT: &[u8] = b"\x01w:";

/// Raw counts of the hashed word n-grams (1..=max_n) of the lowercased text, ids in
/// buckets..2·buckets. Words are runs of two or more alphanumeric characters (sklearn's default
/// token pattern; a run of CJK characters is one word).
pub fn word_counts(text: &str, buckets: usize, max_n: usize) -> Sparse {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .collect();
    let mut ids: Vec<u32> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    for n in 1..=max_n {
        for w in words.windows(n) {
            buf.clear();
            buf.extend_from_slice(WORD_SALT);
            for (i, word) in w.iter().enumerate() {
                if i > 0 {
                    buf.push(b' ');
                }
                buf.extend_from_slice(word.as_bytes());
            }
            ids.push((buckets as u64 + fnv1a(&buf) % buckets as u64) as u32);
        }
    }
    counts_of(ids)
}

/// (1 + ln count) × idf, L2-normalised.
pub fn tfidf(counts: &Sparse, idf: &[f32]) -> Sparse {
    let mut v: Sparse = counts
        .iter()
        .map(|&(b, c)| (b, (1.0 + c.ln()) * idf[b as usize]))
        .collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
    v
}

/// Smoothed idf, ln((1 + n) / (1 + df)) + 1, from the documents' counts.
pub fn fit_idf(docs: &[Sparse], buckets: usize) -> Vec<f32> {
    let mut df = vec![0u32; buckets];
    for d in docs {
        for &(b, _) in d {
            df[b as usize] += 1;
        }
    }
    let n = docs.len() as f32;
    df.iter()
        .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
        .collect()
}

/// Hashed feature ids of a text: char n-grams, then word n-grams (ids ≥ buckets), each sorted.
pub fn feature_ids(
    text: &str,
    buckets: usize,
    min_n: usize,
    max_n: usize,
    word_max_n: usize,
) -> (Sparse, Sparse) {
    let chars = ngram_counts(text, buckets, min_n, max_n);
    let words = if word_max_n > 0 {
        word_counts(text, buckets, word_max_n)
    } else {
        Vec::new()
    };
    (chars, words)
}

/// Maps hashed ids to rows (dropping unknown ids) and applies tf-idf, block by block.
pub fn vocab_tfidf(blocks: &[Sparse], vocab: &HashMap<u32, u32>, idf: &[f32]) -> Sparse {
    let mut out = Sparse::new();
    for b in blocks {
        let rows: Sparse = b
            .iter()
            .filter_map(|&(id, c)| vocab.get(&id).map(|&r| (r, c)))
            .collect();
        out.extend(tfidf(&rows, idf));
    }
    out
}

#[derive(Clone)]
pub struct NgramModel {
    pub buckets: usize,
    pub min_n: usize,
    pub max_n: usize,
    /// Word n-grams 1..=word_max_n (0: none).
    pub word_max_n: usize,
    pub classes: usize,
    /// Per row.
    pub idf: Vec<f32>,
    /// Row-major [rows, classes]: a feature's weights are contiguous.
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
    /// Hashed feature id → row; `None`: row = char bucket (older models, every bucket stored).
    pub vocab: Option<HashMap<u32, u32>>,
}

impl NgramModel {
    pub fn features(&self, text: &str) -> Sparse {
        match &self.vocab {
            None => tfidf(
                &ngram_counts(text, self.buckets, self.min_n, self.max_n),
                &self.idf,
            ),
            Some(v) => {
                let (c, w) =
                    feature_ids(text, self.buckets, self.min_n, self.max_n, self.word_max_n);
                vocab_tfidf(&[c, w], v, &self.idf)
            }
        }
    }

    pub fn rows(&self) -> usize {
        self.idf.len()
    }

    pub fn logits_sparse(&self, x: &Sparse) -> Vec<f32> {
        let c = self.classes;
        let mut z = self.bias.clone();
        for &(b, v) in x {
            let row = &self.weight[b as usize * c..(b as usize + 1) * c];
            for (zi, w) in z.iter_mut().zip(row) {
                *zi += v * w;
            }
        }
        z
    }

    pub fn logits(&self, text: &str) -> Vec<f32> {
        self.logits_sparse(&self.features(text))
    }

    /// Tensors to store (weights f16: 2 bytes a row and class; vocabulary ids as f32, exact
    /// below 2^24).
    pub fn to_entries(&self) -> Vec<Entry> {
        self.to_entries_named("ngram")
    }

    /// As `to_entries`, the tensors named `{prefix}.weight` etc. (the sentiment model has its own).
    pub fn to_entries_named(&self, prefix: &str) -> Vec<Entry> {
        let mut out = vec![
            (
                format!("{prefix}.weight"),
                safetensors::Dtype::F16,
                vec![self.rows(), self.classes],
                f16_bytes(&self.weight),
            ),
            (
                format!("{prefix}.bias"),
                safetensors::Dtype::F32,
                vec![self.classes],
                f32_bytes(&self.bias),
            ),
            (
                format!("{prefix}.idf"),
                safetensors::Dtype::F16,
                vec![self.rows()],
                f16_bytes(&self.idf),
            ),
        ];
        if let Some(v) = &self.vocab {
            let mut ids = vec![0f32; v.len()];
            for (&id, &row) in v {
                ids[row as usize] = id as f32;
            }
            out.push((
                format!("{prefix}.vocab"),
                safetensors::Dtype::F32,
                vec![ids.len()],
                f32_bytes(&ids),
            ));
        }
        out
    }

    /// Rounds weights and idf through f16 so training-side scores equal serving-side ones.
    pub fn round_to_stored(&mut self) {
        let r = |v: &mut Vec<f32>| {
            v.iter_mut()
                .for_each(|x| *x = half::f16::from_f32(*x).to_f32())
        };
        r(&mut self.weight);
        r(&mut self.idf);
    }

    pub fn from_store(store: &mut WeightStore, spec: &NgramSpec) -> Result<Self, ModelError> {
        Self::from_store_named(store, spec, "ngram")
    }

    pub fn from_store_named(
        store: &mut WeightStore,
        spec: &NgramSpec,
        prefix: &str,
    ) -> Result<Self, ModelError> {
        let dev = Device::Cpu;
        let name = |t: &str| format!("{prefix}.{t}");
        let w = store.take_dense(&name("weight"), &dev)?;
        let (rows, classes) = w.dims2()?;
        let weight: Vec<f32> = w.flatten_all()?.to_vec1()?;
        let bias: Vec<f32> = store.take_dense(&name("bias"), &dev)?.to_vec1()?;
        let idf: Vec<f32> = store.take_dense(&name("idf"), &dev)?.to_vec1()?;
        let bad = |m: &str| ModelError::Format(format!("inconsistent n-gram model {prefix}: {m}"));
        if bias.len() != classes || idf.len() != rows || spec.min_n == 0 || spec.max_n < spec.min_n
        {
            return Err(bad("shapes or n-gram range"));
        }
        let (buckets, vocab) = if store.contains(&name("vocab")) {
            let ids: Vec<f32> = store.take_dense(&name("vocab"), &dev)?.to_vec1()?;
            let space = 2 * spec.buckets as u64;
            if ids.len() != rows || spec.buckets == 0 {
                return Err(bad("vocabulary"));
            }
            let mut v = HashMap::with_capacity(rows);
            for (row, &id) in ids.iter().enumerate() {
                if id < 0.0 || id.fract() != 0.0 || id as u64 >= space {
                    return Err(bad("vocabulary id"));
                }
                v.insert(id as u32, row as u32);
            }
            (spec.buckets, Some(v))
        } else {
            (rows, None)
        };
        Ok(Self {
            buckets,
            min_n: spec.min_n,
            max_n: spec.max_n,
            word_max_n: if vocab.is_some() { spec.word_max_n } else { 0 },
            classes,
            idf,
            weight,
            bias,
            vocab,
        })
    }
}

/// Log-softmax of one row.
pub fn log_softmax(z: &[f32]) -> Vec<f32> {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let lse = z.iter().map(|&x| (x - max).exp()).sum::<f32>().ln() + max;
    z.iter().map(|&x| x - lse).collect()
}

/// The ensemble's logits: (1 − w) · log p(embedding head) + w · log p(n-gram model).
pub fn combine_logits(emb_logits: &[f32], ngram_logits: &[f32], w: f32) -> Vec<f32> {
    log_softmax(emb_logits)
        .into_iter()
        .zip(log_softmax(ngram_logits))
        .map(|(a, b)| (1.0 - w) * a + w * b)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_is_stable() {
        // Pinned values: changing the hash or the n-gram scheme silently breaks stored models.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let c = ngram_counts("Hi hi", 1 << 18, 1, 2);
        // " hi " per word, twice: 1-grams ' ', 'h', 'i' and 2-grams " h", "hi", "i ".
        assert_eq!(c.len(), 6);
        assert!(c.iter().all(|&(_, n)| n == 2.0 || n == 4.0));
        assert_eq!(c.iter().map(|&(_, n)| n).sum::<f32>(), 2.0 * 7.0);
        assert_eq!(c, ngram_counts("hi  HI", 1 << 18, 1, 2));
        let first = c.iter().find(|&&(_, n)| n == 4.0).unwrap().0;
        assert_eq!(first as u64, fnv1a(b" ") % (1 << 18));
    }

    #[test]
    fn short_words_and_tfidf_norm() {
        let c = ngram_counts("a", 1024, 4, 4);
        assert_eq!(c, vec![((fnv1a(b" a ") % 1024) as u32, 1.0)]);
        let idf = vec![1.0; 1024];
        let v = tfidf(&ngram_counts("where is my order", 1024, 1, 4), &idf);
        let n: f32 = v.iter().map(|(_, x)| x * x).sum();
        assert!((n - 1.0).abs() < 1e-5);
    }

    #[test]
    fn word_ngrams_are_pinned_and_offset() {
        let b = 1 << 10;
        // "a" is one character: no word. "where is" → where, is, "where is".
        let c = word_counts("Where is a, IS!", b, 2);
        let id = |s: &str| {
            let mut v = WORD_SALT.to_vec();
            v.extend_from_slice(s.as_bytes());
            (b as u64 + fnv1a(&v) % b as u64) as u32
        };
        let mut want = vec![
            (id("where"), 1.0),
            (id("is"), 2.0),
            (id("where is"), 1.0),
            (id("is is"), 1.0),
        ];
        want.sort_by_key(|x| x.0);
        assert_eq!(c, want);
        assert!(c.iter().all(|&(i, _)| i >= b as u32 && i < 2 * b as u32));
        assert!(word_counts("x y", b, 2).is_empty());
    }

    #[test]
    fn vocabulary_drops_unknown_features_before_normalising() {
        let mut vocab = HashMap::new();
        vocab.insert(7u32, 0u32);
        vocab.insert(9u32, 1u32);
        let idf = vec![1.0, 2.0];
        // Two blocks, each normalised on its own; id 8 is unknown and dropped.
        let v = vocab_tfidf(&[vec![(7, 1.0), (8, 5.0)], vec![(9, 1.0)]], &vocab, &idf);
        assert_eq!(v, vec![(0, 1.0), (1, 1.0)]);
        let m = NgramModel {
            buckets: 8,
            min_n: 1,
            max_n: 1,
            word_max_n: 0,
            classes: 2,
            idf: vec![1.0, 1.0],
            weight: vec![1.0, 0.0, 0.0, 1.0],
            bias: vec![0.0, 0.5],
            vocab: Some(vocab),
        };
        assert_eq!(m.logits_sparse(&v), vec![1.0, 1.5]);
        // Round trip through the stored tensors.
        let tensors = m
            .to_entries()
            .into_iter()
            .map(|(n, dtype, shape, bytes)| {
                let dt = match dtype {
                    safetensors::Dtype::F16 => candle_core::DType::F16,
                    _ => candle_core::DType::F32,
                };
                let t = candle_core::Tensor::from_raw_buffer(&bytes, dt, &shape, &Device::Cpu);
                (n, t.unwrap())
            })
            .collect();
        let mut store = super::super::heads::store_from(tensors);
        let spec = NgramSpec {
            min_n: 1,
            max_n: 1,
            weight: 0.5,
            word_max_n: 0,
            buckets: 8,
            mode: crate::model::manifest::NgramMode::Sum,
        };
        let back = NgramModel::from_store(&mut store, &spec).unwrap();
        assert_eq!(back.vocab, m.vocab);
        assert_eq!(back.weight, m.weight);
        assert_eq!(back.logits_sparse(&v), vec![1.0, 1.5]);
        // An id outside the hash space is refused.
        let mut store = super::super::heads::store_from(
            m.to_entries()
                .into_iter()
                .map(|(n, dtype, shape, bytes)| {
                    let dt = match dtype {
                        safetensors::Dtype::F16 => candle_core::DType::F16,
                        _ => candle_core::DType::F32,
                    };
                    let t = candle_core::Tensor::from_raw_buffer(&bytes, dt, &shape, &Device::Cpu);
                    (n, t.unwrap())
                })
                .collect(),
        );
        let narrow = NgramSpec { buckets: 4, ..spec };
        assert!(NgramModel::from_store(&mut store, &narrow).is_err());
    }

    #[test]
    fn combine_averages_log_probs() {
        let z = combine_logits(&[0.0, 0.0], &[10.0, 0.0], 0.5);
        let p = super::super::heads::softmax(&z, 1.0);
        assert!(p[0] > 0.9);
        let z = combine_logits(&[0.0, 5.0], &[10.0, 0.0], 0.0);
        assert!(z[1] > z[0]);
    }
}
