//! The Redis store: conversations expire after their idle TTL, handoffs are kept (indexed by
//! creation time), status changes are atomic (a Lua compare-and-set on the status), a turn's
//! writes (conversation, new handoff, outbox, stored reply) are one Lua script fenced by the
//! conversation's lease, and the webhook outbox is a pair of lists (queued, in flight) so a
//! crash never loses a delivery. Every command goes through [`Link`], which bounds it in time.
//!
//! Keys per tenant: tenant `default` keeps the layout from before tenants existed
//! (`triage:conv:{id}`, `triage:handoff:{id}`, `triage:handoffs`), so a single-tenant deployment
//! upgrades with its data in place; every other tenant lives under `triage:t:{tenant}:…`. Tenant
//! names cannot hold `:`, and no default-tenant key starts with `t:`, so the spaces never meet.
//! Per conversation there are also `lease:conv:{id}` (who is writing it) and per client retry
//! key `reply:{key}` (the stored answer to an `Idempotency-Key`).

use std::time::Duration;

use super::lease::{Lease, Stripes};
use super::link::Link;
use super::{apply_transition, HandoffFilter, StoreError, StoreLimits, TurnWrite};
use crate::conversation::Conversation;
use crate::handoff::{Handoff, Status};

const PREFIX: &str = "triage";
/// How many of the newest handoffs a listing scans.
const LIST_SCAN: isize = 5000;

const CAS_SCRIPT: &str = r"local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
if cjson.decode(cur)['status'] ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1";

/// KEYS: lease, conversation, handoff, handoff index, outbox, reply, events stream.
/// ARGV: token, conversation, conversation TTL, handoff ('' for none), its score, its id,
/// outbox record ('' for none), reply ('' for none), reply TTL, event ('' for none), stream cap.
const COMMIT_SCRIPT: &str = r"if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[6])
end
if ARGV[7] ~= '' then redis.call('LPUSH', KEYS[5], ARGV[7]) end
if ARGV[8] ~= '' then redis.call('SET', KEYS[6], ARGV[8], 'EX', ARGV[9]) end
if ARGV[10] ~= '' then
  redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[11], '*', 'e', ARGV[10])
end
return 1";

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

pub struct RedisStore {
    link: Link,
    limits: StoreLimits,
    /// Keys are namespaced so tests (and tenants sharing a server) do not collide.
    ns: String,
    stripes: Stripes,
}

impl RedisStore {
    /// Returns at once: the connection is made (and remade) in the background.
    pub fn connect(url: &str, limits: StoreLimits, timeout: Duration) -> Result<Self, StoreError> {
        let (url, ns) = match url.split_once('#') {
            Some((u, ns)) => (u.to_string(), format!("{PREFIX}:{ns}")),
            None => (url.to_string(), PREFIX.to_string()),
        };
        Ok(Self {
            link: Link::open(&url, timeout)?,
            limits,
            ns,
            stripes: Stripes::default(),
        })
    }

    pub fn healthy(&self) -> bool {
        self.link.healthy()
    }

    fn key(&self, parts: &str) -> String {
        format!("{}:{parts}", self.ns)
    }

    /// A key in `tenant`'s space.
    fn tkey(&self, tenant: &str, parts: &str) -> String {
        if tenant == crate::auth::DEFAULT_TENANT {
            format!("{}:{parts}", self.ns)
        } else {
            format!("{}:t:{tenant}:{parts}", self.ns)
        }
    }

    async fn get(&self, key: String) -> Result<Option<String>, StoreError> {
        self.link
            .run(|mut c| async move { redis::cmd("GET").arg(key).query_async(&mut c).await })
            .await
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        self.link
            .run(|mut c| async move { redis::cmd("PING").query_async::<String>(&mut c).await })
            .await
            .map(|_| ())
    }

    pub async fn lease(&self, tenant: &str, id: &str) -> Result<Lease, StoreError> {
        let guard = self.stripes.lock(tenant, id).await;
        Lease::acquire(
            guard,
            &self.link,
            self.tkey(tenant, &format!("lease:conv:{id}")),
        )
        .await
    }

