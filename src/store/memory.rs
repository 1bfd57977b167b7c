//! The in-process store: bounded conversations with idle expiry, handoffs, and the outbox.
//! Nothing here survives a restart — use the Redis store for that. Everything is keyed by
//! (tenant, id): two tenants' `c-1` are two conversations, and one tenant never reads another's
//! handoff even when it knows the id.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::lease::{Lease, Stripes};
use super::{
    apply_transition, Cursor, HandoffFilter, OutboxEntry, Outcome, Page, StoreError, StoreLimits,
    TurnWrite, REPLY_TTL,
};
use crate::conversation::Conversation;
use crate::handoff::{Handoff, Status};

/// Handoffs kept in memory; resolved ones are dropped first when full.
const MAX_HANDOFFS: usize = 100_000;

/// (tenant, id).
type Scoped = (String, String);

fn scoped(tenant: &str, id: &str) -> Scoped {
    (tenant.to_string(), id.to_string())
}

struct Delivery {
    raw: String,
    /// Ordered by (due, seq): equal due times keep the order they were queued in.
    due: Instant,
    seq: u64,
    attempts: u32,
    token: Option<String>,
}

#[derive(Default)]
struct Inner {
    conversations: HashMap<Scoped, (Conversation, Instant)>,
    handoffs: HashMap<Scoped, Handoff>,
    order: VecDeque<Scoped>,
    /// Webhook deliveries by id, each with its due time, attempts and lease.
    outbox: HashMap<String, Delivery>,
    writes: u64,
    /// Stored responses to `Idempotency-Key`s, with when they were stored.
    replies: HashMap<Scoped, (String, Instant)>,
}

/// A resolved handoff past its retention (nothing else ever expires).
fn expired(h: &Handoff, retention: Duration) -> bool {
    h.status == Status::Resolved
        && h.resolved_at.is_some_and(|at| {
            chrono::Utc::now()
                .signed_duration_since(at)
                .to_std()
                .is_ok_and(|age| age > retention)
        })
}

pub struct MemoryStore {
    inner: Mutex<Inner>,
    limits: StoreLimits,
    stripes: Stripes,
}

