//! Calibrates the FAQ similarity threshold on labelled question pairs (JSONL: `text_a`,
//! `text_b`, `label` 1 = same meaning, 0 = not). Each side is encoded the way serving compares
//! them — `text_a` as the customer's message (query prefix), `text_b` as a knowledge-base
//! question (document prefix) — the cosine is swept as a threshold and the one with the best
//! accuracy is reported, with precision, recall, F1 and AUROC. `write_threshold` stores it in a
//! model's manifest (`thresholds.faq_similarity`), where serving picks it up.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::kb::KbError;
use crate::metrics::ranking::cosine;
use crate::model::{select_device, EncoderBundle, Manifest};

/// Seed of the sample taken when `limit` is below the number of pairs.
pub const SAMPLE_SEED: u64 = 42;

#[derive(Debug, Clone, Deserialize)]
pub struct Pair {
    pub text_a: String,
    pub text_b: String,
    pub label: u8,
}

/// How the two sides of a pair are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairMode {
    /// `text_a` with the query prefix, `text_b` with the document prefix: how serving compares
    /// a message with a knowledge-base question.
    QueryDocument,
    /// Both sides with the query prefix (symmetric).
    QueryQuery,
}

/// The metrics at one threshold (`similarity >= threshold` predicts "same meaning").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AtThreshold {
    pub threshold: f32,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairsReport {
    pub model: String,
    pub file: String,
    pub mode: PairMode,
    pub pairs: usize,
    pub positives: usize,
    /// Pairs in the file; `pairs` is a seeded sample of them when a limit was given.
    pub total_in_file: usize,
    /// The threshold with the best accuracy (the one to serve with).
    pub best: AtThreshold,
    /// The threshold with the best F1, for reference.
    pub best_f1: AtThreshold,
    pub auroc: Option<f64>,
    /// At the threshold serving uses for question-only matching (the model's
    /// `thresholds.faq_similarity`, else the built-in one for the language of `text_a`), per
    /// language of `text_a`. Serving ranks knowledge-base entries by question and answer
    /// together; pairs have no answer, so this is the question-only case.
    #[serde(default)]
    pub at_serving: std::collections::BTreeMap<String, AtThreshold>,
    pub encode_seconds: f64,
    pub texts_encoded: usize,
}

impl PairsReport {
    /// A few human-readable lines.
    pub fn summary(&self) -> String {
        format!(
            "{pairs} pairs ({pos} same meaning) from {file}{sample}, model {model}, {mode:?}\n\
             best threshold {t:.4}: accuracy {acc:.4}, precision {p:.4}, recall {r:.4}, F1 {f1:.4}\n\
             best-F1 threshold {tf:.4}: F1 {bf:.4}, accuracy {ba:.4}\n\
             AUROC {auroc}; {n} texts encoded in {s:.1} s{serving}",
            pairs = self.pairs,
            pos = self.positives,
            file = self.file,
            sample = if self.pairs < self.total_in_file {
                format!(" (seeded sample of {}, seed {SAMPLE_SEED})", self.total_in_file)
            } else {
                String::new()
            },
            model = self.model,
            mode = self.mode,
            t = self.best.threshold,
            acc = self.best.accuracy,
            p = self.best.precision,
            r = self.best.recall,
            f1 = self.best.f1,
            tf = self.best_f1.threshold,
            bf = self.best_f1.f1,
            ba = self.best_f1.accuracy,
            auroc = self
                .auroc
                .map(|a| format!("{a:.4}"))
                .unwrap_or_else(|| "n/a".into()),
            n = self.texts_encoded,
            s = self.encode_seconds,
            serving = self
                .at_serving
                .iter()
                .map(|(l, m)| format!(
                    "\nat the serving threshold, {l} ({:.3}): precision {:.4}, recall {:.4}",
                    m.threshold, m.precision, m.recall
                ))
                .collect::<String>(),
        )
    }
}

pub fn read_pairs(path: &Path) -> Result<Vec<Pair>, KbError> {
    let text = std::fs::read_to_string(path).map_err(|e| KbError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |message: String| KbError::Parse {
            path: path.display().to_string(),
            line: n + 1,
            message,
        };
        let p: Pair = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        if p.label > 1 {
            return Err(at(format!("label must be 0 or 1, not {}", p.label)));
        }
        out.push(p);
    }
    if out.is_empty() {
        return Err(KbError::Invalid(format!("{}: no pairs", path.display())));
    }
    Ok(out)
}

/// Encodes the pairs in `pairs` (all, or a seeded sample of `limit`) with the model's encoder
/// the way serving compares a message with a knowledge-base question, and sweeps the threshold.
pub fn evaluate_pairs(
    model_dir: &Path,
    pairs: &Path,
    limit: Option<usize>,
) -> Result<PairsReport, KbError> {
    evaluate_pairs_mode(model_dir, pairs, limit, PairMode::QueryDocument)
}

