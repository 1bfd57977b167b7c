//! The Redis store: conversations expire after their idle TTL, handoffs are kept (indexed by
//! creation time), status changes are atomic (a Lua compare-and-set on the status), a turn's
//! writes (conversation, new handoff, outbox, stored reply) are one Lua script fenced by the
//! conversation's lease, and the webhook outbox is a schedule of leased deliveries with their
//! attempt counts, so a crash never loses a delivery, only one replica sends it at a time, and
//! the retry budget holds across restarts. Every command goes through [`Link`], which bounds it in time.
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
use super::{
    apply_transition, Cursor, HandoffFilter, OutboxEntry, Outcome, Page, StoreError, StoreLimits,
    TurnWrite,
};
use crate::conversation::Conversation;
use crate::handoff::{Handoff, Status};

const PREFIX: &str = "triage";
/// Index entries one listing request reads at most (it pages on past them).
const LIST_SCAN: usize = 5000;
/// Index entries read per round trip.
const LIST_BATCH: usize = 1000;

/// ARGV: expected status, new record, seconds to keep it ('0': for ever; resolved handoffs).
const CAS_SCRIPT: &str = r"local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
if cjson.decode(cur)['status'] ~= ARGV[1] then return 0 end
if ARGV[3] ~= '0' then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1";

/// KEYS: lease, conversation, handoff, handoff index, outbox schedule, reply, events stream,
/// outbox records.
/// ARGV: token, conversation, conversation TTL, handoff ('' for none), its score, its id,
/// outbox record ('' for none), reply ('' for none), reply TTL, event ('' for none), stream cap,
/// outbox delivery id.
const COMMIT_SCRIPT: &str = r"if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[6])
end
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[8], ARGV[12], ARGV[7])
  redis.call('ZADD', KEYS[5], 0, ARGV[12])
end
if ARGV[8] ~= '' then redis.call('SET', KEYS[6], ARGV[8], 'EX', ARGV[9]) end
if ARGV[10] ~= '' then
  redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[11], '*', 'e', ARGV[10])
end
return 1";

/// Webhook deliveries: `outbox:due` (zset: id → when it may be tried next, in Redis server
/// milliseconds; a claimed one's lease expiry), `outbox:rec` (id → record), `outbox:tries`
/// (id → attempts started), `outbox:lease` (id → the holder's token). Redis's clock, so
/// replicas with skewed clocks agree on what is due.
/// KEYS: due, rec, tries, lease. ARGV: lease ms, token, max attempts.
/// Returns nil, or {id, record, attempt, 1 = deliver / 0 = attempts spent (removed)}.
const CLAIM_SCRIPT: &str = r"local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1)
if #ids == 0 then return false end
local id = ids[1]
local raw = redis.call('HGET', KEYS[2], id)
local n = redis.call('HINCRBY', KEYS[3], id, 1)
if (not raw) or n > tonumber(ARGV[3]) then
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  return {id, raw or '', n, 0}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), id)
redis.call('HSET', KEYS[4], id, ARGV[2])
return {id, raw, n, 1}";

/// KEYS: due, rec, tries, lease. ARGV: id, token, retry delay ms (-1: done).
const FINISH_SCRIPT: &str = r"if ARGV[3] == '-1' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
  return 1
end
if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1";

/// The list-based outbox of earlier versions (`outbox`, `outbox:inflight`) into the schedule.
/// KEYS: old queue, old in-flight list, due, rec. Returns how many moved.
const MIGRATE_SCRIPT: &str = r"local n = 0
for _, k in ipairs({KEYS[1], KEYS[2]}) do
  if redis.call('TYPE', k)['ok'] == 'list' then
    while true do
      local raw = redis.call('RPOP', k)
      if not raw then break end
      local id = redis.sha1hex(raw)
      redis.call('HSET', KEYS[4], id, raw)
      redis.call('ZADD', KEYS[3], 0, id)
      n = n + 1
    end
  end
