//! The Redis store: conversations expire after their idle TTL, handoffs are kept (indexed by
//! creation time), status changes are atomic (a Lua compare-and-set on the status), and the
//! webhook outbox is a pair of lists (queued, in flight) so a crash never loses a delivery.
//!
//! Keys per tenant: tenant `default` keeps the layout from before tenants existed
//! (`triage:conv:{id}`, `triage:handoff:{id}`, `triage:handoffs`), so a single-tenant deployment
//! upgrades with its data in place; every other tenant lives under `triage:t:{tenant}:…`. Tenant
//! names cannot hold `:`, and no default-tenant key starts with `t:`, so the spaces never meet.

use redis::aio::ConnectionManager;

use super::{apply_transition, HandoffFilter, StoreError, StoreLimits};
use crate::conversation::Conversation;
use crate::handoff::{Handoff, Status};

const PREFIX: &str = "triage";
/// How many of the newest handoffs a listing scans.
const LIST_SCAN: isize = 5000;

fn be(e: redis::RedisError) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

pub struct RedisStore {
    conn: ConnectionManager,
    limits: StoreLimits,
    /// Keys are namespaced so tests (and tenants sharing a server) do not collide.
    ns: String,
    cas: redis::Script,
}

impl RedisStore {
    pub async fn connect(url: &str, limits: StoreLimits) -> Result<Self, StoreError> {
        let (url, ns) = match url.split_once('#') {
            Some((u, ns)) => (u.to_string(), format!("{PREFIX}:{ns}")),
            None => (url.to_string(), PREFIX.to_string()),
        };
        let client = redis::Client::open(url.as_str()).map_err(be)?;
        let conn = ConnectionManager::new(client).await.map_err(be)?;
        let cas = redis::Script::new(
            r"local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
if cjson.decode(cur)['status'] ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1",
        );
        Ok(Self {
            conn,
            limits,
            ns,
            cas,
        })
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

    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut c = self.conn.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut c)
            .await
            .map_err(be)?;
        Ok(())
    }

    pub async fn get_conversation(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<Conversation>, StoreError> {
        let mut c = self.conn.clone();
        let raw: Option<String> = redis::cmd("GET")
            .arg(self.tkey(tenant, &format!("conv:{id}")))
            .query_async(&mut c)
            .await
            .map_err(be)?;
        raw.map(|r| serde_json::from_str(&r).map_err(corrupt))
            .transpose()
    }

    pub async fn put_conversation(
        &self,
        tenant: &str,
        conv: &Conversation,
    ) -> Result<(), StoreError> {
        let mut c = self.conn.clone();
        let raw = serde_json::to_string(conv).map_err(corrupt)?;
        redis::cmd("SET")
            .arg(self.tkey(tenant, &format!("conv:{}", conv.id)))
            .arg(raw)
            .arg("EX")
            .arg(self.limits.conversation_ttl.as_secs().max(1))
            .query_async::<()>(&mut c)
            .await
            .map_err(be)
    }

    pub async fn insert_handoff(&self, tenant: &str, h: &Handoff) -> Result<(), StoreError> {
        let mut c = self.conn.clone();
        let raw = serde_json::to_string(h).map_err(corrupt)?;
        redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(self.tkey(tenant, &format!("handoff:{}", h.id)))
            .arg(raw)
            .ignore()
            .cmd("ZADD")
            .arg(self.tkey(tenant, "handoffs"))
            .arg(h.created_at.timestamp_millis())
            .arg(&h.id)
            .ignore()
            .query_async::<()>(&mut c)
            .await
            .map_err(be)
    }

    pub async fn get_handoff(&self, tenant: &str, id: &str) -> Result<Option<Handoff>, StoreError> {
        let mut c = self.conn.clone();
        let raw: Option<String> = redis::cmd("GET")
            .arg(self.tkey(tenant, &format!("handoff:{id}")))
            .query_async(&mut c)
            .await
            .map_err(be)?;
        raw.map(|r| serde_json::from_str(&r).map_err(corrupt))
            .transpose()
    }

    pub async fn list_handoffs(
        &self,
        tenant: &str,
        f: &HandoffFilter,
    ) -> Result<Vec<Handoff>, StoreError> {
        let mut c = self.conn.clone();
        let ids: Vec<String> = redis::cmd("ZREVRANGE")
            .arg(self.tkey(tenant, "handoffs"))
            .arg(0)
            .arg(LIST_SCAN - 1)
            .query_async(&mut c)
            .await
            .map_err(be)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = ids
            .iter()
            .map(|id| self.tkey(tenant, &format!("handoff:{id}")))
            .collect();
        let raws: Vec<Option<String>> = redis::cmd("MGET")
            .arg(&keys)
            .query_async(&mut c)
            .await
            .map_err(be)?;
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
            let mut c = self.conn.clone();
            let r: i64 = self
                .cas
                .key(&key)
                .arg(h.status.as_str())
                .arg(raw)
                .invoke_async(&mut c)
                .await
                .map_err(be)?;
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
        let mut c = self.conn.clone();
        redis::cmd("LPUSH")
            .arg(self.key("outbox"))
            .arg(raw)
            .query_async::<()>(&mut c)
            .await
            .map_err(be)
    }

    pub async fn outbox_claim(&self) -> Result<Option<String>, StoreError> {
        let mut c = self.conn.clone();
        redis::cmd("LMOVE")
            .arg(self.key("outbox"))
            .arg(self.key("outbox:inflight"))
            .arg("RIGHT")
            .arg("LEFT")
            .query_async(&mut c)
            .await
            .map_err(be)
    }

    pub async fn outbox_ack(&self, raw: &str) -> Result<(), StoreError> {
        let mut c = self.conn.clone();
        redis::cmd("LREM")
            .arg(self.key("outbox:inflight"))
            .arg(1)
            .arg(raw)
            .query_async::<()>(&mut c)
            .await
            .map_err(be)
    }

    pub async fn outbox_recover(&self) -> Result<usize, StoreError> {
        let mut c = self.conn.clone();
        let mut n = 0;
        loop {
            let moved: Option<String> = redis::cmd("LMOVE")
                .arg(self.key("outbox:inflight"))
                .arg(self.key("outbox"))
                .arg("RIGHT")
                .arg("RIGHT")
                .query_async(&mut c)
                .await
                .map_err(be)?;
            if moved.is_none() {
                return Ok(n);
            }
            n += 1;
        }
    }

    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        let mut c = self.conn.clone();
        let (a, b): (usize, usize) = redis::pipe()
            .cmd("LLEN")
            .arg(self.key("outbox"))
            .cmd("LLEN")
            .arg(self.key("outbox:inflight"))
            .query_async(&mut c)
            .await
            .map_err(be)?;
        Ok(a + b)
    }
}
