//! Entries on one topic that a chat's first need must tell apart (`[clarify.siblings]`): "need to
//! update an address" names neither an order's delivery address nor the address book, and the
//! nearest entry between them (scored within a hair of each other) is a guess.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cues;

/// The opt-in `[clarify.siblings]` groups (`policy/clarify_siblings.toml`): off by default.
#[allow(dead_code)] // read by tests; users copy the file into their policy
pub const BUILT_IN_SIBLINGS: &str = include_str!("../../policy/clarify_siblings.toml");

/// One group: the words that say its topic, and per entry the words that name that entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiblingGroup {
    pub topic: Vec<String>,
    pub names: BTreeMap<String, Vec<String>>,
}

/// Group name → group.
pub type SiblingGroups = BTreeMap<String, SiblingGroup>;

/// The opt-in groups, parsed.
#[allow(dead_code)] // read by tests; users copy the file into their policy
pub fn built_in() -> SiblingGroups {
    static BUILT_IN: std::sync::OnceLock<SiblingGroups> = std::sync::OnceLock::new();
    BUILT_IN
        .get_or_init(|| {
            toml::from_str(BUILT_IN_SIBLINGS).expect("policy/clarify_siblings.toml parses")
        })
        .clone()
}

/// The group whose entry `best` is when `text` says the group's topic and names none of its
/// entries, with the topic word; `None` otherwise.
pub fn unnamed<'g>(
    groups: &'g SiblingGroups,
    best: &str,
    text: &str,
) -> Option<(&'g str, &'g str)> {
    let (name, group) = groups.iter().find(|(_, g)| g.names.contains_key(best))?;
    let topic = cues::matched_phrase(text, &group.topic)?;
    let named = group
        .names
        .values()
        .any(|words| cues::matched_phrase(text, words).is_some());
    (!named).then_some((name.as_str(), topic))
}

/// A policy file's groups that could never work: fewer than two entries, or an entry or topic
/// with no words.
pub fn check(groups: &SiblingGroups) -> Result<(), String> {
    for (name, g) in groups {
        if g.names.len() < 2 {
            return Err(format!(
                "clarify.siblings.{name}: names fewer than two entries (a group tells entries apart)"
            ));
        }
        if g.topic.is_empty() {
            return Err(format!(
                "clarify.siblings.{name}.topic: no words (the group could never apply)"
            ));
        }
        if let Some((entry, _)) = g.names.iter().find(|(_, w)| w.is_empty()) {
            return Err(format!(
                "clarify.siblings.{name}.names.{entry}: no words (a message could never name it)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(best: &str, text: &str) -> Option<&'static str> {
        static GROUPS: std::sync::OnceLock<SiblingGroups> = std::sync::OnceLock::new();
        let groups = GROUPS.get_or_init(built_in);
        unnamed(groups, best, text).map(|(g, _)| g)
    }

    #[test]
    fn an_address_change_that_names_neither_address_is_unnamed() {
        for text in [
            "need to update an address",
            "address is wrong pls help",
            "改下收货的地方",
            "收货address要改一下",
        ] {
            assert_eq!(group("address-edit", text), Some("address"), "{text}");
        }
    }

    #[test]
    fn naming_the_order_or_the_address_book_or_another_topic_is_not() {
        for (best, text) in [
            (
                "change-order-address",
                "我的order还没ship 想改个收货地址 可以吗",
            ),
            (
                "address-edit",
                "moved last month and my saved address still shows the old flat",
            ),
            ("address-add", "想add一个新地址 公司的"),
            ("address-add", "where do i save my office address"),
            // no address word: the app crashing is no address question
            ("change-order-address", "app一点购物车就闪退"),
            // an entry of no group
            ("returns-how", "address is wrong pls help"),
        ] {
            assert_eq!(group(best, text), None, "{text}");
        }
    }

    #[test]
    fn groups_that_could_never_work_are_refused() {
        assert!(check(&built_in()).is_ok());
        let mut one = built_in();
        one.get_mut("address")
            .unwrap()
            .names
            .retain(|k, _| k == "address-edit");
        assert!(check(&one).unwrap_err().contains("fewer than two"));
        let mut empty = built_in();
        empty
            .get_mut("address")
            .unwrap()
            .names
            .insert("address-add".into(), Vec::new());
        assert!(check(&empty).unwrap_err().contains("names.address-add"));
    }
}
