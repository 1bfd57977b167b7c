//! The sentiment n-gram model and the sentiment validation report.

use std::collections::{BTreeMap, HashSet};

use candle_core::Device;
use serde_json::json;

use super::data::{self, LoadStats};
use super::embed::Embedder;
use super::fit::{self, FitReport};
use super::prepare::{load_split, Split};
use super::report::{SentimentFile, SentimentMetrics};
use super::{label_index, logits_of, ngram, progress, HeadData, TrainConfig, TrainError};
use crate::metrics::calibration;
use crate::model::manifest::{HeadSpec, NgramMode, NgramSpec, HEADS_FILE};
use crate::model::weights::WeightStore;
use crate::model::{Head, Manifest};

/// The sentiment n-gram model over the head's training rows plus `ngram_only` (rows equal to a
/// training or validation text are dropped; labels the head does not know are skipped).
#[allow(clippy::too_many_arguments)]
pub(super) fn fit_sentiment_ngram(
    sd: &HeadData,
    nc: &ngram::NgramConfig,
    s: &Split,
    labels: &[String],
    ys: &[usize],
    val_texts: &[String],
    val_y: &[usize],
    seed: u64,
) -> Result<(crate::model::ngram::NgramModel, serde_json::Value), TrainError> {
    if nc.mode != ngram::JoinMode::Average {
        return Err(TrainError::Invalid(
            "sentiment_ngram.mode must be \"average\"".into(),
        ));
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

pub(super) fn sentiment_report(
    logits: &[Vec<f32>],
    gold: &[usize],
    labels: &[String],
    tags: &[String],
) -> SentimentMetrics {
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
    SentimentMetrics::ByFile(
        by_tag
            .into_iter()
            .map(|(k, (a, b, c, d))| {
                let file = SentimentFile {
                    accuracy: a as f64 / b.max(1) as f64,
                    polarity_accuracy: (d > 0).then(|| c as f64 / d as f64),
                    n: b,
                };
                (k, file)
            })
            .collect(),
    )
}

/// What the sentiment phase adds to the model: tensors (n-gram model first, then the head, as
/// stored), the head's spec, the n-gram spec and the reports.
#[derive(Default)]
pub(super) struct SentimentOut {
    pub(super) entries: Vec<crate::model::weights::Entry>,
    pub(super) head: Option<HeadSpec>,
    pub(super) ngram: Option<NgramSpec>,
    pub(super) metrics: SentimentMetrics,
    pub(super) fit: Option<FitReport>,
    pub(super) ngram_report: serde_json::Value,
}

/// Trains the sentiment head (and n-gram model) from `[sentiment]`, or copies the head of
/// `sentiment_from`; nothing when neither is set.
pub(super) fn train_sentiment(
    cfg: &TrainConfig,
    emb: &mut Embedder,
    device: &Device,
    dim: usize,
) -> Result<SentimentOut, TrainError> {
    let mut out = SentimentOut::default();
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
            out.entries
                .extend(model.to_entries_named("sentiment_ngram"));
            out.ngram = Some(NgramSpec {
                min_n: model.min_n,
                max_n: model.max_n,
                weight: nc.weight,
                word_max_n: model.word_max_n,
                buckets: model.buckets,
                mode: NgramMode::Average,
            });
            out.ngram_report = report;
        }
        head.temperature = if xsv.is_empty() {
            1.0
        } else {
            calibration::fit_temperature(&lg, &ysv)
        };
        out.metrics = sentiment_report(
            &lg,
            &ysv,
            &sl,
            &keep.iter().map(|&i| s.val[i].1.clone()).collect::<Vec<_>>(),
        );
        out.head = Some(HeadSpec {
            labels: sl,
            temperature: head.temperature,
        });
        out.entries.extend(head.to_entries()?);
        out.fit = Some(rep);
    } else if let Some(src) = &cfg.sentiment_from {
        let m = Manifest::load(src)?;
        if let Some(spec) = m.heads.get("sentiment") {
            let mut st = WeightStore::load(&src.join(HEADS_FILE), device)?;
            let head = Head::from_store(
                &mut st,
                "sentiment",
                spec.labels.clone(),
                spec.temperature,
                device,
            )?;
            if head.input_dim()? != dim {
                return Err(TrainError::Invalid(format!(
                    "the sentiment head in {} expects {}-d embeddings; this encoder gives {dim}",
                    src.display(),
                    head.input_dim()?
                )));
            }
            out.entries.extend(head.to_entries()?);
            out.head = Some(spec.clone());
            out.metrics = SentimentMetrics::Copied {
                copied_from: src.display().to_string(),
                metrics: m.metrics.get("sentiment").cloned(),
            };
        }
    }
    Ok(out)
}
