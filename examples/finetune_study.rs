//! Issue 17 study: does fine-tuning the top transformer layer(s) of the base encoder on the
//! labelled rows lift top-intent accuracy and out-of-scope AUROC? (research/finetune/README.md)
//!
//! 1. Runs the frozen encoder once over every text up to layer L − `cache_top` and keeps those
//!    hidden states (unpadded) in memory and in a file, so later runs skip the slow part.
//! 2. Trains the top `top` layers plus a cosine classifier (scale 20, initialised at the frozen
//!    class means) with candle autograd: cross-entropy, AdamW, warm-up + linear decay, dropout 0.1.
//! 3. Re-embeds train and test through the frozen and the tuned top layers (mean pool + L2, as the
//!    encoder does) and scores the same simple heads on both: softmax regression (raw and centred)
//!    and kNN; for CLINC150 also the out-of-scope AUROC of the max softmax probability and of the
//!    product's distance score (mean cosine of the 10 nearest training rows).
//!
//! `cargo run --release --example finetune_study -- --task b77 --top 4 --epochs 4`

use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use candle_core::{DType, Device, Tensor, Var, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use clap::Parser;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use triage::model::tokenizer::pad_batch;
use triage::model::weights::{write_safetensors, Entry, WeightStore};
use triage::model::{Encoder, EncoderConfig, EncoderInput, TextTokenizer};
use triage::train::finetune::layers::{self, LayerParams, Shape};
use triage::train::finetune::states::States;
use triage::train::finetune::{self, FinetuneConfig};

#[derive(Parser, Debug)]
struct Args {
    /// b77 (BANKING77, stratified held-out split of train.jsonl) or clinc (CLINC150: train → val,
    /// oos rows of train and val as out-of-scope negatives, never trained on).
    #[arg(long)]
    task: String,
    #[arg(long, default_value = "models/base/multilingual-e5-small")]
    base: PathBuf,
    #[arg(long, default_value = "/work/shared/datasets")]
    datasets: PathBuf,
    /// Layers trained (the top ones).
    #[arg(long, default_value_t = 4)]
    top: usize,
    /// The cache holds the input of layer L − cache_top (≥ top).
    #[arg(long, default_value_t = 4)]
    cache_top: usize,
    #[arg(long, default_value = "/tmp/ft17")]
    cache_dir: PathBuf,
    #[arg(long, default_value_t = 4)]
    epochs: usize,
    #[arg(long, default_value_t = 1e-4)]
    lr: f64,
    #[arg(long, default_value_t = 1e-3)]
    head_lr: f64,
    #[arg(long, default_value_t = 32)]
    batch: usize,
    #[arg(long, default_value_t = 0.1)]
    dropout: f32,
    /// Training seed (shuffle, dropout).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Seed of the B77 held-out split (10 % per label).
    #[arg(long, default_value_t = 42)]
    split_seed: u64,
    /// Stops training after this many minutes (the run is then reported as cut short).
    #[arg(long, default_value_t = 20.0)]
    max_minutes: f64,
    /// Only the frozen baselines.
    #[arg(long)]
    frozen_only: bool,
    /// Writes a complete encoder folder with the tuned layers (F32) for `triage train --config`.
    #[arg(long)]
    save_encoder: Option<PathBuf>,
    /// Writes the stratified B77 split as train/test jsonl (for `triage train` on the same rows).
    #[arg(long)]
    dump_split: Option<PathBuf>,
    /// Appends one JSON line of results here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Task `files`: training jsonl files (comma-separated); `oos` rows are left out.
    #[arg(long, value_delimiter = ',')]
    train_files: Vec<PathBuf>,
    /// Task `files`: test jsonl files; `oos` rows become the out-of-scope negatives.
    #[arg(long, value_delimiter = ',')]
    test_files: Vec<PathBuf>,
    /// Task `files`: a knowledge base (kb/*.jsonl); each entry's questions form one class
    /// `faq:ID`, trained in its own softmax group so an FAQ entry never competes with the
    /// intent its question also belongs to.
    #[arg(long)]
    kb: Option<PathBuf>,
}

struct Row {
    text: String,
    label: String,
}

fn read_jsonl(path: &Path) -> Result<Vec<Row>> {
    let f = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut rows = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().context("text")?;
        let label = match &v["label"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        rows.push(Row {
            text: text.trim_start_matches('\u{feff}').trim().to_string(),
            label,
        });
    }
    Ok(rows)
}

/// The data of one task: all texts (cache order), and which rows train / test / negatives.
struct Task {
    rows: Vec<Row>,
    train: Vec<usize>,
    test: Vec<usize>,
    /// Out-of-scope rows (CLINC150 `oos`), scored against the in-scope test rows.
    oos: Vec<usize>,
    classes: Vec<String>,
}

fn load_task(args: &Args) -> Result<Task> {
    match args.task.as_str() {
        "b77" => {
            let rows = read_jsonl(&args.datasets.join("banking77/train.jsonl"))?;
            let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, r) in rows.iter().enumerate() {
                by_label.entry(&r.label).or_default().push(i);
            }
            let mut rng = ChaCha8Rng::seed_from_u64(args.split_seed);
            let (mut train, mut test) = (Vec::new(), Vec::new());
            for idx in by_label.values() {
                let mut idx = idx.clone();
                idx.shuffle(&mut rng);
                let n_test = (idx.len() as f64 * 0.1).round() as usize;
                test.extend_from_slice(&idx[..n_test]);
                train.extend_from_slice(&idx[n_test..]);
            }
            train.sort_unstable();
            test.sort_unstable();
            let classes = by_label.keys().map(|s| s.to_string()).collect();
            Ok(Task {
                rows,
                train,
                test,
                oos: Vec::new(),
                classes,
            })
        }
        "clinc" => {
            let mut rows = read_jsonl(&args.datasets.join("clinc150/train.jsonl"))?;
            let n_train = rows.len();
            rows.extend(read_jsonl(&args.datasets.join("clinc150/val.jsonl"))?);
            let (mut train, mut test, mut oos) = (Vec::new(), Vec::new(), Vec::new());
            for (i, r) in rows.iter().enumerate() {
                if r.label == "oos" {
                    oos.push(i);
                } else if i < n_train {
                    train.push(i);
                } else {
                    test.push(i);
                }
            }
            let mut classes: Vec<String> = train.iter().map(|&i| rows[i].label.clone()).collect();
            classes.sort();
            classes.dedup();
            Ok(Task {
                rows,
                train,
                test,
                oos,
                classes,
            })
        }
        "files" => {
            let mut rows = Vec::new();
            let mut train = Vec::new();
            for f in &args.train_files {
                for r in read_jsonl(f)? {
                    if r.label != "oos" {
                        train.push(rows.len());
                        rows.push(r);
                    }
                }
            }
            if let Some(kb) = &args.kb {
                let text = std::fs::read_to_string(kb)?;
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let v: serde_json::Value = serde_json::from_str(line)?;
                    let id = v["id"].as_str().context("kb id")?;
                    for q in v["questions"].as_array().context("kb questions")? {
                        train.push(rows.len());
                        rows.push(Row {
                            text: q.as_str().context("question")?.trim().to_string(),
                            label: format!("faq:{id}"),
                        });
                    }
                }
            }
            let mut classes: Vec<String> = train.iter().map(|&i| rows[i].label.clone()).collect();
            classes.sort();
            classes.dedup();
            let (mut test, mut oos) = (Vec::new(), Vec::new());
            for f in &args.test_files {
                for r in read_jsonl(f)? {
                    if r.label == "oos" {
                        oos.push(rows.len());
                    } else if classes.binary_search(&r.label).is_ok() {
                        test.push(rows.len());
                    } else {
                        continue;
                    }
                    rows.push(r);
                }
            }
            Ok(Task {
                rows,
                train,
                test,
                oos,
                classes,
            })
        }
        other => bail!("unknown task {other}"),
    }
}

