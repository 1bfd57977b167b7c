//! `triage bench`: encoder throughput on a text file, timed the way the ONNX Runtime peer script
//! (`benches/peers/ort_bench.py`) times itself, so the two JSON lines compare directly. One call =
//! tokenize the batch + forward + pooling; sentences/s over the whole set, p50/p90 per call.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use candle_core::Device;
use serde::Serialize;

use crate::model::fast::Precision;
use crate::model::{Backend, EncoderBundle, RunOptions};

#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// A base-encoder folder (config.json, tokenizer.json, model.safetensors).
    pub encoder: PathBuf,
    /// JSONL with a "text" field per line.
    pub texts: PathBuf,
    pub n: usize,
    pub batch: usize,
    pub threads: usize,
    pub prefix: String,
    pub max_len: usize,
    pub backend: Backend,
    pub precision: Precision,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    pub engine: String,
    pub threads: usize,
    pub batch: usize,
    pub n: usize,
    pub mean_tokens: f64,
    pub sent_per_s: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
}

pub fn read_texts(path: &std::path::Path, n: usize) -> anyhow::Result<Vec<String>> {
    let body =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let text = v
            .get("text")
            .and_then(|t| t.as_str())
            .with_context(|| format!("{}:{}: no \"text\" string", path.display(), i + 1))?;
        out.push(text.to_string());
        if out.len() == n {
            break;
        }
    }
    anyhow::ensure!(!out.is_empty(), "{}: no texts", path.display());
    Ok(out)
}

pub fn run(opts: &BenchOptions) -> anyhow::Result<BenchResult> {
    anyhow::ensure!(opts.batch >= 1, "--batch must be at least 1");
    let texts = read_texts(&opts.texts, opts.n)?;
    let run = RunOptions {
        backend: opts.backend,
        precision: Some(opts.precision),
        threads: opts.threads,
    };
    let bundle = EncoderBundle::load_with(
        &opts.encoder,
        &opts.prefix,
        "",
        opts.max_len,
        &Device::Cpu,
        &run,
    )
    .with_context(|| format!("loading {}", opts.encoder.display()))?;
    let batches: Vec<&[String]> = texts.chunks(opts.batch).collect();
    let call = |batch: &[String]| -> anyhow::Result<usize> {
        let toks = batch
            .iter()
            .map(|t| bundle.tokenize(t))
            .collect::<Result<Vec<_>, _>>()?;
        let items: Vec<&[u32]> = toks.iter().map(|t| t.ids.as_slice()).collect();
        std::hint::black_box(bundle.embed_tokenized(&items)?);
        Ok(items.iter().map(|i| i.len()).sum())
    };
    for b in batches.iter().take(3) {
        call(b)?; // warm-up, as the peer script does
    }
    let mut lat = Vec::with_capacity(batches.len());
    let mut tokens = 0usize;
    for b in &batches {
        let t = Instant::now();
        tokens += call(b)?;
        lat.push(t.elapsed().as_secs_f64());
    }
    let total: f64 = lat.iter().sum();
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| lat[((lat.len() - 1) as f64 * p).round() as usize] * 1000.0;
    let round = |v: f64, d: i32| (v * 10f64.powi(d)).round() / 10f64.powi(d);
    Ok(BenchResult {
        engine: format!("triage-{}", bundle.encoder.describe()),
        threads: bundle.encoder.threads(),
        batch: opts.batch,
        n: texts.len(),
        mean_tokens: round(tokens as f64 / texts.len() as f64, 1),
        sent_per_s: round(texts.len() as f64 / total, 1),
        p50_ms: round(pct(0.5), 2),
        p90_ms: round(pct(0.9), 2),
    })
}
