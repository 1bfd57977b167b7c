//! `GET /v1/conversations/{id}`: the stored conversation as an agent needs it — each turn's
//! masked text, what the bot did and why, the failure count and the latest handoff. Only the
//! caller's tenant; an agent key limited to some queues sees a conversation only when its
//! handoff is in one of them.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::error::ApiError;
use super::extract::ApiPath;
use super::AppState;
use crate::auth::Caller;
use crate::classify::{Customer, EntityOut, MAX_ID_BYTES};
use crate::conversation::{Conversation, Turn};
use crate::policy::{Action, ReasonCode};
use crate::text::language::Language;

/// A stored turn without its embedding (internal, and most of the bytes).
#[derive(Debug, Serialize)]
pub struct TurnView {
    pub at: DateTime<Utc>,
    pub text: String,
    pub language: Language,
    pub intent: String,
    pub confidence: f32,
    pub oos: bool,
    pub sentiment: Option<f32>,
    pub action: Action,
    pub reasons: Vec<ReasonCode>,
    pub bot_reply: Option<String>,
    pub entities: Vec<EntityOut>,
}

#[derive(Debug, Serialize)]
pub struct ConversationView {
    pub id: String,
    pub customer: Option<Customer>,
    pub turns: Vec<TurnView>,
    pub failures: u32,
    pub clarified: bool,
    pub handoff_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Turn> for TurnView {
    fn from(t: Turn) -> Self {
        Self {
            at: t.at,
            text: t.text,
            language: t.language,
            intent: t.intent,
            confidence: t.confidence,
            oos: t.oos,
            sentiment: t.sentiment,
            action: t.action,
            reasons: t.reasons,
            bot_reply: t.bot_reply,
            entities: t.entities,
        }
    }
}

impl From<Conversation> for ConversationView {
    fn from(c: Conversation) -> Self {
        Self {
            id: c.id,
            customer: c.customer,
            turns: c.turns.into_iter().map(TurnView::from).collect(),
            failures: c.failures,
            clarified: c.clarified,
            handoff_id: c.handoff_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

pub async fn get_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ConversationView>, ApiError> {
    if id.len() > MAX_ID_BYTES {
        return Err(ApiError::invalid(
            "id",
            format!("conversation ids are at most {MAX_ID_BYTES} bytes"),
        ));
    }
    let tenant = caller.tenant();
    let missing = || ApiError::NotFoundResource(format!("conversation {id} not found"));
    let conv = state
        .store
        .get_conversation(tenant, &id)
        .await?
        .ok_or_else(missing)?;
    if caller.queues().is_some() {
        let queue = match &conv.handoff_id {
            Some(h) => state.store.get_handoff(tenant, h).await?.map(|h| h.queue),
            None => None,
        };
        if !queue.is_some_and(|q| caller.may_see_queue(&q)) {
            return Err(missing());
        }
    }
    Ok(Json(conv.into()))
}