/// Writes the states (start, width, row lengths, values) so later runs skip the frozen pass.
fn save_states(c: &States, path: &Path) -> Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    for v in [c.start, c.hidden, c.len()] {
        f.write_all(&(v as u64).to_le_bytes())?;
    }
    for &l in &c.lens {
        f.write_all(&(l as u32).to_le_bytes())?;
    }
    for x in c.data() {
        f.write_all(&x.to_le_bytes())?;
    }
    f.flush()?;
    Ok(())
}

fn load_states(path: &Path) -> Result<States> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap()) as usize;
    let (start, hidden, n) = (u64_at(0), u64_at(8), u64_at(16));
    let mut pos = 24;
    let mut lens = Vec::with_capacity(n);
    for _ in 0..n {
        lens.push(u32::from_le_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize);
        pos += 4;
    }
    let data: Vec<f32> = bytes[pos..]
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    States::from_parts(start, hidden, lens, data).with_context(|| path.display().to_string())
}

fn build_cache(args: &Args, task: &Task, cfg: &EncoderConfig, dev: &Device) -> Result<States> {
    let start = cfg.num_hidden_layers - args.cache_top;
    let path = args
        .cache_dir
        .join(format!("{}_L{start}_{}.bin", args.task, task.rows.len()));
    if path.exists() {
        let c = load_states(&path)?;
        if c.len() == task.rows.len() && c.start == start {
            eprintln!("cache: {} ({} rows)", path.display(), c.len());
            return Ok(c);
        }
    }
    let t0 = Instant::now();
    let tok = TextTokenizer::load(&args.base, cfg.pad_token_id, cfg.max_tokens().min(128))?;
    let texts: Vec<String> = task
        .rows
        .iter()
        .map(|r| format!("query: {}", r.text))
        .collect();
    let weights = WeightStore::load(&args.base.join("model.safetensors"), dev)?;
    let c = States::compute(weights, cfg, &tok, &texts, start, dev)?;
    eprintln!(
        "cache: {} rows through layers 0..{start} in {:.1}s",
        c.len(),
        t0.elapsed().as_secs_f64()
    );
    std::fs::create_dir_all(&args.cache_dir)?;
    save_states(&c, &path)?;
    Ok(c)
}

