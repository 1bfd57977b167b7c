//! Handoff routes for agents and agent-desk software: pull (list, get), status updates
//! (accept, resolve; idempotent, 409 on a wrong transition) and push (server-sent events).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures::stream::Stream;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio_stream::wrappers::BroadcastStream;

use super::error::ApiError;
use super::AppState;
use crate::handoff::{Handoff, Status};
use crate::store::HandoffFilter;

const MAX_LIST: usize = 1000;

pub async fn list(
    State(state): State<Arc<AppState>>,
    Query(f): Query<HandoffFilter>,
) -> Result<Json<Value>, ApiError> {
    if let Some(s) = &f.status {
        if Status::parse(s).is_none() {
            return Err(ApiError::invalid(
                "status",
                format!("unknown status {s:?}; use pending, accepted or resolved"),
            ));
        }
    }
    if f.limit.is_some_and(|l| l == 0 || l > MAX_LIST) {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be 1..={MAX_LIST}"),
        ));
    }
    let items = state.store.list_handoffs(&f).await?;
    Ok(Json(json!({ "handoffs": items })))
}

pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Handoff>, ApiError> {
    state
        .store
        .get_handoff(&id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFoundResource(format!("handoff {id} not found")))
}

#[derive(Debug, Default, Deserialize)]
pub struct StatusBody {
    /// The agent taking or closing the handoff.
    #[serde(default)]
    pub agent: Option<String>,
}

async fn move_to(
    state: &AppState,
    id: &str,
    to: Status,
    body: Option<Json<StatusBody>>,
) -> Result<Json<Value>, ApiError> {
    let agent = body.and_then(|b| b.0.agent);
    let (h, changed) = state.store.transition(id, to, agent.as_deref()).await?;
    if changed {
        if to == Status::Resolved {
            // The bot takes the conversation back with a clean slate.
            if let Some(mut c) = state.store.get_conversation(&h.conversation_id).await? {
                c.failures = 0;
                c.clarified = false;
                state.store.put_conversation(&c).await?;
            }
        }
        let ev = crate::handoff::HandoffEvent::new(&h);
        if state.config.webhooks.is_enabled() {
            state.store.outbox_push(&ev).await?;
        }
        let _ = state.events.send(ev);
    }
    Ok(Json(json!({ "handoff": h, "changed": changed })))
}

pub async fn accept(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Option<Json<StatusBody>>,
) -> Result<Json<Value>, ApiError> {
    move_to(&state, &id, Status::Accepted, body).await
}

pub async fn resolve(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Option<Json<StatusBody>>,
) -> Result<Json<Value>, ApiError> {
    move_to(&state, &id, Status::Resolved, body).await
}

#[derive(Debug, Default, Deserialize)]
pub struct StreamQuery {
    pub queue: Option<String>,
}

/// `handoff.created` / `handoff.accepted` / `handoff.resolved` events as they happen on this
/// replica (with several replicas, use webhooks or poll the list).
pub async fn stream(
    State(state): State<Arc<AppState>>,
    Query(q): Query<StreamQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = state.events.subscribe();
    let s = BroadcastStream::new(rx).filter_map(move |ev| {
        let queue = q.queue.clone();
        async move {
            let ev = ev.ok()?;
            if queue.as_deref().is_some_and(|qq| qq != ev.handoff.queue) {
                return None;
            }
            let data = serde_json::to_string(&ev).ok()?;
            Some(Ok(Event::default()
                .event(ev.event.clone())
                .id(ev.idempotency_key())
                .data(data)))
        }
    });
    let mut stop = state.shutdown.clone();
    let ended = async move {
        let _ = stop.wait_for(|v| *v).await;
    };
    Sse::new(s.take_until(ended)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
