//! Serving configuration: every setting is a flag, an environment variable (`TRIAGE_…`) and a
//! key in the TOML file given by `--config`. Precedence: flag > env > file > default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::engine::EngineConfig;
use crate::handoff::chatwoot::ChatwootConfig;
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
    /// TOML file with any of these settings (keys as the long flag names, with '_' for '-'),
    /// plus the file-only tables [webhooks], [chatwoot] and [tenants.NAME].
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
    /// optional "#namespace" suffix); rediss://… connects over TLS, checking the server's
    /// certificate against the public web roots or --redis-ca-file.
    #[arg(long, env = "TRIAGE_STORE")]
    pub store: Option<String>,
    /// PEM file of the CA(s) that signed the Redis server's certificate (private or self-signed
    /// CA; a rediss:// store only). Replaces the public roots. Read at start-up.
    #[arg(long, env = "TRIAGE_REDIS_CA_FILE")]
    pub redis_ca_file: Option<PathBuf>,
    /// Do not check the Redis server's TLS certificate at all (a rediss:// store only): the
    /// link is encrypted but anyone on the path can pose as Redis. Prefer --redis-ca-file.
    #[arg(long, env = "TRIAGE_REDIS_TLS_INSECURE")]
    pub redis_tls_insecure: bool,
    /// Deadline of one Redis command and of one connection attempt, in milliseconds: past it
    /// the request answers 503 store_unavailable and /readyz turns 503 until Redis answers.
    #[arg(long, env = "TRIAGE_REDIS_TIMEOUT_MS")]
    pub redis_timeout_ms: Option<u64>,
    /// Idle time after which a conversation is forgotten, in seconds.
    #[arg(long, env = "TRIAGE_CONVERSATION_TTL_SECS")]
    pub conversation_ttl_secs: Option<u64>,
    /// Conversations kept by the in-memory store.
    #[arg(long, env = "TRIAGE_MAX_CONVERSATIONS")]
    pub max_conversations: Option<usize>,
    /// Days a resolved handoff is kept (memory and Redis); pending and accepted ones are kept
    /// until they are resolved.
    #[arg(long, env = "TRIAGE_HANDOFF_RETENTION_DAYS")]
    pub handoff_retention_days: Option<u64>,
    /// A client must send its whole request head within this many milliseconds of connecting
    /// (or of its previous request); slower connections are closed.
    #[arg(long, env = "TRIAGE_HEADER_READ_TIMEOUT_MS")]
    pub header_read_timeout_ms: Option<u64>,
    /// Client connections open at once; past it a new one gets 503 too_many_connections and is
    /// closed. Lowered to fit the open-file limit (raised to its hard limit at start-up).
    #[arg(long, env = "TRIAGE_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Webhook URL for handoff events of every queue (per-queue URLs: [webhooks.targets] in the
    /// config file).
    #[arg(long, env = "TRIAGE_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Secret for the webhook's HMAC-SHA256 signature.
    #[arg(long, env = "TRIAGE_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// FAQ knowledge base (JSON Lines); "none" for no knowledge base. Default: kb/default.jsonl
    /// beside models/ when serving the default model (a models/default folder, by any path) and
    /// that file exists.
    #[arg(long, env = "TRIAGE_KB")]
    pub kb: Option<PathBuf>,
    /// API keys file (TOML: `[[key]]` tables with id, tenant, roles and the sha256 of the token;
    /// make one with `triage keys new`). Re-read on SIGHUP and when it changes. Without it the
    /// server asks for no key, everything is tenant "default", and it serves on loopback only.
    #[arg(long, env = "TRIAGE_KEYS")]
    pub keys: Option<PathBuf>,
    /// Serve without API keys on a non-loopback --addr (anyone who reaches the port can read
    /// handoffs and edit the knowledge base).
    #[arg(long, env = "TRIAGE_ALLOW_UNAUTHENTICATED")]
    pub allow_unauthenticated: bool,
    /// Host header values served, comma-separated: "name" (any port), "name:port", "*" (any).
    /// Others get 421. Default: the bound address and localhost, 127.0.0.1, [::1], with its port.
    #[arg(long, env = "TRIAGE_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Option<Vec<String>>,
    /// Audit log (JSON lines, appended): every knowledge-base change and handoff transition with
    /// key id, tenant and time. Default: the log stream (target "audit").
    #[arg(long, env = "TRIAGE_AUDIT_LOG")]
    pub audit_log: Option<PathBuf>,
    /// Texts one API key may have in the inference queue at once; past it 429 with Retry-After.
    /// Default: a quarter of --queue-capacity, at least --max-batch-items.
    #[arg(long, env = "TRIAGE_KEY_MAX_IN_FLIGHT")]
    pub key_max_in_flight: Option<usize>,
}

