//! What the customer is shown for a decision: the bot's reply and where its text comes from
//! (the knowledge base, small talk, the intent's response), or the options of a clarify. Apart
//! from [`super::decide`] because it is presentation: a decision is the same whatever the
//! tenant's reply texts say.

use crate::kb::Hit;
use crate::model::Ranked;
use crate::policy::{Action, Decision, FaqUse, Offer, PolicyConfig};
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

/// A clarify's options as the customer sees them, in order, each with the words shown: the
/// knowledge-base questions when the policy offered entries, else the intents (labels read as
/// words). The Chatwoot bot numbers them, and a reply "2" picks the second
/// ([`crate::policy::chosen_option`]), so both read this one list.
pub fn numbered_options(
    faq_candidates: &[FaqCandidate],
    clarify_options: &[Ranked],
) -> Vec<(Offer, String)> {
    if faq_candidates.is_empty() {
        clarify_options
            .iter()
            .map(|o| (Offer::Intent(o.label.clone()), o.label.replace('_', " ")))
            .collect()
    } else {
        faq_candidates
            .iter()
            .map(|c| (Offer::Entry(c.id.clone()), c.question.clone()))
            .collect()
    }
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
        offered_entries(v, cfg)
            .into_iter()
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

/// The entries a clarify offers: the nearest `[faq] candidates` (a handoff entry is no answer to
/// offer). When none of them is linked to the message's intent and that intent is sure enough to
/// route, its nearest entry further down takes the last place: "need to return a shirt, what
/// are the steps" (get_refund) was offered the return window and conditions, not how to return.
fn offered_entries<'v, 'k>(v: &'v Verdict<'k>, cfg: &PolicyConfig) -> Vec<&'v Hit<'k>> {
    let answers: Vec<&Hit<'k>> = v
        .hits
        .iter()
        .filter(|h| h.entry.handoff.is_none())
        .collect();
    let n = cfg.faq.candidates.min(answers.len());
    let mut offered = answers[..n].to_vec();
    let intent = v.intent.label.as_str();
    let linked = |h: &Hit<'_>| h.entry.intent.as_deref() == Some(intent);
    if n > 0
        && v.intent.confidence >= cfg.routing.min_confidence
        && !offered.iter().any(|h| linked(h))
    {
        if let Some(h) = answers[n..].iter().find(|h| linked(h)) {
            offered[n - 1] = h;
        }
    }
    offered
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::kb::{Entry, Hit};
    use crate::policy::{Band, Reason, ReasonCode, Reply, SmalltalkSignal};

    use super::super::api::{IntentOut, OutOfScopeOut};

    fn decision(action: Action, code: ReasonCode, faq: Option<FaqUse>) -> Decision {
        Decision {
            action,
            reasons: vec![Reason {
                code,
                detail: String::new(),
            }],
            queue: None,
            priority: None,
            bot_failed: false,
            failures: 0,
            faq,
            faq_entry: None,
            topic: None,
        }
    }

    fn cfg() -> PolicyConfig {
        let mut cfg = PolicyConfig::default();
        let text = |en: &str| Reply(BTreeMap::from([("en".to_string(), en.to_string())]));
        cfg.responses
            .0
            .insert("track_order".into(), text("Here is your tracking link."));
        cfg.smalltalk
            .replies
            .insert("greeting".into(), text("Hello!"));
        cfg
    }

    fn faq() -> FaqOut {
        FaqOut {
            id: "shipping_time".into(),
            question: "how long does shipping take".into(),
            answer: "Three to five days.".into(),
            language: "en".into(),
            similarity: 0.9,
            score: 0.95,
            intent: None,
        }
    }

    #[test]
    fn the_reply_comes_from_the_kb_then_small_talk_then_the_intents_response() {
        let cfg = cfg();
        let answer = decision(Action::Answer, ReasonCode::Smalltalk, None);
        let en = Language::En;
        let r = reply_of(
            &answer,
            Some(&faq()),
            Some("greeting"),
            "track_order",
            en,
            &cfg,
        )
        .unwrap();
        assert_eq!(
            (r.source, r.text.as_str()),
            (ReplySource::Faq, "Three to five days.")
        );
        let r = reply_of(&answer, None, Some("greeting"), "track_order", en, &cfg).unwrap();
        assert_eq!(
            (r.source, r.text.as_str()),
            (ReplySource::Smalltalk, "Hello!")
        );
        assert_eq!(r.language, "en");
        let r = reply_of(&answer, None, None, "track_order", en, &cfg).unwrap();
        assert_eq!(
            (r.source, r.text.as_str()),
            (ReplySource::Intent, "Here is your tracking link.")
        );
        assert_eq!(handled_by(&answer, Some(&r)), Some(HandledBy::Bot));
    }

    #[test]
    fn an_answer_with_no_text_is_the_clients_and_other_actions_have_no_reply() {
        let cfg = cfg();
        let answer = decision(Action::Answer, ReasonCode::Smalltalk, None);
        let r = reply_of(&answer, None, None, "my_client_flow", Language::En, &cfg);
        assert!(r.is_none());
        assert_eq!(handled_by(&answer, None), Some(HandledBy::Client));
        let clarify = decision(Action::Clarify, ReasonCode::LowConfidence, None);
        let r = reply_of(
            &clarify,
            Some(&faq()),
            None,
            "track_order",
            Language::En,
            &cfg,
        );
        assert!(r.is_none());
        assert_eq!(handled_by(&clarify, None), None);
    }

    fn verdict<'k>(d: Decision, hits: Vec<Hit<'k>>, smalltalk: bool) -> Verdict<'k> {
        let ranked = |l: &str, c: f32| Ranked {
            label: l.into(),
            confidence: c,
        };
        Verdict {
            intent: IntentOut {
                label: "track_order".into(),
                confidence: 0.5,
                band: Band::Medium,
                margin: 0.1,
                top: vec![
                    ranked("track_order", 0.5),
                    ranked("cancel_order", 0.4),
                    ranked("get_refund", 0.1),
                ],
            },
            oos: OutOfScopeOut {
                score: None,
                threshold: None,
                probability: None,
                flag: false,
            },
            sentiment: None,
            smalltalk: smalltalk.then_some(SmalltalkSignal {
                act: "greeting",
                exact: true,
                confidence: 1.0,
                acknowledges: false,
            }),
            hits,
            decision: d,
        }
    }

    /// An entry with one question ("id?") and one answer ("id!").
    fn entry(id: &str, intent: Option<&str>) -> Entry {
        Entry {
            id: id.to_string(),
            questions: vec![format!("{id}?")],
            answer: BTreeMap::from([("en".to_string(), format!("{id}!"))]),
            intent: intent.map(str::to_string),
            tags: vec![],
            handoff: None,
        }
    }

    /// Each entry matched by its question, all equally near.
    fn hits_of(entries: &[Entry]) -> Vec<Hit<'_>> {
        entries
            .iter()
            .map(|e| Hit {
                entry: e,
                question: &e.questions[0],
                similarity: 0.8,
                score: 0.8,
            })
            .collect()
    }

    #[test]
    fn what_is_shown_follows_the_decision() {
        let cfg = cfg();
        let entries: Vec<Entry> = ["shipping_time", "returns", "payment"]
            .iter()
            .map(|id| entry(id, None))
            .collect();
        let hits = || hits_of(&entries);
        // A knowledge-base answer.
        let d = decision(
            Action::Answer,
            ReasonCode::LowConfidence,
            Some(FaqUse::Answer),
        );
        let s = shown(&verdict(d, hits(), false), Language::En, &cfg);
        assert_eq!(
            s.faq.as_ref().map(|f| f.answer.as_str()),
            Some("shipping_time!")
        );
        let reply = s.reply.unwrap();
        assert_eq!(
            (reply.source, reply.text.as_str()),
            (ReplySource::Faq, "shipping_time!")
        );
        assert_eq!(s.handled_by, Some(HandledBy::Bot));
        assert!(s.clarify_options.is_empty() && s.faq_candidates.is_empty());
        // Small talk read but answered for another reason: the intent's response.
        let d = decision(Action::Answer, ReasonCode::LowConfidence, None);
        let s = shown(&verdict(d, vec![], true), Language::En, &cfg);
        assert_eq!(s.smalltalk, None);
        assert_eq!(s.reply.unwrap().source, ReplySource::Intent);
        // Answered as small talk.
        let d = decision(Action::Answer, ReasonCode::Smalltalk, None);
        let s = shown(&verdict(d, vec![], true), Language::En, &cfg);
        assert_eq!(s.smalltalk, Some("greeting"));
        assert_eq!(s.reply.unwrap().text, "Hello!");
        // A near miss: a clarify offering the candidates and the top intents.
        let d = decision(
            Action::Clarify,
            ReasonCode::LowConfidence,
            Some(FaqUse::Clarify),
        );
        let s = shown(&verdict(d, hits(), false), Language::En, &cfg);
        assert!(s.reply.is_none() && s.handled_by.is_none() && s.faq.is_none());
        assert_eq!(s.faq_candidates.len(), cfg.faq.candidates.min(3));
        assert_eq!(s.faq_candidates[0].id, "shipping_time");
        assert_eq!(s.clarify_options.len(), cfg.clarify.options.min(3));
        assert_eq!(s.clarify_options[0].label, "track_order");
    }

    #[test]
    fn a_clarify_offers_the_entry_of_an_intent_sure_enough_to_route() {
        let mut cfg = cfg();
        cfg.faq.candidates = 2;
        let entries = [
            entry("returns-window", Some("check_refund_policy")),
            entry("returns-condition", Some("check_refund_policy")),
            entry("returns-fee", Some("check_refund_policy")),
            entry("returns-how", Some("track_order")),
        ];
        let hits = hits_of(&entries);
        let clarify = || {
            decision(
                Action::Clarify,
                ReasonCode::FaqNearMiss,
                Some(FaqUse::Clarify),
            )
        };
        let ids = |s: &Shown| {
            s.faq_candidates
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        // The intent (track_order) at 0.7 routes: its entry, fourth, takes the last place.
        let mut v = verdict(clarify(), hits.clone(), false);
        v.intent.confidence = 0.7;
        let s = shown(&v, Language::En, &cfg);
        assert_eq!(ids(&s), ["returns-window", "returns-how"]);
        // Too unsure to route (0.5 < routing.min_confidence): the nearest entries.
        v.intent.confidence = 0.5;
        let s = shown(&v, Language::En, &cfg);
        assert_eq!(ids(&s), ["returns-window", "returns-condition"]);
    }
}
