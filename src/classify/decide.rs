//! From the model's analysis of one message to the policy's decision, in one place: serving
//! (`respond`, with the tenant's knowledge base and the conversation's history) and offline
//! evaluation (`triage eval`, with neither) call the same [`decide`], so the numbers `eval`
//! reports cannot drift from what `POST /v1/classify` does.

use std::collections::BTreeMap;

use crate::kb::{Hit, KbIndex, Query};
use crate::model::manifest::Thresholds;
use crate::model::{Analysis, Manifest, Model, Ranked};
use crate::policy::{
    self, Band, Decision, FaqSignal, FaqUse, HandoffEntrySignal, History, Offer, PolicyConfig,
    RankedEntry, ReasonCode, Signals, SmalltalkSignal,
};
use crate::text::entities::Entity;
use crate::text::language::{is_han, Language};

use super::api::{IntentOut, OutOfScopeOut, SentimentOut};

/// What is known about a message besides the model's analysis of it.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// The normalised text.
    pub text: &'a str,
    /// Its detected language (which per-language thresholds apply).
    pub language: Language,
    /// How many ranked intents to keep (the clarify options and the small-talk check read them).
    pub top_k: usize,
    pub vip: bool,
    /// The entities found in `text` (byte offsets into it).
    pub entities: &'a [Entity],
}

/// The model's outputs read against the thresholds, the knowledge base's matches, and what the
/// policy decided from them.
#[derive(Debug, Clone)]
pub struct Verdict<'k> {
    pub intent: IntentOut,
    pub oos: OutOfScopeOut,
    pub sentiment: Option<SentimentOut>,
    /// The small-talk act the message reads as, answered as one or not.
    pub smalltalk: Option<SmalltalkSignal>,
    /// The knowledge-base entries closest to the message, best first (none without a kb).
    pub hits: Vec<Hit<'k>>,
    pub decision: Decision,
}

impl<'k> Verdict<'k> {
    /// The act, when the decision answered the message as small talk.
    pub fn answered_smalltalk(&self) -> Option<&'static str> {
        self.smalltalk
            .filter(|_| {
                self.decision
                    .reasons
                    .iter()
                    .any(|r| r.code == ReasonCode::Smalltalk)
            })
            .map(|st| st.act)
    }

    /// The knowledge-base entry the decision answers with.
    pub fn faq_answer(&self) -> Option<&Hit<'k>> {
        self.hits
            .first()
            .filter(|_| self.decision.faq == Some(FaqUse::Answer))
    }
}

/// Decides one message: the thresholds for its language (manifest + policy overrides), the
/// out-of-scope flag, the sentiment, the knowledge base's matches (`kb`: the tenant's index;
/// `None` offline, where the knowledge base is evaluated with `--pairs`), small talk, then the
/// policy's rules given the conversation so far (`History::default()` for a lone message).
/// `context`: the embedding of the customer's previous question and this message together, for
/// a short question after an answer ([`super::followup::question_candidate`]).
pub fn decide<'k>(
    model: &Model,
    cfg: &PolicyConfig,
    msg: &Message<'_>,
    a: &Analysis,
    kb: Option<&'k KbIndex>,
    history: &History,
    context: Option<&[f32]>,
) -> Verdict<'k> {
    let m = &model.manifest;
    let language = msg.language.as_str();
    let kb_threshold = kb.and_then(|kb| kb.settings().similarity(language));
    let thresholds = policy::thresholds_for(&m.thresholds, cfg, language, kb_threshold);
    let intent = intent_of(a, &thresholds, msg.top_k);
    let mut hits = kb.map_or_else(Vec::new, |kb| faq_hits(kb, &intent, &a.embedding, msg, cfg));
    let goes_on = kb
        .and_then(|kb| going_on(kb, &intent, &a.embedding, msg, cfg, history, &thresholds))
        .or_else(|| {
            let (kb, context) = (kb?, context?);
            asking_on(
                kb,
                &intent,
                &hits,
                &a.embedding,
                context,
                msg,
                cfg,
                history,
                &thresholds,
            )
        });
    let unsure = goes_on.map(|(ranked, why)| {
        hits = ranked;
        why
    });
    let wanted = kb.map_or_else(Vec::new, |kb| {
        wanted_entries(kb, &intent, &a.embedding, msg, cfg, history, &hits)
    });
    let mut reading = Reading {
        intent,
        oos: out_of_scope_of(m, a),
        sentiment: sentiment_of(model, a),
        hits,
        wanted,
        unsure,
    };
    let choice = policy::chosen_option(msg.text, history.offered.len())
        .filter(|&i| take_choice(&mut reading, &history.offered[i], kb));
    let labels = Labels {
        oos: m.oos_label(),
        smalltalk_aliases: &m.smalltalk_aliases,
    };
    let mut v = weigh(reading, msg, &labels, &thresholds, cfg, history);
    if let (Some(i), Some(first)) = (choice, v.decision.reasons.first_mut()) {
        first.detail = format!(
            "option {} of the clarifying question; {}",
            i + 1,
            first.detail
        );
    }
    v
}

