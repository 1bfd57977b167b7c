//! Research helper (research/small-talk-opener): how many messages of JSONL files (`text`) open
//! with small talk that `smalltalk::after_opener` cuts, with the first few as examples.
//!
//! cargo run --release --example opener_count -- FILE.jsonl...
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let (mut n, mut cut) = (0, Vec::new());
        for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let text = v["text"].as_str().unwrap_or_default();
            n += 1;
            if let Some(rest) = triage::smalltalk::after_opener(text) {
                cut.push(format!("{text} => {rest}"));
            }
        }
        println!("{path}: {} of {n}", cut.len());
        for c in cut.iter().take(5) {
            println!("  {c}");
        }
    }
    Ok(())
}
