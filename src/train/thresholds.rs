//! Decision thresholds for a target bot error, chosen on scored messages (training and eval).

#[allow(unused_imports)]
use super::*;

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
pub(super) fn scored_in(
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

/// Clarify needs an ambiguity gap: take the widest margin threshold that still meets the error
/// target and costs at most one point of automation against the best operating point.
pub(super) fn widen_margin(
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
