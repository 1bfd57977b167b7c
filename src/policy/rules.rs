//! The decision rules: answer, clarify or hand off, with every reason that fired as a stable code
//! and the numbers behind it, plus the queue and priority of a handoff. Pure functions of the
//! message's signals and a summary of the conversation so far.

use serde::{Deserialize, Serialize};

#[cfg(test)]
use super::config::LanguageOverrides;
use super::config::{PolicyConfig, Priority};
use crate::model::manifest::{LanguageThresholds, Thresholds};

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
    /// A person already has this conversation; the bot stays silent until it is resolved.
    HandoffActive,
    /// The bot answers with a knowledge-base entry (an `answer` reason, not a handoff).
    FaqMatch,
    /// The best knowledge-base match is close but not sure (just below the threshold, or its
    /// intent disagrees with the message's): ask rather than answer beside the point.
    FaqNearMiss,
    /// The message is small talk (greeting, thanks, "are you there?", …): the bot replies.
    Smalltalk,
    /// The customer reports a problem only a person can resolve (`[handoff] agent_intents`).
    NeedsAgent,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 14] = [
        Self::UserRequested,
        Self::OutOfScope,
        Self::LowConfidence,
        Self::Ambiguous,
        Self::NegativeSentiment,
        Self::SentimentTrend,
        Self::RepeatedFailure,
        Self::SensitiveIntent,
        Self::Vip,
        Self::HandoffActive,
        Self::FaqMatch,
        Self::FaqNearMiss,
        Self::Smalltalk,
        Self::NeedsAgent,
    ];

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
            Self::HandoffActive => "handoff_active",
            Self::FaqMatch => "faq_match",
            Self::FaqNearMiss => "faq_near_miss",
            Self::Smalltalk => "smalltalk",
            Self::NeedsAgent => "needs_agent",
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
    pub oos_flag: bool,
    pub oos_score: Option<f32>,
    pub sentiment_score: Option<f32>,
    pub vip: bool,
    pub text: &'a str,
    /// The best knowledge-base match, if the knowledge base has entries.
    pub faq: Option<FaqSignal<'a>>,
    /// The small-talk act the message is, if any.
    pub smalltalk: Option<SmalltalkSignal>,
}

/// A message recognised as small talk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmalltalkSignal {
    pub act: &'static str,
    /// Exactly a built-in example (lexicon), or the intent head's top label (with its
    /// confidence).
    pub exact: bool,
    pub confidence: f32,
}

/// The knowledge-base entry most similar to the message.
#[derive(Debug, Clone, Copy)]
pub struct FaqSignal<'a> {
    pub id: &'a str,
    /// Cosine similarity of the message to the entry's closest example question.
    pub similarity: f32,
    /// The ranking score compared with the threshold: the similarity, plus `[faq] intent_bonus`
    /// when the entry is linked to the message's (confident) intent.
    pub score: f32,
    /// Score of the next-best entry: within `[faq] margin` the match is ambiguous.
    pub runner_up: Option<f32>,
    /// The intent the entry answers (`None`: any).
    pub intent: Option<&'a str>,
}

/// What the decision did with the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaqUse {
    /// Answer with the best match.
    Answer,
    /// Near miss: offer the candidate questions.
    Clarify,
}

/// What the policy reads about the conversation before this message.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub previous_action: Option<Action>,
    /// Top intent of the previous customer turn.
    pub previous_intent: Option<String>,
    /// Highest cosine similarity of this message to an earlier turn the bot answered.
    pub max_similarity_to_answered: Option<f32>,
    /// Bot failures counted so far.
    pub failures: u32,
    /// Sentiment scores of earlier customer turns, oldest first.
    pub sentiments: Vec<f32>,
    /// Whether the bot already asked a clarifying question in this conversation.
    pub clarified: bool,
    /// Last in-scope intent seen (routes a handoff whose current message is vague).
    pub last_in_scope_intent: Option<String>,
    /// A handoff is pending or accepted: the bot stays silent.
    pub handoff_active: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub action: Action,
    pub reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// This message shows the bot failed (same need again, "that's not what I asked", an
    /// unresolved clarify).
    pub bot_failed: bool,
    /// Failures counted in the conversation including this message.
    pub failures: u32,
    /// Whether the knowledge base's best match answers, or is offered in a clarify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqUse>,
}

