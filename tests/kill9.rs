//! A replica killed with SIGKILL mid-traffic loses no acknowledged write: two `triage serve`
//! processes on one Redis take turns of many conversations; one is killed while requests are in
//! flight; every turn and handoff a client got a 200 for is then served by the survivor.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Replica {
    child: Child,
    base: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn spawn(model: &std::path::Path, store: &str) -> Replica {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["serve", "--model"])
        .arg(model)
        .args(["--addr", &format!("127.0.0.1:{port}"), "--store", store])
        .env_remove("TRIAGE_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("triage serve");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let t = Instant::now();
    loop {
        let ready = client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        if ready {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(120), "replica not ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Replica { child, base }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_mid_traffic_loses_no_acknowledged_write() {
    let Some(store) = common::redis_ns() else {
        return;
    };
    let (_tmp, model) = common::tiny_model();
    let mut a = spawn(&model, &store).await;
    let b = spawn(&model, &store).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let run = uuid::Uuid::new_v4().simple().to_string();
    let acks = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    const PER_CONV: usize = 8;
    // 40 conversations of eight messages (the fourth asks for a person), half on each replica,
    // all in flight together; A is killed once some have been answered.
    let sends = (0..40).map(|i| {
        let (client, run, acks) = (client.clone(), run.clone(), acks.clone());
        let url = if i % 2 == 0 { &a.base } else { &b.base };
        let url = format!("{url}/v1/classify");
        async move {
            let conv = format!("k9-{run}-{i}");
            let mut acked = Vec::new();
            for n in 0..PER_CONV {
                let text = match n {
                    3 => format!("转人工 #{n}"),
                    _ => format!("where is my order #{n}"),
                };
                let r = client
                    .post(&url)
                    .json(&json!({"text": text, "conversation_id": conv}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 200 => {
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        if v.is_null() {
                            break; // the body was cut by the kill: not acknowledged
                        }
                        acks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        acked.push((n, v["handoff"]["id"].as_str().map(str::to_string)));
                    }
                    _ => break,
                }
            }
            (conv, acked)
        }
    });
    let traffic = tokio::spawn(futures::future::join_all(sends));
    let t = Instant::now();
    while acks.load(std::sync::atomic::Ordering::Relaxed) < 40 {
        assert!(t.elapsed() < Duration::from_secs(60), "no traffic answered");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    a.child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
    let _ = a.child.wait();
    let results = traffic.await.unwrap();
    let acked_turns: usize = results.iter().map(|(_, a)| a.len()).sum();
    assert!(
        acked_turns < 40 * PER_CONV,
        "the kill must land mid-traffic: {acked_turns} answered"
    );
    let mut handoffs = 0;
    for (conv, acked) in &results {
        if acked.is_empty() {
            continue;
        }
        let r = client
            .get(format!("{}/v1/conversations/{conv}", b.base))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            200,
            "{conv}: acknowledged turns but no conversation"
        );
        let c: Value = r.json().await.unwrap();
        let turns = c["turns"].as_array().unwrap();
        for (n, hid) in acked {
            assert!(
                turns.iter().any(|t| t["text"]
                    .as_str()
                    .is_some_and(|x| x.ends_with(&format!("#{n}")))),
                "{conv}: acknowledged turn #{n} lost"
            );
            if let Some(h) = hid.as_ref().filter(|_| *n == 3) {
                handoffs += 1;
                let r = client
                    .get(format!("{}/v1/handoffs/{h}", b.base))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200, "acknowledged handoff {h} lost");
            }
        }
        let listed: Value = client
            .get(format!("{}/v1/handoffs?conversation_id={conv}", b.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            listed["handoffs"].as_array().unwrap().len() <= 1,
            "{conv}: duplicated"
        );
    }
    eprintln!(
        "{acked_turns} acknowledged turns and {handoffs} handoffs, all served by the survivor"
    );
}
