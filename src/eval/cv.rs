//! `triage eval --cv K`: stratified k-fold cross-validation for teams without a test set. Every
//! text is encoded once into the embedding cache; each fold trains a model with `triage train`'s
//! code on the other folds (its own 10% held out for calibration and thresholds) and scores its
//! own messages from the cached embeddings. The report covers every message exactly once, each
//! predicted by the model that never saw it, plus per-fold summaries.

use std::path::{Path, PathBuf};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde_json::json;

use super::data::{Dataset, Item};
use super::report::{build_report, Context, ModelRef, Report};
use super::run::{run_embeddings, Record};
use super::{write_file, EvalError};
use crate::model::manifest::Thresholds;
use crate::model::{select_device, Model};
use crate::policy::PolicyConfig;
use crate::train::{embed_cached, TrainConfig};

pub struct CvOptions {
    pub k: usize,
    pub base: PathBuf,
    pub cache_dir: PathBuf,
    pub seed: u64,
    pub oos_label: String,
    pub target_error: f64,
    /// Copy the sentiment head from this model (so sentiment rules apply), if any.
    pub sentiment_from: Option<PathBuf>,
    pub show_progress: bool,
}

/// Fold of each item: per label, shuffled with `seed`, dealt round-robin (so every fold gets
/// its share of every label).
pub fn assign_folds(items: &[Item], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut labels: Vec<&str> = items.iter().filter_map(|i| i.gold.as_deref()).collect();
    labels.sort();
    labels.dedup();
    let mut fold = vec![0; items.len()];
    let mut next = 0;
    for l in labels {
        let mut idx: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].gold.as_deref() == Some(l))
            .collect();
        idx.shuffle(&mut rng);
        for i in idx {
            fold[i] = next % k;
            next += 1;
        }
    }
    fold
}

