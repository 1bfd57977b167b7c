//! `triage train`: encodes every text once with the frozen encoder (cached), trains the intent
//! and sentiment heads, calibrates them, fits the out-of-scope statistics and the decision
//! thresholds on validation data, and writes a model folder.

pub mod background;
mod config;
pub mod data;
mod embed;
pub mod fit;
mod intent;
pub mod ngram;
mod oos;
mod report;
pub use report::{
    Calibration, IntentMetrics, Promise, PromiseBasis, SentimentFile, SentimentMetrics,
    SimulatedReport, ThresholdReport, TrainMetrics,
};
mod sentiment;
pub mod smalltalk;
pub mod stack;
mod thresholds;
pub mod unknown;

pub use config::*;
pub use embed::embed_cached;
#[allow(unused_imports)]
use embed::*;
use intent::*;
use oos::*;
use report::*;
use sentiment::*;
#[allow(unused_imports)]
use thresholds::*;
pub use thresholds::{
    choose_thresholds, choose_thresholds_per_language, ChosenThresholds, MIN_THRESHOLD_ROWS,
};

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::metrics::{calibration, tradeoff};
use crate::model::center::Centering;
use crate::model::manifest::{
    EncoderSpec, HeadSpec, KnnVoteSpec, LanguageThresholds, Manifest, NgramMode, NgramSpec,
    OosMethod, OosSignal, OosSpec, SignalInputs, Thresholds, HEADS_FILE,
};
use crate::model::weights::{f16_bytes, write_safetensors, WeightStore};
use crate::model::{EncoderBundle, Head, KnnScorer, ModelError};
use crate::text::language::{detect, Language};
use data::{DataError, Example, LoadStats};
use fit::{FitConfig, FitReport};

pub const DEFAULT_BASE: &str = "models/base/multilingual-e5-small";

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("config {path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TrainError + '_ {
    move |source| TrainError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn progress(len: u64, msg: &str) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(len);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{msg:>28} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb.set_message(msg.to_string());
    pb
}

struct Split {
    train: Vec<Example>,
    /// Validation examples with the file they came from (for per-file scores).
    val: Vec<(Example, String)>,
    stats: LoadStats,
}

fn load_split(h: &HeadData, seed: u64) -> Result<Split, TrainError> {
    let mut seen = HashSet::new();
    let mut stats = LoadStats::default();
    let all = data::load_files(&h.train, &mut seen, &mut stats)?;
    if all.is_empty() {
        return Err(TrainError::Invalid("no training examples".into()));
    }
    if h.val.is_empty() {
        let (train, val) = data::split(all, h.val_fraction, seed);
        let val = val
            .into_iter()
            .map(|e| (e, "held-out".to_string()))
            .collect();
        return Ok(Split { train, val, stats });
    }
    let mut val = Vec::new();
    for p in &h.val {
        // `seen` already holds the training texts: a validation text seen in training is dropped.
        let rows = data::load_file(p, &mut seen, &mut stats)?;
        let tag = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        val.extend(rows.into_iter().map(|e| (e, tag.clone())));
    }
    Ok(Split {
        train: all,
        val,
        stats,
    })
}

