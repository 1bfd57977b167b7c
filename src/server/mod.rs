//! The HTTP server (axum): routes, the one error mapping, metrics, start-up and graceful
//! shutdown. The model loads in the background; `/readyz` turns ready when it has.

pub mod auth;
pub mod chatwoot;
pub mod conversations;
pub mod error;
pub mod extract;
pub mod handoffs;
pub mod kb;
pub mod listen;
pub mod metrics;
pub mod routes;
pub mod ui;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use tokio::net::TcpListener;

use crate::audit::AuditLog;
use crate::auth::hosts::AllowedHosts;
use crate::auth::KeyRing;
use crate::classify::Classifier;
use crate::config::ServeConfig;
use crate::engine::Engine;
use crate::handoff::HandoffEvent;
use crate::model::{select_device, Model};
use crate::policy::Policy;
use crate::store::{Store, StoreLimits};

pub struct AppState {
    pub config: ServeConfig,
    pub classifier: OnceLock<Classifier>,
    pub load_error: OnceLock<String>,
    pub metrics: metrics::Metrics,
    pub started: Instant,
    pub store: Arc<Store>,
    pub events: tokio::sync::broadcast::Sender<HandoffEvent>,
    /// Flips to true when the server is shutting down: long-lived streams end so the graceful
    /// shutdown can finish.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
    /// API keys; `None`: no authentication (the anonymous caller of tenant `default`).
    pub keys: Option<Arc<KeyRing>>,
    /// `Host` header values served.
    pub hosts: AllowedHosts,
    pub audit: AuditLog,
    /// Every tenant's Chatwoot (`POST /v1/integrations/chatwoot`).
    pub chatwoot: std::collections::BTreeMap<String, crate::handoff::chatwoot::ChatwootConfig>,
    /// Client connections open now (bounded by `--max-connections`).
    pub connections: Arc<std::sync::atomic::AtomicI64>,
}

impl AppState {
    pub fn classifier(&self) -> Result<&Classifier, error::ApiError> {
        self.classifier.get().ok_or(error::ApiError::NotReady)
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    let body_limit = state.config.max_body_bytes;
    let timeout = Duration::from_secs(state.config.request_timeout_secs);
    Router::new()
        .route("/v1/classify", post(routes::classify))
        .route("/v1/classify/batch", post(routes::classify_batch))
        .route("/v1/models", get(routes::models))
        .route("/v1/handoffs", get(handoffs::list))
        .route("/v1/handoffs/stream", get(handoffs::stream))
        .route("/v1/handoffs/{id}", get(handoffs::get_one))
        .route("/v1/handoffs/{id}/accept", post(handoffs::accept))
        .route("/v1/handoffs/{id}/resolve", post(handoffs::resolve))
        .route("/v1/conversations/{id}", get(conversations::get_one))
        .route("/v1/kb", get(kb::list))
        .route("/v1/kb:reload", post(kb::reload))
        .route(
            "/v1/kb/{id}",
            put(kb::put_one).get(kb::get_one).delete(kb::delete_one),
        )
        .route("/v1/info", get(routes::info))
        .route("/v1/integrations/chatwoot", post(chatwoot::event))
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/metrics", get(routes::metrics))
        .route("/ui", get(ui::root))
        .route("/ui/", get(ui::inbox))
        .route("/ui/chat", get(ui::chat))
        .route("/ui/{asset}", get(ui::asset))
        .route("/openapi.json", get(routes::openapi))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), auth::guard))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(middleware::from_fn_with_state(timeout, deadline))
        .layer(middleware::from_fn(bounded_head))
        .with_state(state)
}

