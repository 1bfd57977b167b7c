//! Top-layer fine-tuning (`triage train --finetune`, `[finetune]` in the config): the top
//! `layers` encoder layers are trained on the intent training messages (plus, optionally, the
//! questions of knowledge bases, one class per entry) with a cosine classifier and
//! cross-entropy, and written as a derived encoder folder (`model::derived`) inside the model
//! folder; the rest of `triage train` then embeds through it. Intents and FAQ entries are two
//! softmax groups: an FAQ question never competes with the intent it also belongs to. Settings
//! are those of the study in research/finetune (AdamW, lr 1e-4 for the layers, 1e-3 for the
//! classifier, 10 % warm-up then linear decay, batch 32 in length buckets, dropout 0.1).

pub mod layers;
pub mod states;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::derived::{self, Derivation};
use crate::model::weights::f16_bytes;
use crate::model::{EncoderConfig, ModelError, TextTokenizer};
use layers::{Dropout, LayerParams, Shape};
use states::States;

/// The derived encoder folder inside the model folder.
pub const ENCODER_DIR: &str = "encoder";
/// Label prefix of knowledge-base classes (their own softmax group).
const FAQ_PREFIX: &str = "faq:";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FinetuneConfig {
    pub enabled: bool,
    /// How many top layers are trained.
    pub layers: usize,
    pub epochs: usize,
    pub lr: f64,
    pub head_lr: f64,
    pub batch_size: usize,
    pub dropout: f32,
    /// Training stops after this long (the report says it was cut short).
    pub max_minutes: f64,
    /// Knowledge bases (kb/*.jsonl) whose entries' questions join as one class per entry.
    pub kb: Vec<PathBuf>,
}

impl Default for FinetuneConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            layers: 2,
            epochs: 3,
            lr: 1e-4,
            head_lr: 1e-3,
            batch_size: 32,
            dropout: 0.1,
            max_minutes: 30.0,
            kb: Vec::new(),
        }
    }
}

/// What the fine-tuning did, for the train summary and the manifest's metrics.
#[derive(Debug, Clone, Serialize)]
pub struct FinetuneReport {
    pub layers: Vec<usize>,
    pub messages: usize,
    pub intent_classes: usize,
    pub faq_classes: usize,
    pub epochs_done: usize,
    pub steps: usize,
    pub epoch_losses: Vec<f64>,
    pub cut_short: bool,
    pub states_seconds: f64,
    pub train_seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum FinetuneError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("fine-tuning: {0}")]
    Invalid(String),
    #[error("{path}: {message}")]
    Kb { path: PathBuf, message: String },
}

impl From<candle_core::Error> for FinetuneError {
    fn from(e: candle_core::Error) -> Self {
        Self::Model(e.into())
    }
}

/// One training message and its class.
pub struct Labelled {
    pub text: String,
    pub label: String,
}

