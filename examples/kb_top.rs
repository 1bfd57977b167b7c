//! Research helper (issue 16): the top knowledge-base entries of every turn of chat files, with
//! their scores (no intent bonus), as JSONL.
//!
//! cargo run --release --example kb_top -- models/default kb/default.jsonl chats.jsonl > out.jsonl
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use triage::kb::{KbStore, Query};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, kb, rest @ ..] = args.as_slice() else {
        return Err("usage: kb_top MODEL KB CHATS...".into());
    };
    let model = Arc::new(triage::model::Model::load(
        &PathBuf::from(model),
        &candle_core::Device::Cpu,
    )?);
    let (store, _) = KbStore::open(&PathBuf::from(kb), model.clone())?;
    let index = store.snapshot();
    let mut rows = Vec::new();
    for f in rest {
        for line in std::io::BufReader::new(std::fs::File::open(f)?).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            rows.push(v);
        }
    }
    // How many entries per turn (KB_TOP_N, default 5).
    let top_n = std::env::var("KB_TOP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let texts: Vec<String> = rows
        .iter()
        .map(|r| r["text"].as_str().unwrap_or_default().to_string())
        .collect();
    let embs = model.bundle.embed_texts(&texts, 32, false)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    for ((r, t), e) in rows.iter().zip(&texts).zip(&embs) {
        let lang = triage::text::language::detect(t).as_str();
        let q = Query {
            language: Some(lang),
            ..Query::embedding(e)
        };
        let hits = index.search_in(&q, top_n);
        let row = serde_json::json!({
            "conversation_id": r["conversation_id"], "turn": r["turn"], "text": t,
            "language": lang,
            "expected_action": r["expected_action"], "expected_faq": r["expected_faq"],
            "label": r["label"],
            "top": hits.iter().map(|h| (h.entry.id.clone(), h.score, h.similarity, h.question)).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut out, &row)?;
        writeln!(out)?;
    }
    Ok(())
}
