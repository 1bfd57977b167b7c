//! Knowledge-base entries and the JSONL file format: one JSON object per line with `id`,
//! `questions`, `answer` (text per language code), optional `intent` and `tags`. Parse errors
//! name the file and line; validation checks ids, questions and answers.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::KbError;
use crate::text::localized;

/// Longest accepted id, question and answer (characters).
pub const MAX_ID_CHARS: usize = 64;
pub const MAX_QUESTION_CHARS: usize = 500;
pub const MAX_ANSWER_CHARS: usize = 10_000;
/// Most example questions per entry.
pub const MAX_QUESTIONS: usize = 64;

/// One FAQ entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    /// Example questions, the way customers ask them (any language).
    pub questions: Vec<String>,
    /// The reply per language code (`en`, `zh`, …), or a plain string for every language
    /// (kept under [`localized::ANY`], written back as a plain string).
    /// Empty for a handoff entry, which has none (a person replies).
    #[serde(
        with = "localized",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub answer: BTreeMap<String, String>,
    /// The intent label this entry answers; `null` when none fits.
    #[serde(default)]
    pub intent: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A topic the bot must not answer: a message that matches it goes to a person (reason
    /// `needs_agent`), in this queue when one is given. For what the shop handles but the bot
    /// cannot — gift cards, loyalty points, trade-ins — which the nearest entry or an intent's
    /// reply would otherwise answer beside the point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<EntryHandoff>,
}

/// Where a handoff entry sends a message (`"handoff": {}` or `{"queue": "membership"}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryHandoff {
    /// The queue; absent: routed by the customer's need like any handoff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
}

/// The body of `PUT /v1/kb/{id}`: an entry whose `id` may be left out (it comes from the path).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryBody {
    #[serde(default)]
    pub id: Option<String>,
    pub questions: Vec<String>,
    #[serde(with = "localized", default)]
    pub answer: BTreeMap<String, String>,
    #[serde(default)]
    pub intent: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub handoff: Option<EntryHandoff>,
}

impl EntryBody {
    /// The entry stored under `id`; a body naming another id is an error.
    pub fn into_entry(self, id: &str) -> Result<Entry, KbError> {
        if let Some(body_id) = &self.id {
            if body_id != id {
                return Err(KbError::Invalid(format!(
                    "body id {body_id:?} does not match the path id {id:?}"
                )));
            }
        }
        Ok(Entry {
            id: id.to_string(),
            questions: self.questions,
            answer: self.answer,
            intent: self.intent,
            tags: self.tags,
            handoff: self.handoff,
        })
    }
}

