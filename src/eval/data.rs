//! Evaluation input: JSONL, one message per line.
//!
//! Labelled mode: `{"text": "...", "label": "intent"}` (the out-of-scope label, `oos` by default,
//! marks out-of-scope messages). Conversation mode (any row with `conversation_id`):
//! `{"conversation_id": "c1", "turn": 1, "text": "...", "expected_action": "handoff",
//! "expected_reasons": ["user_requested"], "label": "...", "vip": false}` — `turn`,
//! `expected_reasons`, `label` and `vip` optional. Texts are normalised exactly as serving does.

use crate::policy::ReasonCode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{io, EvalError};
use crate::policy::Action;
use crate::text::normalize::normalize;

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Index of the data file in the list given.
    pub file: usize,
    /// 1-based line in that file.
    pub line: usize,
    /// sha256 of the text as given (hex).
    pub text_sha256: String,
    /// The normalised text (what the model sees).
    pub text: String,
    pub gold: Option<String>,
    pub conversation: Option<String>,
    pub turn: Option<i64>,
    pub expected_action: Option<Action>,
    pub expected_reasons: Option<Vec<String>>,
    /// Conversation mode: knowledge-base entries that would be a right answer to this turn.
    pub expected_faq: Option<Vec<String>>,
    pub vip: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub files: Vec<PathBuf>,
    pub items: Vec<Item>,
    /// Fields the rows carried that evaluation does not read (ignored): name → rows.
    pub unknown_fields: BTreeMap<String, usize>,
}

impl Dataset {
    pub fn is_conversations(&self) -> bool {
        self.items.iter().any(|i| i.conversation.is_some())
    }

    pub fn path_of(&self, item: &Item) -> &Path {
        &self.files[item.file]
    }

