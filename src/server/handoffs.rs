//! Handoff routes for agents and agent-desk software: pull (list, get), status updates
//! (accept, resolve; idempotent, 409 on a wrong transition) and push (server-sent events).
//! Every route sees only the caller's tenant (another tenant's handoff is 404 whatever its
//! id), and an agent key limited to some queues only those queues.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures::stream::Stream;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio_stream::wrappers::BroadcastStream;

use super::error::ApiError;
use super::extract::{ApiJsonOpt, ApiPath, ApiQuery};
use super::AppState;
use crate::auth::Caller;
use crate::classify::MAX_ID_BYTES;
use crate::handoff::{Handoff, Status};
use crate::store::events::parse_id;
use crate::store::HandoffFilter;

const MAX_LIST: usize = 1000;

fn queue_allowed(caller: &Caller, queue: Option<&str>) -> Result<(), ApiError> {
    match queue {
        Some(q) if !caller.may_see_queue(q) => Err(ApiError::Forbidden(format!(
            "key {} may see only queues {}",
            caller.key_id(),
            caller.queues().unwrap_or_default().join(", ")
        ))),
        _ => Ok(()),
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFoundResource(format!("handoff {id} not found"))
}

/// The caller's handoff, if it may see it.
async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<Handoff, ApiError> {
    state
        .store
        .get_handoff(caller.tenant(), id)
        .await?
        .filter(|h| caller.may_see_queue(&h.queue))
        .ok_or_else(|| not_found(id))
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiQuery(mut f): ApiQuery<HandoffFilter>,
) -> Result<Json<Value>, ApiError> {
    for (field, v) in [
        ("queue", &f.queue),
        ("status", &f.status),
        ("conversation_id", &f.conversation_id),
    ] {
        if v.as_ref().is_some_and(|v| v.len() > MAX_ID_BYTES) {
            return Err(ApiError::invalid(
                field,
                format!("{field} must be at most {MAX_ID_BYTES} bytes"),
            ));
        }
    }
    queue_allowed(&caller, f.queue.as_deref())?;
    f.queues = caller.queues().map(<[String]>::to_vec);
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
    if let Some(c) = &f.cursor {
        if c.len() > 2 * MAX_ID_BYTES || crate::store::Cursor::parse(c).is_none() {
            return Err(ApiError::invalid(
                "cursor",
                "cursor must be a next_cursor of an earlier page",
            ));
        }
    }
    let page = state.store.list_handoffs(caller.tenant(), &f).await?;
    Ok(Json(json!({
        "handoffs": page.items,
        "next_cursor": page.next.map(|c| c.render()),
    })))
}

pub async fn get_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Handoff>, ApiError> {
    visible(&state, &caller, &id).await.map(Json)
}

#[derive(Debug, Default, Deserialize)]
pub struct StatusBody {
    /// The agent taking or closing the handoff.
    #[serde(default)]
    pub agent: Option<String>,
}

async fn move_to(
    state: &AppState,
    caller: &Caller,
    id: &str,
    to: Status,
    body: Option<StatusBody>,
) -> Result<Json<Value>, ApiError> {
    let agent = body.and_then(|b| b.agent);
    if agent.as_ref().is_some_and(|a| a.len() > MAX_ID_BYTES) {
        return Err(ApiError::invalid(
            "agent",
            format!("agent must be at most {MAX_ID_BYTES} bytes"),
        ));
    }
    let before = visible(state, caller, id).await?;
    let (h, changed) = transition(
        state,
        caller.tenant(),
        caller.key_id(),
        &before,
        to,
        agent.as_deref(),
    )
    .await?;
    Ok(Json(json!({ "handoff": h, "changed": changed })))
}

/// Moves `before` (a handoff of `tenant`) to `to`, asked by `key` (an id, or an integration's
/// name): the store, the conversation's reset on resolve, metrics, the audit log, webhooks and
/// the event stream. Returns the record and whether it changed.
pub(super) async fn transition(
    state: &AppState,
    tenant: &str,
    key: &str,
    before: &Handoff,
    to: Status,
    agent: Option<&str>,
) -> Result<(Handoff, bool), ApiError> {
    let id = before.id.as_str();
    let (mut h, changed) = state.store.transition(tenant, id, to, agent).await?;
    // The store's space is the owner, whatever an older record says: it routes the event.
    h.tenant = Some(tenant.to_string());
    if changed {
        if to == Status::Resolved {
            // The bot takes the conversation back with a clean slate.
            // Under the conversation's lease, so a turn in flight is not overwritten.
            let lease = state.store.lease(tenant, &h.conversation_id).await?;
            if let Some(mut c) = state
                .store
                .get_conversation(tenant, &h.conversation_id)
                .await?
            {
                c.failures = 0;
                c.clarified = false;
                let w = crate::store::TurnWrite {
                    conversation: &c,
                    handoff: None,
                    outbox: None,
                    event: None,
                    reply: None,
                };
                state.store.commit(tenant, &lease, &w).await?;
            }
            lease.release().await;
        }
        let ev = crate::handoff::HandoffEvent::new(&h);
        state
            .metrics
            .tenant_handoffs
            .with_label_values(&[tenant, ev.event.as_str()])
            .inc();
        state.audit.log(
            key,
            tenant,
            &ev.event,
            &h.id,
            json!({
                "conversation_id": h.conversation_id,
                "queue": h.queue,
                "from": before.status,
                "to": h.status,
                "agent": h.agent,
            }),
        );
        if state.config.webhooks.is_enabled() {
            state.store.outbox_push(&ev).await?;
        }
        if !state.store.publish(&ev).await? {
            let _ = state.events.send(ev);
        }
    }
    Ok((h, changed))
}

pub async fn accept(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJsonOpt(body): ApiJsonOpt<StatusBody>,
) -> Result<Json<Value>, ApiError> {
    move_to(&state, &caller, &id, Status::Accepted, body).await
}

pub async fn resolve(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJsonOpt(body): ApiJsonOpt<StatusBody>,
) -> Result<Json<Value>, ApiError> {
    move_to(&state, &caller, &id, Status::Resolved, body).await
}

#[derive(Debug, Default, Deserialize)]
pub struct StreamQuery {
    pub queue: Option<String>,
}

/// `handoff.created` / `handoff.accepted` / `handoff.resolved` events as they happen — on every
/// replica sharing the Redis store (on the memory store, this process's). Only the caller's
/// tenant's events (and queues) are sent. With Redis each event's id is its stream entry, and a
/// client reconnecting with `Last-Event-ID` first gets the events it missed (up to 1,000).
pub async fn stream(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    queue_allowed(&caller, q.queue.as_deref())?;
    // Subscribed before the missed events are read, so nothing falls between the two.
    let rx = state.events.subscribe();
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| parse_id(id).is_some());
    let missed = match resume {
        Some(id) => state.store.events_since(id).await?,
        None => Vec::new(),
    };
    // Events come in stream order; one at or before the newest sent (a live event that was
    // also replayed) is skipped.
    let mut newest = resume.and_then(parse_id);
    let live = BroadcastStream::new(rx).filter_map(|ev| async move { ev.ok() });
    let s = futures::stream::iter(missed)
        .chain(live)
        .filter_map(move |ev| {
            let keep = match (ev.stream_id.as_deref().and_then(parse_id), newest) {
                (Some(id), Some(seen)) if id <= seen => false,
                (Some(id), _) => {
                    newest = Some(id);
                    true
                }
                (None, _) => true,
            };
            let queue = q.queue.clone();
            let caller = caller.clone();
            async move {
                if !keep
                    || queue.as_deref().is_some_and(|qq| qq != ev.handoff.queue)
                    || ev.tenant() != caller.tenant()
                    || !caller.may_see_queue(&ev.handoff.queue)
                {
                    return None;
                }
                let data = serde_json::to_string(&ev).ok()?;
                let id = ev.stream_id.clone().unwrap_or_else(|| ev.idempotency_key());
                Some(Ok(Event::default()
                    .event(ev.event.clone())
                    .id(id)
                    .data(data)))
            }
        });
    let mut stop = state.shutdown.clone();
    let ended = async move {
        let _ = stop.wait_for(|v| *v).await;
    };
    Ok(
        Sse::new(s.take_until(ended))
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
}