end
return n";

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
    pub fn connect(
        url: &str,
        limits: StoreLimits,
        timeout: Duration,
        tls: &super::link::Tls,
    ) -> Result<Self, StoreError> {
        let (url, ns) = match url.split_once('#') {
            Some((u, ns)) => (u.to_string(), format!("{PREFIX}:{ns}")),
            None => (url.to_string(), PREFIX.to_string()),
        };
        Ok(Self {
            link: Link::open(&url, timeout, tls)?,
            limits,
            ns,
            stripes: Stripes::default(),
        })
    }

    pub fn healthy(&self) -> bool {
        self.link.healthy()
    }

    /// Why Redis could not be reached last; `None` once it answers.
    pub fn last_error(&self) -> Option<String> {
        self.link.last_error()
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

    fn lease_key(&self, tenant: &str, conversation: &str) -> String {
        self.tkey(tenant, &format!("lease:conv:{conversation}"))
    }

    /// Every key one conversation turn's commit script touches (its `KEYS`, in order): lease,
    /// conversation, handoff (`hkey`), handoff index, outbox schedule, stored reply, event
    /// stream, outbox records. On Redis Cluster they must share a hash slot (the script is
    /// refused otherwise): the handoff index, outbox and stream are shared by all conversations,
    /// so only a hash tag on the namespace (`#{triage}`) puts them together; see
    /// `deploy/kubernetes/README.md` and the test below.
    fn turn_keys(&self, tenant: &str, conversation: &str, hkey: &str, reply: &str) -> [String; 8] {
        [
            self.lease_key(tenant, conversation),
            self.tkey(tenant, &format!("conv:{conversation}")),
            hkey.to_string(),
            self.tkey(tenant, "handoffs"),
            self.key("outbox:due"),
            self.tkey(tenant, &format!("reply:{reply}")),
            self.key("events"),
            self.key("outbox:rec"),
        ]
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
        Lease::acquire(guard, &self.link, self.lease_key(tenant, id)).await
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
        let (outbox_id, outbox_raw) = w.outbox.clone().map(|e| (e.id, e.raw)).unwrap_or_default();
        let keys = self.turn_keys(
            tenant,
            &w.conversation.id,
            &hkey,
            w.reply.map_or("", |r| r.0),
        );
        let args = (
            token,
            conv,
            self.limits.conversation_ttl.as_secs().max(1),
            hraw,
            hscore,
            hid,
            outbox_raw,
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
                    .arg(super::events::KEEP)
                    .arg(outbox_id);
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

    /// Walks the creation index newest first from the cursor, in batches, until a page is full
    /// or `LIST_SCAN` entries were read; then `next` says where to go on, so every handoff is
    /// reachable by paging however many are stored (a page may come back short, or empty, with a
    /// `next`). Index entries whose record expired (resolved, past retention) are dropped.
    pub async fn list_handoffs(&self, tenant: &str, f: &HandoffFilter) -> Result<Page, StoreError> {
        let index = self.tkey(tenant, "handoffs");
        let limit = f.limit.unwrap_or(100);
        let mut after = f.cursor.as_deref().and_then(Cursor::parse);
        let mut out = Vec::new();
        let mut scanned = 0;
        loop {
            let max = match &after {
                Some(c) => format!("{}", c.ms),
                None => "+inf".to_string(),
            };
            let idx = index.clone();
            let batch: Vec<(String, i64)> = self
                .link
                .run(|mut c| async move {
                    redis::cmd("ZREVRANGEBYSCORE")
                        .arg(idx)
                        .arg(max)
                        .arg("-inf")
                        .arg("WITHSCORES")
                        .arg("LIMIT")
                        .arg(0)
                        .arg(LIST_BATCH)
                        .query_async(&mut c)
                        .await
                })
                .await?;
            let full = batch.len() == LIST_BATCH;
            // Entries at the cursor's own millisecond come again: keep those past it.
            let batch: Vec<Cursor> = batch
                .into_iter()
                .map(|(id, ms)| Cursor { ms, id })
                .filter(|c| after.as_ref().is_none_or(|a| c < a))
                .collect();
            if batch.is_empty() {
                return Ok(Page {
                    items: out,
                    next: None,
                });
            }
            scanned += batch.len();
            let keys: Vec<String> = batch
                .iter()
                .map(|c| self.tkey(tenant, &format!("handoff:{}", c.id)))
                .collect();
            let raws: Vec<Option<String>> = self
                .link
                .run(|mut c| async move { redis::cmd("MGET").arg(keys).query_async(&mut c).await })
                .await?;
            let mut gone = Vec::new();
            for (c, raw) in batch.into_iter().zip(raws) {
                let Some(raw) = raw else {
                    gone.push(c.id.clone());
                    after = Some(c);
                    continue;
                };
                let h: Handoff = serde_json::from_str(&raw).map_err(corrupt)?;
                if f.matches(&h) {
                    out.push(h);
                }
                after = Some(c);
                if out.len() >= limit {
                    break;
                }
            }
            if !gone.is_empty() {
                let idx = index.clone();
                self.link
                    .run(|mut c| async move {
                        redis::cmd("ZREM")
                            .arg(idx)
                            .arg(gone)
                            .query_async::<()>(&mut c)
                            .await
                    })
                    .await?;
            }
            if out.len() >= limit || scanned >= LIST_SCAN {
                return Ok(Page {
                    items: out,
                    next: after,
                });
            }
            if !full {
                return Ok(Page {
                    items: out,
                    next: None,
                });
            }
        }
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
            let keep = if to == Status::Resolved {
                self.limits.handoff_retention.as_secs().max(1)
            } else {
                0
            };
            let r: i64 = self
                .link
                .run(|mut c| async move {
                    redis::Script::new(CAS_SCRIPT)
                        .key(k)
                        .arg(from)
                        .arg(raw)
                        .arg(keep)
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

    fn outbox_keys(&self) -> [String; 4] {
        ["due", "rec", "tries", "lease"].map(|k| self.key(&format!("outbox:{k}")))
    }

    pub async fn outbox_push(&self, e: OutboxEntry) -> Result<(), StoreError> {
        let [due, rec, ..] = self.outbox_keys();
        self.link
            .run(|mut c| async move {
                redis::pipe()
                    .atomic()
                    .cmd("HSET")
                    .arg(rec)
                    .arg(&e.id)
                    .arg(&e.raw)
                    .ignore()
                    .cmd("ZADD")
                    .arg(due)
                    .arg(0)
                    .arg(&e.id)
                    .ignore()
                    .query_async::<()>(&mut c)
                    .await
            })
            .await
    }

    pub async fn outbox_claim(
        &self,
        lease: Duration,
        max_attempts: u32,
        token: &str,
    ) -> Result<Option<(String, String, u32, bool)>, StoreError> {
        let keys = self.outbox_keys();
        let token = token.to_string();
        let lease_ms = lease.as_millis() as u64;
        let found: Option<(String, String, u32, i64)> = self
            .link
            .run(|mut c| async move {
                let script = redis::Script::new(CLAIM_SCRIPT);
                let mut inv = script.prepare_invoke();
                for k in &keys {
                    inv.key(k);
                }
                inv.arg(lease_ms)
                    .arg(token)
                    .arg(max_attempts)
                    .invoke_async(&mut c)
                    .await
            })
            .await?;
        Ok(found.map(|(id, raw, n, live)| (id, raw, n, live == 1)))
    }

    pub async fn outbox_finish(
        &self,
        id: &str,
        token: &str,
        how: Outcome,
    ) -> Result<(), StoreError> {
        let keys = self.outbox_keys();
        let (id, token) = (id.to_string(), token.to_string());
        let delay: i64 = match how {
            Outcome::Done => -1,
            Outcome::RetryAfter(d) => d.as_millis() as i64,
        };
        self.link
            .run(|mut c| async move {
                let script = redis::Script::new(FINISH_SCRIPT);
                let mut inv = script.prepare_invoke();
                for k in &keys {
                    inv.key(k);
                }
                inv.arg(id)
                    .arg(token)
                    .arg(delay)
                    .invoke_async::<i64>(&mut c)
                    .await
            })
            .await
            .map(|_| ())
    }

    pub async fn outbox_migrate(&self) -> Result<usize, StoreError> {
        let [due, rec, ..] = self.outbox_keys();
        let keys = [self.key("outbox"), self.key("outbox:inflight"), due, rec];
        self.link
            .run(|mut c| async move {
                let script = redis::Script::new(MIGRATE_SCRIPT);
                let mut inv = script.prepare_invoke();
                for k in &keys {
                    inv.key(k);
                }
                inv.invoke_async(&mut c).await
            })
            .await
    }

    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        let k = self.key("outbox:due");
        self.link
            .run(|mut c| async move { redis::cmd("ZCARD").arg(k).query_async(&mut c).await })
            .await
    }
}

/// The Redis Cluster hash slot of `key`: CRC16 (XMODEM) of the key, or of its hash tag (the part
/// between the first `{` and the next `}`, when not empty), modulo 16384.
pub fn key_slot(key: &str) -> u16 {
    let b = key.as_bytes();
    let tagged = b.iter().position(|&c| c == b'{').and_then(|open| {
        let rest = &b[open + 1..];
        let close = rest.iter().position(|&c| c == b'}')?;
        (close > 0).then(|| &rest[..close])
    });
    crc16(tagged.unwrap_or(b)) % 16384
}

fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_computed_as_redis_cluster_does() {
        // Redis Cluster specification: CRC16("123456789") = 0x31C3; `CLUSTER KEYSLOT` values.
        assert_eq!(crc16(b"123456789"), 0x31C3);
        assert_eq!(key_slot("foo"), 12182);
        assert_eq!(key_slot("bar"), 5061);
        assert_eq!(
            key_slot("{user1000}.following"),
            key_slot("{user1000}.followers")
        );
        assert_eq!(key_slot("{user1000}.following"), key_slot("user1000"));
        // An empty tag does not count: the whole key is hashed.
        assert_eq!(key_slot("foo{}{bar}"), crc16(b"foo{}{bar}") % 16384);
        assert_eq!(key_slot("foo{{bar}}zap"), key_slot("{bar"));
        // `CLUSTER KEYSLOT` of a Redis 7 node in cluster mode.
        for (key, slot) in [
            ("triage:{triage}:conv:c-1", 12920),
            ("triage:conv:c-1", 7084),
            ("triage:t:acme:handoffs", 11283),
            ("foo{}{bar}", 8363),
            ("foo{{bar}}zap", 4015),
            ("会话", 4220),
        ] {
            assert_eq!(key_slot(key), slot, "{key}");
        }
    }

    fn store(url: &str) -> RedisStore {
        // Never used to connect: the test only builds key names.
        RedisStore::connect(
            url,
            StoreLimits::default(),
            Duration::from_millis(50),
            &Default::default(),
        )
        .unwrap()
    }

    /// Every key a turn touches (the lease, then the commit script's keys), and the keys of each
    /// outbox script, for tenants `default` and `acme`, with and without a handoff or a reply.
    fn script_key_sets(s: &RedisStore) -> Vec<Vec<String>> {
        let mut sets = Vec::new();
        for tenant in [crate::auth::DEFAULT_TENANT, "acme"] {
            for conv in ["c-1", "会话{x}", ""] {
                for (hkey, reply) in [
                    (s.tkey(tenant, "handoff:h-9"), "idem-1"),
                    (s.tkey(tenant, "handoff:"), ""),
                ] {
                    let mut keys = vec![s.lease_key(tenant, conv)];
                    keys.extend(s.turn_keys(tenant, conv, &hkey, reply));
                    sets.push(keys);
                }
            }
        }
        sets.push(s.outbox_keys().to_vec());
        let [due, rec, ..] = s.outbox_keys();
        sets.push(vec![s.key("outbox"), s.key("outbox:inflight"), due, rec]);
        sets
    }

    #[tokio::test]
    async fn with_a_namespace_hash_tag_every_script_stays_in_one_slot() {
        let s = store("redis://127.0.0.1:1#{triage}");
        for keys in script_key_sets(&s) {
            let slot = key_slot(&keys[0]);
            for k in &keys {
                assert!(k.starts_with("triage:{triage}:"), "{k}");
                assert_eq!(key_slot(k), slot, "{k} vs {}", keys[0]);
            }
        }
    }

    #[tokio::test]
    async fn without_one_a_turn_spans_slots() {
        // What deploy/kubernetes/README.md says: the default layout is for a single primary; a
        // turn's keys (conversation, shared index, outbox, stream) land in different slots.
        let s = store("redis://127.0.0.1:1");
        let turn = &script_key_sets(&s)[0];
        let slots: std::collections::BTreeSet<u16> = turn.iter().map(|k| key_slot(k)).collect();
        assert!(slots.len() > 1, "{turn:?}");
    }
}
