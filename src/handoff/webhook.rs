//! Webhook delivery: every handoff event is put in the store's outbox when it happens and a
//! background task on every replica claims due deliveries (under a lease, so one replica sends
//! each at a time) and POSTs them to the queue's URL; a failure is rescheduled in the store with
//! exponential backoff, its attempt count stored with it, so the budget holds across replicas
//! and restarts. The same outbox, leases and retries carry the Chatwoot bot's calls
//! (`chatwoot`), one call per attempt. Each webhook request carries an HMAC-SHA256 signature of
//! `timestamp.body` and an idempotency key, so receivers can verify it and drop repeats
//! (delivery is at-least-once).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::sync::watch;

use super::chatwoot::ChatwootJob;
use super::HandoffEvent;
use crate::store::{Claimed, Delivery, OutboxItem, Outcome, Store};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Shown without user-info and query string.
    #[serde(serialize_with = "crate::redact::serialize_url")]
    pub url: String,
    /// Shared secret for the signature (never logged, never served).
    #[serde(skip_serializing)]
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookConfig {
    /// queue → target of tenant `default`; the key "*" serves every queue without its own.
    pub targets: BTreeMap<String, Target>,
    /// Other tenants' targets (tenant → queue → target), from `[tenants.NAME.webhooks]`.
    #[serde(skip_deserializing)]
    pub tenants: BTreeMap<String, BTreeMap<String, Target>>,
    /// Attempts before an event is given up on (logged as an error), counted in the store: across
    /// every replica and restart.
    pub max_attempts: u32,
    pub initial_backoff_ms: u64,
    pub max_backoff_ms: u64,
    pub timeout_ms: u64,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            targets: BTreeMap::new(),
            tenants: BTreeMap::new(),
            max_attempts: 20,
            initial_backoff_ms: 250,
            max_backoff_ms: 30_000,
            timeout_ms: 5_000,
        }
    }
}

impl WebhookConfig {
    pub fn is_enabled(&self) -> bool {
        !self.targets.is_empty() || self.tenants.values().any(|t| !t.is_empty())
    }

    /// Where `tenant`'s events of `queue` go: its own targets only (tenant `default`: the
    /// top-level ones), so one tenant's handoffs never reach another's receiver.
    pub fn target_for(&self, tenant: &str, queue: &str) -> Option<&Target> {
        let targets = if tenant == crate::auth::DEFAULT_TENANT {
            &self.targets
        } else {
            self.tenants.get(tenant)?
        };
        targets.get(queue).or_else(|| targets.get("*"))
    }

    pub fn backoff(&self, attempt: u32) -> Duration {
        let ms = self
            .initial_backoff_ms
            .saturating_mul(1u64 << attempt.min(20))
            .min(self.max_backoff_ms);
        Duration::from_millis(ms)
    }
}

pub const SIGNATURE_HEADER: &str = "x-triage-signature";
pub const TIMESTAMP_HEADER: &str = "x-triage-timestamp";
pub const EVENT_HEADER: &str = "x-triage-event";
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>").
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks a signature in constant time (for receivers, and the tests).
pub fn verify(secret: &str, timestamp: i64, body: &[u8], signature: &str) -> bool {
    let Some(hexsig) = signature.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(bytes) = hex::decode(hexsig) else {
        return false;
    };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&bytes).is_ok()
}

async fn deliver_once(
    client: &reqwest::Client,
    target: &Target,
    ev: &HandoffEvent,
) -> Result<(), String> {
    let body = serde_json::to_vec(ev).map_err(|e| e.to_string())?;
    let ts = chrono::Utc::now().timestamp();
    let resp = client
        .post(&target.url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, sign(&target.secret, ts, &body))
        .header(TIMESTAMP_HEADER, ts.to_string())
        .header(EVENT_HEADER, &ev.event)
        .header(IDEMPOTENCY_HEADER, ev.idempotency_key())
        .body(body)
        .send()
        .await
        // The URL may carry a password or token: never in the log.
        .map_err(|e| e.without_url().to_string())?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", resp.status()))
    }
}

/// How one delivery attempt went.
pub enum Sent {
    Ok,
    /// Worth retrying (network, timeout, a receiver error).
    Retry(String),
    /// Refused for good: retrying cannot help.
    Refused(String),
}

/// Where deliveries go: the webhook targets and each tenant's Chatwoot.
pub struct Receivers {
    pub webhooks: WebhookConfig,
    pub chatwoot: BTreeMap<String, super::chatwoot::ChatwootConfig>,
}

/// How long a claimed delivery stays with its replica: one attempt is bounded by the client's
/// timeout (a Chatwoot call by its own, when any tenant has Chatwoot), so a lease of twice that
/// (and a second) is only outlived by a replica that died or stalled, whose delivery then goes
/// to another.
pub fn lease_for(to: &Receivers) -> Duration {
    let mut longest = to.webhooks.timeout_ms;
    if !to.chatwoot.is_empty() {
        let call = u64::try_from(super::chatwoot::CALL_TIMEOUT.as_millis()).unwrap_or(u64::MAX);
        longest = longest.max(call);
    }
    Duration::from_millis(longest.saturating_mul(2).saturating_add(1_000))
}

