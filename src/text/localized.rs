//! Text given per language (`{"en": "…", "zh": "…"}`) or once for every language (a plain
//! string), as knowledge-base answers and policy replies are written. A plain string is kept
//! under the key [`ANY`] and written back as a plain string.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The key of a text that serves every language.
pub const ANY: &str = "*";

/// Text per language code; [`ANY`] for one text in every language.
pub type Localized = BTreeMap<String, String>;

#[derive(Deserialize)]
#[serde(untagged)]
enum Form {
    Plain(String),
    PerLanguage(BTreeMap<String, String>),
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Localized, D::Error> {
    Ok(
        match Form::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
            "expected a string (one text for every language) or a map of language code to text, \
             e.g. {\"en\": \"…\", \"zh\": \"…\"}",
        )
        })? {
            Form::Plain(s) => BTreeMap::from([(ANY.to_string(), s)]),
            Form::PerLanguage(m) => m,
        },
    )
}

pub fn serialize<S: Serializer>(m: &Localized, s: S) -> Result<S::Ok, S::Error> {
    match m.get(ANY) {
        Some(t) if m.len() == 1 => t.serialize(s),
        _ => m.serialize(s),
    }
}

/// The text for `lang`: that language's, else one for every language, else English, else
/// Chinese, else any. Returns `(language of the text, text)`; a text for every language is
/// reported in `lang`. Empty texts count as missing (a policy can switch one off with `""`).
pub fn pick<'a>(m: &'a Localized, lang: &'a str) -> Option<(&'a str, &'a str)> {
    let found = |l: &str| m.get(l).filter(|t| !t.trim().is_empty());
    if let Some(t) = found(lang) {
        return Some((lang, t));
    }
    if let Some(t) = found(ANY) {
        return Some((lang, t));
    }
    ["en", "zh"]
        .iter()
        .find_map(|l| m.get_key_value(*l).filter(|(_, t)| !t.trim().is_empty()))
        .or_else(|| m.iter().find(|(_, t)| !t.trim().is_empty()))
        .map(|(l, t)| (l.as_str(), t.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize, Deserialize)]
    struct W {
        #[serde(with = "super")]
        a: Localized,
    }

    #[test]
    fn plain_strings_serve_every_language_and_round_trip() {
        let w: W = serde_json::from_str(r#"{"a": "hello"}"#).unwrap();
        assert_eq!(pick(&w.a, "zh"), Some(("zh", "hello")));
        assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"a":"hello"}"#);
    }

    #[test]
    fn per_language_maps_fall_back_to_english_then_any() {
        let w: W = serde_json::from_str(r#"{"a": {"zh": "你好", "en": "hi"}}"#).unwrap();
        assert_eq!(pick(&w.a, "zh"), Some(("zh", "你好")));
        assert_eq!(pick(&w.a, "fr"), Some(("en", "hi")));
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"a":{"en":"hi","zh":"你好"}}"#
        );
        let only_zh: W = serde_json::from_str(r#"{"a": {"zh": "你好", "en": ""}}"#).unwrap();
        assert_eq!(pick(&only_zh.a, "en"), Some(("zh", "你好")));
    }

    #[test]
    fn other_shapes_are_refused_with_a_message_a_person_understands() {
        let e = serde_json::from_str::<W>(r#"{"a": 3}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("map of language code to text"), "{e}");
    }
}