/// The questions of a knowledge base as `faq:ID` rows.
pub fn kb_rows(path: &Path) -> Result<Vec<Labelled>, FinetuneError> {
    let kb_err = |message: String| FinetuneError::Kb {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| kb_err(e.to_string()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        #[derive(Deserialize)]
        struct Entry {
            id: String,
            #[serde(default)]
            questions: Vec<String>,
        }
        let e: Entry =
            serde_json::from_str(line).map_err(|e| kb_err(format!("line {}: {e}", n + 1)))?;
        rows.extend(e.questions.into_iter().map(|q| Labelled {
            text: q,
            label: format!("{FAQ_PREFIX}{}", e.id),
        }));
    }
    Ok(rows)
}

/// Trains the top layers of the encoder in `base` on `rows` and writes the derived encoder
/// folder `out` (config, derivation, the tuned layers in f16).
pub fn run(
    cfg: &FinetuneConfig,
    base: &Path,
    prefix: &str,
    max_tokens: usize,
    rows: &[Labelled],
    seed: u64,
    out: &Path,
) -> Result<FinetuneReport, FinetuneError> {
    let dev = Device::Cpu;
    let config = EncoderConfig::load(&base.join("config.json"))?;
    let n_layers = config.num_hidden_layers;
    if cfg.layers == 0 || cfg.layers > n_layers {
        return Err(FinetuneError::Invalid(format!(
            "layers = {} (the encoder has {n_layers})",
            cfg.layers
        )));
    }
    if cfg.epochs == 0 || cfg.batch_size == 0 || !(0.0..1.0).contains(&cfg.dropout) {
        return Err(FinetuneError::Invalid(
            "epochs and batch_size must be ≥ 1, dropout in [0, 1)".into(),
        ));
    }
    let mut classes: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    classes.sort_unstable();
    classes.dedup();
    if classes.len() < 2 {
        return Err(FinetuneError::Invalid(
            "needs at least two labels to learn from".into(),
        ));
    }
    let class_of: HashMap<&str, u32> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u32))
        .collect();
    let labels: Vec<u32> = rows.iter().map(|r| class_of[r.label.as_str()]).collect();
    let faq_group: Vec<bool> = classes.iter().map(|c| c.starts_with(FAQ_PREFIX)).collect();

    let started = Instant::now();
    let tokenizer = TextTokenizer::load(
        &derived::tokenizer_dir(base)?,
        config.pad_token_id,
        max_tokens.min(config.max_tokens()),
    )?;
    let texts: Vec<String> = rows.iter().map(|r| format!("{prefix}{}", r.text)).collect();
    let start = n_layers - cfg.layers;
    // One read of the weights: the tuned layers come out, the frozen rest computes the states.
    let mut weights = derived::load_weights(base, &dev)?;
    let tuned: Vec<LayerParams> = (start..n_layers)
        .map(|i| LayerParams::load(&mut weights, i, &dev))
        .collect::<Result<_, _>>()?;
    let states = States::compute(weights, &config, &tokenizer, &texts, start, &dev)?;
    let states_seconds = started.elapsed().as_secs_f64();
    let shape = Shape {
        heads: config.num_attention_heads,
        hidden: config.hidden_size,
        eps: config.layer_norm_eps,
    };
    let all: Vec<usize> = (0..rows.len()).collect();
    let frozen = states.embed(&tuned, &all, &shape, &dev)?;
    let init = class_means(&frozen, &labels, classes.len(), config.hidden_size);
    let trained = train(
        cfg, &states, &tuned, &all, &labels, &faq_group, init, &shape, seed, &dev,
    )?;
    write_encoder(base, out, &tuned)?;
    Ok(FinetuneReport {
        layers: (start..n_layers).collect(),
        messages: rows.len(),
        intent_classes: faq_group.iter().filter(|g| !**g).count(),
        faq_classes: faq_group.iter().filter(|g| **g).count(),
        epochs_done: trained.epochs_done,
        steps: trained.steps,
        epoch_losses: trained.losses,
        cut_short: trained.cut_short,
        states_seconds,
        train_seconds: trained.seconds,
    })
}

/// The normalised mean embedding per class: the cosine classifier's starting weights.
pub fn class_means(emb: &[f32], labels: &[u32], classes: usize, h: usize) -> Vec<f32> {
    let mut m = vec![0f32; classes * h];
    for (r, &y) in emb.chunks_exact(h).zip(labels) {
        for (a, b) in m[y as usize * h..(y as usize + 1) * h].iter_mut().zip(r) {
            *a += b;
        }
    }
    for row in m.chunks_exact_mut(h) {
        let n = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        row.iter_mut().for_each(|x| *x /= n);
    }
    m
}

/// Linear warm-up over the first 10 % of steps, then linear decay to 0.
pub fn lr_factor(step: usize, total: usize) -> f64 {
    let warm = (total / 10).max(1);
    if step < warm {
        (step + 1) as f64 / warm as f64
    } else {
        ((total - step) as f64 / (total - warm).max(1) as f64).max(0.0)
    }
}

fn adam(lr: f64, weight_decay: f64) -> ParamsAdamW {
    ParamsAdamW {
        lr,
        weight_decay,
        ..Default::default()
    }
}

/// AdamW for the tuned layers: weight decay 0.01 on the weight matrices, none on biases and
/// LayerNorms. Returns (matrices, the rest).
pub fn layer_optimizers(layers: &[LayerParams], lr: f64) -> candle_core::Result<(AdamW, AdamW)> {
    let (mut mats, mut others) = (Vec::new(), Vec::new());
    for p in layers {
        for (name, v) in &p.vars {
            if LayerParams::is_matrix(name) {
                mats.push(v.clone());
            } else {
                others.push(v.clone());
            }
        }
    }
    Ok((
        AdamW::new(mats, adam(lr, 0.01))?,
        AdamW::new(others, adam(lr, 0.0))?,
    ))
}