/// Longest request target (path and query) answered; longer is 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most bytes of header names and values in one request; more is 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Most header fields in one request; more is 431 (hyper refuses past its own, larger, count).
pub const MAX_HEADERS: usize = 100;
/// The hard ceiling of one HTTP/1 request head (request line and headers, as read) and of an
/// HTTP/2 header list: hyper stops reading there and answers a bare 431 (no body) before the
/// app sees the request. Four times the documented limits, so a head merely over those still
/// reaches [`bounded_head`] and gets the JSON 431; it also bounds what one stalled connection
/// can make the server buffer.
pub const HEAD_CEILING_BYTES: usize = 128 * 1024;
/// Header fields hyper parses in one HTTP/1 head; past it, a bare 431 as for the byte ceiling.
pub const HEAD_CEILING_FIELDS: usize = 256;
const _: () =
    assert!(HEAD_CEILING_BYTES >= 2 * (MAX_URI_BYTES + MAX_HEADER_BYTES + 4 * MAX_HEADERS));
const _: () = assert!(HEAD_CEILING_FIELDS >= 2 * MAX_HEADERS);

/// 414 / 431 as the app's JSON errors. hyper itself only refuses far larger heads (a 64 KiB
/// target; past [`HEAD_CEILING_BYTES`] or [`HEAD_CEILING_FIELDS`]), with an empty body; these
/// limits sit well below its, so a client over them sees the JSON answer.
async fn bounded_head(req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > MAX_URI_BYTES {
        return error::ApiError::UriTooLong(MAX_URI_BYTES).into_response();
    }
    let headers = req.headers();
    let bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return error::ApiError::HeadersTooLarge(format!(
            "request headers are limited to {MAX_HEADERS} fields and {MAX_HEADER_BYTES} bytes"
        ))
        .into_response();
    }
    next.run(req).await
}

/// Records request counts and latency per matched route (bounded label set).
async fn observe(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let t = Instant::now();
    let resp = next.run(req).await;
    let m = &state.metrics;
    m.requests
        .with_label_values(&[&route, resp.status().as_str()])
        .inc();
    m.latency
        .with_label_values(&[&route])
        .observe(t.elapsed().as_secs_f64());
    resp
}

async fn deadline(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => error::ApiError::Timeout(limit.as_secs()).into_response(),
    }
}

pub fn store_limits(config: &ServeConfig) -> StoreLimits {
    StoreLimits {
        max_conversations: config.max_conversations,
        conversation_ttl: Duration::from_secs(config.conversation_ttl_secs),
        handoff_retention: Duration::from_secs(config.handoff_retention_days * 24 * 3600),
    }
}

/// Loads the policy and the model and starts the engine (blocking; run off the async runtime).
pub fn load_classifier(
    config: &ServeConfig,
    store: Arc<Store>,
    events: Option<tokio::sync::broadcast::Sender<HandoffEvent>>,
) -> Result<Classifier, String> {
    let policy = match &config.policy {
        Some(p) => Policy::load(p).map_err(|e| e.to_string())?,
        None => Policy::built_in(),
    };
    let device = select_device();
    let model = Model::load_with(&config.model, &device, &config.run_options())
        .map_err(|e| format!("model {}: {e}", config.model.display()))?;
    let model = Arc::new(model);
    let open_kb = |tenant: &str, path: &std::path::Path| {
        let (kb, stats) = crate::kb::KbStore::open(path, model.clone())
            .map_err(|e| format!("knowledge base {}: {e}", path.display()))?;
        tracing::info!(
            tenant,
            kb = %path.display(),
            entries = stats.entries,
            questions = stats.questions,
            ms = stats.ms as u64,
            "knowledge base indexed"
        );
        Ok::<_, String>(Arc::new(kb))
    };
    let kb = match &config.kb {
        Some(path) => Some(open_kb(crate::auth::DEFAULT_TENANT, path)?),
        None => None,
    };
    let mut tenant_kbs = Vec::new();
    for (tenant, t) in &config.tenants {
        if let Some(path) = &t.kb {
            tenant_kbs.push((tenant.clone(), open_kb(tenant, path)?));
        }
    }
    let engine = Engine::start(model, config.engine.clone());
    let classifier = Classifier::new(
        Arc::new(engine),
        policy,
        store,
        events,
        config.webhooks.is_enabled(),
        config.max_text_chars,
    );
    let mut classifier = match kb {
        Some(kb) => classifier.with_kb(kb),
        None => classifier,
    };
    for (tenant, kb) in tenant_kbs {
        classifier = classifier.with_tenant_kb(&tenant, kb);
    }
    Ok(classifier)
}

