//! The model manifest (`manifest.json`): everything needed to serve a model folder and to know
//! how it was made and how it scored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ModelError;
use crate::metrics::tradeoff::ChosenThresholds;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const HEADS_FILE: &str = "heads.safetensors";
/// The training mean of the intent embeddings, when the manifest says `center_embeddings`.
pub const CENTER_TENSOR: &str = "intent.center";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub created_at: Option<String>,
    pub encoder: EncoderSpec,
    pub heads: BTreeMap<String, HeadSpec>,
    #[serde(default)]
    pub oos: Option<OosSpec>,
    /// Character n-gram model ensembled with the intent head (absent in older models).
    #[serde(default)]
    pub ngram: Option<NgramSpec>,
    /// Character/word n-gram model ensembled with the sentiment head (mode "average" only;
    /// absent in older models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment_ngram: Option<NgramSpec>,
    /// Neighbour vote added to the intent logits (absent in older models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knn_vote: Option<KnnVoteSpec>,
    /// The intent side (head, bank, neighbour vote, Mahalanobis) reads the pooled embedding minus
    /// the training mean stored as `intent.center`, re-normalised. e5 embeddings share one strong
    /// common direction (cosines cluster at 0.7–0.9); removing it spreads the classes apart.
    /// Sentiment and FAQ retrieval keep the raw embedding.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub center_embeddings: bool,
    #[serde(default)]
    pub thresholds: Thresholds,
    /// The user's intents that say a built-in small-talk act under another name (CLINC's
    /// `thank_you` → `thanks`): the policy answers them as that act. Absent in older models.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub smalltalk_aliases: BTreeMap<String, String>,
    /// How the model was made: data, base, commands, seeds.
    #[serde(default)]
    pub provenance: serde_json::Value,
    /// Validation scores measured when the model was made.
    #[serde(default)]
    pub metrics: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncoderSpec {
    /// Folder with config.json, tokenizer.json(.gz), model.safetensors; relative to the model folder.
    pub path: String,
    /// Prefix for classified messages (e5: "query: ").
    #[serde(default)]
    pub prefix: String,
    /// Prefix for indexed documents such as FAQ entries (e5: "passage: ").
    #[serde(default)]
    pub document_prefix: String,
    #[serde(default = "default_pooling")]
    pub pooling: String,
    #[serde(default = "default_true")]
    pub normalize: bool,
    /// Longest input in tokens; longer texts are truncated and the response says so.
    #[serde(default = "default_max_tokens")]
    pub max_tokens: usize,
    /// CPU arithmetic this model was validated for: `serve` and `eval` use it when the operator
    /// names none (`--precision` wins). Absent = f32. Ignored on a GPU (candle runs f32 there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<crate::model::fast::Precision>,
}

fn default_pooling() -> String {
    "mean".into()
}
fn default_true() -> bool {
    true
}
fn default_max_tokens() -> usize {
    128
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeadSpec {
    pub labels: Vec<String>,
    #[serde(default = "default_temperature")]
    pub temperature: f32,
}

fn default_temperature() -> f32 {
    1.0
}

/// How the out-of-scope score is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OosMethod {
    /// 1 − mean cosine to the k nearest training examples.
    Knn,
    /// The signals listed in `combine`, normalised and summed (or weighted by the stacker).
    Combined,
}

/// How the n-gram model joins the intent head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NgramMode {
    /// (1 − weight) · log p(head) + weight · log p(n-gram model).
    #[default]
    Average,
    /// The head and the n-gram model are two halves of one linear model: logits add.
    Sum,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OosSpec {
    pub method: OosMethod,
    pub k: usize,
    /// Scores at or above this are out of scope.
    pub threshold: f32,
    /// The label used for out-of-scope examples in training data.
    #[serde(default = "default_oos_label")]
    pub label: String,
    /// For method "combined": which signals, and how each is normalised before summing.
    #[serde(default)]
    pub combine: Option<CombineSpec>,
}

