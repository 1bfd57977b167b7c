//! `triage train`: encodes every text once with the frozen encoder (cached), trains the intent
//! and sentiment heads, calibrates them, fits the out-of-scope statistics and the decision
//! thresholds on validation data, and writes a model folder.

pub mod background;
pub mod cache;
pub mod data;
pub mod fit;
pub mod ngram;
pub mod smalltalk;
pub mod stack;
pub mod unknown;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::metrics::{calibration, tradeoff};
use crate::model::center::Centering;
use crate::model::manifest::{
    log_signal, EncoderSpec, HeadSpec, KnnVoteSpec, LanguageThresholds, Manifest, NgramSpec,
    OosSpec, Thresholds, HEADS_FILE, OOS_SIGNALS,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadData {
    pub train: Vec<PathBuf>,
    #[serde(default)]
    pub val: Vec<PathBuf>,
    /// Used when `val` is empty: this share of each label is held out.
    #[serde(default = "default_val_fraction")]
    pub val_fraction: f64,
    #[serde(default)]
    pub fit: FitConfig,
    /// Sentiment only: labelled rows read by the sentiment n-gram model alone (no embedding is
    /// computed for them, so a large review corpus costs seconds, not an encoder pass each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ngram_only: Vec<PathBuf>,
}

fn default_val_fraction() -> f64 {
    0.1
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    #[serde(default = "default_name")]
    pub name: String,
    #[serde(default = "default_version")]
    pub version: String,
    /// Base encoder folder.
    #[serde(default = "default_base")]
    pub base: PathBuf,
    #[serde(default = "default_prefix")]
    pub prefix: String,
    #[serde(default = "default_doc_prefix")]
    pub document_prefix: String,
    #[serde(default = "default_max_tokens")]
    pub max_tokens: usize,
    /// CPU arithmetic the model is meant to be served with ("f32" or "int8"), written to the
    /// manifest; `serve`/`eval` use it unless `--precision` says otherwise. Training itself
    /// always encodes in f32.
    #[serde(default)]
    pub precision: Option<crate::model::fast::Precision>,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Label of out-of-scope examples in the intent data.
    #[serde(default = "crate::model::manifest::default_oos_label")]
    pub oos_label: String,
    /// Bot error rate the default thresholds are chosen for.
    #[serde(default = "default_target_error")]
    pub target_error: f64,
    /// The share of real traffic assumed to be out of scope when the promised bot error is
    /// stated (validation splits rarely hold the share a deployment sees; bot error depends on
    /// it). 0.3: a shop assistant's traffic holds greetings, other shops' questions and
    /// general questions besides its intents (the production bots measured 42–72%).
    #[serde(default = "default_expected_oos_share")]
    pub expected_oos_share: f64,
    /// Confidence of the stated upper bound on the bot error (Clopper–Pearson).
    #[serde(default = "default_promise_confidence")]
    pub promise_confidence: f64,
    /// "point" (default): confidence thresholds for `target_error` on the validation point
    /// estimate; "bound": the lowest confidence threshold whose upper bound (the promise) meets
    /// `target_error`, else the one with the smallest bound.
    #[serde(default)]
    pub threshold_choice: ThresholdChoice,
    /// Share of in-scope validation messages the out-of-scope threshold may reject.
    #[serde(default = "default_oos_rejection")]
    pub oos_max_in_scope_rejection: f64,
    /// Hold `oos_max_in_scope_rejection` in every language of the validation data separately
    /// (the threshold rejects at most that share of each language's in-scope messages), not just
    /// over all of them: a language whose validation data is close to its training data (such
    /// as templated synthetic data) then cannot set a threshold that rejects many natural
    /// messages in the other.
    #[serde(default)]
    pub oos_rejection_per_language: bool,
    /// Hold `oos_max_in_scope_rejection` in every validation file separately too: a file of
    /// natural messages then keeps its own budget next to a large templated one in the same
    /// language.
    #[serde(default)]
    pub oos_rejection_per_file: bool,
    /// Also choose `confidence`, `high_confidence` and `margin` for each language of the
    /// validation data with at least [`MIN_THRESHOLD_ROWS`] messages (manifest
    /// `thresholds.per_language`; serving uses the detected language's entry): one threshold
    /// fitted on two languages whose confidences mean different things answers too wrongly in
    /// one or too little in the other.
    #[serde(default)]
    pub thresholds_per_language: bool,
    /// Neighbours averaged by the out-of-scope score.
    #[serde(default = "default_knn_k")]
    pub knn_k: usize,
    /// Most training embeddings kept in the out-of-scope bank (stored f16).
    #[serde(default = "default_bank")]
    pub max_bank: usize,
    /// Out-of-scope score: "combined" (kNN + relative Mahalanobis + 1 − top probability, each
    /// normalised on in-scope validation messages) or "knn" (the kNN distance alone).
    #[serde(default = "default_oos_method")]
    pub oos_method: String,
    /// Signals summed by the "combined" score: any of "knn", "rel_maha", "maha", "msp".
    #[serde(default = "default_oos_signals")]
    pub oos_signals: Vec<String>,
    /// Shrinkage of the Mahalanobis covariances towards their mean variance.
    #[serde(default = "default_shrinkage")]
    pub maha_shrinkage: f64,
    /// Character n-gram model ensembled with the intent head.
    #[serde(default)]
    pub ngram: ngram::NgramConfig,
    /// The nearest bank examples vote for their intents (added to the intent logits).
    #[serde(default)]
    pub knn_vote: KnnVoteConfig,
    /// Centre the intent embeddings on their training mean (stored in the model, applied at
    /// serving time too) before the head, the bank, the vote and Mahalanobis.
    #[serde(default)]
    pub center_embeddings: bool,
    /// Out-of-scope score weights fitted on out-of-fold training scores (needs out-of-scope
    /// training examples; otherwise `oos_signals` are summed).
    #[serde(default)]
    pub oos_stacker: StackerConfig,
    pub intent: HeadData,
    /// Built-in small talk added to the intents (`[smalltalk] enabled = false` to leave it out).
    #[serde(default)]
    pub smalltalk: smalltalk::SmalltalkTrainConfig,
    /// The shipped out-of-scope background, used when the data has too few out-of-scope
    /// examples (`[oos] background = false` to leave it out).
    #[serde(default)]
    pub oos: background::OosTrainConfig,
    #[serde(default)]
    pub sentiment: Option<HeadData>,
    /// An n-gram model averaged with the sentiment head (mode "average" only; absent: none).
    #[serde(default)]
    pub sentiment_ngram: Option<ngram::NgramConfig>,
    /// Copy the sentiment head from this model instead of training one.
    #[serde(default)]
    pub sentiment_from: Option<PathBuf>,
    #[serde(default = "default_cache")]
    pub cache_dir: PathBuf,
}

fn default_name() -> String {
    "custom".into()
}
fn default_version() -> String {
    chrono::Utc::now().format("%Y.%m.%d").to_string()
}
fn default_base() -> PathBuf {
    PathBuf::from(DEFAULT_BASE)
}
fn default_prefix() -> String {
    "query: ".into()
}
fn default_doc_prefix() -> String {
    "passage: ".into()
}
fn default_max_tokens() -> usize {
    128
}
fn default_seed() -> u64 {
    42
}
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdChoice {
    #[default]
    Point,
    Bound,
}

fn default_expected_oos_share() -> f64 {
    0.3
}

fn default_promise_confidence() -> f64 {
    0.95
}

fn default_target_error() -> f64 {
    0.02
}
fn default_oos_rejection() -> f64 {
    0.05
}
fn default_knn_k() -> usize {
    10
}
fn default_bank() -> usize {
    16000
}
fn default_oos_method() -> String {
    "combined".into()
}
fn default_oos_signals() -> Vec<String> {
    // Measured on CLINC150 val (1% in-scope rejection): these three 69% OOS recall, AUROC 0.980;
    // rel_maha + msp 64%, AUROC 0.978; the kNN distance alone 66%.
    vec!["knn".into(), "rel_maha".into(), "msp".into()]
}
fn default_shrinkage() -> f64 {
    0.1
}
fn default_cache() -> PathBuf {
    PathBuf::from(".cache/embeddings")
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnnVoteConfig {
    pub enabled: bool,
    pub k: usize,
    /// exp(scale · cosine) weighs each neighbour.
    pub scale: f32,
    /// Weight of ln(vote probability) in the intent logits.
    pub weight: f32,
}

impl Default for KnnVoteConfig {
    fn default() -> Self {
        // BANKING77 (held-out 10%): the joint linear model alone 93.5%, with this vote 94.0–94.3%
        // for k 5–20 and weight 0.1–0.5 (scikit-learn research on the cached embeddings).
        Self {
            enabled: true,
            k: 10,
            scale: 20.0,
            weight: 0.3,
        }
    }
}

impl KnnVoteConfig {
    pub fn spec(&self) -> Option<KnnVoteSpec> {
        (self.enabled && self.k > 0).then_some(KnnVoteSpec {
            k: self.k,
            scale: self.scale,
            weight: self.weight,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StackerConfig {
    pub enabled: bool,
    /// Folds of the out-of-fold scoring (each refits the intent model on the other folds).
    pub folds: usize,
    /// Signals weighed (names as in `oos_signals`, plus "p_oos").
    pub signals: Vec<String>,
    /// Inverse L2 strength of the logistic regression.
    pub c: f64,
}

impl Default for StackerConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            folds: 3,
            signals: ["knn", "rel_maha", "maha", "log_msp", "log_p_oos"]
                .map(String::from)
                .to_vec(),
            c: 1.0,
        }
    }
}

impl TrainConfig {
    /// Reads a TOML config; relative paths in it are relative to the file's folder.
    pub fn load(path: &Path) -> Result<Self, TrainError> {
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        let mut cfg: Self = toml::from_str(&text).map_err(|e| TrainError::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        fix(&mut cfg.base);
        fix(&mut cfg.cache_dir);
        cfg.intent.train.iter_mut().for_each(fix);
        cfg.intent.val.iter_mut().for_each(fix);
        if let Some(s) = cfg.sentiment.as_mut() {
            s.train.iter_mut().for_each(fix);
            s.val.iter_mut().for_each(fix);
            s.ngram_only.iter_mut().for_each(fix);
        }
        if let Some(p) = cfg.sentiment_from.as_mut() {
            fix(p);
        }
        Ok(cfg)
    }

    /// The common case: only intents, default base, sentiment head kept from the shipped model.
    pub fn for_intents(train: PathBuf, val: Option<PathBuf>) -> Self {
        Self {
            name: default_name(),
            version: default_version(),
            base: default_base(),
            prefix: default_prefix(),
            document_prefix: default_doc_prefix(),
            max_tokens: default_max_tokens(),
            precision: None,
            seed: default_seed(),
            oos_label: "oos".into(),
            target_error: default_target_error(),
            expected_oos_share: default_expected_oos_share(),
            promise_confidence: default_promise_confidence(),
            threshold_choice: ThresholdChoice::Point,
            oos_max_in_scope_rejection: default_oos_rejection(),
            oos_rejection_per_language: false,
            oos_rejection_per_file: false,
            thresholds_per_language: false,
            knn_k: default_knn_k(),
            max_bank: default_bank(),
            oos_method: default_oos_method(),
            oos_signals: default_oos_signals(),
            maha_shrinkage: default_shrinkage(),
            ngram: ngram::NgramConfig::default(),
            knn_vote: KnnVoteConfig::default(),
            center_embeddings: false,
            oos_stacker: StackerConfig::default(),
            smalltalk: smalltalk::SmalltalkTrainConfig::default(),
            oos: background::OosTrainConfig::default(),
            intent: HeadData {
                train: vec![train],
                val: val.into_iter().collect(),
                val_fraction: default_val_fraction(),
                fit: FitConfig::default(),
                ngram_only: Vec::new(),
            },
            sentiment: None,
            sentiment_ngram: None,
            sentiment_from: Some(PathBuf::from(crate::config::DEFAULT_MODEL)),
            cache_dir: default_cache(),
        }
    }
}

/// Embeds texts through the cache, encoding only the misses.
struct Embedder<'a> {
    bundle: &'a EncoderBundle,
    cache: cache::EmbeddingCache,
    encoded: usize,
}

impl Embedder<'_> {
    fn embed(&mut self, texts: &[String], what: &str) -> Result<Vec<Vec<f32>>, TrainError> {
        let misses: Vec<String> = {
            let mut seen = HashSet::new();
            texts
                .iter()
                .filter(|t| self.cache.get(t).is_none() && seen.insert(t.as_str()))
                .cloned()
                .collect()
        };
        if !misses.is_empty() {
            let pb = progress(misses.len() as u64, &format!("encoding {what}"));
            for chunk in misses.chunks(256) {
                let embs = self.bundle.embed_texts(chunk, 32, false)?;
                for (t, e) in chunk.iter().zip(embs) {
                    self.cache.insert(t, e);
                }
                pb.inc(chunk.len() as u64);
                self.cache
                    .flush()
                    .map_err(|e| TrainError::Invalid(format!("embedding cache: {e}")))?;
            }
            pb.finish_and_clear();
            self.encoded += misses.len();
        }
        Ok(texts
            .iter()
            .map(|t| self.cache.get(t).cloned().unwrap_or_default())
            .collect())
    }
}

/// Embeds `texts` (already normalised) with `cfg`'s base encoder through `cfg`'s embedding cache,
/// encoding only the misses: `triage eval --cv` warms the cache once so that every fold's
/// training and scoring reuse the same vectors. Returns (embeddings in input order, encoded).
pub fn embed_cached(
    cfg: &TrainConfig,
    texts: &[String],
) -> Result<(Vec<Vec<f32>>, usize), TrainError> {
    crate::model::tune_cpu_threads();
    let bundle = EncoderBundle::load(
        &cfg.base,
        &cfg.prefix,
        &cfg.document_prefix,
        cfg.max_tokens,
        &Device::Cpu,
    )?;
    let enc_id = match &bundle.fingerprint {
        Some(f) => f.clone(),
        None => cache::fingerprint(&cfg.base).map_err(io(&cfg.base))?,
    };
    let salt = format!("{}|{}", cfg.prefix, bundle.tokenizer.max_tokens());
    let cache =
        cache::EmbeddingCache::open(&cfg.cache_dir, &enc_id, salt, bundle.encoder.hidden_size())
            .map_err(io(&cfg.cache_dir))?;
    let mut emb = Embedder {
        bundle: &bundle,
        cache,
        encoded: 0,
    };
    let out = emb.embed(texts, "texts")?;
    emb.cache.flush().map_err(io(&cfg.cache_dir))?;
    Ok((out, emb.encoded))
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

pub fn run(cfg: &TrainConfig, out: &Path) -> Result<TrainSummary, TrainError> {
    let started = Instant::now();
    if !cfg.intent.ngram_only.is_empty() {
        return Err(TrainError::Invalid(
            "ngram_only is a [sentiment] setting; the intent n-gram model reads [intent] train"
                .into(),
        ));
    }
    crate::model::tune_cpu_threads();
    let device = Device::Cpu;
    let bundle = EncoderBundle::load(
        &cfg.base,
        &cfg.prefix,
        &cfg.document_prefix,
        cfg.max_tokens,
        &device,
    )?;
    let enc_id = match &bundle.fingerprint {
        Some(f) => f.clone(),
        None => cache::fingerprint(&cfg.base).map_err(io(&cfg.base))?,
    };
    let salt = format!("{}|{}", cfg.prefix, bundle.tokenizer.max_tokens());
    let cache =
        cache::EmbeddingCache::open(&cfg.cache_dir, &enc_id, salt, bundle.encoder.hidden_size())
            .map_err(io(&cfg.cache_dir))?;
    let mut emb = Embedder {
        bundle: &bundle,
        cache,
        encoded: 0,
    };

    // ---- intent ----
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
    let background_report = add_background(cfg, &mut split, &mut known, &mut emb)?;
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
    let bank_pool: Vec<usize> = (0..split.train.len())
        .filter(|&i| vote.is_some() || split.train[i].label != cfg.oos_label)
        .collect();
    let bank_idx = subsample(&bank_pool, cfg.max_bank, cfg.seed);
    let dim = bundle.encoder.hidden_size();
    let bank_labels: Vec<u32> = bank_idx.iter().map(|&i| y_train[i] as u32).collect();
    // Stored f16: round-trip now so thresholds are fitted on exactly what serving will use.
    let bank_rows: Vec<f32> = bank_idx
        .iter()
        .flat_map(|&i| x_train[i].iter().map(|&x| half::f16::from_f32(x).to_f32()))
        .collect();
    let knn = make_bank(
        bank_rows.clone(),
        dim,
        cfg.knn_k,
        vote.is_some().then(|| bank_labels.clone()),
        oos_idx,
    )?;
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

    let combined = cfg.oos_method == "combined";
    if !combined && cfg.oos_method != "knn" {
        return Err(TrainError::Invalid(format!(
            "oos_method must be \"combined\" or \"knn\", not {:?}",
            cfg.oos_method
        )));
    }
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
    // One vector per signal of OOS_SIGNALS.
    let mut signals: [Vec<f32>; 7] = Default::default();
    for (j, row) in val_logits.iter().enumerate() {
        let r = rank_in_scope(row, temperature, oos_idx);
        signals[0].push(knn_val[j]);
        signals[1].push(rel_maha_val[j]);
        signals[2].push(1.0 - r.conf as f32);
        signals[3].push(maha_val[j]);
        signals[4].push(r.p_oos as f32);
        signals[5].push(log_signal(1.0 - r.conf as f32));
        signals[6].push(log_signal(r.p_oos as f32));
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
    let signal_auroc: BTreeMap<&str, Option<f64>> = OOS_SIGNALS
        .iter()
        .zip(&signals)
        .map(|(n, v)| {
            let v: Vec<f64> = v.iter().map(|&x| x as f64).collect();
            (*n, crate::metrics::ranking::auroc(&v, &is_oos))
        })
        .collect();
    let mut stacker_report = serde_json::Value::Null;
    let combine = if combined {
        let oos_train = y_train.iter().filter(|&&y| Some(y) == oos_idx).count();
        let stack_signals = parse_signals(&cfg.oos_stacker.signals)?;
        let use_stacker = cfg.oos_stacker.enabled && oos_train >= 5 && cfg.oos_stacker.folds >= 2;
        let spec = if use_stacker {
            let pb = progress(cfg.oos_stacker.folds as u64, "out-of-fold scores");
            let (oof, oof_acc) = oof_signals(
                cfg,
                &labels,
                &train_texts,
                &x_train,
                &y_train,
                oos_idx,
                Some(&pb),
            )?;
            pb.finish_and_clear();
            let oof_oos: Vec<bool> = y_train.iter().map(|&y| Some(y) == oos_idx).collect();
            let (center, scale) = robust_norm(&stack_signals, &oof, &oof_oos);
            let z = |sig: &[Vec<f32>; 7], j: usize| -> Vec<f64> {
                stack_signals
                    .iter()
                    .enumerate()
                    .map(|(f, &i)| ((sig[i][j] - center[f]) / scale[f]) as f64)
                    .collect()
            };
            let feats: Vec<Vec<f64>> = (0..y_train.len()).map(|j| z(&oof, j)).collect();
            let (w, _) =
                stack::fit_logistic(&feats, &oof_oos, cfg.oos_stacker.c).ok_or_else(|| {
                    TrainError::Invalid("the out-of-scope stacker did not fit".into())
                })?;
            let oof_score: Vec<f64> = feats
                .iter()
                .map(|f| f.iter().zip(&w).map(|(a, b)| a * b).sum())
                .collect();
            stacker_report = json!({
                "folds": cfg.oos_stacker.folds,
                "oof_out_of_scope": oos_train,
                "oof_auroc": crate::metrics::ranking::auroc(&oof_score, &oof_oos),
                "oof_in_scope_accuracy": oof_acc,
                "weights": w,
            });
            crate::model::manifest::CombineSpec {
                signals: stack_signals
                    .iter()
                    .map(|&i| OOS_SIGNALS[i].to_string())
                    .collect(),
                center,
                scale,
                weights: w.iter().map(|&v| v as f32).collect(),
            }
        } else {
            let picked = parse_signals(&cfg.oos_signals)?;
            let val_oos: Vec<bool> = val_rows.iter().map(|r| !in_scope(r)).collect();
            let (center, scale) = robust_norm(&picked, &signals, &val_oos);
            crate::model::manifest::CombineSpec {
                signals: picked.iter().map(|&i| OOS_SIGNALS[i].to_string()).collect(),
                center,
                scale,
                weights: Vec::new(),
            }
        };
        for (j, r) in val_rows.iter_mut().enumerate() {
            let values: Vec<f32> = spec
                .signals
                .iter()
                .map(|name| {
                    let i = OOS_SIGNALS.iter().position(|s| s == name).unwrap_or(0);
                    signals[i][j]
                })
                .collect();
            r.knn = spec.score(&values) as f64;
        }
        Some(spec)
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
    let scored: Vec<tradeoff::Scored> = val_rows
        .iter()
        .map(|r| tradeoff::Scored {
            confidence: r.conf,
            margin: r.margin,
            correct: r.top == r.gold,
            in_scope: in_scope(r),
            oos_flag: r.flag,
        })
        .collect();
    let ChosenThresholds {
        mut thresholds,
        recommended: rec,
        recommended_high: rec_high,
    } = choose_thresholds(&scored, cfg.target_error);
    let mut per_language_report = serde_json::Map::new();
    let val_langs: Vec<Language> = val_rows.iter().map(|r| r.lang).collect();
    if cfg.thresholds_per_language {
        let langs = &val_langs;
        for (lang, chosen) in choose_thresholds_per_language(&scored, langs, cfg.target_error) {
            per_language_report.insert(
                lang.as_str().to_string(),
                json!({
                    "messages": langs.iter().filter(|&&l| l == lang).count(),
                    "recommended": chosen.recommended,
                    "recommended_high": chosen.recommended_high,
                }),
            );
            // A language that meets the target at no threshold keeps the model-wide values
            // (its report entry says so with a null `recommended`).
            if chosen.recommended.is_some() {
                thresholds.per_language.insert(
                    lang.as_str().to_string(),
                    LanguageThresholds::of(&chosen.thresholds),
                );
            }
        }
    }
    if cfg.threshold_choice == ThresholdChoice::Bound {
        // Where the bound cannot meet the target (no out-of-scope validation data bounds
        // nothing), never go below the point estimate's choice: the safer of the two.
        let by_bound = |rows: &[tradeoff::Scored], margin: f32, point: f32| {
            let (c, met) = crate::metrics::bound::choose_by_bound(
                rows,
                f64::from(margin),
                cfg.target_error,
                cfg.expected_oos_share,
                cfg.promise_confidence,
            );
            if met {
                c as f32
            } else {
                (c as f32).max(point)
            }
        };
        thresholds.confidence = by_bound(&scored, thresholds.margin, thresholds.confidence);
        thresholds.high_confidence = thresholds.high_confidence.max(thresholds.confidence);
        for (lang, l) in thresholds.per_language.iter_mut() {
            let rows = scored_in(&scored, &val_langs, lang);
            l.confidence = by_bound(&rows, l.margin, l.confidence);
            l.high_confidence = l.high_confidence.max(l.confidence);
        }
    }
    if let Some((_, c)) = &simulated {
        let at_least = c.confidence as f32;
        thresholds.confidence = thresholds.confidence.max(at_least);
        thresholds.high_confidence = thresholds.high_confidence.max(thresholds.confidence);
        for l in thresholds.per_language.values_mut() {
            l.confidence = l.confidence.max(at_least);
            l.high_confidence = l.high_confidence.max(l.confidence);
        }
    }
    // What the thresholds promise on traffic with the assumed out-of-scope share, as an upper
    // bound that holds with the stated confidence (metrics::bound).
    let promise_at = |rows: &[tradeoff::Scored], c: f32, m: f32| {
        crate::metrics::bound::traffic_error(
            rows,
            f64::from(c),
            f64::from(m),
            cfg.expected_oos_share,
            cfg.promise_confidence,
        )
    };
    let promise_overall = promise_at(&scored, thresholds.confidence, thresholds.margin);
    let mut promise_per_language = serde_json::Map::new();
    for (lang, l) in &thresholds.per_language {
        let rows = scored_in(&scored, &val_langs, lang);
        promise_per_language.insert(
            lang.clone(),
            json!(promise_at(&rows, l.confidence, l.margin)),
        );
    }
    // With simulated unknown intents the promise is measured where the risk is (near-domain
    // messages the bot was never taught); the validation-only figure is kept beside it.
    let (overall, basis, validation_only) = match &simulated {
        Some((rows, c)) => (
            unknown::promise_at(
                rows,
                c.in_scope_rejection,
                f64::from(thresholds.confidence),
                f64::from(thresholds.margin),
                cfg.expected_oos_share,
                cfg.promise_confidence,
            ),
            "simulated_unknown",
            Some(promise_overall),
        ),
        None => (promise_overall, "validation", None),
    };
    let promise = json!({
        "target_error": cfg.target_error,
        "expected_oos_share": cfg.expected_oos_share,
        "confidence": cfg.promise_confidence,
        "supported": overall.upper <= cfg.target_error,
        "basis": basis,
        "overall": overall,
        "validation_only": validation_only,
        "per_language": promise_per_language,
        "simulated_unknown": simulated.as_ref().map(|(rows, c)| json!({
            "groups": groups,
            "rows": rows.len(),
            "unknown_rows": rows.iter().filter(|r| !r.known).count(),
            "chosen": c,
            "note": "intents held out in groups, each scored by a model trained without it; the out-of-scope cut (as in-scope rejection) and the confidence threshold chosen there raise the validation choice, never lower it",
        })),
    });
    let mut intent_metrics = intent_metrics(&val_rows, oos_idx, &labels);
    intent_metrics["oos_auroc_by_signal"] = json!(signal_auroc);
    intent_metrics["in_scope_accuracy_without_vote"] = json!(head_only_accuracy);
    intent_metrics["in_scope_accuracy_ngram"] = json!(ngram_only_accuracy);

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
    let mut sentiment_metrics = serde_json::Value::Null;
    let mut sentiment_fit: Option<FitReport> = None;
    let mut sentiment_ngram_spec: Option<NgramSpec> = None;
    let mut sentiment_ngram_report = serde_json::Value::Null;
    if let Some(sd) = &cfg.sentiment {
        let s = load_split(sd, cfg.seed)?;
        let mut sl: Vec<String> = s.train.iter().map(|e| e.label.clone()).collect();
        sl.sort();
        sl.dedup();
        let xs = emb.embed(
            &s.train.iter().map(|e| e.text.clone()).collect::<Vec<_>>(),
            "sentiment train",
        )?;
        let xsv_all = emb.embed(
            &s.val
                .iter()
                .map(|(e, _)| e.text.clone())
                .collect::<Vec<_>>(),
            "sentiment validation",
        )?;
        let ys: Vec<usize> = s
            .train
            .iter()
            .filter_map(|e| label_index(&sl, &e.label))
            .collect();
        let keep: Vec<usize> = (0..s.val.len())
            .filter(|&i| label_index(&sl, &s.val[i].0.label).is_some())
            .collect();
        let xsv: Vec<Vec<f32>> = keep.iter().map(|&i| xsv_all[i].clone()).collect();
        let ysv: Vec<usize> = keep
            .iter()
            .filter_map(|&i| label_index(&sl, &s.val[i].0.label))
            .collect();
        let pb = progress(sd.fit.epochs as u64, "training sentiment head");
        let (mut head, rep) = fit::fit_head(
            "sentiment",
            &sl,
            &xs,
            &ys,
            &xsv,
            &ysv,
            &sd.fit,
            cfg.seed + 1,
            Some(&pb),
        )?;
        pb.finish_and_clear();
        let mut lg = logits_of(&head, &xsv)?;
        if let Some(nc) = cfg.sentiment_ngram.as_ref().filter(|n| n.enabled) {
            let val_texts: Vec<String> = keep.iter().map(|&i| s.val[i].0.text.clone()).collect();
            let (model, report) =
                fit_sentiment_ngram(sd, nc, &s, &sl, &ys, &val_texts, &ysv, cfg.seed)?;
            // Temperature and the report below are fitted on the ensemble serving computes.
            lg = lg
                .iter()
                .zip(&val_texts)
                .map(|(l, t)| crate::model::ngram::combine_logits(l, &model.logits(t), nc.weight))
                .collect();
            store_entries.extend(model.to_entries_named("sentiment_ngram"));
            sentiment_ngram_spec = Some(NgramSpec {
                min_n: model.min_n,
                max_n: model.max_n,
                weight: nc.weight,
                word_max_n: model.word_max_n,
                buckets: model.buckets,
                mode: "average".into(),
            });
            sentiment_ngram_report = report;
        }
        head.temperature = if xsv.is_empty() {
            1.0
        } else {
            calibration::fit_temperature(&lg, &ysv)
        };
        sentiment_metrics = sentiment_report(
            &lg,
            &ysv,
            &sl,
            &keep.iter().map(|&i| s.val[i].1.clone()).collect::<Vec<_>>(),
        );
        heads.insert(
            "sentiment".to_string(),
            HeadSpec {
                labels: sl,
                temperature: head.temperature,
            },
        );
        store_entries.extend(head.to_entries()?);
        sentiment_fit = Some(rep);
    } else if let Some(src) = &cfg.sentiment_from {
        let m = Manifest::load(src)?;
        if let Some(spec) = m.heads.get("sentiment") {
            let mut st = WeightStore::load(&src.join(HEADS_FILE), &device)?;
            let head = Head::from_store(
                &mut st,
                "sentiment",
                spec.labels.clone(),
                spec.temperature,
                &device,
            )?;
            if head.input_dim()? != dim {
                return Err(TrainError::Invalid(format!(
                    "the sentiment head in {} expects {}-d embeddings; this encoder gives {dim}",
                    src.display(),
                    head.input_dim()?
                )));
            }
            store_entries.extend(head.to_entries()?);
            heads.insert("sentiment".to_string(), spec.clone());
            sentiment_metrics = json!({"copied_from": src.display().to_string(), "metrics": m.metrics.get("sentiment")});
        }
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
        .is_some_and(|c| c.signals.iter().any(|s| s.contains("maha")));
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
    let manifest = Manifest {
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
            method: cfg.oos_method.clone(),
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
            mode: if cfg.ngram.joint() { "sum" } else { "average" }.into(),
        }),
        sentiment_ngram: sentiment_ngram_spec,
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
        metrics: json!({
            "intent": intent_metrics,
            "intent_fit": intent_fit,
            "oos_stacker": stacker_report,
            "calibration": {"temperature": temperature, "ece_before": ece_before, "ece_after": ece_after},
            "oos": {"threshold": oos_threshold, "k": cfg.knn_k, "method": cfg.oos_method},
            "thresholds": {
                "recommended": rec,
                "recommended_high": rec_high,
                "target_error": cfg.target_error,
                "per_language": per_language_report,
                "promise": promise,
            },
            "sentiment": sentiment_metrics,
            "sentiment_fit": sentiment_fit,
            "sentiment_ngram": sentiment_ngram_report,
        }),
    };
    manifest.save(out)?;
    Ok(TrainSummary {
        out: out.to_path_buf(),
        seconds: started.elapsed().as_secs_f64(),
        encoded: emb.encoded,
        manifest,
    })
}

fn rows_tensor(x: &[Vec<f32>], dim: usize) -> Result<Tensor, TrainError> {
    Ok(Tensor::from_vec(
        x.iter().flatten().copied().collect::<Vec<_>>(),
        (x.len(), dim),
        &Device::Cpu,
    )
    .map_err(ModelError::from)?)
}

fn make_bank(
    rows: Vec<f32>,
    dim: usize,
    k: usize,
    labels: Option<Vec<u32>>,
    oos_idx: Option<usize>,
) -> Result<KnnScorer, TrainError> {
    let n = rows.len() / dim.max(1);
    let bank = Tensor::from_vec(rows, (n, dim), &Device::Cpu).map_err(ModelError::from)?;
    Ok(match labels {
        Some(l) => KnnScorer::with_labels(bank, k, l, oos_idx.map(|i| i as u32))?,
        None => KnnScorer::new(bank, k)?,
    })
}

/// Mahalanobis statistics of the in-scope classes present in `y`.
fn fit_maha(
    cfg: &TrainConfig,
    labels: &[String],
    x: &[Vec<f32>],
    y: &[usize],
    oos_idx: Option<usize>,
) -> Result<crate::model::maha::MahaFit, TrainError> {
    let mut present: Vec<usize> = y.iter().copied().filter(|&l| Some(l) != oos_idx).collect();
    present.sort_unstable();
    present.dedup();
    let mut compact_of = vec![None; labels.len()];
    for (c, &l) in present.iter().enumerate() {
        compact_of[l] = Some(c);
    }
    let compact: Vec<Option<usize>> = y.iter().map(|&l| compact_of[l]).collect();
    Ok(crate::model::maha::MahaFit::fit(
        x,
        &compact,
        present.len(),
        cfg.maha_shrinkage,
    )?)
}

/// A fitted intent model: the head on the embedding and the n-gram model beside it.
struct IntentFit {
    head: Head,
    ngram: Option<crate::model::ngram::NgramModel>,
    /// Logits add (joint linear model) rather than log-probabilities averaging.
    joint: bool,
    weight: f32,
    report: serde_json::Value,
}

/// Intent logits of a set of messages as serving computes them, and the kNN distance score.
struct Applied {
    logits: Vec<Vec<f32>>,
    without_vote: Vec<Vec<f32>>,
    ngram_only: Option<Vec<Vec<f32>>>,
    knn: Vec<f32>,
}

impl IntentFit {
    fn apply(
        &self,
        texts: &[String],
        x: &[Vec<f32>],
        bank: &KnnScorer,
        vote: Option<&KnnVoteSpec>,
    ) -> Result<Applied, TrainError> {
        let head = logits_of(&self.head, x)?;
        let mut ngram_only = None;
        let base: Vec<Vec<f32>> = match &self.ngram {
            Some(ng) => {
                let z: Vec<Vec<f32>> = texts.iter().map(|t| ng.logits(t)).collect();
                let out = head
                    .iter()
                    .zip(&z)
                    .map(|(a, b)| {
                        if self.joint {
                            a.iter().zip(b).map(|(p, q)| p + q).collect()
                        } else {
                            crate::model::ngram::combine_logits(a, b, self.weight)
                        }
                    })
                    .collect();
                ngram_only = Some(z);
                out
            }
            None => head,
        };
        let mut logits = Vec::with_capacity(base.len());
        let mut knn = Vec::with_capacity(base.len());
        let dim = x.first().map(|r| r.len()).unwrap_or(0);
        // Chunks bound the similarity matrix's memory.
        for (xs, ls) in x.chunks(512).zip(base.chunks(512)) {
            let sims = bank.neighbours(&rows_tensor(xs, dim)?)?;
            for (s, l) in sims.iter().zip(ls) {
                knn.push(bank.score_of(s));
                logits.push(match vote {
                    Some(v) => {
                        let add = bank.vote_of(s, v, l.len());
                        l.iter().zip(&add).map(|(a, b)| a + b).collect()
                    }
                    None => l.clone(),
                });
            }
        }
        Ok(Applied {
            logits,
            without_vote: base,
            ngram_only,
            knn,
        })
    }
}

/// Texts, embeddings and label indices of a set of examples.
type Labelled<'a> = (&'a [String], &'a [Vec<f32>], &'a [usize]);

/// Trains the intent model: the joint linear model (`ngram.mode = "joint"`), or the MLP head
/// with an n-gram model averaged in. `val` feeds the report (and the MLP's early stopping).
#[allow(clippy::too_many_arguments)]
fn fit_intent(
    cfg: &TrainConfig,
    labels: &[String],
    texts: &[String],
    x: &[Vec<f32>],
    y: &[usize],
    val: Option<Labelled>,
    seed: u64,
    show_progress: bool,
) -> Result<IntentFit, TrainError> {
    let c = labels.len();
    if x.is_empty() || c < 2 {
        return Err(TrainError::Invalid(
            "the intent model needs training examples of at least two labels".into(),
        ));
    }
    let dim = x[0].len();
    if !["per_dim", "global"].contains(&cfg.ngram.standardize.as_str()) {
        return Err(TrainError::Invalid(format!(
            "ngram.standardize must be \"per_dim\" or \"global\", not {:?}",
            cfg.ngram.standardize
        )));
    }
    if cfg.ngram.joint() {
        let f = ngram::fit(
            texts,
            Some(x),
            y,
            c,
            &cfg.ngram,
            seed.wrapping_add(2),
            val.map(|(t, e, y)| ngram::ValData {
                texts: t,
                emb: Some(e),
                y,
            }),
        );
        let dense = f
            .dense
            .ok_or_else(|| TrainError::Invalid("empty embeddings".into()))?;
        let w = Tensor::from_vec(dense.weight, (c, dim), &Device::Cpu).map_err(ModelError::from)?;
        let b = Tensor::from_vec(dense.bias, c, &Device::Cpu).map_err(ModelError::from)?;
        let head = Head::new("intent", labels.to_vec(), 1.0, vec![(w, b)])?;
        return Ok(IntentFit {
            head,
            report: json!({
                "model": "joint linear: [standardised embedding; char n-grams; word n-grams]",
                "epochs": cfg.ngram.epochs,
                "ngram_features": f.model.rows(),
                "val_accuracy_by_epoch": f.val_accuracy_by_epoch,
            }),
            ngram: Some(f.model),
            joint: true,
            weight: 1.0,
        });
    }
    let (vt, vx, vy) = val.unwrap_or((&[], &[], &[]));
    let pb = show_progress.then(|| progress(cfg.intent.fit.epochs as u64, "training intent head"));
    let (head, rep) = fit::fit_head(
        "intent",
        labels,
        x,
        y,
        vx,
        vy,
        &cfg.intent.fit,
        seed,
        pb.as_ref(),
    )?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let ngram = cfg.ngram.enabled.then(|| {
        ngram::fit(
            texts,
            None,
            y,
            c,
            &cfg.ngram,
            seed.wrapping_add(2),
            (!vt.is_empty()).then_some(ngram::ValData {
                texts: vt,
                emb: None,
                y: vy,
            }),
        )
        .model
    });
    Ok(IntentFit {
        head,
        ngram,
        joint: false,
        weight: cfg.ngram.weight,
        report: json!(rep),
    })
}

struct InScopeRank {
    top: usize,
    conf: f64,
    margin: f64,
    p_oos: f64,
}

/// The calibrated ranking of one message's logits with the out-of-scope class taken out.
fn rank_in_scope(row: &[f32], temperature: f32, oos_idx: Option<usize>) -> InScopeRank {
    let probs: Vec<f64> = calibration::softmax(row, temperature)
        .into_iter()
        .map(f64::from)
        .collect();
    let p_oos = oos_idx.map(|k| probs[k]).unwrap_or(0.0);
    let mut ranked: Vec<(usize, f64)> = probs
        .iter()
        .copied()
        .enumerate()
        .filter(|(k, _)| Some(*k) != oos_idx)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (top, conf) = ranked.first().copied().unwrap_or((0, 0.0));
    InScopeRank {
        top,
        conf,
        margin: conf - ranked.get(1).map(|r| r.1).unwrap_or(0.0),
        p_oos,
    }
}

fn parse_signals(names: &[String]) -> Result<Vec<usize>, TrainError> {
    let mut picked = Vec::new();
    for name in names {
        match OOS_SIGNALS.iter().position(|a| a == name) {
            Some(i) if !picked.contains(&i) => picked.push(i),
            Some(_) => {}
            None => {
                return Err(TrainError::Invalid(format!(
                    "unknown out-of-scope signal {name:?} ({})",
                    OOS_SIGNALS.join(", ")
                )))
            }
        }
    }
    if picked.is_empty() {
        return Err(TrainError::Invalid("no out-of-scope signal picked".into()));
    }
    Ok(picked)
}

/// Per picked signal: the median and the 10–90% spread of its values on rows not flagged in
/// `exclude` (the out-of-scope ones).
fn robust_norm(
    picked: &[usize],
    signals: &[Vec<f32>; 7],
    exclude: &[bool],
) -> (Vec<f32>, Vec<f32>) {
    let (mut center, mut scale) = (Vec::new(), Vec::new());
    for sig in picked.iter().map(|&i| &signals[i]) {
        let mut v: Vec<f32> = sig
            .iter()
            .zip(exclude)
            .filter(|(_, &x)| !x)
            .map(|(&x, _)| x)
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        let q = |p: f64| {
            v.get(((v.len().saturating_sub(1)) as f64 * p).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        center.push(q(0.5));
        scale.push((q(0.9) - q(0.1)).max(1e-6));
    }
    (center, scale)
}

/// Fold of each example: each label's examples are shuffled (seeded) and dealt round-robin.
fn stratified_folds(y: &[usize], k: usize, seed: u64) -> Vec<usize> {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xf01d);
    let classes = y.iter().copied().max().map(|m| m + 1).unwrap_or(0);
    let mut by_label = vec![Vec::new(); classes];
    for (i, &l) in y.iter().enumerate() {
        by_label[l].push(i);
    }
    let mut fold = vec![0; y.len()];
    let mut next = 0;
    for idx in by_label.iter_mut() {
        idx.shuffle(&mut rng);
        for &i in idx.iter() {
            fold[i] = next % k.max(1);
            next += 1;
        }
    }
    fold
}

/// Out-of-fold values of every signal of OOS_SIGNALS for the training examples: each fold is
/// scored by an intent model, bank and Mahalanobis statistics fitted on the other folds, the
/// msp and p_oos signals after one temperature fitted on all out-of-fold logits. Also returns
/// the out-of-fold in-scope accuracy.
fn oof_signals(
    cfg: &TrainConfig,
    labels: &[String],
    texts: &[String],
    x: &[Vec<f32>],
    y: &[usize],
    oos_idx: Option<usize>,
    pb: Option<&indicatif::ProgressBar>,
) -> Result<([Vec<f32>; 7], Option<f64>), TrainError> {
    let k = cfg.oos_stacker.folds;
    let folds = stratified_folds(y, k, cfg.seed);
    let n = y.len();
    let dim = x.first().map(|r| r.len()).unwrap_or(0);
    let vote = cfg.knn_vote.spec();
    let mut logits = vec![Vec::new(); n];
    let (mut knn, mut maha, mut rel) = (vec![0f32; n], vec![0f32; n], vec![0f32; n]);
    for f in 0..k {
        let tr: Vec<usize> = (0..n).filter(|&i| folds[i] != f).collect();
        let te: Vec<usize> = (0..n).filter(|&i| folds[i] == f).collect();
        if te.is_empty() {
            continue;
        }
        let pick = |idx: &[usize]| -> (Vec<String>, Vec<Vec<f32>>, Vec<usize>) {
            (
                idx.iter().map(|&i| texts[i].clone()).collect(),
                idx.iter().map(|&i| x[i].clone()).collect(),
                idx.iter().map(|&i| y[i]).collect(),
            )
        };
        let (t_tr, x_tr, y_tr) = pick(&tr);
        let (t_te, x_te, _) = pick(&te);
        let fit = fit_intent(
            cfg,
            labels,
            &t_tr,
            &x_tr,
            &y_tr,
            None,
            cfg.seed.wrapping_add(101 + f as u64),
            false,
        )?;
        let pool: Vec<usize> = (0..tr.len())
            .filter(|&i| vote.is_some() || Some(y_tr[i]) != oos_idx)
            .collect();
        let bank_idx = subsample(&pool, cfg.max_bank, cfg.seed);
        let rows: Vec<f32> = bank_idx
            .iter()
            .flat_map(|&i| x_tr[i].iter().map(|&v| half::f16::from_f32(v).to_f32()))
            .collect();
        let bank = make_bank(
            rows,
            dim,
            cfg.knn_k,
            vote.is_some()
                .then(|| bank_idx.iter().map(|&i| y_tr[i] as u32).collect()),
            oos_idx,
        )?;
        let out = fit.apply(&t_te, &x_te, &bank, vote.as_ref())?;
        let (m, r) = fit_maha(cfg, labels, &x_tr, &y_tr, oos_idx)?
            .scorer(&Device::Cpu)?
            .scores(&rows_tensor(&x_te, dim)?)?;
        for (j, &i) in te.iter().enumerate() {
            logits[i] = out.logits[j].clone();
            knn[i] = out.knn[j];
            maha[i] = m[j];
            rel[i] = r[j];
        }
        if let Some(pb) = pb {
            pb.inc(1);
        }
    }
    let t = calibration::fit_temperature(&logits, y);
    let (mut msp, mut p_oos) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut ok, mut ins) = (0usize, 0usize);
    for (row, &gold) in logits.iter().zip(y) {
        let r = rank_in_scope(row, t, oos_idx);
        msp.push(1.0 - r.conf as f32);
        p_oos.push(r.p_oos as f32);
        if Some(gold) != oos_idx {
            ins += 1;
            ok += (r.top == gold) as usize;
        }
    }
    let acc = (ins > 0).then(|| ok as f64 / ins as f64);
    let log_msp = msp.iter().map(|&v| log_signal(v)).collect();
    let log_p_oos = p_oos.iter().map(|&v| log_signal(v)).collect();
    Ok(([knn, rel, msp, maha, p_oos, log_msp, log_p_oos], acc))
}

/// Decision thresholds chosen for a target bot error rate, with the operating points behind them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChosenThresholds {
    pub thresholds: Thresholds,
    /// The point behind `confidence` and `margin` (`None`: nothing meets the target).
    pub recommended: Option<tradeoff::OperatingPoint>,
    /// The point behind `high_confidence` (half the target error).
    pub recommended_high: Option<tradeoff::OperatingPoint>,
}

/// How `triage train` (and `triage eval --write-thresholds`) picks thresholds on scored
/// validation messages: the most automation within `target_error`, the margin widened for
/// clarify where that costs at most one point of automation, and `high_confidence` at half the
/// target. Defaults (0.5 / 0.8 / 0.1) when nothing meets the target.
pub fn choose_thresholds(scored: &[tradeoff::Scored], target_error: f64) -> ChosenThresholds {
    let rec = tradeoff::recommend(scored, target_error)
        .map(|best| widen_margin(scored, best, target_error));
    let rec_high = tradeoff::recommend(scored, target_error / 2.0);
    let conf = rec.as_ref().map(|p| p.conf_threshold as f32).unwrap_or(0.5);
    ChosenThresholds {
        thresholds: Thresholds {
            confidence: conf,
            high_confidence: rec_high
                .as_ref()
                .map(|p| p.conf_threshold as f32)
                .unwrap_or(0.8)
                .max(conf),
            margin: rec
                .as_ref()
                .map(|p| p.margin_threshold as f32)
                .unwrap_or(0.1),
            per_intent: BTreeMap::new(),
            faq_similarity: None,
            per_language: BTreeMap::new(),
        },
        recommended: rec,
        recommended_high: rec_high,
    }
}

/// Fewest validation messages of a language for it to get its own thresholds: a 2% error
/// target is judged on the answered messages, and fewer than this leaves a handful of errors.
pub const MIN_THRESHOLD_ROWS: usize = 100;

/// [`choose_thresholds`] on each language's messages separately (`languages[i]` is the
/// language of `scored[i]`), for every language with at least [`MIN_THRESHOLD_ROWS`] messages
/// when there is more than one language; empty for single-language data.
/// The scored messages of one language (`languages[i]` is `scored[i]`'s).
fn scored_in(
    scored: &[tradeoff::Scored],
    languages: &[Language],
    lang: &str,
) -> Vec<tradeoff::Scored> {
    scored
        .iter()
        .zip(languages)
        .filter(|(_, l)| l.as_str() == lang)
        .map(|(s, _)| *s)
        .collect()
}

pub fn choose_thresholds_per_language(
    scored: &[tradeoff::Scored],
    languages: &[Language],
    target_error: f64,
) -> Vec<(Language, ChosenThresholds)> {
    let mut counts: BTreeMap<&str, (Language, usize)> = BTreeMap::new();
    for &l in languages {
        counts.entry(l.as_str()).or_insert((l, 0)).1 += 1;
    }
    if counts.len() < 2 {
        return Vec::new();
    }
    counts
        .into_values()
        .filter(|&(_, n)| n >= MIN_THRESHOLD_ROWS)
        .map(|(lang, _)| {
            let subset = scored_in(scored, languages, lang.as_str());
            (lang, choose_thresholds(&subset, target_error))
        })
        .collect()
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

/// Clarify needs an ambiguity gap: take the widest margin threshold that still meets the error
/// target and costs at most one point of automation against the best operating point.
fn widen_margin(
    items: &[tradeoff::Scored],
    best: tradeoff::OperatingPoint,
    target: f64,
) -> tradeoff::OperatingPoint {
    let mut confs: Vec<f64> = items.iter().map(|i| i.confidence).collect();
    confs.extend((0..=100).map(|i| i as f64 / 100.0));
    confs.sort_by(|a, b| a.total_cmp(b));
    confs.dedup();
    for &m in tradeoff::MARGIN_GRID.iter().rev() {
        let found = tradeoff::sweep(items, &confs, &[m])
            .into_iter()
            .filter(|p| p.error_rate <= target && p.answered > 0)
            .max_by(|a, b| a.automation.total_cmp(&b.automation));
        if let Some(p) = found {
            if p.automation >= best.automation - 0.01 {
                return p;
            }
        }
    }
    best
}

fn accuracy_of(logits: &[Vec<f32>], gold: &[usize]) -> Option<f64> {
    if gold.is_empty() {
        return None;
    }
    let ok = logits
        .iter()
        .zip(gold)
        .filter(|(row, &g)| {
            row.iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i)
                == Some(g)
        })
        .count();
    Some(ok as f64 / gold.len() as f64)
}

fn ece_of(logits: &[Vec<f32>], gold: &[usize], t: f32) -> f64 {
    let mut conf = Vec::new();
    let mut correct = Vec::new();
    for (row, &g) in logits.iter().zip(gold) {
        let p = calibration::softmax(row, t);
        let (arg, &c) = p
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap_or((0, &0.0));
        conf.push(c as f64);
        correct.push(arg == g);
    }
    calibration::ece(&conf, &correct, 15)
}

fn subsample(idx: &[usize], max: usize, seed: u64) -> Vec<usize> {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    if idx.len() <= max {
        return idx.to_vec();
    }
    let mut v = idx.to_vec();
    v.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5eed));
    v.truncate(max);
    v.sort_unstable();
    v
}

