//! The decision rules: answer, clarify or hand off, with every reason that fired as a stable code
//! and the numbers behind it, plus the queue and priority of a handoff. Pure functions of the
//! message's signals and a summary of the conversation so far.
//!
//! `decide` reads as its steps; the types are in `super::decision`, threshold resolution in
//! `super::thresholds`, phrase and anger matching in `super::cues`, queue and priority in
//! `super::route` (all re-exported here and from `crate::policy`).

use super::config::{PolicyConfig, DEFAULT_FAQ_SIMILARITY};
use super::cues::asks_something;
use super::reasons::Failure;
use super::route::{priority, route};
use super::vague::{bare_topic, vague_request};
use crate::model::manifest::Thresholds;

pub use super::cues::{anger_cue, matched_phrase};
pub use super::decision::{
    Action, Band, Decision, FaqSignal, FaqUse, HandoffEntrySignal, History, Offer, RankedEntry,
    Reason, ReasonCode, Signals, SmalltalkSignal,
};
pub use super::thresholds::{band, effective_thresholds, thresholds_for};

/// Applies the rules. Handoff reasons win over clarify; clarify over answer.
pub fn decide(s: &Signals<'_>, h: &History, t: &Thresholds, cfg: &PolicyConfig) -> Decision {
    if h.handoff_active {
        return stay_silent(h);
    }
    if let Some(media) = super::cues::media_only(s.text, &cfg.handoff.media_placeholders) {
        return media_to_a_person(s, h, media, cfg);
    }
    if let Some(d) = details_to_a_person(s, h, cfg) {
        return d;
    }
    if let Some(st) = s.smalltalk.filter(|_| cfg.smalltalk.enabled) {
        return small_talk(s, h, st, cfg);
    }
    let m = Message::read(s, h, t, cfg);
    let failure = m.bot_failure();
    let mut reasons = m.handoff_reasons(&failure);
    if let Some(d) = m.ask_what_about(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.ask_which_entry(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.ask_which_sibling(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.answer_self_service(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.answer_destination(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.answer_case_follow_up(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.answer_order_state(&reasons, &failure) {
        return d;
    }
    if let Some(d) = m.answer_named_entry(&reasons, &failure) {
        return d;
    }
    let faq = m.faq_candidate();
    if let Some((FaqUse::Answer, f)) = faq {
        if let Some(d) = m.answer_from_faq(f, &mut reasons, &failure) {
            return d;
        }
    }
    let mut draft = Draft::from(reasons);
    m.ask_when_unsure(&mut draft);
    m.offer_near_miss(&mut draft, faq);
    m.clarify_ambiguous(&mut draft);
    m.finish(draft, &failure)
}

/// A photo, file, voice message or link and nothing else: the bot cannot see it, and a photo in a
/// support chat is most often of the problem. A person gets it, in the queue of the need so far.
fn media_to_a_person(s: &Signals<'_>, h: &History, media: &str, cfg: &PolicyConfig) -> Decision {
    handoff_untrusted(s, h, vec![super::reasons::media_reason(media)], cfg)
}

/// An order number, a phone number or an email and little else, right after the bot answered a
/// need ("order 88812345678" after the tracking reply asked for it): a person takes it with the
/// details, in the queue of that need. Read as a message on its own it is noise — out of scope or
/// unsure — and the agent's card would say so.
fn details_to_a_person(s: &Signals<'_>, h: &History, cfg: &PolicyConfig) -> Option<Decision> {
    if !cfg.handoff.details_after_answer {
        return None;
    }
    let need = h.answered_need()?;
    let kinds = super::details::details_only(s.text, s.entities)?;
    let reasons = vec![Reason {
        code: ReasonCode::DetailsProvided,
        detail: format!("{} sent after the answer on {need}", kinds.join(", ")),
    }];
    Some(handoff_untrusted(s, h, reasons, cfg))
}

/// A handoff decided on the customer's words alone, before any reading of the intent: routed
/// by the conversation so far, the message's own intent not trusted.
fn handoff_untrusted(
    s: &Signals<'_>,
    h: &History,
    reasons: Vec<Reason>,
    cfg: &PolicyConfig,
) -> Decision {
    Decision {
        action: Action::Handoff,
        queue: Some(route(s, h, &reasons, false, None, cfg)),
        priority: Some(priority(s, &reasons, cfg)),
        reasons,
        bot_failed: false,
        failures: h.failures,
        faq: None,
        faq_entry: None,
        topic: None,
    }
}

/// A person already has the conversation: the bot stays silent.
fn stay_silent(h: &History) -> Decision {
    let reasons = vec![Reason {
        code: ReasonCode::HandoffActive,
        detail: "a person has this conversation; the bot stays silent".into(),
    }];
    Decision::without_route(Action::Handoff, reasons, h.failures)
}

/// Small talk is answered and never counts as a failure. Only the customer's own words can still
/// send it to a person: a sensitive phrase, or — in a message the head (not the exact lexicon)
/// read as small talk — a request for a person, or an insult or accusation (a phrase of
/// `[sentiment] anger_phrases` in a negative message: "你们是骗子吧" read as "are you a bot?",
/// "wtf" as emoji, would be answered cheerfully). Repeated "?" / "!" do not count here: "在吗？？"
/// is impatience, and the bot answering it is what the customer asks for.
fn small_talk(s: &Signals<'_>, h: &History, st: SmalltalkSignal, cfg: &PolicyConfig) -> Decision {
    let mut reasons = Vec::new();
    if let Some(p) = cfg.handoff.sensitive_phrase(s.text) {
        reasons.push(phrase_reason(ReasonCode::SensitiveIntent, p));
    }
    // "nope, not there" right after an answer is the answer failing, not a polite "no".
    let mut failed = false;
    if !st.exact && super::reasons::after_a_reply(h) {
        if let Some(p) = matched_phrase(s.text, &cfg.failures.reply_failed_phrases) {
            failed = true;
            let why = super::reasons::reply_failed_why(p);
            reasons.push(super::reasons::repeated_failure_reason(
                h.failures + 1,
                &why,
            ));
        }
    }
    if !st.exact {
        if let Some(p) = cfg.handoff.agent_request_phrase(s.text) {
            reasons.push(phrase_reason(ReasonCode::UserRequested, p));
        }
        let c = &cfg.sentiment;
        let negative = s.sentiment_score.filter(|&v| v <= c.anger_negative);
        if let (Some(score), Some(p)) = (negative, c.anger_phrase(s.text)) {
            reasons.push(Reason {
                code: ReasonCode::NegativeSentiment,
                detail: format!(
                    "sentiment {score:.2} ≤ {:.2} and anger (\"{p}\") in small talk",
                    c.anger_negative
                ),
            });
        }
    }
    if reasons.is_empty() {
        let how = if st.exact {
            "built-in phrase".to_string()
        } else if st.acknowledges {
            "says the last answer worked".to_string()
        } else {
            format!("intent confidence {:.3}", st.confidence)
        };
        reasons.push(Reason {
            code: ReasonCode::Smalltalk,
            detail: format!("{} ({how})", st.act),
        });
        return Decision::without_route(Action::Answer, reasons, h.failures);
    }
    let mut d = handoff_untrusted(s, h, reasons, cfg);
    if failed {
        d.bot_failed = true;
        d.failures = h.failures + 1;
    }
    d
}

/// An answer from the best knowledge-base entry, with the conversation's failure count.
fn faq_answer(reasons: Vec<Reason>, failure: &Failure<'_>) -> Decision {
    Decision {
        action: Action::Answer,
        reasons,
        queue: None,
        priority: None,
        bot_failed: failure.failed,
        failures: failure.count,
        faq: Some(FaqUse::Answer),
        faq_entry: None,
        topic: None,
    }
}

/// A handoff reason that only says the reading is unsure: low confidence or out of scope. The
/// rules that answer from the knowledge base on other evidence give way to every other reason.
fn unsure(r: &Reason) -> bool {
    matches!(r.code, ReasonCode::LowConfidence | ReasonCode::OutOfScope)
}

/// An order or tracking number in the message: the customer wants that order looked into, which
/// the rules that answer from words alone leave to the others.
fn names_an_order(s: &Signals<'_>) -> bool {
    s.entities
        .iter()
        .any(|e| e.kind == crate::text::entities::EntityKind::OrderNumber)
}

pub(super) fn phrase_reason(code: ReasonCode, phrase: &str) -> Reason {
    Reason {
        code,
        detail: format!("phrase \"{phrase}\""),
    }
}

/// One message as every step reads it: the inputs and how sure its intent is.
pub(super) struct Message<'m, 's> {
    pub(super) s: &'m Signals<'s>,
    pub(super) h: &'m History,
    pub(super) t: &'m Thresholds,
    pub(super) cfg: &'m PolicyConfig,
    /// The confidence this intent needs to be answered.
    pub(super) min_conf: f32,
    pub(super) low: bool,
    /// Confident enough to act on the intent without answering (routing, handoff intents).
    pub(super) trusted: bool,
    pub(super) ambiguous: bool,
    /// The knowledge-base threshold in force.
    pub(super) faq_threshold: f32,
    /// The `[handoff] product_phrases` phrase the message holds, matched once for the reason,
    /// the topic and the queue.
    pub(super) product: Option<&'m str>,
}

/// The decision while the steps after the handoff reasons shape it.
struct Draft {
    action: Action,
    reasons: Vec<Reason>,
    faq: Option<FaqUse>,
}

impl From<Vec<Reason>> for Draft {
    fn from(reasons: Vec<Reason>) -> Self {
        let action = if reasons.is_empty() {
            Action::Answer
        } else {
            Action::Handoff
        };
        Self {
            action,
            reasons,
            faq: None,
        }
    }
}

impl<'m, 's> Message<'m, 's> {
    fn read(s: &'m Signals<'s>, h: &'m History, t: &'m Thresholds, cfg: &'m PolicyConfig) -> Self {
        let min_conf = t.per_intent.get(s.intent).copied().unwrap_or(t.confidence);
        // A reading as an act the words do not bear out is no reading at all.
        let low = s.confidence < min_conf || s.unsure_reading.is_some();
        Self {
            s,
            h,
            t,
            cfg,
            min_conf,
            low,
            trusted: !low
                || (s.confidence >= cfg.routing.min_confidence && s.unsure_reading.is_none()),
            ambiguous: s.margin < t.margin,
            faq_threshold: t.faq_similarity.unwrap_or(DEFAULT_FAQ_SIMILARITY),
            product: cfg.handoff.product_phrase(s.text),
        }
    }

    /// The knowledge base's best match, if it answers (clears the threshold, agrees with the
    /// intent, clear of the runner-up) or is a near miss (just below the threshold, or close but
    /// not sure).
    fn faq_candidate(&self) -> Option<(FaqUse, FaqSignal<'s>)> {
        let (s, cfg, threshold) = (self.s, self.cfg, self.faq_threshold);
        s.faq.filter(|_| cfg.faq.enabled).and_then(|f| {
            let bonus = |follows: bool| if follows { cfg.faq.followup_bonus } else { 0.0 };
            let follows_up = self.follows_up(f.id, f.intent);
            let agrees = f.intent.is_none_or(|i| cfg.faq.related(i, s.intent))
                || follows_up
                || (self.low && !cfg.faq.unsure_intent_vetoes)
                // An intent too unsure to route a handoff is too unsure to veto a clear entry
                // for a question; a statement that matches an entry is as likely a report of a
                // problem, and right after an answer on a topic a question on another one (one
                // that does not follow up, above) is as likely a follow-up read out of context:
                // there the veto stands.
                || (!self.trusted && asks_something(s.text) && self.h.answered_need().is_none());
            // The runner-up gets the bonus too when it continues the same topic: the bonus then
            // tells nothing apart.
            let runner_follows = f
                .runner_up_id
                .is_some_and(|id| self.follows_up(id, f.runner_up_intent));
            let clear = f.runner_up.is_none_or(|r| {
                f.score + bonus(follows_up) - (r + bonus(runner_follows)) > cfg.faq.margin
            });
            let f = FaqSignal {
                score: f.score + bonus(follows_up),
                ..f
            };
            let clear_winner = cfg.faq.clear_winner_margin > 0.0
                && f.score >= threshold - cfg.faq.clear_winner_slack
                && f.runner_up.is_none_or(|r| {
                    f.score - (r + bonus(runner_follows)) >= cfg.faq.clear_winner_margin
                });
            // An unsure intent that names the same need as the entry: two weak readings that
            // agree. A reading the words did not bear out (`unsure_reading`) is no reading.
            let unsure_agrees = self.low
                && s.unsure_reading.is_none()
                && s.confidence >= cfg.routing.min_confidence
                && f.intent.is_some_and(|i| cfg.faq.related(i, s.intent));
            let slack = if unsure_agrees {
                cfg.faq.agree_slack
            } else {
                0.0
            };
            if (f.score >= threshold - slack && clear || clear_winner) && agrees {
                Some((FaqUse::Answer, f))
            } else if f.score >= threshold - cfg.faq.near_miss {
                Some((FaqUse::Clarify, f))
            } else {
                None
            }
        })
    }

    /// The best entry when it is a handoff entry the message matches as surely as an answer
    /// would need: over the bar and clear of the runner-up by `[faq] margin` (a handoff entry
    /// beside a real answer is as likely a near miss of that answer: "前天买的电饭煲今天便宜了40"
    /// is price protection, not a price match). Short of that it is as if it were not there.
    pub(super) fn handoff_entry(&self) -> Option<HandoffEntrySignal<'s>> {
        let (s, cfg) = (self.s, self.cfg);
        s.handoff_entry.filter(|h| {
            cfg.faq.enabled
                && h.score >= self.faq_threshold
                && h.runner_up.is_none_or(|r| h.score - r > cfg.faq.margin)
        })
    }

    /// What a handoff that needs a person is about, when a rule knows it better than the intent
    /// — the handoff entry the message matched, or a question about the product itself — and
    /// the queue that topic goes to, when it names one.
    fn topic(&self, reasons: &[Reason]) -> Option<(String, Option<String>)> {
        if !reasons.iter().any(|r| r.code == ReasonCode::NeedsAgent) {
            return None;
        }
        if let Some(h) = self.handoff_entry() {
            return Some((h.id.to_string(), h.queue.map(str::to_string)));
        }
        let queue = &self.cfg.handoff.product_queue;
        self.product.map(|_| {
            (
                super::decision::PRODUCT_QUESTION.to_string(),
                (!queue.is_empty()).then(|| queue.clone()),
            )
        })
    }

    /// The entry continues what the bot last answered or asked about: the previous need was
    /// answered (with this entry, or an entry or intent related to this entry's intent) or got a
    /// question back about an intent related to it, or offering this very entry.
    fn follows_up(&self, id: &str, intent: Option<&str>) -> bool {
        let (h, cfg) = (self.h, self.cfg);
        if cfg.faq.followup_bonus <= 0.0
            || !matches!(h.previous_action, Some(Action::Answer | Action::Clarify))
        {
            return false;
        }
        if h.previous_faq.as_deref() == Some(id)
            || (h.previous_action == Some(Action::Clarify)
                && h.offered
                    .iter()
                    .any(|o| matches!(o, Offer::Entry(e) if e == id)))
        {
            return true;
        }
        matches!((intent, h.last_topic()), (Some(i), Some(t)) if cfg.faq.related(i, t))
    }

    /// A sure match answers, settling a low or ambiguous intent and an out-of-scope flag (the
    /// knowledge base is the bot's scope as much as the intents are: a shop's own entries are
    /// often about things no intent covers), and a VIP's stricter bar when it clears the
    /// threshold by `[vip] faq_margin`; every other handoff reason still wins.
    fn answer_from_faq(
        &self,
        f: FaqSignal<'_>,
        reasons: &mut Vec<Reason>,
        failure: &Failure<'_>,
    ) -> Option<Decision> {
        let vip_clear = self
            .cfg
            .vip
            .faq_margin
            .is_some_and(|m| f.score >= self.faq_threshold + m);
        reasons.retain(|r| match r.code {
            ReasonCode::LowConfidence | ReasonCode::OutOfScope => false,
            ReasonCode::Vip => !vip_clear,
            _ => true,
        });
        if !reasons.is_empty() {
            return None;
        }
        reasons.push(Reason {
            code: ReasonCode::FaqMatch,
            detail: format!(
                "entry {} score {:.3} ≥ {:.3} (similarity {:.3}{})",
                f.id,
                f.score,
                self.faq_threshold,
                f.similarity,
                if self.follows_up(f.id, f.intent) {
                    ", follows up the bot's last reply"
                } else {
                    ""
                }
            ),
        });
        Some(faq_answer(std::mem::take(reasons), failure))
    }

    /// An answer from `entry` under a rule's reason (`detail`): when it is not the best match,
    /// the decision names it so the classifier answers with it.
    fn answer_with_entry(&self, entry: &str, detail: String, failure: &Failure<'_>) -> Decision {
        let reasons = vec![Reason {
            code: ReasonCode::FaqMatch,
            detail,
        }];
        let mut d = faq_answer(reasons, failure);
        d.faq_entry = (self.s.faq.map(|f| f.id) != Some(entry)).then(|| entry.to_string());
        d
    }

    /// `entry`'s score as the classifier ranked it, `None` when it is not ranked (a rule that
    /// wants an entry from far down relies on the classifier having fetched it).
    fn ranked_score(&self, entry: &str) -> Option<f32> {
        self.s
            .faq_ranking
            .iter()
            .find(|r| r.id == entry)
            .map(|r| r.score)
    }

    /// A reported problem that the best entry answers with the customer's own next step, asked
    /// as "what do I do" (`[self_service]`): "杯子寄来就是碎的 这个怎么办" gets the steps for a
    /// damaged item instead of a person. The entry answers from `slack` under the bar when the
    /// message reports that entry's problem, asks how to go about it (or only tells it, for one of
    /// `statements`, unless the bot has just answered from it), holds no photo for someone
    /// to look at, and would go to a person only for being unsure, out of scope or read as a
    /// problem report (`[handoff] agent_intents`); every other handoff reason, and a VIP, still
    /// go to a person. A message another rule answers is left to it.
    fn answer_self_service(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, cfg) = (self.s, self.cfg);
        let rules = &cfg.self_service;
        let f = s.faq.filter(|_| cfg.faq.enabled && !reasons.is_empty())?;
        let bar = self.faq_threshold - rules.slack;
        if f.score < bar {
            return None;
        }
        let problem = rules.problem_phrase(f.id, s.text)?;
        let ask = rules.ask_phrase(f.id, s.text);
        let told = ask.is_none()
            && rules.told_suffices(f.id, s.text)
            && self.h.previous_faq.as_deref() != Some(f.id);
        if ask.is_none() && !told {
            return None;
        }
        // A VIP's problem goes to a person whatever it asks, as do photos someone must look at.
        if s.vip || matched_phrase(s.text, &rules.evidence_phrases).is_some() {
            return None;
        }
        // needs_agent gives way only when the intent alone raised it, not the message's words.
        let agent_by_intent = || self.needs_agent_by_words().is_none();
        let only_unsure = reasons
            .iter()
            .all(|r| unsure(r) || (r.code == ReasonCode::NeedsAgent && agent_by_intent()));
        if !only_unsure {
            return None;
        }
        let how = match ask {
            Some(ask) => format!("asks how to go about it (\"{ask}\")"),
            None => "its steps answer the problem told without asking".to_string(),
        };
        let detail = format!(
            "entry {} score {:.3} ≥ {bar:.3}: reports its problem (\"{problem}\"); {how}",
            f.id, f.score
        );
        Some(self.answer_with_entry(f.id, detail, failure))
    }

    /// A shipping question that names where the parcel goes (`[places]`): the entry for that
    /// destination answers, even from under the bar or behind a sibling ("ship to KL ok?" scored
    /// the remote-areas entry first; "那寄香港呢 要多久" the delivery-time one). The best entry must
    /// already be one of the shipping entries, the message must ask and talk of sending (or follow
    /// an answer from them: "那新疆呢"), and the only handoff reasons an unsure or out-of-scope
    /// reading; a VIP, and a parcel already under way in trouble (`report_phrases`, an order
    /// number), still go to a person.
    fn answer_destination(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, h, cfg) = (self.s, self.h, self.cfg);
        let rules = &cfg.places;
        let best = s
            .faq
            .filter(|_| cfg.faq.enabled && !rules.entries.is_empty() && !s.vip)?;
        if !rules.decides_between(best.id)
            || !asks_something(s.text)
            || names_an_order(s)
            || matched_phrase(s.text, &rules.report_phrases).is_some()
        {
            return None;
        }
        let (entry, place) = super::places::destination(s.text, rules)?;
        let sending = match matched_phrase(s.text, &rules.shipping_phrases) {
            Some(p) => format!("\"{p}\""),
            None => {
                let after = h.answered_need().filter(|n| rules.decides_between(n))?;
                format!("after the answer on {after}")
            }
        };
        let score = self.ranked_score(entry)?;
        let bar = self.faq_threshold - rules.slack;
        if score < bar || !reasons.iter().all(unsure) {
            return None;
        }
        let detail =
            format!("entry {entry} score {score:.3} ≥ {bar:.3}: sends to \"{place}\" ({sending})");
        Some(self.answer_with_entry(entry, detail, failure))
    }

    /// Right after an answer from an entry, a question whether the customer's own case counts
    /// (`[faq] followup_case_phrases`: "我是直播间下的单 也算吗" after the price-protection answer):
    /// that entry again, whose answer states the conditions, when the message would otherwise go
    /// to a person only for being unsure or out of scope. A VIP still goes to a person.
    fn answer_case_follow_up(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, h, cfg) = (self.s, self.h, self.cfg);
        if !cfg.faq.enabled || s.vip || reasons.is_empty() {
            return None;
        }
        let entry = h
            .previous_faq
            .as_deref()
            .filter(|_| h.previous_action == Some(Action::Answer))?;
        let phrase = matched_phrase(s.text, &cfg.faq.followup_case_phrases)?;
        // The classifier ranks the entry last answered with even when it is far down.
        let score = self.ranked_score(entry)?;
        if !reasons.iter().all(unsure) {
            return None;
        }
        let detail = format!(
            "entry {entry} again (score {score:.3}): asks whether their own case counts \
             (\"{phrase}\") right after its answer"
        );
        Some(self.answer_with_entry(entry, detail, failure))
    }

    /// Right after the bot answered or asked about cancelling, a message that says where the
    /// order is (`[order_state]`: "还没发货 刚拍的", "it shipped this morning tho"): the entry for
    /// that state, when the message would otherwise be answered from another entry or the intent's
    /// reply, or go to a person only for being unsure or out of scope, and it is read as nothing
    /// but the state (the topic's intent, one of `readings`, or an unsure reading). A message that
    /// asks to cancel and says the state itself ("刚拍的还没发货 想cancel") gets it too, when its
    /// reading is sure enough to route. An order or tracking number (that order to be dealt
    /// with) and a VIP still go on by the other rules.
    fn answer_order_state(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, h, cfg) = (self.s, self.h, self.cfg);
        if !cfg.faq.enabled || s.vip || !reasons.iter().all(unsure) {
            return None;
        }
        let rules = &cfg.order_state;
        let state = rules
            .entry_for(s.text, s.intent, h)
            .filter(|_| !names_an_order(s))?;
        let read = if state.follows {
            self.low || rules.reads_as_state(s.intent)
        } else {
            self.trusted
        };
        if !read {
            return None;
        }
        // The classifier ranks the state's entry even when it is far down.
        let score = self.ranked_score(state.entry)?;
        let topic = if state.follows {
            format!(
                "right after the bot answered or asked about {}",
                state.topic
            )
        } else {
            format!("read as {}", state.topic)
        };
        let detail = format!(
            "entry {} (score {score:.3}): says where the order is (\"{}\"), {topic}",
            state.entry, state.phrase
        );
        Some(self.answer_with_entry(state.entry, detail, failure))
    }

    /// A question whose words say which of two near-identical entries it is for
    /// (`[entry_words]`: "refund到账要几天 退的是支付宝" → the refund-times entry, not the
    /// returned-parcel one the encoder scores alike): that entry, when the message would otherwise
    /// be answered from another entry or the intent's reply, or go to a person only for being
    /// unsure or out of scope. An order number (that order to be looked into) and a VIP still go
    /// on by the other rules.
    fn answer_named_entry(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, cfg) = (self.s, self.cfg);
        if !cfg.faq.enabled || s.vip || !reasons.iter().all(unsure) || !asks_something(s.text) {
            return None;
        }
        let (entry, words) = cfg
            .entry_words
            .entry_for(s.text)
            .filter(|_| !names_an_order(s))?;
        // The classifier ranks the named entry even when it is far down.
        let score = self.ranked_score(entry)?;
        let detail = format!(
            "entry {entry} (score {score:.3}): named by the words \"{}\"",
            words.join("\", \"")
        );
        Some(self.answer_with_entry(entry, detail, failure))
    }

    /// A first need that names nothing to act on ("帮我改下"): ask what it is about. Only a
    /// low confidence or an out-of-scope flag — what such a message gets for having no object —
    /// gives way; every other handoff reason still wins, and a chat that already asked once
    /// goes on by the ordinary rules.
    fn ask_what_about(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (h, cfg) = (self.h, self.cfg);
        if !(cfg.clarify.enabled && cfg.clarify.vague)
            || h.clarified
            || h.previous_action.is_some()
            || reasons.iter().any(|r| !unsure(r))
        {
            return None;
        }
        let verb = vague_request(self.s.text)?;
        let draft = Draft {
            action: Action::Clarify,
            reasons: vec![Reason {
                code: ReasonCode::Ambiguous,
                detail: format!("\"{verb}\" with nothing named to act on; asking what it is about"),
            }],
            faq: None,
        };
        Some(self.finish(draft, failure))
    }

    /// A first need that names only a topic ("退货", "invoice", "运费的事问一下"): offer the
    /// knowledge base's nearest entries rather than answer one of them or call a person. As with
    /// a vague request only a low confidence gives way (an out-of-scope topic still goes to a
    /// person); after an answer the same words are a follow-up ("那新疆呢") and are read as one.
    fn ask_which_entry(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, h, cfg) = (self.s, self.h, self.cfg);
        // The knowledge base must know the topic: its best entry at least a near miss, else the
        // entries offered are noise ("acct question" read as bot_identity was offered invoices).
        let known = s
            .faq
            .is_some_and(|f| f.score >= self.faq_threshold - cfg.faq.near_miss);
        if !(cfg.clarify.enabled && cfg.clarify.bare_topic && cfg.faq.enabled && known)
            || h.clarified
            || h.answered_need().is_some()
            || h.previous_action == Some(Action::Clarify)
            || reasons.iter().any(|r| r.code != ReasonCode::LowConfidence)
        {
            return None;
        }
        let topic = bare_topic(s.text)?;
        let draft = Draft {
            action: Action::Clarify,
            reasons: vec![Reason {
                code: ReasonCode::Ambiguous,
                detail: format!("names only a topic (\"{topic}\"); offering its entries"),
            }],
            faq: Some(FaqUse::Clarify),
        };
        Some(self.finish(draft, failure))
    }

    /// A first need whose best entry is one of a group of entries on one topic, and whose words
    /// say the topic but name none of them (`[clarify.siblings]`: "need to update an address",
    /// an order's or a saved one?): ask which, offering the nearest entries, rather than answer
    /// whichever scored first — however sure the intent. The knowledge base must know the topic
    /// (its best entry at least a near miss); every handoff reason but an unsure reading wins.
    fn ask_which_sibling(&self, reasons: &[Reason], failure: &Failure<'_>) -> Option<Decision> {
        let (s, h, cfg) = (self.s, self.h, self.cfg);
        let f = s.faq.filter(|f| {
            cfg.clarify.enabled
                && cfg.faq.enabled
                && f.score >= self.faq_threshold - cfg.faq.near_miss
        })?;
        if h.clarified
            || h.answered_need().is_some()
            || h.previous_action == Some(Action::Clarify)
            || reasons.iter().any(|r| !unsure(r))
        {
            return None;
        }
        let (group, topic) = super::siblings::unnamed(&cfg.clarify.siblings, f.id, s.text)?;
        let draft = Draft {
            action: Action::Clarify,
            reasons: vec![Reason {
                code: ReasonCode::Ambiguous,
                detail: format!(
                    "\"{topic}\" without naming which of the {group} entries (best: {}); asking which",
                    f.id
                ),
            }],
            faq: Some(FaqUse::Clarify),
        };
        Some(self.finish(draft, failure))
    }

    /// Unsure but in scope and trusted for routing: ask once which it is before calling a
    /// person.
    fn ask_when_unsure(&self, d: &mut Draft) {
        let cfg = self.cfg;
        if d.action == Action::Handoff
            && cfg.clarify.enabled
            && cfg.clarify.unsure
            && !self.h.clarified
            && d.reasons.len() == 1
            && d.reasons[0].code == ReasonCode::LowConfidence
            && self.s.confidence >= cfg.routing.min_confidence
        {
            d.action = Action::Clarify;
            d.reasons[0].detail.push_str("; asking which it is");
        }
    }

    /// A near miss asks "did you mean …?" (a handoff once the customer was already asked) —
    /// unless the intent itself is sure (high band): then the bot answers the intent rather than
    /// ask about an entry it was not sure of.
    fn offer_near_miss(&self, d: &mut Draft, faq: Option<(FaqUse, FaqSignal<'_>)>) {
        let (s, cfg, threshold) = (self.s, self.cfg, self.faq_threshold);
        let intent_sure = !self.low && s.confidence >= self.t.high_confidence && !self.ambiguous;
        let Some((FaqUse::Clarify, f)) = faq.filter(|_| !intent_sure) else {
            return;
        };
        if d.action != Action::Answer {
            return;
        }
        let why = match (f.intent, f.runner_up) {
            (Some(i), _) if i != s.intent && f.score >= threshold => {
                format!(
                    "entry {} answers {i}, the message reads as {}",
                    f.id, s.intent
                )
            }
            (_, Some(r)) if f.score >= threshold => format!(
                "entry {} score {:.3} is within {:.3} of the next entry ({r:.3})",
                f.id, f.score, cfg.faq.margin
            ),
            _ => format!("entry {} score {:.3} < {threshold:.3}", f.id, f.score),
        };
        if cfg.clarify.enabled && !self.h.clarified {
            d.action = Action::Clarify;
            d.faq = Some(FaqUse::Clarify);
            d.reasons.push(Reason {
                code: ReasonCode::FaqNearMiss,
                detail: why,
            });
        } else {
            d.action = Action::Handoff;
            d.reasons.push(Reason {
                code: ReasonCode::FaqNearMiss,
                detail: format!("{why}; already asked to clarify"),
            });
        }
    }

    /// Two intents too close to tell apart: ask once, then a person takes it.
    fn clarify_ambiguous(&self, d: &mut Draft) {
        let (s, t) = (self.s, self.t);
        if !self.ambiguous || s.oos_flag || d.action != Action::Answer {
            return;
        }
        let detail = format!("margin {:.3} < {:.3}", s.margin, t.margin);
        if self.cfg.clarify.enabled && !self.h.clarified {
            d.action = Action::Clarify;
            d.reasons.push(Reason {
                code: ReasonCode::Ambiguous,
                detail,
            });
        } else {
            // Already clarified once in this conversation: a person takes it from here.
            d.action = Action::Handoff;
            d.reasons.push(Reason {
                code: ReasonCode::Ambiguous,
                detail: format!("{detail}; already asked to clarify"),
            });
        }
    }

    /// The decision, with a queue and priority when it hands off.
    fn finish(&self, d: Draft, failure: &Failure<'_>) -> Decision {
        let handoff = d.action == Action::Handoff;
        let (topic, topic_queue) = handoff.then(|| self.topic(&d.reasons)).flatten().unzip();
        let (queue, priority) = if handoff {
            let topic_queue = topic_queue.flatten();
            (
                Some(route(
                    self.s,
                    self.h,
                    &d.reasons,
                    self.trusted,
                    topic_queue.as_deref(),
                    self.cfg,
                )),
                Some(priority(self.s, &d.reasons, self.cfg)),
            )
        } else {
            (None, None)
        };
        Decision {
            action: d.action,
            reasons: d.reasons,
            queue,
            priority,
            bot_failed: failure.failed,
            failures: failure.count,
            faq: d.faq,
            faq_entry: None,
            topic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Priority;

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
            entities: &[],
            faq: None,
            faq_ranking: &[],
            handoff_entry: None,
            smalltalk: None,
            unsure_reading: None,
        }
    }

    fn small_talk(act: &'static str, exact: bool) -> Option<SmalltalkSignal> {
        Some(SmalltalkSignal {
            act,
            exact,
            confidence: 0.7,
            acknowledges: false,
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
        // An accusation the head read as "are you a bot?"; impatience stays small talk.
        let mut s = sig("bot_identity", 0.75, 0.5);
        s.text = "你们是骗子吧";
        s.sentiment_score = Some(-0.93);
        s.smalltalk = small_talk("bot_identity", false);
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff, "{d:?}");
        assert_eq!(d.reasons[0].code, ReasonCode::NegativeSentiment);
        s.sentiment_score = Some(0.1);
        assert_eq!(decide0(&s).action, Action::Answer, "not negative: no anger");
        // Asking whether the bot is a person is no request for one; asking for one is.
        s.text = "is this a real person or a bot";
        assert_eq!(decide0(&s).action, Action::Answer);
        s.text = "are you a bot? i want a real person";
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff, "{d:?}");
        assert_eq!(d.reasons[0].code, ReasonCode::UserRequested);
        let mut s = sig("are_you_there", 0.99, 0.5);
        s.text = "在吗？？？";
        s.sentiment_score = Some(-0.9);
        s.smalltalk = small_talk("are_you_there", false);
        assert_eq!(decide0(&s).action, Action::Answer);
        // A photo the head read as emoji goes to a person; a WeChat emoticon stays small talk.
        let mut s = sig("emoji", 0.99, 0.9);
        s.text = "[图片]";
        s.smalltalk = small_talk("emoji", true);
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff, "{d:?}");
        assert_eq!(d.reasons[0].code, ReasonCode::NeedsAgent);
        s.text = "[微笑]";
        assert_eq!(decide0(&s).action, Action::Answer);
        // A photo beside words that ask about it: a person, even with an entry over the bar,
        // and the words' own reasons still count.
        let mut s = sig("get_refund", 0.95, 0.9);
        s.text = "碗碎了一个 [图片] 怎么办";
        s.faq = faq(0.95, None, Some(0.80));
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff, "{d:?}");
        assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent], "{d:?}");
        s.text = "转人工 [图片] 碗碎了";
        assert_eq!(
            codes(&decide0(&s)),
            vec![ReasonCode::UserRequested, ReasonCode::NeedsAgent]
        );
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

    /// The decision answers from the knowledge base.
    fn answers_from_kb(s: &Signals<'_>, h: &History, t: &Thresholds, cfg: &PolicyConfig) -> bool {
        let d = decide(s, h, t, cfg);
        (d.action, d.faq) == (Action::Answer, Some(FaqUse::Answer))
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
            runner_up_id: runner_up.map(|_| "runner-up"),
            runner_up_intent: None,
            intent,
        })
    }

    /// `s` from a VIP, and `s` read as furious: the rules that answer from the knowledge base on
    /// other evidence leave both to the others.
    fn vip_and_furious<'a>(s: &Signals<'a>) -> [Signals<'a>; 2] {
        let mut vip = s.clone();
        vip.vip = true;
        let mut furious = s.clone();
        furious.sentiment_score = Some(-0.99);
        [vip, furious]
    }

    /// An answer needs confidence 0.9 and a knowledge-base score of 0.9.
    fn strict() -> Thresholds {
        Thresholds {
            confidence: 0.9,
            faq_similarity: Some(0.9),
            ..Thresholds::default()
        }
    }

    /// A message read as an unsure `intent` whose best entry is `best` at 0.87 (the runner-up
    /// 0.005 behind), the classifier's ranking being `ranking`.
    fn ranked<'a>(
        text: &'a str,
        intent: &'a str,
        best: &'a str,
        ranking: &'a [RankedEntry<'a>],
    ) -> Signals<'a> {
        let mut s = sig(intent, 0.5, 0.2);
        s.text = text;
        s.faq = Some(FaqSignal {
            id: best,
            ..faq(0.87, None, Some(0.865)).unwrap()
        });
        s.faq_ranking = ranking;
        s
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
    fn without_the_unsure_veto_a_clear_match_linked_to_another_intent_answers() {
        // "尺码 买大了 还没发货": the head leans to track_order below its threshold (0.5 by
        // default), the size-change entry clears the knowledge-base bar by itself.
        let mut s = sig("track_order", 0.45, 0.3);
        s.faq = faq(0.95, Some("change_order"), Some(0.9));
        let mut lenient = PolicyConfig::default();
        lenient.faq.unsure_intent_vetoes = false;
        let t = Thresholds::default();
        let h = History::default();
        let d = decide(&s, &h, &t, &lenient);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
        assert_eq!(codes(&d), vec![ReasonCode::FaqMatch]);
        // By default the veto holds for a statement: a near miss, and the unsure intent hands
        // off.
        s.text = "尺码 买大了 还没发货";
        assert_eq!(decide0(&s).action, Action::Handoff);
        // Below the bar, or too close to the runner-up, the lenient policy does not answer.
        s.faq = faq(0.85, Some("change_order"), None);
        assert_eq!(decide(&s, &h, &t, &lenient).action, Action::Handoff);
        s.faq = faq(0.95, Some("change_order"), Some(0.945));
        assert_ne!(decide(&s, &h, &t, &lenient).faq, Some(FaqUse::Answer));
    }

    #[test]
    fn details_sent_after_an_answer_go_to_a_person_in_that_needs_queue() {
        let t = Thresholds::default();
        let mut cfg = PolicyConfig::default();
        let found = crate::text::entities::extract("order 88812345678");
        let mut s = sig("oos", 0.1, 0.0);
        s.oos_flag = true;
        s.text = "order 88812345678";
        s.entities = &found;
        let after = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("track_order".into()),
            last_in_scope_intent: Some("track_order".into()),
            ..Default::default()
        };
        let d = decide(&s, &after, &t, &cfg);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::DetailsProvided]);
        assert!(
            d.reasons[0].detail.contains("track_order"),
            "{:?}",
            d.reasons
        );
        assert_eq!(d.queue.as_deref(), Some("orders"));
        // Opening a chat, or after small talk, it is judged as any other message.
        for h in [
            History::default(),
            History {
                previous_action: Some(Action::Answer),
                previous_intent: Some("greeting".into()),
                ..Default::default()
            },
        ] {
            let d = decide(&s, &h, &t, &cfg);
            assert!(!codes(&d).contains(&ReasonCode::DetailsProvided), "{d:?}");
        }
        // A message that says more is read as usual.
        let found_more = crate::text::entities::extract(
            "order 88812345678 arrived broken, the screen is cracked",
        );
        s.text = "order 88812345678 arrived broken, the screen is cracked";
        s.entities = &found_more;
        assert!(!codes(&decide(&s, &after, &t, &cfg)).contains(&ReasonCode::DetailsProvided));
        // Off.
        s.text = "order 88812345678";
        s.entities = &found;
        cfg.handoff.details_after_answer = false;
        assert!(!codes(&decide(&s, &after, &t, &cfg)).contains(&ReasonCode::DetailsProvided));
    }

    #[test]
    fn an_unsure_intent_that_agrees_lets_a_clear_entry_answer_just_below_the_bar() {
        let t = Thresholds {
            confidence: 0.9,
            ..Thresholds::default()
        };
        let h = History::default();
        let cfg = PolicyConfig::default();
        let answers = |s: &Signals<'_>, cfg: &PolicyConfig| answers_from_kb(s, &h, &t, cfg);
        // Under its answer bar, over routing.min_confidence; the entry 0.02 under the bar.
        let mut s = sig("price_protection", 0.87, 0.5);
        s.faq = faq(0.88, Some("price_protection"), Some(0.80));
        assert!(answers(&s, &cfg));
        let mut off = cfg.clone();
        off.faq.agree_slack = 0.0;
        assert!(!answers(&s, &off), "0 turns it off");
        // Too far under the bar, or too close to the runner-up.
        s.faq = faq(0.86, Some("price_protection"), Some(0.80));
        assert!(!answers(&s, &cfg));
        s.faq = faq(0.88, Some("price_protection"), Some(0.875));
        assert!(!answers(&s, &cfg));
        // An entry of another need, or an intent too unsure to route.
        s.faq = faq(0.88, Some("track_order"), Some(0.80));
        assert!(!answers(&s, &cfg));
        let mut unsure = sig("price_protection", 0.5, 0.5);
        unsure.faq = faq(0.88, Some("price_protection"), Some(0.80));
        assert!(!answers(&unsure, &cfg));
        // A reading the words did not bear out is no reading.
        s.faq = faq(0.88, Some("price_protection"), Some(0.80));
        s.unsure_reading = Some("read as small talk, but it says more");
        assert!(!answers(&s, &cfg));
    }

    #[test]
    fn a_reported_problem_asked_as_what_do_i_do_gets_the_entrys_own_steps() {
        let t = strict();
        let h = History::default();
        let cfg = PolicyConfig::default();
        let decide_on = |text: &'static str, intent: &'static str, conf: f32, score: f32| {
            let mut s = sig(intent, conf, 0.5);
            s.text = text;
            s.faq = Some(FaqSignal {
                id: "damaged-or-wrong-item",
                ..faq(score, None, Some(score - 0.005)).unwrap()
            });
            s
        };
        let answered = |s: &Signals<'_>, cfg: &PolicyConfig| answers_from_kb(s, &h, &t, cfg);
        // Unsure, and read as a problem report (needs_agent by intent): 0.04 under the bar.
        let broken = decide_on("杯子寄来就是碎的 这个怎么办", "order_problem", 0.95, 0.86);
        let d = decide(&broken, &h, &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{:?}", d.reasons);
        assert!(d.reasons[0].detail.contains("\"碎\""), "{:?}", d.reasons);
        let mut oos = decide_on(
            "the mug came with a crack, what do i do",
            "place_order",
            0.2,
            0.86,
        );
        oos.oos_flag = true;
        assert!(answered(&oos, &cfg));
        let mut off = cfg.clone();
        off.self_service.entries.clear();
        assert!(!answered(&broken, &off), "no entries: off");
        // Saying what happened without asking how to go on, the entry's problem not named, too
        // far under the bar, or photos for someone to look at: a person.
        for (text, score) in [
            ("杯子寄来就是碎的", 0.86),
            ("包裹里少了一件 怎么办", 0.86),
            ("杯子寄来就是碎的 这个怎么办", 0.84),
            ("杯子碎了 照片已经拍了 怎么处理", 0.86),
            ("收到的碗碎了俩 [图片][图片] 你们看咋办吧", 0.86),
        ] {
            let s = decide_on(text, "order_problem", 0.95, score);
            assert!(!answered(&s, &cfg), "{text} {score}");
        }
        // Every other handoff reason still wins: a request for a person, anger, a VIP.
        let person = decide_on("杯子碎了 怎么办 转人工", "order_problem", 0.95, 0.86);
        assert!(!answered(&person, &cfg));
        let mut angry = decide_on("杯子寄来就是碎的 这个怎么办!!", "order_problem", 0.95, 0.86);
        angry.sentiment_score = Some(-0.9);
        let d = decide(&angry, &h, &t, &cfg);
        assert_eq!(d.action, Action::Handoff, "{d:?}");
        assert!(codes(&d).contains(&ReasonCode::NegativeSentiment), "{d:?}");
        let mut vip = decide_on("杯子寄来就是碎的 这个怎么办", "order_problem", 0.95, 0.86);
        vip.vip = true;
        assert!(!answered(&vip, &cfg));
        // A message answered otherwise (a sure intent with its own reply) is left as it is.
        let mut sure = decide_on("how do i return a cracked mug", "get_refund", 0.97, 0.86);
        sure.faq = faq(0.86, None, Some(0.7));
        let d = decide(&sure, &h, &t, &cfg);
        assert_eq!((d.action, d.faq), (Action::Answer, None));
    }

    #[test]
    fn a_first_need_naming_none_of_a_topics_entries_asks_which() {
        let t = strict();
        let mut cfg = PolicyConfig::default();
        cfg.clarify.siblings = crate::policy::siblings::built_in();
        let read = |text: &'static str, best: &'static str| {
            let mut s = sig("change_shipping_address", 0.99, 0.9);
            s.text = text;
            s.faq = Some(FaqSignal {
                id: best,
                ..faq(0.93, Some("change_shipping_address"), Some(0.8)).unwrap()
            });
            s
        };
        let fresh = History::default();
        let vague = read("need to update an address", "address-edit");
        let d = decide(&vague, &fresh, &t, &cfg);
        assert_eq!((d.action, d.faq), (Action::Clarify, Some(FaqUse::Clarify)));
        assert_eq!(codes(&d), vec![ReasonCode::Ambiguous]);
        assert!(d.reasons[0].detail.contains("address entries"), "{d:?}");
        // Naming the order, after an answer, with the groups off, or a handoff reason: as before.
        let named = read(
            "need to update the address on my order",
            "change-order-address",
        );
        assert!(answers_from_kb(&named, &fresh, &t, &cfg));
        let after = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("track_order".into()),
            ..History::default()
        };
        assert!(answers_from_kb(&vague, &after, &t, &cfg));
        let mut off = cfg.clone();
        off.clarify.siblings.clear();
        assert!(answers_from_kb(&vague, &fresh, &t, &off));
        let mut vip = vague.clone();
        vip.vip = true;
        vip.confidence = 0.5;
        assert_eq!(decide(&vip, &fresh, &t, &cfg).action, Action::Handoff);
    }

    #[test]
    fn a_missing_item_told_without_asking_gets_its_steps_once() {
        let t = strict();
        let cfg = PolicyConfig::default();
        let told = |text: &'static str, id: &'static str| {
            let mut s = sig("order_problem", 0.95, 0.5);
            s.text = text;
            s.faq = Some(FaqSignal {
                id,
                ..faq(0.87, None, Some(0.865)).unwrap()
            });
            s
        };
        let fresh = History::default();
        let missing = told("买了三样 箱子里只有两样", "missing-item");
        let d = decide(&missing, &fresh, &t, &cfg);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
        assert!(
            d.reasons[0].detail.contains("told without asking"),
            "{:?}",
            d.reasons
        );
        let en = told("box came with only 2 of the 3 candles", "missing-item");
        assert!(answers_from_kb(&en, &fresh, &t, &cfg));
        // Right after the missing-item answer it is still missing: a person. So is a case already
        // reported, a damage report told alone, and a missing item with statements off.
        let after = History {
            previous_action: Some(Action::Answer),
            previous_faq: Some("missing-item".into()),
            ..History::default()
        };
        assert!(!answers_from_kb(&missing, &after, &t, &cfg));
        let reported = told(
            "reported a missing item 4 days ago, the box only had 2 of the 3",
            "missing-item",
        );
        assert!(!answers_from_kb(&reported, &fresh, &t, &cfg));
        let broken = told("杯子寄来就是碎的", "damaged-or-wrong-item");
        assert!(!answers_from_kb(&broken, &fresh, &t, &cfg));
        let mut off = cfg.clone();
        off.self_service.statements.clear();
        assert!(!answers_from_kb(&missing, &fresh, &t, &off));
    }

    #[test]
    fn a_shipping_question_naming_a_destination_gets_that_destinations_entry() {
        let t = strict();
        let h = History::default();
        let cfg = PolicyConfig::default();
        // The encoder's ranking: remote areas first, international just behind, both under the bar.
        const RANKING: [RankedEntry<'static>; 3] = [
            RankedEntry {
                id: "shipping-remote-areas",
                score: 0.87,
            },
            RankedEntry {
                id: "shipping-international",
                score: 0.865,
            },
            RankedEntry {
                id: "payment-methods",
                score: 0.84,
            },
        ];
        let ask = |text: &'static str, best: &'static str| {
            ranked(text, "delivery_options", best, &RANKING)
        };
        let kl = ask("ship to KL ok?", "shipping-remote-areas");
        let d = decide(&kl, &h, &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{:?}", d.reasons);
        assert_eq!(d.faq_entry.as_deref(), Some("shipping-international"));
        assert!(d.reasons[0].detail.contains("\"kl\""), "{:?}", d.reasons);
        // The region's own entry first: it answers as the best match.
        let d = decide(&ask("寄拉萨要几天", "shipping-remote-areas"), &h, &t, &cfg);
        assert_eq!((d.action, d.faq_entry), (Action::Answer, None));
        // Right after an answer from a shipping entry, the place alone follows it up.
        let after = History {
            previous_action: Some(Action::Answer),
            previous_faq: Some("shipping-international".into()),
            ..History::default()
        };
        let d = decide(&ask("那新疆呢", "shipping-international"), &after, &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{:?}", d.reasons);
        assert!(answers_from_kb(&kl, &h, &t, &cfg));
        // Not about sending, no question, a best entry on another topic, a place that is an
        // origin, the region's entry too far under the bar, a VIP, another handoff reason, or the
        // rule off: the other rules decide (here: a person).
        let mut far = ask("ship to KL ok?", "shipping-remote-areas");
        let low = [RankedEntry {
            id: "shipping-international",
            score: 0.84,
        }];
        far.faq_ranking = &low;
        let [vip, angry] = vip_and_furious(&ask("ship to KL ok?", "shipping-remote-areas"));
        // A parcel already under way: an order number.
        let order = crate::text::extract("寄去香港的 2026120588123456 还要几天?");
        let mut ordered = ask(
            "寄去香港的 2026120588123456 还要几天?",
            "shipping-international",
        );
        ordered.entities = &order;
        let mut off = cfg.clone();
        off.places.entries.clear();
        for (s, cfg) in [
            (ask("那新疆呢", "shipping-remote-areas"), &cfg),
            (ask("ship to KL, thanks", "shipping-remote-areas"), &cfg),
            (
                ask("can i pay with a card from KL?", "payment-methods"),
                &cfg,
            ),
            (
                ask("这口锅是日本进口的吗 几天能到", "shipping-delivery-time"),
                &cfg,
            ),
            (
                ask(
                    "寄到台湾的包裹卡在海关了 你们能帮忙吗",
                    "shipping-international",
                ),
                &cfg,
            ),
            (
                ask(
                    "ups wants me to pay duty in the uk, why?",
                    "shipping-international",
                ),
                &cfg,
            ),
            (ordered, &cfg),
            (far, &cfg),
            (vip, &cfg),
            (angry, &cfg),
            (kl.clone(), &off),
        ] {
            let d = decide(&s, &h, &t, cfg);
            assert_ne!(d.action, Action::Answer, "{}: {:?}", s.text, d.reasons);
        }
    }

    #[test]
    fn asking_whether_ones_own_case_counts_gets_the_entry_just_answered_again() {
        let t = strict();
        let cfg = PolicyConfig::default();
        let after = History {
            previous_action: Some(Action::Answer),
            previous_faq: Some("price-protection".into()),
            ..History::default()
        };
        const RANKING: [RankedEntry<'static>; 2] = [
            RankedEntry {
                id: "coupons-how",
                score: 0.87,
            },
            RankedEntry {
                id: "price-protection",
                score: 0.80,
            },
        ];
        let ask = |text: &'static str| ranked(text, "coupon", "coupons-how", &RANKING);
        let d = decide(&ask("我是在直播间下的单 这种也算吗"), &after, &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{:?}", d.reasons);
        assert_eq!(d.faq_entry.as_deref(), Some("price-protection"));
        assert!(
            d.reasons[0].detail.contains("\"也算吗\""),
            "{:?}",
            d.reasons
        );
        // Not right after an answer from an entry, no such words, a VIP, another reason, the
        // entry not ranked (the knowledge base changed), or the phrases off: the other rules.
        let [vip, angry] = vip_and_furious(&ask("我是在直播间下的单 这种也算吗"));
        let mut gone = ask("我是在直播间下的单 这种也算吗");
        gone.faq_ranking = &RANKING[..1];
        let mut off = cfg.clone();
        off.faq.followup_case_phrases.clear();
        for (s, h, cfg) in [
            (
                ask("我是在直播间下的单 这种也算吗"),
                &History::default(),
                &cfg,
            ),
            (ask("我是在直播间下的单"), &after, &cfg),
            (vip, &after, &cfg),
            (angry, &after, &cfg),
            (gone, &after, &cfg),
            (ask("我是在直播间下的单 这种也算吗"), &after, &off),
        ] {
            let d = decide(&s, h, &t, cfg);
            assert!(d.faq_entry.is_none(), "{}: {:?}", s.text, d.reasons);
        }
    }

    #[test]
    fn the_order_state_said_after_cancelling_gets_that_states_entry() {
        let t = strict();
        let cfg = PolicyConfig::default();
        let after = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("cancel_order".into()),
            ..History::default()
        };
        const RANKING: [RankedEntry<'static>; 3] = [
            RankedEntry {
                id: "cancellation-fee",
                score: 0.95,
            },
            RankedEntry {
                id: "order-status-meanings",
                score: 0.90,
            },
            RankedEntry {
                id: "cancel-before-shipment",
                score: 0.84,
            },
        ];
        // Read surely as tracking, its best entry clearing the bar: still the state's entry.
        let state = |text: &'static str| {
            let mut s = ranked(text, "track_order", "cancellation-fee", &RANKING);
            s.confidence = 0.93;
            s.faq = Some(FaqSignal {
                id: "cancellation-fee",
                ..faq(0.95, Some("check_cancellation_fee"), Some(0.90)).unwrap()
            });
            s
        };
        let d = decide(&state("还没发货 刚拍的"), &after, &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{:?}", d.reasons);
        assert_eq!(d.faq_entry.as_deref(), Some("cancel-before-shipment"));
        assert!(
            d.reasons[0].detail.contains("\"还没发货\""),
            "{:?}",
            d.reasons
        );
        // Read surely as another need, a VIP, another reason, the entry not ranked, not after
        // cancelling, a late shipment, or the rule off: the other rules.
        let mut other = state("还没发货 能改地址吗");
        other.intent = "change_shipping_address";
        let [vip, angry] = vip_and_furious(&state("还没发货 刚拍的"));
        let mut gone = state("还没发货 刚拍的");
        gone.faq_ranking = &RANKING[..2];
        let elsewhere = History {
            previous_intent: Some("change_shipping_address".into()),
            ..after.clone()
        };
        // Asking to cancel and saying the state in one message: the state's entry over the
        // intent's reply, unless an order number is given (that order to be dealt with).
        let ask = |text: &'static str| {
            let mut s = state(text);
            s.intent = "cancel_order";
            s
        };
        let d = decide(&ask("刚拍的还没发货 想取消"), &History::default(), &t, &cfg);
        assert_eq!(d.faq_entry.as_deref(), Some("cancel-before-shipment"));
        assert!(
            d.reasons[0].detail.contains("read as cancel_order"),
            "{:?}",
            d.reasons
        );
        let order = crate::text::extract("2026120855012347 还没发货 想取消");
        let mut numbered = ask("2026120855012347 还没发货 想取消");
        numbered.entities = &order;
        let mut off = cfg.clone();
        off.order_state.topics.clear();
        for (s, h, cfg) in [
            (numbered, &History::default(), &cfg),
            (other, &after, &cfg),
            (vip, &after, &cfg),
            (angry, &after, &cfg),
            (gone, &after, &cfg),
            (state("还没发货 刚拍的"), &elsewhere, &cfg),
            (state("说好3号发货 拖到现在还没发货"), &after, &cfg),
            (state("还没发货 刚拍的"), &after, &off),
        ] {
            let d = decide(&s, h, &t, cfg);
            assert!(d.faq_entry.is_none(), "{}: {:?}", s.text, d.reasons);
        }
    }

    #[test]
    fn words_that_name_one_of_two_near_identical_entries_answer_with_it() {
        let t = strict();
        let cfg = PolicyConfig::default();
        const RANKING: [RankedEntry<'static>; 2] = [
            RankedEntry {
                id: "returns-refund-timing",
                score: 0.87,
            },
            RankedEntry {
                id: "refunds-how-long",
                score: 0.868,
            },
        ];
        let ask = |text: &'static str| {
            ranked(
                text,
                "check_refund_policy",
                "returns-refund-timing",
                &RANKING,
            )
        };
        let d = decide(
            &ask("refund到账要几天 退的是支付宝"),
            &History::default(),
            &t,
            &cfg,
        );
        assert_eq!(d.action, Action::Answer, "{:?}", d.reasons);
        assert_eq!(d.faq_entry.as_deref(), Some("refunds-how-long"));
        assert!(
            d.reasons[0].detail.contains("\"支付宝\""),
            "{:?}",
            d.reasons
        );
        // No question, an order number, a VIP, another reason, the entry not ranked, or the
        // rules off: the other rules.
        let order = crate::text::extract("2026120855012347 退款到支付宝要几天");
        let mut numbered = ask("2026120855012347 退款到支付宝要几天");
        numbered.entities = &order;
        let [vip, angry] = vip_and_furious(&ask("refund到账要几天 退的是支付宝"));
        let mut gone = ask("refund到账要几天 退的是支付宝");
        gone.faq_ranking = &RANKING[..1];
        let mut off = cfg.clone();
        off.entry_words.rules.clear();
        for (s, cfg) in [
            (ask("got my refund on alipay faster than i thought"), &cfg),
            (numbered, &cfg),
            (vip, &cfg),
            (angry, &cfg),
            (gone, &cfg),
            (ask("refund到账要几天 退的是支付宝"), &off),
        ] {
            let d = decide(&s, &History::default(), &t, cfg);
            assert_ne!(
                d.faq_entry.as_deref(),
                Some("refunds-how-long"),
                "{}: {:?}",
                s.text,
                d.reasons
            );
        }
    }

    #[test]
    fn a_clear_winner_answers_just_below_the_threshold_when_switched_on() {
        let t = Thresholds::default();
        let h = History::default();
        let mut s = sig("track_order", 0.95, 0.9);
        // 0.015 under the bar, 0.055 ahead of the runner-up.
        s.faq = faq(0.885, Some("track_order"), Some(0.83));
        let mut cfg = PolicyConfig::default();
        assert_ne!(
            decide(&s, &h, &t, &cfg).faq,
            Some(FaqUse::Answer),
            "off by default"
        );
        cfg.faq.clear_winner_margin = 0.03;
        cfg.faq.clear_winner_slack = 0.02;
        let d = decide(&s, &h, &t, &cfg);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
        // Too close to the runner-up, or too far under the bar: not a clear winner.
        s.faq = faq(0.885, Some("track_order"), Some(0.86));
        assert_ne!(decide(&s, &h, &t, &cfg).faq, Some(FaqUse::Answer));
        s.faq = faq(0.87, Some("track_order"), Some(0.80));
        assert_ne!(decide(&s, &h, &t, &cfg).faq, Some(FaqUse::Answer));
        // It must still agree with the intent.
        s.faq = faq(0.885, Some("get_refund"), Some(0.83));
        assert_ne!(decide(&s, &h, &t, &cfg).faq, Some(FaqUse::Answer));
    }

    #[test]
    fn an_intent_too_unsure_to_route_does_not_veto_a_clear_entry_for_a_question() {
        // "亲 双十一那个预售交了50定金 尾款不想付了 定金还能退吗": the head reads get_refund at
        // 0.38, the deposit entry (linked to check_cancellation_fee) clears the bar by itself.
        let t = Thresholds::default();
        let cfg = PolicyConfig::default();
        let mut s = sig("get_refund", 0.38, 0.1);
        s.text = "尾款不想付了 定金还能退吗";
        s.faq = faq(0.95, Some("check_cancellation_fee"), Some(0.9));
        let first = decide(&s, &History::default(), &t, &cfg);
        assert_eq!(
            (first.action, first.faq),
            (Action::Answer, Some(FaqUse::Answer))
        );
        // A statement matching the entry as well is as likely a problem report: the veto stands.
        s.text = "尾款不想付了 定金也没退";
        assert_eq!(decide0(&s).action, Action::Handoff);
        // An intent trusted to route (≥ routing.min_confidence) but below its answer threshold
        // still vetoes, as before.
        s.text = "尾款不想付了 定金还能退吗";
        s.confidence = 0.7;
        let strict = Thresholds {
            confidence: 0.9,
            ..Thresholds::default()
        };
        let d = decide(&s, &History::default(), &strict, &cfg);
        assert_ne!(d.faq, Some(FaqUse::Answer));
        // Right after an answer on another topic, a question matching an unrelated entry is as
        // likely a follow-up read out of context: the veto stands.
        s.confidence = 0.38;
        let after = History {
            previous_action: Some(Action::Answer),
            previous_faq: Some("change-order-address".into()),
            previous_intent: Some("change_shipping_address".into()),
            ..Default::default()
        };
        assert_ne!(decide(&s, &after, &t, &cfg).faq, Some(FaqUse::Answer));
        // After small talk it is a first need: answered.
        let after_greeting = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("greeting".into()),
            ..Default::default()
        };
        let d = decide(&s, &after_greeting, &t, &cfg);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
    }

    #[test]
    fn a_follow_up_on_the_last_answer_is_read_in_its_light() {
        let t = Thresholds::default();
        let cfg = PolicyConfig::default();
        // "那关税是我付吗" after an answer on shipping abroad: the head reads an unsure
        // check_payment_methods, the best entry (linked to delivery_options) scores just under
        // the bar.
        let mut s = sig("check_payment_methods", 0.4, 0.2);
        s.faq = faq(0.88, Some("delivery_options"), Some(0.8));
        let after =
            |previous_faq: Option<&str>, previous_intent: &str, topic: Option<&str>| History {
                previous_action: Some(Action::Answer),
                previous_intent: Some(previous_intent.into()),
                previous_faq: previous_faq.map(str::to_string),
                previous_faq_intent: topic.map(str::to_string),
                ..History::default()
            };
        // Alone: the unsure, different intent vetoes it and it is under the bar.
        assert_ne!(decide0(&s).action, Action::Answer);
        // After an answer from an entry of a related intent (delivery_period): answered.
        let h = after(
            Some("shipping-time"),
            "delivery_period",
            Some("delivery_period"),
        );
        let d = decide(&s, &h, &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{d:?}");
        assert_eq!(codes(&d), vec![ReasonCode::FaqMatch]);
        assert!(d.reasons[0].detail.contains("follows up"), "{d:?}");
        // After an intent answer of the same intent, likewise.
        let d = decide(&s, &after(None, "delivery_options", None), &t, &cfg);
        assert_eq!(d.action, Action::Answer, "{d:?}");
        // A runner-up just behind: the bonus tells them apart when only the best entry continues
        // the topic, not when the runner-up does too.
        let mut close = s.clone();
        close.faq = faq(0.88, Some("delivery_options"), Some(0.875));
        assert_eq!(decide(&close, &h, &t, &cfg).action, Action::Answer);
        close.faq = close.faq.map(|f| FaqSignal {
            runner_up_intent: Some("delivery_period"),
            ..f
        });
        assert_ne!(decide(&close, &h, &t, &cfg).action, Action::Answer);
        // After the bot asked about that topic ("did you mean …?"), likewise.
        let mut asked = after(None, "delivery_options", None);
        asked.previous_action = Some(Action::Clarify);
        assert_eq!(decide(&s, &asked, &t, &cfg).action, Action::Answer);
        // After a question that offered this very entry ("退货" → which of these?), whatever
        // intent the question was read as: the reply continues it. Not when it offered others.
        let mut offered = after(None, "get_refund", None);
        offered.previous_action = Some(Action::Clarify);
        offered.offered = vec![Offer::Entry("other".into()), Offer::Entry("e".into())];
        assert_eq!(decide(&s, &offered, &t, &cfg).action, Action::Answer);
        offered.offered = vec![Offer::Entry("other".into()), Offer::Intent("e".into())];
        assert_ne!(decide(&s, &offered, &t, &cfg).action, Action::Answer);
        // After an answer on another topic, after a handoff, or with the bonus off: not answered.
        let other = after(Some("invoice-how"), "get_invoice", Some("get_invoice"));
        assert_ne!(decide(&s, &other, &t, &cfg).action, Action::Answer);
        let mut handed = after(None, "delivery_options", None);
        handed.previous_action = Some(Action::Handoff);
        assert_ne!(decide(&s, &handed, &t, &cfg).action, Action::Answer);
        let mut off = PolicyConfig::default();
        off.faq.followup_bonus = 0.0;
        assert_ne!(decide(&s, &h, &t, &off).action, Action::Answer);
        // Far under the bar even with the bonus: not answered.
        s.faq = faq(0.80, Some("delivery_options"), Some(0.7));
        assert_ne!(decide(&s, &h, &t, &cfg).action, Action::Answer);
        // A handoff reason of its own still wins.
        let mut s = sig("order_problem", 0.9, 0.8);
        s.faq = faq(0.89, Some("delivery_options"), Some(0.8));
        assert_eq!(decide(&s, &h, &t, &cfg).action, Action::Handoff);
    }

    #[test]
    fn a_request_only_staff_can_carry_out_goes_to_a_person_even_with_a_matching_entry() {
        for text in [
            "麻烦把我这两个单合在一起发 地址是一样的",
            "能帮我merge成一个包裹发吗",
            "i need the invoice split into two company invoices",
            "we want to place a bulk order of 40 lamps",
            "why was my order cancelled",
            "我的订单怎么被取消了",
            "I'll need the invoice in my company's name. Can your team set that up for me?",
            "那你们帮我申请改到成都市武侯区天府大道北段1700号 单号YT8823019946671",
        ] {
            let mut s = sig("get_invoice", 0.99, 0.9);
            s.text = text;
            s.faq = faq(0.97, Some("get_invoice"), Some(0.8));
            let d = decide0(&s);
            assert_eq!(d.action, Action::Handoff, "{text}");
            assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent], "{text}");
            assert!(d.reasons[0].detail.contains("only staff"), "{d:?}");
        }
        // The same topic without the request is answered, and so is a customer cancelling.
        let mut s = sig("get_invoice", 0.99, 0.9);
        s.text = "can I get a company invoice";
        s.faq = faq(0.97, Some("get_invoice"), Some(0.8));
        assert_eq!(decide0(&s).action, Action::Answer);
        for text in ["how do i cancel my order", "我取消了订单 钱什么时候退回来"] {
            let mut s = sig("cancel_order", 0.99, 0.9);
            s.text = text;
            s.faq = faq(0.97, Some("cancel_order"), Some(0.8));
            assert_eq!(decide0(&s).action, Action::Answer, "{text}");
        }
    }

    #[test]
    fn asking_staff_to_change_or_cancel_a_named_order_goes_to_a_person() {
        // Read as the classifier reads it: a sure intent, a clear entry, the entities found.
        let decide_on = |text: &str, cfg: &PolicyConfig| {
            let entities = crate::text::entities::extract(text);
            let mut s = sig("change_order", 0.99, 0.9);
            s.text = text;
            s.entities = &entities;
            s.faq = faq(0.97, Some("change_order"), Some(0.8));
            decide(&s, &History::default(), &Thresholds::default(), cfg)
        };
        let on = PolicyConfig::default();
        for text in [
            "那麻烦帮我改成米白 订单2026121906612378",
            "please cancel order #A559102 for me, it hasnt shipped yet",
        ] {
            let d = decide_on(text, &on);
            assert_eq!(d.action, Action::Handoff, "{text}");
            assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent], "{text}");
            assert!(d.reasons[0].detail.contains("asks staff to act"), "{d:?}");
        }
        // Asking how, or with nothing to act on, the entry answers; so it does with the rule off.
        let mut off = PolicyConfig::default();
        off.staff_requests.asks.clear();
        for (text, cfg) in [
            ("how do i change the colour on order 2026121906612378", &on),
            ("能帮我改成M码吗 还没发货", &on),
            ("那麻烦帮我改成米白 订单2026121906612378", &off),
        ] {
            let d = decide_on(text, cfg);
            assert_eq!(
                (d.action, d.faq),
                (Action::Answer, Some(FaqUse::Answer)),
                "{text}"
            );
        }
    }

    #[test]
    fn a_handoff_entry_the_message_matches_surely_goes_to_a_person_in_its_queue() {
        let entry = |score: f32, runner_up: f32, queue: Option<&'static str>| {
            Some(HandoffEntrySignal {
                id: "gift-cards",
                score,
                runner_up: Some(runner_up),
                queue,
            })
        };
        // A sure reading of a neighbouring intent, whose reply would answer beside the point.
        let mut s = sig("coupon", 0.98, 0.9);
        s.text = "where do i check my gift card balance";
        s.handoff_entry = entry(0.95, 0.90, Some("billing"));
        s.faq = faq(0.90, Some("coupon"), Some(0.8));
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff, "{d:?}");
        assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent]);
        assert!(d.reasons[0].detail.contains("gift-cards"), "{d:?}");
        assert_eq!(d.queue.as_deref(), Some("billing"));
        assert_eq!(d.topic.as_deref(), Some("gift-cards"));
        // Without a queue of its own: routed by the need.
        s.handoff_entry = entry(0.95, 0.90, None);
        assert_eq!(decide0(&s).queue.as_deref(), Some("billing"));
        let mut t = sig("track_order", 0.98, 0.9);
        t.handoff_entry = entry(0.95, 0.90, None);
        assert_eq!(decide0(&t).queue.as_deref(), Some("orders"));
        // Under the bar, or not clear of the runner-up: as if it were not there — the entry
        // that answers does.
        for h in [
            entry(0.88, 0.80, Some("billing")),
            entry(0.95, 0.945, Some("billing")),
        ] {
            s.handoff_entry = h;
            s.faq = faq(0.945, Some("coupon"), Some(0.8));
            let d = decide0(&s);
            assert!(!codes(&d).contains(&ReasonCode::NeedsAgent), "{d:?}");
            assert_eq!(d.faq, Some(FaqUse::Answer), "{d:?}");
        }
        // Nor does it lend its queue to a handoff another rule makes.
        let mut t = sig("track_order", 0.98, 0.9);
        t.text = "why was my order cancelled";
        t.handoff_entry = entry(0.88, 0.80, Some("billing"));
        let d = decide0(&t);
        assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent]);
        assert_eq!(d.queue.as_deref(), Some("orders"));
        assert_eq!(d.topic, None);
    }

    #[test]
    fn someone_else_in_the_account_or_money_gone_astray_goes_to_a_person() {
        // Read surely as a routine intent with a close entry: neither may answer it.
        for (text, intent, code) in [
            (
                "收到的是假货 logo都是歪的",
                "product_authenticity",
                ReasonCode::SensitiveIntent,
            ),
            (
                "i didnt place this order, someone used my account",
                "delete_account",
                ReasonCode::SensitiveIntent,
            ),
            (
                "我的账号异地登录了 不是我",
                "switch_account",
                ReasonCode::SensitiveIntent,
            ),
            (
                "我账号刚才在外地登录了 还收到一条改密码的验证码 都不是我弄的",
                "recover_password",
                ReasonCode::SensitiveIntent,
            ),
            (
                "号被hack了 昵称都给改了",
                "edit_account",
                ReasonCode::SensitiveIntent,
            ),
            (
                "我没买东西却扣款了",
                "payment_issue",
                ReasonCode::SensitiveIntent,
            ),
            (
                "my refund went to the wrong account",
                "track_refund",
                ReasonCode::NeedsAgent,
            ),
            ("快递被拆过了", "track_order", ReasonCode::NeedsAgent),
        ] {
            let mut s = sig(intent, 0.99, 0.9);
            s.text = text;
            s.faq = faq(0.97, Some(intent), Some(0.8));
            let d = decide0(&s);
            assert_eq!(d.action, Action::Handoff, "{text}");
            assert!(codes(&d).contains(&code), "{text}: {d:?}");
        }
        // The routine questions those sound like are answered.
        for (text, intent) in [
            ("how do i reset my password", "recover_password"),
            ("怎么切换账号", "switch_account"),
            ("where does my refund go", "track_refund"),
            // A worry before buying, a stronger password: sensitive words, not a report.
            ("网上买会不会是假货啊", "product_authenticity"),
            ("密码太简单了 怕被盗 想换个复杂的", "recover_password"),
            ("烟雾报警器收到不响 能换吗", "exchange_item"),
        ] {
            let mut s = sig(intent, 0.99, 0.9);
            s.text = text;
            s.faq = faq(0.97, Some(intent), Some(0.8));
            assert_eq!(decide0(&s).action, Action::Answer, "{text}");
        }
    }

    #[test]
    fn a_question_about_the_product_itself_goes_to_the_presale_queue() {
        // Read surely as another topic, with a close entry: neither may answer it.
        for (text, intent) in [
            ("when will it be back in stock", "track_refund"),
            ("这款羽绒服什么时候有货", "delivery_period"),
            ("质量怎么样", "review"),
            ("is the grey hoodie true to size? M or L", "exchange_item"),
            ("这个保温杯装热牛奶会有味儿吗", "check_refund_policy"),
        ] {
            let mut s = sig(intent, 0.99, 0.9);
            s.text = text;
            s.faq = faq(0.97, Some(intent), Some(0.8));
            let d = decide0(&s);
            assert_eq!(d.action, Action::Handoff, "{text}");
            assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent], "{text}");
            assert!(d.reasons[0].detail.contains("product itself"), "{d:?}");
            assert_eq!(d.queue.as_deref(), Some("presale"), "{text}");
            assert_eq!(d.topic.as_deref(), Some("product_question"), "{text}");
        }
        // Cash on delivery (货到付款) is not stock (有货).
        let mut s = sig("check_payment_methods", 0.99, 0.9);
        s.text = "还有货到付款吗";
        s.faq = faq(0.97, Some("check_payment_methods"), Some(0.8));
        assert_eq!(decide0(&s).action, Action::Answer);
        // A restocking fee is a returns question, not stock.
        let mut s = sig("check_refund_policy", 0.99, 0.9);
        s.text = "is there a restocking fee if i return it";
        s.faq = faq(0.97, Some("check_refund_policy"), Some(0.8));
        assert_eq!(decide0(&s).action, Action::Answer);
        // Without a product queue, routed by the need.
        let mut cfg = PolicyConfig::default();
        cfg.handoff.product_queue.clear();
        let mut s = sig("track_refund", 0.99, 0.9);
        s.text = "when will it be back in stock";
        let d = decide(&s, &History::default(), &Thresholds::default(), &cfg);
        assert_eq!(d.queue.as_deref(), Some("refunds"));
        // A model with the product_question intent (the default one) sends it there without a
        // phrase, even with a close entry; below routing.min_confidence it is an unsure reading.
        let mut s = sig("product_question", 0.95, 0.9);
        s.text = "do you have the grey oversized hoodie in L? the page just says limited";
        s.faq = faq(0.97, Some("exchange_item"), Some(0.8));
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::NeedsAgent]);
        assert!(d.reasons[0].detail.contains("product itself"), "{d:?}");
        assert_eq!(d.queue.as_deref(), Some("presale"));
        let mut s = sig("product_question", 0.4, 0.1);
        s.text = "do you have the grey oversized hoodie in L?";
        assert!(!codes(&decide0(&s)).contains(&ReasonCode::NeedsAgent));
    }

    #[test]
    fn an_entry_of_a_related_intent_agrees_with_the_message() {
        // "用花呗付的 退款退到哪里去了": read as track_refund, answered by the entry on where
        // refunds go, which is linked to check_refund_policy.
        let mut s = sig("track_refund", 0.6, 0.3);
        s.faq = faq(0.93, Some("check_refund_policy"), Some(0.85));
        let d = decide0(&s);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
        assert_eq!(codes(&d), vec![ReasonCode::FaqMatch]);
        // Without the group the unsure, different intent vetoes it.
        let mut strict = PolicyConfig::default();
        strict.faq.related_intents.clear();
        let d = decide(&s, &History::default(), &Thresholds::default(), &strict);
        assert_ne!(d.faq, Some(FaqUse::Answer));
        // An intent of another group still vetoes.
        s.intent = "delivery_period";
        assert_ne!(decide0(&s).faq, Some(FaqUse::Answer));
    }

    #[test]
    fn a_vip_gets_a_knowledge_base_answer_only_when_the_margin_is_set_and_cleared() {
        let mut s = sig("change_shipping_address", 0.83, 0.8);
        s.vip = true;
        s.faq = faq(0.94, Some("change_shipping_address"), Some(0.8));
        let (t, h) = (Thresholds::default(), History::default());
        // Default: the VIP bar (0.9) stands even for a sure match.
        let d = decide0(&s);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::Vip]);
        let mut cfg = PolicyConfig::default();
        cfg.vip.faq_margin = Some(0.03);
        let d = decide(&s, &h, &t, &cfg);
        assert_eq!((d.action, d.faq), (Action::Answer, Some(FaqUse::Answer)));
        // Above the threshold (0.9) but not by the margin: a person.
        s.faq = faq(0.92, Some("change_shipping_address"), Some(0.8));
        assert_eq!(decide(&s, &h, &t, &cfg).action, Action::Handoff);
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
        // Indignation: "by what right" after a refund was turned down.
        assert!(at("仓库说验货不通过 退款给驳回了 凭啥", -0.85));
        assert!(at("凭什么不给我退", -0.5));
        // Mild: negative but no cue, or a cue in a message that is not negative enough.
        assert!(!at("好慢啊，怎么还没到", -0.9));
        assert!(!at("a bit slow this time", -0.9));
        assert!(!at("wow!! that was fast", 0.8));
        assert!(!at("NICE, thanks", 0.5));
        // Very negative alone still goes.
        assert!(at("the strap broke on day one", -0.99));
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
    fn the_same_intent_with_another_entry_is_the_customer_narrowing_it_down() {
        let cfg = PolicyConfig::default();
        let t = Thresholds::default();
        // "开发票" was answered from entry "e"; "之前开的普票能换成专票吗" reads as the same
        // intent, but its best entry is another one: a follow-up, not the need asked again.
        let h = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("get_invoice".into()),
            previous_faq: Some("invoice-how".into()),
            failures: 1,
            ..Default::default()
        };
        let mut s = sig("get_invoice", 0.95, 0.9);
        s.faq = faq(0.5, None, None);
        let d = decide(&s, &h, &t, &cfg);
        assert!(!d.bot_failed, "{d:?}");
        assert_eq!((d.failures, d.action), (1, Action::Answer));
        // Its best entry is the one already given: the same need again, the second failure.
        let again = History {
            previous_faq: Some("e".into()),
            ..h.clone()
        };
        let d = decide(&s, &again, &t, &cfg);
        assert!(d.bot_failed);
        assert_eq!(codes(&d), vec![ReasonCode::RepeatedFailure]);
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
    fn saying_the_reply_failed_hands_off_at_once() {
        let (t, cfg) = (Thresholds::default(), PolicyConfig::default());
        let after = |action| History {
            previous_action: Some(action),
            previous_intent: Some("coupon".into()),
            ..Default::default()
        };
        // A sure intent and no earlier failure: the bot would answer again, but the customer has
        // just said its last reply missed the point.
        for text in [
            "答非所问 我是问我领的那张券为啥不见了",
            "还是不行 券用不了",
            "not helpful, the coupon is greyed out",
            "不是我问的，券怎么不见了",
            "That’s not what I asked, where did my coupon go",
            "you don't understand, the coupon vanished",
            "你说的几个办法我全弄过了 券还是用不了",
            "i already know where the coupons are, mine is gone",
            "that doesnt really answer anything tbh, the coupon is still gone",
            "这个回答跟没说一样 券还是没有",
            "你说的活动页我点进去了 压根没有领券的地方啊",
            "照你说的点进去了 就是没有领券那一项",
            "there is no coupons section in my app",
            "nope, the coupon page is not there",
        ] {
            let mut s = sig("coupon", 0.97, 0.9);
            s.text = text;
            for previous in [Action::Answer, Action::Clarify] {
                let d = decide(&s, &after(previous), &t, &cfg);
                assert_eq!(d.action, Action::Handoff, "{text} after {previous:?}");
                assert_eq!(codes(&d), vec![ReasonCode::RepeatedFailure], "{text}");
                assert!(d.reasons[0].detail.contains("last reply failed"), "{d:?}");
                assert_eq!((d.bot_failed, d.failures), (true, 1));
            }
            // Opening a chat, the same words are one failure, not a handoff by themselves.
            let d = decide(&s, &History::default(), &t, &cfg);
            assert_eq!((d.action, d.failures), (Action::Answer, 1), "{text}");
        }
        // Read as small talk ("nope" is a deny), the words still say the reply failed; the
        // same small talk opening a chat is answered.
        let mut s = sig("deny", 0.9, 0.9);
        s.text = "nope, not there";
        s.smalltalk = small_talk("deny", false);
        let d = decide(&s, &after(Action::Answer), &t, &cfg);
        assert_eq!(codes(&d), vec![ReasonCode::RepeatedFailure], "{d:?}");
        assert_eq!(
            (d.action, d.bot_failed, d.failures),
            (Action::Handoff, true, 1)
        );
        let d = decide(&s, &History::default(), &t, &cfg);
        assert_eq!((d.action, d.failures), (Action::Answer, 0), "{d:?}");
        // "没用" (no use / not used: "面膜拆开了一盒没用") stays one failure of `max`…
        let mut s = sig("coupon", 0.97, 0.9);
        s.text = "没用过的券 怎么用不了";
        let d = decide(&s, &after(Action::Answer), &t, &cfg);
        assert_eq!((d.action, d.failures), (Action::Answer, 1));
        // …counted for the phrase alone on another need; none in the words that say "never
        // used", nor is 机器人 in a robot vacuum.
        let mut other = sig("track_order", 0.97, 0.9);
        for (text, failures) in [
            ("面膜拆开了一盒没用 快递到哪了", 1),
            ("没用过的那个快递到哪了", 0),
            ("扫地机器人的快递到哪了", 0),
        ] {
            other.text = text;
            let d = decide(&other, &after(Action::Answer), &t, &cfg);
            assert_eq!((d.action, d.failures), (Action::Answer, failures), "{text}");
        }
        // A policy can empty the list: then the phrase is an ordinary failure phrase no more.
        let mut lenient = cfg.clone();
        lenient.failures.reply_failed_phrases.clear();
        s.text = "答非所问";
        let d = decide(&s, &after(Action::Answer), &t, &lenient);
        assert_eq!(d.action, Action::Answer);
    }

    #[test]
    fn telling_how_the_last_answer_failed_hands_off_instead_of_repeating_it() {
        let (t, cfg) = (Thresholds::default(), PolicyConfig::default());
        let after_entry = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("switch_account".into()),
            previous_faq: Some("e".into()),
            ..Default::default()
        };
        let report = |text, sentiment| {
            let mut s = sig("switch_account", 0.97, 0.9);
            s.text = text;
            s.sentiment_score = Some(sentiment);
            s.faq = faq(0.95, Some("switch_account"), Some(0.8));
            s
        };
        // The same entry again, to a message that asks nothing and sounds unhappy: a person.
        let s = report("设置里翻遍了 就是没看到切换账号这一项", -0.4);
        let d = decide(&s, &after_entry, &t, &cfg);
        assert_eq!(d.action, Action::Handoff);
        assert_eq!(codes(&d), vec![ReasonCode::RepeatedFailure]);
        assert!(
            d.reasons[0].detail.contains("how the last answer failed"),
            "{d:?}"
        );
        assert_eq!((d.bot_failed, d.failures), (true, 1));
        // A follow-up question on the same entry is answered, however it sounds.
        let s = report("万一切换了以后 订单会不会混在一起", -0.6);
        assert_eq!(decide(&s, &after_entry, &t, &cfg).action, Action::Answer);
        // Not unhappy ("found it, thanks"), or another entry: answered as before.
        let s = report("found it under settings, works now", 0.3);
        assert_eq!(decide(&s, &after_entry, &t, &cfg).action, Action::Answer);
        let mut s = report("设置里翻遍了 就是没看到切换账号这一项", -0.4);
        s.faq = Some(FaqSignal {
            id: "another",
            ..s.faq.unwrap()
        });
        assert_eq!(decide(&s, &after_entry, &t, &cfg).action, Action::Answer);
        // After an intent's own reply (no entry), the same intent again counts the same way.
        let after_intent = History {
            previous_faq: None,
            ..after_entry.clone()
        };
        let mut s = report("the switch button is greyed out and does nothing", -0.5);
        s.faq = None;
        assert_eq!(decide(&s, &after_intent, &t, &cfg).action, Action::Handoff);
        // Opening a chat there is no answer to repeat; and a policy can turn it off.
        let s = report("设置里翻遍了 就是没看到切换账号这一项", -0.4);
        assert_eq!(
            decide(&s, &History::default(), &t, &cfg).action,
            Action::Answer
        );
        let mut off = cfg.clone();
        off.failures.failed_repeat_sentiment = -1.01;
        assert_eq!(decide(&s, &after_entry, &t, &off).action, Action::Answer);
    }

    #[test]
    fn a_first_need_naming_nothing_to_act_on_asks_what_it_is_about() {
        let (t, cfg) = (Thresholds::default(), PolicyConfig::default());
        let mut s = sig("edit_account", 0.4, 0.1);
        s.text = "帮我改下";
        s.oos_flag = true;
        let d = decide0(&s);
        assert_eq!(d.action, Action::Clarify, "{d:?}");
        assert_eq!(codes(&d), vec![ReasonCode::Ambiguous]);
        assert!(d.reasons[0].detail.contains("\"改\""), "{d:?}");
        // However sure the head is: the intent of "change something" is a guess.
        let mut sure = sig("change_order", 0.99, 0.95);
        sure.text = "I want to change something";
        assert_eq!(decide0(&sure).action, Action::Clarify);
        // Another handoff reason wins.
        let mut angry = s.clone();
        angry.text = "帮我改下 转人工";
        assert_eq!(
            codes(&decide0(&angry)),
            vec![ReasonCode::UserRequested, ReasonCode::OutOfScope]
        );
        // After an earlier need it may point back at it, and once asked the ordinary rules go on.
        for h in [
            History {
                previous_action: Some(Action::Answer),
                ..Default::default()
            },
            History {
                clarified: true,
                ..Default::default()
            },
        ] {
            assert_eq!(decide(&s, &h, &t, &cfg).action, Action::Handoff, "{h:?}");
        }
        // Named: the ordinary rules.
        s.text = "帮我改下地址";
        assert_eq!(decide0(&s).action, Action::Handoff);
        // Switched off.
        let mut off = cfg.clone();
        off.clarify.vague = false;
        s.text = "帮我改下";
        assert_eq!(
            decide(&s, &History::default(), &t, &off).action,
            Action::Handoff
        );
    }

    #[test]
    fn a_first_need_naming_only_a_topic_offers_its_entries() {
        let (t, cfg) = (Thresholds::default(), PolicyConfig::default());
        // "退货" matches the return entry clearly enough to be answered by the ordinary rules.
        let mut s = sig("get_refund", 0.97, 0.9);
        s.text = "退货";
        s.faq = faq(0.95, Some("get_refund"), Some(0.80));
        let d = decide0(&s);
        assert_eq!(
            (d.action, d.faq),
            (Action::Clarify, Some(FaqUse::Clarify)),
            "{d:?}"
        );
        assert_eq!(codes(&d), vec![ReasonCode::Ambiguous]);
        assert!(d.reasons[0].detail.contains("\"退货\""), "{d:?}");
        // An unsure intent: asked rather than handed off.
        let mut unsure = s.clone();
        unsure.confidence = 0.5;
        unsure.text = "invoice 的事情问一下";
        assert_eq!(decide0(&unsure).action, Action::Clarify);
        // A question about the topic, or a detail, is not a bare topic.
        for text in ["退货运费谁出", "how do i return this", "退货 订单 88213407"] {
            let mut q = s.clone();
            q.text = text;
            assert_eq!(decide0(&q).action, Action::Answer, "{text}");
        }
        // Out of scope, a request for a person, no knowledge base: not this rule's to settle.
        let mut oos = unsure.clone();
        oos.oos_flag = true;
        oos.text = "天气";
        oos.faq = faq(0.80, None, Some(0.79));
        assert_eq!(decide0(&oos).action, Action::Handoff);
        let mut person = s.clone();
        person.text = "人工";
        person.intent = "contact_human_agent";
        assert_eq!(decide0(&person).action, Action::Handoff);
        let mut no_kb = s.clone();
        no_kb.faq = None;
        assert_eq!(decide0(&no_kb).action, Action::Answer);
        // A topic the knowledge base does not know (its best entry far under the bar): the
        // ordinary rules, not a question offering noise.
        let mut unknown = unsure.clone();
        unknown.confidence = 0.2;
        unknown.text = "acct question";
        unknown.faq = faq(0.83, None, Some(0.829));
        assert_eq!(decide0(&unknown).action, Action::Handoff);
        // After an answered need the same words follow it up ("那新疆呢"); after a clarify the
        // customer is answering it; after small talk it is still the first need.
        for (h, action) in [
            (
                History {
                    previous_action: Some(Action::Answer),
                    previous_faq: Some("shipping-fees".into()),
                    ..Default::default()
                },
                Action::Answer,
            ),
            (
                History {
                    previous_action: Some(Action::Clarify),
                    clarified: true,
                    ..Default::default()
                },
                Action::Answer,
            ),
            (
                History {
                    previous_action: Some(Action::Answer),
                    previous_intent: Some("greeting".into()),
                    ..Default::default()
                },
                Action::Clarify,
            ),
        ] {
            assert_eq!(decide(&s, &h, &t, &cfg).action, action, "{h:?}");
        }
        let mut off = cfg.clone();
        off.clarify.bare_topic = false;
        assert_eq!(
            decide(&s, &History::default(), &t, &off).action,
            Action::Answer
        );
    }

    #[test]
    fn worsening_sentiment_trend_hands_off() {
        let mut s = sig("track_order", 0.95, 0.9);
        s.sentiment_score = Some(-0.4);
        let h = History {
            sentiments: vec![0.7, 0.2],
            ..Default::default()
        };
        let d = decide(&s, &h, &Thresholds::default(), &PolicyConfig::default());
        assert_eq!(codes(&d), vec![ReasonCode::SentimentTrend]);
        // A fall within the head's spread on plain questions is not a trend.
        let h = History {
            sentiments: vec![0.05, -0.4],
            ..Default::default()
        };
        s.sentiment_score = Some(-0.91);
        let d = decide(&s, &h, &Thresholds::default(), &PolicyConfig::default());
        assert_eq!(d.action, Action::Answer, "{d:?}");
        s.sentiment_score = Some(-0.4);
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
}
