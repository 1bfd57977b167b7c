//! `triage eval --faq QUERIES.jsonl --kb KB.jsonl`: how the bot answers from a knowledge base,
//! judged message by message through the real classify pipeline (model, policy and the
//! knowledge-base matcher exactly as `POST /v1/classify` runs them, no conversation).
//!
//! Input rows: `{"text": "…", "faq": "entry-id" | null, "kind": "…"}` — `faq` is the entry that
//! answers the message (null: none does, the bot must not answer from the knowledge base);
//! `kind` is free text to group by (`same_language`, `cross_language`, `negative`, …). Scores:
//! recall (messages with an entry answered with it), precision (knowledge-base answers that
//! were the right entry), overall, per kind and per language; plus how often the right entry
//! ranked first regardless of the threshold (the ranking's share of the misses).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::report::pct;
use super::{io, write_file, EvalError};
use crate::classify::{Classifier, ClassifyRequest};
use crate::engine::{Engine, EngineConfig};
use crate::kb::KbStore;
use crate::model::Model;
use crate::policy::{Action, Policy};
use crate::store::{Store, StoreLimits};

#[derive(Debug, Clone)]
pub struct Query {
    pub line: usize,
    pub text: String,
    pub faq: Option<String>,
    pub kind: String,
}

#[derive(Deserialize)]
struct Row {
    text: String,
    #[serde(default)]
    faq: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// Reads the queries; a bad row names file and line.
pub fn load(path: &Path) -> Result<Vec<Query>, EvalError> {
    let body = std::fs::read_to_string(path).map_err(io(path))?;
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(line).map_err(|e| EvalError::BadRow {
            path: path.to_path_buf(),
            line: i + 1,
            message: format!("not a JSON object with \"text\" and \"faq\": {e}"),
        })?;
        out.push(Query {
            line: i + 1,
            text: row.text,
            faq: row.faq.filter(|f| !f.is_empty()),
            kind: row.kind.unwrap_or_else(|| "all".into()),
        });
    }
    if out.is_empty() {
        return Err(EvalError::Invalid(format!(
            "{}: no queries",
            path.display()
        )));
    }
    Ok(out)
}