impl Decision {
    /// A decision that routes nowhere, uses no knowledge-base entry and is no bot failure (an
    /// active handoff's silence, a small-talk reply).
    fn without_route(action: Action, reasons: Vec<Reason>, failures: u32) -> Self {
        Self {
            action,
            reasons,
            queue: None,
            priority: None,
            bot_failed: false,
            failures,
            faq: None,
        }
    }
}

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
/// `[faq.similarity_per_language]` > policy `similarity` > the model's `faq_similarity` > the
/// built-in default for the language).
pub fn thresholds_for(t: &Thresholds, cfg: &PolicyConfig, language: &str) -> Thresholds {
    let mut out = effective_thresholds(t, cfg).for_language(language);
    out.faq_similarity = Some(
        cfg.faq
            .similarity_per_language
            .get(language)
            .copied()
            .or(cfg.faq.similarity)
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

pub fn matched_phrase<'a>(text: &str, phrases: &'a [String]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    phrases
        .iter()
        .find(|p| !p.is_empty() && lower.contains(&p.to_lowercase()))
        .map(|p| p.as_str())
}

/// The anger cue in a message, described for the reason detail: a phrase from the list, a run of
/// "!!" / "??" / "?!" (half- or full-width), a shouted word (four or more capital letters, no
/// lowercase), or an angry emoji.
pub fn anger_cue(text: &str, phrases: &[String]) -> Option<String> {
    if let Some(p) = matched_phrase(text, phrases) {
        return Some(format!("\"{p}\""));
    }
    let marks: Vec<char> = text
        .chars()
        .map(|c| match c {
            '！' => '!',
            '？' => '?',
            c => c,
        })
        .collect();
    if marks
        .windows(2)
        .any(|w| matches!(w, ['!', '!'] | ['?', '?'] | ['?', '!'] | ['!', '?']))
    {
        return Some("repeated ! or ?".into());
    }
    let shouted = text
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_ascii_uppercase()));
    if shouted {
        return Some("a word in capitals".into());
    }
    const ANGRY: [char; 5] = ['😡', '🤬', '😤', '💢', '👿'];
    text.chars()
        .find(|c| ANGRY.contains(c))
        .map(|c| format!("emoji {c}"))
}