pub fn evaluate_pairs_mode(
    model_dir: &Path,
    pairs_path: &Path,
    limit: Option<usize>,
    mode: PairMode,
) -> Result<PairsReport, KbError> {
    let manifest = Manifest::load(model_dir)?;
    let device = select_device();
    let bundle = EncoderBundle::load(
        &model_dir.join(&manifest.encoder.path),
        &manifest.encoder.prefix,
        &manifest.encoder.document_prefix,
        manifest.encoder.max_tokens,
        &device,
    )?;
    let mut pairs = read_pairs(pairs_path)?;
    let total = pairs.len();
    if let Some(n) = limit.filter(|&n| n < total) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(SAMPLE_SEED);
        pairs.shuffle(&mut rng);
        pairs.truncate(n);
    }
    let norm = |s: &str| crate::text::normalize::normalize(s);
    let t = Instant::now();
    let (a_emb, b_emb, encoded) = {
        let embed = |texts: Vec<String>, document: bool| -> Result<_, KbError> {
            let mut uniq = texts.clone();
            uniq.sort();
            uniq.dedup();
            let emb = bundle.embed_texts(&uniq, 32, document)?;
            let map: HashMap<String, Vec<f32>> = uniq.into_iter().zip(emb).collect();
            Ok(map)
        };
        let a: Vec<String> = pairs.iter().map(|p| norm(&p.text_a)).collect();
        let b: Vec<String> = pairs.iter().map(|p| norm(&p.text_b)).collect();
        match mode {
            PairMode::QueryDocument => {
                let (ma, mb) = (embed(a, false)?, embed(b, true)?);
                let n = ma.len() + mb.len();
                (ma, mb, n)
            }
            PairMode::QueryQuery => {
                let m = embed(a.into_iter().chain(b).collect(), false)?;
                let n = m.len();
                (m.clone(), m, n)
            }
        }
    };
    let encode_seconds = t.elapsed().as_secs_f64();
    let scores: Vec<f32> = pairs
        .iter()
        .map(|p| {
            let (x, y) = (&a_emb[&norm(&p.text_a)], &b_emb[&norm(&p.text_b)]);
            // 0 where the cosine is undefined (an empty or all-zero embedding): never a match.
            cosine(x, y).unwrap_or(0.0)
        })
        .collect();
    let labels: Vec<bool> = pairs.iter().map(|p| p.label == 1).collect();
    let (best, best_f1) = sweep(&scores, &labels)
        .ok_or_else(|| KbError::Invalid("pairs need at least one pair".into()))?;
    let auroc = crate::metrics::ranking::auroc(
        &scores.iter().map(|&s| s as f64).collect::<Vec<_>>(),
        &labels,
    );
    let mut at_serving = std::collections::BTreeMap::new();
    let langs: Vec<&'static str> = pairs
        .iter()
        .map(|p| crate::text::language::detect(&norm(&p.text_a)).as_str())
        .collect();
    let mut groups: Vec<&str> = langs.clone();
    groups.sort();
    groups.dedup();
    for g in groups {
        let threshold = manifest
            .thresholds
            .faq_similarity
            .unwrap_or_else(|| crate::kb::index::default_threshold(g));
        let idx: Vec<usize> = (0..pairs.len()).filter(|&i| langs[i] == g).collect();
        let pos = idx.iter().filter(|&&i| labels[i]).count();
        let tp = idx
            .iter()
            .filter(|&&i| labels[i] && scores[i] >= threshold)
            .count();
        let fp = idx
            .iter()
            .filter(|&&i| !labels[i] && scores[i] >= threshold)
            .count();
        at_serving.insert(g.to_string(), metrics_at(threshold, tp, fp, pos, idx.len()));
    }
    Ok(PairsReport {
        model: format!("{} {}", manifest.name, manifest.version),
        file: pairs_path.display().to_string(),
        mode,
        pairs: pairs.len(),
        positives: labels.iter().filter(|&&l| l).count(),
        total_in_file: total,
        best,
        best_f1,
        auroc,
        at_serving,
        encode_seconds,
        texts_encoded: encoded,
    })
}

fn metrics_at(threshold: f32, tp: usize, fp: usize, pos: usize, n: usize) -> AtThreshold {
    let fn_ = pos - tp;
    let tn = n - pos - fp;
    let precision = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let recall = if pos > 0 { tp as f64 / pos as f64 } else { 0.0 };
    let f1 = if tp > 0 {
        2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
    } else {
        0.0
    };
    AtThreshold {
        threshold,
        accuracy: (tp + tn) as f64 / n as f64,
        precision,
        recall,
        f1,
    }
}