/// The distance threshold that rejects at most `max_rejection` of in-scope validation messages,
/// counting those the head's own out-of-scope class already rejects.
fn choose_oos_threshold(
    rows: &[ValRow],
    in_scope: &dyn Fn(&ValRow) -> bool,
    max_rejection: f64,
) -> f64 {
    let ins: Vec<&ValRow> = rows.iter().filter(|r| in_scope(r)).collect();
    if ins.is_empty() {
        return 1.0;
    }
    let budget = (max_rejection * ins.len() as f64).floor() as usize;
    let already = ins.iter().filter(|r| r.head_oos).count();
    let mut rest: Vec<f64> = ins.iter().filter(|r| !r.head_oos).map(|r| r.knn).collect();
    rest.sort_by(|a, b| b.total_cmp(a));
    let allowed = budget.saturating_sub(already);
    // Reject the `allowed` farthest in-scope messages: threshold just above the next one.
    match rest.get(allowed) {
        Some(&s) => s + 1e-6,
        None => 0.0,
    }
}

/// Languages with fewer in-scope validation messages do not get their own budget (they say little).
const MIN_LANGUAGE_ROWS: usize = 20;

/// The out-of-scope threshold that rejects at most `max_rejection` of all in-scope messages and
/// at most that share of each language's (every language with at least [`MIN_LANGUAGE_ROWS`]
/// in-scope messages): the loosest of the per-language thresholds and the overall one.
#[cfg(test)]
fn choose_oos_threshold_per_language(
    rows: &[ValRow],
    in_scope: &dyn Fn(&ValRow) -> bool,
    max_rejection: f64,
) -> f64 {
    choose_oos_threshold_per_group(rows, in_scope, max_rejection, true, false)
}