/// Loading unpacks weights through several temporary copies; glibc keeps the freed pages in its
/// arenas unless asked to give them back (measured: ~60 MB of resident memory).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the OS.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How often the keys file is checked for changes.
pub const KEYS_POLL: Duration = Duration::from_secs(1);

/// Says at start-up who can call the server.
fn announce_access(
    config: &ServeConfig,
    addr: SocketAddr,
    keys: Option<&KeyRing>,
    hosts: &AllowedHosts,
) {
    let hosts = hosts.describe().join(", ");
    match keys {
        Some(ring) => {
            let set = ring.current();
            tracing::info!(
                file = %ring.path().display(),
                keys = set.len(),
                tenants = %set.tenants().join(", "),
                allowed_hosts = %hosts,
                "API keys required (Authorization: Bearer); re-read on SIGHUP and on change"
            );
        }
        None if addr.ip().is_loopback() => tracing::warn!(
            %addr,
            allowed_hosts = %hosts,
            "no API keys (--keys): serving without authentication on loopback only; every \
             request is tenant \"default\" with every role"
        ),
        None => tracing::warn!(
            %addr,
            allowed_hosts = %hosts,
            allow_unauthenticated = config.allow_unauthenticated,
            "no API keys (--keys) and --allow-unauthenticated: anyone who reaches this address \
             can classify, read and move handoffs and edit the knowledge base"
        ),
    }
}

/// A running server (used by `triage serve` and by the integration tests).
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    stop_background: Arc<tokio::sync::watch::Sender<bool>>,
    webhook_task: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// Waits until the model is loaded (or failed to load).
    pub async fn wait_ready(&self, limit: Duration) -> Result<(), String> {
        let t = Instant::now();
        while t.elapsed() < limit {
            if self.state.classifier.get().is_some() {
                return Ok(());
            }
            if let Some(e) = self.state.load_error.get() {
                return Err(e.clone());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Err("timed out waiting for the model".into())
    }

    /// Stops accepting connections, drains in-flight requests, then stops the engine and the
    /// webhook deliverer (an attempt in flight finishes, bounded by the webhook timeout; the
    /// rest stay scheduled in the store for any replica).
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.wait().await
    }

    pub async fn wait(mut self) -> std::io::Result<()> {
        let r = (&mut self.task).await.unwrap_or(Ok(()));
        let _ = self.stop_background.send(true);
        if let Some(t) = self.webhook_task.take() {
            let _ = t.await;
        }
        if let Some(c) = self.state.classifier.get() {
            let engine = c.engine.clone();
            let _ = tokio::task::spawn_blocking(move || engine.shutdown()).await;
        }
        r
    }
}

