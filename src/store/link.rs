//! The connection to Redis, built so that an outage costs seconds, not minutes: start-up never
//! waits for Redis (a background task connects and keeps probing), every command has a deadline
//! (`--redis-timeout-ms`), and the client's own reconnect backoff is short and capped. While
//! Redis is away commands fail at once with [`StoreError::Unavailable`] and `healthy()` is false,
//! which `/readyz` reports (with the last connection error, e.g. a TLS certificate refused).
//!
//! `rediss://` URLs connect over TLS (rustls): the server certificate is checked against the
//! public web roots, or only against the operator's CA file ([`Tls::ca_pem`]); [`Tls::insecure`]
//! skips the check (the crate's `#insecure`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::StoreError;

/// How often the background task probes Redis (and so how soon a return is noticed).
const PROBE_EVERY: Duration = Duration::from_millis(250);

struct Shared {
    client: redis::Client,
    conn: RwLock<Option<ConnectionManager>>,
    healthy: AtomicBool,
    /// Why the last connection attempt or probe failed (cleared when one succeeds).
    last_error: RwLock<Option<String>>,
    timeout: Duration,
    /// `rediss://`: the connection is TLS.
    tls: bool,
}

/// TLS settings of a `rediss://` store.
#[derive(Debug, Clone, Default)]
pub struct Tls {
    /// PEM certificates trusted instead of the public roots (a private or self-signed CA).
    pub ca_pem: Option<Vec<u8>>,
    /// Accept any server certificate (encrypts, authenticates nothing).
    pub insecure: bool,
}

/// The client for `url`: plain TCP for `redis://`, TLS for `rediss://`.
fn client(url: &str, tls: &Tls) -> Result<redis::Client, StoreError> {
    let tls_url = url.starts_with("rediss://");
    if !tls_url && (tls.ca_pem.is_some() || tls.insecure) {
        return Err(StoreError::Backend(
            "a Redis CA file or insecure TLS needs a rediss:// URL".into(),
        ));
    }
    let made = match &tls.ca_pem {
        Some(pem) => {
            // Fail at start-up, not at every reconnect, on a file that holds no certificate.
            if !String::from_utf8_lossy(pem).contains("-----BEGIN CERTIFICATE-----") {
                return Err(StoreError::Backend(
                    "the Redis CA file holds no PEM certificate".into(),
                ));
            }
            redis::Client::build_with_tls(
                url,
                redis::TlsCertificates {
                    client_tls: None,
                    root_cert: Some(pem.clone()),
                },
            )
        }
        None if tls.insecure => redis::Client::open(format!("{url}#insecure")),
        None => redis::Client::open(url),
    };
    made.map_err(|e| StoreError::Backend(e.to_string()))
}

#[derive(Clone)]
pub struct Link(Arc<Shared>);

fn manager_config(timeout: Duration) -> ConnectionManagerConfig {
    // The crate's defaults (6 retries, exponential from 100 ms, no timeouts) turned a 5 s outage
    // into two minutes of errors: one failed reconnect waited out the whole backoff ladder.
    ConnectionManagerConfig::new()
        .set_connection_timeout(timeout)
        .set_response_timeout(timeout)
        .set_number_of_retries(1)
        .set_factor(50)
        .set_max_delay(200)
}

impl Link {
    /// Checks the URL and starts connecting in the background; returns at once.
    pub fn open(url: &str, timeout: Duration, tls: &Tls) -> Result<Self, StoreError> {
        let link = Self(Arc::new(Shared {
            client: client(url, tls)?,
            conn: RwLock::new(None),
            healthy: AtomicBool::new(false),
            last_error: RwLock::new(None),
            timeout,
            tls: url.starts_with("rediss://"),
        }));
        let weak = Arc::downgrade(&link.0);
        tokio::spawn(async move {
            loop {
                let Some(shared) = weak.upgrade() else { return };
                Link(shared).probe().await;
                tokio::time::sleep(PROBE_EVERY).await;
            }
        });
        Ok(link)
    }

