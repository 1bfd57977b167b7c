//! Route handlers: thin wrappers that validate, call the classify pipeline and record metrics.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::extract::ApiJson;
use super::AppState;
use crate::auth::Caller;
use crate::classify::{ClassifyError, ClassifyRequest, ClassifyResponse, Replied};

impl From<ClassifyError> for ApiError {
    fn from(e: ClassifyError) -> Self {
        match e {
            ClassifyError::Invalid { field, message } => ApiError::Invalid { field, message },
            e @ ClassifyError::TooLong { .. } => ApiError::TooLarge(e.to_string()),
            ClassifyError::Engine(e) => e.into(),
            ClassifyError::Store(e) => e.into(),
        }
    }
}

fn record(state: &AppState, caller: &Caller, r: &ClassifyResponse) {
    record_for(state, caller.tenant(), caller.key_id(), r)
}

/// Metrics and the audit log of one decision, for `tenant`, asked by `key` (an id, or the name
/// of an integration that authenticates on its own).
pub(super) fn record_for(state: &AppState, tenant: &str, key: &str, r: &ClassifyResponse) {
    let m = &state.metrics;
    let action = serde_json::to_value(r.action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    m.actions.with_label_values(&[&action]).inc();
    m.tenant_decisions
        .with_label_values(&[tenant, &action])
        .inc();
    if let Some(h) = r.handoff.as_ref().filter(|_| r.handoff_created) {
        m.tenant_handoffs
            .with_label_values(&[tenant, "handoff.created"])
            .inc();
        state.audit.log(
            key,
            tenant,
            "handoff.created",
            &h.id,
            json!({
                "conversation_id": h.conversation_id,
                "queue": h.queue,
                "priority": h.priority,
                "reasons": h.reasons.iter().map(|r| r.code).collect::<Vec<_>>(),
            }),
        );
    }
    for reason in &r.reasons {
        m.reasons.with_label_values(&[reason.code.as_str()]).inc();
    }
    m.intents.with_label_values(&[&r.intent.label]).inc();
    m.batch_size
        .with_label_values::<&str>(&[])
        .observe(r.timing_ms.batch_size as f64);
    m.inference
        .with_label_values::<&str>(&[])
        .observe(r.timing_ms.inference / 1e3);
}

/// With a key, the tenant is the key's: a body naming another is refused, and the policy
/// overrides follow the key. Without keys the body's `tenant` still picks the policy overrides.
fn scope(caller: &Caller, req: &mut ClassifyRequest, field: &str) -> Result<(), ApiError> {
    if !caller.is_authenticated() {
        return Ok(());
    }
    if let Some(t) = req.tenant.as_deref().filter(|t| *t != caller.tenant()) {
        return Err(ApiError::Forbidden(format!(
            "{field} {t:?} is not the tenant of key {}",
            caller.key_id()
        )));
    }
    req.tenant = Some(caller.tenant().to_string());
    Ok(())
}

/// Counts `texts` against the key's share of the inference queue until the permit drops.
fn admit(
    caller: &Caller,
    texts: usize,
) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, ApiError> {
    Ok(caller.key().map(|k| k.limiter.admit(texts)).transpose()?)
}

/// The longest `Idempotency-Key` accepted (it becomes part of a store key).
pub const MAX_IDEMPOTENCY_KEY: usize = 128;

/// The request's `Idempotency-Key`: 1–128 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let bad = || {
        ApiError::invalid(
            "Idempotency-Key",
            format!("Idempotency-Key must be 1-{MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
        )
    };
    let k = v.to_str().map_err(|_| bad())?.trim();
    if k.is_empty() || k.len() > MAX_IDEMPOTENCY_KEY || !k.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad());
    }
    Ok(Some(k.to_string()))
}

