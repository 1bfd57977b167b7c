//! Research helper (issue 16, `research/faq-calibration`): hold-out scores of a knowledge base
//! from the knowledge base alone. Each example question, used as a message: its best entry with
//! that question left out ("present": a paraphrase of an entry the KB has) and with its whole entry
//! left out ("absent": a question on a neighbouring topic the KB does not answer, i.e. a near
//! miss). Writes JSONL, one row per question.
//!
//! cargo run --release --example kb_holdout -- models/default kb/default.jsonl > out.jsonl
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use triage::kb::index::Without;
use triage::kb::{KbStore, Query};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let model = PathBuf::from(args.next().ok_or("usage: kb_holdout MODEL KB")?);
    let kb = PathBuf::from(args.next().ok_or("usage: kb_holdout MODEL KB")?);
    let model = Arc::new(triage::model::Model::load(
        &model,
        &candle_core::Device::Cpu,
    )?);
    let (store, _) = KbStore::open(&kb, model)?;
    let index = store.snapshot();
    let out = std::io::stdout();
    let mut out = out.lock();
    for r in 0..index.rows() {
        let Some((e, text, v)) = index.question_row(r) else {
            continue;
        };
        let lang = triage::text::language::detect(text).as_str();
        let query = Query {
            language: Some(lang),
            ..Query::embedding(v)
        };
        let present = index.search_without(&query, 2, Without::Question(r));
        let absent = index.search_without(&query, 1, Without::Entry(e));
        let id = &index.entries()[e].id;
        let row = serde_json::json!({
            "entry": id,
            "question": text,
            "language": lang,
            "present_top": present.first().map(|h| h.entry.id.clone()),
            "present_score": present.first().map(|h| h.score),
            "present_second": present.get(1).map(|h| h.score),
            "absent_top": absent.first().map(|h| h.entry.id.clone()),
            "absent_score": absent.first().map(|h| h.score),
        });
        serde_json::to_writer(&mut out, &row)?;
        writeln!(out)?;
    }
    Ok(())
}
