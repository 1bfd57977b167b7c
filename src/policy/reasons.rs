//! The handoff reasons of `super::rules::decide`, one function each in their fixed order, and
//! whether this message shows the bot failed the customer.

use super::cues::{asks_something, matched_phrase};
use super::decision::{Action, History, Reason, ReasonCode};
use super::rules::{phrase_reason, Message};

/// Whether this message shows the bot failed the customer on the previous turn.
pub(super) struct Failure<'m> {
    pub(super) phrase: Option<&'m str>,
    /// The customer says the bot's last reply missed the point or did not help: a person takes
    /// over now, not after `max` failures.
    pub(super) reply_failed: bool,
    /// The message would get the bot's last answer again and, asking nothing, says in a
    /// negative tone how that answer failed (`[failures] failed_repeat_sentiment`).
    pub(super) failed_repeat: bool,
    pub(super) unresolved_clarify: bool,
    pub(super) failed: bool,
    /// Failures counted in the conversation including this message.
    pub(super) count: u32,
}

/// The bot's last turn was an answer or a clarifying question: the customer may be telling how
/// it went.
pub(super) fn after_a_reply(h: &History) -> bool {
    matches!(h.previous_action, Some(Action::Answer | Action::Clarify))
}

/// Why, when the customer says the last reply failed with `phrase`.
pub(super) fn reply_failed_why(phrase: &str) -> String {
    format!("\"{phrase}\": the customer says the last reply failed")
}

/// The `repeated_failure` reason, at `count` failures in the conversation.
pub(super) fn repeated_failure_reason(count: u32, why: &str) -> Reason {
    Reason {
        code: ReasonCode::RepeatedFailure,
        detail: format!("bot failed {count} times (last: {why})"),
    }
}