/// Softmax regression on fixed embeddings (AdamW lr 1e-2, wd 1e-4, batch 64, 50 epochs, last).
fn fit_logreg(
    x: &[f32],
    y: &[u32],
    classes: usize,
    h: usize,
    seed: u64,
    dev: &Device,
) -> Result<(Tensor, Tensor)> {
    let n = y.len();
    let xt = Tensor::from_slice(x, (n, h), dev)?;
    let yt = Tensor::from_slice(y, n, dev)?;
    let w = Var::zeros((h, classes), DType::F32, dev)?;
    let b = Var::zeros(classes, DType::F32, dev)?;
    let mut opt = AdamW::new(
        vec![w.clone(), b.clone()],
        ParamsAdamW {
            lr: 1e-2,
            weight_decay: 1e-4,
            ..Default::default()
        },
    )?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<u32> = (0..n as u32).collect();
    for _ in 0..50 {
        order.shuffle(&mut rng);
        for chunk in order.chunks(64) {
            let idx = Tensor::from_slice(chunk, chunk.len(), dev)?;
            let xb = xt.index_select(&idx, 0)?;
            let yb = yt.index_select(&idx, 0)?;
            let logits = xb.matmul(w.as_tensor())?.broadcast_add(b.as_tensor())?;
            let loss = candle_nn::loss::cross_entropy(&logits, &yb)?;
            opt.backward_step(&loss)?;
        }
    }
    Ok((w.as_tensor().clone(), b.as_tensor().clone()))
}

/// (argmax, max softmax probability) per row.
fn predict(logits: &Tensor) -> Result<(Vec<u32>, Vec<f32>)> {
    let p = candle_nn::ops::softmax(logits, D::Minus1)?;
    let arg: Vec<u32> = p.argmax(D::Minus1)?.to_vec1()?;
    let max: Vec<f32> = p.max(D::Minus1)?.to_vec1()?;
    Ok((arg, max))
}