/// Out-of-scope score = Σ wᵢ · (signalᵢ − centerᵢ) / scaleᵢ over `signals`; each signal is
/// higher for messages further from the training intents. Names: "knn", "rel_maha", "maha",
/// "msp" (1 − the largest in-scope probability), "p_oos" (the probability of the out-of-scope
/// class), "log_msp" and "log_p_oos" (their logarithms, floored at ln 1e-6: far better spread
/// for a weighted sum). `weights` empty: all 1 (a plain sum); otherwise fitted by a logistic regression on
/// out-of-fold training scores.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CombineSpec {
    pub signals: Vec<OosSignal>,
    pub center: Vec<f32>,
    pub scale: Vec<f32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<f32>,
}

/// One signal a combined out-of-scope score may use. Training and serving compute every signal
/// through [`OosSignal::value`], so a signal is defined once, by name (the manifest and training
/// configs spell them as the serde names; an unknown name fails when the file is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OosSignal {
    /// Distance to the nearest training examples (the kNN bank).
    Knn,
    /// Mahalanobis distance to the nearest intent relative to the background distribution.
    RelMaha,
    /// 1 − the top in-scope probability.
    Msp,
    /// Mahalanobis distance to the nearest intent.
    Maha,
    /// Probability of the out-of-scope class.
    POos,
    /// ln(msp).
    LogMsp,
    /// ln(p_oos).
    LogPOos,
}

/// What the signals are computed from, per message.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignalInputs {
    pub knn: f32,
    pub rel_maha: f32,
    pub maha: f32,
    /// The top in-scope probability.
    pub top: f32,
    pub p_oos: f32,
}

impl OosSignal {
    /// Every signal, in the order of its discriminant (`signal as usize` indexes arrays).
    pub const ALL: [OosSignal; 7] = [
        OosSignal::Knn,
        OosSignal::RelMaha,
        OosSignal::Msp,
        OosSignal::Maha,
        OosSignal::POos,
        OosSignal::LogMsp,
        OosSignal::LogPOos,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OosSignal::Knn => "knn",
            OosSignal::RelMaha => "rel_maha",
            OosSignal::Msp => "msp",
            OosSignal::Maha => "maha",
            OosSignal::POos => "p_oos",
            OosSignal::LogMsp => "log_msp",
            OosSignal::LogPOos => "log_p_oos",
        }
    }

    pub fn value(self, x: &SignalInputs) -> f32 {
        match self {
            OosSignal::Knn => x.knn,
            OosSignal::RelMaha => x.rel_maha,
            OosSignal::Msp => 1.0 - x.top,
            OosSignal::Maha => x.maha,
            OosSignal::POos => x.p_oos,
            OosSignal::LogMsp => log_signal(1.0 - x.top),
            OosSignal::LogPOos => log_signal(x.p_oos),
        }
    }

    /// Every signal's value, indexed by `signal as usize`.
    pub fn all_values(x: &SignalInputs) -> [f32; 7] {
        Self::ALL.map(|s| s.value(x))
    }

    pub fn is_mahalanobis(self) -> bool {
        matches!(self, OosSignal::Maha | OosSignal::RelMaha)
    }
}

impl std::fmt::Display for OosSignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// ln(p + 1e-6): the "log_msp" and "log_p_oos" signals.
pub fn log_signal(p: f32) -> f32 {
    (p.max(0.0) + 1e-6).ln()
}

