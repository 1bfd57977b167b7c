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
use crate::handoff::chatwoot::ChatwootJob;
use crate::handoff::{Handoff, HandoffEvent, Status};
pub use lease::Lease;
pub use link::Tls as RedisTls;

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
    /// Where the previous page stopped (its `next_cursor`).
    pub cursor: Option<String>,
}

/// A position in the newest-first order of handoffs: (creation ms, id), compared as a pair.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub ms: i64,
    pub id: String,
}

impl Cursor {
    pub fn of(h: &Handoff) -> Self {
        Self {
            ms: h.created_at.timestamp_millis(),
            id: h.id.clone(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (ms, id) = s.split_once(':')?;
        Some(Self {
            ms: ms.parse().ok()?,
            id: id.to_string(),
        })
    }

    pub fn render(&self) -> String {
        format!("{}:{}", self.ms, self.id)
    }
}

/// One page of a listing: `next` is where the next page starts; `None` once nothing is left.
#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Handoff>,
    pub next: Option<Cursor>,
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

/// What an outbox record asks to deliver.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// A handoff event for the tenant's webhook of its queue.
    Webhook(Box<HandoffEvent>),
    /// Calls to the tenant's Chatwoot for one incoming message (the next is `calls[done]`).
    Chatwoot(ChatwootJob),
}

/// A delivery as it enters the outbox: `id` names it for its whole life (its attempt count and
/// lease are kept under it), `raw` is the record as stored.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub id: String,
    pub raw: String,
}

/// A delivery claimed from the outbox under a lease: until the lease runs out no other replica
/// gets it. `attempt` counts this one (1-based), stored before the request is sent so a crash or
/// restart never hands out more attempts than the budget.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    pub delivery: Delivery,
    pub attempt: u32,
    pub id: String,
    token: String,
}

/// What a claim found.
#[derive(Debug)]
pub enum Claimed {
    /// Nothing is due.
    Nothing,
    /// Deliver this one now.
    Deliver(OutboxItem),
    /// Its attempts were spent (by earlier claims whose outcome never came back, e.g. a replica
    /// that died mid-request): removed without another attempt.
    Exhausted(Delivery),
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered or given up on: the delivery leaves the outbox.
    Done,
    /// Failed: due again after this long, for any replica.
    RetryAfter(Duration),
}

/// One record of the outbox: exactly one of `event` (the only kind before Chatwoot, so old
/// records still read) and `chatwoot`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct OutboxRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event: Option<HandoffEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chatwoot: Option<ChatwootJob>,
}

#[derive(Debug, Clone)]
pub struct StoreLimits {
    /// Conversations kept in memory (the least recently updated go first).
    pub max_conversations: usize,
    /// A conversation idle this long is forgotten.
    pub conversation_ttl: Duration,
    /// A resolved handoff is kept this long after it was resolved; others never expire.
    pub handoff_retention: Duration,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            max_conversations: 100_000,
            conversation_ttl: Duration::from_secs(24 * 3600),
            handoff_retention: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// Everything one conversation turn writes, stored all together or not at all.
pub struct TurnWrite<'a> {
    pub conversation: &'a Conversation,
    /// A handoff the turn created.
    pub handoff: Option<&'a Handoff>,
    /// The outbox entry of its event (when webhooks are on).
    pub outbox: Option<OutboxEntry>,
    /// Its event, for every replica's stream subscribers (Redis).
    pub event: Option<&'a HandoffEvent>,
    /// (`Idempotency-Key`, the response as sent): a retry gets it back.
    pub reply: Option<(&'a str, &'a str)>,
}

/// The outbox entry of an event, as both backends store it (a fresh id per delivery).
pub fn outbox_record(event: &HandoffEvent) -> Result<OutboxEntry, StoreError> {
    outbox_entry(&OutboxRecord {
        event: Some(event.clone()),
        chatwoot: None,
    })
}

/// The outbox entry of a Chatwoot job (a fresh id per delivery).
pub fn outbox_chatwoot_record(job: &ChatwootJob) -> Result<OutboxEntry, StoreError> {
    outbox_entry(&OutboxRecord {
        event: None,
        chatwoot: Some(job.clone()),
    })
}

fn outbox_entry(rec: &OutboxRecord) -> Result<OutboxEntry, StoreError> {
    let raw = serde_json::to_string(rec).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(OutboxEntry {
        id: uuid::Uuid::new_v4().simple().to_string(),
        raw,
    })
}

