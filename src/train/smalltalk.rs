//! Adds the built-in small talk ([`crate::smalltalk`]) to a model's intent training data, so a
//! user's bot greets, thanks and says goodbye without a single labelled example of its own.

use std::collections::{BTreeMap, HashSet};

use rand::seq::{IndexedRandom, SliceRandom};
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use super::data::Example;
use crate::smalltalk;
use crate::text::language::{self, Language};
use crate::text::normalize::normalize;

/// `[smalltalk]` in a training config.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmalltalkTrainConfig {
    /// Add the built-in small-talk acts to the intents (a user's own label of the same name
    /// replaces that act's built-in examples).
    pub enabled: bool,
    /// Training messages copied with a greeting in front ("你好，" + the message, same label),
    /// so that a greeting plus a question reads as the question.
    pub opener_examples: usize,
}

impl Default for SmalltalkTrainConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            opener_examples: 400,
        }
    }
}

/// What was added, for the train summary and the manifest's provenance.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SmalltalkReport {
    /// Built-in examples added, per act.
    pub added: BTreeMap<String, usize>,
    /// Acts the user's data labels itself (their examples win; none of ours were added).
    pub user_acts: Vec<String>,
    /// Built-in examples left out because the user's data has the same text.
    pub skipped_duplicates: usize,
    /// Training messages added again with a greeting in front.
    pub with_opener: usize,
}

fn opener_language(text: &str) -> &'static str {
    match language::detect(text) {
        Language::Zh => "zh",
        _ => "en",
    }
}

/// Appends the built-in acts and the greeting-prefixed copies to `train`. `known` holds every
/// text already in the training or validation data (it gains the added ones).
pub fn augment(
    train: &mut Vec<Example>,
    known: &mut HashSet<String>,
    cfg: &SmalltalkTrainConfig,
    seed: u64,
) -> SmalltalkReport {
    let mut report = SmalltalkReport::default();
    if !cfg.enabled {
        return report;
    }
    let user_labels: HashSet<&str> = train.iter().map(|e| e.label.as_str()).collect();
    report.user_acts = smalltalk::ACTS
        .iter()
        .filter(|a| user_labels.contains(**a))
        .map(|a| a.to_string())
        .collect();
    // Copies with a greeting in front come from the user's own messages, small talk excluded.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5e11_0a11);
    let mut pool: Vec<usize> = (0..train.len())
        .filter(|&i| !smalltalk::is_act(&train[i].label))
        .collect();
    pool.shuffle(&mut rng);
    let openers = smalltalk::openers();
    let mut added = Vec::new();
    for &i in pool.iter().take(cfg.opener_examples) {
        let e = &train[i];
        let lang = opener_language(&e.text);
        let fitting: Vec<_> = openers
            .iter()
            .filter(|o| o.lang == lang || o.lang == "mixed")
            .collect();
        let Some(o) = fitting.choose(&mut rng) else {
            continue;
        };
        let text = normalize(&format!("{}{}", o.text, e.text));
        if known.insert(text.clone()) {
            added.push(Example {
                text,
                label: e.label.clone(),
            });
        }
    }
    report.with_opener = added.len();
    for e in smalltalk::examples() {
        if report.user_acts.iter().any(|a| a == &e.label) {
            continue;
        }
        if !known.insert(e.text.clone()) {
            report.skipped_duplicates += 1;
            continue;
        }
        *report.added.entry(e.label.clone()).or_default() += 1;
        added.push(Example {
            text: e.text.clone(),
            label: e.label.clone(),
        });
    }
    train.extend(added);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str, label: &str) -> Example {
        Example {
            text: text.into(),
            label: label.into(),
        }
    }

    #[test]
    fn adds_every_act_and_greeting_prefixed_copies_with_the_same_label() {
        let mut train = vec![
            ex("我的快递到哪了", "track_order"),
            ex("where is my parcel", "track_order"),
            ex("how do i cancel", "cancel_order"),
        ];
        let mut known: HashSet<String> = train.iter().map(|e| e.text.clone()).collect();
        let cfg = SmalltalkTrainConfig::default();
        let r = augment(&mut train, &mut known, &cfg, 7);
        for a in smalltalk::ACTS {
            assert!(r.added.get(a).copied().unwrap_or(0) >= 20, "{a}: {r:?}");
        }
        assert_eq!(r.with_opener, 3);
        // Each copy keeps its message's label and ends with the message.
        for orig in train[..3].iter().cloned() {
            let copies: Vec<&Example> = train[3..]
                .iter()
                .filter(|e| e.text != orig.text && e.text.ends_with(&orig.text))
                .collect();
            assert_eq!(copies.len(), 1, "{orig:?}");
            assert_eq!(copies[0].label, orig.label);
        }
        // Deterministic.
        let mut again = vec![
            ex("我的快递到哪了", "track_order"),
            ex("where is my parcel", "track_order"),
            ex("how do i cancel", "cancel_order"),
        ];
        let mut known2: HashSet<String> = again.iter().map(|e| e.text.clone()).collect();
        augment(&mut again, &mut known2, &cfg, 7);
        assert_eq!(train, again);
    }

    #[test]
    fn the_users_own_labels_and_texts_win() {
        let mut train = vec![ex("hello", "oos"), ex("hey there friend", "greeting")];
        let mut known: HashSet<String> = train.iter().map(|e| e.text.clone()).collect();
        let cfg = SmalltalkTrainConfig {
            enabled: true,
            opener_examples: 0,
        };
        let r = augment(&mut train, &mut known, &cfg, 1);
        assert_eq!(r.user_acts, vec!["greeting".to_string()]);
        assert!(!r.added.contains_key("greeting"));
        assert_eq!(
            train.iter().filter(|e| e.label == "greeting").count(),
            1,
            "the built-in greetings were not added"
        );
        // "hello" keeps the user's label: the built-in copy is skipped, not relabelled.
        assert_eq!(train.iter().filter(|e| e.text == "hello").count(), 1);
        assert!(train.iter().any(|e| e.label == "thanks"));
    }

    #[test]
    fn switched_off_adds_nothing() {
        let mut train = vec![ex("where is my parcel", "track_order")];
        let mut known = HashSet::new();
        let cfg = SmalltalkTrainConfig {
            enabled: false,
            opener_examples: 100,
        };
        assert_eq!(
            augment(&mut train, &mut known, &cfg, 1),
            SmalltalkReport::default()
        );
        assert_eq!(train.len(), 1);
    }
}