pub async fn classify(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(mut req): ApiJson<ClassifyRequest>,
) -> Result<Response, ApiError> {
    let c = state.classifier()?;
    scope(&caller, &mut req, "tenant")?;
    let key = idempotency_key(&headers)?;
    let _permit = admit(&caller, 1)?;
    let resp = c
        .classify_keyed(caller.tenant(), &req, key.as_deref())
        .await;
    state.metrics.queue_depth.set(c.engine.queue_depth() as i64);
    match resp? {
        Replied::Fresh(resp) => {
            record(&state, &caller, &resp);
            Ok(Json(resp).into_response())
        }
        // The answer the first attempt got, byte for byte; nothing was decided or stored again.
        Replied::Replay(raw) => Ok((
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::HeaderName::from_static("idempotent-replayed"),
                    "true",
                ),
            ],
            raw,
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
pub struct BatchRequest {
    pub items: Vec<ClassifyRequest>,
}

pub async fn classify_batch(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiJson(mut req): ApiJson<BatchRequest>,
) -> Result<Json<Value>, ApiError> {
    let c = state.classifier()?;
    if req.items.is_empty() {
        return Err(ApiError::invalid(
            "items",
            "items must hold at least one message",
        ));
    }
    let limit = state.config.max_batch_items;
    if req.items.len() > limit {
        return Err(ApiError::TooLarge(format!(
            "batch of {} items; the limit is {limit}",
            req.items.len()
        )));
    }
    for (i, item) in req.items.iter_mut().enumerate() {
        scope(&caller, item, &format!("items[{i}].tenant"))?;
    }
    let _permit = admit(&caller, req.items.len())?;
    let results = c.classify_batch_for(caller.tenant(), &req.items).await?;
    for r in &results {
        record(&state, &caller, r);
    }
    Ok(Json(json!({ "items": results })))
}

pub async fn models(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let c = state.classifier()?;
    let model = c.engine.model();
    let m = &model.manifest;
    Ok(Json(json!({
        "models": [{
            "name": m.name,
            "version": m.version,
            "path": state.config.model.display().to_string(),
            "encoder": {
                "architecture": model.bundle.encoder.config().model_type,
                "hidden_size": model.bundle.encoder.hidden_size(),
                "layers": model.bundle.encoder.config().num_hidden_layers,
                "max_tokens": model.bundle.tokenizer.max_tokens(),
                "backend": model.bundle.encoder.describe(),
                "prefix": m.encoder.prefix,
            },
            "intents": m.intent_labels(),
            "sentiment": m.heads.get("sentiment").map(|h| h.labels.clone()),
            "out_of_scope": m.oos,
            "thresholds": m.thresholds,
            "metrics": m.metrics,
        }]
    })))
}

/// Version, the resolved configuration (URLs without user-info or query, no secrets, no key
/// hashes; with a key, only the caller's tenant of the per-tenant settings) and who is asking.
pub async fn info(State(state): State<Arc<AppState>>, caller: Caller) -> Json<Value> {
    let mut config = serde_json::to_value(&state.config).unwrap_or(Value::Null);
    if caller.is_authenticated() {
        let mine = |v: &mut Value| {
            if let Some(m) = v.as_object_mut() {
                m.retain(|t, _| t == caller.tenant());
            }
        };
        mine(&mut config["tenants"]);
        mine(&mut config["webhooks"]["tenants"]);
        if caller.tenant() != crate::auth::DEFAULT_TENANT {
            if let Some(m) = config.as_object_mut() {
                m.remove("chatwoot");
            }
        }
    }
    let auth = match caller.key() {
        Some(k) => json!({
            "keys": true,
            "key": k.id,
            "tenant": k.tenant,
            "roles": k.roles.roles(),
            "queues": k.queues,
            "rate_per_sec": k.rate_per_sec,
        }),
        None => json!({"keys": false, "tenant": caller.tenant()}),
    };
    Json(json!({
        "name": "triage",
        "version": env!("CARGO_PKG_VERSION"),
        "config": config,
        "auth": auth,
        "allowed_hosts": state.hosts.describe(),
        "ready": state.classifier.get().is_some(),
        "encoder": state
            .classifier
            .get()
            .map(|c| c.engine.model().bundle.encoder.info()),
        "uptime_s": state.started.elapsed().as_secs_f64(),
    }))
}

pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

pub async fn readyz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    if !state.store.healthy() {
        // Conversation requests would fail: a load balancer should send traffic elsewhere.
        let mut body = json!({"status": "store_unavailable", "store": state.store.kind()});
        if let Some(why) = state.store.last_error() {
            // E.g. a TLS certificate the CA file does not vouch for: say so, not just "down".
            body["error"] = json!(why);
        }
        (StatusCode::SERVICE_UNAVAILABLE, Json(body))
    } else if state.classifier.get().is_some() {
        (StatusCode::OK, Json(json!({"status": "ready"})))
    } else if let Some(e) = state.load_error.get() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "failed", "error": e})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "loading"})),
        )
    }
}

pub async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    if let Some(c) = state.classifier.get() {
        state.metrics.queue_depth.set(c.engine.queue_depth() as i64);
        let kb = c.kb.snapshot();
        state.metrics.kb_entries.set(kb.len() as i64);
        state.metrics.kb_questions.set(kb.rows() as i64);
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// The API description (`openapi.json` at the repository root, kept true by tests/openapi.rs).
pub const OPENAPI: &str = include_str!("../../openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_string())
}

pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}