/// "2" / "第二个" after a clarifying question: the customer's choice is the reading — the offered
/// entry as the one sure match, or the offered intent at full confidence — so the policy answers
/// it (its rules on the words, a request for a person, still apply). False when the offered
/// entry is gone from the knowledge base.
fn take_choice<'k>(r: &mut Reading<'k>, offer: &Offer, kb: Option<&'k KbIndex>) -> bool {
    let sure = |label: &str| IntentOut {
        label: label.to_string(),
        confidence: 1.0,
        band: Band::High,
        margin: 1.0,
        top: vec![Ranked {
            label: label.to_string(),
            confidence: 1.0,
        }],
    };
    match offer {
        Offer::Entry(id) => {
            let Some(entry) = kb.and_then(|kb| kb.get(id)) else {
                return false;
            };
            let Some(question) = entry.questions.first() else {
                return false;
            };
            if let Some(intent) = &entry.intent {
                r.intent = sure(intent);
            }
            r.hits = vec![Hit {
                entry,
                question,
                similarity: 1.0,
                score: 1.0,
            }];
        }
        Offer::Intent(label) => {
            r.intent = sure(label);
            r.hits.clear();
        }
    }
    r.oos.flag = false;
    r.unsure = None;
    true
}

/// What the model's labels mean to the policy beyond their names.
pub struct Labels<'m> {
    pub oos: &'m str,
    /// The user's intents that say a built-in act (manifest `smalltalk_aliases`).
    pub smalltalk_aliases: &'m BTreeMap<String, String>,
}

impl Labels<'_> {
    /// The act an intent label stands for: an act's own name, or a user intent covering one.
    fn act(&self, label: &str) -> Option<&'static str> {
        crate::smalltalk::act(label).or_else(|| {
            self.smalltalk_aliases
                .get(label)
                .and_then(|a| crate::smalltalk::act(a))
        })
    }
}

/// The model's outputs and the knowledge base's matches, before the policy.
struct Reading<'k> {
    intent: IntentOut,
    oos: OutOfScopeOut,
    sentiment: Option<SentimentOut>,
    hits: Vec<Hit<'k>>,
    /// Entries a rule may answer with that are not among `hits` ([`wanted_entries`]).
    wanted: Vec<Hit<'k>>,
    /// Why the head's reading is no guide, when the message was read in the light of the last
    /// answer ([`super::followup`]).
    unsure: Option<String>,
}

/// The policy's part of [`decide`]: no model, so it can be fed hand-built readings.
fn weigh<'k>(
    mut r: Reading<'k>,
    msg: &Message<'_>,
    labels: &Labels<'_>,
    thresholds: &Thresholds,
    cfg: &PolicyConfig,
    history: &History,
) -> Verdict<'k> {
    let read_as_act = smalltalk_of(msg.text, &r.intent, labels, cfg);
    let says_more = read_as_act
        .filter(|st| !st.exact)
        .and_then(|_| says_more_than_its_act(msg.text, &r.intent.label, &cfg.smalltalk))
        .map(|words| {
            format!(
                "read as small talk ({} {:.3}), but it says more: {}",
                r.intent.label,
                r.intent.confidence,
                words.join(" ")
            )
        });
    let smalltalk = read_as_act.filter(|_| says_more.is_none()).or_else(|| {
        acknowledgement(
            msg.text,
            r.sentiment.as_ref().map(|s| s.score),
            history,
            cfg,
        )
    });
    // A handoff entry first is weighed on its own; the entries that answer are weighed as if
    // it were not there.
    let handoff_entry = r.hits.first().and_then(|h| {
        h.entry.handoff.as_ref().map(|t| HandoffEntrySignal {
            id: &h.entry.id,
            score: h.score,
            runner_up: r.hits.get(1).map(|x| x.score),
            queue: t.queue.as_deref(),
        })
    });
    r.hits.retain(|h| h.entry.handoff.is_none());
    let ranking: Vec<RankedEntry<'_>> = r
        .hits
        .iter()
        .chain(&r.wanted)
        .map(|h| RankedEntry {
            id: &h.entry.id,
            score: h.score,
        })
        .collect();
    let signals = Signals {
        intent: &r.intent.label,
        confidence: r.intent.confidence,
        margin: r.intent.margin,
        oos_flag: r.oos.flag,
        oos_score: r.oos.score,
        sentiment_score: r.sentiment.as_ref().map(|s| s.score),
        vip: msg.vip,
        text: msg.text,
        entities: msg.entities,
        faq: r.hits.first().map(|h| FaqSignal {
            id: &h.entry.id,
            similarity: h.similarity,
            score: h.score,
            runner_up: r.hits.get(1).map(|r| r.score),
            runner_up_id: r.hits.get(1).map(|r| r.entry.id.as_str()),
            runner_up_intent: r.hits.get(1).and_then(|r| r.entry.intent.as_deref()),
            intent: h.entry.intent.as_deref(),
        }),
        faq_ranking: &ranking,
        handoff_entry,
        smalltalk,
        unsure_reading: says_more.as_deref().or(r.unsure.as_deref()),
    };
    let decision = policy::decide(&signals, history, thresholds, cfg);
    // It borrows the hits, which the chosen entry may reorder.
    drop(ranking);
    // A rule that answers from another entry than the best puts it first: the reply, the
    // response's `faq` and the conversation's memory all read the first hit.
    if let Some(id) = decision.faq_entry.as_deref() {
        if let Some(i) = r.hits.iter().position(|h| h.entry.id == id) {
            let chosen = r.hits.remove(i);
            r.hits.insert(0, chosen);
        } else if let Some(i) = r.wanted.iter().position(|h| h.entry.id == id) {
            r.hits.insert(0, r.wanted.swap_remove(i));
        }
    }
    Verdict {
        intent: r.intent,
        oos: r.oos,
        sentiment: r.sentiment,
        smalltalk,
        hits: r.hits,
        decision,
    }
}

