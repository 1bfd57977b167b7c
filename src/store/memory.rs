//! The in-process store: bounded conversations with idle expiry, handoffs, and the outbox.
//! Nothing here survives a restart — use the Redis store for that. Everything is keyed by
//! (tenant, id): two tenants' `c-1` are two conversations, and one tenant never reads another's
//! handoff even when it knows the id.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use super::lease::{Lease, Stripes};
use super::{apply_transition, HandoffFilter, StoreError, StoreLimits, TurnWrite, REPLY_TTL};
use crate::conversation::Conversation;
use crate::handoff::{Handoff, Status};

/// Handoffs kept in memory; resolved ones are dropped first when full.
const MAX_HANDOFFS: usize = 100_000;

/// (tenant, id).
type Scoped = (String, String);

fn scoped(tenant: &str, id: &str) -> Scoped {
    (tenant.to_string(), id.to_string())
}

#[derive(Default)]
struct Inner {
    conversations: HashMap<Scoped, (Conversation, Instant)>,
    handoffs: HashMap<Scoped, Handoff>,
    order: VecDeque<Scoped>,
    outbox: VecDeque<String>,
    in_flight: Vec<String>,
    writes: u64,
    /// Stored responses to `Idempotency-Key`s, with when they were stored.
    replies: HashMap<Scoped, (String, Instant)>,
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
            Self::insert_handoff_in(&mut g, tenant, h);
        }
        if let Some(raw) = &w.outbox {
            g.outbox.push_back(raw.clone());
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
        Self::insert_handoff_in(&mut self.lock(), tenant, h);
    }

    fn insert_handoff_in(g: &mut Inner, tenant: &str, h: &Handoff) {
        let k = scoped(tenant, &h.id);
        if g.handoffs.insert(k.clone(), h.clone()).is_none() {
            g.order.push_back(k);
        }
        while g.handoffs.len() > MAX_HANDOFFS {
            let victim = g
                .order
                .iter()
                .position(|id| {
                    g.handoffs
                        .get(id)
                        .is_some_and(|h| h.status == Status::Resolved)
                })
                .unwrap_or(0);
            if let Some(id) = g.order.remove(victim) {
                g.handoffs.remove(&id);
            }
        }
    }

    pub fn get_handoff(&self, tenant: &str, id: &str) -> Option<Handoff> {
        self.lock().handoffs.get(&scoped(tenant, id)).cloned()
    }

    pub fn list_handoffs(&self, tenant: &str, f: &HandoffFilter) -> Vec<Handoff> {
        let g = self.lock();
        let limit = f.limit.unwrap_or(100);
        g.order
            .iter()
            .rev()
            .filter(|(t, _)| t == tenant)
            .filter_map(|k| g.handoffs.get(k))
            .filter(|h| f.matches(h))
            .take(limit)
            .cloned()
            .collect()
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

    pub fn outbox_push(&self, raw: String) {
        self.lock().outbox.push_back(raw);
    }

    pub fn outbox_claim(&self) -> Option<String> {
        let mut g = self.lock();
        let raw = g.outbox.pop_front()?;
        g.in_flight.push(raw.clone());
        Some(raw)
    }

    pub fn outbox_ack(&self, raw: &str) {
        let mut g = self.lock();
        if let Some(i) = g.in_flight.iter().position(|r| r == raw) {
            g.in_flight.remove(i);
        }
    }

    pub fn outbox_recover(&self) -> usize {
        let mut g = self.lock();
        let items: Vec<String> = g.in_flight.drain(..).collect();
        let n = items.len();
        for r in items.into_iter().rev() {
            g.outbox.push_front(r);
        }
        n
    }

    pub fn outbox_len(&self) -> usize {
        let g = self.lock();
        g.outbox.len() + g.in_flight.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn conversations_are_bounded_and_expire() {
        let s = MemoryStore::new(StoreLimits {
            max_conversations: 10,
            conversation_ttl: Duration::from_millis(50),
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
        assert!(s.list_handoffs("b", &HandoffFilter::default()).is_empty());
        assert!(matches!(
            s.transition("b", "h_1", Status::Resolved, None),
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(s.list_handoffs("a", &HandoffFilter::default()).len(), 1);
        assert!(s.transition("a", "h_1", Status::Resolved, None).unwrap().1);
    }
}
