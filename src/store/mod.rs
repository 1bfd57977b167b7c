//! Where conversations and handoffs live: in-process by default (bounded, idle expiry), or Redis
//! so several replicas share state and handoffs survive restarts. One enum, two backends, the
//! same operations; the webhook outbox lives here too so delivery state is as durable as the
//! handoffs themselves.

pub mod events;
pub mod lease;
pub mod link;
pub mod memory;
pub mod redis;

use std::time::Duration;

use serde::Deserialize;

use crate::conversation::Conversation;
use crate::handoff::{Handoff, HandoffEvent, Status};
pub use lease::Lease;

/// How long the answer to an `Idempotency-Key` is kept for retries.
pub const REPLY_TTL: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store backend: {0}")]
    Backend(String),
    /// The store cannot be reached (or did not answer in time): retry shortly.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// Another request holds the conversation longer than a turn may wait.
    #[error("{0}")]
    Busy(String),
    #[error("handoff {0} not found")]
    NotFound(String),
    #[error("handoff {id} is {from}; it cannot become {to}")]
    Conflict {
        id: String,
        from: String,
        to: String,
    },
    #[error("stored record is corrupt: {0}")]
    Corrupt(String),
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct HandoffFilter {
    pub queue: Option<String>,
    /// Only these queues (an agent key limited to some); not a query parameter.
    #[serde(skip)]
    pub queues: Option<Vec<String>>,
    pub status: Option<String>,
    pub conversation_id: Option<String>,
    pub limit: Option<usize>,
}

impl HandoffFilter {
    pub fn matches(&self, h: &Handoff) -> bool {
        self.queue.as_deref().is_none_or(|q| q == h.queue)
            && self
                .queues
                .as_deref()
                .is_none_or(|qs| qs.contains(&h.queue))
            && self
                .status
                .as_deref()
                .is_none_or(|s| s == h.status.as_str())
            && self
                .conversation_id
                .as_deref()
                .is_none_or(|c| c == h.conversation_id)
    }
}

/// A webhook delivery claimed from the outbox; `raw` identifies it for the acknowledgement.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub event: HandoffEvent,
    pub attempts: u32,
    raw: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct OutboxRecord {
    event: HandoffEvent,
    #[serde(default)]
    attempts: u32,
}

#[derive(Debug, Clone)]
pub struct StoreLimits {
    /// Conversations kept in memory (the least recently updated go first).
    pub max_conversations: usize,
    /// A conversation idle this long is forgotten.
    pub conversation_ttl: Duration,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            max_conversations: 100_000,
            conversation_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// Everything one conversation turn writes, stored all together or not at all.
pub struct TurnWrite<'a> {
    pub conversation: &'a Conversation,
    /// A handoff the turn created.
    pub handoff: Option<&'a Handoff>,
    /// The outbox record of its event (when webhooks are on).
    pub outbox: Option<String>,
    /// Its event, for every replica's stream subscribers (Redis).
    pub event: Option<&'a HandoffEvent>,
    /// (`Idempotency-Key`, the response as sent): a retry gets it back.
    pub reply: Option<(&'a str, &'a str)>,
}