impl CombineSpec {
    pub fn score(&self, values: &[f32]) -> f32 {
        values
            .iter()
            .zip(self.center.iter().zip(&self.scale))
            .enumerate()
            .map(|(i, (v, (c, s)))| {
                self.weights.get(i).copied().unwrap_or(1.0) * (v - c) / s.max(1e-12)
            })
            .sum()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NgramSpec {
    pub min_n: usize,
    pub max_n: usize,
    /// Weight of the n-gram log-probabilities in the intent ensemble (mode "average").
    pub weight: f32,
    /// Word n-grams 1..=word_max_n as well as the character ones (0: none).
    #[serde(default)]
    pub word_max_n: usize,
    /// Hash buckets per feature block (0: the stored weight matrix has one row per bucket).
    #[serde(default)]
    pub buckets: usize,
    #[serde(default)]
    pub mode: NgramMode,
}

/// The k nearest training examples of the out-of-scope bank vote for their intents:
/// logits += weight · ln(p_vote + 1e-4), p_vote ∝ Σ over the neighbours of a label of
/// exp(scale · cosine).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KnnVoteSpec {
    pub k: usize,
    pub scale: f32,
    pub weight: f32,
}

pub fn default_oos_label() -> String {
    "oos".into()
}

/// Decision thresholds chosen on validation data when the model was trained.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Thresholds {
    /// Below this calibrated confidence the bot does not answer.
    pub confidence: f32,
    /// At or above this the confidence band is "high".
    pub high_confidence: f32,
    /// Below this top-1 − top-2 gap the intent is ambiguous.
    pub margin: f32,
    /// Per-intent overrides of `confidence`.
    #[serde(default)]
    pub per_intent: BTreeMap<String, f32>,
    /// Cosine similarity at or above which a knowledge-base question matches a message,
    /// calibrated on labelled question pairs (`triage eval --pairs … --write-threshold`).
    /// Unset: the policy's `[faq] similarity`, else its built-in default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_similarity: Option<f32>,
    /// Per-language replacements of `confidence`, `high_confidence` and `margin`, keyed by the
    /// detected language (`en`, `zh`): a model's confidence means different things in languages
    /// whose validation data differ (templated English, natural Chinese), so one threshold makes
    /// one language answer too little or the other too wrongly. Languages not listed use the
    /// values above.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub per_language: BTreeMap<String, LanguageThresholds>,
}

/// The decision thresholds chosen for one language's validation messages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LanguageThresholds {
    pub confidence: f32,
    pub high_confidence: f32,
    pub margin: f32,
}

impl LanguageThresholds {
    /// The model-wide values of `t`, as one language's entry.
    pub fn of(t: &Thresholds) -> Self {
        Self {
            confidence: t.confidence,
            high_confidence: t.high_confidence,
            margin: t.margin,
        }
    }
}

impl From<&ChosenThresholds> for LanguageThresholds {
    fn from(c: &ChosenThresholds) -> Self {
        Self {
            confidence: c.confidence,
            high_confidence: c.high_confidence,
            margin: c.margin,
        }
    }
}

impl From<&ChosenThresholds> for Thresholds {
    /// The chosen model-wide values, with no per-intent or per-language overrides and no FAQ
    /// similarity (what `triage train` starts from and `triage eval` recommends).
    fn from(c: &ChosenThresholds) -> Self {
        Self {
            confidence: c.confidence,
            high_confidence: c.high_confidence,
            margin: c.margin,
            per_intent: BTreeMap::new(),
            faq_similarity: None,
            per_language: BTreeMap::new(),
        }
    }
}

impl Thresholds {
    /// The thresholds that apply to a message in `language`: its `per_language` entry, if any,
    /// in place of the model-wide values (per-intent overrides still apply on top).
    pub fn for_language(&self, language: &str) -> Thresholds {
        let mut out = self.clone();
        if let Some(&l) = self.per_language.get(language) {
            out.set_wide(l);
        }
        out
    }

    /// Replaces the model-wide `confidence`, `high_confidence` and `margin`.
    pub fn set_wide(&mut self, l: LanguageThresholds) {
        self.confidence = l.confidence;
        self.high_confidence = l.high_confidence;
        self.margin = l.margin;
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            confidence: 0.5,
            high_confidence: 0.8,
            margin: 0.1,
            per_intent: BTreeMap::new(),
            faq_similarity: None,
            per_language: BTreeMap::new(),
        }
    }
}

impl Manifest {
    /// The intent head's out-of-scope label (`oos` unless the model was trained with another).
    pub fn oos_label(&self) -> &str {
        self.oos.as_ref().map_or("oos", |o| o.label.as_str())
    }

