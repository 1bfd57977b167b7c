//! Webhook delivery: every handoff event is put in the store's outbox when it happens and a
//! background task POSTs it to the queue's URL, retrying with exponential backoff while the
//! receiver is down. Each request carries an HMAC-SHA256 signature of `timestamp.body` and an
//! idempotency key, so receivers can verify it and drop repeats (delivery is at-least-once).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::sync::watch;

use super::HandoffEvent;
use crate::store::{OutboxItem, Store};

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
    /// Attempts before an event is given up on (logged as an error).
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

/// Delivers one claimed event, retrying until it succeeds, attempts run out, or shutdown.
async fn deliver(
    store: &Store,
    cfg: &WebhookConfig,
    client: &reqwest::Client,
    item: OutboxItem,
    mut stop: watch::Receiver<bool>,
) {
    let queue = item.event.handoff.queue.clone();
    let Some(target) = cfg.target_for(item.event.tenant(), &queue) else {
        let _ = store.outbox_ack(&item).await;
        return;
    };
    let mut attempt = item.attempts;
    loop {
        match deliver_once(client, target, &item.event).await {
            Ok(()) => {
                tracing::info!(handoff = %item.event.handoff.id, event = %item.event.event, attempt, "webhook delivered");
                let _ = store.outbox_ack(&item).await;
                return;
            }
            Err(e) => {
                attempt += 1;
                if attempt >= cfg.max_attempts {
                    tracing::error!(handoff = %item.event.handoff.id, error = %e, attempt, "webhook given up");
                    let _ = store.outbox_ack(&item).await;
                    return;
                }
                tracing::warn!(handoff = %item.event.handoff.id, error = %e, attempt, "webhook failed; will retry");
                tokio::select! {
                    _ = tokio::time::sleep(cfg.backoff(attempt)) => {}
                    // Left in flight: the next start-up puts it back in the queue.
                    _ = stop.changed() => return,
                }
            }
        }
    }
}

/// Runs the delivery loop until `stop` flips to true. Deliveries run concurrently (bounded), so
/// one queue's dead receiver does not hold up the others.
pub async fn run(store: Arc<Store>, cfg: WebhookConfig, stop: watch::Receiver<bool>) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_millis(cfg.timeout_ms))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client could not be built; deliveries stay queued");
            return;
        }
    };
    match store.outbox_recover().await {
        Ok(n) if n > 0 => tracing::info!(n, "re-queued webhook deliveries left in flight"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not recover in-flight webhook deliveries"),
    }
    let limit = Arc::new(tokio::sync::Semaphore::new(16));
    let cfg = Arc::new(cfg);
    let mut stop_main = stop.clone();
    loop {
        if *stop_main.borrow() {
            return;
        }
        let permit = match limit.clone().acquire_owned().await {
            Ok(p) => p,
            Err(_) => return,
        };
        match store.outbox_claim().await {
            Ok(Some(item)) => {
                let (store, cfg, client, stop) =
                    (store.clone(), cfg.clone(), client.clone(), stop.clone());
                tokio::spawn(async move {
                    deliver(&store, &cfg, &client, item, stop).await;
                    drop(permit);
                });
            }
            Ok(None) => {
                drop(permit);
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                    _ = stop_main.changed() => {}
                }
            }
            Err(e) => {
                drop(permit);
                tracing::warn!(error = %e, "webhook outbox unavailable");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = stop_main.changed() => {}
                }
            }
        }
    }
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
