//! A team of threads that runs one forward pass together, each on its share of every step, with
//! a barrier between steps. A forward is ~100 short steps, so the barrier spins first (waking a
//! parked thread through the OS costs more than most steps); but when the machine is
//! oversubscribed a spinning member only burns the core its late peer needs, so after a short
//! spin it sleeps on a condition variable and the last member to arrive wakes it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Spin iterations before parking: a few microseconds, longer than a balanced step's skew.
const SPINS: u32 = 2_000;

pub struct SpinBarrier {
    arrived: AtomicUsize,
    generation: AtomicUsize,
    parties: usize,
    /// Sleepers wait on `wake`; the generation is bumped under `lock`, so a member that checks
    /// the generation under the lock cannot miss the notification.
    lock: Mutex<()>,
    wake: Condvar,
}

impl SpinBarrier {
    pub fn new(parties: usize) -> Self {
        Self {
            arrived: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            parties,
            lock: Mutex::new(()),
            wake: Condvar::new(),
        }
    }

    pub fn wait(&self) {
        if self.parties <= 1 {
            return;
        }
        let gen = self.generation.load(Ordering::Acquire);
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.parties {
            self.arrived.store(0, Ordering::Relaxed);
            let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.generation.fetch_add(1, Ordering::Release);
            drop(guard);
            self.wake.notify_all();
            return;
        }
        for _ in 0..SPINS {
            if self.generation.load(Ordering::Acquire) != gen {
                return;
            }
            std::hint::spin_loop();
        }
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        while self.generation.load(Ordering::Acquire) == gen {
            guard = self.wake.wait(guard).unwrap_or_else(|e| e.into_inner());
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

type Job = *const (dyn Fn(&Member) + Sync);

struct PoolState {
    size: usize,
    barrier: SpinBarrier,
    /// The current job: set before `generation` is bumped, valid until every worker has
    /// reported `finished` (the leader waits for that before returning).
    job: Mutex<Option<JobPtr>>,
    generation: AtomicUsize,
    finished: AtomicUsize,
    stop: std::sync::atomic::AtomicBool,
    /// Idle workers sleep on `wake`; `generation` changes under `idle`.
    idle: Mutex<()>,
    wake: Condvar,
}

#[derive(Clone, Copy)]
struct JobPtr(Job);
// SAFETY: the pointee is Sync and outlives every use (see Pool::run).
unsafe impl Send for JobPtr {}

/// Long-lived team members, so a forward pass does not pay for starting threads. Workers wait
/// for the next job spinning briefly (back-to-back batches), then parked.
pub struct Pool {
    state: std::sync::Arc<PoolState>,
    leader: Mutex<()>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

/// How long an idle worker stays awake (spinning, then yielding the core to anyone runnable)
/// before it parks. Waking a parked thread costs a futex wake plus, on a VM, a halted vCPU's
/// wake-up: together up to a millisecond at the start of every forward when requests arrive a
/// few milliseconds apart. OpenMP (KMP_BLOCKTIME) and ONNX Runtime's spinning pools do the same.
fn idle_awake() -> std::time::Duration {
    static D: std::sync::OnceLock<std::time::Duration> = std::sync::OnceLock::new();
    *D.get_or_init(|| {
        let ms = std::env::var("TRIAGE_SPIN_MS")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(5.0);
        std::time::Duration::from_secs_f64(ms.max(0.0) / 1e3)
    })
}

impl Pool {
    pub fn new(size: usize) -> Self {
        let size = size.max(1);
        let state = std::sync::Arc::new(PoolState {
            size,
            barrier: SpinBarrier::new(size),
            job: Mutex::new(None),
            generation: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            stop: std::sync::atomic::AtomicBool::new(false),
            idle: Mutex::new(()),
            wake: Condvar::new(),
        });
        let workers = (1..size)
            .map(|id| {
                let state = state.clone();
                std::thread::Builder::new()
                    .name(format!("triage-encoder-{id}"))
                    .spawn(move || worker(&state, id))
                    .expect("spawn encoder thread")
            })
            .collect();
        Self {
            state,
            leader: Mutex::new(()),
            workers,
        }
    }

    pub fn size(&self) -> usize {
        self.state.size
    }

    /// Runs `f` on every member (the caller is member 0). If another caller holds the pool,
    /// this one runs on freshly started threads instead of waiting.
    pub fn run<F>(&self, f: F)
    where
        F: Fn(&Member) + Sync,
    {
        let st = &*self.state;
        if st.size == 1 {
            return run(1, f);
        }
        let Ok(_guard) = self.leader.try_lock() else {
            return run(st.size, f);
        };
        let dynf: &(dyn Fn(&Member) + Sync) = &f;
        // SAFETY: erasing the lifetime is sound because this function does not return before
        // every worker has finished with the job (the `finished` wait below).
        let ptr: Job = unsafe { std::mem::transmute(dynf as *const (dyn Fn(&Member) + Sync)) };
        *st.job.lock().unwrap_or_else(|e| e.into_inner()) = Some(JobPtr(ptr));
        st.finished.store(0, Ordering::Relaxed);
        {
            let _g = st.idle.lock().unwrap_or_else(|e| e.into_inner());
            st.generation.fetch_add(1, Ordering::AcqRel);
        }
        st.wake.notify_all();
        f(&Member {
            id: 0,
            size: st.size,
            barrier: &st.barrier,
        });
        let mut spins = 0u32;
        while st.finished.load(Ordering::Acquire) != st.size - 1 {
            spins += 1;
            if spins < SPINS {
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
        *st.job.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

fn worker(st: &PoolState, id: usize) {
    let mut seen = 0usize;
    loop {
        let mut spins = 0u32;
        let mut awake_until = None;
        loop {
            let g = st.generation.load(Ordering::Acquire);
            if g != seen {
                seen = g;
                break;
            }
            spins += 1;
            if spins < SPINS {
                std::hint::spin_loop();
                continue;
            }
            let until =
                *awake_until.get_or_insert_with(|| std::time::Instant::now() + idle_awake());
            if std::time::Instant::now() < until {
                std::thread::yield_now();
                continue;
            }
            let mut guard = st.idle.lock().unwrap_or_else(|e| e.into_inner());
            while st.generation.load(Ordering::Acquire) == seen {
                guard = st.wake.wait(guard).unwrap_or_else(|e| e.into_inner());
            }
        }
        if st.stop.load(Ordering::Acquire) {
            return;
        }
        let job = *st.job.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(JobPtr(job)) = job {
            // SAFETY: the leader keeps the job alive until `finished` counts this worker.
            let f = unsafe { &*job };
            f(&Member {
                id,
                size: st.size,
                barrier: &st.barrier,
            });
        }
        st.finished.fetch_add(1, Ordering::AcqRel);
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::Release);
        {
            let _g = self.state.idle.lock().unwrap_or_else(|e| e.into_inner());
            self.state.generation.fetch_add(1, Ordering::AcqRel);
        }
        self.state.wake.notify_all();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
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
        let mut seen = [0; 10];
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
    fn pool_runs_jobs_back_to_back_and_concurrently() {
        let pool = std::sync::Arc::new(Pool::new(3));
        let total = AtomicU64::new(0);
        for _ in 0..200 {
            pool.run(|m| {
                total.fetch_add(m.id as u64 + 1, Ordering::SeqCst);
                m.sync();
            });
        }
        assert_eq!(total.load(Ordering::SeqCst), 200 * 6);
        // Two callers at once: one gets the pool, the other fresh threads; both complete.
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    let n = AtomicU64::new(0);
                    for _ in 0..50 {
                        pool.run(|m| {
                            n.fetch_add(1, Ordering::SeqCst);
                            m.sync();
                        });
                    }
                    n.load(Ordering::SeqCst)
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 150);
        }
        // Idle workers park rather than spin forever, and wake for the next job.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let n = AtomicU64::new(0);
        pool.run(|_| {
            n.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(n.load(Ordering::SeqCst), 3);
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