/// Applies the rules. Handoff reasons win over clarify; clarify over answer.
pub fn decide(s: &Signals<'_>, h: &History, t: &Thresholds, cfg: &PolicyConfig) -> Decision {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut push = |code, detail: String| reasons.push(Reason { code, detail });
    let min_conf = t.per_intent.get(s.intent).copied().unwrap_or(t.confidence);
    let low = s.confidence < min_conf;
    // Confident enough to act on the intent without answering (routing, handoff intents).
    let trusted = !low || s.confidence >= cfg.routing.min_confidence;
    let ambiguous = s.margin < t.margin;

    if h.handoff_active {
        push(
            ReasonCode::HandoffActive,
            "a person has this conversation; the bot stays silent".into(),
        );
        return Decision::without_route(Action::Handoff, reasons, h.failures);
    }

    if let Some(st) = s.smalltalk.filter(|_| cfg.smalltalk.enabled) {
        // Small talk is answered and never counts as a failure. Only the customer's own words
        // can still send it to a person: a sensitive phrase, or a request for a person in a
        // message the head (not the exact lexicon) read as small talk.
        if let Some(p) = matched_phrase(s.text, &cfg.handoff.sensitive_phrases) {
            push(ReasonCode::SensitiveIntent, format!("phrase \"{p}\""));
        }
        if !st.exact {
            if let Some(p) = matched_phrase(s.text, &cfg.handoff.phrases) {
                push(ReasonCode::UserRequested, format!("phrase \"{p}\""));
            }
        }
        if reasons.is_empty() {
            let how = if st.exact {
                "built-in phrase".to_string()
            } else {
                format!("intent confidence {:.3}", st.confidence)
            };
            reasons.push(Reason {
                code: ReasonCode::Smalltalk,
                detail: format!("{} ({how})", st.act),
            });
            return Decision::without_route(Action::Answer, reasons, h.failures);
        }
        let trusted = false;
        return Decision {
            action: Action::Handoff,
            queue: Some(route(s, h, &reasons, trusted, cfg)),
            priority: Some(priority(s, &reasons, cfg)),
            reasons,
            bot_failed: false,
            failures: h.failures,
            faq: None,
        };
    }

    // Did the bot fail the customer on the previous turn?
    let failure_phrase = matched_phrase(s.text, &cfg.failures.phrases);
    let same_need = h.previous_action == Some(Action::Answer)
        && (h.previous_intent.as_deref() == Some(s.intent) && !s.oos_flag
            || h.max_similarity_to_answered
                .is_some_and(|x| x >= cfg.failures.same_need_similarity));
    let unresolved_clarify = h.previous_action == Some(Action::Clarify) && (ambiguous || low);
    let bot_failed = failure_phrase.is_some() || same_need || unresolved_clarify;
    let failures = h.failures + bot_failed as u32;

    if let Some(p) = matched_phrase(s.text, &cfg.handoff.phrases) {
        push(ReasonCode::UserRequested, format!("phrase \"{p}\""));
    } else if cfg.handoff.intents.iter().any(|i| i == s.intent) && trusted {
        push(
            ReasonCode::UserRequested,
            format!("intent {} ({:.2})", s.intent, s.confidence),
        );
    }
    if s.oos_flag && cfg.out_of_scope.handoff {
        let detail = match s.oos_score {
            Some(score) => format!("out-of-scope score {score:.3}"),
            None => "out-of-scope class".to_string(),
        };
        push(ReasonCode::OutOfScope, detail);
    }
    if low && !s.oos_flag {
        push(
            ReasonCode::LowConfidence,
            format!("confidence {:.3} < {min_conf:.3}", s.confidence),
        );
    }
    if cfg.handoff.agent_intents.iter().any(|i| i == s.intent) && trusted && !s.oos_flag {
        push(
            ReasonCode::NeedsAgent,
            format!(
                "intent {} ({:.2}): a problem only a person can resolve",
                s.intent, s.confidence
            ),
        );
    }
    if cfg.handoff.sensitive_intents.iter().any(|i| i == s.intent) && trusted && !s.oos_flag {
        push(ReasonCode::SensitiveIntent, format!("intent {}", s.intent));
    } else if let Some(p) = matched_phrase(s.text, &cfg.handoff.sensitive_phrases) {
        push(ReasonCode::SensitiveIntent, format!("phrase \"{p}\""));
    }
    let anger = s
        .sentiment_score
        .filter(|&v| v <= cfg.sentiment.anger_negative)
        .and_then(|_| anger_cue(s.text, &cfg.sentiment.anger_phrases));
    if let Some(score) = s.sentiment_score {
        if score <= cfg.sentiment.negative {
            push(
                ReasonCode::NegativeSentiment,
                format!("sentiment {score:.2} ≤ {:.2}", cfg.sentiment.negative),
            );
        } else if let Some(cue) = anger {
            push(
                ReasonCode::NegativeSentiment,
                format!(
                    "sentiment {score:.2} ≤ {:.2} and anger ({cue})",
                    cfg.sentiment.anger_negative
                ),
            );
        } else if cfg.sentiment.trend_window >= 2
            && h.sentiments.len() + 1 >= cfg.sentiment.trend_window
        {
            let start = h.sentiments[h.sentiments.len() + 1 - cfg.sentiment.trend_window];
            if start - score >= cfg.sentiment.trend_drop && score <= cfg.sentiment.trend_below {
                push(
                    ReasonCode::SentimentTrend,
                    format!(
                        "sentiment fell {start:.2} → {score:.2} over {} turns",
                        cfg.sentiment.trend_window
                    ),
                );
            }
        }
    }
    if failures >= cfg.failures.max && bot_failed {
        let why = if let Some(p) = failure_phrase {
            format!("\"{p}\"")
        } else if unresolved_clarify {
            "clarifying question did not resolve it".into()
        } else {
            "same need asked again after an answer".into()
        };
        push(
            ReasonCode::RepeatedFailure,
            format!("bot failed {failures} times (last: {why})"),
        );
    }
    if s.vip && s.confidence < cfg.vip.min_confidence {
        push(
            ReasonCode::Vip,
            format!(
                "VIP customer, confidence {:.3} < {:.3}",
                s.confidence, cfg.vip.min_confidence
            ),
        );
    }
    // The knowledge base: a match that clears the threshold and agrees with the intent answers
    // (a confident FAQ match settles a low or ambiguous intent); every other handoff reason
    // still wins. A near miss is never answered: it becomes a clarify (or a handoff once the
    // customer was already asked).
    let faq_threshold = t
        .faq_similarity
        .unwrap_or(super::config::DEFAULT_FAQ_SIMILARITY);
    let faq_state = s.faq.filter(|_| cfg.faq.enabled).and_then(|f| {
        let agrees = f.intent.is_none_or(|i| i == s.intent);
        let clear = f.runner_up.is_none_or(|r| f.score - r > cfg.faq.margin);
        if f.score >= faq_threshold && agrees && clear {
            Some((FaqUse::Answer, f))
        } else if f.score >= faq_threshold - cfg.faq.near_miss {
            Some((FaqUse::Clarify, f))
        } else {
            None
        }
    });
    let mut faq = None;
    if let Some((FaqUse::Answer, f)) = faq_state {
        // The knowledge base is the bot's scope as much as the intents are: a sure match settles
        // a message the intent model calls unsure or out of scope (a shop's own entries are
        // often about things no intent covers).
        reasons.retain(|r| !matches!(r.code, ReasonCode::LowConfidence | ReasonCode::OutOfScope));
        if reasons.is_empty() {
            faq = Some(FaqUse::Answer);
            reasons.push(Reason {
                code: ReasonCode::FaqMatch,
                detail: format!(
                    "entry {} score {:.3} ≥ {faq_threshold:.3} (similarity {:.3})",
                    f.id, f.score, f.similarity
                ),
            });
            return Decision {
                action: Action::Answer,
                reasons,
                queue: None,
                priority: None,
                bot_failed,
                failures,
                faq,
            };
        }
    }
    let mut action = if reasons.is_empty() {
        Action::Answer
    } else {
        Action::Handoff
    };
    // Unsure but in scope and trusted for routing: ask once which it is before calling a person.
    if action == Action::Handoff
        && cfg.clarify.enabled
        && cfg.clarify.unsure
        && !h.clarified
        && reasons.len() == 1
        && reasons[0].code == ReasonCode::LowConfidence
        && s.confidence >= cfg.routing.min_confidence
    {
        action = Action::Clarify;
        reasons[0].detail.push_str("; asking which it is");
    }
    // A near miss asks "did you mean …?" — unless the intent itself is sure (high band): then
    // the bot answers the intent rather than ask about an entry it was not sure of.
    let intent_sure = !low && s.confidence >= t.high_confidence && !ambiguous;
    if let Some((FaqUse::Clarify, f)) = faq_state.filter(|_| !intent_sure) {
        if action == Action::Answer {
            let why = match (f.intent, f.runner_up) {
                (Some(i), _) if i != s.intent && f.score >= faq_threshold => {
                    format!(
                        "entry {} answers {i}, the message reads as {}",
                        f.id, s.intent
                    )
                }
                (_, Some(r)) if f.score >= faq_threshold => format!(
                    "entry {} score {:.3} is within {:.3} of the next entry ({r:.3})",
                    f.id, f.score, cfg.faq.margin
                ),
                _ => format!("entry {} score {:.3} < {faq_threshold:.3}", f.id, f.score),
            };
            if cfg.clarify.enabled && !h.clarified {
                action = Action::Clarify;
                faq = Some(FaqUse::Clarify);
                reasons.push(Reason {
                    code: ReasonCode::FaqNearMiss,
                    detail: why,
                });
            } else {
                action = Action::Handoff;
                reasons.push(Reason {
                    code: ReasonCode::FaqNearMiss,
                    detail: format!("{why}; already asked to clarify"),
                });
            }
        }
    }
    if ambiguous && !s.oos_flag {
        let detail = format!("margin {:.3} < {:.3}", s.margin, t.margin);
        if action == Action::Answer && cfg.clarify.enabled && !h.clarified {
            action = Action::Clarify;
            reasons.push(Reason {
                code: ReasonCode::Ambiguous,
                detail,
            });
        } else if action == Action::Answer {
            // Already clarified once in this conversation: a person takes it from here.
            action = Action::Handoff;
            reasons.push(Reason {
                code: ReasonCode::Ambiguous,
                detail: format!("{detail}; already asked to clarify"),
            });
        }
    }
    let (queue, priority) = if action == Action::Handoff {
        (
            Some(route(s, h, &reasons, trusted, cfg)),
            Some(priority(s, &reasons, cfg)),
        )
    } else {
        (None, None)
    };
    Decision {
        action,
        reasons,
        queue,
        priority,
        bot_failed,
        failures,
        faq,
    }
}

