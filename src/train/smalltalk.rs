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
    /// Acts one of the user's own intents already says under another name (CLINC's
    /// `thank_you`, a Rasa-style `greet`): their built-in examples were not added, so that two
    /// classes never split one meaning.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covered: Vec<Covered>,
}

/// A built-in act that one of the user's intents covers, and how clearly: the share of the
/// act's built-in examples whose nearest neighbour outside the act is one of that intent's
/// messages, and the share of that intent's messages whose nearest neighbour is one of the act's
/// examples (among the built-in examples and the user's in-scope messages, each message's own
/// vector left out). The act's own examples are left out on its side so that the measure does
/// not depend on how many there are against the intent's: 20 messages a label cover as well as
/// 100.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Covered {
    pub act: String,
    pub label: String,
    pub act_share: f64,
    pub label_share: f64,
}

/// An act is covered when at least this share of its examples sit next to one user intent…
pub const COVER_ACT_SHARE: f64 = 0.25;
/// …and at least this share of that intent's messages sit next to the act. Measured (e5-small,
/// `research/open-intent`): CLINC150's `yes`, `no`, `thank_you`, `are_you_a_bot` 0.26–0.91 /
/// 0.15–0.50 with all their messages or 20 each; for unrelated intents the second share stays
/// at 0.03 or less (the shop's `contact_human_agent` is the nearest intent to `bot_identity`,
/// 0.71, but only 3% of its messages sit next to the act), BANKING77's at 0.
pub const COVER_LABEL_SHARE: f64 = 0.1;

/// The languages a built-in example must be in to be compared with the user's data: those
/// holding at least a tenth of the user's messages (mixed zh/en examples need both).
pub fn languages_of(texts: &[String]) -> (bool, bool) {
    let n = texts.len().max(1) as f64;
    let (mut zh, mut en) = (0.0, 0.0);
    for t in texts {
        match language::detect(t) {
            Language::Zh => zh += 1.0,
            Language::En => en += 1.0,
            Language::Other => {}
        }
    }
    (zh / n >= 0.1, en / n >= 0.1)
}

/// Whether a built-in example of language `lang` is compared, given the user's (zh, en).
pub fn example_fits(lang: &str, (zh, en): (bool, bool)) -> bool {
    match lang {
        "zh" => zh,
        "en" => en,
        _ => zh && en,
    }
}

/// The acts the user's intents cover. `acts`: built-in examples (act, unit vector); `user`: the
/// user's in-scope messages (label, unit vector), acts by name and out-of-scope excluded.
pub fn covered_acts(acts: &[(&str, &[f32])], user: &[(&str, &[f32])]) -> Vec<Covered> {
    use crate::model::fast::math::dot;
    // The label of the nearest other vector: Ok(act) for a built-in example, Err(label) for a
    // user message; the examples of `not_act` are passed over.
    let nearest = |v: &[f32], skip: usize, not_act: Option<&str>| -> Result<&str, &str> {
        let mut best = (f32::NEG_INFINITY, Ok(""));
        for (j, (a, x)) in acts.iter().enumerate() {
            if j == skip || not_act == Some(*a) {
                continue;
            }
            let s = dot(v, x);
            if s > best.0 {
                best = (s, Ok(*a));
            }
        }
        for (j, (l, x)) in user.iter().enumerate() {
            let s = dot(v, x);
            if j + acts.len() != skip && s > best.0 {
                best = (s, Err(*l));
            }
        }
        best.1
    };
    let mut out = Vec::new();
    for act in smalltalk::ACTS {
        let mine: Vec<usize> = (0..acts.len()).filter(|&i| acts[i].0 == act).collect();
        if mine.is_empty() {
            continue;
        }
        let mut by_label: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &mine {
            if let Err(l) = nearest(acts[i].1, i, Some(act)) {
                *by_label.entry(l).or_default() += 1;
            }
        }
        let Some((label, n)) = by_label
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        else {
            continue;
        };
        let act_share = n as f64 / mine.len() as f64;
        if act_share < COVER_ACT_SHARE {
            continue;
        }
        let theirs: Vec<usize> = (0..user.len()).filter(|&j| user[j].0 == label).collect();
        let back = theirs
            .iter()
            .filter(|&&j| nearest(user[j].1, j + acts.len(), None) == Ok(act))
            .count();
        let label_share = back as f64 / theirs.len().max(1) as f64;
        if label_share >= COVER_LABEL_SHARE {
            out.push(Covered {
                act: act.to_string(),
                label: label.to_string(),
                act_share,
                label_share,
            });
        }
    }
    out
}

/// The user's intents that stand for exactly one act: the policy answers them as that act.
pub fn aliases(covered: &[Covered]) -> BTreeMap<String, String> {
    let mut acts_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in covered {
        acts_of.entry(&c.label).or_default().push(&c.act);
    }
    acts_of
        .into_iter()
        .filter(|(_, a)| a.len() == 1)
        .map(|(l, a)| (l.to_string(), a[0].to_string()))
        .collect()
}