pub struct Trained {
    /// The cosine classifier's class vectors [classes, hidden] (unnormalised).
    pub head: Tensor,
    pub epochs_done: usize,
    pub steps: usize,
    pub seconds: f64,
    pub losses: Vec<f64>,
    pub cut_short: bool,
}

/// Cosine-classifier logits scale (logits = SCALE · cos).
const SCALE: f64 = 20.0;

/// Trains `layers` (in place) and a cosine classifier on `rows` of `states`, `labels[i]` the
/// class of `rows[i]`; `faq_group[c]` puts class `c` in the knowledge-base softmax group.
#[allow(clippy::too_many_arguments)]
pub fn train(
    cfg: &FinetuneConfig,
    states: &States,
    layers: &[LayerParams],
    rows: &[usize],
    labels: &[u32],
    faq_group: &[bool],
    init_head: Vec<f32>,
    s: &Shape,
    seed: u64,
    dev: &Device,
) -> Result<Trained, FinetuneError> {
    let classes = faq_group.len();
    let head = Var::from_vec(init_head, (classes, s.hidden), dev)?;
    let (mut opt_m, mut opt_o) = layer_optimizers(layers, cfg.lr)?;
    let mut opt_h = AdamW::new(vec![head.clone()], adam(cfg.head_lr, 0.0))?;
    let grouped = faq_group.iter().any(|&g| g) && faq_group.iter().any(|&g| !g);
    let label_of: HashMap<usize, u32> = rows.iter().copied().zip(labels.iter().copied()).collect();
    let total = rows.len().div_ceil(cfg.batch_size) * cfg.epochs;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let drop = Dropout {
        p: cfg.dropout,
        rng: std::cell::RefCell::new(ChaCha8Rng::seed_from_u64(seed ^ 0x5eed)),
    };
    let t0 = Instant::now();
    let (mut step, mut epochs_done, mut cut_short) = (0, 0, false);
    let mut losses = Vec::new();
    let bar = crate::train::progress(total as u64, "fine-tuning top layers");
    'epochs: for _ in 0..cfg.epochs {
        // Batches of similar lengths (less padding): shuffle, sort windows of 50 batches by
        // length, cut, shuffle the batches. Random batches were 2.7x slower (research/finetune).
        let mut order = rows.to_vec();
        order.shuffle(&mut rng);
        let mut batches: Vec<Vec<usize>> = Vec::new();
        for window in order.chunks(cfg.batch_size * 50) {
            let mut w = window.to_vec();
            w.sort_by_key(|&i| states.lens[i]);
            batches.extend(w.chunks(cfg.batch_size).map(<[usize]>::to_vec));
        }
        batches.shuffle(&mut rng);
        let (mut sum, mut n) = (0f64, 0usize);
        for chunk in &batches {
            if t0.elapsed().as_secs_f64() > cfg.max_minutes * 60.0 {
                cut_short = true;
                break 'epochs;
            }
            let (x, mask, bias) = states.batch(chunk, dev)?;
            let y: Vec<u32> = chunk.iter().map(|i| label_of[i]).collect();
            let e = layers::pool(&layers::forward(layers, x, &bias, s, Some(&drop))?, &mask)?;
            let mut logits = (e.matmul(&layers::l2(head.as_tensor())?.t()?)? * SCALE)?;
            if grouped {
                let mut m = Vec::with_capacity(chunk.len() * classes);
                for &c in &y {
                    let g = faq_group[c as usize];
                    m.extend(faq_group.iter().map(|&o| if o == g { 0f32 } else { -1e4 }));
                }
                logits = logits.add(&Tensor::from_vec(m, (chunk.len(), classes), dev)?)?;
            }
            let y = Tensor::from_vec(y, chunk.len(), dev)?;
            let loss = candle_nn::loss::cross_entropy(&logits, &y)?;
            let grads = loss.backward()?;
            let f = lr_factor(step, total);
            opt_m.set_learning_rate(cfg.lr * f);
            opt_o.set_learning_rate(cfg.lr * f);
            opt_h.set_learning_rate(cfg.head_lr * f);
            opt_m.step(&grads)?;
            opt_o.step(&grads)?;
            opt_h.step(&grads)?;
            sum += loss.to_scalar::<f32>()? as f64;
            n += 1;
            step += 1;
            bar.inc(1);
        }
        losses.push(sum / n.max(1) as f64);
        epochs_done += 1;
    }
    bar.finish_and_clear();
    Ok(Trained {
        head: head.as_tensor().clone(),
        epochs_done,
        steps: step,
        seconds: t0.elapsed().as_secs_f64(),
        losses,
        cut_short,
    })
}