    /// Whether `signal` is part of the combined out-of-scope score.
    pub fn uses_signal(&self, signal: OosSignal) -> bool {
        self.oos
            .as_ref()
            .and_then(|o| o.combine.as_ref())
            .is_some_and(|c| c.signals.contains(&signal))
    }

    pub fn load(dir: &Path) -> Result<Self, ModelError> {
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| ModelError::io(&path, e))?;
        serde_json::from_str(&text)
            .map_err(|e| ModelError::Format(format!("{}: {e}", path.display())))
    }

    pub fn save(&self, dir: &Path) -> Result<(), ModelError> {
        let path = dir.join(MANIFEST_FILE);
        let text =
            serde_json::to_string_pretty(self).map_err(|e| ModelError::Format(e.to_string()))?;
        crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| ModelError::io(&path, e))
    }

    pub fn intent_labels(&self) -> &[String] {
        self.heads
            .get("intent")
            .map(|h| h.labels.as_slice())
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_manifests_load() {
        let old = r#"{"name": "default", "version": "1", "encoder": {"path": "enc"},
            "heads": {"intent": {"labels": ["a", "b"]}},
            "oos": {"method": "knn", "k": 10, "threshold": 0.1}}"#;
        let m: Manifest = serde_json::from_str(old).unwrap();
        assert!(m.ngram.is_none() && m.knn_vote.is_none());
        let o = m.oos.unwrap();
        assert!(o.combine.is_none());
        assert_eq!(o.label, "oos");
    }

    #[test]
    fn combined_score_normalises_and_sums() {
        let c = CombineSpec {
            signals: vec![OosSignal::Knn, OosSignal::Msp],
            center: vec![0.1, 0.2],
            scale: vec![0.1, 0.4],
            weights: vec![],
        };
        assert!((c.score(&[0.3, 0.6]) - 3.0).abs() < 1e-6);
        let w = CombineSpec {
            weights: vec![2.0, -1.0],
            ..c
        };
        // 2 · 2 − 1 · 1.
        assert!((w.score(&[0.3, 0.6]) - 3.0).abs() < 1e-6);
        let w = CombineSpec {
            weights: vec![0.5, 1.0],
            ..w
        };
        assert!((w.score(&[0.3, 0.6]) - 2.0).abs() < 1e-6);
    }

    #[test]
    fn older_ngram_specs_default_to_average() {
        let n: NgramSpec =
            serde_json::from_str(r#"{"min_n": 1, "max_n": 4, "weight": 0.5}"#).unwrap();
        assert_eq!(
            (n.mode, n.word_max_n, n.buckets),
            (NgramMode::Average, 0, 0)
        );
        let c: CombineSpec =
            serde_json::from_str(r#"{"signals": ["knn"], "center": [0], "scale": [1]}"#).unwrap();
        assert!(c.weights.is_empty());
    }

    #[test]
    fn oos_signals_are_named_once_and_unknown_names_fail_on_load() {
        for s in OosSignal::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name()));
            assert_eq!(serde_json::from_str::<OosSignal>(&json).unwrap(), s);
            assert_eq!(
                OosSignal::ALL[s as usize],
                s,
                "ALL is in discriminant order"
            );
        }
        let err = serde_json::from_str::<CombineSpec>(
            r#"{"signals": ["knn", "mps"], "center": [0, 0], "scale": [1, 1]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("mps") && err.contains("rel_maha"), "{err}");
        let x = SignalInputs {
            knn: 0.3,
            rel_maha: 2.0,
            maha: 5.0,
            top: 0.9,
            p_oos: 0.05,
        };
        let v = OosSignal::all_values(&x);
        assert_eq!(v[OosSignal::Knn as usize], 0.3);
        assert!((v[OosSignal::Msp as usize] - 0.1).abs() < 1e-6);
        assert_eq!(v[OosSignal::LogPOos as usize], log_signal(0.05));
        assert!(OosSignal::RelMaha.is_mahalanobis() && !OosSignal::Msp.is_mahalanobis());
    }
}