impl MemoryStore {
    pub fn new(limits: StoreLimits) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            limits,
            stripes: Stripes::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the maps half-updated in a way that
        // matters more than losing them, so keep serving.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get_conversation(&self, tenant: &str, id: &str) -> Option<Conversation> {
        let g = self.lock();
        g.conversations
            .get(&scoped(tenant, id))
            .filter(|(_, at)| at.elapsed() < self.limits.conversation_ttl)
            .map(|(c, _)| c.clone())
    }

    /// One process holds all the state: the in-process stripe is the whole lease.
    pub async fn lease(&self, tenant: &str, id: &str) -> Lease {
        Lease::local(self.stripes.lock(tenant, id).await)
    }

    /// A turn's writes under one lock: nobody sees the handoff without its conversation.
    pub fn commit(&self, tenant: &str, w: &TurnWrite<'_>) {
        let mut g = self.lock();
        Self::put_conversation_in(&mut g, &self.limits, tenant, w.conversation);
        if let Some(h) = w.handoff {
            Self::insert_handoff_in(&mut g, &self.limits, tenant, h);
        }
        if let Some(e) = &w.outbox {
            Self::outbox_push_in(&mut g, e.clone());
        }
        if let Some((key, raw)) = w.reply {
            Self::put_reply_in(&mut g, &self.limits, tenant, key, raw);
        }
    }

    pub fn get_reply(&self, tenant: &str, key: &str) -> Option<String> {
        self.lock()
            .replies
            .get(&scoped(tenant, key))
            .filter(|(_, at)| at.elapsed() < REPLY_TTL)
            .map(|(r, _)| r.clone())
    }

    fn put_reply_in(g: &mut Inner, limits: &StoreLimits, tenant: &str, key: &str, raw: &str) {
        g.replies
            .insert(scoped(tenant, key), (raw.to_string(), Instant::now()));
        // As many stored replies as conversations: past it, expired ones go, then the oldest.
        let max = limits.max_conversations;
        if g.replies.len() > max {
            g.replies.retain(|_, (_, at)| at.elapsed() < REPLY_TTL);
        }
        if g.replies.len() > max {
            let mut by_age: Vec<(Instant, Scoped)> = g
                .replies
                .iter()
                .map(|(k, (_, at))| (*at, k.clone()))
                .collect();
            by_age.sort();
            let extra = g.replies.len() - max;
            for (_, k) in by_age.into_iter().take(extra.max(max / 10)) {
                g.replies.remove(&k);
            }
        }
    }

    pub fn put_conversation(&self, tenant: &str, c: &Conversation) {
        let mut g = self.lock();
        Self::put_conversation_in(&mut g, &self.limits, tenant, c);
    }

    fn put_conversation_in(g: &mut Inner, limits: &StoreLimits, tenant: &str, c: &Conversation) {
        g.conversations
            .insert(scoped(tenant, &c.id), (c.clone(), Instant::now()));
        g.writes += 1;
        let ttl = limits.conversation_ttl;
        if g.writes.is_multiple_of(1024) {
            g.conversations.retain(|_, (_, at)| at.elapsed() < ttl);
        }
        let max = limits.max_conversations;
        if g.conversations.len() > max {
            let mut by_age: Vec<(Instant, Scoped)> = g
                .conversations
                .iter()
                .map(|(k, (_, at))| (*at, k.clone()))
                .collect();
            by_age.sort();
            let extra = g.conversations.len() - max;
            for (_, k) in by_age.into_iter().take(extra.max(max / 10)) {
                g.conversations.remove(&k);
            }
        }
    }

    pub fn conversation_count(&self) -> usize {
        self.lock().conversations.len()
    }

    pub fn insert_handoff(&self, tenant: &str, h: &Handoff) {
        Self::insert_handoff_in(&mut self.lock(), &self.limits, tenant, h);
    }

    fn insert_handoff_in(g: &mut Inner, limits: &StoreLimits, tenant: &str, h: &Handoff) {
        let k = scoped(tenant, &h.id);
        if g.handoffs.insert(k.clone(), h.clone()).is_none() {
            g.order.push_back(k);
        }
        g.writes += 1;
        if g.writes.is_multiple_of(1024) {
            let keep = limits.handoff_retention;
            g.handoffs.retain(|_, h| !expired(h, keep));
            let Inner {
                handoffs, order, ..
            } = &mut *g;
            order.retain(|k| handoffs.contains_key(k));
        }
        // Only resolved handoffs ever leave: past the cap the oldest resolved go first; pending
        // and accepted ones stay, however many (a person still has to see them).
        while g.handoffs.len() > MAX_HANDOFFS {
            let victim = g.order.iter().position(|id| {
                g.handoffs
                    .get(id)
                    .is_some_and(|h| h.status == Status::Resolved)
            });
            let Some(victim) = victim else { break };
            if let Some(id) = g.order.remove(victim) {
                g.handoffs.remove(&id);
            }
        }
    }

    pub fn get_handoff(&self, tenant: &str, id: &str) -> Option<Handoff> {
        self.lock()
            .handoffs
            .get(&scoped(tenant, id))
            .filter(|h| !expired(h, self.limits.handoff_retention))
            .cloned()
    }

    pub fn list_handoffs(&self, tenant: &str, f: &HandoffFilter) -> Page {
        let g = self.lock();
        let limit = f.limit.unwrap_or(100);
        let after = f.cursor.as_deref().and_then(Cursor::parse);
        let mut hits: Vec<(Cursor, &Handoff)> = g
            .handoffs
            .iter()
            .filter(|((t, _), h)| {
                t == tenant && f.matches(h) && !expired(h, self.limits.handoff_retention)
            })
            .map(|(_, h)| (Cursor::of(h), h))
            .filter(|(c, _)| after.as_ref().is_none_or(|a| c < a))
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0));
        let more = hits.len() > limit;
        hits.truncate(limit);
        Page {
            next: more.then(|| hits.last().map(|(c, _)| c.clone())).flatten(),
            items: hits.into_iter().map(|(_, h)| h.clone()).collect(),
        }
    }

    pub fn transition(
        &self,
        tenant: &str,
        id: &str,
        to: Status,
        agent: Option<&str>,
    ) -> Result<(Handoff, bool), StoreError> {
        let mut g = self.lock();
        let k = scoped(tenant, id);
        let h = g
            .handoffs
            .get(&k)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        match apply_transition(h, to, agent)? {
            Some(n) => {
                g.handoffs.insert(k, n.clone());
                Ok((n, true))
            }
            None => Ok((h.clone(), false)),
        }
    }

    pub fn outbox_push(&self, e: OutboxEntry) {
        Self::outbox_push_in(&mut self.lock(), e);
    }

    fn outbox_push_in(g: &mut Inner, e: OutboxEntry) {
        g.writes += 1;
        let seq = g.writes;
        g.outbox.insert(
            e.id,
            Delivery {
                raw: e.raw,
                due: Instant::now(),
                seq,
                attempts: 0,
                token: None,
            },
        );
    }

    /// (id, raw, attempt, live): see `Store::outbox_claim`.
    pub fn outbox_claim(
        &self,
        lease: Duration,
        max_attempts: u32,
        token: &str,
    ) -> Option<(String, String, u32, bool)> {
        let mut g = self.lock();
        let now = Instant::now();
        let id = g
            .outbox
            .iter()
            .filter(|(_, d)| d.due <= now)
            .min_by_key(|(_, d)| (d.due, d.seq))
            .map(|(id, _)| id.clone())?;
        let d = g.outbox.get_mut(&id)?;
        d.attempts += 1;
        if d.attempts > max_attempts {
            let d = g.outbox.remove(&id)?;
            return Some((id, d.raw, d.attempts, false));
        }
        d.due = now + lease;
        d.token = Some(token.to_string());
        Some((id.clone(), d.raw.clone(), d.attempts, true))
    }

    pub fn outbox_finish(&self, id: &str, token: &str, how: Outcome) {
        let mut g = self.lock();
        match how {
            Outcome::Done => {
                g.outbox.remove(id);
            }
            Outcome::RetryAfter(after) => {
                if let Some(d) = g
                    .outbox
                    .get_mut(id)
                    .filter(|d| d.token.as_deref() == Some(token))
                {
                    d.due = Instant::now() + after;
                    d.token = None;
                }
            }
        }
    }

    pub fn outbox_len(&self) -> usize {
        self.lock().outbox.len()
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversations_are_bounded_and_expire() {
        let s = MemoryStore::new(StoreLimits {
            max_conversations: 10,
            conversation_ttl: Duration::from_millis(50),
            ..Default::default()
        });
        for i in 0..25 {
            s.put_conversation("t", &Conversation::new(&format!("c{i}"), None, None));
        }
        assert!(s.conversation_count() <= 10);
        assert!(s.get_conversation("t", "c24").is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert!(
            s.get_conversation("t", "c24").is_none(),
            "idle conversations expire"
        );
    }

    #[test]
    fn tenants_do_not_share_conversations_or_handoffs() {
        let s = MemoryStore::new(StoreLimits::default());
        let mut a = Conversation::new("c-1", Some("a".into()), None);
        a.failures = 2;
        s.put_conversation("a", &a);
        assert!(s.get_conversation("b", "c-1").is_none());
        assert_eq!(s.get_conversation("a", "c-1").unwrap().failures, 2);
        let h = crate::handoff::testing::handoff("h_1", "c-1", "general");
        s.insert_handoff("a", &h);
        assert!(s.get_handoff("b", "h_1").is_none());
        assert!(s
            .list_handoffs("b", &HandoffFilter::default())
            .items
            .is_empty());
        assert!(matches!(
            s.transition("b", "h_1", Status::Resolved, None),
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            s.list_handoffs("a", &HandoffFilter::default()).items.len(),
            1
        );
        assert!(s.transition("a", "h_1", Status::Resolved, None).unwrap().1);
    }

    #[test]
    fn outbox_leases_one_holder_and_counts_attempts_to_the_budget() {
        let s = MemoryStore::new(StoreLimits::default());
        s.outbox_push(OutboxEntry {
            id: "d1".into(),
            raw: "r".into(),
        });
        let lease = Duration::from_millis(40);
        let (id, _, n, live) = s.outbox_claim(lease, 3, "a").unwrap();
        assert_eq!((id.as_str(), n, live), ("d1", 1, true));
        assert!(s.outbox_claim(lease, 3, "b").is_none(), "leased to a");
        // a failed: due again after its backoff, for anyone.
        s.outbox_finish("d1", "a", Outcome::RetryAfter(Duration::ZERO));
        assert_eq!(s.outbox_claim(lease, 3, "b").unwrap().2, 2);
        // b dies holding it: after the lease it goes to c, and b's late outcome is ignored.
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(s.outbox_claim(lease, 3, "c").unwrap().2, 3);
        s.outbox_finish("d1", "b", Outcome::RetryAfter(Duration::ZERO));
        assert!(s.outbox_claim(lease, 3, "d").is_none(), "still c's");
        std::thread::sleep(Duration::from_millis(50));
        let (_, _, n, live) = s.outbox_claim(lease, 3, "d").unwrap();
        assert_eq!(
            (n, live),
            (4, false),
            "budget spent: removed, not delivered"
        );
        assert_eq!(s.outbox_len(), 0);
    }

    #[test]
    fn resolved_handoffs_expire_after_retention_and_pending_never() {
        let s = MemoryStore::new(StoreLimits {
            handoff_retention: Duration::from_secs(3600),
            ..Default::default()
        });
        let long_ago = chrono::Utc::now() - chrono::Duration::days(40);
        let mut old = crate::handoff::testing::handoff("h_old", "c-1", "general");
        old.status = Status::Resolved;
        old.resolved_at = Some(long_ago);
        s.insert_handoff("t", &old);
        let mut pending = crate::handoff::testing::handoff("h_pending", "c-2", "general");
        pending.created_at = long_ago;
        s.insert_handoff("t", &pending);
        assert!(s.get_handoff("t", "h_old").is_none());
        assert!(s.get_handoff("t", "h_pending").is_some());
        let ids: Vec<String> = s
            .list_handoffs("t", &HandoffFilter::default())
            .items
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(ids, vec!["h_pending".to_string()]);
    }
}
