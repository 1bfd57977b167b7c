//! A compact SentencePiece-unigram model with the same output as `tokenizers`' `Unigram`.
//!
//! Why: the stock model keeps the 250k-piece multilingual vocabulary in a byte trie with one
//! hash map per node, a token map and a string per piece — about 295 MB resident and 1.1 s to
//! build, more than the whole encoder. Here every piece lives in one string arena and the trie
//! is four flat arrays in breadth-first order (a node's children are contiguous and sorted), so
//! the same vocabulary takes ~20 MB and builds in a fraction of the time. The best-path search
//! mirrors `Unigram::encode_optimized` step for step (candidate order, strict `>` on ties, the
//! unknown-character penalty, fused unknowns), and a test checks the ids against the stock
//! tokenizer on real zh/en text.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use tokenizers::models::unigram::UnigramTrainer;
use tokenizers::{Model, Token};

/// `tokenizers`' penalty below the lowest piece score for a character no piece covers.
const UNK_PENALTY: f64 = 10.0;
const NO_PIECE: u32 = u32::MAX;

#[derive(Debug, thiserror::Error)]
pub enum UnigramError {
    #[error("the unigram vocabulary is empty")]
    Empty,
    #[error("unk_id {0} is outside the vocabulary")]
    UnkOutOfRange(usize),
    #[error("the vocabulary has {0} pieces, more than this model supports")]
    TooLarge(usize),
    #[error("a character is not in the vocabulary and the model has no unk_id")]
    MissingUnk,
    #[error("saving or training a compact unigram model is not supported")]
    Unsupported,
}

/// Byte trie in breadth-first order: node `i`'s children are `first[i] .. first[i] + count[i]`,
/// sorted by `label`, so a step is a binary search in a short contiguous run.
#[derive(Debug, Clone, Default)]
struct ByteTrie {
    label: Vec<u8>,
    first: Vec<u32>,
    count: Vec<u16>,
    piece: Vec<u32>,
}

impl ByteTrie {
    fn child(&self, node: usize, byte: u8) -> Option<usize> {
        let start = self.first[node] as usize;
        let run = &self.label[start..start + self.count[node] as usize];
        run.binary_search(&byte).ok().map(|i| start + i)
    }

    /// The piece spelled exactly by `bytes`.
    fn exact(&self, bytes: &[u8]) -> Option<u32> {
        let mut node = 0;
        for &b in bytes {
            node = self.child(node, b)?;
        }
        (node != 0 && self.piece[node] != NO_PIECE).then_some(self.piece[node])
    }
}

#[derive(Debug, Clone)]
pub struct CompactUnigram {
    arena: String,
    /// Piece `i` is `arena[offsets[i] .. offsets[i + 1]]`.
    offsets: Vec<u32>,
    scores: Vec<f64>,
    trie: ByteTrie,
    unk_id: Option<u32>,
    min_score: f64,
}

impl CompactUnigram {
    /// Builds the model from `(piece, score)` in id order.
    pub fn new<S: AsRef<str>>(
        vocab: &[(S, f64)],
        unk_id: Option<usize>,
    ) -> Result<Self, UnigramError> {
        if vocab.is_empty() {
            return Err(UnigramError::Empty);
        }
        if let Some(u) = unk_id.filter(|&u| u >= vocab.len()) {
            return Err(UnigramError::UnkOutOfRange(u));
        }
        let total: usize = vocab.iter().map(|(p, _)| p.as_ref().len()).sum();
        if vocab.len() >= NO_PIECE as usize || total > u32::MAX as usize {
            return Err(UnigramError::TooLarge(vocab.len()));
        }
        let mut arena = String::with_capacity(total);
        let mut offsets = Vec::with_capacity(vocab.len() + 1);
        let mut scores = Vec::with_capacity(vocab.len());
        let mut min_score = f64::INFINITY;
        for (p, s) in vocab {
            offsets.push(arena.len() as u32);
            arena.push_str(p.as_ref());
            scores.push(*s);
            min_score = min_score.min(*s);
        }
        offsets.push(arena.len() as u32);
        let mut model = Self {
            arena,
            offsets,
            scores,
            trie: ByteTrie::default(),
            unk_id: unk_id.map(|u| u as u32),
            min_score,
        };
        model.trie = model.build_trie();
        Ok(model)
    }

