//! Triage: reads each customer message in a support chat and decides whether the bot answers,
//! asks to clarify, or a human takes over — with the conversation already understood.
//!
//! Doors point one way: `server` → `classify` → `engine`/`policy` → `model`;
//! `train` and `eval` → `model`. `text`, `metrics`, `auth` (keys, roles, limits, hosts), `audit`
//! and `redact` depend on nothing else here.

pub mod audit;
pub mod auth;
pub mod bench;
pub mod classify;
pub mod cli;
pub mod config;
pub mod conversation;
pub mod engine;
pub mod eval;
pub mod fsutil;
pub mod handoff;
pub mod kb;
pub mod loadgen;
pub mod metrics;
pub mod model;
pub mod policy;
pub mod redact;
pub mod server;
pub mod smalltalk;
pub mod store;
pub mod text;
pub mod train;