/// One query as the pipeline answered it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FaqResult {
    pub line: usize,
    pub kind: String,
    pub language: String,
    pub expected: Option<String>,
    pub action: Action,
    /// The entry the bot answered with.
    pub answered: Option<String>,
    /// The best-ranked entry and its score, answered or not.
    pub top: Option<String>,
    pub top_score: Option<f32>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FaqScores {
    pub queries: usize,
    /// Queries that have an entry.
    pub positives: usize,
    /// Answered with their entry.
    pub correct: usize,
    /// Answered with another entry (positives and negatives).
    pub wrong_entry: usize,
    /// Negatives answered from the knowledge base.
    pub negatives_answered: usize,
    pub answered: usize,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
    /// Positives whose entry ranked first (whatever the threshold).
    pub top1: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FaqReport {
    pub tool: String,
    pub created_at: String,
    pub model: String,
    pub kb: String,
    pub data: String,
    pub overall: FaqScores,
    pub by_kind: BTreeMap<String, FaqScores>,
    pub by_language: BTreeMap<String, FaqScores>,
    pub results: Vec<FaqResult>,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub fn scores<'a>(rs: impl Iterator<Item = &'a FaqResult>) -> FaqScores {
    let mut s = FaqScores::default();
    let mut top_ok = 0;
    for r in rs {
        s.queries += 1;
        if r.expected.is_some() {
            s.positives += 1;
            top_ok += (r.top == r.expected) as usize;
        }
        if let Some(a) = &r.answered {
            s.answered += 1;
            if Some(a) == r.expected.as_ref() {
                s.correct += 1;
            } else {
                s.wrong_entry += 1;
                s.negatives_answered += r.expected.is_none() as usize;
            }
        }
    }
    s.recall = ratio(s.correct, s.positives);
    s.precision = ratio(s.correct, s.answered);
    s.top1 = ratio(top_ok, s.positives);
    s
}

/// Runs every query through a classifier answering from `kb`.
pub fn run(
    model: Model,
    policy: Policy,
    kb: &Path,
    queries_path: &Path,
    queries: &[Query],
) -> Result<Vec<FaqResult>, EvalError> {
    let model = Arc::new(model);
    let (store, _) = KbStore::open(kb, model.clone())
        .map_err(|e| EvalError::Invalid(format!("knowledge base {}: {e}", kb.display())))?;
    let kb_store = Arc::new(store);
    let engine = Arc::new(Engine::start(model.clone(), EngineConfig::default()));
    let classifier = Classifier::new(
        engine.clone(),
        policy,
        Arc::new(Store::memory(StoreLimits::default())),
        None,
        false,
        usize::MAX,
    )
    .with_kb(kb_store.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| EvalError::Invalid(format!("runtime: {e}")))?;
    let result = rt.block_on(async {
        let mut out = Vec::with_capacity(queries.len());
        for q in queries {
            let req = ClassifyRequest {
                text: q.text.clone(),
                conversation_id: None,
                customer: None,
                top_k: None,
                tenant: None,
            };
            let (resp, ranking) =
                classifier
                    .classify_with_faq_ranking(&req)
                    .await
                    .map_err(|source| EvalError::Classify {
                        path: queries_path.to_path_buf(),
                        line: q.line,
                        source,
                    })?;
            out.push(FaqResult {
                line: q.line,
                kind: q.kind.clone(),
                language: resp.language.as_str().to_string(),
                expected: q.faq.clone(),
                action: resp.action,
                answered: resp.faq.as_ref().map(|f| f.id.clone()),
                top: ranking.first().map(|(id, _)| id.clone()),
                top_score: ranking.first().map(|(_, s)| *s),
                reasons: resp
                    .reasons
                    .iter()
                    .map(|r| r.code.as_str().to_string())
                    .collect(),
            });
        }
        Ok::<_, EvalError>(out)
    });
    engine.shutdown();
    result
}

pub fn build(results: Vec<FaqResult>, model: String, kb: String, data: String) -> FaqReport {
    let mut kinds: BTreeMap<String, Vec<&FaqResult>> = BTreeMap::new();
    let mut langs: BTreeMap<String, Vec<&FaqResult>> = BTreeMap::new();
    for r in &results {
        kinds.entry(r.kind.clone()).or_default().push(r);
        langs.entry(r.language.clone()).or_default().push(r);
    }
    FaqReport {
        tool: format!("triage {} eval --faq", env!("CARGO_PKG_VERSION")),
        created_at: chrono::Utc::now().to_rfc3339(),
        model,
        kb,
        data,
        overall: scores(results.iter()),
        by_kind: kinds
            .into_iter()
            .map(|(k, v)| (k, scores(v.into_iter())))
            .collect(),
        by_language: langs
            .into_iter()
            .map(|(k, v)| (k, scores(v.into_iter())))
            .collect(),
        results,
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(pct).unwrap_or_else(|| "n/a".into())
}

fn line(name: &str, s: &FaqScores) -> String {
    format!(
        "{name}: {} queries ({} with an entry): recall {} precision {} (answered {}, right {}, wrong entry {}, negatives answered {}), right entry ranked first {}",
        s.queries,
        s.positives,
        opt(s.recall),
        opt(s.precision),
        s.answered,
        s.correct,
        s.wrong_entry,
        s.negatives_answered,
        opt(s.top1)
    )
}

pub fn summary_lines(r: &FaqReport) -> Vec<String> {
    let mut v = vec![format!("model {}  knowledge base {}", r.model, r.kb)];
    v.push(line("all", &r.overall));
    for (k, s) in &r.by_kind {
        v.push(line(&format!("kind {k}"), s));
    }
    for (k, s) in &r.by_language {
        v.push(line(&format!("language {k}"), s));
    }
    v
}

pub fn write_all(out: &Path, r: &FaqReport) -> Result<(), EvalError> {
    let json = serde_json::to_string_pretty(r).map_err(|e| EvalError::Invalid(e.to_string()))?;
    write_file(out, "faq.json", json.as_bytes())?;
    let mut md = String::from("# Knowledge-base answers\n\n```\n");
    for l in summary_lines(r) {
        let _ = writeln!(md, "{l}");
    }
    md.push_str("```\n\n## Misses and wrong answers\n\n| line | kind | expected | answered | top | score | action | reasons |\n|---:|---|---|---|---|---:|---|---|\n");
    for x in r.results.iter().filter(|x| x.answered != x.expected) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {:?} | {} |",
            x.line,
            x.kind,
            x.expected.as_deref().unwrap_or("—"),
            x.answered.as_deref().unwrap_or("—"),
            x.top.as_deref().unwrap_or("—"),
            x.top_score.map(|s| format!("{s:.3}")).unwrap_or_default(),
            x.action,
            x.reasons.join(", ")
        );
    }
    write_file(out, "faq.md", md.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(expected: Option<&str>, answered: Option<&str>, top: Option<&str>) -> FaqResult {
        FaqResult {
            line: 1,
            kind: "k".into(),
            language: "en".into(),
            expected: expected.map(str::to_string),
            action: if answered.is_some() {
                Action::Answer
            } else {
                Action::Handoff
            },
            answered: answered.map(str::to_string),
            top: top.map(str::to_string),
            top_score: Some(0.5),
            reasons: vec![],
        }
    }

    #[test]
    fn recall_precision_and_ranking_by_hand() {
        let v = [
            r(Some("a"), Some("a"), Some("a")),
            r(Some("a"), None, Some("a")),
            r(Some("b"), Some("c"), Some("c")),
            r(None, Some("b"), Some("b")),
            r(None, None, Some("a")),
        ];
        let s = scores(v.iter());
        assert_eq!(
            (s.queries, s.positives, s.answered, s.correct),
            (5, 3, 3, 1)
        );
        assert_eq!((s.wrong_entry, s.negatives_answered), (2, 1));
        assert_eq!(s.recall, Some(1.0 / 3.0));
        assert_eq!(s.precision, Some(1.0 / 3.0));
        assert_eq!(s.top1, Some(2.0 / 3.0));
        let rep = build(v.to_vec(), "m".into(), "kb".into(), "q".into());
        assert_eq!(rep.by_kind["k"], s);
        assert!(summary_lines(&rep)[1].contains("recall 33.33%"));
    }
}