/// One attempt of a claimed delivery; the outbox then drops it or schedules the next attempt
/// (any replica may make it).
async fn attempt(store: &Store, to: &Receivers, client: &reqwest::Client, item: OutboxItem) {
    match &item.delivery {
        Delivery::Webhook(ev) => attempt_webhook(store, &to.webhooks, client, &item, ev).await,
        Delivery::Chatwoot(job) => attempt_chatwoot(store, to, client, &item, job).await,
    }
}

async fn attempt_webhook(
    store: &Store,
    cfg: &WebhookConfig,
    client: &reqwest::Client,
    item: &OutboxItem,
    ev: &HandoffEvent,
) {
    let outcome = match cfg.target_for(ev.tenant(), &ev.handoff.queue) {
        None => Outcome::Done,
        Some(target) => match deliver_once(client, target, ev).await {
            Ok(()) => {
                tracing::info!(handoff = %ev.handoff.id, event = %ev.event, attempt = item.attempt, "webhook delivered");
                Outcome::Done
            }
            Err(e) if item.attempt >= cfg.max_attempts => {
                tracing::error!(handoff = %ev.handoff.id, event = %ev.event, error = %e, attempt = item.attempt, "webhook given up");
                Outcome::Done
            }
            Err(e) => {
                tracing::warn!(handoff = %ev.handoff.id, event = %ev.event, error = %e, attempt = item.attempt, "webhook failed; will retry");
                Outcome::RetryAfter(cfg.backoff(item.attempt.saturating_sub(1)))
            }
        },
    };
    if let Err(e) = store.outbox_finish(item, outcome).await {
        // The lease runs out and the delivery comes back: at-least-once, within the budget.
        tracing::warn!(handoff = %ev.handoff.id, error = %e, "webhook outcome not stored");
    }
}

/// What a Chatwoot job is, for the log.
fn chatwoot_what(job: &ChatwootJob) -> String {
    let call = job.calls.get(job.done).map_or("", |c| c.call.as_str());
    format!(
        "chatwoot {}/{} {} ({} of {}) for message {}",
        job.account_id,
        job.conversation_id,
        call,
        job.done + 1,
        job.calls.len(),
        job.message_id
    )
}

/// Queues the calls of `job` after the current one, as a delivery of its own (a fresh id and
/// attempt budget). A refused or given-up call does not stop the rest: the handoff's status
/// change matters even when the note could not be posted.
async fn push_rest(store: &Store, job: &ChatwootJob) -> Result<(), crate::store::StoreError> {
    let mut rest = job.clone();
    rest.done += 1;
    if rest.done < rest.calls.len() {
        store.outbox_push_chatwoot(&rest).await?;
    }
    Ok(())
}

/// One attempt of the next call of a Chatwoot job. On success or refusal the rest is queued
/// before this delivery is finished, so a crash in between repeats a call rather than losing
/// one; the calls go out in order.
async fn attempt_chatwoot(
    store: &Store,
    to: &Receivers,
    client: &reqwest::Client,
    item: &OutboxItem,
    job: &ChatwootJob,
) {
    let cfg = &to.webhooks;
    let what = chatwoot_what(job);
    let Some(cw) = to.chatwoot.get(&job.tenant) else {
        tracing::warn!(tenant = %job.tenant, "Chatwoot job of a tenant without [chatwoot]; dropped");
        let _ = store.outbox_finish(item, Outcome::Done).await;
        return;
    };
    let attempt = item.attempt;
    let next = match super::chatwoot::send_next(client, cw, job).await {
        Sent::Ok => {
            tracing::info!(what, attempt, "delivered");
            true
        }
        Sent::Refused(e) => {
            tracing::error!(what, error = %e, attempt, "delivery refused; given up");
            true
        }
        Sent::Retry(e) if attempt >= cfg.max_attempts => {
            tracing::error!(what, error = %e, attempt, "delivery given up");
            true
        }
        Sent::Retry(e) => {
            tracing::warn!(what, error = %e, attempt, "delivery failed; will retry");
            false
        }
    };
    let outcome = if next {
        if let Err(e) = push_rest(store, job).await {
            // Not finished: the lease runs out and this call is made again, then the rest.
            tracing::warn!(what, error = %e, "could not queue the next Chatwoot call; this one is repeated");
            return;
        }
        Outcome::Done
    } else {
        Outcome::RetryAfter(cfg.backoff(attempt.saturating_sub(1)))
    };
    if let Err(e) = store.outbox_finish(item, outcome).await {
        tracing::warn!(what, error = %e, "Chatwoot outcome not stored");
    }
}

