//! The inference engine: gathers concurrent requests into one batched forward pass on dedicated
//! worker threads (never the async runtime's), bounded by a token budget. A worker takes what is
//! queued the moment it is free — no idle wait — so batching grows only under load.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use serde::Serialize;
use tokio::sync::oneshot;

use crate::model::{Analysis, Model, ModelError, Tokenized};

#[derive(Debug, Clone, Serialize)]
pub struct EngineConfig {
    /// Most messages in one forward pass.
    pub max_batch_size: usize,
    /// Most padded tokens (batch × longest) in one forward pass.
    pub max_batch_tokens: usize,
    /// Messages waiting beyond this are refused (HTTP 429) instead of queued without bound.
    pub queue_capacity: usize,
    /// Worker threads running forward passes; each forward already uses every core.
    pub workers: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            max_batch_size: 32,
            max_batch_tokens: 4096,
            queue_capacity: 256,
            workers: 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the inference queue is full ({0} messages waiting)")]
    Overloaded(usize),
    #[error("the inference engine has stopped")]
    Stopped,
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// Time spent by one message inside the engine.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct EngineTiming {
    pub queue_ms: f64,
    pub inference_ms: f64,
    pub batch_size: usize,
}

type Outcome = Result<(Analysis, EngineTiming), ModelError>;
type Reply = oneshot::Sender<Outcome>;

struct Job {
    tokens: Tokenized,
    reply: Reply,
    enqueued: Instant,
}

#[derive(Default)]
pub struct EngineStats {
    pub queued: AtomicUsize,
    pub batches: AtomicU64,
    pub messages: AtomicU64,
}

pub struct Engine {
    tx: Mutex<Option<SyncSender<Job>>>,
    model: Arc<Model>,
    config: EngineConfig,
    stats: Arc<EngineStats>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl Engine {
    pub fn start(model: Arc<Model>, config: EngineConfig) -> Self {
        let (tx, rx) = sync_channel::<Job>(config.queue_capacity.max(1));
        let rx = Arc::new(Mutex::new(rx));
        let stats = Arc::new(EngineStats::default());
        let workers = (0..config.workers.max(1))
            .map(|i| {
                let (rx, model, stats, cfg) =
                    (rx.clone(), model.clone(), stats.clone(), config.clone());
                std::thread::Builder::new()
                    .name(format!("triage-infer-{i}"))
                    .spawn(move || worker_loop(&rx, &model, &stats, &cfg))
                    .expect("spawning an inference thread")
            })
            .collect();
        Self {
            tx: Mutex::new(Some(tx)),
            model,
            config,
            stats,
            workers: Mutex::new(workers),
        }
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub fn stats(&self) -> &EngineStats {
        &self.stats
    }

    pub fn queue_depth(&self) -> usize {
        self.stats.queued.load(Ordering::Relaxed)
    }

    /// Queues one tokenized message and waits for its analysis.
    pub async fn analyze(
        &self,
        tokens: Tokenized,
    ) -> Result<(Analysis, EngineTiming), EngineError> {
        let rx = self.submit(tokens)?;
        rx.await
            .map_err(|_| EngineError::Stopped)?
            .map_err(EngineError::from)
    }

    /// Queues several messages at once (all or none), so a batch request is not half-accepted.
    pub async fn analyze_many(
        &self,
        items: Vec<Tokenized>,
    ) -> Result<Vec<(Analysis, EngineTiming)>, EngineError> {
        let free = self
            .config
            .queue_capacity
            .saturating_sub(self.queue_depth());
        if items.len() > free {
            return Err(EngineError::Overloaded(self.queue_depth()));
        }
        let rxs: Vec<_> = items
            .into_iter()
            .map(|t| self.submit(t))
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(rxs.len());
        for rx in rxs {
            out.push(rx.await.map_err(|_| EngineError::Stopped)??);
        }
        Ok(out)
    }

    fn submit(&self, tokens: Tokenized) -> Result<oneshot::Receiver<Outcome>, EngineError> {
        let (reply, rx) = oneshot::channel();
        let job = Job {
            tokens,
            reply,
            enqueued: Instant::now(),
        };
        let guard = self.tx.lock().map_err(|_| EngineError::Stopped)?;
        let tx = guard.as_ref().ok_or(EngineError::Stopped)?;
        self.stats.queued.fetch_add(1, Ordering::Relaxed);
        match tx.try_send(job) {
            Ok(()) => Ok(rx),
            Err(TrySendError::Full(_)) => {
                self.stats.queued.fetch_sub(1, Ordering::Relaxed);
                Err(EngineError::Overloaded(self.queue_depth()))
            }
            Err(TrySendError::Disconnected(_)) => {
                self.stats.queued.fetch_sub(1, Ordering::Relaxed);
                Err(EngineError::Stopped)
            }
        }
    }

    /// Stops accepting work, lets the workers finish what is queued, and joins them.
    pub fn shutdown(&self) {
        if let Ok(mut tx) = self.tx.lock() {
            tx.take();
        }
        let handles: Vec<_> = match self.workers.lock() {
            Ok(mut w) => w.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        for h in handles {
            let _ = h.join();
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Ok(mut tx) = self.tx.lock() {
            tx.take();
        }
    }
}

fn worker_loop(rx: &Mutex<Receiver<Job>>, model: &Model, stats: &EngineStats, cfg: &EngineConfig) {
    let mut carry: Option<Job> = None;
    loop {
        let mut batch: Vec<Job> = Vec::new();
        {
            let Ok(rx) = rx.lock() else { return };
            let first = match carry.take() {
                Some(j) => j,
                None => match rx.recv() {
                    Ok(j) => j,
                    Err(_) => return,
                },
            };
            let mut longest = first.tokens.ids.len();
            batch.push(first);
            while batch.len() < cfg.max_batch_size {
                let Ok(job) = rx.try_recv() else { break };
                let l = longest.max(job.tokens.ids.len());
                if l * (batch.len() + 1) > cfg.max_batch_tokens {
                    carry = Some(job);
                    break;
                }
                longest = l;
                batch.push(job);
            }
        }
        stats.queued.fetch_sub(batch.len(), Ordering::Relaxed);
        run_batch(model, batch, stats);
    }
}

fn run_batch(model: &Model, batch: Vec<Job>, stats: &EngineStats) {
    let started = Instant::now();
    let items: Vec<&crate::model::Tokenized> = batch.iter().map(|j| &j.tokens).collect();
    let result = model.analyze_tokenized(&items);
    let inference_ms = started.elapsed().as_secs_f64() * 1e3;
    let n = batch.len();
    stats.batches.fetch_add(1, Ordering::Relaxed);
    stats.messages.fetch_add(n as u64, Ordering::Relaxed);
    match result {
        Ok(analyses) => {
            for (job, a) in batch.into_iter().zip(analyses) {
                let timing = EngineTiming {
                    queue_ms: started.duration_since(job.enqueued).as_secs_f64() * 1e3,
                    inference_ms,
                    batch_size: n,
                };
                let _ = job.reply.send(Ok((a, timing)));
            }
        }
        Err(e) => {
            let msg = e.to_string();
            tracing::error!(error = %msg, batch = n, "forward pass failed");
            for job in batch {
                let _ = job.reply.send(Err(ModelError::Inference(msg.clone())));
            }
        }
    }
}
