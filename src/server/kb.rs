//! The knowledge-base admin API: list, read, add/replace, delete, reload. Changes rewrite the
//! file atomically and swap in a new index; classification never waits for them.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use super::extract::ApiJson;
use super::AppState;
use crate::kb::{Entry, EntryBody};

pub const MAX_PAGE: usize = 1000;

#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub limit: Option<usize>,
}

fn sync_gauges(state: &AppState, kb: &crate::kb::KbIndex) {
    state.metrics.kb_entries.set(kb.len() as i64);
    state.metrics.kb_questions.set(kb.rows() as i64);
}

/// `GET /v1/kb?offset=&limit=`: entries in file order (at most 1000 per page).
pub async fn list(
    State(state): State<Arc<AppState>>,
    page: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let c = state.classifier()?;
    let Query(page) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let limit = page.limit.unwrap_or(MAX_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_PAGE}"),
        ));
    }
    let kb = c.kb.snapshot();
    let entries: Vec<&Entry> = kb.entries().iter().skip(page.offset).take(limit).collect();
    Ok(Json(json!({
        "count": kb.len(),
        "questions": kb.rows(),
        "offset": page.offset,
        "limit": limit,
        "file": c.kb.path().map(|p| p.display().to_string()),
        "reloads": c.kb.reloads(),
        "entries": entries,
    })))
}

/// `GET /v1/kb/{id}`.
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Entry>, ApiError> {
    let c = state.classifier()?;
    let kb = c.kb.snapshot();
    kb.get(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| crate::kb::KbError::NotFound(id).into())
}

/// `PUT /v1/kb/{id}`: adds (201) or replaces (200) the entry; returns it as stored.
pub async fn put_one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<(StatusCode, Json<Entry>), ApiError> {
    let c = state.classifier()?;
    let entry = body.into_entry(&id)?;
    let (stored, created) = c.kb.put(entry).await?;
    sync_gauges(&state, &c.kb.snapshot());
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
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let c = state.classifier()?;
    let removed = c.kb.delete(&id).await?;
    sync_gauges(&state, &c.kb.snapshot());
    Ok(Json(json!({"deleted": removed})))
}

/// `POST /v1/kb:reload`: re-reads the file; on error the served knowledge base is unchanged.
pub async fn reload(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let c = state.classifier()?;
    let stats = c.kb.reload().await?;
    state.metrics.kb_reloads.inc();
    sync_gauges(&state, &c.kb.snapshot());
    Ok(Json(json!({
        "reloaded": true,
        "entries": stats.entries,
        "questions": stats.questions,
        "encoded": stats.encoded,
        "ms": stats.ms,
    })))
}