    /// Connects if not yet connected, then PINGs; records the outcome.
    async fn probe(&self) {
        if self.current().is_none() {
            let cfg = manager_config(self.0.timeout);
            let made = tokio::time::timeout(
                self.0.timeout * 3,
                ConnectionManager::new_with_config(self.0.client.clone(), cfg),
            )
            .await;
            match made {
                Ok(Ok(m)) => {
                    *self.0.conn.write().unwrap_or_else(|p| p.into_inner()) = Some(m);
                    tracing::info!("connected to redis");
                }
                Ok(Err(e)) => {
                    // A TLS-only port resets a plain client's first command.
                    let hint = if !self.0.tls && e.is_connection_dropped() {
                        " (if the server takes TLS only, use a rediss:// URL)"
                    } else {
                        ""
                    };
                    self.failed(format!("cannot connect to redis: {e}{hint}"));
                    return;
                }
                Err(_) => {
                    self.failed(format!(
                        "cannot connect to redis: no connection within {} ms",
                        (self.0.timeout * 3).as_millis()
                    ));
                    return;
                }
            }
        }
        let pinged = self
            .run(|mut c| async move { redis::cmd("PING").query_async::<String>(&mut c).await })
            .await;
        match pinged {
            Ok(_) => {
                *self.0.last_error.write().unwrap_or_else(|p| p.into_inner()) = None;
                self.mark(true);
            }
            Err(e) => self.failed(e.to_string()),
        }
    }

    fn failed(&self, why: String) {
        *self.0.last_error.write().unwrap_or_else(|p| p.into_inner()) = Some(why);
        self.mark(false);
    }

    fn mark(&self, ok: bool) {
        let was = self.0.healthy.swap(ok, Ordering::Relaxed);
        if was != ok {
            if ok {
                tracing::info!("redis reachable");
            } else {
                tracing::warn!(
                    error = self.last_error().as_deref().unwrap_or("command failed"),
                    "redis unreachable: requests that need it answer 503"
                );
            }
        }
    }

    /// Why Redis could not be reached last (a refused connection, a TLS certificate not
    /// trusted, …); `None` once a probe succeeds.
    pub fn last_error(&self) -> Option<String> {
        self.0
            .last_error
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn current(&self) -> Option<ConnectionManager> {
        self.0
            .conn
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the last probe (or command) reached Redis.
    pub fn healthy(&self) -> bool {
        self.0.healthy.load(Ordering::Relaxed)
    }

    /// Runs one command (or pipeline, or script) against Redis within the deadline. Transport
    /// failures and deadlines are `Unavailable`; Redis's own error replies stay `Backend`.
    pub async fn run<T, F, Fut>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = redis::RedisResult<T>>,
    {
        let Some(conn) = self.current() else {
            return Err(StoreError::Unavailable("not connected to redis".into()));
        };
        match tokio::time::timeout(self.0.timeout, f(conn)).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) if is_transport(&e) => {
                self.failed(e.to_string());
                Err(StoreError::Unavailable(e.to_string()))
            }
            Ok(Err(e)) => Err(StoreError::Backend(e.to_string())),
            Err(_) => {
                let why = format!(
                    "redis did not answer within {} ms",
                    self.0.timeout.as_millis()
                );
                self.failed(why.clone());
                Err(StoreError::Unavailable(why))
            }
        }
    }

    /// A connection of its own for blocking reads (`XREAD BLOCK` would stall every command
    /// multiplexed on the shared one).
    pub async fn dedicated(&self, response: Duration) -> Result<ConnectionManager, StoreError> {
        let cfg = manager_config(self.0.timeout).set_response_timeout(response);
        tokio::time::timeout(
            self.0.timeout * 3,
            ConnectionManager::new_with_config(self.0.client.clone(), cfg),
        )
        .await
        .map_err(|_| StoreError::Unavailable("redis connect timed out".into()))?
        .map_err(|e| StoreError::Unavailable(e.to_string()))
    }
}

fn is_transport(e: &redis::RedisError) -> bool {
    e.is_io_error()
        || e.is_timeout()
        || e.is_connection_dropped()
        || e.is_connection_refusal()
        || e.is_unrecoverable_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_settings_are_checked_when_the_client_is_made() {
        let pem = |s: &str| Tls {
            ca_pem: Some(s.as_bytes().to_vec()),
            insecure: false,
        };
        let e = client("redis://127.0.0.1:6379", &pem("x")).err().unwrap();
        assert!(e.to_string().contains("rediss://"), "{e}");
        let e = client("rediss://127.0.0.1:6379", &pem("not a certificate"))
            .err()
            .unwrap();
        assert!(e.to_string().contains("no PEM certificate"), "{e}");
        let insecure = Tls {
            ca_pem: None,
            insecure: true,
        };
        assert!(client("rediss://127.0.0.1:6379", &insecure).is_ok());
        assert!(client("rediss://127.0.0.1:6379", &Tls::default()).is_ok());
    }
}
