//! The FAQ knowledge base: entries from a JSONL file, indexed with the same encoder as messages
//! (document prefix), searched exactly by cosine similarity, changed at run time through the
//! admin API without a restart. `pairs` calibrates the similarity threshold on labelled
//! question pairs.

pub mod entry;
pub mod index;
pub mod lexical;
pub mod settings;
pub mod store;

pub use entry::{Entry, EntryBody};
pub use index::{Hit, KbIndex, Query};
pub use settings::KbSettings;
pub use store::{Embedder, KbStore, RebuildStats};

use crate::model::ModelError;

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("no knowledge-base entry {0:?}")]
    NotFound(String),
    #[error("no knowledge-base file is configured (start with --kb FILE); the knowledge base is read-only")]
    ReadOnly,
    #[error("index: {0}")]
    Index(String),
    #[error(transparent)]
    Model(#[from] ModelError),
}