/// The loosest of the overall threshold and, when asked, one per language and one per
/// validation file (each group with at least [`MIN_LANGUAGE_ROWS`] in-scope messages), so that
/// no group loses more than `max_rejection` of its in-scope messages.
fn choose_oos_threshold_per_group(
    rows: &[ValRow],
    in_scope: &dyn Fn(&ValRow) -> bool,
    max_rejection: f64,
    per_language: bool,
    per_file: bool,
) -> f64 {
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Group<'a> {
        Language(&'a str),
        File(&'a str),
    }
    let holds = |r: &ValRow, g: Group| match g {
        Group::Language(l) => r.lang.as_str() == l,
        Group::File(f) => r.tag == f,
    };
    let mut groups: BTreeMap<Group, usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| in_scope(r)) {
        if per_language {
            *groups.entry(Group::Language(r.lang.as_str())).or_default() += 1;
        }
        if per_file {
            *groups.entry(Group::File(&r.tag)).or_default() += 1;
        }
    }
    groups
        .iter()
        .filter(|(_, &n)| n >= MIN_LANGUAGE_ROWS)
        .map(|(&g, _)| {
            choose_oos_threshold(
                rows,
                &|r: &ValRow| in_scope(r) && holds(r, g),
                max_rejection,
            )
        })
        .fold(
            choose_oos_threshold(rows, in_scope, max_rejection),
            f64::max,
        )
}

