//! What the customer is shown for a decision: the bot's reply and where its text comes from
//! (the knowledge base, small talk, the intent's response), or the options of a clarify. Apart
//! from [`super::decide`] because it is presentation: a decision is the same whatever the
//! tenant's reply texts say.

use crate::model::Ranked;
use crate::policy::{Action, Decision, FaqUse, PolicyConfig};
use crate::text::language::Language;

use super::api::{FaqCandidate, FaqOut, HandledBy, ReplyOut, ReplySource};
use super::decide::Verdict;

/// The parts of the response that carry what the bot says or offers.
pub(super) struct Shown {
    pub reply: Option<ReplyOut>,
    pub handled_by: Option<HandledBy>,
    pub smalltalk: Option<&'static str>,
    pub clarify_options: Vec<Ranked>,
    pub faq: Option<FaqOut>,
    pub faq_candidates: Vec<FaqCandidate>,
}

/// What the customer is shown for `v`, a message in `language`.
pub(super) fn shown(v: &Verdict<'_>, language: Language, cfg: &PolicyConfig) -> Shown {
    let d = &v.decision;
    let clarify_options = if d.action == Action::Clarify {
        v.intent
            .top
            .iter()
            .take(cfg.clarify.options)
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let faq = v.faq_answer().and_then(|h| {
        let (language, answer) = h.entry.answer_for(language.as_str())?;
        Some(FaqOut {
            id: h.entry.id.clone(),
            question: h.question.to_string(),
            answer: answer.to_string(),
            language: language.to_string(),
            similarity: h.similarity,
            score: h.score,
            intent: h.entry.intent.clone(),
        })
    });
    let faq_candidates = if d.faq == Some(FaqUse::Clarify) {
        v.hits
            .iter()
            .take(cfg.faq.candidates)
            .map(|h| FaqCandidate {
                id: h.entry.id.clone(),
                question: h.question.to_string(),
                similarity: h.similarity,
            })
            .collect()
    } else {
        Vec::new()
    };
    let smalltalk = v.answered_smalltalk();
    let reply = reply_of(d, faq.as_ref(), smalltalk, &v.intent.label, language, cfg);
    Shown {
        handled_by: handled_by(d, reply.as_ref()),
        reply,
        smalltalk,
        clarify_options,
        faq,
        faq_candidates,
    }
}

/// The bot's reply for an `answer`: the knowledge-base answer, the small-talk reply, or the
/// intent's response from the policy; `None` for other actions or when there is no text.
fn reply_of(
    d: &Decision,
    faq: Option<&FaqOut>,
    smalltalk: Option<&'static str>,
    intent: &str,
    language: Language,
    cfg: &PolicyConfig,
) -> Option<ReplyOut> {
    if d.action != Action::Answer {
        return None;
    }
    if let Some(f) = faq {
        return Some(ReplyOut {
            text: f.answer.clone(),
            language: f.language.clone(),
            source: ReplySource::Faq,
        });
    }
    let (table, key, source) = match smalltalk {
        Some(act) => (&cfg.smalltalk.replies, act, ReplySource::Smalltalk),
        None => (&cfg.responses.0, intent, ReplySource::Intent),
    };
    let (lang, text) = table.get(key)?.pick(language.as_str())?;
    Some(ReplyOut {
        text: text.to_string(),
        language: lang.to_string(),
        source,
    })
}

/// Who produces an answer's text: the bot when it has one, else the client's own flow.
fn handled_by(d: &Decision, reply: Option<&ReplyOut>) -> Option<HandledBy> {
    (d.action == Action::Answer).then_some(if reply.is_some() {
        HandledBy::Bot
    } else {
        HandledBy::Client
    })
}
