//! Training data: JSONL rows `{"text", "label"}` cleaned exactly as serving cleans messages,
//! with duplicates and empty rows dropped and reported, and bad rows named by file and line.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::text::normalize::normalize;

#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    pub label: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    BadRow {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Empty(String),
}

#[derive(Debug, Default, Clone)]
pub struct LoadStats {
    pub rows: usize,
    pub empty: usize,
    pub duplicates: usize,
    /// Fields other than `text` and `label`, ignored: name → rows that had it.
    pub unknown_fields: BTreeMap<String, usize>,
}

impl LoadStats {
    /// ", fields ignored: domain (120)" for the summary line; empty when there were none.
    pub fn unknown_fields_note(&self) -> String {
        if self.unknown_fields.is_empty() {
            return String::new();
        }
        let list: Vec<String> = self
            .unknown_fields
            .iter()
            .map(|(k, n)| format!("{k} ({n})"))
            .collect();
        format!("; fields ignored: {}", list.join(", "))
    }
}

#[derive(Deserialize)]
struct Row {
    text: serde_json::Value,
    label: serde_json::Value,
    /// Anything else a row carries (`domain`, `source`, …): ignored, counted.
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

fn label_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads one or more JSONL files; `seen` carries texts across files so a text is kept once.
pub fn load_files(
    paths: &[PathBuf],
    seen: &mut HashSet<String>,
    stats: &mut LoadStats,
) -> Result<Vec<Example>, DataError> {
    let mut out = Vec::new();
    for path in paths {
        out.extend(load_file(path, seen, stats)?);
    }
    Ok(out)
}

pub fn load_file(
    path: &Path,
    seen: &mut HashSet<String>,
    stats: &mut LoadStats,
) -> Result<Vec<Example>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let bad = |message: String| DataError::BadRow {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let row: Row = serde_json::from_str(line).map_err(|e| {
            bad(format!(
                "not a JSON object with \"text\" and \"label\": {e}"
            ))
        })?;
        let raw = row
            .text
            .as_str()
            .ok_or_else(|| bad("\"text\" must be a string".into()))?;
        let label = label_string(&row.label)
            .ok_or_else(|| bad("\"label\" must be a non-empty string or number".into()))?;
        stats.rows += 1;
        for k in row.rest.keys() {
            *stats.unknown_fields.entry(k.clone()).or_default() += 1;
        }
        let text = normalize(raw);
        if text.is_empty() {
            stats.empty += 1;
            continue;
        }
        if !seen.insert(text.clone()) {
            stats.duplicates += 1;
            continue;
        }
        out.push(Example { text, label });
    }
    Ok(out)
}

/// Deterministic stratified split: about `fraction` of each label goes to validation.
pub fn split(examples: Vec<Example>, fraction: f64, seed: u64) -> (Vec<Example>, Vec<Example>) {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let (mut train, mut val) = (Vec::new(), Vec::new());
    for l in labels {
        let mut group: Vec<Example> = examples.iter().filter(|e| e.label == l).cloned().collect();
        group.shuffle(&mut rng);
        let n_val = ((group.len() as f64) * fraction).round() as usize;
        let n_val = if group.len() >= 2 {
            n_val.clamp(1, group.len() - 1)
        } else {
            0
        };
        val.extend(group.drain(..n_val));
        train.extend(group);
    }
    (train, val)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_dedupes_and_names_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        std::fs::write(
            &p,
            "\u{feff}{\"text\": \"Ｈｅｌｌｏ  world\", \"label\": \"x\"}\n{\"text\": \"Hello world\", \"label\": \"x\"}\n{\"text\": \"  \", \"label\": \"x\"}\n\n{\"text\": \"b\", \"label\": 1}\n",
        )
        .unwrap();
        let mut stats = LoadStats::default();
        let rows = load_file(&p, &mut HashSet::new(), &mut stats).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].text, "Hello world");
        assert_eq!(rows[1].label, "1");
        assert_eq!((stats.duplicates, stats.empty), (1, 1));

        std::fs::write(
            &p,
            "{\"text\": \"ok\", \"label\": \"x\"}\n{\"text\": 5, \"label\": \"x\"}\n",
        )
        .unwrap();
        let err = load_file(&p, &mut HashSet::new(), &mut LoadStats::default()).unwrap_err();
        assert!(err.to_string().contains("a.jsonl:2"), "{err}");
        std::fs::write(&p, "not json\n").unwrap();
        let err = load_file(&p, &mut HashSet::new(), &mut LoadStats::default()).unwrap_err();
        assert!(err.to_string().contains("a.jsonl:1"), "{err}");
    }

    #[test]
    fn unknown_fields_are_ignored_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        std::fs::write(
            &p,
            "{\"text\": \"a\", \"label\": \"x\", \"domain\": \"shop\"}\n{\"text\": \"b\", \"label\": \"x\", \"domain\": \"bank\", \"id\": 3}\n",
        )
        .unwrap();
        let mut stats = LoadStats::default();
        let rows = load_file(&p, &mut HashSet::new(), &mut stats).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(stats.unknown_fields["domain"], 2);
        assert_eq!(stats.unknown_fields["id"], 1);
        assert_eq!(
            stats.unknown_fields_note(),
            "; fields ignored: domain (2), id (1)"
        );
    }

    #[test]
    fn split_is_stratified_and_deterministic() {
        let ex: Vec<Example> = (0..40)
            .map(|i| Example {
                text: format!("t{i}"),
                label: if i % 4 == 0 { "a" } else { "b" }.into(),
            })
            .collect();
        let (t1, v1) = split(ex.clone(), 0.25, 7);
        let (t2, v2) = split(ex, 0.25, 7);
        assert_eq!(v1, v2);
        assert_eq!(t1, t2);
        assert_eq!(v1.iter().filter(|e| e.label == "a").count(), 3); // 10 × 0.25 rounds to 3
        assert_eq!(t1.len() + v1.len(), 40);
    }
}