fn intent_metrics(rows: &[ValRow], oos_idx: Option<usize>, labels: &[String]) -> serde_json::Value {
    let mut by_tag: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut ins, mut ins_ok, mut ins_rej, mut oos, mut oos_caught) = (0, 0, 0, 0, 0);
    let mut oos_scores = Vec::new();
    let mut oos_pos = Vec::new();
    for r in rows {
        let is_oos = Some(r.gold) == oos_idx;
        let predicted_ok = if is_oos {
            r.flag
        } else {
            !r.flag && r.top == r.gold
        };
        oos_scores.push(r.knn);
        oos_pos.push(is_oos);
        if is_oos {
            oos += 1;
            oos_caught += r.flag as usize;
        } else {
            ins += 1;
            ins_ok += (r.top == r.gold) as usize;
            ins_rej += r.flag as usize;
            let e = by_lang.entry(r.lang.as_str().to_string()).or_default();
            e.0 += (r.top == r.gold) as usize;
            e.1 += 1;
        }
        let e = by_tag.entry(r.tag.clone()).or_default();
        e.0 += predicted_ok as usize;
        e.1 += 1;
    }
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            serde_json::Value::Null
        } else {
            json!(a as f64 / b as f64)
        }
    };
    json!({
        "labels": labels.len(),
        "validation_messages": rows.len(),
        "in_scope_accuracy": ratio(ins_ok, ins),
        "in_scope_accuracy_by_language": by_lang.iter().map(|(k, (a, b))| (k.clone(), ratio(*a, *b))).collect::<BTreeMap<_, _>>(),
        "in_scope_rejected_as_oos": ratio(ins_rej, ins),
        "oos_recall": ratio(oos_caught, oos),
        "oos_score_auroc": crate::metrics::ranking::auroc(&oos_scores, &oos_pos),
        "accuracy_by_file": by_tag.iter().map(|(k, (a, b))| (k.clone(), ratio(*a, *b))).collect::<BTreeMap<_, _>>(),
        "note": "in_scope_accuracy: top intent right, before the out-of-scope decision; accuracy_by_file counts out-of-scope messages right when flagged and in-scope ones when right and not flagged",
    })
}

