//! One message end to end, shared by `POST /v1/classify`, `triage classify` and `triage eval`:
//! normalise → validate → tokenize → one batched encoder pass → decision → turn → response.
//!
//! Split into rooms because a message passes through them in order and each changes for its
//! own reasons: the API's shape (`api`), what serving and evaluation must decide alike
//! (`decide`: one function, so offline numbers cannot drift from serving), what the customer
//! is shown (`reply`), what a turn writes and in which order (`turn`: the response is what was
//! stored, a handoff is announced once stored), and the service around them (`classifier`).
//! Callers use the paths re-exported here, never the rooms.

mod api;
mod classifier;
mod decide;
mod followup;
mod reply;
mod turn;

pub use api::{
    ClassifyError, ClassifyRequest, ClassifyResponse, Customer, EntityOut, FaqCandidate, FaqOut,
    HandledBy, IntentOut, OutOfScopeOut, Replied, ReplyOut, ReplySource, SentimentOut, TimingOut,
    DEFAULT_TOP_K, MAX_ID_BYTES, MAX_TOP_K,
};
pub use classifier::{pick_reading, Classifier, Prepared};
pub use decide::{decide, out_of_scope_flag, sentiment_of, smalltalk_of, Labels, Message, Verdict};
pub use reply::numbered_options;
