//! A knowledge base's own answer thresholds, in a TOML file beside it (`kb/default.jsonl` →
//! `kb/default.toml`). How close a message must come to an entry before the bot answers with it
//! depends on the knowledge base: one with a dozen customer-style questions per entry can take
//! a lower bar than a sparse one whose near misses sit close to its few questions. The file is
//! read whenever the knowledge base is (start, `POST /v1/kb:reload`); the policy's own
//! `[faq] similarity` / `[faq.similarity_per_language]` still win over it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::KbError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KbSettings {
    /// Answer threshold per message language (`zh`, `en`, …) for this knowledge base.
    pub similarity_per_language: BTreeMap<String, f32>,
    /// Weight of the word overlap between a message and an entry's questions (`super::lexical`)
    /// added to the entry's score; unset or 0: the embedding alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lexical_weight: Option<f32>,
    /// Weight of an entry's best question in its score, the rest going to its answer (unset:
    /// [`super::index::QUESTION_WEIGHT`], 0.6). The answer helps a sparse knowledge base, where
    /// a message in the other language is closer to the answer in its own than to a question;
    /// with many questions per entry in both languages, the questions say more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_weight: Option<f32>,
}

impl KbSettings {
    /// The settings file of a knowledge-base file: the same name with `.toml`.
    pub fn path_for(kb: &Path) -> PathBuf {
        kb.with_extension("toml")
    }

    /// Reads the settings beside `kb`; none when there is no such file.
    pub fn read_beside(kb: &Path) -> Result<Self, KbError> {
        let path = Self::path_for(kb);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(KbError::Io {
                    path: path.display().to_string(),
                    source: e,
                })
            }
        };
        let settings: Self = toml::from_str(&text).map_err(|e| {
            KbError::Invalid(format!("{}: {}", path.display(), e.to_string().trim_end()))
        })?;
        for (lang, v) in &settings.similarity_per_language {
            if !(v.is_finite() && (0.0..=1.0).contains(v)) {
                return Err(KbError::Invalid(format!(
                    "{}: similarity_per_language.{lang} = {v} must be between 0 and 1",
                    path.display()
                )));
            }
        }
        for (key, w) in [
            ("lexical_weight", settings.lexical_weight),
            ("question_weight", settings.question_weight),
        ] {
            if let Some(w) = w {
                if !(w.is_finite() && (0.0..=1.0).contains(&w)) {
                    return Err(KbError::Invalid(format!(
                        "{}: {key} = {w} must be between 0 and 1",
                        path.display()
                    )));
                }
            }
        }
        Ok(settings)
    }

    /// This knowledge base's threshold for messages in `language`, if it sets one.
    pub fn similarity(&self, language: &str) -> Option<f32> {
        self.similarity_per_language.get(language).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_beside_the_knowledge_base_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let kb = dir.path().join("shop.jsonl");
        assert_eq!(KbSettings::read_beside(&kb).unwrap(), KbSettings::default());
        std::fs::write(
            dir.path().join("shop.toml"),
            "[similarity_per_language]\nzh = 0.9\n",
        )
        .unwrap();
        let s = KbSettings::read_beside(&kb).unwrap();
        assert_eq!((s.similarity("zh"), s.similarity("en")), (Some(0.9), None));
        assert_eq!(s.lexical_weight, None);
        std::fs::write(dir.path().join("shop.toml"), "lexical_weight = 0.05\n").unwrap();
        assert_eq!(
            KbSettings::read_beside(&kb).unwrap().lexical_weight,
            Some(0.05)
        );
        for bad in [
            "[similarity_per_language]\nzh = 1.5\n",
            "[similarity_per_language]\nzh = \"high\"\n",
            "similarity = 0.9\n",
            "lexical_weight = -0.1\n",
            "lexical_weight = 2\n",
            "question_weight = 1.5\n",
        ] {
            std::fs::write(dir.path().join("shop.toml"), bad).unwrap();
            let e = KbSettings::read_beside(&kb).unwrap_err().to_string();
            assert!(e.contains("shop.toml"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_shipped_knowledge_base_carries_its_thresholds() {
        let kb = Path::new(env!("CARGO_MANIFEST_DIR")).join("kb/default.jsonl");
        let s = KbSettings::read_beside(&kb).unwrap();
        assert!(s.similarity("zh").is_some(), "{s:?}");
    }
}