/// `[tenants.NAME]` of the config file: what a tenant has of its own.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    /// The tenant's knowledge base (JSON Lines); without one the tenant has none.
    #[serde(default)]
    pub kb: Option<PathBuf>,
    /// The tenant's webhook targets (`[tenants.NAME.webhooks.targets.QUEUE]`, "*" for every
    /// queue); without them its handoff events go to no webhook.
    #[serde(default)]
    pub webhooks: Option<TenantWebhooks>,
    /// The tenant's Chatwoot (`[tenants.NAME.chatwoot]`): Triage answers its agent-bot events.
    #[serde(default)]
    pub chatwoot: Option<ChatwootConfig>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantWebhooks {
    pub targets: BTreeMap<String, Target>,
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
    pub redis_ca_file: Option<PathBuf>,
    pub redis_tls_insecure: Option<bool>,
    pub redis_timeout_ms: Option<u64>,
    pub conversation_ttl_secs: Option<u64>,
    pub max_conversations: Option<usize>,
    pub handoff_retention_days: Option<u64>,
    pub header_read_timeout_ms: Option<u64>,
    pub max_connections: Option<usize>,
    pub webhooks: Option<WebhookConfig>,
    pub kb: Option<PathBuf>,
    pub keys: Option<PathBuf>,
    pub allow_unauthenticated: Option<bool>,
    pub allowed_hosts: Option<Vec<String>>,
    pub audit_log: Option<PathBuf>,
    pub key_max_in_flight: Option<usize>,
    pub tenants: Option<BTreeMap<String, TenantConfig>>,
    pub chatwoot: Option<ChatwootConfig>,
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
    /// "memory" or a Redis URL (user-info and query are hidden when the config is shown).
    #[serde(serialize_with = "crate::redact::serialize_url")]
    pub store: String,
    /// CA certificates (PEM) trusted for a rediss:// store instead of the public roots.
    pub redis_ca_file: Option<PathBuf>,
    /// rediss:// without checking the server certificate.
    pub redis_tls_insecure: bool,
    /// Deadline of one Redis command or connection attempt.
    pub redis_timeout_ms: u64,
    pub conversation_ttl_secs: u64,
    pub max_conversations: usize,
    pub handoff_retention_days: u64,
    pub header_read_timeout_ms: u64,
    pub max_connections: usize,
    pub webhooks: WebhookConfig,
    /// The FAQ knowledge-base file of tenant `default`; `None`: no knowledge base.
    pub kb: Option<PathBuf>,
    /// The API keys file; `None`: no authentication (loopback only unless allowed).
    pub keys: Option<PathBuf>,
    pub allow_unauthenticated: bool,
    /// `None`: the bound address and the loopback names with its port.
    pub allowed_hosts: Option<Vec<String>>,
    /// `None`: the log stream.
    pub audit_log: Option<PathBuf>,
    /// Texts one key may have in the inference queue at once.
    pub key_max_in_flight: usize,
    /// Per-tenant knowledge bases, webhooks and Chatwoot.
    pub tenants: BTreeMap<String, TenantConfig>,
    /// Tenant `default`'s Chatwoot (`[chatwoot]`, config file only).
    pub chatwoot: Option<ChatwootConfig>,
}

