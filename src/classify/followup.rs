//! A short statement that goes on with the bot's last answer: "已经发货了" after the answer on
//! changing an address, "it's for my company" after the one on invoices. It names no topic of
//! its own, so the intent head reads it as whatever its few words suggest — track_order (0.99),
//! review (0.84) — and the bot answered "what order statuses mean" or "how to write a review":
//! beside the point. Read in the last answer's light, the knowledge base has the right entry
//! (changing the address of a shipped order, invoices for a company).
//!
//! The policy already reads an *unsure* follow-up this way (`[faq] followup_bonus`). This is for
//! a *sure* reading of another topic, and only when the message asks nothing itself, is short,
//! and an entry that goes on with the last topic clears the bar with the follow-up bonus and is
//! clear of every other entry by `[faq] margin` (so the policy answers with it); then that entry
//! leads the hits and the head's reading counts as unsure. It never turns an answer into a
//! handoff.

use crate::kb::Hit;
use crate::policy::{Action, History, PolicyConfig};
use crate::text::language::is_han;

/// Longest message read this way: English words plus half the Chinese characters.
const MAX_SIZE: usize = 8;

/// Words that make a message a question or a request of its own.
const ASKING: [&str; 44] = [
    "?",
    "？",
    "吗",
    "么",
    "嘛",
    "呢",
    "怎",
    "如何",
    "能不能",
    "能否",
    "可以",
    "可不可以",
    "多久",
    "多少",
    "几",
    "哪",
    "啥",
    "什么",
    "为什么",
    "咋",
    "是不是",
    "有没有",
    "帮",
    "请",
    "要",
    "想",
    "how",
    "what",
    "when",
    "where",
    "why",
    "which",
    "who",
    "can",
    "could",
    "do",
    "does",
    "is it",
    "are",
    "will",
    "would",
    "should",
    "please",
    "pls",
];

/// Short, and asks or requests nothing ("已经发货了", "it's for my company").
fn short_statement(text: &str) -> bool {
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .collect();
    let asks = |w: &&str| {
        if w.chars().all(|c| c.is_ascii_alphabetic()) {
            // A whole English word: "do" in "done", "are" in "care" ask nothing.
            tokens.contains(w)
        } else {
            lower.contains(*w)
        }
    };
    if ASKING.iter().any(asks) {
        return false;
    }
    size(text) <= MAX_SIZE
}

/// The last topic, when a short question may be asking on about it ("台湾呢", "how long does
/// that take", "信用卡呢"): the bot answered the previous need, the message asks something and
/// is short. Such a question names only its new detail, so it is also read together with the
/// customer's previous question ([`super::decide::decide`]'s `context`).
pub(super) fn question_candidate<'h>(
    text: &str,
    history: &'h History,
    cfg: &PolicyConfig,
) -> Option<&'h str> {
    if cfg.faq.followup_bonus <= 0.0 || history.previous_action != Some(Action::Answer) {
        return None;
    }
    let topic = history.last_topic()?;
    (crate::policy::asks_something(text) && size(text) <= MAX_SIZE).then_some(topic)
}

/// English words plus half the Chinese characters.
fn size(text: &str) -> usize {
    let han = text.chars().filter(|&c| is_han(c)).count();
    let words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    words + han.div_ceil(2)
}

/// The last topic, when the message may go on with it: a short statement read surely (`sure`)
/// as an intent that topic is not related to. Cheap: callers search the knowledge base again
/// only then.
pub(super) fn candidate<'h>(
    text: &str,
    intent: &str,
    sure: bool,
    history: &'h History,
    cfg: &PolicyConfig,
) -> Option<&'h str> {
    let topic = history.last_topic()?;
    let off = cfg.faq.followup_bonus <= 0.0;
    (!off && sure && !cfg.faq.related(intent, topic) && short_statement(text)).then_some(topic)
}

/// The entry goes on with `topic`, the last topic: it is the entry just given, or linked to an
/// intent related to the topic.
pub(super) fn continues(h: &Hit<'_>, topic: &str, history: &History, cfg: &PolicyConfig) -> bool {
    history.previous_faq.as_deref() == Some(h.entry.id.as_str())
        || h.entry
            .intent
            .as_deref()
            .is_some_and(|i| cfg.faq.related(i, topic))
}

/// The hits re-ranked so that the best entry that goes on with `topic` (the last topic: the
/// [`candidate`] of a short statement, or the [`question_candidate`] of a short question)
/// leads, when that entry's score plus `[faq] followup_bonus` reaches `threshold` and stands
/// clear of the rest. `hits` are ranked without the intent bonus.
pub(super) fn lead_on<'k>(
    topic: &str,
    hits: &[Hit<'k>],
    history: &History,
    threshold: f32,
    cfg: &PolicyConfig,
) -> Option<Vec<Hit<'k>>> {
    let bonus = cfg.faq.followup_bonus;
    let continues = |h: &Hit<'_>| continues(h, topic, history, cfg);
    let lead = hits.iter().position(continues)?;
    let with_bonus = |h: &Hit<'_>| h.score + if continues(h) { bonus } else { 0.0 };
    let lead_score = with_bonus(&hits[lead]);
    // Clear of every other entry as the policy will weigh them (the bonus for those that go on
    // with the topic too): two entries of the topic too close to tell apart are the policy's
    // near miss, and this reading would only turn an answer into a person.
    let clear = hits
        .iter()
        .enumerate()
        .all(|(i, h)| i == lead || lead_score - with_bonus(h) > cfg.faq.margin);
    if lead_score < threshold || !clear {
        return None;
    }
    let mut ranked = hits.to_vec();
    let first = ranked.remove(lead);
    ranked.insert(0, first);
    Some(ranked)
}

