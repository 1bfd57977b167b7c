//! Which thresholds a message is judged by: the model's, with the policy's overrides, resolved
//! for the message's language; and the confidence band they put a message in.

use super::config::PolicyConfig;
use super::decision::Band;
use crate::model::manifest::{LanguageThresholds, Thresholds};

/// The model's thresholds with the policy's overrides applied. Precedence for one language:
/// policy `per_language` > policy-wide key > the model's `per_language` > the model-wide value.
/// The result keeps a `per_language` table; resolve a message's thresholds with
/// [`Thresholds::for_language`].
pub fn effective_thresholds(t: &Thresholds, cfg: &PolicyConfig) -> Thresholds {
    let o = &cfg.thresholds;
    let wide = o.wide();
    let mut out = t.clone();
    let mut model_wide = LanguageThresholds::of(t);
    wide.apply(&mut model_wide);
    out.set_wide(model_wide);
    for l in out.per_language.values_mut() {
        wide.apply(l);
    }
    for (lang, lo) in &o.per_language {
        lo.apply(out.per_language.entry(lang.clone()).or_insert(model_wide));
    }
    out.per_intent
        .extend(o.per_intent.iter().map(|(k, v)| (k.clone(), *v)));
    // Policy file > the model's calibrated value > the built-in default.
    out.faq_similarity = Some(
        cfg.faq
            .similarity
            .or(t.faq_similarity)
            .unwrap_or(super::config::DEFAULT_FAQ_SIMILARITY),
    );
    out
}

/// The thresholds for one message in `language`: [`effective_thresholds`] resolved for the
/// language, with the knowledge-base threshold of that language (policy
/// `[faq.similarity_per_language]` > policy `similarity` > the knowledge base's own, `kb` >
/// the model's `faq_similarity` > the built-in default for the language).
pub fn thresholds_for(
    t: &Thresholds,
    cfg: &PolicyConfig,
    language: &str,
    kb: Option<f32>,
) -> Thresholds {
    let mut out = effective_thresholds(t, cfg).for_language(language);
    out.faq_similarity = Some(
        cfg.faq
            .similarity_per_language
            .get(language)
            .copied()
            .or(cfg.faq.similarity)
            .or(kb)
            .or(t.faq_similarity)
            .unwrap_or_else(|| super::config::default_faq_similarity(language)),
    );
    out
}

pub fn band(confidence: f32, t: &Thresholds, intent: &str) -> Band {
    let low = t.per_intent.get(intent).copied().unwrap_or(t.confidence);
    if confidence >= t.high_confidence.max(low) {
        Band::High
    } else if confidence >= low {
        Band::Medium
    } else {
        Band::Low
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::config::LanguageOverrides;

    #[test]
    fn faq_thresholds_resolve_per_language_with_their_precedence() {
        let t = Thresholds::default();
        let mut cfg = PolicyConfig::default();
        let faq = |t: &Thresholds, cfg: &PolicyConfig, lang: &str, kb: Option<f32>| {
            thresholds_for(t, cfg, lang, kb).faq_similarity
        };
        assert_eq!(faq(&t, &cfg, "zh", None), Some(0.93));
        assert_eq!(faq(&t, &cfg, "en", None), Some(0.9));
        let model = Thresholds {
            faq_similarity: Some(0.8),
            ..Default::default()
        };
        assert_eq!(faq(&model, &cfg, "zh", None), Some(0.8));
        // The knowledge base's own threshold beats the model's and the built-in one…
        assert_eq!(faq(&model, &cfg, "zh", Some(0.88)), Some(0.88));
        assert_eq!(faq(&t, &cfg, "zh", Some(0.88)), Some(0.88));
        // …and gives way to the policy's.
        cfg.faq.similarity = Some(0.85);
        assert_eq!(faq(&model, &cfg, "zh", None), Some(0.85));
        assert_eq!(faq(&model, &cfg, "zh", Some(0.88)), Some(0.85));
        cfg.faq.similarity_per_language.insert("zh".into(), 0.95);
        assert_eq!(faq(&model, &cfg, "zh", Some(0.88)), Some(0.95));
        assert_eq!(faq(&model, &cfg, "en", None), Some(0.85));
    }

    #[test]
    fn bands_follow_thresholds() {
        let t = Thresholds::default();
        assert_eq!(band(0.9, &t, "x"), Band::High);
        assert_eq!(band(0.6, &t, "x"), Band::Medium);
        assert_eq!(band(0.2, &t, "x"), Band::Low);
    }

    #[test]
    fn policy_overrides_manifest_thresholds() {
        let mut cfg = PolicyConfig::default();
        cfg.thresholds.confidence = Some(0.7);
        cfg.thresholds.per_intent.insert("track_order".into(), 0.9);
        let t = effective_thresholds(&Thresholds::default(), &cfg);
        assert_eq!(t.confidence, 0.7);
        assert_eq!(t.per_intent["track_order"], 0.9);
        assert_eq!(t.margin, Thresholds::default().margin);
    }

    #[test]
    fn per_language_thresholds_follow_their_precedence() {
        let mut model = Thresholds::default();
        model.per_language.insert(
            "zh".into(),
            LanguageThresholds {
                confidence: 0.4,
                high_confidence: 0.7,
                margin: 0.05,
            },
        );
        let none = PolicyConfig::default();
        let t = effective_thresholds(&model, &none);
        assert_eq!(t.for_language("zh").confidence, 0.4);
        assert_eq!(t.for_language("zh").margin, 0.05);
        // A language the model has no entry for keeps the model-wide values.
        assert_eq!(t.for_language("en").confidence, 0.5);
        assert_eq!(band(0.45, &t.for_language("zh"), "x"), Band::Medium);
        assert_eq!(band(0.45, &t.for_language("en"), "x"), Band::Low);

        // A policy-wide key replaces the model's per-language value too ...
        let mut cfg = PolicyConfig::default();
        cfg.thresholds.confidence = Some(0.6);
        let t = effective_thresholds(&model, &cfg);
        assert_eq!(t.for_language("zh").confidence, 0.6);
        assert_eq!(t.for_language("zh").margin, 0.05);
        // ... and a policy per-language key wins over everything.
        cfg.thresholds.per_language.insert(
            "en".into(),
            LanguageOverrides {
                confidence: Some(0.9),
                ..Default::default()
            },
        );
        let t = effective_thresholds(&model, &cfg);
        assert_eq!(t.for_language("en").confidence, 0.9);
        assert_eq!(t.for_language("en").margin, 0.1);
        assert_eq!(t.for_language("zh").confidence, 0.6);
        // Per-intent overrides still apply on top of the language's values.
        let mut t = t.for_language("en");
        t.per_intent.insert("track_order".into(), 0.3);
        assert_eq!(band(0.35, &t, "track_order"), Band::Medium);
    }
}