/// Whether `addr` (`host:port`) names only this machine: a loopback IP or `localhost`.
pub fn is_loopback_addr(addr: &str) -> bool {
    let host = match addr.rsplit_once(':') {
        Some((h, _)) => h,
        None => addr,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub const DEFAULT_MODEL: &str = "models/default";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// The sample knowledge base that goes with the default model.
pub const DEFAULT_KB: &str = "kb/default.jsonl";

/// `--kb`: a file, or "none"; unset, the sample knowledge base when serving the default model —
/// `models/default` however it is reached (`./models/default/`, an absolute path: a checkout run
/// from elsewhere got no knowledge base before), with `kb/default.jsonl` beside `models/`.
pub fn resolve_kb(given: Option<PathBuf>, model: &Path) -> Option<PathBuf> {
    match given {
        Some(p) if p.as_os_str() == "none" || p.as_os_str().is_empty() => None,
        Some(p) => Some(p),
        None => {
            let mut names = model
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .rev();
            let shipped = names.next().is_some_and(|c| c.as_os_str() == "default")
                && names.next().is_some_and(|c| c.as_os_str() == "models");
            let root = model.parent().and_then(Path::parent)?;
            let kb = root.join(DEFAULT_KB);
            (shipped && kb.is_file()).then_some(kb)
        }
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
        let tenants = file.tenants.clone().unwrap_or_default();
        for (name, t) in &tenants {
            if let Some(w) = &t.webhooks {
                webhooks.tenants.insert(name.clone(), w.targets.clone());
            }
        }
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
        let queue_capacity = args
            .queue_capacity
            .or(file.queue_capacity)
            .unwrap_or(d.queue_capacity);
        let max_batch_items = args.max_batch_items.or(file.max_batch_items).unwrap_or(64);
        let cfg = Self {
            kb: resolve_kb(args.kb.clone().or(file.kb), &model),
            keys: args.keys.clone().or(file.keys),
            allow_unauthenticated: args.allow_unauthenticated
                || file.allow_unauthenticated.unwrap_or(false),
            allowed_hosts: args.allowed_hosts.clone().or(file.allowed_hosts),
            audit_log: args.audit_log.clone().or(file.audit_log),
            key_max_in_flight: args
                .key_max_in_flight
                .or(file.key_max_in_flight)
                .unwrap_or((queue_capacity / 4).max(max_batch_items)),
            tenants,
            chatwoot: file.chatwoot,
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
            max_batch_items,
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
                queue_capacity,
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
            redis_ca_file: args.redis_ca_file.clone().or(file.redis_ca_file),
            redis_tls_insecure: args.redis_tls_insecure || file.redis_tls_insecure.unwrap_or(false),
            redis_timeout_ms: args
                .redis_timeout_ms
                .or(file.redis_timeout_ms)
                .unwrap_or(500),
            conversation_ttl_secs: args
                .conversation_ttl_secs
                .or(file.conversation_ttl_secs)
                .unwrap_or(24 * 3600),
            max_conversations: args
                .max_conversations
                .or(file.max_conversations)
                .unwrap_or(100_000),
            handoff_retention_days: args
                .handoff_retention_days
                .or(file.handoff_retention_days)
                .unwrap_or(30),
            header_read_timeout_ms: args
                .header_read_timeout_ms
                .or(file.header_read_timeout_ms)
                .unwrap_or(10_000),
            max_connections: args
                .max_connections
                .or(file.max_connections)
                .unwrap_or(10_000),
            webhooks,
        };
        cfg.validate()?;
        Ok(cfg)
    }

    /// Every tenant's Chatwoot, by tenant (`[chatwoot]` is tenant `default`'s).
    pub fn chatwoot(&self) -> BTreeMap<String, ChatwootConfig> {
        let own = self
            .tenants
            .iter()
            .filter_map(|(t, c)| Some((t.clone(), c.chatwoot.clone()?)));
        self.chatwoot
            .iter()
            .map(|c| (crate::auth::DEFAULT_TENANT.to_string(), c.clone()))
            .chain(own)
            .collect()
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
            ("key_max_in_flight", self.key_max_in_flight),
            ("redis_timeout_ms", self.redis_timeout_ms as usize),
            (
                "handoff_retention_days",
                self.handoff_retention_days as usize,
            ),
            (
                "header_read_timeout_ms",
                self.header_read_timeout_ms as usize,
            ),
            ("max_connections", self.max_connections),
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
                crate::redact::url(&self.store)
            )));
        }
        let tls_store = self.store.starts_with("rediss://");
        if (self.redis_ca_file.is_some() || self.redis_tls_insecure) && !tls_store {
            return Err(ConfigError::Invalid(
                "redis_ca_file and redis_tls_insecure need a rediss:// store (TLS)".into(),
            ));
        }
        if self.redis_ca_file.is_some() && self.redis_tls_insecure {
            return Err(ConfigError::Invalid(
                "redis_ca_file and redis_tls_insecure contradict each other: give one".into(),
            ));
        }
        if tls_store && self.store.ends_with("#insecure") {
            // The crate's own opt-out would be read here as the key namespace "insecure".
            return Err(ConfigError::Invalid(
                "in a store URL \"#…\" is the key namespace: to skip the TLS certificate check \
                 give --redis-tls-insecure (better: --redis-ca-file)"
                    .into(),
            ));
        }
        let tenant_targets = self.webhooks.tenants.iter().flat_map(|(t, m)| {
            m.iter()
                .map(move |(q, target)| (format!("{t}/{q}"), target))
        });
        let targets = self
            .webhooks
            .targets
            .iter()
            .map(|(q, t)| (q.clone(), t))
            .chain(tenant_targets);
        for (q, t) in targets {
            if !(t.url.starts_with("http://") || t.url.starts_with("https://")) {
                return Err(ConfigError::Invalid(format!(
                    "webhook for {q}: URL must be http(s)"
                )));
            }
        }
        if let Some(t) = self.tenants.keys().find(|t| !crate::auth::valid_name(t)) {
            return Err(ConfigError::Invalid(format!(
                "tenant {t:?}: names are 1-64 of A-Z a-z 0-9 - _ ."
            )));
        }
        if let Some(h) = &self.allowed_hosts {
            crate::auth::hosts::AllowedHosts::parse(h).map_err(ConfigError::Invalid)?;
        }
        if self.chatwoot.is_some()
            && self
                .tenants
                .get(crate::auth::DEFAULT_TENANT)
                .is_some_and(|t| t.chatwoot.is_some())
        {
            return Err(ConfigError::Invalid(
                "[chatwoot] and [tenants.default.chatwoot] both configure tenant default".into(),
            ));
        }
        for (tenant, c) in self.chatwoot() {
            c.validate(&tenant).map_err(ConfigError::Invalid)?;
        }
        if self.keys.is_none() && !self.allow_unauthenticated && !is_loopback_addr(&self.addr) {
            return Err(ConfigError::Invalid(format!(
                "--addr {} is not a loopback address and there are no API keys: give --keys FILE \
                 (see `triage keys new`), or --allow-unauthenticated to serve it open to anyone \
                 who can reach it",
                self.addr
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_knowledge_base_goes_with_the_default_model_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("models/default")).unwrap();
        std::fs::create_dir_all(root.join("kb")).unwrap();
        std::fs::write(root.join(DEFAULT_KB), "").unwrap();
        let kb = root.join(DEFAULT_KB);
        assert_eq!(
            resolve_kb(None, &root.join("models/default")),
            Some(kb.clone())
        );
        assert_eq!(
            resolve_kb(None, &root.join("models/default/")),
            Some(kb.clone())
        );
        assert_eq!(resolve_kb(None, &root.join("models/./default")), Some(kb));
        assert_eq!(resolve_kb(None, &root.join("models/mine")), None);
        assert_eq!(resolve_kb(None, &root.join("elsewhere/default")), None);
        assert_eq!(
            resolve_kb(Some("none".into()), &root.join("models/default")),
            None
        );
        // The repository's own relative default, as the README's serve command uses it.
        assert_eq!(
            resolve_kb(None, Path::new(DEFAULT_MODEL)),
            Some(PathBuf::from(DEFAULT_KB))
        );
    }

    #[test]
    fn flag_beats_file_beats_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(
            &path,
            "addr = \"0.0.0.0:9000\"\nallow_unauthenticated = true\nmax_text_chars = 50\n",
        )
        .unwrap();
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
    fn redis_tls_settings_need_a_rediss_store_and_one_another_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(
            &path,
            "store = \"rediss://cache.example:6380\"\nredis_ca_file = \"/etc/ca.pem\"\n",
        )
        .unwrap();
        let args = ServeArgs {
            config: Some(path),
            ..Default::default()
        };
        let c = ServeConfig::resolve(&args).unwrap();
        assert_eq!(c.redis_ca_file, Some(PathBuf::from("/etc/ca.pem")));
        assert!(!c.redis_tls_insecure);
        let err = |args: ServeArgs| ServeConfig::resolve(&args).unwrap_err().to_string();
        let e = err(ServeArgs {
            store: Some("redis://127.0.0.1:6379".into()),
            redis_ca_file: Some("/etc/ca.pem".into()),
            ..Default::default()
        });
        assert!(e.contains("need a rediss:// store"), "{e}");
        let e = err(ServeArgs {
            store: Some("rediss://127.0.0.1:6379".into()),
            redis_ca_file: Some("/etc/ca.pem".into()),
            redis_tls_insecure: true,
            ..Default::default()
        });
        assert!(e.contains("contradict"), "{e}");
        let e = err(ServeArgs {
            store: Some("rediss://127.0.0.1:6379/#insecure".into()),
            ..Default::default()
        });
        assert!(e.contains("--redis-tls-insecure"), "{e}");
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

    #[test]
    fn no_keys_means_loopback_only_unless_allowed() {
        for (addr, ok) in [
            ("127.0.0.1:8080", true),
            ("localhost:8080", true),
            ("[::1]:8080", true),
            ("0.0.0.0:8080", false),
            ("10.1.2.3:80", false),
            ("[::]:8080", false),
            ("triage.example.com:80", false),
        ] {
            let args = ServeArgs {
                addr: Some(addr.into()),
                ..Default::default()
            };
            let r = ServeConfig::resolve(&args);
            assert_eq!(r.is_ok(), ok, "{addr}");
            if !ok {
                let e = r.unwrap_err().to_string();
                assert!(
                    e.contains("--keys") && e.contains("--allow-unauthenticated"),
                    "{e}"
                );
                let open = ServeArgs {
                    addr: Some(addr.into()),
                    allow_unauthenticated: true,
                    ..Default::default()
                };
                assert!(ServeConfig::resolve(&open).is_ok());
                let keyed = ServeArgs {
                    addr: Some(addr.into()),
                    keys: Some("keys.toml".into()),
                    ..Default::default()
                };
                assert!(ServeConfig::resolve(&keyed).is_ok());
            }
        }
    }

    #[test]
    fn tenants_hosts_and_the_shown_config_keep_secrets_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(
            &path,
            r#"
store = "redis://:pw@127.0.0.1:6379/0"
allowed_hosts = ["triage.internal"]
[webhooks.targets."*"]
url = "https://user:hook-pass@desk.example/in?token=abc"
secret = "s3"
[tenants.acme]
kb = "acme.jsonl"
[tenants.acme.webhooks.targets.orders]
url = "https://acme.example/hook?token=xyz"
secret = "acme-secret"
[tenants.acme.chatwoot]
base_url = "https://cw:cw-pass@chat.acme.example"
account_id = 7
bot_token = "cw-bot-token"
secret = "cw-signing-secret-1"
[tenants.acme.chatwoot.teams]
complaints = 3
"#,
        )
        .unwrap();
        let args = ServeArgs {
            config: Some(path.clone()),
            ..Default::default()
        };
        let c = ServeConfig::resolve(&args).unwrap();
        assert_eq!(c.tenants["acme"].kb, Some(PathBuf::from("acme.jsonl")));
        assert_eq!(
            c.webhooks.tenants["acme"]["orders"].url,
            "https://acme.example/hook?token=xyz"
        );
        assert_eq!(c.allowed_hosts, Some(vec!["triage.internal".to_string()]));
        assert_eq!(c.key_max_in_flight, 64);
        let shown = serde_json::to_string(&c).unwrap();
        for secret in [
            "pw@",
            "hook-pass",
            "token=abc",
            "token=xyz",
            "s3",
            "acme-secret",
            "cw-pass",
            "cw-bot-token",
            "cw-signing-secret-1",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("https://desk.example/in"), "{shown}");
        assert!(shown.contains("https://chat.acme.example"), "{shown}");
        assert_eq!(c.chatwoot()["acme"].teams["complaints"], 3);
        assert_eq!(c.chatwoot().len(), 1, "no [chatwoot] for tenant default");
        std::fs::write(&path, "[tenants.\"a:b\"]\nkb = \"x\"\n").unwrap();
        assert!(ServeConfig::resolve(&args).is_err());
        let args = ServeArgs {
            allowed_hosts: Some(vec!["a:b".into()]),
            ..Default::default()
        };
        assert!(ServeConfig::resolve(&args).is_err());
    }
}