/// kNN (k = 10, majority of cosine neighbours, ties to the nearer) and the mean top-10 cosine.
fn knn(
    train: &Tensor,
    train_y: &[u32],
    q: &Tensor,
    classes: usize,
) -> Result<(Vec<u32>, Vec<f32>)> {
    let sims: Vec<Vec<f32>> = q.matmul(&train.t()?)?.to_vec2()?;
    let mut pred = Vec::with_capacity(sims.len());
    let mut score = Vec::with_capacity(sims.len());
    for row in sims {
        let mut idx: Vec<usize> = (0..row.len()).collect();
        idx.select_nth_unstable_by(9, |&a, &b| row[b].total_cmp(&row[a]));
        let mut top: Vec<usize> = idx[..10].to_vec();
        top.sort_by(|&a, &b| row[b].total_cmp(&row[a]));
        let mut votes = vec![0f32; classes];
        for (r, &j) in top.iter().enumerate() {
            votes[train_y[j] as usize] += 1.0 + 1e-3 * (10 - r) as f32;
        }
        let best = (0..classes)
            .max_by(|&a, &b| votes[a].total_cmp(&votes[b]))
            .unwrap_or(0) as u32;
        pred.push(best);
        score.push(top.iter().map(|&j| row[j]).sum::<f32>() / 10.0);
    }
    Ok((pred, score))
}

