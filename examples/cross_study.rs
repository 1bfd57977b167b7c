//! Issue 16 study: can a cross-encoder — message and knowledge-base question read together, so
//! attention sees the detail a near miss changes — tell a paraphrase from a near miss where the
//! bi-encoder cosine cannot? (research/faq-cross-encoder/README.md)
//!
//! The pair `<s> query: A </s></s> query: B </s>` runs through the frozen lower layers of the base
//! encoder once (kept in memory); the top `top` layers and a logistic head on the mean-pooled
//! output are trained on labelled pairs (binary cross-entropy, AdamW, warm-up + linear decay,
//! dropout 0.1); every row of the `--eval` files is then scored (`ce`, a probability) into
//! `OUT/scores_<file name>`.
//!
//! `cargo run --release --example cross_study -- --train pairs.jsonl --eval e.jsonl --out DIR`

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use candle_core::{Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use clap::Parser;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use triage::model::weights::WeightStore;
use triage::model::{EncoderConfig, TextTokenizer};
use triage::train::finetune::layers::{self, Dropout, LayerParams, Shape};
use triage::train::finetune::states::States;
use triage::train::finetune::{layer_optimizers, lr_factor};

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value = "models/base/multilingual-e5-small")]
    base: PathBuf,
    /// Training pairs: JSONL {"a", "b", "label": 0 | 1}.
    #[arg(long)]
    train: PathBuf,
    /// Pairs to score: JSONL with "a" and "b" (other fields are copied through).
    #[arg(long)]
    eval: Vec<PathBuf>,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 2)]
    top: usize,
    #[arg(long, default_value_t = 2)]
    epochs: usize,
    #[arg(long, default_value_t = 1e-4)]
    lr: f64,
    #[arg(long, default_value_t = 1e-3)]
    head_lr: f64,
    #[arg(long, default_value_t = 32)]
    batch: usize,
    /// Tokens kept of each side (its closing token included).
    #[arg(long, default_value_t = 48)]
    max_side: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// What the head reads: the mean over the pair or the first token's output.
    #[arg(long, value_enum, default_value_t = Pool::Mean)]
    pool: Pool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Pool {
    Mean,
    Cls,
}

fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    let f = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    std::io::BufReader::new(f)
        .lines()
        .map(|l| Ok(serde_json::from_str(&l?)?))
        .collect()
}

/// `<s> A </s></s> B </s>`, each side cut to `max_side` tokens (keeping its `</s>`).
fn pair_ids(tok: &TextTokenizer, a: &str, b: &str, max_side: usize) -> Result<Vec<u32>> {
    let cut = |text: &str| -> Result<Vec<u32>> {
        let mut ids = tok.encode(&format!("query: {text}"))?.ids;
        if ids.len() > max_side {
            let last = *ids.last().unwrap();
            ids.truncate(max_side - 1);
            ids.push(last);
        }
        Ok(ids)
    };
    let (a, b) = (cut(a)?, cut(b)?);
    let eos = *a.last().unwrap();
    let mut ids = a;
    ids.push(eos);
    ids.extend_from_slice(&b[1..]);
    Ok(ids)
}

/// Logits of rows `idx`: logistic head on the top layer's output, mean-pooled (L2-normalised) or
/// the first token's (`cls`).
#[allow(clippy::too_many_arguments)]
fn logits(
    st: &States,
    tuned: &[LayerParams],
    head: &(Var, Var),
    idx: &[usize],
    s: &Shape,
    drop: Option<&Dropout>,
    cls: bool,
    dev: &Device,
) -> candle_core::Result<Tensor> {
    let (x, mask, bias) = st.batch(idx, dev)?;
    let hs = layers::forward(tuned, x, &bias, s, drop)?;
    let e = if cls {
        hs.narrow(1, 0, 1)?.squeeze(1)?
    } else {
        layers::pool(&hs, &mask)?
    };
    e.matmul(head.0.as_tensor())?
        .squeeze(1)?
        .broadcast_add(head.1.as_tensor())
}