fn parse_outbox(raw: &str) -> Result<Delivery, StoreError> {
    let rec: OutboxRecord =
        serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    match (rec.event, rec.chatwoot) {
        (Some(ev), None) => Ok(Delivery::Webhook(Box::new(ev))),
        (None, Some(job)) => Ok(Delivery::Chatwoot(job)),
        _ => Err(StoreError::Corrupt(
            "an outbox record must hold one event or one Chatwoot job".into(),
        )),
    }
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
    /// every command is bounded by `timeout`. `tls` applies to `rediss://` URLs.
    pub fn redis(
        url: &str,
        limits: StoreLimits,
        timeout: Duration,
        tls: &RedisTls,
    ) -> Result<Self, StoreError> {
        Ok(Self::Redis(redis::RedisStore::connect(
            url, limits, timeout, tls,
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

    /// Why the store could not be reached last (Redis), for `/readyz`.
    pub fn last_error(&self) -> Option<String> {
        match self {
            Self::Memory(_) => None,
            Self::Redis(r) => r.last_error(),
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

    /// `tenant`'s handoffs, newest first, one page from `f.cursor` on.
    pub async fn list_handoffs(&self, tenant: &str, f: &HandoffFilter) -> Result<Page, StoreError> {
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
        self.outbox_push_entry(outbox_record(event)?).await
    }

    /// Queues Chatwoot calls; they go out in order, each attempt leased and counted like a
    /// webhook's.
    pub async fn outbox_push_chatwoot(&self, job: &ChatwootJob) -> Result<(), StoreError> {
        self.outbox_push_entry(outbox_chatwoot_record(job)?).await
    }

    async fn outbox_push_entry(&self, entry: OutboxEntry) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.outbox_push(entry);
                Ok(())
            }
            Self::Redis(r) => r.outbox_push(entry).await,
        }
    }

    /// Takes the delivery due first (queued, due for a retry, or left by a holder whose lease
    /// ran out), counts the attempt and leases it for `lease`. A delivery whose `max_attempts`
    /// are spent is removed and returned as [`Claimed::Exhausted`].
    pub async fn outbox_claim(
        &self,
        lease: Duration,
        max_attempts: u32,
    ) -> Result<Claimed, StoreError> {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let found = match self {
            Self::Memory(m) => m.outbox_claim(lease, max_attempts, &token),
            Self::Redis(r) => r.outbox_claim(lease, max_attempts, &token).await?,
        };
        let Some((id, raw, attempt, live)) = found else {
            return Ok(Claimed::Nothing);
        };
        let delivery = parse_outbox(&raw)?;
        Ok(if live {
            Claimed::Deliver(OutboxItem {
                delivery,
                attempt,
                id,
                token,
            })
        } else {
            Claimed::Exhausted(delivery)
        })
    }

    /// Ends an attempt. `Done` removes the delivery whoever holds it now (it was delivered, or
    /// given up); `RetryAfter` reschedules it only while this attempt still holds the lease (a
    /// holder that overran its lease leaves the delivery to whoever took it over).
    pub async fn outbox_finish(&self, item: &OutboxItem, how: Outcome) -> Result<(), StoreError> {
        match self {
            Self::Memory(m) => {
                m.outbox_finish(&item.id, &item.token, how);
                Ok(())
            }
            Self::Redis(r) => r.outbox_finish(&item.id, &item.token, how).await,
        }
    }

    /// Moves deliveries queued by a version with the list-based outbox into this one (Redis,
    /// at start-up; a no-op after the first run).
    pub async fn outbox_migrate(&self) -> Result<usize, StoreError> {
        match self {
            Self::Memory(_) => Ok(0),
            Self::Redis(r) => r.outbox_migrate().await,
        }
    }

    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        match self {
            Self::Memory(m) => Ok(m.outbox_len()),
            Self::Redis(r) => r.outbox_len().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::chatwoot::ChatwootCall;

    fn job() -> ChatwootJob {
        ChatwootJob {
            tenant: "default".into(),
            account_id: 1,
            conversation_id: 17,
            message_id: 4711,
            calls: vec![
                ChatwootCall {
                    call: "messages".into(),
                    body: serde_json::json!({"content": "hi"}),
                },
                ChatwootCall {
                    call: "toggle_status".into(),
                    body: serde_json::json!({"status": "open"}),
                },
            ],
            done: 1,
        }
    }

    #[test]
    fn outbox_records_of_every_version_read() {
        let ev = HandoffEvent::new(&crate::handoff::testing::handoff("h_1", "c-1", "general"));
        // This version's webhook record.
        let e = outbox_record(&ev).unwrap();
        assert!(
            matches!(parse_outbox(&e.raw).unwrap(), Delivery::Webhook(w) if w.handoff.id == "h_1")
        );
        // The list-based outbox's record, with its attempt count (migrated as is).
        let old = serde_json::json!({"event": ev, "attempts": 3}).to_string();
        assert!(matches!(parse_outbox(&old).unwrap(), Delivery::Webhook(_)));
        // A Chatwoot job, also as the list-based outbox stored it.
        let e = outbox_chatwoot_record(&job()).unwrap();
        assert!(!e.raw.contains("\"event\""));
        assert!(
            matches!(parse_outbox(&e.raw).unwrap(), Delivery::Chatwoot(j) if j.done == 1 && j.calls.len() == 2)
        );
        let old = serde_json::json!({"chatwoot": job(), "attempts": 2}).to_string();
        assert!(matches!(parse_outbox(&old).unwrap(), Delivery::Chatwoot(_)));
        // Neither, or both: corrupt.
        assert!(parse_outbox("{}").is_err());
        let both = serde_json::json!({"event": ev, "chatwoot": job()}).to_string();
        assert!(parse_outbox(&both).is_err());
    }

    #[tokio::test]
    async fn chatwoot_jobs_are_leased_and_counted_like_webhooks() {
        let s = Store::Memory(Box::new(memory::MemoryStore::new(StoreLimits::default())));
        s.outbox_push_chatwoot(&job()).await.unwrap();
        let lease = Duration::from_secs(60);
        let Claimed::Deliver(item) = s.outbox_claim(lease, 2).await.unwrap() else {
            panic!("due")
        };
        assert_eq!(item.attempt, 1);
        assert!(matches!(&item.delivery, Delivery::Chatwoot(j) if j.message_id == 4711));
        assert!(
            matches!(s.outbox_claim(lease, 2).await.unwrap(), Claimed::Nothing),
            "leased"
        );
        s.outbox_finish(&item, Outcome::RetryAfter(Duration::ZERO))
            .await
            .unwrap();
        let Claimed::Deliver(item) = s.outbox_claim(lease, 2).await.unwrap() else {
            panic!("due again")
        };
        assert_eq!(item.attempt, 2);
        s.outbox_finish(&item, Outcome::Done).await.unwrap();
        assert_eq!(s.outbox_len().await.unwrap(), 0);
    }
}