/// The top intent, its confidence band under `thresholds`, and the first `top_k` of the ranking.
fn intent_of(a: &Analysis, thresholds: &Thresholds, top_k: usize) -> IntentOut {
    let top = a.intent.top();
    IntentOut {
        label: top.label.clone(),
        confidence: top.confidence,
        band: policy::band(top.confidence, thresholds, &top.label),
        margin: a.intent.margin(),
        top: a.intent.ranking.iter().take(top_k).cloned().collect(),
    }
}

fn out_of_scope_of(m: &Manifest, a: &Analysis) -> OutOfScopeOut {
    OutOfScopeOut {
        score: a.oos_score,
        threshold: m.oos.as_ref().map(|o| o.threshold),
        probability: a.oos_prob,
        flag: out_of_scope_flag(m, a),
    }
}

/// The out-of-scope decision: the distance score at or above the model's threshold, or the intent
/// head's out-of-scope class at least as likely as the top intent.
pub fn out_of_scope_flag(m: &Manifest, a: &Analysis) -> bool {
    let top = a.intent.top();
    let threshold = m.oos.as_ref().map(|o| o.threshold);
    matches!((a.oos_score, threshold), (Some(s), Some(t)) if s >= t)
        || a.oos_prob.is_some_and(|p| p >= top.confidence)
}

/// The sentiment output: top label and p(positive) − p(negative).
pub fn sentiment_of(model: &Model, a: &Analysis) -> Option<SentimentOut> {
    a.sentiment.as_ref().and_then(|s| {
        let labels = &model.sentiment.as_ref()?.labels;
        let score = s.prob_of(labels, "positive") - s.prob_of(labels, "negative");
        Some(SentimentOut {
            label: s.top().label.clone(),
            score,
            confidence: s.top().confidence,
        })
    })
}

/// The small-talk act of a message: exactly a built-in example (whatever the head says), or the
/// head's top intent when that is an act at `[smalltalk] min_confidence` or above.
pub fn smalltalk_of(
    text: &str,
    intent: &IntentOut,
    labels: &Labels<'_>,
    cfg: &PolicyConfig,
) -> Option<SmalltalkSignal> {
    if !cfg.smalltalk.enabled {
        return None;
    }
    if let Some(act) = crate::smalltalk::lexical(text) {
        return Some(SmalltalkSignal {
            act,
            exact: true,
            confidence: 1.0,
            acknowledges: false,
        });
    }
    // A question riding along ("are you a bot? I need my refund") shows as a shop intent in
    // second place: then the message is not small talk alone.
    let question_too =
        intent.top.iter().skip(1).any(|r| {
            labels.act(&r.label).is_none() && r.label != labels.oos && r.confidence >= 0.1
        });
    labels
        .act(&intent.label)
        .filter(|_| intent.confidence >= cfg.smalltalk.min_confidence && !question_too)
        .map(|act| SmalltalkSignal {
            act,
            exact: false,
            confidence: intent.confidence,
            acknowledges: false,
        })
}

/// Words of thanks: Chinese ones anywhere in a word, English ones as a word ("thanks", "thx";
/// the longer ones as a word's start).
const THANKS: [&str; 8] = ["谢", "thank", "thx", "thnx", "cheers", "ty", "tks", "感恩"];

fn is_thanks_word(word: &str) -> bool {
    THANKS
        .iter()
        .any(|t| word == *t || (t.is_ascii() && t.len() > 3 && word.starts_with(t)))
}

/// The message closes with thanks ("试了语音的那个 收到了 谢谢啦", "it's there under
/// Logistics. cheers"): right after an answer that says the exchange is over, like an
/// acknowledgement. `lower` is lowercased.
fn ends_with_thanks(lower: &str) -> bool {
    const PARTICLES: [char; 8] = ['啦', '了', '啊', '呀', '哈', '亲', '你', '您'];
    let end = lower.trim_end_matches(|c: char| !c.is_alphanumeric() || PARTICLES.contains(&c));
    if end.chars().last().is_some_and(is_han) {
        return THANKS.iter().any(|t| !t.is_ascii() && end.ends_with(t));
    }
    let mut words = end.rsplit(|c: char| !c.is_ascii_alphanumeric());
    match (words.next(), words.next()) {
        (Some("you" | "u" | "ya"), Some("thank")) => true,
        (Some(last), _) => is_thanks_word(last),
        _ => false,
    }
}

/// Right after an answer, a message that says it worked ("找到了 原来藏在设置里", "yep see it
/// now, thx"): asks nothing, holds one of `[smalltalk] acknowledgements` and is not negative (a
/// report of how the answer failed is, `[failures] failed_repeat_sentiment`). Thanks when it
/// thanks, else affirm.
fn acknowledgement(
    text: &str,
    sentiment: Option<f32>,
    history: &History,
    cfg: &PolicyConfig,
) -> Option<SmalltalkSignal> {
    if !cfg.smalltalk.enabled
        || history.previous_action != Some(crate::policy::Action::Answer)
        || sentiment.is_some_and(|x| x <= cfg.failures.failed_repeat_sentiment)
        || crate::policy::asks_something(text)
    {
        return None;
    }
    // "got it, here: 2026120311223344" hands over what the last answer asked for.
    let digits = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 6);
    if digits {
        return None;
    }
    let lower = text.to_lowercase();
    let phrase = crate::policy::matched_phrase(text, &cfg.smalltalk.acknowledgements).is_some();
    let closes_with_thanks = ends_with_thanks(&lower) && !crate::policy::says_still_not(text);
    if !(phrase || closes_with_thanks) {
        return None;
    }
    let thanks = THANKS.iter().any(|t| !t.is_ascii() && lower.contains(t))
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(is_thanks_word);
    Some(SmalltalkSignal {
        act: if thanks { "thanks" } else { "affirm" },
        exact: false,
        confidence: 1.0,
        acknowledges: true,
    })
}