    pub async fn commit(
        &self,
        tenant: &str,
        lease: &Lease,
        w: &TurnWrite<'_>,
    ) -> Result<(), StoreError> {
        let token = lease
            .token()
            .ok_or_else(|| StoreError::Backend("a Redis turn needs a Redis lease".into()))?
            .to_string();
        let conv = serde_json::to_string(w.conversation).map_err(corrupt)?;
        let (hkey, hraw, hscore, hid) = match w.handoff {
            Some(h) => (
                self.tkey(tenant, &format!("handoff:{}", h.id)),
                serde_json::to_string(h).map_err(corrupt)?,
                h.created_at.timestamp_millis(),
                h.id.clone(),
            ),
            None => (
                self.tkey(tenant, "handoff:"),
                String::new(),
                0,
                String::new(),
            ),
        };
        let rkey = self.tkey(tenant, &format!("reply:{}", w.reply.map_or("", |r| r.0)));
        let keys = [
            self.tkey(tenant, &format!("lease:conv:{}", w.conversation.id)),
            self.tkey(tenant, &format!("conv:{}", w.conversation.id)),
            hkey,
            self.tkey(tenant, "handoffs"),
            self.key("outbox"),
            rkey,
            self.key("events"),
        ];
        let args = (
            token,
            conv,
            self.limits.conversation_ttl.as_secs().max(1),
            hraw,
            hscore,
            hid,
            w.outbox.clone().unwrap_or_default(),
            w.reply.map(|r| r.1.to_string()).unwrap_or_default(),
            super::REPLY_TTL.as_secs(),
            w.event
                .map(serde_json::to_string)
                .transpose()
                .map_err(corrupt)?
                .unwrap_or_default(),
        );
        let done: i64 = self
            .link
            .run(|mut c| async move {
                let script = redis::Script::new(COMMIT_SCRIPT);
                let mut inv = script.prepare_invoke();
                for k in &keys {
                    inv.key(k);
                }
                inv.arg(args.0)
                    .arg(args.1)
                    .arg(args.2)
                    .arg(args.3)
                    .arg(args.4)
                    .arg(args.5)
                    .arg(args.6)
                    .arg(args.7)
                    .arg(args.8)
                    .arg(args.9)
                    .arg(super::events::KEEP);
                inv.invoke_async(&mut c).await
            })
            .await?;
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::Busy(
                "the conversation's lease expired before the turn was written; nothing was stored"
                    .into(),
            ))
        }
    }

    pub async fn publish(&self, ev: &crate::handoff::HandoffEvent) -> Result<(), StoreError> {
        super::events::append(&self.link, self.key("events"), ev).await
    }

    pub async fn events_since(
        &self,
        after: &str,
    ) -> Result<Vec<crate::handoff::HandoffEvent>, StoreError> {
        super::events::since(&self.link, self.key("events"), after).await
    }

    /// Follows the shared event stream into this replica's subscribers until `stop`.
    pub fn follow_events(
        &self,
        tx: tokio::sync::broadcast::Sender<crate::handoff::HandoffEvent>,
        stop: tokio::sync::watch::Receiver<bool>,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(super::events::follow(
            self.link.clone(),
            self.key("events"),
            tx,
            stop,
        ))
    }

    pub async fn get_reply(&self, tenant: &str, key: &str) -> Result<Option<String>, StoreError> {
        self.get(self.tkey(tenant, &format!("reply:{key}"))).await
    }

    pub async fn get_conversation(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<Conversation>, StoreError> {
        self.get(self.tkey(tenant, &format!("conv:{id}")))
            .await?
            .map(|r| serde_json::from_str(&r).map_err(corrupt))
            .transpose()
    }

    pub async fn get_handoff(&self, tenant: &str, id: &str) -> Result<Option<Handoff>, StoreError> {
        self.get(self.tkey(tenant, &format!("handoff:{id}")))
            .await?
            .map(|r| serde_json::from_str(&r).map_err(corrupt))
            .transpose()
    }

    pub async fn list_handoffs(
        &self,
        tenant: &str,
        f: &HandoffFilter,
    ) -> Result<Vec<Handoff>, StoreError> {
        let index = self.tkey(tenant, "handoffs");
        let ids: Vec<String> = self
            .link
            .run(|mut c| async move {
                redis::cmd("ZREVRANGE")
                    .arg(index)
                    .arg(0)
                    .arg(LIST_SCAN - 1)
                    .query_async(&mut c)
                    .await
            })
            .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = ids
            .iter()
            .map(|id| self.tkey(tenant, &format!("handoff:{id}")))
            .collect();
        let raws: Vec<Option<String>> = self
            .link
            .run(|mut c| async move { redis::cmd("MGET").arg(keys).query_async(&mut c).await })
            .await?;
        let limit = f.limit.unwrap_or(100);
        let mut out = Vec::new();
        for raw in raws.into_iter().flatten() {
            let h: Handoff = serde_json::from_str(&raw).map_err(corrupt)?;
            if f.matches(&h) {
                out.push(h);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    pub async fn transition(
        &self,
        tenant: &str,
        id: &str,
        to: Status,
        agent: Option<&str>,
    ) -> Result<(Handoff, bool), StoreError> {
        let key = self.tkey(tenant, &format!("handoff:{id}"));
        // Compare-and-set on the status: concurrent updates (other replicas) retry on a fresh read.
        for _ in 0..8 {
            let h = self
                .get_handoff(tenant, id)
                .await?
                .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
            let Some(n) = apply_transition(&h, to, agent)? else {
                return Ok((h, false));
            };
            let raw = serde_json::to_string(&n).map_err(corrupt)?;
            let (k, from) = (key.clone(), h.status.as_str());
            let r: i64 = self
                .link
                .run(|mut c| async move {
                    redis::Script::new(CAS_SCRIPT)
                        .key(k)
                        .arg(from)
                        .arg(raw)
                        .invoke_async(&mut c)
                        .await
                })
                .await?;
            match r {
                1 => return Ok((n, true)),
                -1 => return Err(StoreError::NotFound(id.to_string())),
                _ => continue,
            }
        }
        Err(StoreError::Backend(format!(
            "handoff {id} kept changing; try again"
        )))
    }

    pub async fn outbox_push(&self, raw: String) -> Result<(), StoreError> {
        let k = self.key("outbox");
        self.link
            .run(|mut c| async move {
                redis::cmd("LPUSH")
                    .arg(k)
                    .arg(raw)
                    .query_async::<()>(&mut c)
                    .await
            })
            .await
    }

    pub async fn outbox_claim(&self) -> Result<Option<String>, StoreError> {
        let (from, to) = (self.key("outbox"), self.key("outbox:inflight"));
        self.link
            .run(|mut c| async move {
                redis::cmd("LMOVE")
                    .arg(from)
                    .arg(to)
                    .arg("RIGHT")
                    .arg("LEFT")
                    .query_async(&mut c)
                    .await
            })
            .await
    }

    pub async fn outbox_ack(&self, raw: &str) -> Result<(), StoreError> {
        let (k, raw) = (self.key("outbox:inflight"), raw.to_string());
        self.link
            .run(|mut c| async move {
                redis::cmd("LREM")
                    .arg(k)
                    .arg(1)
                    .arg(raw)
                    .query_async::<()>(&mut c)
                    .await
            })
            .await
    }

    pub async fn outbox_recover(&self) -> Result<usize, StoreError> {
        let mut n = 0;
        loop {
            let (from, to) = (self.key("outbox:inflight"), self.key("outbox"));
            let moved: Option<String> = self
                .link
                .run(|mut c| async move {
                    redis::cmd("LMOVE")
                        .arg(from)
                        .arg(to)
                        .arg("RIGHT")
                        .arg("RIGHT")
                        .query_async(&mut c)
                        .await
                })
                .await?;
            if moved.is_none() {
                return Ok(n);
            }
            n += 1;
        }
    }

    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        let (a, b) = (self.key("outbox"), self.key("outbox:inflight"));
        let (x, y): (usize, usize) = self
            .link
            .run(|mut c| async move {
                redis::pipe()
                    .cmd("LLEN")
                    .arg(a)
                    .cmd("LLEN")
                    .arg(b)
                    .query_async(&mut c)
                    .await
            })
            .await?;
        Ok(x + y)
    }
}
