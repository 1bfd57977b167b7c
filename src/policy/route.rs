//! Where a handoff goes and how urgent it is: the queue (sensitive intent, VIP, the customer's
//! need) and the priority (from the reasons that fired).

use super::config::{PolicyConfig, Priority};
use super::decision::{History, Reason, ReasonCode, Signals};

/// `trusted`: the intent is sure enough to act on (see `decide`); `topic_queue`: the queue of
/// what the handoff is about, when a rule knew that better than the intent (`Decision::topic`).
pub(super) fn route(
    s: &Signals<'_>,
    h: &History,
    reasons: &[Reason],
    trusted: bool,
    topic_queue: Option<&str>,
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
    // A topic a rule knew better than the intent (a handoff entry, a product question) with a
    // queue of its own.
    if let Some(q) = topic_queue {
        return q.to_string();
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

pub(super) fn priority(s: &Signals<'_>, reasons: &[Reason], cfg: &PolicyConfig) -> Priority {
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