fn main() -> Result<()> {
    let args = Args::parse();
    let cls = args.pool == Pool::Cls;
    let dev = Device::Cpu;
    let cfg = EncoderConfig::load(&args.base.join("config.json"))?;
    let tok = TextTokenizer::load(&args.base, cfg.pad_token_id, cfg.max_tokens().min(128))?;
    let train = read_jsonl(&args.train)?;
    let evals: Vec<Vec<serde_json::Value>> = args
        .eval
        .iter()
        .map(|p| read_jsonl(p))
        .collect::<Result<_>>()?;
    let mut ids = Vec::new();
    for r in train.iter().chain(evals.iter().flatten()) {
        let (a, b) = (r["a"].as_str(), r["b"].as_str());
        let (Some(a), Some(b)) = (a, b) else {
            anyhow::bail!("a row without \"a\" and \"b\": {r}");
        };
        ids.push(pair_ids(&tok, a, b, args.max_side)?);
    }
    let labels: Vec<f32> = train
        .iter()
        .map(|r| r["label"].as_f64().unwrap_or(0.0) as f32)
        .collect();
    let start = cfg.num_hidden_layers - args.top;
    let mut weights = WeightStore::load(&args.base.join("model.safetensors"), &dev)?;
    let tuned: Vec<LayerParams> = (start..cfg.num_hidden_layers)
        .map(|i| LayerParams::load(&mut weights, i, &dev))
        .collect::<Result<_, _>>()?;
    let t0 = Instant::now();
    let st = States::compute_ids(weights, &cfg, &ids, start, &dev)?;
    eprintln!(
        "{} pairs through layers 0..{start} in {:.0}s",
        ids.len(),
        t0.elapsed().as_secs_f64()
    );
    let s = Shape {
        heads: cfg.num_attention_heads,
        hidden: cfg.hidden_size,
        eps: cfg.layer_norm_eps,
    };
    // The head starts at the training prior: logit = log(p / (1 - p)), weights zero.
    let prior = labels.iter().sum::<f32>() / labels.len().max(1) as f32;
    let head = (
        Var::zeros((cfg.hidden_size, 1), candle_core::DType::F32, &dev)?,
        Var::from_vec(vec![(prior / (1.0 - prior)).ln()], 1, &dev)?,
    );
    let (mut opt_m, mut opt_o) = layer_optimizers(&tuned, args.lr)?;
    let mut opt_h = AdamW::new(
        vec![head.0.clone(), head.1.clone()],
        ParamsAdamW {
            lr: args.head_lr,
            weight_decay: 0.0,
            ..Default::default()
        },
    )?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let drop = Dropout {
        p: 0.1,
        rng: std::cell::RefCell::new(ChaCha8Rng::seed_from_u64(args.seed ^ 0x5eed)),
    };
    let rows: Vec<usize> = (0..train.len()).collect();
    let total = rows.len().div_ceil(args.batch) * args.epochs;
    let mut step = 0;
    let t1 = Instant::now();
    for epoch in 0..args.epochs {
        // Batches of similar lengths: shuffle, sort windows of 50 batches, cut, shuffle batches.
        let mut order = rows.clone();
        order.shuffle(&mut rng);
        let mut batches: Vec<Vec<usize>> = Vec::new();
        for w in order.chunks(args.batch * 50) {
            let mut w = w.to_vec();
            w.sort_by_key(|&i| st.lens[i]);
            batches.extend(w.chunks(args.batch).map(<[usize]>::to_vec));
        }
        batches.shuffle(&mut rng);
        let (mut sum, mut n) = (0f64, 0usize);
        for b in &batches {
            let z = logits(&st, &tuned, &head, b, &s, Some(&drop), cls, &dev)?;
            let y: Vec<f32> = b.iter().map(|&i| labels[i]).collect();
            let y = Tensor::from_vec(y, b.len(), &dev)?;
            let loss = candle_nn::loss::binary_cross_entropy_with_logit(&z, &y)?;
            let grads = loss.backward()?;
            let f = lr_factor(step, total);
            opt_m.set_learning_rate(args.lr * f);
            opt_o.set_learning_rate(args.lr * f);
            opt_h.set_learning_rate(args.head_lr * f);
            opt_m.step(&grads)?;
            opt_o.step(&grads)?;
            opt_h.step(&grads)?;
            sum += f64::from(loss.to_scalar::<f32>()?);
            n += 1;
            step += 1;
            if step % 50 == 0 {
                eprintln!(
                    "epoch {epoch} step {step}/{total} loss {:.4} ({:.0}s)",
                    sum / n as f64,
                    t1.elapsed().as_secs_f64()
                );
            }
        }
        eprintln!("epoch {epoch}: mean loss {:.4}", sum / n.max(1) as f64);
    }
    std::fs::create_dir_all(&args.out)?;
    let mut base = train.len();
    for (path, rows) in args.eval.iter().zip(&evals) {
        let idx: Vec<usize> = (base..base + rows.len()).collect();
        base += rows.len();
        let mut probs = Vec::with_capacity(idx.len());
        for chunk in idx.chunks(64) {
            let z: Vec<f32> = logits(&st, &tuned, &head, chunk, &s, None, cls, &dev)?.to_vec1()?;
            probs.extend(z.into_iter().map(|z| 1.0 / (1.0 + (-z).exp())));
        }
        let name = path.file_name().unwrap().to_string_lossy();
        let out = args.out.join(format!("scores_{name}"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&out)?);
        for (r, p) in rows.iter().zip(probs) {
            let mut r = r.clone();
            r["ce"] = serde_json::json!(p);
            writeln!(f, "{r}")?;
        }
        eprintln!("wrote {}", out.display());
    }
    eprintln!(
        "done: {} training pairs, {} epochs, {:.0}s training",
        train.len(),
        args.epochs,
        t1.elapsed().as_secs_f64()
    );
    Ok(())
}
