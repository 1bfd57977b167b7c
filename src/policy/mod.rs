//! The decision policy: a TOML policy file (overridable per tenant) and the rules that turn one
//! message's analysis plus the conversation so far into `answer`, `clarify` or `handoff`.

pub mod config;
pub mod rules;

pub use config::{Policy, PolicyConfig, PolicyError, Priority, Reply, SummaryRules};
pub use rules::{
    band, decide, effective_thresholds, matched_phrase, thresholds_for, Action, Band, Decision,
    FaqSignal, FaqUse, History, Reason, ReasonCode, Signals, SmalltalkSignal,
};
