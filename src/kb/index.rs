//! The search index: every example question of every entry as one row of a row-major matrix of
//! L2-normalised embeddings. Exact search is one matrix–vector product (cosine = dot product of
//! unit vectors), then the best row per entry. Immutable once built: writers build a new index
//! and swap it in, so readers never wait.

use std::collections::HashMap;

use ndarray::{Array2, ArrayView1};

use super::entry::Entry;
use super::KbError;

pub struct KbIndex {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    dim: usize,
    /// rows × dim, one row per example question, unit length.
    matrix: Array2<f32>,
    /// Row → (entry index, question index within the entry).
    rows: Vec<(u32, u32)>,
}

/// One entry's best-matching example question.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub entry: &'a Entry,
    pub question: &'a str,
    /// Cosine similarity of the query to `question`.
    pub similarity: f32,
    /// What the ranking used: `similarity`, plus the intent bonus for an entry linked to the
    /// boosted intent.
    pub score: f32,
}

impl KbIndex {
    pub fn empty(dim: usize) -> Self {
        Self {
            entries: Vec::new(),
            by_id: HashMap::new(),
            dim,
            matrix: Array2::zeros((0, dim)),
            rows: Vec::new(),
        }
    }

    /// `embeddings` holds one vector per question, entries in order and each entry's questions
    /// in order; vectors are normalised here.
    pub fn build(
        entries: Vec<Entry>,
        embeddings: Vec<Vec<f32>>,
        dim: usize,
    ) -> Result<Self, KbError> {
        let n: usize = entries.iter().map(|e| e.questions.len()).sum();
        if embeddings.len() != n {
            return Err(KbError::Index(format!(
                "{} embeddings for {n} questions",
                embeddings.len()
            )));
        }
        let mut flat = Vec::with_capacity(n * dim);
        for v in &embeddings {
            if v.len() != dim {
                return Err(KbError::Index(format!(
                    "a {}-d embedding in a {dim}-d index",
                    v.len()
                )));
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            flat.extend(v.iter().map(|x| x / norm));
        }
        let matrix =
            Array2::from_shape_vec((n, dim), flat).map_err(|e| KbError::Index(e.to_string()))?;
        let mut rows = Vec::with_capacity(n);
        let mut by_id = HashMap::with_capacity(entries.len());
        for (ei, e) in entries.iter().enumerate() {
            if by_id.insert(e.id.clone(), ei).is_some() {
                return Err(KbError::Invalid(format!("duplicate id {:?}", e.id)));
            }
            rows.extend((0..e.questions.len()).map(|qi| (ei as u32, qi as u32)));
        }
        Ok(Self {
            entries,
            by_id,
            dim,
            matrix,
            rows,
        })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of indexed questions (matrix rows).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Embedding of each indexed question text (reused when the knowledge base changes).
    pub fn embeddings_by_question(&self) -> HashMap<&str, ArrayView1<'_, f32>> {
        self.rows
            .iter()
            .enumerate()
            .map(|(r, &(e, q))| {
                (
                    self.entries[e as usize].questions[q as usize].as_str(),
                    self.matrix.row(r),
                )
            })
            .collect()
    }

    /// The `k` entries most similar to a unit-length query embedding, best first, each with its
    /// best-matching question. Exact: every row is scored.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<Hit<'_>> {
        self.search_boosted(query, k, None, 0.0)
    }

