//! Calibrates the FAQ similarity threshold on labelled question pairs, in both encodings
//! (query–document, as serving compares; query–query), until `triage eval --pairs` is wired:
//!
//!     cargo run --release --example kb_pairs -- ../shared/datasets/atec/val.jsonl [LIMIT] [--write-threshold]
//!
//! `--write-threshold` stores the query–document threshold in models/default/manifest.json.

use std::path::Path;

use triage::kb::pairs::{evaluate_pairs_mode, write_threshold, PairMode};

fn main() -> anyhow::Result<()> {
    triage::model::tune_cpu_threads();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().ok_or_else(|| {
        anyhow::anyhow!("usage: kb_pairs PAIRS.jsonl [LIMIT] [--write-threshold]")
    })?;
    let limit = args.get(1).and_then(|s| s.parse::<usize>().ok());
    let write = args.iter().any(|a| a == "--write-threshold");
    let model = Path::new("models/default");
    for mode in [PairMode::QueryDocument, PairMode::QueryQuery] {
        let r = evaluate_pairs_mode(model, Path::new(file), limit, mode)?;
        println!("{}\n{}\n", r.summary(), serde_json::to_string(&r)?);
        if write && mode == PairMode::QueryDocument {
            write_threshold(model, r.best.threshold)?;
            println!("wrote thresholds.faq_similarity = {}", r.best.threshold);
        }
    }
    Ok(())
}