/// Ids are 1–64 characters of ASCII letters, digits, `-`, `_` and `.` (safe in a URL path,
/// never confused with the `:reload` action).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl Entry {
    /// Trims text fields and drops empty tags; then checks the entry on its own.
    pub fn normalized(mut self) -> Result<Self, KbError> {
        for q in &mut self.questions {
            *q = q.trim().to_string();
        }
        for a in self.answer.values_mut() {
            *a = a.trim().to_string();
        }
        self.tags.retain(|t| !t.trim().is_empty());
        if let Some(i) = &self.intent {
            if i.trim().is_empty() {
                self.intent = None;
            }
        }
        if let Some(h) = &mut self.handoff {
            h.queue = h.queue.take().map(|q| q.trim().to_string());
        }
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), KbError> {
        let bad = |m: String| Err(KbError::Invalid(m));
        if !valid_id(&self.id) {
            return bad(format!(
                "id {:?} must be 1–{MAX_ID_CHARS} characters of letters, digits, '-', '_' or '.'",
                self.id
            ));
        }
        let id = &self.id;
        if self.questions.is_empty() {
            return bad(format!(
                "entry {id}: questions must hold at least one question"
            ));
        }
        if self.questions.len() > MAX_QUESTIONS {
            return bad(format!(
                "entry {id}: {} questions; at most {MAX_QUESTIONS}",
                self.questions.len()
            ));
        }
        for (i, q) in self.questions.iter().enumerate() {
            if q.trim().is_empty() {
                return bad(format!("entry {id}: questions[{i}] is empty"));
            }
            if q.chars().count() > MAX_QUESTION_CHARS {
                return bad(format!(
                    "entry {id}: questions[{i}] is longer than {MAX_QUESTION_CHARS} characters"
                ));
            }
        }
        if let Some(h) = &self.handoff {
            if !self.answer.is_empty() {
                return bad(format!(
                    "entry {id}: a handoff entry has no answer (a person replies); remove \"answer\" or \"handoff\""
                ));
            }
            if let Some(q) = &h.queue {
                if q.is_empty() || q.chars().count() > MAX_ID_CHARS {
                    return bad(format!(
                        "entry {id}: handoff.queue must be 1–{MAX_ID_CHARS} characters"
                    ));
                }
            }
        } else if self.answer.is_empty() {
            return bad(format!(
                "entry {id}: answer must give the reply in at least one language, e.g. {{\"en\": \"…\"}} (or make it a handoff entry: \"handoff\": {{}})"
            ));
        }
        for (lang, a) in &self.answer {
            let code = !lang.is_empty()
                && lang.len() <= 16
                && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !code && lang != localized::ANY {
                return bad(format!(
                    "entry {id}: answer language {lang:?} is not a language code"
                ));
            }
            if a.trim().is_empty() {
                return bad(format!("entry {id}: answer.{lang} is empty"));
            }
            if a.chars().count() > MAX_ANSWER_CHARS {
                return bad(format!(
                    "entry {id}: answer.{lang} is longer than {MAX_ANSWER_CHARS} characters"
                ));
            }
        }
        Ok(())
    }

    /// The answer in `lang`, else the one for every language, else English, else Chinese, else
    /// any: `(language, text)`.
    pub fn answer_for<'a>(&'a self, lang: &'a str) -> Option<(&'a str, &'a str)> {
        localized::pick(&self.answer, lang)
    }
}

/// Parses a JSONL knowledge base; blank lines and lines starting with `#` are skipped.
/// Errors say `FILE:LINE: what`.
pub fn parse_jsonl(text: &str, path: &Path) -> Result<Vec<Entry>, KbError> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |message: String| KbError::Parse {
            path: path.display().to_string(),
            line: n + 1,
            message,
        };
        let entry: Entry = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        let entry = entry.normalized().map_err(|e| at(e.to_string()))?;
        if !seen.insert(entry.id.clone()) {
            return Err(at(format!("duplicate id {:?}", entry.id)));
        }
        out.push(entry);
    }
    Ok(out)
}