    /// A short name for a data file (its stem).
    pub fn file_name(&self, file: usize) -> String {
        self.files[file]
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
struct Row {
    text: serde_json::Value,
    #[serde(default)]
    label: Option<serde_json::Value>,
    #[serde(default)]
    conversation_id: Option<serde_json::Value>,
    #[serde(default)]
    turn: Option<i64>,
    #[serde(default)]
    expected_action: Option<String>,
    #[serde(default)]
    expected_reasons: Option<Vec<String>>,
    #[serde(default)]
    expected_faq: Option<Vec<String>>,
    #[serde(default)]
    vip: bool,
    /// Free-form notes are allowed and ignored.
    #[serde(default, rename = "note")]
    _note: Option<serde_json::Value>,
    /// Other fields (`domain`, `kind`, …, as `triage train` accepts them): ignored, counted.
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

fn scalar_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_action(s: &str) -> Option<Action> {
    match s {
        "answer" => Some(Action::Answer),
        "clarify" => Some(Action::Clarify),
        "handoff" => Some(Action::Handoff),
        _ => None,
    }
}

/// Reads the files in order. Every row must have a non-empty `text`; in labelled mode every row
/// needs a `label`, in conversation mode every row needs `conversation_id` and
/// `expected_action`. The first bad row fails the whole load, named by file and line.
pub fn load(files: &[PathBuf]) -> Result<Dataset, EvalError> {
    let mut items = Vec::new();
    let mut unknown_fields: BTreeMap<String, usize> = BTreeMap::new();
    for (fi, path) in files.iter().enumerate() {
        let content = std::fs::read_to_string(path).map_err(io(path))?;
        for (i, line) in content.lines().enumerate() {
            let raw_line = line.trim_start_matches('\u{feff}').trim();
            if raw_line.is_empty() {
                continue;
            }
            let bad = |message: String| EvalError::BadRow {
                path: path.clone(),
                line: i + 1,
                message,
            };
            let row: Row = serde_json::from_str(raw_line).map_err(|e| {
                bad(format!(
                    "not a JSON object with \"text\" and \"label\": {e}"
                ))
            })?;
            let raw = row
                .text
                .as_str()
                .ok_or_else(|| bad("\"text\" must be a string".into()))?;
            let text = normalize(raw);
            if text.is_empty() {
                return Err(bad("\"text\" is empty".into()));
            }
            for k in row.rest.keys() {
                *unknown_fields.entry(k.clone()).or_default() += 1;
            }
            let gold =
                match &row.label {
                    None | Some(serde_json::Value::Null) => None,
                    Some(v) => Some(scalar_string(v).ok_or_else(|| {
                        bad("\"label\" must be a non-empty string or number".into())
                    })?),
                };
            let conversation = match &row.conversation_id {
                None | Some(serde_json::Value::Null) => None,
                Some(v) => Some(scalar_string(v).ok_or_else(|| {
                    bad("\"conversation_id\" must be a non-empty string or number".into())
                })?),
            };
            let expected_action = match &row.expected_action {
                None => None,
                Some(a) => Some(parse_action(a).ok_or_else(|| {
                    bad(format!(
                        "\"expected_action\" must be answer, clarify or handoff, not {a:?}"
                    ))
                })?),
            };
            if let Some(rs) = &row.expected_reasons {
                let known = ReasonCode::ALL.map(|c| c.as_str());
                if let Some(r) = rs.iter().find(|r| !known.contains(&r.as_str())) {
                    return Err(bad(format!(
                        "unknown reason code {r:?} in \"expected_reasons\" (known: {})",
                        known.join(", ")
                    )));
                }
            }
            items.push(Item {
                file: fi,
                line: i + 1,
                text_sha256: hex::encode(Sha256::digest(raw.as_bytes())),
                text,
                gold,
                conversation,
                turn: row.turn,
                expected_action,
                expected_reasons: row.expected_reasons,
                expected_faq: row.expected_faq,
                vip: row.vip,
            });
        }
    }
    if items.is_empty() {
        return Err(EvalError::Invalid(format!(
            "no messages in {}",
            files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let ds = Dataset {
        files: files.to_vec(),
        items,
        unknown_fields,
    };
    let conv = ds.is_conversations();
    for it in &ds.items {
        let bad = |message: &str| EvalError::BadRow {
            path: ds.files[it.file].clone(),
            line: it.line,
            message: message.to_string(),
        };
        if conv {
            if it.conversation.is_none() {
                return Err(bad(
                    "conversation mode (other rows have \"conversation_id\"): this row has none",
                ));
            }
            if it.expected_action.is_none() {
                return Err(bad("conversation mode: \"expected_action\" is missing"));
            }
        } else if it.gold.is_none() {
            return Err(bad("\"label\" is missing"));
        }
    }
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn reads_labelled_rows_and_hashes_the_raw_text() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "a.jsonl",
            "{\"text\": \"Where  is my order?\", \"label\": \"track\"}\n\n{\"text\": \"x\", \"label\": 7}\n",
        );
        let ds = load(std::slice::from_ref(&p)).unwrap();
        assert!(!ds.is_conversations());
        assert_eq!(ds.items.len(), 2);
        assert_eq!(ds.items[0].line, 1);
        assert_eq!(ds.items[1].line, 3);
        assert_eq!(ds.items[1].gold.as_deref(), Some("7"));
        assert_eq!(
            ds.items[0].text_sha256,
            hex::encode(Sha256::digest(b"Where  is my order?"))
        );
        assert_eq!(ds.file_name(0), "a");
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let d = tempfile::tempdir().unwrap();
        let cases = [
            ("{\"text\": \"ok\", \"label\": \"a\"}\nnot json\n", ":2: not a JSON object"),
            ("{\"text\": \"ok\"}\n", ":1: \"label\" is missing"),
            ("{\"text\": \"  \", \"label\": \"a\"}\n", ":1: \"text\" is empty"),
            ("{\"text\": 3, \"label\": \"a\"}\n", ":1: \"text\" must be a string"),
            (
                "{\"text\": \"a\", \"conversation_id\": \"c\", \"expected_action\": \"maybe\"}\n",
                ":1: \"expected_action\" must be",
            ),
            (
                "{\"text\": \"a\", \"conversation_id\": \"c\", \"expected_action\": \"answer\"}\n{\"text\": \"b\", \"label\": \"x\"}\n",
                ":2: conversation mode",
            ),
            (
                "{\"text\": \"a\", \"conversation_id\": \"c\", \"expected_action\": \"handoff\", \"expected_reasons\": [\"angry\"]}\n",
                ":1: unknown reason code",
            ),
        ];
        for (body, want) in cases {
            let p = write(d.path(), "bad.jsonl", body);
            let err = load(std::slice::from_ref(&p)).unwrap_err().to_string();
            assert!(
                err.contains("bad.jsonl") && err.contains(want),
                "{err} / {want}"
            );
        }
        let p = write(d.path(), "empty.jsonl", "\n");
        assert!(load(&[p]).unwrap_err().to_string().contains("no messages"));
        let missing = d.path().join("nope.jsonl");
        assert!(load(&[missing])
            .unwrap_err()
            .to_string()
            .contains("nope.jsonl"));
    }

    #[test]
    fn reads_conversations() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "c.jsonl",
            "{\"conversation_id\": 1, \"turn\": 1, \"text\": \"hi\", \"expected_action\": \"answer\", \"vip\": true}\n",
        );
        let ds = load(&[p]).unwrap();
        assert!(ds.is_conversations());
        let it = &ds.items[0];
        assert_eq!(it.conversation.as_deref(), Some("1"));
        assert_eq!(it.expected_action, Some(Action::Answer));
        assert!(it.vip);
        assert_eq!(it.turn, Some(1));
    }
}
