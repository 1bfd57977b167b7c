//! The decision policy: a TOML policy file (overridable per tenant) and the rules that turn one
//! message's analysis plus the conversation so far into `answer`, `clarify` or `handoff`.
//!
//! Rooms: `config` (the policy file) · `decision` (what the rules read and decide, reason
//! codes) · `rules` (`decide`, as its steps) · `reasons` (the handoff reasons, one function
//! each) · `thresholds` (which thresholds a message is judged by) · `cues` (phrase and anger
//! matching) · `route` (queue and priority of a handoff) · `vague` (a request that names nothing to act
//! on) · `details` (a message that only hands over an order number, a phone or an email) ·
//! `places` (the destination a message names) · `order_state` (where the order is, after an
//! answer on cancelling) · `entry_words` (words that tell near-identical entries apart) · `staff_requests` (asking
//! the shop to change or cancel a named order itself) · `siblings` (entries on one topic a first
//! need must tell apart).

pub mod config;
mod cues;
mod decision;
mod details;
mod entry_words;
mod order_state;
mod overdue;
mod places;
mod reasons;
mod route;
pub mod rules;
pub(crate) mod siblings;
mod staff_requests;
mod thresholds;
mod vague;

pub use config::{
    FaqRules, Policy, PolicyConfig, PolicyError, Priority, Reply, SmalltalkRules, SummaryRules,
};
pub use cues::{asks_something, chosen_option};
pub use overdue::says_still_not;
pub use rules::{
    band, decide, effective_thresholds, matched_phrase, thresholds_for, Action, Band, Decision,
    FaqSignal, FaqUse, HandoffEntrySignal, History, Offer, RankedEntry, Reason, ReasonCode,
    Signals, SmalltalkSignal,
};