/// `trusted`: the intent is sure enough to act on (see `decide`).
fn route(
    s: &Signals<'_>,
    h: &History,
    reasons: &[Reason],
    trusted: bool,
    cfg: &PolicyConfig,
) -> String {
    let has = |c| reasons.iter().any(|r| r.code == c);
    let queue_of = |intent: &str| cfg.routing.queues.get(intent).cloned();
    if has(ReasonCode::SensitiveIntent) {
        if let Some(q) = queue_of(s.intent) {
            return q;
        }
    }
    if has(ReasonCode::Vip) && !cfg.vip.queue.is_empty() {
        return cfg.vip.queue.clone();
    }
    // Route by the customer's need: this message's intent when it is in scope and trusted for
    // routing (`routing.min_confidence`, or confident enough to answer), else the last
    // in-scope intent of the conversation.
    let current = (!s.oos_flag && trusted && !cfg.handoff.intents.iter().any(|i| i == s.intent))
        .then_some(s.intent);
    current
        .and_then(queue_of)
        .or_else(|| h.last_in_scope_intent.as_deref().and_then(queue_of))
        .unwrap_or_else(|| cfg.routing.default_queue.clone())
}

fn priority(s: &Signals<'_>, reasons: &[Reason], cfg: &PolicyConfig) -> Priority {
    let levels: Vec<Priority> = reasons
        .iter()
        .filter_map(|r| cfg.priority.reasons.get(r.code.as_str()).copied())
        .collect();
    let mut p = levels.iter().copied().max().unwrap_or(cfg.priority.default);
    if levels.iter().filter(|&&l| l >= Priority::High).count() >= 2 {
        p = Priority::Urgent;
    }
    if s.vip && !reasons.iter().any(|r| r.code == ReasonCode::Vip) {
        p = p.bump();
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(intent: &str, confidence: f32, margin: f32) -> Signals<'_> {
        Signals {
            intent,
            confidence,
            margin,
            oos_flag: false,
            oos_score: Some(0.1),
            sentiment_score: Some(0.0),
            vip: false,
            text: "where is my order",
            faq: None,
            smalltalk: None,
        }
    }

    fn small_talk(act: &'static str, exact: bool) -> Option<SmalltalkSignal> {
        Some(SmalltalkSignal {
            act,
            exact,
            confidence: 0.7,
        })
    }

    #[test]
    fn small_talk_is_answered_even_out_of_scope_low_and_after_failures() {
        let cfg = PolicyConfig::default();
        let mut s = sig("oos", 0.2, 0.0);
        s.oos_flag = true;
        s.text = "你好";
        s.smalltalk = small_talk("greeting", true);
        let h = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("oos".into()),
            max_similarity_to_answered: Some(1.0),
            failures: 1,
            clarified: true,
            ..Default::default()
        };
        let d = decide(&s, &h, &Thresholds::default(), &cfg);
        assert_eq!(d.action, Action::Answer);
        assert_eq!(d.reasons.len(), 1);
        assert_eq!(d.reasons[0].code, ReasonCode::Smalltalk);
        assert!(!d.bot_failed);
        assert_eq!(d.failures, 1);
        // Strongly negative sentiment and VIP do not hand small talk off either.
        s.sentiment_score = Some(-0.9);
        s.vip = true;
        assert_eq!(
            decide(&s, &h, &Thresholds::default(), &cfg).action,
            Action::Answer
        );
        // "你是机器人吗" carries the failure phrase 机器人 but is a question about the bot.
        s.text = "你是机器人吗";
        s.smalltalk = small_talk("bot_identity", true);
        let d = decide(&s, &h, &Thresholds::default(), &cfg);
        assert_eq!(d.action, Action::Answer);
        assert!(!d.bot_failed);
    }

    #[test]
    fn small_talk_still_hands_off_on_the_customers_own_words() {
        let cfg = PolicyConfig::default();
        let mut s = sig("greeting", 0.7, 0.5);
        s.text = "hi, I want to talk to a human";
        s.smalltalk = small_talk("greeting", false);
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(d.reasons[0].code, ReasonCode::UserRequested);
        s.text = "thanks, I'll call the police";
        s.smalltalk = small_talk("thanks", true);
        let d = decide(&s, &History::default(), &Thresholds::default(), &cfg);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(d.reasons[0].code, ReasonCode::SensitiveIntent);
        // Switched off: the ordinary rules apply.
        let mut off = PolicyConfig::default();
        off.smalltalk.enabled = false;
        let mut s = sig("oos", 0.2, 0.0);
        s.oos_flag = true;
        s.smalltalk = small_talk("greeting", true);
        assert_eq!(
            decide(&s, &History::default(), &Thresholds::default(), &off).action,
            Action::Handoff
        );
    }

    fn decide0(s: &Signals<'_>) -> Decision {
        decide(
            s,
            &History::default(),
            &Thresholds::default(),
            &PolicyConfig::default(),
        )
    }

    fn codes(d: &Decision) -> Vec<ReasonCode> {
        d.reasons.iter().map(|r| r.code).collect()
    }

    fn faq(score: f32, intent: Option<&str>, runner_up: Option<f32>) -> Option<FaqSignal<'_>> {
        Some(FaqSignal {
            id: "e",
            similarity: score,
            score,
            runner_up,
            intent,
        })
    }

    #[test]
    fn a_clear_agreeing_faq_match_answers() {
        let mut s = sig("track_order", 0.95, 0.9);
        s.faq = faq(0.93, Some("track_order"), Some(0.85));
        let d = decide0(&s);
        assert_eq!(d.action, Action::Answer);
        assert_eq!(d.faq, Some(FaqUse::Answer));
        assert_eq!(codes(&d), vec![ReasonCode::FaqMatch]);
        // No intent link: any intent agrees. A low intent confidence is settled by the match.
        let mut s = sig("track_order", 0.2, 0.05);
        s.faq = faq(0.95, None, None);
        let d = decide0(&s);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
    }

    #[test]
    fn faq_near_misses_clarify_never_answer() {
        for (score, intent, runner_up) in [
            (0.88, None, None),                       // just below 0.9
            (0.95, Some("get_refund"), None),         // intent disagrees
            (0.95, Some("track_order"), Some(0.945)), // two entries too close
        ] {
            // A medium-band intent (above the answer threshold, below high confidence).
            let mut s = sig("track_order", 0.75, 0.9);
            s.faq = faq(score, intent, runner_up);
            let d = decide0(&s);
            assert_eq!(d.action, Action::Clarify, "{score} {intent:?}");
            assert_eq!(d.faq, Some(FaqUse::Clarify));
            assert_eq!(codes(&d), vec![ReasonCode::FaqNearMiss]);
        }
        // A sure intent answers itself instead of asking about an unsure entry.
        let mut s = sig("track_order", 0.95, 0.9);
        s.faq = faq(0.88, Some("get_refund"), None);
        let d = decide0(&s);
        assert_eq!((d.action, d.faq), (Action::Answer, None));
        // Far below: no effect.
        let mut s = sig("track_order", 0.95, 0.9);
        s.faq = faq(0.5, None, None);
        let d = decide0(&s);
        assert_eq!((d.action, d.faq), (Action::Answer, None));
        assert!(d.reasons.is_empty());
        // Already clarified once: a person takes it.
        let h = History {
            clarified: true,
            ..Default::default()
        };
        let mut s = sig("track_order", 0.75, 0.9);
        s.faq = faq(0.88, None, None);
        let d = decide(&s, &h, &Thresholds::default(), &PolicyConfig::default());
        assert_eq!(d.action, Action::Handoff);
    }

    #[test]
    fn faq_thresholds_resolve_per_language_with_their_precedence() {
        let t = Thresholds::default();
        let mut cfg = PolicyConfig::default();
        assert_eq!(thresholds_for(&t, &cfg, "zh").faq_similarity, Some(0.93));
        assert_eq!(thresholds_for(&t, &cfg, "en").faq_similarity, Some(0.9));
        let model = Thresholds {
            faq_similarity: Some(0.8),
            ..Default::default()
        };
        assert_eq!(thresholds_for(&model, &cfg, "zh").faq_similarity, Some(0.8));
        cfg.faq.similarity = Some(0.85);
        assert_eq!(
            thresholds_for(&model, &cfg, "zh").faq_similarity,
            Some(0.85)
        );
        cfg.faq.similarity_per_language.insert("zh".into(), 0.95);
        assert_eq!(
            thresholds_for(&model, &cfg, "zh").faq_similarity,
            Some(0.95)
        );
        assert_eq!(
            thresholds_for(&model, &cfg, "en").faq_similarity,
            Some(0.85)
        );
    }

    #[test]
    fn a_sure_faq_match_answers_what_the_intents_call_out_of_scope() {
        // A shop's own entry (gift wrapping) that no intent covers.
        let mut s = sig("oos", 0.3, 0.1);
        s.oos_flag = true;
        s.faq = faq(0.95, None, None);
        let d = decide0(&s);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
        assert_eq!(codes(&d), vec![ReasonCode::FaqMatch]);
        // Below the threshold the out-of-scope handoff stands.
        s.faq = faq(0.5, None, None);
        assert_eq!(decide0(&s).action, Action::Handoff);
    }

    #[test]
    fn handoff_rules_beat_a_faq_match() {
        let mut s = sig("track_order", 0.95, 0.9);
        s.faq = faq(0.99, None, None);
        s.text = "转人工";
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(d.faq, None);
        let mut s = sig("track_order", 0.95, 0.9);
        s.faq = faq(0.99, None, None);
        s.sentiment_score = Some(-0.99);
        s.oos_flag = true;
        assert_eq!(decide0(&s).action, Action::Handoff);
        let mut s = sig("track_order", 0.95, 0.9);
        s.faq = faq(0.99, None, None);
        s.sentiment_score = Some(-0.99);
        assert_eq!(decide0(&s).action, Action::Handoff);
        // Switched off in the policy: no effect.
        let mut cfg = PolicyConfig::default();
        cfg.faq.enabled = false;
        let d = decide(&s, &History::default(), &Thresholds::default(), &cfg);
        assert_eq!(d.faq, None);
    }

    #[test]
    fn confident_in_scope_answers() {
        let d = decide0(&sig("track_order", 0.95, 0.9));
        assert_eq!(d.action, Action::Answer);
        assert!(d.reasons.is_empty());
        assert!(d.queue.is_none());
    }

    #[test]
    fn low_confidence_hands_off_to_the_default_queue() {
        let d = decide0(&sig("track_order", 0.3, 0.2));
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::LowConfidence]);
        assert_eq!(d.queue.as_deref(), Some("general"));
    }

    #[test]
    fn below_the_answer_threshold_a_trusted_intent_still_routes() {
        let t = Thresholds {
            confidence: 0.9,
            ..Thresholds::default()
        };
        let cfg = PolicyConfig::default();
        let go = |intent, conf| decide(&sig(intent, conf, 0.5), &History::default(), &t, &cfg);
        // A complaint at 0.7: too unsure to answer, sure enough for the complaints queue.
        let d = go("complaint", 0.7);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(
            codes(&d),
            vec![ReasonCode::LowConfidence, ReasonCode::SensitiveIntent]
        );
        assert_eq!(d.queue.as_deref(), Some("complaints"));
        let d = go("track_order", 0.7);
        assert_eq!(codes(&d), vec![ReasonCode::LowConfidence]);
        assert_eq!(d.queue.as_deref(), Some("orders"));
        let d = go("contact_human_agent", 0.7);
        assert!(codes(&d).contains(&ReasonCode::UserRequested), "{d:?}");
        // Below routing.min_confidence the intent is not trusted at all.
        let d = go("complaint", 0.55);
        assert_eq!(codes(&d), vec![ReasonCode::LowConfidence]);
        assert_eq!(d.queue.as_deref(), Some("general"));
    }

    #[test]
    fn reported_problems_go_to_a_person_even_with_a_faq_match() {
        let mut s = sig("order_problem", 0.9, 0.8);
        s.faq = faq(0.99, None, None);
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent]);
        assert_eq!(d.queue.as_deref(), Some("orders"));
        assert_eq!(d.faq, None);
        // Not trusted even for routing (below routing.min_confidence): low confidence only.
        let d = decide0(&sig("order_problem", 0.3, 0.2));
        assert_eq!(codes(&d), vec![ReasonCode::LowConfidence]);
    }

    #[test]
    fn unsure_but_trusted_asks_once_then_hands_off() {
        let t = Thresholds {
            confidence: 0.9,
            ..Thresholds::default()
        };
        let mut cfg = PolicyConfig::default();
        cfg.clarify.unsure = true;
        let d = decide(&sig("track_order", 0.7, 0.5), &History::default(), &t, &cfg);
        assert_eq!(d.action, Action::Clarify);
        assert_eq!(codes(&d), vec![ReasonCode::LowConfidence]);
        assert!(d.queue.is_none());
        // Asked once already: a person takes it, in the intent's queue.
        let h = History {
            previous_action: Some(Action::Clarify),
            clarified: true,
            ..Default::default()
        };
        let d = decide(&sig("track_order", 0.7, 0.5), &h, &t, &cfg);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(d.queue.as_deref(), Some("orders"));
        // Below routing.min_confidence, or with another reason, no question: a person.
        let d = decide(&sig("track_order", 0.5, 0.5), &History::default(), &t, &cfg);
        assert_eq!(d.action, Action::Handoff);
        let mut s = sig("track_order", 0.7, 0.5);
        s.sentiment_score = Some(-0.99);
        assert_eq!(
            decide(&s, &History::default(), &t, &cfg).action,
            Action::Handoff
        );
        // A sensitive intent is never asked about.
        let d = decide(&sig("complaint", 0.7, 0.5), &History::default(), &t, &cfg);
        assert_eq!(d.action, Action::Handoff);
    }

    #[test]
    fn ambiguous_clarifies_once_then_hands_off() {
        let d = decide0(&sig("track_order", 0.55, 0.05));
        assert_eq!(d.action, Action::Clarify);
        assert_eq!(codes(&d), vec![ReasonCode::Ambiguous]);
        let h = History {
            previous_action: Some(Action::Clarify),
            clarified: true,
            ..Default::default()
        };
        let d = decide(
            &sig("track_order", 0.55, 0.05),
            &h,
            &Thresholds::default(),
            &PolicyConfig::default(),
        );
        assert_eq!(d.action, Action::Handoff);
        assert!(d.bot_failed, "an unresolved clarify is a failure");
        assert!(codes(&d).contains(&ReasonCode::Ambiguous));
    }

    #[test]
    fn phrase_oos_and_vip_are_all_reported() {
        let mut s = sig("track_order", 0.6, 0.5);
        s.text = "我要转人工!!";
        s.oos_flag = true;
        s.vip = true;
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(
            codes(&d),
            vec![
                ReasonCode::UserRequested,
                ReasonCode::OutOfScope,
                ReasonCode::Vip
            ]
        );
        assert_eq!(d.queue.as_deref(), Some("vip"));
    }

    #[test]
    fn complaint_with_anger_goes_to_complaints_urgently() {
        let mut s = sig("complaint", 0.9, 0.8);
        s.sentiment_score = Some(-0.9);
        s.text = "气死了，东西坏了你们还不管";
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(
            codes(&d),
            vec![ReasonCode::SensitiveIntent, ReasonCode::NegativeSentiment]
        );
        assert_eq!(d.queue.as_deref(), Some("complaints"));
        assert_eq!(d.priority, Some(Priority::Urgent));
    }

    #[test]
    fn anger_goes_to_a_person_mild_disappointment_stays_with_the_bot() {
        let at = |text: &'static str, score: f32| {
            let mut s = sig("track_order", 0.9, 0.8);
            s.text = text;
            s.sentiment_score = Some(score);
            codes(&decide0(&s)).contains(&ReasonCode::NegativeSentiment)
        };
        // Negative and angry: a phrase, shouting, repeated marks, an emoji.
        assert!(at("你们就是骗子，东西到现在还没发", -0.5));
        assert!(at("WHERE is my order, 3 weeks now", -0.3));
        assert!(at("还没到？？？", -0.3));
        assert!(at("still nothing 😡", -0.3));
        assert!(at("this is ridiculous", -0.25));
        // Mild: negative but no cue, or a cue in a message that is not negative enough.
        assert!(!at("好慢啊，怎么还没到", -0.9));
        assert!(!at("a bit slow this time", -0.9));
        assert!(!at("wow!! that was fast", 0.8));
        assert!(!at("NICE, thanks", 0.5));
        // Very negative alone still goes.
        assert!(at("the strap broke on day one", -0.99));
    }

    #[test]
    fn anger_cues_are_described_and_absent_from_plain_text() {
        let p = crate::policy::config::built_in_anger_phrases();
        assert!(p.len() > 50 && p.iter().all(|x| !x.is_empty() && !x.starts_with('#')));
        assert_eq!(anger_cue("气死我了", &p).as_deref(), Some("\"气死\""));
        assert_eq!(
            anger_cue("快点！！", &p).as_deref(),
            Some("repeated ! or ?")
        );
        assert_eq!(
            anger_cue("PLEASE answer", &p).as_deref(),
            Some("a word in capitals")
        );
        assert_eq!(anger_cue("ok 💢", &p).as_deref(), Some("emoji 💢"));
        for calm in [
            "我的快递到哪了？",
            "Where is my order? ID 12345",
            "请问有发票吗",
            "OK thx",
            "iPhone 15 PRO",
        ] {
            // "PRO" is three letters: short acronyms (ID, OK, USB) are not shouting.
            assert_eq!(anger_cue(calm, &p), None, "{calm}");
        }
    }

    #[test]
    fn same_need_after_answers_counts_failures_until_handoff() {
        let cfg = PolicyConfig::default();
        let t = Thresholds::default();
        let mut h = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("track_order".into()),
            ..Default::default()
        };
        let d = decide(&sig("track_order", 0.95, 0.9), &h, &t, &cfg);
        assert!(d.bot_failed);
        assert_eq!(d.failures, 1);
        assert_eq!(d.action, Action::Answer, "one failure is tolerated");
        h.failures = 1;
        let d = decide(&sig("track_order", 0.95, 0.9), &h, &t, &cfg);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::RepeatedFailure]);
        assert_eq!(d.queue.as_deref(), Some("orders"));
    }

    #[test]
    fn failure_phrases_count() {
        let mut s = sig("track_order", 0.95, 0.9);
        s.text = "没用，答非所问";
        let h = History {
            failures: 1,
            previous_action: Some(Action::Answer),
            ..Default::default()
        };
        let d = decide(&s, &h, &Thresholds::default(), &PolicyConfig::default());
        assert_eq!(d.action, Action::Handoff);
        assert!(codes(&d).contains(&ReasonCode::RepeatedFailure));
    }

    #[test]
    fn worsening_sentiment_trend_hands_off() {
        let mut s = sig("track_order", 0.95, 0.9);
        s.sentiment_score = Some(-0.4);
        let h = History {
            sentiments: vec![0.3, 0.0],
            ..Default::default()
        };
        let d = decide(&s, &h, &Thresholds::default(), &PolicyConfig::default());
        assert_eq!(codes(&d), vec![ReasonCode::SentimentTrend]);
        let h = History {
            sentiments: vec![-0.5, -0.4],
            ..Default::default()
        };
        let d = decide(&s, &h, &Thresholds::default(), &PolicyConfig::default());
        assert_eq!(
            d.action,
            Action::Answer,
            "steady mild negativity is not a trend"
        );
    }

    #[test]
    fn active_handoff_silences_the_bot() {
        let h = History {
            handoff_active: true,
            ..Default::default()
        };
        let d = decide(
            &sig("track_order", 0.99, 0.9),
            &h,
            &Thresholds::default(),
            &PolicyConfig::default(),
        );
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::HandoffActive]);
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
