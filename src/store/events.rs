//! Handoff events across replicas: on the Redis store every event is appended to one Redis
//! stream (`events`, capped near 10,000 entries) — a new handoff by the same script that writes
//! its turn — and every replica follows the stream and hands each entry to its own subscribers
//! (the SSE route). A stream entry's id is the SSE event id, so a client that reconnects with
//! `Last-Event-ID` gets what it missed from the stream itself.

use std::time::Duration;

use redis::streams::{StreamRangeReply, StreamReadReply};
use tokio::sync::{broadcast, watch};

use super::link::Link;
use super::StoreError;
use crate::handoff::HandoffEvent;

/// Entries kept in the stream (approximately: `MAXLEN ~`).
pub const KEEP: usize = 10_000;
/// The most missed events replayed to a reconnecting client.
pub const MAX_REPLAY: usize = 1000;
/// How long one XREAD blocks on the follower's own connection.
const BLOCK: Duration = Duration::from_secs(1);

/// A stream entry id (`<ms>-<seq>`), compared as numbers.
pub fn parse_id(id: &str) -> Option<(u64, u64)> {
    let (ms, seq) = id.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

fn decode(id: &str, map: &std::collections::HashMap<String, redis::Value>) -> Option<HandoffEvent> {
    let raw: String = redis::from_redis_value(map.get("e")?).ok()?;
    let mut ev: HandoffEvent = serde_json::from_str(&raw).ok()?;
    ev.stream_id = Some(id.to_string());
    Some(ev)
}

/// Appends an event (one not written by a turn's script: accept, resolve).
pub async fn append(link: &Link, key: String, ev: &HandoffEvent) -> Result<(), StoreError> {
    let raw = serde_json::to_string(ev).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    link.run(|mut c| async move {
        redis::cmd("XADD")
            .arg(key)
            .arg("MAXLEN")
            .arg("~")
            .arg(KEEP)
            .arg("*")
            .arg("e")
            .arg(raw)
            .query_async::<String>(&mut c)
            .await
    })
    .await
    .map(|_| ())
}

/// Events after `after` (exclusive), oldest first, at most [`MAX_REPLAY`].
pub async fn since(link: &Link, key: String, after: &str) -> Result<Vec<HandoffEvent>, StoreError> {
    let start = format!("({after}");
    let reply: StreamRangeReply = link
        .run(|mut c| async move {
            redis::cmd("XRANGE")
                .arg(key)
                .arg(start)
                .arg("+")
                .arg("COUNT")
                .arg(MAX_REPLAY)
                .query_async(&mut c)
                .await
        })
        .await?;
    Ok(reply
        .ids
        .iter()
        .filter_map(|e| decode(&e.id, &e.map))
        .collect())
}

/// Follows the stream until `stop`, sending each entry to this replica's subscribers. Picks up
/// where it left off after Redis comes back.
pub async fn follow(
    link: Link,
    key: String,
    tx: broadcast::Sender<HandoffEvent>,
    mut stop: watch::Receiver<bool>,
) {
    let mut last = "$".to_string();
    loop {
        if *stop.borrow() {
            return;
        }
        let conn = tokio::select! {
            c = link.dedicated(BLOCK * 3) => c,
            _ = stop.changed() => return,
        };
        let Ok(mut conn) = conn else {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(500)) => continue,
                _ = stop.changed() => return,
            }
        };
        loop {
            let cmd = redis::cmd("XREAD")
                .arg("COUNT")
                .arg(100)
                .arg("BLOCK")
                .arg(BLOCK.as_millis() as u64)
                .arg("STREAMS")
                .arg(&key)
                .arg(&last)
                .clone();
            let read = tokio::select! {
                r = cmd.query_async::<Option<StreamReadReply>>(&mut conn) => r,
                _ = stop.changed() => return,
            };
            match read {
                Ok(Some(reply)) => {
                    for entry in reply.keys.iter().flat_map(|k| &k.ids) {
                        last = entry.id.clone();
                        if let Some(ev) = decode(&entry.id, &entry.map) {
                            let _ = tx.send(ev);
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::debug!(error = %e, "event stream read failed; reconnecting");
                    break;
                }
            }
        }
    }
}
