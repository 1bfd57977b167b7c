//! The README's client examples (`examples/clients/`: Python standard library and Node's
//! built-in fetch) against a live server on loopback with API keys and a signed webhook:
//! classify, follow the handoff stream, receive and verify a webhook. What CI runs is what the
//! README shows.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use triage::auth::keys::digest;

const SECRET: &str = "example-webhook-secret";

/// A running example whose stdout lines arrive on a channel.
struct Example {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Example {
    fn start(cmd: &[&str], env: &[(&str, String)]) -> Example {
        let mut c = Command::new(cmd[0]);
        c.args(&cmd[1..])
            .current_dir(common::repo_root())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            c.env(k, v);
        }
        let mut child = c.spawn().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        Example {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `want` (bounded); panics with what it printed otherwise.
    fn expect(&mut self, want: &str, limit: Duration) -> String {
        let until = std::time::Instant::now() + limit;
        loop {
            let left = until.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(want) {
                        return l;
                    }
                }
                Err(_) => panic!(
                    "no line with {want:?} within {limit:?}; printed {:?}",
                    self.seen
                ),
            }
        }
    }

    /// Waits for the process to end by itself and checks it succeeded.
    fn finish(mut self, limit: Duration) {
        let until = std::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit {status}; printed {:?}", self.seen);
                return;
            }
            if std::time::Instant::now() > until {
                let _ = self.child.kill();
                panic!("did not exit within {limit:?}; printed {:?}", self.seen);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Example {
    fn drop(&mut self) {
        // Only our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_examples_run_against_a_live_server() {
    for cmd in ["python3", "node"] {
        assert!(have(cmd), "the client examples need {cmd} (see .ci/run)");
    }
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys.toml");
    let block = |id: &str, role: &str| {
        format!(
            "[[key]]\nid = \"{id}\"\ntenant = \"default\"\nroles = [\"{role}\"]\nsha256 = \"{}\"\n",
            hex::encode(digest(&format!("token-{id}")))
        )
    };
    std::fs::write(&keys, block("web", "client") + &block("desk", "agent")).unwrap();
    // Each language's receiver in turn on one port (each ends after its event).
    let hook = free_port();
    let config = tmp.path().join("triage.toml");
    std::fs::write(
        &config,
        format!(
            "[webhooks]\ninitial_backoff_ms = 50\nmax_backoff_ms = 200\n\
             [webhooks.targets.\"*\"]\nurl = \"http://127.0.0.1:{hook}/hook\"\nsecret = \"{SECRET}\"\n"
        ),
    )
    .unwrap();
    let root = common::repo_root();
    let s = common::start_with(&root.join("models/default"), |a| {
        a.keys = Some(keys);
        a.config = Some(config);
        a.kb = Some(root.join("kb/default.jsonl"));
    })
    .await;
    let base = s.base.clone();
    let run = |cmd: Vec<String>, env: Vec<(&'static str, String)>| {
        tokio::task::spawn_blocking(move || {
            let cmd: Vec<&str> = cmd.iter().map(String::as_str).collect();
            // A hung example must fail the test, not stall CI.
            let out = Command::new("timeout")
                .args(["-k", "5", "120"])
                .args(&cmd)
                .current_dir(common::repo_root())
                .envs(env)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).to_string();
            assert!(
                out.status.success(),
                "{cmd:?}: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            text
        })
    };

    // (interpreter, extension, a message that hands off)
    for (lang, ext, text) in [
        ("python3", "py", "转人工！订单号2023112845678901还没到"),
        ("node", "mjs", "I want to talk to a person"),
    ] {
        let port = hook;
        let ex = |name: &str| format!("examples/clients/{name}.{ext}");
        let client = |tok: &str| {
            vec![
                ("TRIAGE_URL", base.clone()),
                ("TRIAGE_TOKEN", format!("token-{tok}")),
            ]
        };

        // Classify: a FAQ answer.
        let out = run(
            vec![
                lang.into(),
                ex("classify"),
                "Where is my order?".into(),
                format!("{lang}-faq"),
            ],
            client("web"),
        )
        .await
        .unwrap();
        assert!(
            out.starts_with("answer") && out.contains("reply: Go to Me"),
            "{lang}: {out}"
        );

        // A wrong key is reported as the API's error, and the script fails.
        let bad = Command::new("timeout")
            .args(["-k".into(), "5".into(), "120".into(), lang.to_string()])
            .args([ex("classify"), "hi".into()])
            .current_dir(common::repo_root())
            .env("TRIAGE_URL", &base)
            .env("TRIAGE_TOKEN", "nope")
            .output()
            .unwrap();
        assert!(!bad.status.success(), "{lang}: a bad key must fail");
        assert!(
            String::from_utf8_lossy(&bad.stderr).contains("unauthorized"),
            "{lang}"
        );

        let mut receiver = Example::start(
            &[lang, &ex("verify_webhook")],
            &[
                ("WEBHOOK_SECRET", SECRET.into()),
                ("PORT", port.to_string()),
                ("MAX_EVENTS", "1".into()),
            ],
        );
        receiver.expect("listening", Duration::from_secs(10));
        // A forged delivery is refused.
        let forged = s
            .client
            .post(format!("http://127.0.0.1:{port}/hook"))
            .header(
                "x-triage-timestamp",
                chrono::Utc::now().timestamp().to_string(),
            )
            .header("x-triage-signature", "sha256=deadbeef")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 401, "{lang}: forged webhook accepted");
        receiver.expect("rejected", Duration::from_secs(5));

        let mut follower = Example::start(
            &[lang, &ex("follow_handoffs")],
            &[
                ("TRIAGE_URL", base.clone()),
                ("TRIAGE_TOKEN", "token-desk".into()),
                ("MAX_EVENTS", "1".into()),
            ],
        );
        follower.expect("listening", Duration::from_secs(10));

        let out = run(
            vec![
                lang.into(),
                ex("classify"),
                text.into(),
                format!("{lang}-handoff"),
            ],
            client("web"),
        )
        .await
        .unwrap();
        assert!(out.starts_with("handoff"), "{lang}: {out}");
        let id = out
            .split_whitespace()
            .find(|w| w.starts_with("h_"))
            .expect("handoff id")
            .to_string();
        let line = follower.expect(&id, Duration::from_secs(10));
        assert!(line.starts_with("handoff.created"), "{lang}: {line}");
        follower.finish(Duration::from_secs(5));
        let line = receiver.expect(&id, Duration::from_secs(10));
        assert!(
            line.starts_with("verified handoff.created"),
            "{lang}: {line}"
        );
        receiver.finish(Duration::from_secs(5));
    }
    s.stop().await;
}
