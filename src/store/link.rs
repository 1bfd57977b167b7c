//! The connection to Redis, built so that an outage costs seconds, not minutes: start-up never
//! waits for Redis (a background task connects and keeps probing), every command has a deadline
//! (`--redis-timeout-ms`), and the client's own reconnect backoff is short and capped. While
//! Redis is away commands fail at once with [`StoreError::Unavailable`] and `healthy()` is false,
//! which `/readyz` reports.

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
    timeout: Duration,
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
    pub fn open(url: &str, timeout: Duration) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(|e| StoreError::Backend(e.to_string()))?;
        let link = Self(Arc::new(Shared {
            client,
            conn: RwLock::new(None),
            healthy: AtomicBool::new(false),
            timeout,
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
                _ => {
                    self.mark(false);
                    return;
                }
            }
        }
        let ok = self
            .run(|mut c| async move { redis::cmd("PING").query_async::<String>(&mut c).await })
            .await
            .is_ok();
        self.mark(ok);
    }

    fn mark(&self, ok: bool) {
        let was = self.0.healthy.swap(ok, Ordering::Relaxed);
        if was != ok {
            if ok {
                tracing::info!("redis reachable");
            } else {
                tracing::warn!("redis unreachable: requests that need it answer 503");
            }
        }
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
                self.mark(false);
                Err(StoreError::Unavailable(e.to_string()))
            }
            Ok(Err(e)) => Err(StoreError::Backend(e.to_string())),
            Err(_) => {
                self.mark(false);
                Err(StoreError::Unavailable(format!(
                    "redis did not answer within {} ms",
                    self.0.timeout.as_millis()
                )))
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