/// The words of a message the head reads as a built-in act (`label`, the act's own name) that
/// none of the act's examples use, when they are too many for it to be that act
/// ([`crate::smalltalk::says_more`], `[smalltalk] word_check`). A user's own intent standing
/// for an act is not checked: its examples are the user's, not the built-in ones.
pub fn says_more_than_its_act(
    text: &str,
    label: &str,
    rules: &crate::policy::SmalltalkRules,
) -> Option<Vec<String>> {
    if !rules.word_check {
        return None;
    }
    crate::smalltalk::says_more(text, crate::smalltalk::act(label)?)
}

/// A short statement read surely as another topic than the one the bot last answered, when an
/// entry that goes on with that topic clears the bar ([`super::followup::goes_on`]): the hits,
/// without the intent bonus (the reading it would confirm is the one in doubt), that entry first.
fn going_on<'k>(
    kb: &'k KbIndex,
    intent: &IntentOut,
    embedding: &[f32],
    msg: &Message<'_>,
    cfg: &PolicyConfig,
    history: &History,
    thresholds: &Thresholds,
) -> Option<(Vec<Hit<'k>>, String)> {
    let sure = intent.band != Band::Low && !crate::smalltalk::is_act(&intent.label);
    // The second search only for a message that may go on with the last topic.
    let topic = super::followup::candidate(msg.text, &intent.label, sure, history, cfg)?;
    let plain = plain_ranking(kb, embedding, Some(msg.text), msg, FOLLOW_UP_CANDIDATES);
    let (mut ranked, why) = super::followup::goes_on(
        &intent.label,
        topic,
        &plain,
        history,
        faq_bar(thresholds),
        cfg,
    )?;
    ranked.truncate(cfg.faq.candidates.max(2));
    Some((ranked, why))
}

/// A short question after an answer that the message alone does not answer ("信用卡呢" after
/// the answer on refund times): the ranking of the previous question and this one read
/// together, led by the entry that goes on with the last topic when it clears the bar there
/// ([`super::followup::asks_on`]).
#[allow(clippy::too_many_arguments)]
fn asking_on<'k>(
    kb: &'k KbIndex,
    intent: &IntentOut,
    hits: &[Hit<'k>],
    embedding: &[f32],
    context: &[f32],
    msg: &Message<'_>,
    cfg: &PolicyConfig,
    history: &History,
    thresholds: &Thresholds,
) -> Option<(Vec<Hit<'k>>, String)> {
    let topic = super::followup::question_candidate(msg.text, history, cfg)?;
    let threshold = faq_bar(thresholds);
    // A message that clears the bar alone is read on its own, unless its own entry is off the
    // last topic: "大概多久能到" after the answer on refunds to Alipay means the refund, not
    // the parcel ("how long does delivery take" clears the bar alone). On the topic, only the
    // entry just given may take its place (`back_to_last_answer`).
    let off_topic = match hits.first() {
        Some(h) if h.score >= threshold => {
            if super::followup::continues(h, topic, history, cfg) {
                return back_to_last_answer(
                    kb, h, embedding, context, msg, cfg, history, threshold,
                )
                .map(|ranked| {
                    let why = format!(
                        "read as {} and nearest {}, but a short question after the answer on \
                             {}: read with the previous question",
                        intent.label, h.entry.id, ranked[0].entry.id
                    );
                    (ranked, why)
                });
            }
            true
        }
        _ => false,
    };
    let together = plain_ranking(kb, context, None, msg, FOLLOW_UP_CANDIDATES);
    let mut ranked = super::followup::lead_on(topic, &together, history, threshold, cfg)?;
    // The previous question weighs most in the reading together: its entry must also be among
    // the few nearest to the message alone, or "对了 明天上海会不会下雨啊" after a question on
    // cash on delivery is answered with it.
    let alone = plain_ranking(kb, embedding, None, msg, ALONE_NEAREST);
    // The entry just given, given again, must be the message's own nearest: "and who pays for
    // posting it back" after the answer on partial refunds is not answered by it again.
    let lead = ranked[0].entry.id.as_str();
    let again = history.previous_faq.as_deref() == Some(lead);
    let near = if again {
        &alone[..alone.len().min(1)]
    } else {
        &alone[..]
    };
    // Off the last topic, the message alone is near an entry of its own, so the weather guard
    // above is not needed; the entry just given still is.
    let needs_near = !off_topic || again;
    if needs_near && !near.iter().any(|h| h.entry.id == lead) {
        return None;
    }
    ranked.truncate(cfg.faq.candidates.max(2));
    let why = format!(
        "read as {}, but a short question after the answer on {topic}: read with the previous \
         question",
        intent.label
    );
    Some((ranked, why))
}

