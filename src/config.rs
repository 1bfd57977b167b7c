//! Serving configuration: every setting is a flag, an environment variable (`TRIAGE_…`) and a
//! key in the TOML file given by `--config`. Precedence: flag > env > file > default.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::engine::EngineConfig;
use crate::handoff::webhook::{Target, WebhookConfig};
use crate::model::fast::Precision;
use crate::model::{Backend, RunOptions};

#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// Model folder (manifest.json, heads, encoder reference).
    #[arg(long, env = "TRIAGE_MODEL")]
    pub model: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "TRIAGE_ADDR")]
    pub addr: Option<String>,
    /// TOML file with any of these settings (keys as the long flag names, with '_' for '-').
    #[arg(long, env = "TRIAGE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Longest accepted message in characters; longer ones get HTTP 413.
    #[arg(long, env = "TRIAGE_MAX_TEXT_CHARS")]
    pub max_text_chars: Option<usize>,
    /// Largest accepted request body in bytes.
    #[arg(long, env = "TRIAGE_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Most items in one POST /v1/classify/batch.
    #[arg(long, env = "TRIAGE_MAX_BATCH_ITEMS")]
    pub max_batch_items: Option<usize>,
    /// Most messages in one forward pass.
    #[arg(long, env = "TRIAGE_MAX_BATCH_SIZE")]
    pub max_batch_size: Option<usize>,
    /// Most padded tokens in one forward pass.
    #[arg(long, env = "TRIAGE_MAX_BATCH_TOKENS")]
    pub max_batch_tokens: Option<usize>,
    /// Messages that may wait for inference; beyond it requests get 429 with Retry-After.
    #[arg(long, env = "TRIAGE_QUEUE_CAPACITY")]
    pub queue_capacity: Option<usize>,
    /// Inference worker threads.
    #[arg(long, env = "TRIAGE_WORKERS")]
    pub workers: Option<usize>,
    /// Dense-layer arithmetic of the CPU encoder: "f32" or "int8" (about 2× faster, embeddings
    /// within cosine 0.99 of f32; see BENCHMARKS.md). Default: the model manifest's
    /// `encoder.precision`, else f32.
    #[arg(long, env = "TRIAGE_PRECISION")]
    pub precision: Option<Precision>,
    /// Encoder implementation: "auto" (the fast CPU forward on CPU, candle on a GPU), "fast" or
    /// "candle".
    #[arg(long, env = "TRIAGE_BACKEND")]
    pub backend: Option<Backend>,
    /// Compute threads per forward pass of the fast CPU encoder (0 = every core, up to 8).
    #[arg(long, env = "TRIAGE_THREADS")]
    pub threads: Option<usize>,
    /// Per-request timeout in seconds.
    #[arg(long, env = "TRIAGE_REQUEST_TIMEOUT_SECS")]
    pub request_timeout_secs: Option<u64>,
    /// Decision policy file (TOML); default: the built-in policy (see policy/default.toml).
    #[arg(long, env = "TRIAGE_POLICY")]
    pub policy: Option<PathBuf>,
    /// Conversation and handoff store: "memory" or a Redis URL (redis://host:port/db, with an
    /// optional "#namespace" suffix).
    #[arg(long, env = "TRIAGE_STORE")]
    pub store: Option<String>,
    /// Idle time after which a conversation is forgotten, in seconds.
    #[arg(long, env = "TRIAGE_CONVERSATION_TTL_SECS")]
    pub conversation_ttl_secs: Option<u64>,
    /// Conversations kept by the in-memory store.
    #[arg(long, env = "TRIAGE_MAX_CONVERSATIONS")]
    pub max_conversations: Option<usize>,
    /// Webhook URL for handoff events of every queue (per-queue URLs: [webhooks.targets] in the
    /// config file).
    #[arg(long, env = "TRIAGE_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Secret for the webhook's HMAC-SHA256 signature.
    #[arg(long, env = "TRIAGE_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// FAQ knowledge base (JSON Lines); "none" for no knowledge base. Default: kb/default.jsonl
    /// when serving the default model (models/default) and that file exists.
    #[arg(long, env = "TRIAGE_KB")]
    pub kb: Option<PathBuf>,
}

/// The TOML file: the same settings as the flags.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub model: Option<PathBuf>,
    pub addr: Option<String>,
    pub max_text_chars: Option<usize>,
    pub max_body_bytes: Option<usize>,
    pub max_batch_items: Option<usize>,
    pub max_batch_size: Option<usize>,
    pub max_batch_tokens: Option<usize>,
    pub queue_capacity: Option<usize>,
    pub workers: Option<usize>,
    pub precision: Option<Precision>,
    pub backend: Option<Backend>,
    pub threads: Option<usize>,
    pub request_timeout_secs: Option<u64>,
    pub policy: Option<PathBuf>,
    pub store: Option<String>,
    pub conversation_ttl_secs: Option<u64>,
    pub max_conversations: Option<usize>,
    pub webhooks: Option<WebhookConfig>,
    pub kb: Option<PathBuf>,
}