/// [`lead_on`] for a short statement (the [`candidate`] of a message read as `intent`), and why.
pub(super) fn goes_on<'k>(
    intent: &str,
    topic: &str,
    hits: &[Hit<'k>],
    history: &History,
    threshold: f32,
    cfg: &PolicyConfig,
) -> Option<(Vec<Hit<'k>>, String)> {
    let ranked = lead_on(topic, hits, history, threshold, cfg)?;
    let why = format!(
        "read as {intent}, but a short statement after the answer on {topic}: read as going on with it"
    );
    Some((ranked, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::Entry;

    fn entry(id: &str, intent: &str) -> Entry {
        Entry {
            id: id.into(),
            questions: Vec::new(),
            answer: Default::default(),
            intent: Some(intent.into()),
            tags: Vec::new(),
            handoff: None,
        }
    }

    fn after(topic: &str, faq: Option<&str>) -> History {
        History {
            previous_action: Some(Action::Answer),
            previous_intent: Some(topic.into()),
            previous_faq: faq.map(Into::into),
            previous_faq_intent: faq.map(|_| topic.into()),
            ..History::default()
        }
    }

    #[test]
    fn a_short_question_after_an_answer_may_ask_on_about_its_topic() {
        let cfg = PolicyConfig::default();
        let h = after("delivery_options", Some("shipping-international"));
        for t in [
            "台湾呢？",
            "and to the UK?",
            "same for opened skincare?",
            "要多久",
        ] {
            assert_eq!(
                question_candidate(t, &h, &cfg),
                Some("delivery_options"),
                "{t}"
            );
        }
        // A statement, a long question, or no answer before: not this reading.
        for t in [
            "已经发货了",
            "and can you also tell me whether the parcel can be delivered to my office in london",
        ] {
            assert_eq!(question_candidate(t, &h, &cfg), None, "{t}");
        }
        let clarified = History {
            previous_action: Some(Action::Clarify),
            ..h.clone()
        };
        assert_eq!(question_candidate("台湾呢？", &clarified, &cfg), None);
        let mut off = cfg.clone();
        off.faq.followup_bonus = 0.0;
        assert_eq!(question_candidate("台湾呢？", &h, &off), None);
    }

    #[test]
    fn statements_are_short_and_ask_nothing() {
        for t in [
            "已经发货了",
            "it's for my company",
            "今天早上下的那个 order, 还没发货",
            "done",
            "we care a lot",
        ] {
            assert!(short_statement(t), "{t}");
        }
        for t in [
            "已经发货了吗",
            "那怎么办",
            "what info do u need",
            "can i change it",
            "my card was charged twice yesterday and the money has not come back at all",
        ] {
            assert!(!short_statement(t), "{t}");
        }
    }

    #[test]
    fn the_entry_that_goes_on_with_the_last_topic_leads_when_it_clears_the_bar() {
        let cfg = PolicyConfig::default();
        let (status, address) = (
            entry("order-status", "track_order"),
            entry("change-address", "change_shipping_address"),
        );
        let hit = |e, score| Hit {
            entry: e,
            question: "",
            similarity: score,
            score,
        };
        // As `decide` calls them: the cheap checks, then the entries.
        let read = |text: &str, intent: &str, sure, hits: &[Hit<'_>], h: &History, bar| {
            candidate(text, intent, sure, h, &cfg)
                .and_then(|topic| goes_on(intent, topic, hits, h, bar, &cfg))
                .map(|(ranked, why)| (ranked[0].entry.id.clone(), why))
        };
        let hits = vec![hit(&status, 0.912), hit(&address, 0.90)];
        let h = after("change_shipping_address", None);
        let (lead, why) =
            read("已经发货了", "track_order", true, &hits, &h, 0.89).expect("goes on");
        assert_eq!(lead, "change-address");
        assert!(why.contains("change_shipping_address"), "{why}");
        // Not when the reading is unsure (the policy's own follow-up rule), the intent is
        // related, the message asks something, the entry is too far, or nothing was answered.
        assert!(read("已经发货了", "track_order", false, &hits, &h, 0.89).is_none());
        let same = read(
            "已经发货了",
            "change_shipping_address",
            true,
            &hits,
            &h,
            0.89,
        );
        assert!(same.is_none());
        assert!(read("已经发货了吗", "track_order", true, &hits, &h, 0.89).is_none());
        assert!(read("已经发货了", "track_order", true, &hits, &h, 0.95).is_none());
        let (before, after_) = (
            entry("cancel-before", "cancel_order"),
            entry("cancel-after", "cancel_order"),
        );
        let close = vec![hit(&status, 0.92), hit(&before, 0.914), hit(&after_, 0.909)];
        let h2 = after("cancel_order", None);
        assert!(
            read("还没发货", "track_order", true, &close, &h2, 0.89).is_none(),
            "two entries of the topic too close to tell apart"
        );
        let fresh = History::default();
        assert!(read("已经发货了", "track_order", true, &hits, &fresh, 0.89).is_none());
    }
}
