//! Research helper (issue 16, `research/faq-tokens`): the encoder's last-layer token states of
//! each text, for token-level matching studies. Reads JSONL `{"text", "document"?: bool}` on
//! stdin, writes JSONL `{"ids", "states"}` (states: tokens × hidden, prefix tokens included).
//!
//! cargo run --release --example token_states -- models/base/multilingual-e5-small < in > out
use std::io::{BufRead, Write};
use std::path::PathBuf;

use candle_core::Device;
use triage::model::{Encoder, EncoderConfig, EncoderInput, TextTokenizer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: token_states BASE_DIR")?,
    );
    let dev = Device::Cpu;
    let cfg = EncoderConfig::load(&base.join("config.json"))?;
    let tok = TextTokenizer::load(&base, cfg.pad_token_id, cfg.max_tokens().min(128))?;
    let enc = Encoder::load(&base, &dev)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::stdin().lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().ok_or("row without text")?;
        let prefix = if v["document"].as_bool().unwrap_or(false) {
            "passage: "
        } else {
            "query: "
        };
        let ids = tok.encode(&format!("{prefix}{text}"))?.ids;
        let n = ids.len();
        let hs = enc.hidden_states(&EncoderInput {
            mask: vec![1; n],
            ids: ids.clone(),
            batch: 1,
            len: n,
        })?;
        let states: Vec<Vec<f32>> = hs.squeeze(0)?.to_vec2()?;
        serde_json::to_writer(&mut out, &serde_json::json!({"ids": ids, "states": states}))?;
        writeln!(out)?;
    }
    Ok(())
}