/// The fully resolved configuration, logged at start-up and served on `GET /v1/info`.
#[derive(Debug, Clone, Serialize)]
pub struct ServeConfig {
    pub model: PathBuf,
    pub addr: String,
    pub max_text_chars: usize,
    pub max_body_bytes: usize,
    pub max_batch_items: usize,
    pub request_timeout_secs: u64,
    pub engine: EngineConfig,
    /// None: the model's own choice (manifest `encoder.precision`), else f32.
    pub precision: Option<Precision>,
    pub backend: Backend,
    /// 0 = every core, up to 8.
    pub threads: usize,
    pub policy: Option<PathBuf>,
    /// "memory" or a Redis URL (any password in it is hidden when the config is shown).
    #[serde(serialize_with = "redact_url")]
    pub store: String,
    pub conversation_ttl_secs: u64,
    pub max_conversations: usize,
    pub webhooks: WebhookConfig,
    /// The FAQ knowledge-base file; `None`: no knowledge base.
    pub kb: Option<PathBuf>,
}

fn redact_url<S: serde::Serializer>(url: &str, s: S) -> Result<S::Ok, S::Error> {
    match (url.find("://"), url.rfind('@')) {
        (Some(a), Some(b)) if b > a => {
            s.serialize_str(&format!("{}***{}", &url[..a + 3], &url[b..]))
        }
        _ => s.serialize_str(url),
    }
}

pub const DEFAULT_MODEL: &str = "models/default";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// The sample knowledge base that goes with the default model.
pub const DEFAULT_KB: &str = "kb/default.jsonl";

/// `--kb`: a file, or "none"; unset, the sample knowledge base when serving the default model.
pub fn resolve_kb(given: Option<PathBuf>, model: &Path) -> Option<PathBuf> {
    match given {
        Some(p) if p.as_os_str() == "none" || p.as_os_str().is_empty() => None,
        Some(p) => Some(p),
        None => (model == Path::new(DEFAULT_MODEL) && Path::new(DEFAULT_KB).is_file())
            .then(|| PathBuf::from(DEFAULT_KB)),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("invalid setting: {0}")]
    Invalid(String),
}

