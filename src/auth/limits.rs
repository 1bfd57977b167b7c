//! Per-key cost limits. A token bucket enforces a key's `rate_per_sec` (requests), and a
//! counting semaphore bounds the texts one key has waiting or running in the inference queue,
//! so a client sending 64 × 2,000-character batches in a loop gets 429s instead of starving the
//! other keys (the engine's queue is shared).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Limited {
    #[error("this key is over its rate of {rate} requests per second")]
    Rate { rate: f64, retry_after: Duration },
    #[error("this key already has {max} texts in flight; retry when they are done")]
    InFlight { max: usize },
    #[error("{texts} texts in one request; this key may have at most {max} in flight")]
    TooMany { texts: usize, max: usize },
}

impl Limited {
    /// Whole seconds to wait, at least 1 (the `Retry-After` header).
    pub fn retry_after_secs(&self) -> u64 {
        match self {
            Self::Rate { retry_after, .. } => retry_after.as_secs_f64().ceil().max(1.0) as u64,
            Self::InFlight { .. } | Self::TooMany { .. } => 1,
        }
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug)]
pub struct KeyLimiter {
    rate: Option<f64>,
    bucket: Mutex<Bucket>,
    max_in_flight: usize,
    in_flight: Arc<Semaphore>,
}

impl KeyLimiter {
    /// `rate`: requests per second (a burst of one second's worth); `max_in_flight`: texts.
    pub fn new(rate: Option<f64>, max_in_flight: usize) -> Self {
        let max_in_flight = max_in_flight.clamp(1, Semaphore::MAX_PERMITS);
        Self {
            rate,
            bucket: Mutex::new(Bucket {
                tokens: rate.map_or(0.0, burst),
                at: Instant::now(),
            }),
            max_in_flight,
            in_flight: Arc::new(Semaphore::new(max_in_flight)),
        }
    }

    /// Takes one request from the bucket.
    pub fn check_rate(&self) -> Result<(), Limited> {
        self.check_rate_at(Instant::now())
    }

    fn check_rate_at(&self, now: Instant) -> Result<(), Limited> {
        let Some(rate) = self.rate else {
            return Ok(());
        };
        let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * rate).min(burst(rate));
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Limited::Rate {
                rate,
                retry_after: Duration::from_secs_f64((1.0 - b.tokens) / rate),
            })
        }
    }

    /// Admits `texts` texts into the inference queue; they count until the permit is dropped.
    pub fn admit(&self, texts: usize) -> Result<OwnedSemaphorePermit, Limited> {
        if texts > self.max_in_flight {
            return Err(Limited::TooMany {
                texts,
                max: self.max_in_flight,
            });
        }
        self.in_flight
            .clone()
            .try_acquire_many_owned(texts as u32)
            .map_err(|_| Limited::InFlight {
                max: self.max_in_flight,
            })
    }

    pub fn in_flight(&self) -> usize {
        self.max_in_flight - self.in_flight.available_permits()
    }
}

fn burst(rate: f64) -> f64 {
    rate.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_is_a_bucket_of_one_seconds_worth() {
        let l = KeyLimiter::new(Some(3.0), 10);
        let t0 = Instant::now();
        for _ in 0..3 {
            l.check_rate_at(t0).unwrap();
        }
        let e = l.check_rate_at(t0).unwrap_err();
        assert_eq!(e.retry_after_secs(), 1);
        // A third of a second later one more request fits.
        l.check_rate_at(t0 + Duration::from_millis(340)).unwrap();
        assert!(l.check_rate_at(t0 + Duration::from_millis(340)).is_err());
        // A slow rate asks for a longer wait.
        let slow = KeyLimiter::new(Some(0.2), 10);
        slow.check_rate_at(t0).unwrap();
        assert_eq!(slow.check_rate_at(t0).unwrap_err().retry_after_secs(), 5);
        // No rate: no limit.
        let free = KeyLimiter::new(None, 10);
        for _ in 0..1000 {
            free.check_rate_at(t0).unwrap();
        }
    }

    #[test]
    fn texts_in_flight_are_bounded_per_key() {
        let l = KeyLimiter::new(None, 64);
        let a = l.admit(64).unwrap();
        assert_eq!(l.in_flight(), 64);
        assert_eq!(l.admit(1).unwrap_err(), Limited::InFlight { max: 64 });
        drop(a);
        let _b = l.admit(10).unwrap();
        let _c = l.admit(54).unwrap();
        assert!(l.admit(1).is_err());
        assert_eq!(
            l.admit(65).unwrap_err(),
            Limited::TooMany { texts: 65, max: 64 }
        );
    }
}