    /// As `search`, ranking entries linked to `intent` `bonus` higher (the message's confident
    /// intent is evidence for them: cross-lingual similarities run lower than same-language ones).
    pub fn search_boosted(
        &self,
        query: &[f32],
        k: usize,
        intent: Option<&str>,
        bonus: f32,
    ) -> Vec<Hit<'_>> {
        if query.len() != self.dim || self.rows.is_empty() || k == 0 {
            return Vec::new();
        }
        // Row by row with the 16-lane dot: ndarray's matrix–vector product took a generic
        // element-by-element path here (~80 µs per message for the default KB, ~2 µs this way).
        let flat = self
            .matrix
            .as_slice()
            .expect("the index matrix is built row-major");
        let scores = flat
            .chunks_exact(self.dim)
            .map(|row| crate::model::fast::math::dot(row, query))
            .collect::<Vec<f32>>();
        // Best row per entry.
        let mut best: Vec<(f32, u32)> = vec![(f32::NEG_INFINITY, 0); self.entries.len()];
        for (r, (&s, &(e, _))) in scores.iter().zip(&self.rows).enumerate() {
            let b = &mut best[e as usize];
            if s > b.0 {
                *b = (s, r as u32);
            }
        }
        let boosted = |ei: usize| intent.is_some() && self.entries[ei].intent.as_deref() == intent;
        if intent.is_some() && bonus != 0.0 {
            for (ei, b) in best.iter_mut().enumerate() {
                if boosted(ei) {
                    b.0 += bonus;
                }
            }
        }
        let mut order: Vec<usize> = (0..best.len()).collect();
        let by_score = |a: &usize, b: &usize| best[*b].0.total_cmp(&best[*a].0);
        let k = k.min(order.len());
        if k < order.len() {
            order.select_nth_unstable_by(k - 1, by_score);
            order.truncate(k);
        }
        order.sort_by(by_score);
        order
            .into_iter()
            .map(|ei| {
                let (score, r) = best[ei];
                let (_, qi) = self.rows[r as usize];
                let entry = &self.entries[ei];
                Hit {
                    entry,
                    question: &entry.questions[qi as usize],
                    similarity: scores[r as usize],
                    score,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn entry(id: &str, qs: &[&str]) -> Entry {
        Entry {
            id: id.into(),
            questions: qs.iter().map(|q| q.to_string()).collect(),
            answer: BTreeMap::from([("en".to_string(), format!("answer {id}"))]),
            intent: None,
            tags: vec![],
        }
    }

    #[test]
    fn finds_the_best_question_per_entry() {
        let entries = vec![
            entry("a", &["a1", "a2"]),
            entry("b", &["b1"]),
            entry("c", &["c1"]),
        ];
        let emb = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 2.0, 0.0], // normalised on build
            vec![0.6, 0.8, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let idx = KbIndex::build(entries, emb, 3).unwrap();
        assert_eq!((idx.len(), idx.rows()), (3, 4));
        let hits = idx.search(&[0.0, 1.0, 0.0], 2);
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].entry.id.as_str(), hits[0].question), ("a", "a2"));
        assert!((hits[0].similarity - 1.0).abs() < 1e-6);
        assert_eq!(hits[1].entry.id, "b");
        assert!((hits[1].similarity - 0.8).abs() < 1e-6);
        // Every entry once, best first.
        let all = idx.search(&[0.0, 0.0, 1.0], 10);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].entry.id, "c");
        assert!(idx.search(&[1.0, 0.0], 3).is_empty(), "wrong dimension");
        assert!(KbIndex::empty(3).search(&[1.0, 0.0, 0.0], 3).is_empty());
    }

    #[test]
    fn the_intent_bonus_reranks_linked_entries() {
        let mut b = entry("b", &["b1"]);
        b.intent = Some("track_order".into());
        let idx = KbIndex::build(
            vec![entry("a", &["a1"]), b],
            vec![vec![1.0, 0.0], vec![0.8, 0.6]],
            2,
        )
        .unwrap();
        let plain = idx.search(&[1.0, 0.0], 2);
        assert_eq!(plain[0].entry.id, "a");
        let hits = idx.search_boosted(&[1.0, 0.0], 2, Some("track_order"), 0.25);
        assert_eq!(hits[0].entry.id, "b");
        assert!((hits[0].similarity - 0.8).abs() < 1e-6);
        assert!((hits[0].score - 1.05).abs() < 1e-6);
        assert_eq!(hits[1].score, hits[1].similarity);
    }

    #[test]
    fn rejects_mismatched_embeddings() {
        let e = vec![entry("a", &["a1", "a2"])];
        assert!(KbIndex::build(e.clone(), vec![vec![1.0, 0.0]], 2).is_err());
        assert!(KbIndex::build(e, vec![vec![1.0, 0.0], vec![1.0]], 2).is_err());
    }

    #[test]
    fn exposes_embeddings_for_reuse() {
        let idx = KbIndex::build(
            vec![entry("a", &["x", "y"])],
            vec![vec![3.0, 4.0], vec![0.0, 1.0]],
            2,
        )
        .unwrap();
        let m = idx.embeddings_by_question();
        assert_eq!(m["x"].to_vec(), vec![0.6, 0.8]);
        assert_eq!(idx.get("a").unwrap().questions.len(), 2);
        assert!(idx.get("b").is_none());
    }
}