/// Adds the shipped out-of-scope background ([`background`]) when the data has fewer than
/// `[oos] min_examples` out-of-scope training examples: background messages too close to the
/// user's in-scope training messages are dropped, the rest split into training and validation.
fn add_background(
    cfg: &TrainConfig,
    split: &mut Split,
    known: &mut HashSet<String>,
    emb: &mut Embedder<'_>,
) -> Result<background::BackgroundReport, TrainError> {
    let mut report = background::BackgroundReport::default();
    let own = split
        .train
        .iter()
        .filter(|e| e.label == cfg.oos_label)
        .count();
    if !cfg.oos.background {
        report.reason = Some("[oos] background = false".into());
        return Ok(report);
    }
    if own >= cfg.oos.min_examples {
        report.reason = Some(format!(
            "{own} out-of-scope training examples of your own (≥ {})",
            cfg.oos.min_examples
        ));
        return Ok(report);
    }
    let texts = background::unseen(known);
    report.available = texts.len();
    let user: Vec<String> = split
        .train
        .iter()
        .filter(|e| e.label != cfg.oos_label && !crate::smalltalk::is_act(&e.label))
        .map(|e| e.text.clone())
        .collect();
    let xu = emb.embed(&user, "intent train")?;
    let xb = emb.embed(
        &texts.iter().map(|t| t.text.clone()).collect::<Vec<_>>(),
        "out-of-scope background",
    )?;
    let sims: Vec<f32> = xb
        .iter()
        .map(|b| {
            xu.iter()
                .map(|u| crate::model::fast::math::dot(b, u))
                .fold(f32::NEG_INFINITY, f32::max)
        })
        .collect();
    let (train, val) = background::select(&texts, &sims, &cfg.oos, cfg.seed, &mut report);
    for i in train {
        known.insert(texts[i].text.clone());
        split.train.push(Example {
            text: texts[i].text.clone(),
            label: cfg.oos_label.clone(),
        });
    }
    for i in val {
        known.insert(texts[i].text.clone());
        split.val.push((
            Example {
                text: texts[i].text.clone(),
                label: cfg.oos_label.clone(),
            },
            "oos_background".to_string(),
        ));
    }
    report.used = true;
    Ok(report)
}

fn label_index(labels: &[String], l: &str) -> Option<usize> {
    labels.iter().position(|x| x == l)
}

fn logits_of(head: &Head, x: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, TrainError> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    let dim = x[0].len();
    let t = Tensor::from_vec(
        x.iter().flatten().copied().collect::<Vec<_>>(),
        (x.len(), dim),
        &Device::Cpu,
    )
    .map_err(ModelError::from)?;
    Ok(head.logits(&t)?.to_vec2().map_err(ModelError::from)?)
}

#[derive(Debug, Serialize)]
pub struct TrainSummary {
    pub out: PathBuf,
    pub seconds: f64,
    pub encoded: usize,
    pub manifest: Manifest,
    pub metrics: TrainMetrics,
}

/// A path from `from` (a folder) to `to`, relative when both resolve.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let (Ok(a), Ok(b)) = (from.canonicalize(), to.canonicalize()) else {
        return to.to_path_buf();
    };
    let ac: Vec<_> = a.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let mut p = PathBuf::new();
    for _ in common..ac.len() {
        p.push("..");
    }
    for c in &bc[common..] {
        p.push(c);
    }
    p
}

/// The intent data as every later phase reads it: the split with small talk and background
/// added, the label set, and the (centred) embeddings of the rows the head can score.
struct IntentData {
    split: Split,
    smalltalk_report: smalltalk::SmalltalkReport,
    background_report: background::BackgroundReport,
    labels: Vec<String>,
    has_oos: bool,
    centering: Option<Centering>,
    x_train: Vec<Vec<f32>>,
    y_train: Vec<usize>,
    train_texts: Vec<String>,
    /// Indices into `split.val` of the rows kept (their label appears in training).
    val_keep: Vec<usize>,
    xv: Vec<Vec<f32>>,
    yv: Vec<usize>,
    val_texts: Vec<String>,
    oos_idx: Option<usize>,
}