/// Writes the tuned layers as a derived folder over `base` (f16: half the size; the heads are
/// trained on embeddings from exactly these rounded weights).
fn write_encoder(base: &Path, out: &Path, tuned: &[LayerParams]) -> Result<(), FinetuneError> {
    let mut entries = Vec::new();
    for p in tuned {
        for (name, v) in &p.vars {
            let t = v.as_tensor();
            let values: Vec<f32> = t.flatten_all()?.to_vec1()?;
            entries.push((
                p.stored_names[name].clone(),
                safetensors::Dtype::F16,
                t.dims().to_vec(),
                f16_bytes(&values),
            ));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| ModelError::io(out, e))?;
    let derivation = Derivation {
        base: relative_base(out, base),
        method: "triage train --finetune: top layers tuned with a cosine classifier".into(),
        layers: tuned.iter().map(|p| p.index).collect(),
    };
    derived::write(out, base, &derivation, entries)?;
    Ok(())
}

/// `base` as seen from `out` (relative when both resolve, so the model folder can move with
/// its base).
fn relative_base(out: &Path, base: &Path) -> String {
    crate::train::relative(out, base)
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testkit::write_tiny_encoder;
    use crate::model::tokenizer::pad_batch;
    use crate::model::{Encoder, EncoderInput};

    fn tiny_rows() -> Vec<Labelled> {
        let mut rows = Vec::new();
        for i in 0..12 {
            for (label, text) in [
                ("track_order", "where is my order"),
                ("cancel_order", "cancel my order"),
                ("faq:returns", "how do i return an item"),
                ("faq:shipping", "how long does shipping take"),
            ] {
                let filler = ["please", "now", "today", "thanks"][i % 4];
                rows.push(Labelled {
                    text: format!("{text} {filler} {i}"),
                    label: label.into(),
                });
            }
        }
        rows
    }

    #[test]
    fn cached_states_give_the_encoders_own_embeddings() {
        let tmp = tempfile::tempdir().unwrap();
        let enc_dir = tmp.path().join("enc");
        write_tiny_encoder(&enc_dir, 5).unwrap();
        let dev = Device::Cpu;
        let config = EncoderConfig::load(&enc_dir.join("config.json")).unwrap();
        let tok = TextTokenizer::load(&enc_dir, config.pad_token_id, 64).unwrap();
        let texts: Vec<String> = tiny_rows().into_iter().take(9).map(|r| r.text).collect();
        let start = config.num_hidden_layers - 1;
        let mut w = derived::load_weights(&enc_dir, &dev).unwrap();
        let top = vec![LayerParams::load(&mut w, start, &dev).unwrap()];
        let states = States::compute(w, &config, &tok, &texts, start, &dev).unwrap();
        let shape = Shape {
            heads: config.num_attention_heads,
            hidden: config.hidden_size,
            eps: config.layer_norm_eps,
        };
        let idx: Vec<usize> = (0..texts.len()).collect();
        let ours = states.embed(&top, &idx, &shape, &dev).unwrap();

        let enc = Encoder::load(&enc_dir, &dev).unwrap();
        let ids: Vec<Vec<u32>> = texts.iter().map(|t| tok.encode(t).unwrap().ids).collect();
        let items: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        let (pid, mask, len) = pad_batch(&items, config.pad_token_id);
        let full: Vec<f32> = enc
            .embed(&EncoderInput {
                ids: pid,
                mask,
                batch: texts.len(),
                len,
            })
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap();
        let worst = full
            .iter()
            .zip(&ours)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst < 1e-4, "max |Δ| {worst}");

        // Advancing the states through the layer and pooling them gives the same embeddings,
        // and the parts round-trip.
        let advanced = states.advance(&top, &shape, &dev).unwrap();
        assert_eq!(advanced.start, start + 1);
        let pooled = advanced.embed(&[], &idx, &shape, &dev).unwrap();
        let worst = ours
            .iter()
            .zip(&pooled)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst < 1e-5, "max |Δ| {worst}");
        let back = States::from_parts(
            advanced.start,
            advanced.hidden,
            advanced.lens.clone(),
            advanced.data().to_vec(),
        )
        .unwrap();
        assert_eq!(back.embed(&[], &idx, &shape, &dev).unwrap(), pooled);
        let short = advanced.data()[1..].to_vec();
        assert!(States::from_parts(start, advanced.hidden, advanced.lens.clone(), short).is_err());
    }

    #[test]
    fn fine_tuning_lowers_the_loss_and_writes_a_derived_folder_that_loads() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("base");
        write_tiny_encoder(&base, 7).unwrap();
        let out = tmp.path().join("model").join(ENCODER_DIR);
        let cfg = FinetuneConfig {
            enabled: true,
            layers: 1,
            epochs: 4,
            lr: 1e-3,
            batch_size: 8,
            dropout: 0.0,
            ..Default::default()
        };
        let rows = tiny_rows();
        let report = run(&cfg, &base, "", 64, &rows, 1, &out).unwrap();
        assert_eq!(report.layers, vec![1]);
        assert_eq!((report.intent_classes, report.faq_classes), (2, 2));
        assert_eq!(report.epochs_done, 4);
        let (first, last) = (report.epoch_losses[0], *report.epoch_losses.last().unwrap());
        assert!(last < first, "loss {first} → {last}");

        let d = derived::derivation(&out).unwrap().unwrap();
        assert_eq!(d.layers, vec![1]);
        assert_eq!(d.base, "../../base");
        // Only the tuned layer is stored, far smaller than the whole encoder.
        let own = std::fs::metadata(out.join("model.safetensors"))
            .unwrap()
            .len();
        let whole = std::fs::metadata(base.join("model.safetensors"))
            .unwrap()
            .len();
        assert!(own * 2 < whole, "{own} vs {whole}");
        // The tuned encoder loads and embeds differently from its base.
        let dev = Device::Cpu;
        let embed = |dir: &Path| -> Vec<f32> {
            let config = EncoderConfig::load(&dir.join("config.json")).unwrap();
            let tok = TextTokenizer::load(&derived::tokenizer_dir(dir).unwrap(), 0, 64).unwrap();
            let ids = tok.encode("where is my order").unwrap().ids;
            let (pid, mask, len) = pad_batch(&[ids.as_slice()], config.pad_token_id);
            Encoder::load(dir, &dev)
                .unwrap()
                .embed(&EncoderInput {
                    ids: pid,
                    mask,
                    batch: 1,
                    len,
                })
                .unwrap()
                .flatten_all()
                .unwrap()
                .to_vec1()
                .unwrap()
        };
        let (a, b) = (embed(&base), embed(&out));
        let cos: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!(
            cos < 0.9999,
            "tuned embedding equals the base's (cos {cos})"
        );
    }

    #[test]
    fn bad_settings_are_rejected_before_any_work() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("base");
        write_tiny_encoder(&base, 7).unwrap();
        let cfg = FinetuneConfig {
            layers: 9,
            ..Default::default()
        };
        let err = run(&cfg, &base, "", 64, &tiny_rows(), 1, &tmp.path().join("o"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("layers = 9"), "{err}");
        let one_label: Vec<Labelled> = tiny_rows()
            .into_iter()
            .filter(|r| r.label == "track_order")
            .collect();
        let err = run(
            &FinetuneConfig::default(),
            &base,
            "",
            64,
            &one_label,
            1,
            &tmp.path().join("o"),
        )
        .err()
        .unwrap();
        assert!(err.to_string().contains("two labels"), "{err}");
    }

    #[test]
    fn kb_questions_become_one_class_per_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("kb.jsonl");
        std::fs::write(
            &p,
            "{\"id\": \"a\", \"questions\": [\"q1\", \"q2\"], \"answer\": \"x\"}\n\n{\"id\": \"b\", \"questions\": [\"q3\"], \"answer\": {\"en\": \"y\"}}\n",
        )
        .unwrap();
        let rows = kb_rows(&p).unwrap();
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["faq:a", "faq:a", "faq:b"]);
        std::fs::write(&p, "{\"questions\": []}\n").unwrap();
        let err = kb_rows(&p).err().unwrap().to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