impl<'m> Message<'m, '_> {
    /// A failure phrase, the same need asked again after an answer, or a clarify that did not
    /// resolve it.
    pub(super) fn bot_failure(&self) -> Failure<'m> {
        let (s, h, cfg) = (self.s, self.h, self.cfg);
        let failed_reply = matched_phrase(s.text, &cfg.failures.reply_failed_phrases);
        let phrase = failed_reply.or_else(|| cfg.failures.failure_phrase(s.text));
        // Only a reply can miss the point: the same words opening a chat are a complaint about
        // something else (a shop, another bot) and count as one failure, as before.
        let reply_failed = failed_reply.is_some() && after_a_reply(h);
        // The same intent is the same need only when the knowledge base would give the same
        // answer again: "要专票 公司的" after "开发票" is the customer narrowing it down.
        let same_answer = h.previous_faq.as_deref() == s.faq.as_ref().map(|f| f.id);
        let same_need = h.previous_action == Some(Action::Answer)
            && (h.previous_intent.as_deref() == Some(s.intent) && !s.oos_flag && same_answer
                || h.max_similarity_to_answered
                    .is_some_and(|x| x >= cfg.failures.same_need_similarity));
        let unresolved_clarify =
            h.previous_action == Some(Action::Clarify) && (self.ambiguous || self.low);
        let failed_repeat = self.repeats_last_answer()
            && s.sentiment_score
                .is_some_and(|x| x <= cfg.failures.failed_repeat_sentiment)
            && !asks_something(s.text);
        let failed = phrase.is_some() || same_need || unresolved_clarify || failed_repeat;
        Failure {
            phrase,
            reply_failed: reply_failed || failed_repeat,
            failed_repeat,
            unresolved_clarify,
            failed,
            count: h.failures + failed as u32,
        }
    }

    /// The best answer to this message is the one the bot gave last turn: the same entry, or,
    /// when no entry answered then, the same intent's reply (small-talk acts aside).
    fn repeats_last_answer(&self) -> bool {
        let (s, h) = (self.s, self.h);
        if h.previous_action != Some(Action::Answer) || s.smalltalk.is_some() {
            return false;
        }
        match h.previous_faq.as_deref() {
            Some(id) => s.faq.as_ref().is_some_and(|f| f.id == id),
            None => {
                h.previous_intent.as_deref() == Some(s.intent)
                    && !s.oos_flag
                    && !crate::smalltalk::is_act(s.intent)
            }
        }
    }

    /// Every handoff reason that fires, in their fixed order.
    pub(super) fn handoff_reasons(&self, failure: &Failure<'_>) -> Vec<Reason> {
        [
            self.user_requested(),
            self.out_of_scope(),
            self.low_confidence(),
            self.needs_agent(),
            self.sensitive(),
            self.sentiment(),
            self.repeated_failure(failure),
            self.vip(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn user_requested(&self) -> Option<Reason> {
        let (s, cfg) = (self.s, self.cfg);
        if let Some(p) = cfg.handoff.agent_request_phrase(s.text) {
            Some(phrase_reason(ReasonCode::UserRequested, p))
        } else if cfg.handoff.intents.iter().any(|i| i == s.intent) && self.trusted {
            Some(Reason {
                code: ReasonCode::UserRequested,
                detail: format!("intent {} ({:.2})", s.intent, s.confidence),
            })
        } else {
            None
        }
    }

    fn out_of_scope(&self) -> Option<Reason> {
        let s = self.s;
        (s.oos_flag && self.cfg.out_of_scope.handoff).then(|| Reason {
            code: ReasonCode::OutOfScope,
            detail: match s.oos_score {
                Some(score) => format!("out-of-scope score {score:.3}"),
                None => "out-of-scope class".to_string(),
            },
        })
    }

    fn low_confidence(&self) -> Option<Reason> {
        let s = self.s;
        (self.low && !s.oos_flag).then(|| Reason {
            code: ReasonCode::LowConfidence,
            detail: match s.unsure_reading {
                Some(why) => why.to_string(),
                None => format!("confidence {:.3} < {:.3}", s.confidence, self.min_conf),
            },
        })
    }

    fn needs_agent(&self) -> Option<Reason> {
        let s = self.s;
        if let Some(r) = self.needs_agent_by_words() {
            return Some(r);
        }
        let agent_intent = self.cfg.handoff.agent_intents.iter().any(|i| i == s.intent);
        let why = if s.intent == super::decision::PRODUCT_QUESTION {
            "a question about the product itself"
        } else {
            "a problem only a person can resolve"
        };
        (agent_intent && self.trusted && !s.oos_flag).then(|| Reason {
            code: ReasonCode::NeedsAgent,
            detail: format!("intent {} ({:.2}): {why}", s.intent, s.confidence),
        })
    }

    /// A person is needed by what the message says or matches, whatever its intent: a handoff
    /// entry, a photo or file beside the words, a request only staff can carry out (by its words, or
    /// asking them to change or cancel a named order), a question
    /// about the product, a wait too long.
    pub(super) fn needs_agent_by_words(&self) -> Option<Reason> {
        let s = self.s;
        if let Some(h) = self.handoff_entry() {
            return Some(Reason {
                code: ReasonCode::NeedsAgent,
                detail: format!(
                    "entry {} is a topic the knowledge base leaves to a person (score {:.3} ≥ {:.3})",
                    h.id, h.score, self.faq_threshold
                ),
            });
        }
        // "碗碎了一个 [图片] 怎么办": the words ask, but what they ask about is in a photo the bot
        // cannot see (a message of nothing but placeholders is handed off before any reading).
        if let Some(m) = super::cues::media_in(s.text, &self.cfg.handoff.media_placeholders) {
            return Some(media_reason(m));
        }
        if let Some(p) = matched_phrase(s.text, &self.cfg.handoff.agent_phrases) {
            return Some(Reason {
                code: ReasonCode::NeedsAgent,
                detail: format!("\"{p}\": only staff can carry this out or look into it"),
            });
        }
        if let Some(r) = self.cfg.staff_requests.request(s.text, s.entities) {
            return Some(Reason {
                code: ReasonCode::NeedsAgent,
                detail: format!(
                    "\"{}\" … \"{}\" with the {}: asks staff to act on it, which only they can",
                    r.ask, r.action, r.detail
                ),
            });
        }
        if let Some(p) = self.product {
            return Some(Reason {
                code: ReasonCode::NeedsAgent,
                detail: format!(
                    "\"{p}\": a question about the product itself (stock, size, quality, material)"
                ),
            });
        }
        if let Some((days, still)) = super::overdue::overdue(s.text, self.cfg.handoff.overdue_days)
        {
            return Some(Reason {
                code: ReasonCode::NeedsAgent,
                detail: format!(
                    "waited {days} days and \"{still}\": only a person can chase it (≥ {} days)",
                    self.cfg.handoff.overdue_days
                ),
            });
        }
        None
    }

    fn sensitive(&self) -> Option<Reason> {
        let (s, cfg) = (self.s, self.cfg);
        if cfg.handoff.sensitive_intents.iter().any(|i| i == s.intent)
            && self.trusted
            && !s.oos_flag
        {
            Some(Reason {
                code: ReasonCode::SensitiveIntent,
                detail: format!("intent {}", s.intent),
            })
        } else {
            cfg.handoff
                .sensitive_phrase(s.text)
                .map(|p| phrase_reason(ReasonCode::SensitiveIntent, p))
        }
    }

    /// Very negative; negative with an anger cue; or a fall over the trend window.
    fn sentiment(&self) -> Option<Reason> {
        let (s, h, c) = (self.s, self.h, &self.cfg.sentiment);
        let score = s.sentiment_score?;
        let anger = if score <= c.anger_negative {
            c.anger_cue(s.text)
        } else {
            None
        };
        if score <= c.negative {
            Some(Reason {
                code: ReasonCode::NegativeSentiment,
                detail: format!("sentiment {score:.2} ≤ {:.2}", c.negative),
            })
        } else if let Some(cue) = anger {
            Some(Reason {
                code: ReasonCode::NegativeSentiment,
                detail: format!(
                    "sentiment {score:.2} ≤ {:.2} and anger ({cue})",
                    c.anger_negative
                ),
            })
        } else if c.trend_window >= 2 && h.sentiments.len() + 1 >= c.trend_window {
            let start = h.sentiments[h.sentiments.len() + 1 - c.trend_window];
            (start - score >= c.trend_drop && score <= c.trend_below).then(|| Reason {
                code: ReasonCode::SentimentTrend,
                detail: format!(
                    "sentiment fell {start:.2} → {score:.2} over {} turns",
                    c.trend_window
                ),
            })
        } else {
            None
        }
    }

    fn repeated_failure(&self, failure: &Failure<'_>) -> Option<Reason> {
        if !failure.failed || (failure.count < self.cfg.failures.max && !failure.reply_failed) {
            return None;
        }
        let why = if let (true, Some(p)) = (failure.reply_failed, failure.phrase) {
            reply_failed_why(p)
        } else if failure.failed_repeat {
            "the customer tells how the last answer failed; it would be given again".into()
        } else if let Some(p) = failure.phrase {
            format!("\"{p}\"")
        } else if failure.unresolved_clarify {
            "clarifying question did not resolve it".into()
        } else {
            "same need asked again after an answer".into()
        };
        Some(repeated_failure_reason(failure.count, &why))
    }

    fn vip(&self) -> Option<Reason> {
        let (s, min) = (self.s, self.cfg.vip.min_confidence);
        (s.vip && s.confidence < min).then(|| Reason {
            code: ReasonCode::Vip,
            detail: format!("VIP customer, confidence {:.3} < {min:.3}", s.confidence),
        })
    }
}

/// A photo, file, voice message or link ("[图片]") the bot cannot read: a person looks at it.
pub(super) fn media_reason(media: &str) -> Reason {
    Reason {
        code: ReasonCode::NeedsAgent,
        detail: format!("[{media}]: a photo, file, voice message or link the bot cannot read"),
    }
}