/// A short question whose own entry (`own`) is a neighbour of the entry just given, on the same
/// topic: "那现在下午两点下单 明天能到北京吗" after the answer on express delivery asks about
/// express delivery, though alone it is nearest the general delivery-times entry. Read with the
/// previous question, the entry just given leads, clear of the runner-up by `[faq] margin` and
/// over the bar, and it is among the few nearest to the message alone: that ranking. A follow-up
/// that names its own new detail ("走顺丰的话要加多少" after delivery times) leads with its own
/// entry there, and is read alone.
#[allow(clippy::too_many_arguments)]
fn back_to_last_answer<'k>(
    kb: &'k KbIndex,
    own: &Hit<'k>,
    embedding: &[f32],
    context: &[f32],
    msg: &Message<'_>,
    cfg: &PolicyConfig,
    history: &History,
    threshold: f32,
) -> Option<Vec<Hit<'k>>> {
    let given = history.previous_faq.as_deref()?;
    if own.entry.id == given {
        return None;
    }
    let mut together = plain_ranking(kb, context, None, msg, FOLLOW_UP_CANDIDATES);
    let lead = together.first()?;
    let clear = together
        .get(1)
        .is_none_or(|r| lead.score - r.score > cfg.faq.margin);
    if lead.entry.id != given || lead.score < threshold || !clear {
        return None;
    }
    let alone = plain_ranking(kb, embedding, None, msg, ALONE_NEAREST);
    if !alone.iter().any(|h| h.entry.id == given) {
        return None;
    }
    together.truncate(cfg.faq.candidates.max(2));
    Some(together)
}

/// The entries nearest to `embedding` with no intent bonus, best first.
fn plain_ranking<'k>(
    kb: &'k KbIndex,
    embedding: &[f32],
    text: Option<&str>,
    msg: &Message<'_>,
    n: usize,
) -> Vec<Hit<'k>> {
    kb.search_in(
        &Query {
            embedding,
            text,
            language: Some(msg.language.as_str()),
            intent: None,
            bonus: 0.0,
        },
        n,
    )
}

/// The knowledge-base answer bar in force.
fn faq_bar(thresholds: &Thresholds) -> f32 {
    thresholds
        .faq_similarity
        .unwrap_or(policy::config::DEFAULT_FAQ_SIMILARITY)
}

/// How near the message alone the entry read with the previous question must rank.
const ALONE_NEAREST: usize = 3;

/// How far down the plain ranking an entry that goes on with the last topic may sit.
const FOLLOW_UP_CANDIDATES: usize = 8;

/// How far down the ranking a clarify looks for an entry of the message's intent to offer.
const OFFER_DEPTH: usize = 8;

/// The knowledge-base entries closest to a message, best first, as the policy weighs them.
pub(super) fn faq_hits<'k>(
    kb: &'k KbIndex,
    intent: &IntentOut,
    embedding: &[f32],
    msg: &Message<'_>,
    cfg: &PolicyConfig,
) -> Vec<Hit<'k>> {
    kb.search_in(
        &faq_query(intent, embedding, msg, cfg),
        // One more than the policy reads, for a handoff entry among them; deeper for the
        // entry of the message's intent a clarify may offer (`reply::offered_entries`).
        (cfg.faq.candidates.max(2) + 1).max(OFFER_DEPTH),
    )
}

/// Entries the policy's rules may answer with although the message alone ranks them anywhere,
/// scored as [`faq_hits`] scores, when they are not among `hits`: the entry the bot last answered
/// with, for a message with a `[faq] followup_case_phrases` phrase ("我是直播间下的单 也算吗"),
/// and the entry for the state of the order a message says right after the bot answered or asked
/// about cancelling, or beside asking to cancel (`[order_state]`: "还没发货 刚拍的"), and the entry
/// a message's words name between near-identical ones (`[entry_words]`). The encoder ranks those
/// anywhere.
fn wanted_entries<'k>(
    kb: &'k KbIndex,
    intent: &IntentOut,
    embedding: &[f32],
    msg: &Message<'_>,
    cfg: &PolicyConfig,
    history: &History,
    hits: &[Hit<'k>],
) -> Vec<Hit<'k>> {
    let last_answer = history
        .previous_faq
        .as_deref()
        .filter(|_| history.previous_action == Some(policy::Action::Answer))
        .filter(|_| policy::matched_phrase(msg.text, &cfg.faq.followup_case_phrases).is_some());
    let state = cfg
        .order_state
        .entry_for(msg.text, &intent.label, history)
        .map(|s| s.entry);
    let named = cfg.entry_words.entry_for(msg.text).map(|(e, _)| e);
    let ids: Vec<&str> = [last_answer, state, named]
        .into_iter()
        .flatten()
        .filter(|id| !hits.iter().any(|h| h.entry.id == *id))
        .collect();
    // Only a message the policy may read as such a follow-up pays for the second search.
    if ids.is_empty() {
        return Vec::new();
    }
    let mut wanted = kb.search_in(&faq_query(intent, embedding, msg, cfg), kb.len());
    wanted.retain(|h| ids.contains(&h.entry.id.as_str()));
    wanted
}

