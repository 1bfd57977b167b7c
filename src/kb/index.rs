//! The search index: every example question of every entry as one row of a row-major matrix of
//! L2-normalised embeddings, and every answer text (per language) likewise. Exact search is one
//! matrix–vector product per matrix, then the best row per entry. Immutable once built: writers
//! build a new index and swap it in, so readers never wait.
//!
//! An entry's score is `QUESTION_WEIGHT` × its best question's cosine + `ANSWER_WEIGHT` × its
//! answer's cosine (the answer in the message's language), both measured with the language
//! direction projected out. Why, measured on a blind tuning knowledge base of another shop
//! (`training-data/faq-dev/tune`, multilingual-e5-small): the right entry ranked first for
//! 85% of same-language paraphrases but 19% of cross-language ones with plain question cosine —
//! a Chinese message sits closer to any Chinese question than to the English question it
//! paraphrases. Removing the zh − en direction (estimated from the knowledge base's own
//! bilingual answers, which say the same thing in both languages) and adding the answer, which
//! exists in the message's language, raised that to 85% / 97%.

use std::collections::HashMap;

use ndarray::{Array2, ArrayView1};

use super::entry::Entry;
use super::lexical::LexicalIndex;
use super::settings::KbSettings;
use super::KbError;

/// The built-in threshold of an entry score per message language, where neither the policy nor
/// the model sets one. Chosen on the blind tuning knowledge base (`training-data/faq-dev/tune`,
/// multilingual-e5-small) for the fewest wrong answers: Chinese messages score higher against
/// everything, so they need a higher bar (above 0.925 no Chinese negative was answered there;
/// English negatives stayed below 0.90).
pub fn default_threshold(language: &str) -> f32 {
    match language {
        "zh" => 0.93,
        _ => 0.9,
    }
}

/// Weights of the best question's and the answer's similarity in an entry's score.
pub const QUESTION_WEIGHT: f32 = 0.6;
pub const ANSWER_WEIGHT: f32 = 0.4;

pub struct KbIndex {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    dim: usize,
    /// rows × dim, one row per example question, unit length.
    matrix: Array2<f32>,
    /// Row → (entry index, question index within the entry).
    rows: Vec<(u32, u32)>,
    /// answers × dim, one row per (entry, answer language), unit length.
    answers: Array2<f32>,
    /// Answer row → (entry index, language code).
    answer_rows: Vec<(u32, String)>,
    /// The unit zh − en direction, projected out of every comparison (None: the knowledge base
    /// has no answer in both languages to estimate it).
    language: Option<Projection>,
    /// The knowledge base's own answer thresholds (`super::settings`).
    settings: KbSettings,
    /// Which entries' questions hold which words (`super::lexical`); empty unless the settings
    /// give word overlap a weight.
    lexical: LexicalIndex,
}

/// What a search looks for: a message's embedding and, for the lexical half of the score and
/// the answer language, the message itself.
#[derive(Debug, Clone, Copy)]
pub struct Query<'q> {
    pub embedding: &'q [f32],
    /// The message text; without it only the embedding counts.
    pub text: Option<&'q str>,
    /// The message's language (`zh`, `en`, …): entries are compared through their answer in
    /// that language when they have one.
    pub language: Option<&'q str>,
    /// `bonus` goes to the entries linked to this intent (see [`KbIndex::search_boosted`]).
    pub intent: Option<&'q str>,
    pub bonus: f32,
}

impl<'q> Query<'q> {
    /// A bare embedding: no text, language or intent.
    pub fn embedding(embedding: &'q [f32]) -> Self {
        Self {
            embedding,
            text: None,
            language: None,
            intent: None,
            bonus: 0.0,
        }
    }
}

/// Projecting one direction `d` out of unit vectors: cos(q', r') from q·r, q·d and r·d.
struct Projection {
    d: Vec<f32>,
    /// Per question row: (r·d, |r − (r·d)d|).
    questions: Vec<(f32, f32)>,
    answers: Vec<(f32, f32)>,
}

impl Projection {
    fn of(d: Vec<f32>, m: &Array2<f32>) -> Vec<(f32, f32)> {
        m.rows()
            .into_iter()
            .map(|r| {
                let rd = crate::model::fast::math::dot(r.as_slice().unwrap_or(&[]), &d);
                (rd, (1.0 - rd * rd).max(1e-6).sqrt())
            })
            .collect()
    }
}