/// Binds, starts serving at once (health answers, readiness waits for the model) and loads the
/// model in the background. `external_shutdown` also stops the server (Ctrl-C / SIGTERM).
pub async fn start(
    config: ServeConfig,
    listener: TcpListener,
    external_shutdown: Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>>,
) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let limits = store_limits(&config);
    let store = Arc::new(if config.store == "memory" {
        Store::memory(limits)
    } else {
        // Listens whether Redis is up or not; /readyz says when it can be reached.
        let timeout = Duration::from_millis(config.redis_timeout_ms);
        let ca_pem = match &config.redis_ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                std::io::Error::other(format!("redis CA file {}: {e}", path.display()))
            })?),
            None => None,
        };
        if config.redis_tls_insecure {
            tracing::warn!(
                "--redis-tls-insecure: the Redis server's certificate is not checked (encrypted, \
                 not authenticated)"
            );
        }
        let tls = crate::store::RedisTls {
            ca_pem,
            insecure: config.redis_tls_insecure,
        };
        Store::redis(&config.store, limits, timeout, &tls).map_err(|e| {
            std::io::Error::other(format!("store {}: {e}", crate::redact::url(&config.store)))
        })?
    });
    if config.keys.is_none() && !config.allow_unauthenticated && !addr.ip().is_loopback() {
        return Err(std::io::Error::other(format!(
            "{addr} is not a loopback address and there are no API keys: give --keys FILE, or \
             --allow-unauthenticated"
        )));
    }
    let keys = match &config.keys {
        Some(path) => Some(Arc::new(
            KeyRing::load(path, config.key_max_in_flight).map_err(std::io::Error::other)?,
        )),
        None => None,
    };
    let hosts = match &config.allowed_hosts {
        Some(h) => AllowedHosts::parse(h).map_err(std::io::Error::other)?,
        None => AllowedHosts::for_bound(addr),
    };
    let audit = AuditLog::open(config.audit_log.as_deref()).map_err(|e| {
        std::io::Error::other(format!(
            "audit log {}: {e}",
            config
                .audit_log
                .as_deref()
                .unwrap_or(std::path::Path::new(""))
                .display()
        ))
    })?;
    announce_access(&config, addr, keys.as_deref(), &hosts);
    let (events, _) = tokio::sync::broadcast::channel(1024);
    let (stop_background, stop_rx) = tokio::sync::watch::channel(false);
    let stop_background = Arc::new(stop_background);
    let state = Arc::new(AppState {
        config: config.clone(),
        classifier: OnceLock::new(),
        load_error: OnceLock::new(),
        metrics: metrics::Metrics::new(),
        started: Instant::now(),
        store: store.clone(),
        events: events.clone(),
        shutdown: stop_rx.clone(),
        keys: keys.clone(),
        hosts,
        audit,
        chatwoot: config.chatwoot(),
        connections: Arc::new(std::sync::atomic::AtomicI64::new(0)),
    });
    if let Some(ring) = keys {
        // Registered here, before serving, so a SIGHUP from now on reloads instead of killing.
        let hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        tokio::spawn(ring.watch(KEYS_POLL, hangups, stop_rx.clone()));
    }
    if let Store::Redis(r) = store.as_ref() {
        // Every replica's handoff events reach this replica's stream subscribers.
        r.follow_events(events.clone(), stop_rx.clone());
    }
    let chatwoot = config.chatwoot();
    let webhook_task = (config.webhooks.is_enabled() || !chatwoot.is_empty()).then(|| {
        tokio::spawn(crate::handoff::webhook::run(
            store.clone(),
            crate::handoff::webhook::Receivers {
                webhooks: config.webhooks.clone(),
                chatwoot,
            },
            stop_rx,
        ))
    });
    let loader_state = state.clone();
    tokio::task::spawn_blocking(move || {
        let t = Instant::now();
        let store = loader_state.store.clone();
        let events = Some(loader_state.events.clone());
        match load_classifier(&loader_state.config, store, events) {
            Ok(c) => {
                release_freed_memory();
                tracing::info!(
                    model = %loader_state.config.model.display(),
                    encoder = %c.engine.model().bundle.encoder.describe(),
                    kernels = %c.engine.model().bundle.encoder.info(),
                    ms = t.elapsed().as_millis() as u64,
                    "model loaded, ready"
                );
                let _ = loader_state.classifier.set(c);
            }
            Err(e) => {
                tracing::error!(error = %e, "model failed to load");
                let _ = loader_state.load_error.set(e.to_string());
            }
        }
    });
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = router(state.clone());
    let stop_tx = stop_background.clone();
    let limits = listen::ConnLimits {
        header_read_timeout: Duration::from_millis(config.header_read_timeout_ms.max(1)),
        max_connections: listen::fit_to_fd_limit(config.max_connections.max(1)),
    };
    if limits.max_connections < config.max_connections {
        tracing::warn!(
            wanted = config.max_connections,
            max_connections = limits.max_connections,
            "--max-connections lowered to fit the open-file limit (ulimit -n)"
        );
    }
    let open = state.connections.clone();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            match external_shutdown {
                Some(ext) => {
                    tokio::select! {
                        _ = rx => {},
                        _ = ext => {},
                    }
                }
                None => {
                    let _ = rx.await;
                }
            }
            let _ = stop_tx.send(true);
        };
        listen::serve(listener, app, limits, open, shutdown).await
    });
    Ok(Running {
        addr,
        state,
        shutdown: Some(tx),
        task,
        stop_background,
        webhook_task,
    })
}
