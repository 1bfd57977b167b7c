//! The accept loop: hyper's connection builder as under `axum::serve`, plus the hard limits
//! `axum::serve` has no settings for. A client must finish its request headers within the
//! header read timeout or its connection is closed, and at most `max_connections` connections
//! are open at once; past the cap a new connection gets a one-shot JSON 503 and is closed, so
//! stalled sockets can neither exhaust file descriptors nor starve `/healthz` forever.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::error::ApiError;

/// Descriptors kept free for everything but client connections (Redis, webhooks, files, logs).
const FD_RESERVE: u64 = 128;

#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
}

/// Raises the open-file soft limit to the hard limit (a common default soft limit is 1,024) and
/// returns how many connections fit under it.
pub fn fit_to_fd_limit(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit only read and write the struct passed.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
                return wanted;
            }
            if lim.rlim_cur < lim.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: lim.rlim_max,
                    rlim_max: lim.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    lim.rlim_cur = lim.rlim_max;
                }
            }
        }
        let room = lim.rlim_cur.saturating_sub(FD_RESERVE).max(1);
        wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
    }
    #[cfg(not(unix))]
    wanted
}

/// The whole response to a connection over the cap, written without reading its request.
fn over_cap_response(cap: usize) -> Vec<u8> {
    let e = ApiError::TooManyConnections(cap);
    let body =
        serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}}).to_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: \
         1\r\nconnection: close\r\n\r\n{body}",
        e.status().as_u16(),
        e.status().canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting and waits for open
/// connections to finish (long-lived streams end on their own shutdown signal).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    open: Arc<std::sync::atomic::AtomicI64>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // Ceilings well above the app's own limits (`bounded_head`), so a head over those gets
        // the JSON 431; only one past these gets hyper's bare 431.
        .max_buf_size(super::HEAD_CEILING_BYTES)
        .max_headers(super::HEAD_CEILING_FIELDS);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(super::HEAD_CEILING_BYTES as u32);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of descriptors or memory: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            let mut stream = stream;
            let reply = over_cap_response(limits.max_connections);
            tokio::spawn(async move {
                let _ =
                    tokio::time::timeout(Duration::from_secs(1), stream.write_all(&reply)).await;
            });
            continue;
        };
        if let Err(e) = stream.set_nodelay(true) {
            // Small JSON answers: without it a split response can wait for a delayed ACK.
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        let service = TowerToHyperService::new(
            app.clone()
                .map_request(|req: Request<Incoming>| req.map(axum::body::Body::new)),
        );
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        let open = open.clone();
        open.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            open.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