fn opener_language(text: &str) -> &'static str {
    match language::detect(text) {
        Language::Zh => "zh",
        _ => "en",
    }
}

/// Appends the built-in acts and the greeting-prefixed copies to `train`. `known` holds every
/// text already in the training or validation data (it gains the added ones).
/// `covered`: acts the user's intents already say under another name ([`covered_acts`]).
pub fn augment(
    train: &mut Vec<Example>,
    known: &mut HashSet<String>,
    cfg: &SmalltalkTrainConfig,
    seed: u64,
    covered: Vec<Covered>,
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
    report.covered = covered;
    let covering: HashSet<&str> = report.covered.iter().map(|c| c.label.as_str()).collect();
    // Copies with a greeting in front come from the user's own messages, small talk excluded.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5e11_0a11);
    let mut pool: Vec<usize> = (0..train.len())
        .filter(|&i| {
            !smalltalk::is_act(&train[i].label) && !covering.contains(train[i].label.as_str())
        })
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
        if report.user_acts.iter().any(|a| a == &e.label)
            || report.covered.iter().any(|c| c.act == e.label)
        {
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
        let r = augment(&mut train, &mut known, &cfg, 7, Vec::new());
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
        augment(&mut again, &mut known2, &cfg, 7, Vec::new());
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
        let r = augment(&mut train, &mut known, &cfg, 1, Vec::new());
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

    fn unit(v: [f32; 3]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn an_intent_that_says_an_act_covers_it_and_unrelated_ones_do_not() {
        // thanks examples and the user's thank_you messages interleave around one direction;
        // greetings sit alone; track_order is elsewhere.
        let mut acts = Vec::new();
        let mut user = Vec::new();
        for i in 0..10 {
            let t = i as f32 * 0.01;
            acts.push(("thanks", unit([1.0, t, 0.0])));
            user.push(("thank_you", unit([1.0, t + 0.005, 0.0])));
            acts.push(("greeting", unit([0.0, t, 1.0])));
            user.push(("track_order", unit([t, 1.0, 0.0])));
        }
        let a: Vec<(&str, &[f32])> = acts.iter().map(|(l, v)| (*l, v.as_slice())).collect();
        let u: Vec<(&str, &[f32])> = user.iter().map(|(l, v)| (*l, v.as_slice())).collect();
        let c = covered_acts(&a, &u);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].act.as_str(), c[0].label.as_str()),
            ("thanks", "thank_you")
        );
        assert!(c[0].act_share >= COVER_ACT_SHARE && c[0].label_share >= COVER_LABEL_SHARE);
        assert_eq!(
            aliases(&c),
            BTreeMap::from([("thank_you".to_string(), "thanks".to_string())])
        );

        // A few messages cover as well as many: 3 thank_you messages against 10 examples.
        let few: Vec<(&str, &[f32])> = u
            .iter()
            .filter(|(l, _)| *l != "thank_you")
            .chain(u.iter().filter(|(l, _)| *l == "thank_you").take(3))
            .copied()
            .collect();
        let c3 = covered_acts(&a, &few);
        assert_eq!(c3.len(), 1, "{c3:?}");
        assert_eq!(c3[0].label, "thank_you");

        // A label covering two acts answers as neither (it stays the user's intent).
        let two = vec![
            c[0].clone(),
            Covered {
                act: "goodbye".into(),
                ..c[0].clone()
            },
        ];
        assert!(aliases(&two).is_empty());

        // Covered acts add no built-in examples, and the covering intent gets no greeting copies.
        let mut train = vec![
            ex("thank you so much", "thank_you"),
            ex("where is it", "track_order"),
        ];
        let mut known: HashSet<String> = train.iter().map(|e| e.text.clone()).collect();
        let cfg = SmalltalkTrainConfig {
            enabled: true,
            opener_examples: 10,
        };
        let r = augment(&mut train, &mut known, &cfg, 3, c);
        assert!(!r.added.contains_key("thanks") && r.added.contains_key("greeting"));
        assert!(!train.iter().any(|e| e.label == "thanks"));
        assert_eq!(train.iter().filter(|e| e.label == "thank_you").count(), 1);
        assert_eq!(r.with_opener, 1);
    }

    #[test]
    fn built_in_examples_are_compared_in_the_users_languages() {
        let en: Vec<String> = ["where is my parcel", "refund please", "cancel it"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(languages_of(&en), (false, true));
        assert!(example_fits("en", (false, true)));
        assert!(!example_fits("zh", (false, true)) && !example_fits("mixed", (false, true)));
        assert!(example_fits("mixed", (true, true)));
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
            augment(&mut train, &mut known, &cfg, 1, Vec::new()),
            SmalltalkReport::default()
        );
        assert_eq!(train.len(), 1);
    }
}
