//! A team of threads that runs one forward pass together, each on its share of every step, with
//! a spinning barrier between steps. A forward is ~100 short steps; waking pooled threads
//! through the OS for each would cost more than the steps themselves.

use std::sync::atomic::{AtomicUsize, Ordering};

pub struct SpinBarrier {
    arrived: AtomicUsize,
    generation: AtomicUsize,
    parties: usize,
}

impl SpinBarrier {
    pub fn new(parties: usize) -> Self {
        Self {
            arrived: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            parties,
        }
    }

    pub fn wait(&self) {
        if self.parties <= 1 {
            return;
        }
        let gen = self.generation.load(Ordering::Acquire);
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.parties {
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Ordering::Acquire) == gen {
            spins += 1;
            if spins < 20_000 {
                std::hint::spin_loop();
            } else {
                // Another process holds the core: stop burning it.
                std::thread::yield_now();
            }
        }
    }
}

/// What one member of the team knows about itself.
pub struct Member<'a> {
    pub id: usize,
    pub size: usize,
    barrier: &'a SpinBarrier,
}

impl Member<'_> {
    pub fn sync(&self) {
        self.barrier.wait();
    }

    /// This member's part of `0..n`, in contiguous, nearly equal shares.
    pub fn share(&self, n: usize) -> std::ops::Range<usize> {
        let lo = n * self.id / self.size;
        let hi = n * (self.id + 1) / self.size;
        lo..hi
    }
}

/// Runs `f` on `size` threads (the caller is member 0) and returns when all have finished.
pub fn run<F>(size: usize, f: F)
where
    F: Fn(&Member) + Sync,
{
    let size = size.max(1);
    let barrier = SpinBarrier::new(size);
    if size == 1 {
        f(&Member {
            id: 0,
            size: 1,
            barrier: &barrier,
        });
        return;
    }
    std::thread::scope(|s| {
        for id in 1..size {
            let (f, barrier) = (&f, &barrier);
            s.spawn(move || f(&Member { id, size, barrier }));
        }
        f(&Member {
            id: 0,
            size,
            barrier: &barrier,
        });
    });
}

/// A raw pointer that the team's members write through at disjoint offsets.
#[derive(Clone, Copy)]
pub struct Shared<T>(pub *mut T);
// SAFETY: members only touch disjoint ranges between barriers (each use site says which).
unsafe impl<T> Send for Shared<T> {}
unsafe impl<T> Sync for Shared<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    #[test]
    fn shares_cover_the_range_exactly() {
        let b = SpinBarrier::new(3);
        let mut seen = vec![0; 10];
        for id in 0..3 {
            let m = Member {
                id,
                size: 3,
                barrier: &b,
            };
            for i in m.share(10) {
                seen[i] += 1;
            }
        }
        assert!(seen.iter().all(|&c| c == 1));
    }

    #[test]
    fn barrier_orders_steps() {
        // Each step every member adds its id+1; after the barrier all must see the full sum.
        let total = AtomicU64::new(0);
        let bad = AtomicU64::new(0);
        run(3, |m| {
            for step in 1..=50u64 {
                total.fetch_add(m.id as u64 + 1, Ordering::SeqCst);
                m.sync();
                if total.load(Ordering::SeqCst) != step * 6 {
                    bad.fetch_add(1, Ordering::SeqCst);
                }
                m.sync();
            }
        });
        assert_eq!(bad.load(Ordering::SeqCst), 0);
        assert_eq!(total.load(Ordering::SeqCst), 300);
    }
}