/// The sentiment n-gram model over the head's training rows plus `ngram_only` (rows equal to a
/// training or validation text are dropped; labels the head does not know are skipped).
#[allow(clippy::too_many_arguments)]
fn fit_sentiment_ngram(
    sd: &HeadData,
    nc: &ngram::NgramConfig,
    s: &Split,
    labels: &[String],
    ys: &[usize],
    val_texts: &[String],
    val_y: &[usize],
    seed: u64,
) -> Result<(crate::model::ngram::NgramModel, serde_json::Value), TrainError> {
    if nc.mode != "average" {
        return Err(TrainError::Invalid(format!(
            "sentiment_ngram.mode must be \"average\", not {:?}",
            nc.mode
        )));
    }
    let mut seen: HashSet<String> = s
        .train
        .iter()
        .map(|e| e.text.clone())
        .chain(s.val.iter().map(|(e, _)| e.text.clone()))
        .collect();
    let mut stats = LoadStats::default();
    let extra = data::load_files(&sd.ngram_only, &mut seen, &mut stats)?;
    let mut texts: Vec<String> = s.train.iter().map(|e| e.text.clone()).collect();
    let mut y = ys.to_vec();
    let mut unknown_label = 0usize;
    for e in extra {
        match label_index(labels, &e.label) {
            Some(i) => {
                texts.push(e.text);
                y.push(i);
            }
            None => unknown_label += 1,
        }
    }
    let f = ngram::fit(
        &texts,
        None,
        &y,
        labels.len(),
        nc,
        seed.wrapping_add(3),
        (!val_texts.is_empty()).then_some(ngram::ValData {
            texts: val_texts,
            emb: None,
            y: val_y,
        }),
    );
    let mut model = f.model;
    model.round_to_stored();
    let alone = val_texts
        .iter()
        .zip(val_y)
        .filter(|(t, &g)| {
            let z = model.logits(t);
            (0..z.len()).max_by(|&a, &b| z[a].total_cmp(&z[b])) == Some(g)
        })
        .count();
    let report = json!({
        "examples": texts.len(),
        "ngram_only_rows": stats.rows,
        "dropped_duplicates": stats.duplicates,
        "dropped_unknown_label": unknown_label,
        "features": model.rows(),
        "weight": nc.weight,
        "val_accuracy_alone": alone as f64 / val_texts.len().max(1) as f64,
        "val_accuracy_by_epoch": f.val_accuracy_by_epoch,
    });
    Ok((model, report))
}

fn sentiment_report(
    logits: &[Vec<f32>],
    gold: &[usize],
    labels: &[String],
    tags: &[String],
) -> serde_json::Value {
    let pos = label_index(labels, "positive");
    let neg = label_index(labels, "negative");
    let mut by_tag: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    for ((row, &g), tag) in logits.iter().zip(gold).zip(tags) {
        let arg = row
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i)
            .unwrap_or(0);
        let e = by_tag.entry(tag.clone()).or_default();
        e.0 += (arg == g) as usize;
        e.1 += 1;
        // Binary polarity (for binary review sets): which of positive/negative is likelier.
        if let (Some(p), Some(n)) = (pos, neg) {
            if g == p || g == n {
                let said = if row[p] >= row[n] { p } else { n };
                e.2 += (said == g) as usize;
                e.3 += 1;
            }
        }
    }
    json!(by_tag
        .iter()
        .map(|(k, (a, b, c, d))| (
            k.clone(),
            json!({"accuracy": *a as f64 / (*b).max(1) as f64, "polarity_accuracy": if *d > 0 { json!(*c as f64 / *d as f64) } else { serde_json::Value::Null }, "n": b})
        ))
        .collect::<BTreeMap<_, _>>())
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