fn faq_query<'q>(
    intent: &'q IntentOut,
    embedding: &'q [f32],
    msg: &'q Message<'_>,
    cfg: &PolicyConfig,
) -> Query<'q> {
    // The intent is evidence for the entry it agrees with when it is sure enough to answer
    // (not merely to route: at 0.6 "签收了但是我没收到" read as track_order lifted the
    // tracking entry into an answer beside the point).
    let boost = (intent.band != Band::Low).then_some(intent.label.as_str());
    Query {
        embedding,
        text: Some(msg.text),
        language: Some(msg.language.as_str()),
        intent: boost,
        bonus: cfg.faq.intent_bonus,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::kb::Entry;
    use crate::model::{Prediction, Ranked};
    use crate::policy::Action;

    fn intent(top: &[(&str, f32)]) -> IntentOut {
        IntentOut {
            label: top[0].0.to_string(),
            confidence: top[0].1,
            band: Band::Medium,
            margin: top[0].1 - top.get(1).map_or(0.0, |r| r.1),
            top: top
                .iter()
                .map(|(l, c)| Ranked {
                    label: l.to_string(),
                    confidence: *c,
                })
                .collect(),
        }
    }

    fn in_scope() -> OutOfScopeOut {
        OutOfScopeOut {
            score: Some(0.1),
            threshold: Some(0.5),
            probability: None,
            flag: false,
        }
    }

    fn reading<'k>(top: &[(&str, f32)], hits: Vec<Hit<'k>>) -> Reading<'k> {
        Reading {
            intent: intent(top),
            oos: in_scope(),
            sentiment: None,
            hits,
            wanted: Vec::new(),
            unsure: None,
        }
    }

    fn message(text: &str) -> Message<'_> {
        Message {
            text,
            language: Language::En,
            top_k: 3,
            vip: false,
            entities: &[],
        }
    }

    fn plain_labels() -> Labels<'static> {
        static NONE: BTreeMap<String, String> = BTreeMap::new();
        Labels {
            oos: "oos",
            smalltalk_aliases: &NONE,
        }
    }

    fn weigh_plain<'k>(r: Reading<'k>, text: &str, history: &History) -> Verdict<'k> {
        let cfg = PolicyConfig::default();
        weigh(
            r,
            &message(text),
            &plain_labels(),
            &Thresholds::default(),
            &cfg,
            history,
        )
    }

    fn codes(v: &Verdict<'_>) -> Vec<ReasonCode> {
        v.decision.reasons.iter().map(|r| r.code).collect()
    }

    #[test]
    fn a_sure_in_scope_intent_is_answered_with_no_kb_and_no_small_talk() {
        let r = reading(&[("track_order", 0.95), ("cancel_order", 0.02)], vec![]);
        let v = weigh_plain(r, "where is my parcel", &History::default());
        assert_eq!(v.decision.action, Action::Answer, "{:?}", v.decision);
        assert_eq!(v.intent.label, "track_order");
        assert!(v.smalltalk.is_none() && v.answered_smalltalk().is_none());
        assert!(v.faq_answer().is_none() && v.decision.faq.is_none());
    }

    #[test]
    fn out_of_scope_and_low_confidence_are_not_answered() {
        let mut r = reading(&[("track_order", 0.95), ("cancel_order", 0.02)], vec![]);
        r.oos.flag = true;
        let v = weigh_plain(r, "what's the weather on mars", &History::default());
        assert_eq!(v.decision.action, Action::Handoff);
        assert!(
            codes(&v).contains(&ReasonCode::OutOfScope),
            "{:?}",
            codes(&v)
        );

        let r = reading(&[("track_order", 0.3), ("cancel_order", 0.25)], vec![]);
        let v = weigh_plain(r, "hmm parcel order thing", &History::default());
        assert_ne!(v.decision.action, Action::Answer);
        assert!(
            codes(&v).contains(&ReasonCode::LowConfidence),
            "{:?}",
            codes(&v)
        );
    }

    #[test]
    fn an_exact_greeting_is_answered_as_small_talk_unless_a_person_has_the_conversation() {
        let r = reading(&[("track_order", 0.4)], vec![]);
        let v = weigh_plain(r, "你好", &History::default());
        assert_eq!(v.decision.action, Action::Answer);
        assert_eq!(v.answered_smalltalk(), Some("greeting"));

        let active = History {
            handoff_active: true,
            ..History::default()
        };
        let v = weigh_plain(reading(&[("track_order", 0.4)], vec![]), "你好", &active);
        assert_eq!(v.decision.action, Action::Handoff);
        assert_eq!(codes(&v), [ReasonCode::HandoffActive]);
        // Read as small talk, but not answered as such.
        assert!(v.smalltalk.is_some() && v.answered_smalltalk().is_none());
    }

    #[test]
    fn saying_the_last_answer_worked_is_small_talk_whatever_the_head_reads() {
        let after = History {
            previous_action: Some(Action::Answer),
            previous_intent: Some("review".into()),
            ..History::default()
        };
        let unsure = |score: f32| {
            let mut r = reading(&[("order_problem", 0.4), ("review", 0.3)], vec![]);
            r.sentiment = Some(SentimentOut {
                label: "neutral".into(),
                score,
                confidence: 0.9,
            });
            r
        };
        for (text, act) in [
            ("我刚还以为没这个功能呢 原来藏在设置里 好的", "affirm"),
            ("yep see it now, says inspected. thx", "thanks"),
            // going off to do what it said
            ("哦 那我试试找回密码", "affirm"),
            ("ok ill try that tonight", "affirm"),
            ("行 我去改一下收货地址", "affirm"),
            ("好吧 物流那边我先等等", "affirm"),
            // closing with thanks, no listed phrase
            ("all logged in again, thank u", "thanks"),
            ("试了语音的那个 收到了 谢谢啦", "thanks"),
            (
                "couldn't find it at first but it's there under Logistics. cheers",
                "thanks",
            ),
        ] {
            let v = weigh_plain(unsure(0.1), text, &after);
            assert_eq!(
                v.decision.action,
                Action::Answer,
                "{text}: {:?}",
                v.decision
            );
            assert_eq!(v.answered_smalltalk(), Some(act), "{text}");
            assert!(v.decision.reasons[0].detail.contains("worked"), "{text}");
        }
        // Opening a chat, asking, negative, or handing over a number: not an acknowledgement.
        for (text, score, history) in [
            ("yep see it now, says inspected", 0.1, History::default()),
            (
                "found it, but how long does the refund take",
                0.1,
                after.clone(),
            ),
            (
                "found it, the button is greyed out though",
                -0.5,
                after.clone(),
            ),
            ("got it, order 2026120311223344", 0.1, after.clone()),
            // thanks after "still not": the answer did not work
            ("包裹还没到 谢谢", 0.1, after.clone()),
            ("it still hasnt arrived, thanks", 0.1, after.clone()),
            // "ty" inside a word is no thanks
            ("we want 300 at that qty", 0.1, after.clone()),
        ] {
            let v = weigh_plain(unsure(score), text, &history);
            assert!(v.smalltalk.is_none(), "{text}: {:?}", v.decision);
        }
    }

    #[test]
    fn a_statement_the_head_reads_as_no_or_bye_goes_to_a_person_not_a_bye() {
        for (text, act) in [("never arrived", "deny"), ("东西坏了", "goodbye")] {
            let r = reading(&[(act, 0.97), ("track_order", 0.01)], vec![]);
            let v = weigh_plain(r, text, &History::default());
            assert_eq!(
                v.decision.action,
                Action::Handoff,
                "{text}: {:?}",
                v.decision
            );
            assert!(v.smalltalk.is_none(), "{text}");
            let why = &v.decision.reasons[0];
            assert_eq!(why.code, ReasonCode::LowConfidence, "{text}");
            assert!(why.detail.contains("says more"), "{text}: {}", why.detail);
        }
        // The act's own words stay small talk; so does all of it with the check off.
        let r = reading(&[("deny", 0.97), ("track_order", 0.01)], vec![]);
        let v = weigh_plain(r, "不用了 我自己弄好了", &History::default());
        assert_eq!(v.answered_smalltalk(), Some("deny"), "{:?}", v.decision);
        let mut cfg = PolicyConfig::default();
        cfg.smalltalk.word_check = false;
        let r = reading(&[("deny", 0.97), ("track_order", 0.01)], vec![]);
        let v = weigh(
            r,
            &message("never arrived"),
            &plain_labels(),
            &Thresholds::default(),
            &cfg,
            &History::default(),
        );
        assert_eq!(v.answered_smalltalk(), Some("deny"), "{:?}", v.decision);
    }

    #[test]
    fn a_clear_knowledge_base_match_that_agrees_with_the_intent_answers() {
        let entry = |id: &str| Entry {
            id: id.to_string(),
            questions: vec![format!("{id}?")],
            answer: BTreeMap::from([("en".to_string(), format!("{id}!"))]),
            intent: Some("track_order".into()),
            tags: vec![],
            handoff: None,
        };
        let (best, other) = (entry("shipping_time"), entry("returns"));
        fn hit(e: &Entry, score: f32) -> Hit<'_> {
            Hit {
                entry: e,
                question: &e.questions[0],
                similarity: score,
                score,
            }
        }
        let hits = vec![hit(&best, 0.97), hit(&other, 0.3)];
        let r = reading(&[("track_order", 0.95), ("cancel_order", 0.02)], hits);
        let v = weigh_plain(r, "how long does shipping take", &History::default());
        assert_eq!(v.decision.action, Action::Answer, "{:?}", v.decision);
        assert_eq!(v.decision.faq, Some(FaqUse::Answer));
        assert_eq!(
            v.faq_answer().map(|h| h.entry.id.as_str()),
            Some("shipping_time")
        );
        assert_eq!(v.hits.len(), 2);
    }

    #[test]
    fn a_rule_that_chooses_another_entry_puts_it_first() {
        let entry = |id: &str, intent: &str| Entry {
            id: id.to_string(),
            questions: vec![format!("{id}?")],
            answer: BTreeMap::from([("en".to_string(), format!("{id}!"))]),
            intent: Some(intent.into()),
            tags: vec![],
            handoff: None,
        };
        fn hit(e: &Entry, score: f32) -> Hit<'_> {
            Hit {
                entry: e,
                question: &e.questions[0],
                similarity: score,
                score,
            }
        }
        let remote = entry("shipping-remote-areas", "delivery_period");
        let abroad = entry("shipping-international", "delivery_options");
        let price = entry("price-protection", "price_protection");
        let coupons = entry("coupons-how", "coupon");
        let thresholds = Thresholds {
            confidence: 0.9,
            faq_similarity: Some(0.9),
            ..Thresholds::default()
        };
        let weigh_with = |r: Reading<'_>, text: &str, h: &History| -> Option<String> {
            let v = weigh(
                r,
                &message(text),
                &plain_labels(),
                &thresholds,
                &PolicyConfig::default(),
                h,
            );
            assert_eq!(
                v.decision.action,
                Action::Answer,
                "{text}: {:?}",
                v.decision
            );
            v.faq_answer().map(|h| h.entry.id.clone())
        };
        // `[places]`: the destination's entry, second in the ranking, answers.
        let r = reading(
            &[("delivery_options", 0.5), ("track_order", 0.3)],
            vec![hit(&remote, 0.87), hit(&abroad, 0.865)],
        );
        let got = weigh_with(r, "ship to KL ok?", &History::default());
        assert_eq!(got.as_deref(), Some("shipping-international"));
        // Entries wanted from far down answer over the hits on top: the entry last answered with
        // (`[faq] followup_case_phrases`), and the state's entry after the answer on cancelling
        // (`[order_state]`), though the message is read surely as tracking.
        let answered = |h: History| History {
            previous_action: Some(Action::Answer),
            ..h
        };
        let after_price = answered(History {
            previous_faq: Some("price-protection".into()),
            ..History::default()
        });
        let cancelling = answered(History {
            previous_intent: Some("cancel_order".into()),
            ..History::default()
        });
        let statuses = entry("order-status-meanings", "track_order");
        let before = entry("cancel-before-shipment", "cancel_order");
        for (top, best, wanted, text, h, want) in [
            (
                [("coupon", 0.34), ("track_order", 0.3)],
                hit(&coupons, 0.873),
                hit(&price, 0.80),
                "我是在直播间下的单 这种也算吗",
                &after_price,
                "price-protection",
            ),
            (
                [("track_order", 0.93), ("cancel_order", 0.03)],
                hit(&statuses, 0.93),
                hit(&before, 0.84),
                "还没发货 刚拍的",
                &cancelling,
                "cancel-before-shipment",
            ),
        ] {
            let mut r = reading(&top, vec![best]);
            r.wanted = vec![wanted];
            assert_eq!(weigh_with(r, text, h).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn the_intent_keeps_top_k_of_the_ranking_and_its_band() {
        let ranked = |l: &str, c: f32| Ranked {
            label: l.to_string(),
            confidence: c,
        };
        let a = Analysis {
            intent: Prediction {
                ranking: vec![
                    ranked("track_order", 0.9),
                    ranked("cancel_order", 0.06),
                    ranked("get_refund", 0.04),
                ],
                probs: vec![0.9, 0.06, 0.04],
            },
            sentiment: None,
            oos_score: None,
            oos_prob: None,
            embedding: vec![],
        };
        let t = Thresholds::default();
        let i = intent_of(&a, &t, 2);
        assert_eq!(i.label, "track_order");
        assert_eq!(i.band, Band::High);
        assert!((i.margin - 0.84).abs() < 1e-6);
        assert_eq!(i.top.len(), 2);
        assert_eq!(intent_of(&a, &t, 1).top.len(), 1);
        let mut t = t;
        t.per_intent.insert("track_order".into(), 0.95);
        assert_eq!(intent_of(&a, &t, 3).band, Band::Low);
    }

    #[test]
    fn small_talk_by_the_lexicon_or_a_sure_head_with_no_question_riding_along() {
        let cfg = PolicyConfig::default();
        let plain = plain_labels();
        // Exact phrase: whatever the head says.
        let st = smalltalk_of("你好", &intent(&[("track_order", 0.9)]), &plain, &cfg).unwrap();
        assert!(st.exact && st.act == "greeting");
        // The head's act at min_confidence, the rest small talk or out of scope.
        let st = smalltalk_of(
            "thanks a lot mate",
            &intent(&[("thanks", 0.8), ("goodbye", 0.15), ("oos", 0.05)]),
            &plain,
            &cfg,
        )
        .unwrap();
        assert!(!st.exact && st.act == "thanks");
        // A shop intent in second place: not small talk alone.
        assert!(smalltalk_of(
            "are you a robot? i need help with my refund",
            &intent(&[("bot_identity", 0.77), ("get_refund", 0.13)]),
            &plain,
            &cfg,
        )
        .is_none());
        // Below min_confidence, or switched off.
        assert!(smalltalk_of(
            "thanks a lot mate",
            &intent(&[("thanks", 0.6)]),
            &plain,
            &cfg
        )
        .is_none());
        let mut off = PolicyConfig::default();
        off.smalltalk.enabled = false;
        assert!(smalltalk_of("你好", &intent(&[("greeting", 0.99)]), &plain, &off).is_none());
    }

    #[test]
    fn a_user_intent_that_covers_an_act_is_answered_as_that_act() {
        let cfg = PolicyConfig::default();
        let aliases = BTreeMap::from([("thank_you".to_string(), "thanks".to_string())]);
        let labels = Labels {
            oos: "oos",
            smalltalk_aliases: &aliases,
        };
        let st = smalltalk_of(
            "cheers for sorting that",
            &intent(&[("thank_you", 0.9), ("goodbye", 0.08)]),
            &labels,
            &cfg,
        )
        .unwrap();
        assert_eq!(st.act, "thanks");
        // Without the alias the same reading is a shop intent, not small talk.
        assert!(smalltalk_of(
            "cheers for sorting that",
            &intent(&[("thank_you", 0.9), ("goodbye", 0.08)]),
            &plain_labels(),
            &cfg,
        )
        .is_none());
        // An aliased intent in second place is small talk too, not "a question riding along".
        let st = smalltalk_of(
            "hello again, thanks",
            &intent(&[("greeting", 0.8), ("thank_you", 0.15)]),
            &labels,
            &cfg,
        );
        assert_eq!(st.map(|s| s.act), Some("greeting"));
        // Answered by the policy as small talk, with the act's reply.
        let r = reading(&[("thank_you", 0.9)], vec![]);
        let v = weigh(
            r,
            &message("cheers for sorting that"),
            &labels,
            &Thresholds::default(),
            &cfg,
            &History::default(),
        );
        assert_eq!(v.decision.action, Action::Answer, "{:?}", v.decision);
        assert_eq!(v.answered_smalltalk(), Some("thanks"));
    }
}