/// Loads the intent files, adds the built-in small talk (and the background when asked) and
/// embeds everything through the cache.
fn prepare_intent_data(cfg: &TrainConfig, emb: &mut Embedder) -> Result<IntentData, TrainError> {
    let mut split = load_split(&cfg.intent, cfg.seed)?;
    eprintln!(
        "intent data: {} train, {} validation ({} rows read, {} duplicates and {} empty dropped{})",
        split.train.len(),
        split.val.len(),
        split.stats.rows,
        split.stats.duplicates,
        split.stats.empty,
        split.stats.unknown_fields_note()
    );
    let mut known: HashSet<String> = split
        .train
        .iter()
        .map(|e| e.text.clone())
        .chain(split.val.iter().map(|(e, _)| e.text.clone()))
        .collect();
    let smalltalk_report =
        smalltalk::augment(&mut split.train, &mut known, &cfg.smalltalk, cfg.seed);
    if cfg.smalltalk.enabled {
        eprintln!(
            "small talk: {} built-in examples added ({}){}, {} messages copied with a greeting in front",
            smalltalk_report.added.values().sum::<usize>(),
            smalltalk_report
                .added
                .iter()
                .map(|(a, n)| format!("{a} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            if smalltalk_report.user_acts.is_empty() {
                String::new()
            } else {
                format!(
                    "; your own labels kept for {}",
                    smalltalk_report.user_acts.join(", ")
                )
            },
            smalltalk_report.with_opener
        );
    }
    let background_report = add_background(cfg, &mut split, &mut known, emb)?;
    if background_report.used {
        eprintln!(
            "out-of-scope background: {} train + {} validation messages added ({} dropped as too close to your own messages)",
            background_report.train, background_report.validation, background_report.dropped_close
        );
    }
    let mut labels: Vec<String> = split.train.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let has_oos = labels.contains(&cfg.oos_label);
    let x_train = emb.embed(
        &split
            .train
            .iter()
            .map(|e| e.text.clone())
            .collect::<Vec<_>>(),
        "intent train",
    )?;
    let x_val = emb.embed(
        &split
            .val
            .iter()
            .map(|(e, _)| e.text.clone())
            .collect::<Vec<_>>(),
        "intent validation",
    )?;
    let centering = if cfg.center_embeddings {
        Centering::fit(&x_train)
    } else {
        None
    };
    let (x_train, x_val) = match &centering {
        Some(c) => (c.apply_all(&x_train), c.apply_all(&x_val)),
        None => (x_train, x_val),
    };
    let y_train: Vec<usize> = split
        .train
        .iter()
        .filter_map(|e| label_index(&labels, &e.label))
        .collect();
    // Validation rows whose label never appears in training cannot be scored by the head.
    let val_keep: Vec<usize> = (0..split.val.len())
        .filter(|&i| label_index(&labels, &split.val[i].0.label).is_some())
        .collect();
    let xv: Vec<Vec<f32>> = val_keep.iter().map(|&i| x_val[i].clone()).collect();
    let yv: Vec<usize> = val_keep
        .iter()
        .filter_map(|&i| label_index(&labels, &split.val[i].0.label))
        .collect();
    let train_texts: Vec<String> = split.train.iter().map(|e| e.text.clone()).collect();
    let val_texts: Vec<String> = val_keep
        .iter()
        .map(|&i| split.val[i].0.text.clone())
        .collect();
    let oos_idx = label_index(&labels, &cfg.oos_label);
    Ok(IntentData {
        split,
        smalltalk_report,
        background_report,
        labels,
        has_oos,
        centering,
        x_train,
        y_train,
        train_texts,
        val_keep,
        xv,
        yv,
        val_texts,
        oos_idx,
    })
}

pub fn run(cfg: &TrainConfig, out: &Path) -> Result<TrainSummary, TrainError> {
    let started = Instant::now();
    if !cfg.intent.ngram_only.is_empty() {
        return Err(TrainError::Invalid(
            "ngram_only is a [sentiment] setting; the intent n-gram model reads [intent] train"
                .into(),
        ));
    }
    let device = Device::Cpu;
    let bundle = EncoderBundle::load(
        &cfg.base,
        &cfg.prefix,
        &cfg.document_prefix,
        cfg.max_tokens,
        &device,
    )?;
    let mut emb = Embedder::open(cfg, &bundle)?;

    // ---- intent ----
    let IntentData {
        split,
        smalltalk_report,
        background_report,
        labels,
        has_oos,
        centering,
        x_train,
        y_train,
        train_texts,
        val_keep,
        xv,
        yv,
        val_texts,
        oos_idx,
    } = prepare_intent_data(cfg, &mut emb)?;
    let vote = cfg.knn_vote.spec();
    let intent = fit_intent(
        cfg,
        &labels,
        &train_texts,
        &x_train,
        &y_train,
        Some((&val_texts, &xv, &yv)),
        cfg.seed,
        true,
    )?;
    let intent_fit = intent.report.clone();
    let mut intent_head = intent.head.clone();
    let ngram_model = intent.ngram.clone();

    // ---- out-of-scope bank (and neighbour-vote bank) ----
    let dim = bundle.encoder.hidden_size();
    let Bank {
        scorer: knn,
        idx: bank_idx,
        rows: bank_rows,
        labels: bank_labels,
    } = bank_of(cfg, &x_train, &y_train, oos_idx)?;
    let val_out = intent.apply(&val_texts, &xv, &knn, vote.as_ref())?;
    let knn_val = val_out.knn;
    let val_logits = val_out.logits;
    let head_only_accuracy = accuracy_of(&val_out.without_vote, &yv);
    let ngram_only_accuracy = val_out.ngram_only.as_ref().map(|l| accuracy_of(l, &yv));
    let ece_before = ece_of(&val_logits, &yv, 1.0);
    let temperature = if xv.is_empty() {
        1.0
    } else {
        calibration::fit_temperature(&val_logits, &yv)
    };
    intent_head.temperature = temperature;
    let ece_after = ece_of(&val_logits, &yv, temperature);

    let combined = cfg.oos_method == OosMethod::Combined;
    let maha_fit = if combined {
        Some(fit_maha(cfg, &labels, &x_train, &y_train, oos_idx)?)
    } else {
        None
    };
    let xv_t = rows_tensor(&xv, dim)?;
    let (maha_val, rel_maha_val) = match &maha_fit {
        Some(f) if !xv.is_empty() => f.scorer(&device)?.scores(&xv_t)?,
        _ => (vec![0.0; xv.len()], vec![0.0; xv.len()]),
    };

    // Per validation message: in-scope ranking after removing the oos class.
    let mut val_rows = Vec::new();
    // One vector per signal, indexed by `OosSignal as usize`.
    let mut signals: [Vec<f32>; 7] = Default::default();
    for (j, row) in val_logits.iter().enumerate() {
        let r = rank_in_scope(row, temperature, oos_idx);
        let values = OosSignal::all_values(&SignalInputs {
            knn: knn_val[j],
            rel_maha: rel_maha_val[j],
            maha: maha_val[j],
            top: r.conf as f32,
            p_oos: r.p_oos as f32,
        });
        for (v, x) in signals.iter_mut().zip(values) {
            v.push(x);
        }
        val_rows.push(ValRow {
            gold: yv[j],
            top: r.top,
            conf: r.conf,
            margin: r.margin,
            head_oos: has_oos && r.p_oos >= r.conf,
            knn: knn_val[j] as f64,
            tag: split.val[val_keep[j]].1.clone(),
            lang: detect(&split.val[val_keep[j]].0.text),
            flag: false,
        });
    }
    let in_scope = |r: &ValRow| Some(r.gold) != oos_idx;
    let is_oos: Vec<bool> = val_rows.iter().map(|r| !in_scope(r)).collect();
    let signal_auroc: BTreeMap<&str, Option<f64>> = OosSignal::ALL
        .iter()
        .zip(&signals)
        .map(|(n, v)| {
            let v: Vec<f64> = v.iter().map(|&x| x as f64).collect();
            (n.name(), crate::metrics::ranking::auroc(&v, &is_oos))
        })
        .collect();
    let mut stacker_report = serde_json::Value::Null;
    let combine = if combined {
        Some(combine_signals(
            cfg,
            &labels,
            &train_texts,
            &x_train,
            &y_train,
            oos_idx,
            &signals,
            &mut val_rows,
            &mut stacker_report,
        )?)
    } else {
        None
    };
    let oos_threshold = choose_oos_threshold_per_group(
        &val_rows,
        &in_scope,
        cfg.oos_max_in_scope_rejection,
        cfg.oos_rejection_per_language,
        cfg.oos_rejection_per_file,
    );
    // ---- unknown intents, simulated (no or few out-of-scope examples) ----
    let oos_examples = y_train.iter().filter(|&&y| Some(y) == oos_idx).count();
    let groups = cfg.oos.unknown_groups;
    let simulated = if cfg.oos.simulate_unknown
        && oos_examples < cfg.oos.min_examples
        && unknown::possible(&labels, oos_idx, groups)
    {
        let pb = progress(groups as u64, "simulated unknown intents");
        let rows = unknown::simulate(
            cfg,
            &unknown::SimData {
                labels: &labels,
                train_texts: &train_texts,
                x_train: &x_train,
                y_train: &y_train,
                val_texts: &val_texts,
                x_val: &xv,
                y_val: &yv,
                oos_idx,
                spec: combine.as_ref(),
            },
            groups,
            Some(&pb),
        )?;
        pb.finish_and_clear();
        unknown::choose(
            &rows,
            0.0,
            cfg.target_error,
            cfg.expected_oos_share,
            cfg.promise_confidence,
        )
        .map(|c| (rows, c))
    } else {
        None
    };
    // The simulated cut, carried over as the share of in-scope messages it rejects, only ever
    // makes the threshold stricter.
    let oos_threshold = match &simulated {
        Some((_, c)) => {
            let ins: Vec<f64> = val_rows
                .iter()
                .filter(|r| in_scope(r))
                .map(|r| r.knn)
                .collect();
            oos_threshold.min(unknown::cut_for_rejection(&ins, c.in_scope_rejection))
        }
        None => oos_threshold,
    };
    for r in val_rows.iter_mut() {
        r.flag = r.head_oos || r.knn >= oos_threshold;
    }

    // ---- decision thresholds for the target bot error ----
    let DecisionThresholds {
        thresholds,
        recommended: rec,
        recommended_high: rec_high,
        per_language: per_language_report,
        promise,
    } = decision_thresholds(cfg, &val_rows, oos_idx, simulated.as_ref(), groups);
    let mut intent_metrics = intent_metrics(&val_rows, oos_idx, &labels);
    intent_metrics.oos_auroc_by_signal = signal_auroc
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    intent_metrics.in_scope_accuracy_without_vote = head_only_accuracy;
    intent_metrics.in_scope_accuracy_ngram = ngram_only_accuracy.flatten();

    // ---- sentiment ----
    let mut store_entries = intent_head.to_entries()?;
    let mut heads = BTreeMap::new();
    heads.insert(
        "intent".to_string(),
        HeadSpec {
            labels: labels.clone(),
            temperature,
        },
    );
    let sentiment = train_sentiment(cfg, &mut emb, &device, dim)?;
    store_entries.extend(sentiment.entries);
    if let Some(h) = sentiment.head {
        heads.insert("sentiment".to_string(), h);
    }
    if let Some(ng) = &ngram_model {
        store_entries.extend(ng.to_entries());
    }
    if let Some(c) = &centering {
        store_entries.push((
            crate::model::manifest::CENTER_TENSOR.to_string(),
            safetensors::Dtype::F32,
            vec![dim],
            crate::model::weights::f32_bytes(c.mean()),
        ));
    }
    let maha_used = combine
        .as_ref()
        .is_some_and(|c| c.signals.iter().any(|s| s.is_mahalanobis()));
    if let (Some(f), true) = (&maha_fit, maha_used) {
        store_entries.extend(f.to_entries());
    }
    store_entries.push((
        "oos.bank".to_string(),
        safetensors::Dtype::F16,
        vec![bank_idx.len(), dim],
        f16_bytes(&bank_rows),
    ));
    if vote.is_some() {
        let l: Vec<f32> = bank_labels.iter().map(|&v| v as f32).collect();
        store_entries.push((
            "oos.bank_labels".to_string(),
            safetensors::Dtype::F32,
            vec![l.len()],
            crate::model::weights::f32_bytes(&l),
        ));
    }
    emb.cache.flush().map_err(io(&cfg.cache_dir))?;

    std::fs::create_dir_all(out).map_err(io(out))?;
    write_safetensors(&out.join(HEADS_FILE), store_entries, None)?;
    let mut manifest = Manifest {
        name: cfg.name.clone(),
        version: cfg.version.clone(),
        created_at: Some(chrono::Utc::now().to_rfc3339()),
        encoder: EncoderSpec {
            path: relative(out, &cfg.base).to_string_lossy().into_owned(),
            prefix: cfg.prefix.clone(),
            document_prefix: cfg.document_prefix.clone(),
            pooling: "mean".into(),
            normalize: true,
            max_tokens: bundle.tokenizer.max_tokens(),
            precision: cfg.precision,
        },
        heads,
        oos: Some(OosSpec {
            method: cfg.oos_method,
            k: cfg.knn_k,
            threshold: oos_threshold as f32,
            label: cfg.oos_label.clone(),
            combine,
        }),
        ngram: ngram_model.as_ref().map(|m| NgramSpec {
            min_n: m.min_n,
            max_n: m.max_n,
            weight: cfg.ngram.weight,
            word_max_n: m.word_max_n,
            buckets: m.buckets,
            mode: if cfg.ngram.joint() {
                NgramMode::Sum
            } else {
                NgramMode::Average
            },
        }),
        sentiment_ngram: sentiment.ngram,
        knn_vote: vote.clone(),
        center_embeddings: centering.is_some(),
        thresholds,
        provenance: json!({
            "tool": format!("triage {} train", env!("CARGO_PKG_VERSION")),
            "config": cfg,
            "seed": cfg.seed,
            "intent_examples": {"train": split.train.len(), "validation": split.val.len(), "dropped_duplicates": split.stats.duplicates, "dropped_empty": split.stats.empty},
            "oos_bank": bank_idx.len(),
            "smalltalk": smalltalk_report,
            "oos_background": background_report,
            "unknown_fields": split.stats.unknown_fields,
        }),
        metrics: serde_json::Value::Null,
    };
    let metrics = TrainMetrics {
        intent: intent_metrics,
        intent_fit,
        oos_stacker: stacker_report,
        calibration: report::Calibration {
            temperature,
            ece_before,
            ece_after,
        },
        oos: json!({"threshold": oos_threshold, "k": cfg.knn_k, "method": cfg.oos_method}),
        thresholds: report::ThresholdReport {
            recommended: rec,
            recommended_high: rec_high,
            target_error: cfg.target_error,
            per_language: per_language_report,
            promise,
        },
        sentiment: sentiment.metrics,
        sentiment_fit: sentiment.fit,
        sentiment_ngram: sentiment.ngram_report,
    };
    manifest.metrics = serde_json::to_value(&metrics)
        .map_err(|e| TrainError::Invalid(format!("metrics do not serialise: {e}")))?;
    manifest.save(out)?;
    Ok(TrainSummary {
        out: out.to_path_buf(),
        seconds: started.elapsed().as_secs_f64(),
        encoded: emb.encoded,
        manifest,
        metrics,
    })
}

struct ValRow {
    gold: usize,
    top: usize,
    conf: f64,
    margin: f64,
    head_oos: bool,
    knn: f64,
    flag: bool,
    tag: String,
    lang: Language,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An in-scope (gold 0) validation row with this out-of-scope score.
    fn row(score: f64, lang: Language) -> ValRow {
        ValRow {
            gold: 0,
            top: 0,
            conf: 0.9,
            margin: 0.5,
            head_oos: false,
            knn: score,
            flag: false,
            tag: String::new(),
            lang,
        }
    }

    fn rejected(rows: &[ValRow], threshold: f64, lang: Language) -> f64 {
        let ins: Vec<&ValRow> = rows.iter().filter(|r| r.lang == lang).collect();
        ins.iter()
            .filter(|r| r.head_oos || r.knn >= threshold)
            .count() as f64
            / ins.len() as f64
    }

    /// English validation close to its training data (low scores), Chinese farther (higher).
    fn skewed() -> Vec<ValRow> {
        let mut rows: Vec<ValRow> = (0..100)
            .map(|i| row(0.01 * i as f64 / 100.0, Language::En))
            .collect();
        rows.extend((0..50).map(|i| row(0.5 + i as f64 / 100.0, Language::Zh)));
        rows
    }

    #[test]
    fn per_language_threshold_meets_every_languages_budget() {
        let rows = skewed();
        let all = |_: &ValRow| true;
        // One budget over all 150: the 6 rejections all fall on Chinese (12% of it).
        let global = choose_oos_threshold(&rows, &all, 0.04);
        assert!((rejected(&rows, global, Language::Zh) - 0.12).abs() < 1e-9);
        assert_eq!(rejected(&rows, global, Language::En), 0.0);
        // Per language: at most 4% of each (2 of 50 Chinese, 4 of 100 English allowed).
        let per = choose_oos_threshold_per_language(&rows, &all, 0.04);
        assert!(per > global);
        assert!((rejected(&rows, per, Language::Zh) - 0.04).abs() < 1e-9);
        assert!(rejected(&rows, per, Language::En) <= 0.04);
        // Just above the third-farthest Chinese message.
        assert_eq!(per, 0.5 + 47.0 / 100.0 + 1e-6);
        // Overall it never rejects more than the single threshold did.
        let n = rows.iter().filter(|r| r.knn >= per).count();
        assert!(n <= rows.iter().filter(|r| r.knn >= global).count());
    }

    #[test]
    fn per_language_threshold_with_one_language_is_the_plain_one() {
        let rows: Vec<ValRow> = (0..60)
            .map(|i| row(i as f64 / 60.0, Language::Zh))
            .collect();
        let all = |_: &ValRow| true;
        assert_eq!(
            choose_oos_threshold_per_language(&rows, &all, 0.05),
            choose_oos_threshold(&rows, &all, 0.05)
        );
    }

    #[test]
    fn small_languages_and_out_of_scope_rows_get_no_budget_of_their_own() {
        let mut rows = skewed();
        // 5 far "other" messages: too few for a budget of their own, so they stay rejected.
        rows.extend((0..5).map(|_| row(100.0, Language::Other)));
        // Out-of-scope validation rows (gold 1) do not count as in-scope anywhere.
        rows.extend((0..30).map(|_| ValRow {
            gold: 1,
            ..row(200.0, Language::Zh)
        }));
        let in_scope = |r: &ValRow| r.gold != 1;
        let per = choose_oos_threshold_per_language(&rows, &in_scope, 0.04);
        assert!(per < 100.0, "{per}");
        // The overall budget (6 of 155) is the loosest here: 5 "other" and the farthest Chinese.
        assert_eq!(per, 0.5 + 48.0 / 100.0 + 1e-6);
    }

    #[test]
    fn per_file_threshold_gives_a_small_natural_file_its_own_budget() {
        // One language: 100 templated messages close to training, 25 natural ones farther.
        let mut rows: Vec<ValRow> = (0..100)
            .map(|i| ValRow {
                tag: "templated".into(),
                ..row(0.01 * i as f64 / 100.0, Language::En)
            })
            .collect();
        rows.extend((0..25).map(|i| ValRow {
            tag: "natural".into(),
            ..row(0.5 + i as f64 / 100.0, Language::En)
        }));
        let all = |_: &ValRow| true;
        let per_language = choose_oos_threshold_per_group(&rows, &all, 0.04, true, false);
        // 5 of 125 may go, and all 5 are natural: 20% of that file.
        assert_eq!(per_language, 0.5 + 19.0 / 100.0 + 1e-6);
        let per_file = choose_oos_threshold_per_group(&rows, &all, 0.04, true, true);
        // 4% of 25 is 1 message: only the farthest natural one is rejected.
        assert_eq!(per_file, 0.5 + 23.0 / 100.0 + 1e-6);
        let natural_rejected = rows
            .iter()
            .filter(|r| r.tag == "natural" && r.knn >= per_file)
            .count();
        assert_eq!(natural_rejected, 1);
    }

    #[test]
    fn head_rejections_count_against_their_languages_budget() {
        let mut rows = skewed();
        // Two Chinese messages already rejected by the intent head's out-of-scope class use up
        // Chinese's budget (2 of 50): no further Chinese message may be rejected.
        for r in rows.iter_mut().filter(|r| r.lang == Language::Zh).take(2) {
            r.head_oos = true;
        }
        let all = |_: &ValRow| true;
        let per = choose_oos_threshold_per_language(&rows, &all, 0.04);
        assert_eq!(per, 0.5 + 49.0 / 100.0 + 1e-6);
        assert!((rejected(&rows, per, Language::Zh) - 0.04).abs() < 1e-9);
    }
}
