//! The intent model: fitting the head (and n-gram model), the kNN bank, Mahalanobis statistics,
//! and the calibrated in-scope ranking of a message's logits.

use candle_core::{Device, Tensor};
use serde_json::json;

use super::prepare::IntentData;
use super::report::Calibration;
use super::{fit, logits_of, ngram, progress, TrainConfig, TrainError};
use crate::metrics::calibration;
use crate::model::manifest::KnnVoteSpec;
use crate::model::{Head, KnnScorer, ModelError};

pub(super) fn rows_tensor(x: &[Vec<f32>], dim: usize) -> Result<Tensor, TrainError> {
    Ok(Tensor::from_vec(
        x.iter().flatten().copied().collect::<Vec<_>>(),
        (x.len(), dim),
        &Device::Cpu,
    )
    .map_err(ModelError::from)?)
}

pub(super) fn make_bank(
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

/// The kNN bank of a training set as serving stores it: at most `max_bank` examples (the
/// out-of-scope ones only when the neighbour vote needs their labels), rounded through f16 so
/// that thresholds are fitted on exactly what serving will use.
pub(super) struct Bank {
    pub(super) scorer: KnnScorer,
    /// The chosen training rows.
    pub(super) idx: Vec<usize>,
    /// Their f16-rounded embeddings, row-major.
    pub(super) rows: Vec<f32>,
    pub(super) labels: Vec<u32>,
}

pub(super) fn bank_of(
    cfg: &TrainConfig,
    x: &[Vec<f32>],
    y: &[usize],
    oos_idx: Option<usize>,
) -> Result<Bank, TrainError> {
    let vote = cfg.knn_vote.spec().is_some();
    let dim = x.first().map(|r| r.len()).unwrap_or(0);
    let pool: Vec<usize> = (0..y.len())
        .filter(|&i| vote || Some(y[i]) != oos_idx)
        .collect();
    let idx = subsample(&pool, cfg.max_bank, cfg.seed);
    let labels: Vec<u32> = idx.iter().map(|&i| y[i] as u32).collect();
    let rows: Vec<f32> = idx
        .iter()
        .flat_map(|&i| x[i].iter().map(|&v| half::f16::from_f32(v).to_f32()))
        .collect();
    let scorer = make_bank(
        rows.clone(),
        dim,
        cfg.knn_k,
        vote.then(|| labels.clone()),
        oos_idx,
    )?;
    Ok(Bank {
        scorer,
        idx,
        rows,
        labels,
    })
}

/// Mahalanobis statistics of the in-scope classes present in `y`.
pub(super) fn fit_maha(
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
pub(super) struct IntentFit {
    pub(super) head: Head,
    pub(super) ngram: Option<crate::model::ngram::NgramModel>,
    /// Logits add (joint linear model) rather than log-probabilities averaging.
    pub(super) joint: bool,
    pub(super) weight: f32,
    pub(super) report: serde_json::Value,
}

/// Intent logits of a set of messages as serving computes them, and the kNN distance score.
pub(super) struct Applied {
    pub(super) logits: Vec<Vec<f32>>,
    pub(super) without_vote: Vec<Vec<f32>>,
    pub(super) ngram_only: Option<Vec<Vec<f32>>>,
    pub(super) knn: Vec<f32>,
}

impl IntentFit {
    pub(super) fn apply(
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
pub(super) type Labelled<'a> = (&'a [String], &'a [Vec<f32>], &'a [usize]);

/// Trains the intent model: the joint linear model (`ngram.mode = "joint"`), or the MLP head
/// with an n-gram model averaged in. `val` feeds the report (and the MLP's early stopping).
#[allow(clippy::too_many_arguments)]
pub(super) fn fit_intent(
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

pub(super) struct InScopeRank {
    pub(super) top: usize,
    pub(super) conf: f64,
    pub(super) margin: f64,
    pub(super) p_oos: f64,
}

/// The calibrated ranking of one message's logits with the out-of-scope class taken out.
pub(super) fn rank_in_scope(row: &[f32], temperature: f32, oos_idx: Option<usize>) -> InScopeRank {
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

pub(super) fn accuracy_of(logits: &[Vec<f32>], gold: &[usize]) -> Option<f64> {
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

pub(super) fn ece_of(logits: &[Vec<f32>], gold: &[usize], t: f32) -> f64 {
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

pub(super) fn subsample(idx: &[usize], max: usize, seed: u64) -> Vec<usize> {
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

/// The intent phase's result: the calibrated head (and n-gram model), the kNN bank serving
/// stores, and the validation logits and kNN scores the out-of-scope phase reads.
pub(super) struct TrainedIntent {
    pub(super) head: Head,
    pub(super) ngram: Option<crate::model::ngram::NgramModel>,
    pub(super) fit_report: serde_json::Value,
    pub(super) vote: Option<KnnVoteSpec>,
    pub(super) bank: Bank,
    pub(super) val_logits: Vec<Vec<f32>>,
    pub(super) knn_val: Vec<f32>,
    pub(super) head_only_accuracy: Option<f64>,
    pub(super) ngram_only_accuracy: Option<Option<f64>>,
    pub(super) calibration: Calibration,
}

/// Fits the intent model on the training rows, builds the kNN bank, scores the validation rows
/// as serving would and calibrates the head's temperature on them.
pub(super) fn train_intent(cfg: &TrainConfig, d: &IntentData) -> Result<TrainedIntent, TrainError> {
    let vote = cfg.knn_vote.spec();
    let intent = fit_intent(
        cfg,
        &d.labels,
        &d.train_texts,
        &d.x_train,
        &d.y_train,
        Some((&d.val_texts, &d.xv, &d.yv)),
        cfg.seed,
        true,
    )?;
    let bank = bank_of(cfg, &d.x_train, &d.y_train, d.oos_idx)?;
    let val_out = intent.apply(&d.val_texts, &d.xv, &bank.scorer, vote.as_ref())?;
    let val_logits = val_out.logits;
    let ece_before = ece_of(&val_logits, &d.yv, 1.0);
    let temperature = if d.xv.is_empty() {
        1.0
    } else {
        calibration::fit_temperature(&val_logits, &d.yv)
    };
    let mut head = intent.head.clone();
    head.temperature = temperature;
    Ok(TrainedIntent {
        head,
        ngram: intent.ngram.clone(),
        fit_report: intent.report.clone(),
        vote,
        bank,
        knn_val: val_out.knn,
        head_only_accuracy: accuracy_of(&val_out.without_vote, &d.yv),
        ngram_only_accuracy: val_out.ngram_only.as_ref().map(|l| accuracy_of(l, &d.yv)),
        calibration: Calibration {
            temperature,
            ece_before,
            ece_after: ece_of(&val_logits, &d.yv, temperature),
        },
        val_logits,
    })
}
