//! Word overlap between a message and each entry's example questions: the lexical half of a
//! lexical + dense hybrid score. The frozen encoder puts a shop's own questions and unrelated
//! Chinese small talk within a few hundredths of each other (anything Chinese scores ~0.88
//! against a Chinese knowledge base); shared content words — 包邮, 发票, 退款, coupon — are
//! evidence the embedding blurs.
//!
//! Tokens: Chinese as character bigrams (a lone character as itself: Chinese has no spaces and
//! bigrams need no segmenter), other scripts as lower-cased words; tokens with a digit are left
//! out (order numbers, prices and phone numbers say nothing about which entry is meant), and so
//! are a few English function words. An entry's score is the share of the message's token weight
//! (inverse document frequency over all example questions) that its questions contain: a
//! message about things no question mentions scores low even when its other words match.

use std::collections::HashMap;

use crate::text::language::is_han;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "at", "be", "can", "do", "for", "how", "in", "is", "it", "me", "my",
    "of", "on", "or", "pls", "please", "that", "the", "this", "to", "ur", "was", "what", "with",
    "you", "your",
];

/// The tokens of a text, each once, in first-seen order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut push = |t: String, out: &mut Vec<String>| {
        if seen.insert(t.clone()) {
            out.push(t);
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_han(c) {
            let start = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                push(run[0].to_string(), &mut out);
            }
            for w in run.windows(2) {
                push(w.iter().collect(), &mut out);
            }
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() && !is_han(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            if word.chars().count() > 1
                && !word.chars().any(|c| c.is_numeric())
                && !STOPWORDS.contains(&word.as_str())
            {
                push(word, &mut out);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Which entries' questions hold which tokens, and how rare each token is.
#[derive(Debug, Default)]
pub struct LexicalIndex {
    ids: HashMap<String, u32>,
    /// Per token id: its weight and the entries whose questions contain it (ascending).
    postings: Vec<(f32, Vec<u32>)>,
    /// The weight of a token no question contains.
    unseen: f32,
    entries: usize,
}

impl LexicalIndex {
    /// The `e`-th item holds entry `e`'s example questions.
    pub fn build<'q, S: AsRef<str> + 'q>(questions: impl IntoIterator<Item = &'q [S]>) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut docs = 0usize;
        let mut entries = 0usize;
        for (e, qs) in questions.into_iter().enumerate() {
            entries = e + 1;
            for q in qs {
                docs += 1;
                for t in tokens(q.as_ref()) {
                    let next = ids.len() as u32;
                    let id = *ids.entry(t).or_insert(next) as usize;
                    if id == df.len() {
                        df.push(0);
                        postings.push(Vec::new());
                    }
                    df[id] += 1;
                    if postings[id].last() != Some(&(e as u32)) {
                        postings[id].push(e as u32);
                    }
                }
            }
        }
        let idf = |df: u32| ((docs as f32 + 1.0) / (df as f32 + 0.5)).ln();
        Self {
            ids,
            postings: df.iter().map(|&d| idf(d)).zip(postings).collect(),
            unseen: idf(0),
            entries,
        }
    }

    /// Per entry, the share (0–1) of the text's token weight that the entry's questions
    /// contain; all zero for a text with no tokens.
    pub fn coverage(&self, text: &str) -> Vec<f32> {
        let mut covered = vec![0f32; self.entries];
        let mut total = 0f32;
        for t in tokens(text) {
            match self.ids.get(&t) {
                Some(&id) => {
                    let (w, entries) = &self.postings[id as usize];
                    total += w;
                    for &e in entries {
                        covered[e as usize] += w;
                    }
                }
                None => total += self.unseen,
            }
        }
        if total > 0.0 {
            covered.iter_mut().for_each(|c| *c /= total);
        }
        covered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_as_bigrams_other_words_lowercased_without_digits_or_function_words() {
        assert_eq!(tokens("包邮吗"), ["包邮", "邮吗"]);
        assert_eq!(tokens("亲 包邮"), ["亲", "包邮"]);
        assert_eq!(
            tokens("Where is my Coupon? order #A8011 costs 99"),
            ["where", "coupon", "order", "costs"]
        );
        assert_eq!(
            tokens("我的coupon用不了"),
            ["我的", "coupon", "用不", "不了"]
        );
        assert!(tokens("1234 !!").is_empty());
    }

    #[test]
    fn coverage_is_the_share_of_the_message_weight_an_entry_holds() {
        let idx = LexicalIndex::build([
            &["满多少包邮", "运费怎么算"][..],
            &["发票怎么开", "能开公司发票吗"],
        ]);
        let c = idx.coverage("包邮门槛");
        assert!(c[0] > 0.0 && c[1] == 0.0, "{c:?}");
        // "门槛" is in no question: the first entry covers part of the message, not all.
        assert!(c[0] < 1.0, "{c:?}");
        let c = idx.coverage("发票怎么开");
        assert!((c[1] - 1.0).abs() < 1e-6, "{c:?}");
        assert!(c[0] < c[1]);
        assert_eq!(idx.coverage("123 ?!"), vec![0.0, 0.0]);
        // A rare word counts for more than a common one.
        let idx = LexicalIndex::build([&["refund status", "refund time"][..], &["refund voucher"]]);
        let c = idx.coverage("refund voucher");
        assert!(c[1] > 0.99 && c[0] < 0.5, "{c:?}");
    }
}
