//! One conversation's turn at a time, in this process and across replicas. A [`Lease`] holds a
//! striped in-process lock (so a replica's own requests queue without touching Redis) and, on
//! the Redis store, a lease key set with `SET NX PX` and a random token. The turn's writes are
//! committed by a script that first checks the token (a fence: a holder that stalled past the
//! lease's life writes nothing), and the lease is let go with a compare-and-delete, so one
//! holder never frees another's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, OwnedMutexGuard};

use super::link::Link;
use super::StoreError;

/// In-process lock stripes (memory stays fixed however many conversations there are).
const STRIPES: usize = 64;
/// A lease outlives any healthy turn (a few Redis round trips) by far; if its holder dies, the
/// conversation is free again after this long.
pub const LEASE_TTL: Duration = Duration::from_secs(10);
/// How long a turn waits for another replica's turn of the same conversation.
pub const LEASE_WAIT: Duration = Duration::from_secs(10);

pub const RELEASE_SCRIPT: &str = r"if redis.call('GET', KEYS[1]) == ARGV[1] then
return redis.call('DEL', KEYS[1]) end
return 0";

pub struct Stripes(Vec<Arc<Mutex<()>>>);

impl Default for Stripes {
    fn default() -> Self {
        Self((0..STRIPES).map(|_| Arc::new(Mutex::new(()))).collect())
    }
}

impl Stripes {
    pub async fn lock(&self, tenant: &str, id: &str) -> OwnedMutexGuard<()> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (tenant, id).hash(&mut h);
        self.0[(h.finish() as usize) % self.0.len()]
            .clone()
            .lock_owned()
            .await
    }
}

/// The right to write one conversation. Dropping it lets the conversation go (on Redis, a
/// background compare-and-delete; [`Lease::release`] does it in line).
pub struct Lease {
    _local: OwnedMutexGuard<()>,
    remote: Option<Remote>,
}

struct Remote {
    link: Link,
    key: String,
    token: String,
}

impl Remote {
    async fn delete(self) -> Result<(), StoreError> {
        let (key, token) = (self.key, self.token);
        self.link
            .run(|mut c| async move {
                redis::Script::new(RELEASE_SCRIPT)
                    .key(key)
                    .arg(token)
                    .invoke_async::<i64>(&mut c)
                    .await
            })
            .await
            .map(|_| ())
    }
}

impl Lease {
    pub fn local(guard: OwnedMutexGuard<()>) -> Self {
        Self {
            _local: guard,
            remote: None,
        }
    }

    /// Takes the Redis lease `key` (after the local stripe is held), waiting up to [`LEASE_WAIT`]
    /// for another replica's turn to finish.
    pub async fn acquire(
        guard: OwnedMutexGuard<()>,
        link: &Link,
        key: String,
    ) -> Result<Self, StoreError> {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            let (k, t) = (key.clone(), token.clone());
            let got: Option<String> = link
                .run(|mut c| async move {
                    redis::cmd("SET")
                        .arg(k)
                        .arg(t)
                        .arg("NX")
                        .arg("PX")
                        .arg(LEASE_TTL.as_millis() as u64)
                        .query_async(&mut c)
                        .await
                })
                .await?;
            if got.is_some() {
                return Ok(Self {
                    _local: guard,
                    remote: Some(Remote {
                        link: link.clone(),
                        key,
                        token,
                    }),
                });
            }
            if started.elapsed() >= LEASE_WAIT {
                return Err(StoreError::Busy(format!(
                    "conversation busy for {} s (another replica holds it)",
                    LEASE_WAIT.as_secs()
                )));
            }
            // Jittered, growing pauses: waiters on several replicas do not poll in lock step.
            let jitter = Duration::from_micros(rand::random::<u64>() % 2000);
            tokio::time::sleep(pause + jitter).await;
            pause = (pause * 2).min(Duration::from_millis(25));
        }
    }

    /// The token the commit script checks; `None` on the memory store.
    pub fn token(&self) -> Option<&str> {
        self.remote.as_ref().map(|r| r.token.as_str())
    }

    /// Lets the conversation go now (the error, if any, is only logged: the lease expires).
    pub async fn release(mut self) {
        if let Some(r) = self.remote.take() {
            if let Err(e) = r.delete().await {
                tracing::warn!(error = %e, "conversation lease not released; it expires");
            }
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(r) = self.remote.take() {
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move {
                    let _ = r.delete().await;
                });
            }
        }
    }
}