    fn piece(&self, id: u32) -> &str {
        let i = id as usize;
        &self.arena[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    fn build_trie(&self) -> ByteTrie {
        let n = self.scores.len() as u32;
        // Stable sort: among equal pieces the later id comes last and wins, as with the stock
        // model's token map, where a later insert overwrites an earlier one.
        let mut order: Vec<u32> = (0..n).collect();
        order.sort_by(|&a, &b| self.piece(a).as_bytes().cmp(self.piece(b).as_bytes()));
        let byte_at = |id: u32, d: usize| self.piece(id).as_bytes()[d];
        let mut t = ByteTrie::default();
        let push = |t: &mut ByteTrie, label: u8| {
            t.label.push(label);
            t.first.push(0);
            t.count.push(0);
            t.piece.push(NO_PIECE);
            t.label.len() - 1
        };
        push(&mut t, 0);
        let mut queue = VecDeque::from([(0usize, 0usize, order.len(), 0usize)]);
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            // All of order[lo..hi] share `depth` bytes; the pieces ending here sort first.
            while lo < hi && self.piece(order[lo]).len() == depth {
                if depth > 0 {
                    t.piece[node] = order[lo];
                }
                lo += 1;
            }
            t.first[node] = t.label.len() as u32;
            let mut children = 0u16;
            let mut i = lo;
            while i < hi {
                let b = byte_at(order[i], depth);
                let mut j = i + 1;
                while j < hi && byte_at(order[j], depth) == b {
                    j += 1;
                }
                let c = push(&mut t, b);
                queue.push_back((c, i, j, depth + 1));
                children += 1;
                i = j;
            }
            t.count[node] = children;
        }
        t
    }

    /// The best segmentation of one pre-token: `(id, start, end)` byte spans, unknown runs fused.
    fn segment(&self, s: &str) -> Result<Vec<(u32, usize, usize)>, UnigramError> {
        #[derive(Clone, Copy)]
        struct Best {
            id: u32,
            score: f64,
            start: Option<usize>,
        }
        let bytes = s.as_bytes();
        let size = bytes.len();
        let unk_score = self.min_score - UNK_PENALTY;
        let mut best = vec![
            Best {
                id: 0,
                score: 0.0,
                start: None
            };
            size + 1
        ];
        let mut at = 0;
        while at < size {
            let here = best[at].score;
            let mblen = s[at..].chars().next().map_or(1, char::len_utf8);
            let mut single = false;
            let mut node = 0;
            for (k, &b) in bytes[at..].iter().enumerate() {
                let Some(c) = self.trie.child(node, b) else {
                    break;
                };
                node = c;
                let id = self.trie.piece[node];
                if id == NO_PIECE {
                    continue;
                }
                let end = at + k + 1;
                let cand = here + self.scores[id as usize];
                let t = &mut best[end];
                if t.start.is_none() || cand > t.score {
                    *t = Best {
                        id,
                        score: cand,
                        start: Some(at),
                    };
                }
                single |= k + 1 == mblen;
            }
            if !single {
                let unk = self.unk_id.ok_or(UnigramError::MissingUnk)?;
                let t = &mut best[at + mblen];
                let cand = here + unk_score;
                if t.start.is_none() || cand > t.score {
                    *t = Best {
                        id: unk,
                        score: cand,
                        start: Some(at),
                    };
                }
            }
            at += mblen;
        }
        let mut out = Vec::new();
        let mut end = size;
        let mut unk_end: Option<usize> = None;
        while end > 0 {
            let node = best[end];
            let start = node.start.expect("every character boundary is reachable");
            if Some(node.id) == self.unk_id {
                unk_end.get_or_insert(end);
            } else {
                if let Some(e) = unk_end.take() {
                    out.push((NO_PIECE, end, e));
                }
                out.push((node.id, start, end));
            }
            end = start;
        }
        if let Some(e) = unk_end {
            out.push((NO_PIECE, 0, e));
        }
        out.reverse();
        // A fused run of unknowns is looked up as a whole, as the stock model does.
        let unk = self.unk_id.unwrap_or(0);
        for t in &mut out {
            if t.0 == NO_PIECE {
                t.0 = self.trie.exact(&bytes[t.1..t.2]).unwrap_or(unk);
            }
        }
        Ok(out)
    }

    /// Resident bytes of the vocabulary and trie (for the startup log).
    pub fn bytes(&self) -> usize {
        self.arena.len()
            + self.offsets.len() * 4
            + self.scores.len() * 8
            + self.trie.label.len() * (1 + 4 + 2 + 4)
    }
}

impl Model for CompactUnigram {
    type Trainer = UnigramTrainer;