pub fn read_file_config(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

impl ServeConfig {
    pub fn resolve(args: &ServeArgs) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(p) => read_file_config(p)?,
            None => FileConfig::default(),
        };
        let d = EngineConfig::default();
        let mut webhooks = file.webhooks.clone().unwrap_or_default();
        if let Some(url) = &args.webhook_url {
            webhooks.targets.insert(
                "*".into(),
                Target {
                    url: url.clone(),
                    secret: args.webhook_secret.clone().unwrap_or_default(),
                },
            );
        }
        let model = args
            .model
            .clone()
            .or(file.model)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_MODEL));
        let cfg = Self {
            kb: resolve_kb(args.kb.clone().or(file.kb), &model),
            model,
            addr: args
                .addr
                .clone()
                .or(file.addr)
                .unwrap_or_else(|| DEFAULT_ADDR.to_string()),
            max_text_chars: args.max_text_chars.or(file.max_text_chars).unwrap_or(2000),
            max_body_bytes: args
                .max_body_bytes
                .or(file.max_body_bytes)
                .unwrap_or(1 << 20),
            max_batch_items: args.max_batch_items.or(file.max_batch_items).unwrap_or(64),
            request_timeout_secs: args
                .request_timeout_secs
                .or(file.request_timeout_secs)
                .unwrap_or(30),
            engine: EngineConfig {
                max_batch_size: args
                    .max_batch_size
                    .or(file.max_batch_size)
                    .unwrap_or(d.max_batch_size),
                max_batch_tokens: args
                    .max_batch_tokens
                    .or(file.max_batch_tokens)
                    .unwrap_or(d.max_batch_tokens),
                queue_capacity: args
                    .queue_capacity
                    .or(file.queue_capacity)
                    .unwrap_or(d.queue_capacity),
                workers: args.workers.or(file.workers).unwrap_or(d.workers),
            },
            precision: args.precision.or(file.precision),
            backend: args.backend.or(file.backend).unwrap_or_default(),
            threads: args.threads.or(file.threads).unwrap_or(0),
            policy: args.policy.clone().or(file.policy),
            store: args
                .store
                .clone()
                .or(file.store)
                .unwrap_or_else(|| "memory".into()),
            conversation_ttl_secs: args
                .conversation_ttl_secs
                .or(file.conversation_ttl_secs)
                .unwrap_or(24 * 3600),
            max_conversations: args
                .max_conversations
                .or(file.max_conversations)
                .unwrap_or(100_000),
            webhooks,
        };
        cfg.validate()?;
        Ok(cfg)
    }

    /// How the model's encoder runs.
    pub fn run_options(&self) -> RunOptions {
        RunOptions {
            backend: self.backend,
            precision: self.precision,
            threads: self.threads,
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.precision == Some(Precision::Int8) && self.backend == Backend::Candle {
            return Err(ConfigError::Invalid(
                "precision int8 needs the fast backend (not candle)".into(),
            ));
        }
        let positive = [
            ("max_text_chars", self.max_text_chars),
            ("max_body_bytes", self.max_body_bytes),
            ("max_batch_items", self.max_batch_items),
            ("max_batch_size", self.engine.max_batch_size),
            ("max_batch_tokens", self.engine.max_batch_tokens),
            ("queue_capacity", self.engine.queue_capacity),
            ("workers", self.engine.workers),
            ("max_conversations", self.max_conversations),
            ("conversation_ttl_secs", self.conversation_ttl_secs as usize),
        ];
        for (name, v) in positive {
            if v == 0 {
                return Err(ConfigError::Invalid(format!("{name} must be at least 1")));
            }
        }
        if self.store != "memory"
            && !self.store.starts_with("redis://")
            && !self.store.starts_with("rediss://")
        {
            return Err(ConfigError::Invalid(format!(
                "store must be \"memory\" or a redis:// URL, not {:?}",
                self.store
            )));
        }
        for (q, t) in &self.webhooks.targets {
            if !(t.url.starts_with("http://") || t.url.starts_with("https://")) {
                return Err(ConfigError::Invalid(format!(
                    "webhook for {q}: URL must be http(s)"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_file_beats_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(&path, "addr = \"0.0.0.0:9000\"\nmax_text_chars = 50\n").unwrap();
        let args = ServeArgs {
            config: Some(path),
            max_text_chars: Some(10),
            ..Default::default()
        };
        let c = ServeConfig::resolve(&args).unwrap();
        assert_eq!(c.max_text_chars, 10);
        assert_eq!(c.addr, "0.0.0.0:9000");
        assert_eq!(c.max_batch_items, 64);
    }

    #[test]
    fn precision_and_backend_come_from_flags_or_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(&path, "precision = \"int8\"\nthreads = 3\n").unwrap();
        let args = ServeArgs {
            config: Some(path.clone()),
            ..Default::default()
        };
        let c = ServeConfig::resolve(&args).unwrap();
        assert_eq!(c.precision, Some(Precision::Int8));
        assert_eq!(c.threads, 3);
        assert_eq!(c.backend, Backend::Auto);
        let args = ServeArgs {
            config: Some(path),
            backend: Some(Backend::Candle),
            ..Default::default()
        };
        let err = ServeConfig::resolve(&args).unwrap_err().to_string();
        assert!(err.contains("int8 needs the fast backend"), "{err}");
        std::fs::write(dir.path().join("bad.toml"), "precision = \"fp8\"\n").unwrap();
        let args = ServeArgs {
            config: Some(dir.path().join("bad.toml")),
            ..Default::default()
        };
        assert!(matches!(
            ServeConfig::resolve(&args),
            Err(ConfigError::Parse { .. })
        ));
    }

    #[test]
    fn kb_none_disables_and_a_path_is_kept() {
        let args = ServeArgs {
            kb: Some(PathBuf::from("none")),
            ..Default::default()
        };
        assert_eq!(ServeConfig::resolve(&args).unwrap().kb, None);
        let args = ServeArgs {
            model: Some(PathBuf::from("models/mine")),
            ..Default::default()
        };
        assert_eq!(
            ServeConfig::resolve(&args).unwrap().kb,
            None,
            "no default for other models"
        );
        let args = ServeArgs {
            kb: Some(PathBuf::from("my.jsonl")),
            ..Default::default()
        };
        assert_eq!(
            ServeConfig::resolve(&args).unwrap().kb,
            Some(PathBuf::from("my.jsonl"))
        );
    }

    #[test]
    fn unknown_keys_and_zero_values_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(&path, "adr = \"x\"\n").unwrap();
        let args = ServeArgs {
            config: Some(path),
            ..Default::default()
        };
        assert!(matches!(
            ServeConfig::resolve(&args),
            Err(ConfigError::Parse { .. })
        ));
        let args = ServeArgs {
            workers: Some(0),
            ..Default::default()
        };
        assert!(matches!(
            ServeConfig::resolve(&args),
            Err(ConfigError::Invalid(_))
        ));
    }
}