/// Runs the delivery loop until `stop` flips to true, then lets attempts in flight finish (each
/// is bounded by the client timeout). Deliveries run concurrently (bounded), so one queue's dead
/// receiver does not hold up the others; a failed one waits out its backoff in the store, not
/// in this process, so a restart neither loses nor repeats it early.
pub async fn run(store: Arc<Store>, to: Receivers, stop: watch::Receiver<bool>) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_millis(to.webhooks.timeout_ms))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client could not be built; deliveries stay queued");
            return;
        }
    };
    let lease = lease_for(&to);
    let max_attempts = to.webhooks.max_attempts;
    let limit = Arc::new(tokio::sync::Semaphore::new(16));
    let to = Arc::new(to);
    let mut stop = stop;
    let mut tasks = tokio::task::JoinSet::new();
    // Redis may not be there yet at start-up: tried until it has run once.
    let mut migrated = false;
    loop {
        if *stop.borrow() {
            break;
        }
        if !migrated {
            match store.outbox_migrate().await {
                Ok(n) => {
                    migrated = true;
                    if n > 0 {
                        tracing::info!(n, "moved webhook deliveries from the old outbox lists");
                    }
                }
                Err(e) => tracing::debug!(error = %e, "old webhook outbox not migrated yet"),
            }
        }
        while tasks.try_join_next().is_some() {}
        let permit = match limit.clone().acquire_owned().await {
            Ok(p) => p,
            Err(_) => break,
        };
        let idle = match store.outbox_claim(lease, max_attempts).await {
            Ok(Claimed::Deliver(item)) => {
                let (store, to, client) = (store.clone(), to.clone(), client.clone());
                tasks.spawn(async move {
                    attempt(&store, &to, &client, item).await;
                    drop(permit);
                });
                None
            }
            Ok(Claimed::Exhausted(Delivery::Webhook(ev))) => {
                tracing::error!(handoff = %ev.handoff.id, event = %ev.event, attempts = max_attempts, "webhook given up (its last attempt's outcome was lost)");
                None
            }
            Ok(Claimed::Exhausted(Delivery::Chatwoot(job))) => {
                let what = chatwoot_what(&job);
                tracing::error!(
                    what,
                    attempts = max_attempts,
                    "delivery given up (its last attempt's outcome was lost)"
                );
                // As for a call given up after its attempts: the rest still goes out.
                if let Err(e) = push_rest(&store, &job).await {
                    tracing::warn!(what, error = %e, "could not queue the next Chatwoot call; dropped");
                }
                None
            }
            Ok(Claimed::Nothing) => Some(Duration::from_millis(100)),
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox unavailable");
                // About the store's reconnect probe: deliveries resume soon after Redis does.
                Some(Duration::from_millis(250))
            }
        };
        if let Some(pause) = idle {
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                // An error: the server is gone without saying stop.
                r = stop.changed() => if r.is_err() { break },
            }
        }
    }
    while tasks.join_next().await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_detect_tampering() {
        let s = sign("secret", 1700000000, b"{\"a\":1}");
        assert!(s.starts_with("sha256="));
        assert!(verify("secret", 1700000000, b"{\"a\":1}", &s));
        assert!(!verify("secret", 1700000000, b"{\"a\":2}", &s));
        assert!(!verify("other", 1700000000, b"{\"a\":1}", &s));
        assert!(!verify("secret", 1700000001, b"{\"a\":1}", &s));
        assert!(!verify("secret", 1700000000, b"{\"a\":1}", "md5=abc"));
    }

    #[test]
    fn known_vector() {
        // HMAC-SHA256("key", "1.") computed with Python's hmac module.
        assert_eq!(
            sign("key", 1, b""),
            "sha256=53123bc365c2fe4bee48bc5cc6cd6c19699147d43513154ed34277c7c063e80f"
        );
    }

    #[test]
    fn each_tenant_has_its_own_targets() {
        let t = |u: &str| Target {
            url: u.into(),
            secret: String::new(),
        };
        let mut c = WebhookConfig::default();
        c.targets.insert("*".into(), t("http://default"));
        let mut acme = BTreeMap::new();
        acme.insert("orders".into(), t("http://acme-orders"));
        c.tenants.insert("acme".into(), acme);
        assert_eq!(c.target_for("default", "x").unwrap().url, "http://default");
        assert_eq!(
            c.target_for("acme", "orders").unwrap().url,
            "http://acme-orders"
        );
        assert!(
            c.target_for("acme", "general").is_none(),
            "no fallback to default's"
        );
        assert!(c.target_for("globex", "orders").is_none());
    }

    #[test]
    fn backoff_grows_and_caps() {
        let c = WebhookConfig::default();
        assert_eq!(c.backoff(0), Duration::from_millis(250));
        assert_eq!(c.backoff(2), Duration::from_millis(1000));
        assert_eq!(c.backoff(30), Duration::from_millis(30_000));
    }
}