/// Reads a knowledge-base file (JSONL).
pub fn read_file(path: &Path) -> Result<Vec<Entry>, KbError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "yaml" || ext == "yml" {
        return Err(KbError::Invalid(format!(
            "{}: YAML knowledge bases are not supported; use JSON Lines (one entry per line)",
            path.display()
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| KbError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse_jsonl(&text, path)
}

/// The file form of a list of entries: one compact JSON object per line.
pub fn to_jsonl(entries: &[Entry]) -> String {
    let mut s = String::new();
    for e in entries {
        s.push_str(&serde_json::to_string(e).expect("entries serialise"));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str) -> String {
        format!(
            r#"{{"id": "{id}", "questions": ["q1", " q2 "], "answer": {{"en": "a", "zh": "答"}}, "intent": null, "tags": ["t"]}}"#
        )
    }

    #[test]
    fn plain_string_answers_serve_every_language_and_stay_plain() {
        let text = r#"{"id": "wrap", "questions": ["gift wrap?"], "answer": "Yes, tick gift wrap at checkout."}"#;
        let v = parse_jsonl(text, Path::new("kb.jsonl")).unwrap();
        assert_eq!(
            v[0].answer_for("zh"),
            Some(("zh", "Yes, tick gift wrap at checkout."))
        );
        assert_eq!(
            v[0].answer_for("en"),
            Some(("en", "Yes, tick gift wrap at checkout."))
        );
        let line = to_jsonl(&v);
        assert!(
            line.contains(r#""answer":"Yes, tick gift wrap at checkout.""#),
            "{line}"
        );
        assert_eq!(parse_jsonl(&line, Path::new("x")).unwrap(), v);
        let body: EntryBody =
            serde_json::from_str(r#"{"questions": ["q"], "answer": "plain"}"#).unwrap();
        assert!(body.into_entry("x").unwrap().normalized().is_ok());
        let empty = r#"{"id": "x", "questions": ["q"], "answer": "  "}"#;
        let e = parse_jsonl(empty, Path::new("kb.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("is empty"), "{e}");
    }

    #[test]
    fn parses_and_normalises() {
        let text = format!("{}\n\n# comment\n{}\n", line("a"), line("b"));
        let v = parse_jsonl(&text, Path::new("kb.jsonl")).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].questions, vec!["q1", "q2"]);
        assert_eq!(v[1].answer_for("zh"), Some(("zh", "答")));
        assert_eq!(v[1].answer_for("fr"), Some(("en", "a")));
        // Round trip through the file form.
        assert_eq!(parse_jsonl(&to_jsonl(&v), Path::new("x")).unwrap(), v);
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = format!("{}\n{}\n", line("a"), line("a"));
        let e = parse_jsonl(&text, Path::new("kb.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("kb.jsonl:2: duplicate id"), "{e}");
        let e = parse_jsonl("{\"id\": \"x\"", Path::new("kb.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("kb.jsonl:1: "), "{e}");
        let bad = r#"{"id": "x", "questions": [], "answer": {"en": "a"}}"#;
        let e = parse_jsonl(bad, Path::new("kb.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("kb.jsonl:1: entry x: questions must hold"),
            "{e}"
        );
        let unknown = r#"{"id": "x", "questions": ["q"], "answer": {"en": "a"}, "colour": 1}"#;
        let e = parse_jsonl(unknown, Path::new("kb.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn a_handoff_entry_has_questions_and_no_answer() {
        let path = Path::new("kb.jsonl");
        let ok = r#"{"id": "gift-cards", "questions": ["礼品卡余额在哪查"], "handoff": {"queue": "billing"}}"#;
        let e = &parse_jsonl(ok, path).unwrap()[0];
        assert_eq!(
            e.handoff.as_ref().unwrap().queue.as_deref(),
            Some("billing")
        );
        assert!(e.answer.is_empty());
        // Written back without an answer, read back the same.
        let line = serde_json::to_string(e).unwrap();
        assert!(!line.contains("answer"), "{line}");
        assert_eq!(&parse_jsonl(&line, path).unwrap()[0], e);
        // No queue: routed by the need.
        let plain = r#"{"id": "x", "questions": ["q"], "handoff": {}}"#;
        assert!(parse_jsonl(plain, path).unwrap()[0]
            .handoff
            .as_ref()
            .unwrap()
            .queue
            .is_none());
        for (bad, says) in [
            (
                r#"{"id": "x", "questions": ["q"], "answer": "a", "handoff": {}}"#,
                "has no answer",
            ),
            (r#"{"id": "x", "questions": ["q"]}"#, "\"handoff\""),
            (
                r#"{"id": "x", "questions": ["q"], "handoff": {"queue": " "}}"#,
                "handoff.queue",
            ),
            (
                r#"{"id": "x", "questions": ["q"], "handoff": {"team": 3}}"#,
                "unknown field",
            ),
        ] {
            let e = parse_jsonl(bad, path).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn ids_are_checked() {
        assert!(valid_id("returns-how_2.v1"));
        for bad in ["", "a b", "a/b", "kb:reload", "é", &"x".repeat(65)] {
            assert!(!valid_id(bad), "{bad}");
        }
        let e = Entry {
            id: "ok".into(),
            questions: vec!["q".into()],
            answer: BTreeMap::new(),
            intent: None,
            tags: vec![],
            handoff: None,
        };
        assert!(e
            .validate()
            .unwrap_err()
            .to_string()
            .contains("at least one language"));
    }

    #[test]
    fn body_id_must_match_the_path() {
        let b: EntryBody =
            serde_json::from_str(r#"{"id": "a", "questions": ["q"], "answer": {"en": "x"}}"#)
                .unwrap();
        assert!(b.clone().into_entry("b").is_err());
        assert_eq!(b.into_entry("a").unwrap().id, "a");
    }

    #[test]
    fn the_shipped_knowledge_base_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("kb/default.jsonl");
        let v = read_file(&path).unwrap();
        assert!(v.len() >= 50, "{}", v.len());
        assert!(v
            .iter()
            .all(|e| e.answer.contains_key("en") && e.answer.contains_key("zh")));
    }
}