/// P(score of a random positive > score of a random negative), ties counted half.
fn auroc(pos: &[f32], neg: &[f32]) -> f64 {
    let mut all: Vec<(f32, bool)> = pos
        .iter()
        .map(|&s| (s, true))
        .chain(neg.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Mann–Whitney U with average ranks.
    let mut rank_sum = 0f64;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let avg = (i + j + 1) as f64 / 2.0;
        rank_sum += avg * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let (np, nn) = (pos.len() as f64, neg.len() as f64);
    (rank_sum - np * (np + 1.0) / 2.0) / (np * nn)
}

/// Out-of-scope recall when the threshold rejects `reject` of the in-scope rows.
fn recall_at(pos: &[f32], neg: &[f32], reject: f64) -> f64 {
    let mut p = pos.to_vec();
    p.sort_by(|a, b| a.total_cmp(b));
    let t = p[((p.len() as f64 * reject) as usize).min(p.len() - 1)];
    neg.iter().filter(|&&s| s < t).count() as f64 / neg.len() as f64
}

fn accuracy(pred: &[u32], gold: &[u32]) -> f64 {
    pred.iter().zip(gold).filter(|(a, b)| a == b).count() as f64 / gold.len() as f64
}

fn centre(x: &[f32], mean: &[f32], h: usize) -> Vec<f32> {
    let mut out = x.to_vec();
    for row in out.chunks_exact_mut(h) {
        for (a, m) in row.iter_mut().zip(mean) {
            *a -= m;
        }
        let n = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
        row.iter_mut().for_each(|v| *v /= n);
    }
    out
}

struct Embeddings {
    train: Vec<f32>,
    test: Vec<f32>,
    oos: Vec<f32>,
}

/// Scores the simple heads on one set of embeddings; returns (name → value) and per-row LR hits.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    tag: &str,
    e: &Embeddings,
    ytr: &[u32],
    yte: &[u32],
    classes: usize,
    h: usize,
    dev: &Device,
    cos_head: Option<&Tensor>,
) -> Result<(BTreeMap<String, f64>, Vec<bool>)> {
    let mut m = BTreeMap::new();
    let mut mean = vec![0f32; h];
    for r in e.train.chunks_exact(h) {
        for (a, b) in mean.iter_mut().zip(r) {
            *a += b / ytr.len() as f32;
        }
    }
    let mut hits = Vec::new();
    for (variant, tr, te, oo) in [
        ("raw", e.train.clone(), e.test.clone(), e.oos.clone()),
        (
            "centred",
            centre(&e.train, &mean, h),
            centre(&e.test, &mean, h),
            centre(&e.oos, &mean, h),
        ),
    ] {
        let t = Instant::now();
        let (w, b) = fit_logreg(&tr, ytr, classes, h, 0, dev)?;
        let te_t = Tensor::from_slice(&te, (yte.len(), h), dev)?;
        let (pred, msp) = predict(&te_t.matmul(&w)?.broadcast_add(&b)?)?;
        m.insert(format!("{tag}.{variant}.logreg_acc"), accuracy(&pred, yte));
        if variant == "raw" {
            hits = pred.iter().zip(yte).map(|(a, b)| a == b).collect();
        }
        let tr_t = Tensor::from_slice(&tr, (ytr.len(), h), dev)?;
        let (kp, ks) = knn(&tr_t, ytr, &te_t, classes)?;
        m.insert(format!("{tag}.{variant}.knn10_acc"), accuracy(&kp, yte));
        if !e.oos.is_empty() {
            let n_oos = e.oos.len() / h;
            let oo_t = Tensor::from_slice(&oo, (n_oos, h), dev)?;
            let (_, msp_o) = predict(&oo_t.matmul(&w)?.broadcast_add(&b)?)?;
            let (_, ks_o) = knn(&tr_t, ytr, &oo_t, classes)?;
            m.insert(format!("{tag}.{variant}.auroc_msp"), auroc(&msp, &msp_o));
            m.insert(format!("{tag}.{variant}.auroc_knn"), auroc(&ks, &ks_o));
            m.insert(
                format!("{tag}.{variant}.oos_recall_at5_msp"),
                recall_at(&msp, &msp_o, 0.05),
            );
            m.insert(
                format!("{tag}.{variant}.oos_recall_at5_knn"),
                recall_at(&ks, &ks_o, 0.05),
            );
        }
        eprintln!(
            "{tag}/{variant}: heads in {:.1}s",
            t.elapsed().as_secs_f64()
        );
    }
    if let Some(head) = cos_head {
        let hn = layers::l2(head)?;
        let te_t = Tensor::from_slice(&e.test, (yte.len(), h), dev)?;
        let (pred, msp) = predict(&(te_t.matmul(&hn.t()?)? * 20.0)?)?;
        m.insert(format!("{tag}.cos_head_acc"), accuracy(&pred, yte));
        if !e.oos.is_empty() {
            let oo_t = Tensor::from_slice(&e.oos, (e.oos.len() / h, h), dev)?;
            let (_, msp_o) = predict(&(oo_t.matmul(&hn.t()?)? * 20.0)?)?;
            m.insert(format!("{tag}.cos_head_auroc_msp"), auroc(&msp, &msp_o));
        }
    }
    Ok((m, hits))
}