/// One answer text's embedding, for [`KbIndex::build_with_answers`].
pub struct AnswerEmbedding {
    pub entry: usize,
    pub language: String,
    pub embedding: Vec<f32>,
}

fn unit_rows(vs: &[&[f32]], dim: usize) -> Result<Array2<f32>, KbError> {
    let mut flat = Vec::with_capacity(vs.len() * dim);
    for v in vs {
        if v.len() != dim {
            return Err(KbError::Index(format!(
                "a {}-d embedding in a {dim}-d index",
                v.len()
            )));
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        flat.extend(v.iter().map(|x| x / norm));
    }
    Array2::from_shape_vec((vs.len(), dim), flat).map_err(|e| KbError::Index(e.to_string()))
}

/// The unit direction from the English to the Chinese answers of entries that have both (the
/// same text in two languages: what differs is the language); None with fewer than 3 such
/// entries.
fn language_direction(answers: &Array2<f32>, rows: &[(u32, String)]) -> Option<Vec<f32>> {
    let mut by_entry: HashMap<u32, (Option<usize>, Option<usize>)> = HashMap::new();
    for (i, (e, l)) in rows.iter().enumerate() {
        let slot = by_entry.entry(*e).or_default();
        match l.as_str() {
            "zh" => slot.0 = Some(i),
            "en" => slot.1 = Some(i),
            _ => {}
        }
    }
    let pairs: Vec<(usize, usize)> = by_entry
        .values()
        .filter_map(|&(z, e)| Some((z?, e?)))
        .collect();
    if pairs.len() < 3 {
        return None;
    }
    let dim = answers.ncols();
    let mut d = vec![0f32; dim];
    for (z, e) in &pairs {
        for (j, x) in d.iter_mut().enumerate() {
            *x += answers[(*z, j)] - answers[(*e, j)];
        }
    }
    let norm = d.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm > 1e-6).then(|| d.iter().map(|x| x / norm).collect())
}

/// What [`KbIndex::search_without`] leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Without {
    Nothing,
    /// One question row (its entry stays, with its other questions and its answer).
    Question(usize),
    /// A whole entry.
    Entry(usize),
}