/// The outbox record of an event, as both backends store it.
pub fn outbox_record(event: &HandoffEvent) -> Result<String, StoreError> {
    serde_json::to_string(&OutboxRecord {
        event: event.clone(),
        attempts: 0,
    })
    .map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub enum Store {
    Memory(Box<memory::MemoryStore>),
    Redis(redis::RedisStore),
}

/// Applies a status change to a handoff record (shared by both backends).
pub fn apply_transition(
    h: &Handoff,
    to: Status,
    agent: Option<&str>,
) -> Result<Option<Handoff>, StoreError> {
    if h.status == to {
        return Ok(None);
    }
    if !h.status.can_move_to(to) {
        return Err(StoreError::Conflict {
            id: h.id.clone(),
            from: h.status.as_str().into(),
            to: to.as_str().into(),
        });
    }
    let mut n = h.clone();
    let now = chrono::Utc::now();
    n.status = to;
    n.updated_at = now;
    match to {
        Status::Accepted => n.accepted_at = Some(now),
        Status::Resolved => n.resolved_at = Some(now),
        Status::Pending => {}
    }
    if let Some(a) = agent {
        n.agent = Some(a.to_string());
    }
    Ok(Some(n))
}

impl Store {
    pub fn memory(limits: StoreLimits) -> Self {
        Self::Memory(Box::new(memory::MemoryStore::new(limits)))
    }

    /// Returns at once, Redis reachable or not: the connection is made in the background and
    /// every command is bounded by `timeout`.
    pub fn redis(url: &str, limits: StoreLimits, timeout: Duration) -> Result<Self, StoreError> {
        Ok(Self::Redis(redis::RedisStore::connect(
            url, limits, timeout,
        )?))
    }

    /// Whether events travel through the store (Redis: every replica's subscribers get them
    /// from the shared stream) rather than straight to this process's subscribers.
    pub fn carries_events(&self) -> bool {
        matches!(self, Self::Redis(_))
    }

    /// Appends an event to the shared stream (Redis); `false` where there is none (memory).
    pub async fn publish(&self, ev: &HandoffEvent) -> Result<bool, StoreError> {
        match self {
            Self::Memory(_) => Ok(false),
            Self::Redis(r) => r.publish(ev).await.map(|_| true),
        }
    }

    /// Events after stream id `after` (a reconnecting SSE client's `Last-Event-ID`).
    pub async fn events_since(&self, after: &str) -> Result<Vec<HandoffEvent>, StoreError> {
        match self {
            Self::Memory(_) => Ok(Vec::new()),
            Self::Redis(r) => r.events_since(after).await,
        }
    }

    /// Whether the store answered its last probe (always, in memory): `/readyz`.
    pub fn healthy(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            Self::Redis(r) => r.healthy(),
        }
    }

    /// Waits for the right to write conversation `id` (this process and every replica).
    pub async fn lease(&self, tenant: &str, id: &str) -> Result<Lease, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.lease(tenant, id).await),
            Self::Redis(r) => r.lease(tenant, id).await,
        }
    }

    /// Writes a turn (conversation, new handoff, outbox record, stored reply) atomically, if
    /// `lease` still holds the conversation.
    pub async fn commit(
        &self,
        tenant: &str,
        lease: &Lease,
        w: &TurnWrite<'_>,
    ) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.commit(tenant, w);
                Ok(())
            }
            Self::Redis(r) => r.commit(tenant, lease, w).await,
        }
    }

    /// The stored response to `key` (an `Idempotency-Key`), if any.
    pub async fn get_reply(&self, tenant: &str, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get_reply(tenant, key)),
            Self::Redis(r) => r.get_reply(tenant, key).await,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Memory(_) => "memory",
            Self::Redis(_) => "redis",
        }
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Self::Memory(_) => Ok(()),
            Self::Redis(r) => r.ping().await,
        }
    }

    pub async fn get_conversation(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<Conversation>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get_conversation(tenant, id)),
            Self::Redis(r) => r.get_conversation(tenant, id).await,
        }
    }

    /// `tenant`'s handoff; another tenant's is `None` whatever its id.
    pub async fn get_handoff(&self, tenant: &str, id: &str) -> Result<Option<Handoff>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.get_handoff(tenant, id)),
            Self::Redis(r) => r.get_handoff(tenant, id).await,
        }
    }

    /// `tenant`'s handoffs, newest first.
    pub async fn list_handoffs(
        &self,
        tenant: &str,
        f: &HandoffFilter,
    ) -> Result<Vec<Handoff>, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.list_handoffs(tenant, f)),
            Self::Redis(r) => r.list_handoffs(tenant, f).await,
        }
    }

    /// Moves a handoff along its lifecycle atomically. Returns the record and whether it changed
    /// (repeating a transition is a no-op, so clients can retry safely).
    pub async fn transition(
        &self,
        tenant: &str,
        id: &str,
        to: Status,
        agent: Option<&str>,
    ) -> Result<(Handoff, bool), StoreError> {
        match self {
            Self::Memory(m) => m.transition(tenant, id, to, agent),
            Self::Redis(r) => r.transition(tenant, id, to, agent).await,
        }
    }

    pub async fn outbox_push(&self, event: &HandoffEvent) -> Result<(), StoreError> {
        let raw = outbox_record(event)?;
        match self {
            Self::Memory(m) => {
                m.outbox_push(raw);
                Ok(())
            }
            Self::Redis(r) => r.outbox_push(raw).await,
        }
    }

    /// Takes the oldest undelivered event and marks it in flight.
    pub async fn outbox_claim(&self) -> Result<Option<OutboxItem>, StoreError> {
        let raw = match self {
            Self::Memory(m) => m.outbox_claim(),
            Self::Redis(r) => r.outbox_claim().await?,
        };
        let Some(raw) = raw else { return Ok(None) };
        let rec: OutboxRecord =
            serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(OutboxItem {
            event: rec.event,
            attempts: rec.attempts,
            raw,
        }))
    }

    /// Delivered (or given up on): remove from the in-flight list.
    pub async fn outbox_ack(&self, item: &OutboxItem) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.outbox_ack(&item.raw);
                Ok(())
            }
            Self::Redis(r) => r.outbox_ack(&item.raw).await,
        }
    }

    /// Puts in-flight deliveries of a previous process back in the queue (at start-up).
    pub async fn outbox_recover(&self) -> Result<usize, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.outbox_recover()),
            Self::Redis(r) => r.outbox_recover().await,
        }
    }

    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.outbox_len()),
            Self::Redis(r) => r.outbox_len().await,
        }
    }
}