/// Sweeps every cut between distinct scores (the rule is `score >= threshold`; each threshold
/// is the midpoint between two neighbouring distinct scores, so it generalises either way).
/// Returns the best-accuracy and the best-F1 points; ties go to the higher threshold (fewer
/// answers). `None` for empty input.
pub fn sweep(scores: &[f32], labels: &[bool]) -> Option<(AtThreshold, AtThreshold)> {
    let n = scores.len().min(labels.len());
    if n == 0 {
        return None;
    }
    let pos = labels[..n].iter().filter(|&&l| l).count();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    // Nothing predicted positive: threshold just above the top score.
    let top = scores[order[0]];
    let mut best = metrics_at(top + 1e-4, 0, 0, pos, n);
    let mut best_f1 = best;
    let (mut tp, mut fp) = (0, 0);
    let mut i = 0;
    while i < n {
        let s = scores[order[i]];
        while i < n && scores[order[i]] == s {
            if labels[order[i]] {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        let t = if i < n {
            (s + scores[order[i]]) / 2.0
        } else {
            s
        };
        let m = metrics_at(t, tp, fp, pos, n);
        if m.accuracy > best.accuracy {
            best = m;
        }
        if m.f1 > best_f1.f1 {
            best_f1 = m;
        }
    }
    Some((best, best_f1))
}

/// Stores `threshold` as the model's calibrated FAQ similarity threshold (atomic rewrite of
/// manifest.json).
pub fn write_threshold(model_dir: &Path, threshold: f32) -> Result<(), KbError> {
    let mut m = Manifest::load(model_dir)?;
    m.thresholds.faq_similarity = Some(threshold);
    m.save(model_dir)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn sweep_finds_the_hand_computed_best() {
        // Sorted: 0.9 (+), 0.8 (+), 0.7 (−), 0.6 (+), 0.5 (−), 0.4 (−)
        let scores = [0.6, 0.9, 0.4, 0.7, 0.8, 0.5];
        let labels = [true, true, false, false, true, false];
        let (best, best_f1) = sweep(&scores, &labels).unwrap();
        // Cut after 0.8: tp 2, fp 0, tn 3, fn 1 → accuracy 5/6, P 1, R 2/3, F1 0.8.
        // Cut after 0.6: tp 3, fp 1, tn 2 → accuracy 5/6 too; the higher threshold wins the tie.
        assert!((best.threshold - 0.75).abs() < 1e-6, "{best:?}");
        assert!(close(best.accuracy, 5.0 / 6.0));
        assert!(close(best.precision, 1.0));
        assert!(close(best.recall, 2.0 / 3.0));
        assert!(close(best.f1, 0.8));
        // Best F1: cut after 0.6 → P 3/4, R 1 → F1 6/7.
        assert!((best_f1.threshold - 0.55).abs() < 1e-6, "{best_f1:?}");
        assert!(close(best_f1.f1, 6.0 / 7.0));
    }

    #[test]
    fn sweep_handles_ties_and_one_class() {
        let (best, _) = sweep(&[0.5, 0.5, 0.5], &[true, false, true]).unwrap();
        // All positive: accuracy 2/3 beats none positive (1/3).
        assert!(close(best.accuracy, 2.0 / 3.0));
        assert_eq!(best.threshold, 0.5);
        let (best, best_f1) = sweep(&[0.2, 0.1], &[false, false]).unwrap();
        assert!(close(best.accuracy, 1.0));
        assert!(best.threshold > 0.2);
        assert_eq!(best_f1.f1, 0.0);
        assert!(sweep(&[], &[]).is_none());
    }

    #[test]
    fn pairs_file_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.jsonl");
        std::fs::write(
            &p,
            "{\"text_a\": \"a\", \"text_b\": \"b\", \"label\": 1}\n{\"text_a\": \"a\", \"label\": 0}\n",
        )
        .unwrap();
        let e = read_pairs(&p).unwrap_err().to_string();
        assert!(e.contains("p.jsonl:2:") && e.contains("text_b"), "{e}");
    }

    #[test]
    fn threshold_is_written_to_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m");
        crate::model::testkit::write_tiny_model(&model, 1).unwrap();
        assert_eq!(
            Manifest::load(&model).unwrap().thresholds.faq_similarity,
            None
        );
        write_threshold(&model, 0.87).unwrap();
        assert_eq!(
            Manifest::load(&model).unwrap().thresholds.faq_similarity,
            Some(0.87)
        );
    }

    #[test]
    fn pairs_report_the_serving_threshold_per_language() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m");
        crate::model::testkit::write_tiny_model(&model, 1).unwrap();
        let pairs = dir.path().join("pairs.jsonl");
        let rows = [
            ("我要退货", "怎么退货", 1),
            ("我要退货", "运费多少", 0),
            ("where is my order", "where is my parcel", 1),
            ("where is my order", "how do I pay", 0),
        ];
        let body: String = rows
            .iter()
            .map(|(a, b, l)| {
                format!(
                    "{}\n",
                    serde_json::json!({"text_a": a, "text_b": b, "label": l})
                )
            })
            .collect();
        std::fs::write(&pairs, body).unwrap();
        let r = evaluate_pairs(&model, &pairs, None).unwrap();
        assert_eq!(r.at_serving["zh"].threshold, 0.93);
        assert_eq!(r.at_serving["en"].threshold, 0.9);
        for m in r.at_serving.values() {
            assert!((0.0..=1.0).contains(&m.precision) && (0.0..=1.0).contains(&m.recall));
        }
        // A calibrated model threshold is what serving uses, in every language.
        write_threshold(&model, 0.5).unwrap();
        let r = evaluate_pairs(&model, &pairs, None).unwrap();
        assert!(r.at_serving.values().all(|m| m.threshold == 0.5));
        assert!(r.summary().contains("at the serving threshold, zh (0.500)"));
    }
}
