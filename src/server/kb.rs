//! The knowledge-base admin API: list, read, add/replace, delete, reload. Changes rewrite the
//! file atomically and swap in a new index; classification never waits for them. Each tenant
//! has its own knowledge base (`[tenants.NAME] kb`; tenant `default`: `--kb`), which only its
//! own admin keys read and edit; every change goes to the audit log.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::AppState;
use crate::auth::Caller;
use crate::kb::{Entry, EntryBody, KbStore};

pub const MAX_PAGE: usize = 1000;

#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub limit: Option<usize>,
}

/// The gauges describe tenant `default`'s knowledge base.
fn sync_gauges(state: &AppState, caller: &Caller, kb: &crate::kb::KbIndex) {
    if caller.tenant() == crate::auth::DEFAULT_TENANT {
        state.metrics.kb_entries.set(kb.len() as i64);
        state.metrics.kb_questions.set(kb.rows() as i64);
    }
}

fn kb_of<'a>(state: &'a AppState, caller: &Caller) -> Result<&'a Arc<KbStore>, ApiError> {
    Ok(state.classifier()?.kb_for(caller.tenant()))
}

/// `GET /v1/kb?offset=&limit=`: entries in file order (at most 1000 per page).
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    page: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let kb_store = kb_of(&state, &caller)?;
    let Query(page) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let limit = page.limit.unwrap_or(MAX_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_PAGE}"),
        ));
    }
    let kb = kb_store.snapshot();
    let entries: Vec<&Entry> = kb.entries().iter().skip(page.offset).take(limit).collect();
    Ok(Json(json!({
        "count": kb.len(),
        "questions": kb.rows(),
        "offset": page.offset,
        "limit": limit,
        "file": kb_store.path().map(|p| p.display().to_string()),
        "reloads": kb_store.reloads(),
        "settings": kb.settings(),
        "entries": entries,
    })))
}

/// `GET /v1/kb/{id}`.
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Entry>, ApiError> {
    let kb = kb_of(&state, &caller)?.snapshot();
    kb.get(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| crate::kb::KbError::NotFound(id).into())
}

/// `PUT /v1/kb/{id}`: adds (201) or replaces (200) the entry; returns it as stored.
pub async fn put_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<(StatusCode, Json<Entry>), ApiError> {
    let kb = kb_of(&state, &caller)?;
    let entry = body.into_entry(&id)?;
    let (stored, created) = kb.put(entry).await?;
    sync_gauges(&state, &caller, &kb.snapshot());
    state.audit.log(
        caller.key_id(),
        caller.tenant(),
        "kb.put",
        &stored.id,
        json!({"created": created, "entry": stored}),
    );
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(stored)))
}

/// `DELETE /v1/kb/{id}`: returns the removed entry.
pub async fn delete_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let kb = kb_of(&state, &caller)?;
    let removed = kb.delete(&id).await?;
    sync_gauges(&state, &caller, &kb.snapshot());
    state.audit.log(
        caller.key_id(),
        caller.tenant(),
        "kb.delete",
        &removed.id,
        json!({"entry": removed}),
    );
    Ok(Json(json!({"deleted": removed})))
}

/// `POST /v1/kb:reload`: re-reads the file; on error the served knowledge base is unchanged.
pub async fn reload(
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Json<Value>, ApiError> {
    let kb = kb_of(&state, &caller)?;
    let stats = kb.reload().await?;
    state.metrics.kb_reloads.inc();
    sync_gauges(&state, &caller, &kb.snapshot());
    state.audit.log(
        caller.key_id(),
        caller.tenant(),
        "kb.reload",
        "",
        json!({"file": kb.path().map(|p| p.display().to_string()), "stats": stats}),
    );
    Ok(Json(json!({
        "reloaded": true,
        "entries": stats.entries,
        "questions": stats.questions,
        "encoded": stats.encoded,
        "ms": stats.ms,
    })))
}