pub fn run(
    ds: &Dataset,
    opts: &CvOptions,
    policy: &PolicyConfig,
    out: &Path,
) -> Result<(Report, Vec<Record>), EvalError> {
    let k = opts.k;
    if k < 2 {
        return Err(EvalError::Invalid("--cv needs at least 2 folds".into()));
    }
    if ds.items.len() < k {
        return Err(EvalError::Invalid(format!(
            "--cv {k}: only {} messages",
            ds.items.len()
        )));
    }
    let started = std::time::Instant::now();
    let mut cfg = TrainConfig::for_intents(PathBuf::new(), None);
    cfg.name = "cv-fold".into();
    cfg.base = opts.base.clone();
    cfg.cache_dir = opts.cache_dir.clone();
    cfg.seed = opts.seed;
    cfg.oos_label = opts.oos_label.clone();
    cfg.target_error = opts.target_error;
    cfg.sentiment_from = opts.sentiment_from.clone();
    if !opts.base.join("config.json").exists() {
        return Err(EvalError::Invalid(format!(
            "--base {}: not a base-encoder folder (no config.json)",
            opts.base.display()
        )));
    }
    let texts: Vec<String> = ds.items.iter().map(|i| i.text.clone()).collect();
    eprintln!(
        "cross-validation: {} messages, {k} folds; encoding (cached)",
        texts.len()
    );
    let (embs, encoded) = embed_cached(&cfg, &texts)?;
    let folds = assign_folds(&ds.items, k, opts.seed);
    let dir = out.join("folds");
    let mut records: Vec<Option<Record>> = vec![None; ds.items.len()];
    let mut per_fold = Vec::new();
    let mut thresholds: Vec<Thresholds> = Vec::new();
    for f in 0..k {
        let fold_dir = dir.join(format!("fold-{}", f + 1));
        let train_rows: String = ds
            .items
            .iter()
            .zip(&folds)
            .filter(|(_, &x)| x != f)
            .map(|(it, _)| json!({"text": it.text, "label": it.gold}).to_string() + "\n")
            .collect();
        let train_file = write_file(&fold_dir, "train.jsonl", train_rows.as_bytes())?;
        let mut fc = cfg.clone();
        fc.intent.train = vec![train_file];
        fc.name = format!("cv-fold-{}", f + 1);
        eprintln!("fold {}/{k}: training", f + 1);
        let model_dir = fold_dir.join("model");
        crate::train::run(&fc, &model_dir)?;
        let model = Model::load(&model_dir, &select_device())?;
        let idx: Vec<usize> = (0..ds.items.len()).filter(|&i| folds[i] == f).collect();
        let items: Vec<&Item> = idx.iter().map(|&i| &ds.items[i]).collect();
        let e: Vec<&Vec<f32>> = idx.iter().map(|&i| &embs[i]).collect();
        let recs = run_embeddings(&model, policy, &items, &e, &opts.oos_label)?;
        let ctx = Context {
            promise: None,
            model: ModelRef {
                name: fc.name.clone(),
                version: model.manifest.version.clone(),
                dir: model_dir.display().to_string(),
                encoder: model.bundle.encoder.describe(),
            },
            data: ds.files.clone(),
            oos_label: opts.oos_label.clone(),
            target_error: opts.target_error,
            thresholds: crate::policy::effective_thresholds(&model.manifest.thresholds, policy),
            oos_threshold: model.manifest.oos.as_ref().map(|o| f64::from(o.threshold)),
            timing: None,
        };
        let r = build_report(&recs, &ctx);
        per_fold.push(json!({
            "fold": f + 1,
            "messages": recs.len(),
            "summary": r.summary,
            "thresholds": model.manifest.thresholds,
        }));
        thresholds.push(model.manifest.thresholds.clone());
        for (&i, rec) in idx.iter().zip(recs) {
            records[i] = Some(rec);
        }
    }
    let records: Vec<Record> = records.into_iter().flatten().collect();
    let mean = |f: &dyn Fn(&Thresholds) -> f32| {
        thresholds.iter().map(f).sum::<f32>() / thresholds.len().max(1) as f32
    };
    let ctx = Context {
        promise: None,
        model: ModelRef {
            name: format!("{k}-fold cross-validation"),
            version: opts.base.display().to_string(),
            dir: dir.display().to_string(),
            encoder: String::new(),
        },
        data: ds.files.clone(),
        oos_label: opts.oos_label.clone(),
        target_error: opts.target_error,
        // Each message was decided with its fold's thresholds; the curve marks their mean.
        thresholds: Thresholds {
            confidence: mean(&|t| t.confidence),
            high_confidence: mean(&|t| t.high_confidence),
            margin: mean(&|t| t.margin),
            per_intent: Default::default(),
            faq_similarity: None,
            per_language: Default::default(),
        },
        oos_threshold: None,
        timing: None,
    };
    let mut report = build_report(&records, &ctx);
    let metric = |name: &str| -> Vec<f64> {
        per_fold
            .iter()
            .filter_map(|f| {
                f.pointer(&format!("/summary/{name}"))
                    .and_then(|v| v.as_f64())
            })
            .collect()
    };
    let spread = |v: Vec<f64>| {
        if v.is_empty() {
            return json!(null);
        }
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
        json!({"mean": m, "std": sd, "min": v.iter().cloned().fold(f64::INFINITY, f64::min), "max": v.iter().cloned().fold(f64::NEG_INFINITY, f64::max)})
    };
    report.cv = Some(json!({
        "k": k,
        "seed": opts.seed,
        "base": opts.base.display().to_string(),
        "texts_encoded": encoded,
        "seconds": started.elapsed().as_secs_f64(),
        "across_folds": {
            "accuracy": spread(metric("accuracy")),
            "macro_f1": spread(metric("macro_f1")),
            "in_scope_accuracy": spread(metric("in_scope_accuracy")),
            "oos_recall": spread(metric("oos_recall")),
            "automation": spread(metric("automation")),
            "bot_error": spread(metric("bot_error")),
        },
        "folds": per_fold,
    }));
    Ok((report, records))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str, line: usize) -> Item {
        Item {
            file: 0,
            line,
            text_sha256: String::new(),
            text: format!("t{line}"),
            gold: Some(label.into()),
            conversation: None,
            turn: None,
            expected_action: None,
            expected_reasons: None,
            expected_faq: None,
            vip: false,
        }
    }

    #[test]
    fn folds_are_stratified_and_deterministic() {
        let items: Vec<Item> = (0..30)
            .map(|i| item(if i % 3 == 0 { "a" } else { "b" }, i + 1))
            .collect();
        let f = assign_folds(&items, 5, 7);
        assert_eq!(f, assign_folds(&items, 5, 7));
        for k in 0..5 {
            let a = (0..30).filter(|&i| f[i] == k && i % 3 == 0).count();
            let n = (0..30).filter(|&i| f[i] == k).count();
            assert_eq!(n, 6, "fold {k}");
            assert_eq!(a, 2, "fold {k} gets 1/5 of the 10 a's");
        }
    }
}
