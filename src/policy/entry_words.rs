//! Words that say which of two near-identical entries a question is for (`[entry_words]`): how
//! long a refund takes to reach Alipay or a card is answered by the refund-times entry and by the
//! returned-parcel refund entry alike, and the encoder scores them within a hair of each other.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cues;

/// The built-in `[entry_words]` (`policy/entry_words.toml`).
pub const BUILT_IN_ENTRY_WORDS: &str = include_str!("../../policy/entry_words.toml");

/// Rules that name an entry from the message's words: the first rule whose every `all` group
/// holds a word of the message, and no `none` group, names its entry. The policy answers with it
/// when the message asks something, holds no order number and would otherwise be answered from
/// another entry or the intent's reply, or go to a person only for being unsure; a VIP still goes
/// to a person. Missing keys: the built-in ones; `rules = []`: off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntryWordRules {
    pub rules: Vec<EntryWordRule>,
    /// Named word lists the rules refer to (Chinese words anywhere, Latin ones starting a word).
    pub groups: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryWordRule {
    /// The entry the rule names.
    pub entry: String,
    /// Groups that must each hold a word of the message.
    pub all: Vec<String>,
    /// Groups none of whose words may be in the message.
    #[serde(default)]
    pub none: Vec<String>,
}

impl Default for EntryWordRules {
    fn default() -> Self {
        static BUILT_IN: std::sync::OnceLock<EntryWordRules> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(EntryWordRules::built_in).clone()
    }
}

impl EntryWordRules {
    fn built_in() -> Self {
        // Through a copy without `#[serde(default)]`, whose derive would call `default` for the
        // values of missing keys.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            rules: Vec<EntryWordRule>,
            groups: BTreeMap<String, Vec<String>>,
        }
        let f: File = toml::from_str(BUILT_IN_ENTRY_WORDS).expect("policy/entry_words.toml parses");
        Self {
            rules: f.rules,
            groups: f.groups,
        }
    }

    /// The entry the first matching rule names, and the words that matched (one per `all`
    /// group).
    pub fn entry_for(&self, text: &str) -> Option<(&str, Vec<&str>)> {
        let word = |group: &String| {
            self.groups
                .get(group)
                .and_then(|words| cues::matched_phrase(text, words))
        };
        self.rules.iter().find_map(|r| {
            if r.none.iter().any(|g| word(g).is_some()) {
                return None;
            }
            let words: Option<Vec<&str>> = r.all.iter().map(word).collect();
            words.map(|w| (r.entry.as_str(), w))
        })
    }

    /// A rule's group that is not defined, or a group with no words: the rule could never
    /// decide as written.
    pub fn check(&self) -> Result<(), String> {
        if let Some((g, _)) = self.groups.iter().find(|(_, w)| w.is_empty()) {
            return Err(format!("entry_words.groups.{g}: no words"));
        }
        for r in &self.rules {
            if r.all.is_empty() {
                return Err(format!(
                    "entry_words.rules ({}): `all` names no group (every message would match)",
                    r.entry
                ));
            }
            if let Some(g) = r
                .all
                .iter()
                .chain(&r.none)
                .find(|g| !self.groups.contains_key(*g))
            {
                return Err(format!(
                    "entry_words.rules ({}): unknown group \"{g}\" (define it under [entry_words.groups])",
                    r.entry
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Option<&'static str> {
        static RULES: std::sync::OnceLock<EntryWordRules> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(EntryWordRules::default);
        rules.entry_for(text).map(|(e, _)| match e {
            "refunds-how-long" => "refund times",
            "returns-refund-timing" => "returned parcel",
            other => panic!("{other}"),
        })
    }

    #[test]
    fn the_built_in_rules_are_well_formed() {
        EntryWordRules::default().check().unwrap();
    }

    #[test]
    fn a_refund_time_with_a_channel_or_a_returned_parcel_names_its_entry() {
        for (text, want) in [
            ("refund到账要几天 退的是支付宝", "refund times"),
            (
                "how long does a refund take to reach my credit card",
                "refund times",
            ),
            ("退款审核过了 多久能到微信", "refund times"),
            ("退回去以后钱几天能到支付宝", "returned parcel"),
            (
                "warehouse received my returned blender, how soon do i get refunded",
                "returned parcel",
            ),
        ] {
            assert_eq!(entry(text), Some(want), "{text}");
        }
    }

    #[test]
    fn where_the_money_goes_a_late_refund_or_no_channel_names_nothing() {
        for text in [
            "退款会退到哪里 我用的信用卡",
            "where does the refund go if i paid by card",
            "退款都过了10天了还没到支付宝 多久才到",
            "refund approved 3 weeks ago and still nothing on my visa, how long now",
            "退款多久到账",
            "how long does shipping take",
        ] {
            assert_eq!(entry(text), None, "{text}");
        }
    }

    #[test]
    fn an_undefined_or_empty_group_is_refused() {
        let mut r = EntryWordRules::default();
        r.rules[0].all.push("nowhere".into());
        assert!(r.check().unwrap_err().contains("unknown group \"nowhere\""));
        let mut r = EntryWordRules::default();
        r.groups.insert("empty".into(), Vec::new());
        assert!(r.check().unwrap_err().contains("entry_words.groups.empty"));
        let mut r = EntryWordRules::default();
        r.rules[0].all.clear();
        assert!(r.check().unwrap_err().contains("names no group"));
    }
}