impl Without {
    fn drops(self, row: usize, entry: usize) -> bool {
        match self {
            Without::Nothing => false,
            Without::Question(r) => r == row,
            Without::Entry(e) => e == entry,
        }
    }
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
            answers: Array2::zeros((0, dim)),
            answer_rows: Vec::new(),
            language: None,
            settings: KbSettings::default(),
            lexical: LexicalIndex::default(),
        }
    }

    /// The same index with the knowledge base's own thresholds.
    /// The word-overlap index is built here, and only when the settings weigh it in: a
    /// knowledge base that does not use it pays nothing at start-up or reload.
    pub fn with_settings(self, settings: KbSettings) -> Self {
        let lexical = if settings.lexical_weight.is_some_and(|w| w > 0.0) {
            LexicalIndex::build(self.entries.iter().map(|e| e.questions.as_slice()))
        } else {
            LexicalIndex::default()
        };
        Self {
            settings,
            lexical,
            ..self
        }
    }

    pub fn settings(&self) -> &KbSettings {
        &self.settings
    }

    /// `embeddings` holds one vector per question, entries in order and each entry's questions
    /// in order; vectors are normalised here. Questions only: answers do not count.
    pub fn build(
        entries: Vec<Entry>,
        embeddings: Vec<Vec<f32>>,
        dim: usize,
    ) -> Result<Self, KbError> {
        Self::build_with_answers(entries, embeddings, Vec::new(), dim)
    }

    /// As [`Self::build`], with the answers' embeddings (document side, any order).
    pub fn build_with_answers(
        entries: Vec<Entry>,
        embeddings: Vec<Vec<f32>>,
        answers: Vec<AnswerEmbedding>,
        dim: usize,
    ) -> Result<Self, KbError> {
        let n: usize = entries.iter().map(|e| e.questions.len()).sum();
        if embeddings.len() != n {
            return Err(KbError::Index(format!(
                "{} embeddings for {n} questions",
                embeddings.len()
            )));
        }
        let matrix = unit_rows(
            &embeddings.iter().map(Vec::as_slice).collect::<Vec<_>>(),
            dim,
        )?;
        let mut rows = Vec::with_capacity(n);
        let mut by_id = HashMap::with_capacity(entries.len());
        for (ei, e) in entries.iter().enumerate() {
            if by_id.insert(e.id.clone(), ei).is_some() {
                return Err(KbError::Invalid(format!("duplicate id {:?}", e.id)));
            }
            rows.extend((0..e.questions.len()).map(|qi| (ei as u32, qi as u32)));
        }
        if let Some(a) = answers.iter().find(|a| a.entry >= entries.len()) {
            return Err(KbError::Index(format!(
                "an answer of entry {} of {}",
                a.entry,
                entries.len()
            )));
        }
        let answer_matrix = unit_rows(
            &answers
                .iter()
                .map(|a| a.embedding.as_slice())
                .collect::<Vec<_>>(),
            dim,
        )?;
        let answer_rows: Vec<(u32, String)> = answers
            .iter()
            .map(|a| (a.entry as u32, a.language.clone()))
            .collect();
        let language = language_direction(&answer_matrix, &answer_rows).map(|d| Projection {
            questions: Projection::of(d.clone(), &matrix),
            answers: Projection::of(d.clone(), &answer_matrix),
            d,
        });
        Ok(Self {
            lexical: LexicalIndex::default(),
            entries,
            by_id,
            dim,
            matrix,
            rows,
            answers: answer_matrix,
            answer_rows,
            language,
            settings: KbSettings::default(),
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

    /// Question row `r`: its entry's index, its text and its unit embedding.
    pub fn question_row(&self, r: usize) -> Option<(usize, &str, &[f32])> {
        let &(e, q) = self.rows.get(r)?;
        let v = self
            .matrix
            .as_slice()?
            .get(r * self.dim..(r + 1) * self.dim)?;
        Some((
            e as usize,
            self.entries[e as usize].questions[q as usize].as_str(),
            v,
        ))
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

    /// Embedding of each indexed answer text (reused when the knowledge base changes).
    pub fn embeddings_by_answer(&self) -> HashMap<&str, ArrayView1<'_, f32>> {
        self.answer_rows
            .iter()
            .enumerate()
            .map(|(r, (e, l))| {
                (
                    self.entries[*e as usize].answer[l].as_str(),
                    self.answers.row(r),
                )
            })
            .collect()
    }

    /// The `k` entries most similar to a unit-length query embedding, best first, each with its
    /// best-matching question. Exact: every row is scored.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<Hit<'_>> {
        self.search_boosted(query, k, None, 0.0)
    }

    /// As `search`, with `bonus` added to the entries linked to `intent` — only when the entry
    /// ranked first without it is one of them: the message's confident intent confirms the best
    /// match, it never lifts an entry about something else over a better one.
    pub fn search_boosted(
        &self,
        query: &[f32],
        k: usize,
        intent: Option<&str>,
        bonus: f32,
    ) -> Vec<Hit<'_>> {
        self.search_in(
            &Query {
                intent,
                bonus,
                ..Query::embedding(query)
            },
            k,
        )
    }

    /// The `k` best entries for a message, as serving weighs them: question and answer
    /// similarity, the knowledge base's `lexical_weight` times the word overlap when the text
    /// is given, then the intent bonus.
    pub fn search_in(&self, query: &Query<'_>, k: usize) -> Vec<Hit<'_>> {
        self.search_without(query, k, Without::Nothing)
    }

    /// As [`Self::search_in`] with one question row or one whole entry left out, as if the
    /// knowledge base did not hold it (hold-out estimates of how the index answers).
    pub fn search_without(&self, query: &Query<'_>, k: usize, without: Without) -> Vec<Hit<'_>> {
        let Query {
            embedding: query,
            text,
            language,
            intent,
            bonus,
        } = *query;
        if query.len() != self.dim || self.rows.is_empty() || k == 0 {
            return Vec::new();
        }
        let qn = query.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        let q: Vec<f32> = query.iter().map(|x| x / qn).collect();
        let qd = self
            .language
            .as_ref()
            .map(|p| crate::model::fast::math::dot(&q, &p.d));
        // cos(q', r') with the language direction projected out of both.
        let score = |dot: f32, r: Option<&(f32, f32)>| match (qd, r) {
            (Some(qd), Some(&(rd, rn))) => {
                (dot - qd * rd) / ((1.0 - qd * qd).max(1e-6).sqrt() * rn)
            }
            _ => dot,
        };
        // Row by row with the 16-lane dot: ndarray's matrix–vector product took a generic
        // element-by-element path here (~80 µs per message for the default KB, ~2 µs this way).
        let dots = |m: &Array2<f32>| -> Vec<f32> {
            m.as_slice()
                .expect("index matrices are built row-major")
                .chunks_exact(self.dim)
                .map(|row| crate::model::fast::math::dot(row, &q))
                .collect()
        };
        let qdots = dots(&self.matrix);
        let raw: Vec<f32> = qdots
            .iter()
            .enumerate()
            .map(|(r, &x)| score(x, self.language.as_ref().map(|p| &p.questions[r])))
            .collect();
        // Best question row per entry, and the second-best score.
        let mut best: Vec<(f32, u32)> = vec![(f32::NEG_INFINITY, 0); self.entries.len()];
        let mut second = vec![f32::NEG_INFINITY; self.entries.len()];
        for (r, (&s, &(e, _))) in raw.iter().zip(&self.rows).enumerate() {
            if without.drops(r, e as usize) {
                continue;
            }
            let b = &mut best[e as usize];
            if s > b.0 {
                second[e as usize] = b.0;
                *b = (s, r as u32);
            } else if s > second[e as usize] {
                second[e as usize] = s;
            }
        }
        let mut total: Vec<f32> = best.iter().map(|b| b.0).collect();
        let qw = self.settings.question_weight.unwrap_or(QUESTION_WEIGHT);
        let aw = 1.0 - qw;
        if !self.answer_rows.is_empty() {
            // An entry with no answer (a handoff entry) weighs its second-best question where
            // the others weigh their answer: on its best question alone it would score a few
            // hundredths above entries that answer the same message (a blend sits below its
            // best question), and take their messages.
            for (e, t) in total.iter_mut().enumerate() {
                if self.entries[e].handoff.is_some() && second[e].is_finite() {
                    *t = qw * *t + aw * second[e];
                }
            }
            let adots = dots(&self.answers);
            // Per entry: the answer in the message's language, else one for every language,
            // else the best of the others.
            let mut ans: Vec<(u8, f32)> = vec![(0, f32::NEG_INFINITY); self.entries.len()];
            for (i, (&x, (e, l))) in adots.iter().zip(&self.answer_rows).enumerate() {
                let s = score(x, self.language.as_ref().map(|p| &p.answers[i]));
                let rank = if Some(l.as_str()) == language {
                    2
                } else if l == crate::text::localized::ANY {
                    1
                } else {
                    0
                };
                let slot = &mut ans[*e as usize];
                if rank > slot.0 || (rank == slot.0 && s > slot.1) {
                    *slot = (rank, s);
                }
            }
            for (t, (_, a)) in total.iter_mut().zip(&ans) {
                if a.is_finite() {
                    *t = qw * *t + aw * a;
                }
            }
        }
        if let (Some(text), Some(w)) = (text, self.settings.lexical_weight.filter(|w| *w > 0.0)) {
            for (t, c) in total.iter_mut().zip(self.lexical.coverage(text)) {
                *t += w * c;
            }
        }
        // The bonus goes to the entries linked to the intent only when the best entry is one of
        // them, and to all of them alike: it confirms the best entry and never lifts another
        // over it, and two entries of the same intent keep their gap (their margin is what
        // tells them apart). Handoff entries aside: the policy weighs the entries that answer
        // as if those were not there, so the best of those gets it even below a handoff entry,
        // and may pass one within the bonus (a sure intent linked to it says the handoff topic
        // is the near miss).
        let first = (0..total.len())
            .filter(|&e| self.entries[e].handoff.is_none())
            .max_by(|a, b| total[*a].total_cmp(&total[*b]));
        if let (Some(i), Some(first)) = (intent, first) {
            if bonus != 0.0 && self.entries[first].intent.as_deref() == Some(i) {
                for (e, t) in total.iter_mut().enumerate() {
                    if self.entries[e].intent.as_deref() == Some(i) {
                        *t += bonus;
                    }
                }
            }
        }
        // Top k without sorting every entry (the index may hold 100k); an entry with no
        // question left (dropped) is not a candidate.
        let mut order: Vec<usize> = (0..total.len())
            .filter(|&e| best[e].0.is_finite())
            .collect();
        if order.is_empty() {
            return Vec::new();
        }
        let by_score = |a: &usize, b: &usize| total[*b].total_cmp(&total[*a]);
        let k = k.min(order.len());
        if k < order.len() {
            order.select_nth_unstable_by(k - 1, by_score);
            order.truncate(k);
        }
        order.sort_by(by_score);
        order
            .into_iter()
            .map(|ei| {
                let (_, r) = best[ei];
                let (_, qi) = self.rows[r as usize];
                let entry = &self.entries[ei];
                Hit {
                    entry,
                    question: &entry.questions[qi as usize],
                    similarity: qdots[r as usize],
                    score: total[ei],
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
            handoff: None,
        }
    }

    /// Entries a (a1, a2), b (b1), c (c1) with a2 = (0, 1, 0) given unnormalised.
    fn three_entries() -> KbIndex {
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
        KbIndex::build(entries, emb, 3).unwrap()
    }

    #[test]
    fn finds_the_best_question_per_entry() {
        let idx = three_entries();
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
    fn a_question_or_an_entry_can_be_left_out_of_a_search() {
        let idx = three_entries();
        let (e, text, v) = idx.question_row(1).unwrap();
        assert_eq!((e, text, v), (0, "a2", &[0.0f32, 1.0, 0.0][..]));
        assert!(idx.question_row(4).is_none());
        let q = [0.0, 1.0, 0.0];
        let top = |w: Without| {
            let h = idx.search_without(&Query::embedding(&q), 1, w);
            (h[0].entry.id.clone(), h[0].question, h[0].similarity)
        };
        assert_eq!(top(Without::Nothing).1, "a2");
        // Without a2, entry a answers with a1 (cosine 0) and b is first.
        assert_eq!(top(Without::Question(1)).0, "b");
        let h = idx.search_without(&Query::embedding(&q), 3, Without::Question(1));
        assert_eq!(h.iter().find(|h| h.entry.id == "a").unwrap().question, "a1");
        // Without entry a it is not a candidate at all.
        let h = idx.search_without(&Query::embedding(&q), 3, Without::Entry(0));
        assert_eq!(h.len(), 2);
        assert!(h.iter().all(|h| h.entry.id != "a"));
        // An entry whose only question is left out is not a candidate either.
        let h = idx.search_without(&Query::embedding(&[0.0, 0.0, 1.0]), 3, Without::Question(3));
        assert!(h.iter().all(|h| h.entry.id != "c"), "{:?}", h.len());
    }

    #[test]
    fn a_handoff_entry_weighs_its_second_best_question_where_others_weigh_their_answer() {
        let mut h = entry("gift-cards", &["h1", "h2"]);
        h.answer.clear();
        h.handoff = Some(crate::kb::entry::EntryHandoff::default());
        let a = entry("a", &["a1"]);
        let answers = vec![AnswerEmbedding {
            entry: 1,
            language: "en".into(),
            embedding: vec![0.0, 0.0, 1.0],
        }];
        let idx = KbIndex::build_with_answers(
            vec![h, a],
            vec![
                vec![1.0, 0.0, 0.0],
                vec![0.6, 0.8, 0.0],
                vec![1.0, 0.0, 0.0],
            ],
            answers,
            3,
        )
        .unwrap();
        let hits = idx.search(&[1.0, 0.0, 0.0], 2);
        let score = |id: &str| hits.iter().find(|x| x.entry.id == id).unwrap().score;
        // 0.6 × its best question (1.0) + 0.4 × its second (0.6); "a": 0.6 × 1.0 + 0.4 × 0.0.
        assert!(
            (score("gift-cards") - 0.84).abs() < 1e-5,
            "{}",
            score("gift-cards")
        );
        assert!((score("a") - 0.6).abs() < 1e-5, "{}", score("a"));
    }

    #[test]
    fn a_handoff_entry_first_leaves_the_bonus_to_the_best_entry_that_answers() {
        let mut h = entry("gift-cards", &["h1"]);
        h.answer.clear();
        h.handoff = Some(crate::kb::entry::EntryHandoff::default());
        let mut b = entry("b", &["b1"]);
        b.intent = Some("coupon".into());
        let idx = KbIndex::build(vec![h, b], vec![vec![1.0, 0.0], vec![0.8, 0.6]], 2).unwrap();
        // The handoff entry leads; "b", the best entry that answers, still gets its bonus.
        let hits = idx.search_boosted(&[1.0, 0.0], 2, Some("coupon"), 0.1);
        assert_eq!(hits[0].entry.id, "gift-cards");
        assert!((hits[1].score - 0.9).abs() < 1e-6, "{}", hits[1].score);
        // A bonus larger than the gap lifts it over the handoff entry: a sure intent linked to
        // the entry says the handoff topic was the near miss.
        let hits = idx.search_boosted(&[1.0, 0.0], 2, Some("coupon"), 0.25);
        assert_eq!(hits[0].entry.id, "b");
    }

    #[test]
    fn the_intent_bonus_confirms_the_best_entry_and_never_reorders() {
        let mut b = entry("b", &["b1"]);
        b.intent = Some("track_order".into());
        let idx = KbIndex::build(
            vec![entry("a", &["a1"]), b],
            vec![vec![1.0, 0.0], vec![0.8, 0.6]],
            2,
        )
        .unwrap();
        // "a" ranks first: the bonus of the linked "b" does not lift it over "a".
        let hits = idx.search_boosted(&[1.0, 0.0], 2, Some("track_order"), 0.25);
        assert_eq!(hits[0].entry.id, "a");
        assert_eq!(hits[1].entry.id, "b");
        assert!((hits[1].score - 0.8).abs() < 1e-6, "{}", hits[1].score);
        // "b" ranks first: the bonus is added to its score.
        let hits = idx.search_boosted(&[0.8, 0.6], 2, Some("track_order"), 0.25);
        assert_eq!(hits[0].entry.id, "b");
        assert!((hits[0].similarity - 1.0).abs() < 1e-6);
        assert!((hits[0].score - 1.25).abs() < 1e-6);

        // Two entries of the same intent: both get it, so their gap (the margin) stays.
        let mut c = entry("c", &["c1"]);
        c.intent = Some("track_order".into());
        let mut d = entry("d", &["d1"]);
        d.intent = Some("track_order".into());
        let idx = KbIndex::build(vec![c, d], vec![vec![1.0, 0.0], vec![0.8, 0.6]], 2).unwrap();
        let hits = idx.search_boosted(&[1.0, 0.0], 2, Some("track_order"), 0.25);
        assert!((hits[0].score - hits[1].score - 0.2).abs() < 1e-6);
    }

    #[test]
    fn answers_count_in_the_score_in_the_messages_language() {
        // Entry "x": question along axis 0, English answer along axis 1, Chinese along 2.
        let mut x = entry("x", &["q"]);
        x.answer = [
            ("en".to_string(), "a".to_string()),
            ("zh".to_string(), "答".to_string()),
        ]
        .into();
        let answers = vec![
            AnswerEmbedding {
                entry: 0,
                language: "en".into(),
                embedding: vec![0.0, 1.0, 0.0],
            },
            AnswerEmbedding {
                entry: 0,
                language: "zh".into(),
                embedding: vec![0.0, 0.0, 1.0],
            },
        ];
        let idx =
            KbIndex::build_with_answers(vec![x], vec![vec![1.0, 0.0, 0.0]], answers, 3).unwrap();
        let q = [0.6, 0.8, 0.0];
        let en = idx.search_in(
            &Query {
                language: Some("en"),
                ..Query::embedding(&q)
            },
            1,
        );
        assert!((en[0].score - (QUESTION_WEIGHT * 0.6 + ANSWER_WEIGHT * 0.8)).abs() < 1e-6);
        let zh = idx.search_in(
            &Query {
                language: Some("zh"),
                ..Query::embedding(&q)
            },
            1,
        );
        assert!((zh[0].score - QUESTION_WEIGHT * 0.6).abs() < 1e-6);
        // The knowledge base's own question weight.
        let idx = idx.with_settings(KbSettings {
            question_weight: Some(0.8),
            ..KbSettings::default()
        });
        let en = idx.search_in(
            &Query {
                language: Some("en"),
                ..Query::embedding(&q)
            },
            1,
        );
        assert!((en[0].score - (0.8 * 0.6 + 0.2 * 0.8)).abs() < 1e-6);
        // Without answers the score is the question's cosine.
        let plain = KbIndex::build(vec![entry("y", &["q"])], vec![vec![1.0, 0.0, 0.0]], 3).unwrap();
        assert!((plain.search(&q, 1)[0].score - 0.6).abs() < 1e-6);
    }

    #[test]
    fn the_language_direction_is_projected_out() {
        // Three entries answered in both languages: the zh answers sit one unit along axis 3
        // from the en ones, which is all that differs.
        let mut entries = Vec::new();
        let mut answers = Vec::new();
        let mut questions = Vec::new();
        for i in 0..3 {
            let mut e = entry(&format!("e{i}"), &["q"]);
            e.answer = [
                ("en".to_string(), format!("a{i}")),
                ("zh".to_string(), format!("答{i}")),
            ]
            .into();
            entries.push(e);
            let mut en = vec![0.0; 4];
            en[i] = 1.0;
            let mut zh = en.clone();
            zh[3] = 1.0;
            answers.push(AnswerEmbedding {
                entry: i,
                language: "en".into(),
                embedding: en.clone(),
            });
            answers.push(AnswerEmbedding {
                entry: i,
                language: "zh".into(),
                embedding: zh,
            });
            questions.push(en);
        }
        let idx = KbIndex::build_with_answers(entries, questions, answers, 4).unwrap();
        // A "Chinese" message about entry 1 (its topic plus the language axis) matches entry
        // 1's English question as if the language were the same.
        // Unprojected its cosine to that question is 0.71; projected (hand-computed) 0.986.
        let q = [0.0, 1.0, 0.0, 1.0];
        let hits = idx.search_in(
            &Query {
                language: Some("en"),
                ..Query::embedding(&q)
            },
            3,
        );
        assert_eq!(hits[0].entry.id, "e1");
        assert!((hits[0].score - 0.98574).abs() < 1e-4, "{}", hits[0].score);
        assert!((hits[1].score - 0.09974).abs() < 1e-4, "{}", hits[1].score);
    }

    #[test]
    fn the_knowledge_bases_lexical_weight_adds_word_overlap_when_the_text_is_given() {
        // Two entries the embedding cannot tell apart: the message's words pick one.
        let entries = vec![
            entry("fees", &["满多少包邮", "运费怎么算"]),
            entry("invoice", &["发票怎么开", "能开公司发票吗"]),
        ];
        let emb = vec![vec![1.0, 0.0]; 4];
        let q = [1.0, 0.0];
        let text = Query {
            text: Some("包邮门槛是多少"),
            ..Query::embedding(&q)
        };
        let plain = KbIndex::build(entries.clone(), emb.clone(), 2).unwrap();
        let hits = plain.search_in(&text, 2);
        assert_eq!((hits[0].score, hits[1].score), (1.0, 1.0), "off by default");
        let settings = KbSettings {
            lexical_weight: Some(0.1),
            ..KbSettings::default()
        };
        let idx = KbIndex::build(entries, emb, 2)
            .unwrap()
            .with_settings(settings);
        let hits = idx.search_in(&text, 2);
        assert_eq!(hits[0].entry.id, "fees");
        assert!(
            hits[0].score > 1.0 && hits[0].score <= 1.1,
            "{}",
            hits[0].score
        );
        assert_eq!(hits[1].score, 1.0);
        assert_eq!(hits[0].similarity, 1.0, "the similarity stays the cosine");
        // Without the text (an embedding-only search) the weight does nothing.
        assert_eq!(idx.search_in(&Query::embedding(&q), 1)[0].score, 1.0);
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
