//! Character n-gram model: hashed char n-grams of each word (sklearn's `char_wb`: words padded
//! with a space on each side), log-count × idf, L2-normalised, then a linear layer. It makes
//! different mistakes from the embedding head, so averaging the two heads' log-probabilities is
//! more accurate than either, and its confidence adds an out-of-scope signal.

use candle_core::Device;

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

#[derive(Clone)]
pub struct NgramModel {
    pub buckets: usize,
    pub min_n: usize,
    pub max_n: usize,
    pub classes: usize,
    pub idf: Vec<f32>,
    /// Row-major [buckets, classes]: a feature's weights are contiguous.
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

impl NgramModel {
    pub fn features(&self, text: &str) -> Sparse {
        tfidf(
            &ngram_counts(text, self.buckets, self.min_n, self.max_n),
            &self.idf,
        )
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

    /// Tensors to store (weights f16: 2 bytes a bucket and class).
    pub fn to_entries(&self) -> Vec<Entry> {
        vec![
            (
                "ngram.weight".into(),
                safetensors::Dtype::F16,
                vec![self.buckets, self.classes],
                f16_bytes(&self.weight),
            ),
            (
                "ngram.bias".into(),
                safetensors::Dtype::F32,
                vec![self.classes],
                f32_bytes(&self.bias),
            ),
            (
                "ngram.idf".into(),
                safetensors::Dtype::F16,
                vec![self.buckets],
                f16_bytes(&self.idf),
            ),
        ]
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

    pub fn from_store(
        store: &mut WeightStore,
        min_n: usize,
        max_n: usize,
    ) -> Result<Self, ModelError> {
        let dev = Device::Cpu;
        let w = store.take_dense("ngram.weight", &dev)?;
        let (buckets, classes) = w.dims2()?;
        let weight: Vec<f32> = w.flatten_all()?.to_vec1()?;
        let bias: Vec<f32> = store.take_dense("ngram.bias", &dev)?.to_vec1()?;
        let idf: Vec<f32> = store.take_dense("ngram.idf", &dev)?.to_vec1()?;
        if bias.len() != classes || idf.len() != buckets || min_n == 0 || max_n < min_n {
            return Err(ModelError::Format("inconsistent n-gram model".into()));
        }
        Ok(Self {
            buckets,
            min_n,
            max_n,
            classes,
            idf,
            weight,
            bias,
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
    fn combine_averages_log_probs() {
        let z = combine_logits(&[0.0, 0.0], &[10.0, 0.0], 0.5);
        let p = super::super::heads::softmax(&z, 1.0);
        assert!(p[0] > 0.9);
        let z = combine_logits(&[0.0, 5.0], &[10.0, 0.0], 0.0);
        assert!(z[1] > z[0]);
    }
}
