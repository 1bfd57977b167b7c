//! The decision: answer, clarify or hand off, with every reason that fired as a stable code and
//! the numbers behind it. This is the stateless core; conversation-level rules build on it.

use serde::{Deserialize, Serialize};

use crate::model::manifest::Thresholds;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Answer,
    Clarify,
    Handoff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    High,
    Medium,
    Low,
}

/// Stable reason codes: clients and dashboards key on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    UserRequested,
    OutOfScope,
    LowConfidence,
    Ambiguous,
    NegativeSentiment,
    SentimentTrend,
    RepeatedFailure,
    SensitiveIntent,
    Vip,
}

impl ReasonCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::UserRequested => "user_requested",
            Self::OutOfScope => "out_of_scope",
            Self::LowConfidence => "low_confidence",
            Self::Ambiguous => "ambiguous",
            Self::NegativeSentiment => "negative_sentiment",
            Self::SentimentTrend => "sentiment_trend",
            Self::RepeatedFailure => "repeated_failure",
            Self::SensitiveIntent => "sensitive_intent",
            Self::Vip => "vip",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reason {
    pub code: ReasonCode,
    pub detail: String,
}

/// What the policy reads about one message.
#[derive(Debug, Clone)]
pub struct Signals<'a> {
    pub intent: &'a str,
    pub confidence: f32,
    pub margin: f32,
    pub oos_score: Option<f32>,
    pub oos_threshold: Option<f32>,
    pub sentiment_score: Option<f32>,
    pub vip: bool,
    pub text: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub action: Action,
    pub reasons: Vec<Reason>,
}

/// Rules with defaults that suit the shipped e-commerce model.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Intents that mean "get me a person".
    pub human_request_intents: Vec<String>,
    /// Intents that always go to people.
    pub sensitive_intents: Vec<String>,
    /// Phrases (matched case-insensitively as substrings) that mean "get me a person".
    pub human_request_phrases: Vec<String>,
    /// Sentiment score at or below which the customer is handed to a person.
    pub negative_sentiment: f32,
    /// VIPs need this confidence band or better for the bot to answer.
    pub vip_min_confidence: f32,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            human_request_intents: vec!["contact_human_agent".into()],
            sensitive_intents: vec!["complaint".into()],
            human_request_phrases: [
                "转人工",
                "人工客服",
                "人工服务",
                "找真人",
                "真人客服",
                "找人工",
                "要人工",
                "接人工",
                "talk to a person",
                "talk to a human",
                "speak to a human",
                "speak to a person",
                "real person",
                "human agent",
                "live agent",
                "talk to an agent",
                "speak to an agent",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            negative_sentiment: -0.6,
            vip_min_confidence: 0.8,
        }
    }
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

pub fn matched_phrase<'a>(text: &str, phrases: &'a [String]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    phrases
        .iter()
        .find(|p| !p.is_empty() && lower.contains(&p.to_lowercase()))
        .map(|p| p.as_str())
}

/// Applies the per-message rules. Handoff reasons win over clarify; clarify over answer.
pub fn decide(s: &Signals<'_>, t: &Thresholds, rules: &Rules) -> Decision {
    let mut reasons = Vec::new();
    let mut push = |code, detail: String| reasons.push(Reason { code, detail });
    if let Some(p) = matched_phrase(s.text, &rules.human_request_phrases) {
        push(ReasonCode::UserRequested, format!("phrase \"{p}\""));
    } else if rules.human_request_intents.iter().any(|i| i == s.intent) {
        push(
            ReasonCode::UserRequested,
            format!("intent {} ({:.2})", s.intent, s.confidence),
        );
    }
    if let (Some(score), Some(th)) = (s.oos_score, s.oos_threshold) {
        if score >= th {
            push(
                ReasonCode::OutOfScope,
                format!("score {score:.3} ≥ {th:.3}"),
            );
        }
    }
    let min_conf = t.per_intent.get(s.intent).copied().unwrap_or(t.confidence);
    if s.confidence < min_conf {
        push(
            ReasonCode::LowConfidence,
            format!("confidence {:.3} < {min_conf:.3}", s.confidence),
        );
    }
    if rules.sensitive_intents.iter().any(|i| i == s.intent) && s.confidence >= min_conf {
        push(ReasonCode::SensitiveIntent, format!("intent {}", s.intent));
    }
    if let Some(score) = s.sentiment_score {
        if score <= rules.negative_sentiment {
            push(
                ReasonCode::NegativeSentiment,
                format!("sentiment {score:.2} ≤ {:.2}", rules.negative_sentiment),
            );
        }
    }
    if s.vip && s.confidence < rules.vip_min_confidence {
        push(
            ReasonCode::Vip,
            format!(
                "VIP customer, confidence {:.3} < {:.3}",
                s.confidence, rules.vip_min_confidence
            ),
        );
    }
    let handoff = !reasons.is_empty();
    if s.margin < t.margin {
        reasons.push(Reason {
            code: ReasonCode::Ambiguous,
            detail: format!("margin {:.3} < {:.3}", s.margin, t.margin),
        });
    }
    let action = if handoff {
        Action::Handoff
    } else if reasons.iter().any(|r| r.code == ReasonCode::Ambiguous) {
        Action::Clarify
    } else {
        Action::Answer
    };
    Decision { action, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(intent: &str, confidence: f32, margin: f32) -> Signals<'_> {
        Signals {
            intent,
            confidence,
            margin,
            oos_score: Some(0.1),
            oos_threshold: Some(0.3),
            sentiment_score: Some(0.0),
            vip: false,
            text: "where is my order",
        }
    }

    #[test]
    fn confident_in_scope_answers() {
        let d = decide(
            &sig("track_order", 0.95, 0.9),
            &Thresholds::default(),
            &Rules::default(),
        );
        assert_eq!(d.action, Action::Answer);
        assert!(d.reasons.is_empty());
    }

    #[test]
    fn low_confidence_hands_off() {
        let d = decide(
            &sig("track_order", 0.3, 0.2),
            &Thresholds::default(),
            &Rules::default(),
        );
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(d.reasons[0].code, ReasonCode::LowConfidence);
    }

    #[test]
    fn small_margin_clarifies() {
        let d = decide(
            &sig("track_order", 0.55, 0.05),
            &Thresholds::default(),
            &Rules::default(),
        );
        assert_eq!(d.action, Action::Clarify);
        assert_eq!(d.reasons[0].code, ReasonCode::Ambiguous);
    }

    #[test]
    fn phrase_and_oos_and_vip_all_reported() {
        let mut s = sig("track_order", 0.6, 0.5);
        s.text = "我要转人工!!";
        s.oos_score = Some(0.5);
        s.vip = true;
        let d = decide(&s, &Thresholds::default(), &Rules::default());
        assert_eq!(d.action, Action::Handoff);
        let codes: Vec<_> = d.reasons.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            vec![
                ReasonCode::UserRequested,
                ReasonCode::OutOfScope,
                ReasonCode::Vip
            ]
        );
    }

    #[test]
    fn bands_follow_thresholds() {
        let t = Thresholds::default();
        assert_eq!(band(0.9, &t, "x"), Band::High);
        assert_eq!(band(0.6, &t, "x"), Band::Medium);
        assert_eq!(band(0.2, &t, "x"), Band::Low);
    }
}