    fn tokenize(&self, sequence: &str) -> tokenizers::Result<Vec<Token>> {
        if sequence.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .segment(sequence)?
            .into_iter()
            .map(|(id, a, b)| Token::new(id, sequence[a..b].to_string(), (a, b)))
            .collect())
    }

    fn token_to_id(&self, token: &str) -> Option<u32> {
        self.trie.exact(token.as_bytes())
    }

    fn id_to_token(&self, id: u32) -> Option<String> {
        ((id as usize) < self.scores.len()).then(|| self.piece(id).to_string())
    }

    fn get_vocab(&self) -> HashMap<String, u32> {
        (0..self.scores.len() as u32)
            .map(|i| (self.piece(i).to_string(), i))
            .collect()
    }

    fn get_vocab_size(&self) -> usize {
        self.scores.len()
    }

    fn save(&self, _folder: &Path, _prefix: Option<&str>) -> tokenizers::Result<Vec<PathBuf>> {
        Err(Box::new(UnigramError::Unsupported))
    }

    fn get_trainer(&self) -> UnigramTrainer {
        UnigramTrainer::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenizers::models::unigram::Unigram;

    fn vocab() -> Vec<(String, f64)> {
        [
            ("<unk>", 0.0),
            ("a", -1.0),
            ("b", -1.0),
            ("c", -1.5),
            ("d", -2.0),
            ("cd", -1.0),
            ("ab", -0.5),
            ("abc", -0.2),
            ("abcd", -0.1),
            ("xy", -3.0),
            ("你", -2.0),
            ("你好", -1.0),
            ("好", -2.0),
            ("ab", -0.4),
        ]
        .iter()
        .map(|(p, s)| (p.to_string(), *s))
        .collect()
    }

    fn ids(m: &impl Model, s: &str) -> Vec<(u32, String, (usize, usize))> {
        m.tokenize(s)
            .unwrap()
            .into_iter()
            .map(|t| (t.id, t.value, t.offsets))
            .collect()
    }

    #[test]
    fn matches_the_stock_unigram_model() {
        let stock = Unigram::from(vocab(), Some(0), false).unwrap();
        let ours = CompactUnigram::new(&vocab(), Some(0)).unwrap();
        for s in [
            "abcd",
            "abcdacdxx",
            "ab",
            "zzabqq",
            "你好吗好你",
            "xy",
            "qxyq",
            "é",
            "abé你",
        ] {
            assert_eq!(ids(&ours, s), ids(&stock, s), "{s:?}");
        }
    }

    #[test]
    fn duplicate_pieces_resolve_to_the_last_id_and_lookups_agree() {
        let ours = CompactUnigram::new(&vocab(), Some(0)).unwrap();
        assert_eq!(ours.token_to_id("ab"), Some(13));
        assert_eq!(ours.token_to_id("你好"), Some(11));
        assert_eq!(ours.token_to_id("a"), Some(1));
        assert_eq!(ours.token_to_id("abx"), None);
        assert_eq!(ours.token_to_id(""), None);
        assert_eq!(ours.id_to_token(7).as_deref(), Some("abc"));
        assert_eq!(ours.id_to_token(99), None);
        assert_eq!(ours.get_vocab_size(), 14);
    }

    #[test]
    fn fused_unknowns_and_bad_vocabularies() {
        let ours = CompactUnigram::new(&vocab(), Some(0)).unwrap();
        // "qq" is not a piece: one unknown token spanning both characters.
        assert_eq!(ids(&ours, "qqa")[0], (0, "qq".into(), (0, 2)));
        let no_unk = CompactUnigram::new(&vocab(), None).unwrap();
        assert!(no_unk.tokenize("q").is_err());
        assert!(CompactUnigram::new::<String>(&[], Some(0)).is_err());
        assert!(CompactUnigram::new(&vocab(), Some(14)).is_err());
    }
}