fn save_encoder(args: &Args, layers: &[LayerParams], out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    for f in ["config.json", "tokenizer.json.gz", "tokenizer.json"] {
        let src = args.base.join(f);
        if src.exists() {
            std::fs::copy(&src, out.join(f))?;
        }
    }
    let bytes = std::fs::read(args.base.join("model.safetensors"))?;
    let st = safetensors::SafeTensors::deserialize(&bytes)?;
    let mut tuned: BTreeMap<String, Vec<f32>> = BTreeMap::new();
    let mut shapes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for p in layers {
        for (name, v) in &p.vars {
            let full = format!("encoder.layer.{}.{name}", p.index);
            tuned.insert(full.clone(), v.as_tensor().flatten_all()?.to_vec1()?);
            shapes.insert(full, v.as_tensor().dims().to_vec());
        }
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (name, view) in st.tensors() {
        let bare = name
            .trim_start_matches("roberta.")
            .trim_start_matches("bert.")
            .trim_start_matches("model.");
        let bare = bare.trim_end_matches(".q4_0");
        let bare = bare.replace("LayerNorm.gamma", "LayerNorm.weight");
        let bare = bare.replace("LayerNorm.beta", "LayerNorm.bias");
        if tuned.contains_key(&bare) {
            continue;
        }
        entries.push((
            name.clone(),
            view.dtype(),
            view.shape().to_vec(),
            view.data().to_vec(),
        ));
    }
    for (name, v) in tuned {
        let shape = shapes[&name].clone();
        entries.push((
            name,
            safetensors::Dtype::F32,
            shape,
            triage::model::weights::f32_bytes(&v),
        ));
    }
    write_safetensors(&out.join("model.safetensors"), entries, None)?;
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    let dev = Device::Cpu;
    let t_all = Instant::now();
    let task = load_task(&args)?;
    let cfg = EncoderConfig::load(&args.base.join("config.json"))?;
    let h = cfg.hidden_size;
    let n_layers = cfg.num_hidden_layers;
    if args.top == 0 || args.top > args.cache_top || args.cache_top > n_layers {
        bail!("need 1 ≤ top ≤ cache_top ≤ {n_layers}");
    }
    eprintln!(
        "{}: {} rows, train {}, test {}, oos {}, {} classes",
        args.task,
        task.rows.len(),
        task.train.len(),
        task.test.len(),
        task.oos.len(),
        task.classes.len()
    );
    if let Some(dir) = &args.dump_split {
        std::fs::create_dir_all(dir)?;
        for (name, idx) in [("train", &task.train), ("test", &task.test)] {
            let mut f = std::fs::File::create(dir.join(format!("{name}.jsonl")))?;
            for &i in idx {
                let r = &task.rows[i];
                writeln!(
                    f,
                    "{}",
                    serde_json::json!({"text": r.text, "label": r.label})
                )?;
            }
        }
    }
    let class_of: BTreeMap<&str, u32> = task
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i as u32))
        .collect();
    let ytr: Vec<u32> = task
        .train
        .iter()
        .map(|&i| class_of[task.rows[i].label.as_str()])
        .collect();
    let yte: Vec<u32> = task
        .test
        .iter()
        .map(|&i| class_of[task.rows[i].label.as_str()])
        .collect();

    let t_cache = Instant::now();
    let cache = build_cache(&args, &task, &cfg, &dev)?;
    let cache_secs = t_cache.elapsed().as_secs_f64();
    let s = Shape {
        heads: cfg.num_attention_heads,
        hidden: h,
        eps: cfg.layer_norm_eps,
    };
    let mut w = WeightStore::load(&args.base.join("model.safetensors"), &dev)?;
    let first = n_layers - args.cache_top;
    let all: Vec<LayerParams> = (first..n_layers)
        .map(|i| LayerParams::load(&mut w, i, &dev))
        .collect::<Result<_, _>>()?;
    let (below, top) = all.split_at(args.cache_top - args.top);
    let cache = if below.is_empty() {
        cache
    } else {
        let c = cache.advance(below, &s, &dev)?;
        let path = args.cache_dir.join(format!(
            "{}_L{}_{}.bin",
            args.task,
            c.start,
            task.rows.len()
        ));
        if !path.exists() {
            save_states(&c, &path)?; // later runs can start here with --cache-top = top
        }
        c
    };
    let frozen: Vec<LayerParams> = top
        .iter()
        .map(LayerParams::detached_copy)
        .collect::<Result<_, _>>()?;

    let embed_all = |layers: &[LayerParams]| -> Result<Embeddings> {
        Ok(Embeddings {
            train: cache.embed(layers, &task.train, &s, &dev)?,
            test: cache.embed(layers, &task.test, &s, &dev)?,
            oos: cache.embed(layers, &task.oos, &s, &dev)?,
        })
    };
    let t = Instant::now();
    let fe = embed_all(&frozen)?;
    // The cached path must give the encoder's own embeddings (checked on 16 test rows).
    let check = {
        let tok = TextTokenizer::load(&args.base, cfg.pad_token_id, cfg.max_tokens().min(128))?;
        let enc = Encoder::load(&args.base, &dev)?;
        let rows: Vec<usize> = task.test.iter().take(16).copied().collect();
        let ids: Vec<Vec<u32>> = rows
            .iter()
            .map(|&i| {
                tok.encode(&format!("query: {}", task.rows[i].text))
                    .map(|t| t.ids)
            })
            .collect::<Result<_, _>>()?;
        let items: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        let (pid, mask, len) = pad_batch(&items, cfg.pad_token_id);
        let full: Vec<f32> = enc
            .embed(&EncoderInput {
                ids: pid,
                mask,
                batch: rows.len(),
                len,
            })?
            .flatten_all()?
            .to_vec1()?;
        full.iter()
            .zip(&fe.test[..rows.len() * h])
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max)
    };
    eprintln!("max |cached − encoder| over 16 test embeddings: {check:e}");
    eprintln!("frozen embeddings in {:.1}s", t.elapsed().as_secs_f64());
    let (mut metrics, frozen_hits) =
        evaluate("frozen", &fe, &ytr, &yte, task.classes.len(), h, &dev, None)?;
    let mut result = serde_json::json!({
        "task": args.task, "top": args.top, "epochs": args.epochs, "lr": args.lr,
        "head_lr": args.head_lr, "batch": args.batch, "seed": args.seed,
        "split_seed": args.split_seed, "n_train": task.train.len(), "n_test": task.test.len(),
        "n_oos": task.oos.len(), "cache_seconds": cache_secs, "check_max_abs_diff": check,
    });
    if !args.frozen_only {
        let init = finetune::class_means(&fe.train, &ytr, task.classes.len(), h);
        let tuned_layers: Vec<LayerParams> = top
            .iter()
            .map(LayerParams::detached_copy)
            .collect::<Result<_, _>>()?;
        let ft = FinetuneConfig {
            enabled: true,
            layers: args.top,
            epochs: args.epochs,
            lr: args.lr,
            head_lr: args.head_lr,
            batch_size: args.batch,
            dropout: args.dropout,
            max_minutes: args.max_minutes,
            kb: Vec::new(),
        };
        let groups: Vec<bool> = task.classes.iter().map(|c| c.starts_with("faq:")).collect();
        let tr = finetune::train(
            &ft,
            &cache,
            &tuned_layers,
            &task.train,
            &ytr,
            &groups,
            init,
            &s,
            args.seed,
            &dev,
        )?;
        let te = embed_all(&tuned_layers)?;
        let (m2, tuned_hits) = evaluate(
            "tuned",
            &te,
            &ytr,
            &yte,
            task.classes.len(),
            h,
            &dev,
            Some(&tr.head),
        )?;
        metrics.extend(m2);
        // Paired comparison of the raw logistic heads on the same test rows.
        let only_tuned = frozen_hits
            .iter()
            .zip(&tuned_hits)
            .filter(|(f, t)| !**f && **t)
            .count();
        let only_frozen = frozen_hits
            .iter()
            .zip(&tuned_hits)
            .filter(|(f, t)| **f && !**t)
            .count();
        result["train_seconds"] = serde_json::json!(tr.seconds);
        result["steps"] = serde_json::json!(tr.steps);
        result["epochs_done"] = serde_json::json!(tr.epochs_done);
        result["cut_short"] = serde_json::json!(tr.cut_short);
        result["epoch_losses"] = serde_json::json!(tr.losses);
        result["logreg_only_tuned_right"] = serde_json::json!(only_tuned);
        result["logreg_only_frozen_right"] = serde_json::json!(only_frozen);
        if let Some(dir) = &args.save_encoder {
            save_encoder(&args, &tuned_layers, dir)?;
        }
    }
    result["metrics"] = serde_json::json!(metrics);
    result["total_seconds"] = serde_json::json!(t_all.elapsed().as_secs_f64());
    let line = serde_json::to_string(&result)?;
    println!("{}", serde_json::to_string_pretty(&result)?);
    if let Some(p) = &args.out {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)?;
        writeln!(f, "{line}")?;
    }
    Ok(())
}
