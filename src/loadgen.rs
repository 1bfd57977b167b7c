//! `triage loadgen`: an HTTP load generator for `POST /v1/classify`, bounded in time.
//!
//! Closed loop (`--concurrency N`): N clients, each sends its next message when the previous
//! answer arrives — measures latency at a given concurrency and the saturated throughput.
//! Open loop (`--rate R`): requests start at R per second whatever the server does (up to
//! `--max-in-flight`), the way sale-day traffic arrives — measures how overload is handled:
//! how many got 429 + Retry-After, and the latency of the ones accepted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use tokio::sync::Mutex;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub url: String,
    pub texts: Vec<String>,
    pub duration: Duration,
    /// Closed loop with this many clients (ignored when `rate` is set).
    pub concurrency: usize,
    /// Open loop at this many requests per second.
    pub rate: Option<f64>,
    pub max_in_flight: usize,
    /// Sent as `Authorization: Bearer` (a server with --keys).
    pub token: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub mode: String,
    pub concurrency: Option<usize>,
    pub rate: Option<f64>,
    pub seconds: f64,
    pub sent: u64,
    pub ok: u64,
    /// 429 answers, and how many of them carried Retry-After.
    pub rejected: u64,
    pub rejected_with_retry_after: u64,
    /// Other HTTP errors and transport failures (connection refused, reset, timeout).
    pub errors: u64,
    /// Successful answers per second.
    pub throughput: f64,
    /// Latency of successful answers, milliseconds.
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Requests not started because `max_in_flight` were outstanding (open loop only).
    pub skipped: u64,
    /// Medians of what the server itself reported in `timing_ms` for the successful answers:
    /// its whole handling (`total`) and the model's part (`inference`). Client p50 − total is
    /// the transport (loopback, HTTP framing, the client); total − inference is the server's
    /// own work around the model (tokenizing, queueing, policy, JSON, the conversation store).
    pub server_total_p50_ms: Option<f64>,
    pub server_inference_p50_ms: Option<f64>,
}

#[derive(Default)]
struct Tally {
    sent: u64,
    ok: u64,
    rejected: u64,
    rejected_ra: u64,
    errors: u64,
    skipped: u64,
    latencies: Vec<f64>,
    server_total: Vec<f64>,
    server_inference: Vec<f64>,
}

async fn one(client: &reqwest::Client, url: &str, text: &str, tally: &Mutex<Tally>) {
    let t = Instant::now();
    let res = client
        .post(url)
        .json(&serde_json::json!({ "text": text }))
        .send()
        .await;
    let outcome = match res {
        Ok(r) => {
            let status = r.status();
            let ra = r.headers().contains_key(reqwest::header::RETRY_AFTER);
            // Read the body so the connection is reused and the latency is the full answer.
            let body = r.bytes().await.ok();
            (status.as_u16(), ra, body)
        }
        Err(_) => (0, false, None),
    };
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    // Parsed after the clock stopped: the client's JSON work is not the server's latency.
    let timing = match &outcome {
        (200, _, Some(body)) => server_timing(body),
        _ => None,
    };
    let mut g = tally.lock().await;
    g.sent += 1;
    match outcome {
        (200, _, Some(_)) => {
            g.ok += 1;
            g.latencies.push(ms);
            if let Some((total, inference)) = timing {
                g.server_total.push(total);
                g.server_inference.push(inference);
            }
        }
        (429, ra, _) => {
            g.rejected += 1;
            g.rejected_ra += ra as u64;
        }
        _ => g.errors += 1,
    }
}

/// `timing_ms.total` and `timing_ms.inference` of a classify answer.
fn server_timing(body: &[u8]) -> Option<(f64, f64)> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let t = v.get("timing_ms")?;
    Some((t.get("total")?.as_f64()?, t.get("inference")?.as_f64()?))
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some((v[v.len() / 2] * 1000.0).round() / 1000.0)
}

pub async fn run(opts: &LoadOptions) -> anyhow::Result<LoadReport> {
    anyhow::ensure!(!opts.texts.is_empty(), "no texts to send");
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(t) = &opts.token {
        let mut v = reqwest::header::HeaderValue::from_str(&format!("Bearer {t}"))
            .context("the token is not a valid header value")?;
        v.set_sensitive(true);
        headers.insert(reqwest::header::AUTHORIZATION, v);
    }
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(opts.max_in_flight.max(opts.concurrency))
        .timeout(Duration::from_secs(60))
        .build()
        .context("http client")?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let texts = Arc::new(opts.texts.clone());
    let start = Instant::now();
    let deadline = start + opts.duration;
    match opts.rate {
        None => {
            let mut tasks = Vec::new();
            for c in 0..opts.concurrency.max(1) {
                let (client, tally, texts, url) = (
                    client.clone(),
                    tally.clone(),
                    texts.clone(),
                    opts.url.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    let mut i = c;
                    while Instant::now() < deadline {
                        one(&client, &url, &texts[i % texts.len()], &tally).await;
                        i += 7919; // a prime stride: clients don't send the same text together
                    }
                }));
            }
            for t in tasks {
                t.await.context("client task")?;
            }
        }
        Some(rate) => {
            anyhow::ensure!(rate > 0.0, "--rate must be positive");
            let in_flight = Arc::new(tokio::sync::Semaphore::new(opts.max_in_flight.max(1)));
            let interval = Duration::from_secs_f64(1.0 / rate);
            let mut next = start;
            let mut i = 0usize;
            let mut tasks = tokio::task::JoinSet::new();
            while next < deadline {
                tokio::time::sleep_until(next.into()).await;
                next += interval;
                let Ok(permit) = in_flight.clone().try_acquire_owned() else {
                    tally.lock().await.skipped += 1;
                    continue;
                };
                let (client, tally, url) = (client.clone(), tally.clone(), opts.url.clone());
                let text = texts[i % texts.len()].clone();
                i += 1;
                tasks.spawn(async move {
                    one(&client, &url, &text, &tally).await;
                    drop(permit);
                });
                while tasks.try_join_next().is_some() {}
            }
            while tasks.join_next().await.is_some() {}
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mut g = tally.lock().await;
    g.latencies.sort_by(f64::total_cmp);
    let server_total_p50_ms = median(&mut g.server_total);
    let server_inference_p50_ms = median(&mut g.server_inference);
    let pct = |p: f64| -> f64 {
        if g.latencies.is_empty() {
            return 0.0;
        }
        let v = g.latencies[((g.latencies.len() - 1) as f64 * p).round() as usize];
        (v * 100.0).round() / 100.0
    };
    Ok(LoadReport {
        mode: if opts.rate.is_some() {
            "open"
        } else {
            "closed"
        }
        .into(),
        concurrency: opts.rate.is_none().then_some(opts.concurrency),
        rate: opts.rate,
        seconds: (seconds * 100.0).round() / 100.0,
        sent: g.sent,
        ok: g.ok,
        rejected: g.rejected,
        rejected_with_retry_after: g.rejected_ra,
        errors: g.errors,
        throughput: ((g.ok as f64 / seconds) * 10.0).round() / 10.0,
        p50_ms: pct(0.5),
        p90_ms: pct(0.9),
        p99_ms: pct(0.99),
        max_ms: pct(1.0),
        skipped: g.skipped,
        server_total_p50_ms,
        server_inference_p50_ms,
    })
}
