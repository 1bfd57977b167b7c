//! The data phase: the intent files loaded and split, small talk and the out-of-scope background
//! added, everything embedded through the cache (centred when asked), and the label indices.

use std::collections::HashSet;

use super::data::{self, Example, LoadStats};
use super::embed::Embedder;
use super::{background, label_index, smalltalk, HeadData, TrainConfig, TrainError};
use crate::model::center::Centering;

pub(super) struct Split {
    pub(super) train: Vec<Example>,
    /// Validation examples with the file they came from (for per-file scores).
    pub(super) val: Vec<(Example, String)>,
    pub(super) stats: LoadStats,
}

pub(super) fn load_split(h: &HeadData, seed: u64) -> Result<Split, TrainError> {
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
    own: usize,
    known: &mut HashSet<String>,
    emb: &mut Embedder<'_>,
) -> Result<background::BackgroundReport, TrainError> {
    let mut report = background::BackgroundReport::default();
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
            background::VALIDATION_TAG.to_string(),
        ));
    }
    report.used = true;
    Ok(report)
}

/// The built-in acts the user's own intents already say under another name (see
/// [`smalltalk::covered_acts`]); none when small talk is off or the data names the acts itself.
fn smalltalk_coverage(
    cfg: &TrainConfig,
    split: &Split,
    emb: &mut Embedder<'_>,
) -> Result<Vec<smalltalk::Covered>, TrainError> {
    if !cfg.smalltalk.enabled {
        return Ok(Vec::new());
    }
    let user: Vec<&Example> = split
        .train
        .iter()
        .filter(|e| e.label != cfg.oos_label && !crate::smalltalk::is_act(&e.label))
        .collect();
    let texts: Vec<String> = user.iter().map(|e| e.text.clone()).collect();
    let langs = smalltalk::languages_of(&texts);
    let named: HashSet<&str> = split.train.iter().map(|e| e.label.as_str()).collect();
    let builtin: Vec<&crate::smalltalk::Example> = crate::smalltalk::examples()
        .iter()
        .filter(|e| !named.contains(e.label.as_str()) && smalltalk::example_fits(&e.lang, langs))
        .collect();
    if user.is_empty() || builtin.is_empty() {
        return Ok(Vec::new());
    }
    let xu = emb.embed(&texts, "intent train")?;
    let xb = emb.embed(
        &builtin.iter().map(|e| e.text.clone()).collect::<Vec<_>>(),
        "small talk",
    )?;
    let acts: Vec<(&str, &[f32])> = builtin
        .iter()
        .zip(&xb)
        .map(|(e, v)| (e.label.as_str(), v.as_slice()))
        .collect();
    let users: Vec<(&str, &[f32])> = user
        .iter()
        .zip(&xu)
        .map(|(e, v)| (e.label.as_str(), v.as_slice()))
        .collect();
    Ok(smalltalk::covered_acts(&acts, &users))
}

/// The intent data as every later phase reads it: the split with small talk and background
/// added, the label set, and the (centred) embeddings of the rows the head can score.
pub(super) struct IntentData {
    pub(super) split: Split,
    pub(super) smalltalk_report: smalltalk::SmalltalkReport,
    pub(super) background_report: background::BackgroundReport,
    pub(super) labels: Vec<String>,
    pub(super) has_oos: bool,
    pub(super) centering: Option<Centering>,
    pub(super) x_train: Vec<Vec<f32>>,
    pub(super) y_train: Vec<usize>,
    pub(super) train_texts: Vec<String>,
    /// Indices into `split.val` of the rows kept (their label appears in training).
    pub(super) val_keep: Vec<usize>,
    pub(super) xv: Vec<Vec<f32>>,
    pub(super) yv: Vec<usize>,
    pub(super) val_texts: Vec<String>,
    pub(super) oos_idx: Option<usize>,
    /// Out-of-scope training examples of the user's own, as their files hold them: neither the
    /// background (it teaches far-away topics and says nothing of the near-domain unknowns) nor
    /// the copies small talk adds with a greeting in front. It decides whether the background is
    /// added, whether unknown intents are simulated, whether a stacker is fitted and whether
    /// the thresholds are cross-fitted.
    pub(super) own_oos: usize,
}

/// Loads the intent files, adds the built-in small talk (and the background when asked) and
/// embeds everything through the cache.
pub(super) fn prepare_intent_data(
    cfg: &TrainConfig,
    emb: &mut Embedder,
) -> Result<IntentData, TrainError> {
    let mut split = load_split(&cfg.intent, cfg.seed)?;
    let own_oos = split
        .train
        .iter()
        .filter(|e| e.label == cfg.oos_label)
        .count();
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
    let covered = smalltalk_coverage(cfg, &split, emb)?;
    let smalltalk_report = smalltalk::augment(
        &mut split.train,
        &mut known,
        &cfg.smalltalk,
        cfg.seed,
        covered,
    );
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
        for c in &smalltalk_report.covered {
            eprintln!(
                "small talk: your intent {} already says {} ({:.0}% of the built-in {} examples sit next to it, {:.0}% of its messages next to them): its examples were not added",
                c.label,
                c.act,
                100.0 * c.act_share,
                c.act,
                100.0 * c.label_share
            );
        }
    }
    let background_report = add_background(cfg, &mut split, own_oos, &mut known, emb)?;
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
        own_oos,
    })
}
