//! Starts the real server on a loopback port for integration tests.
#![allow(dead_code)]

pub mod redis_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use triage::config::{ServeArgs, ServeConfig};
use triage::server::Running;

pub struct TestServer {
    pub running: Option<Running>,
    pub base: String,
    pub client: reqwest::Client,
    _tmp: Option<tempfile::TempDir>,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON body")
    }

    /// POST /v1/classify, expecting 200.
    pub async fn classify(&self, body: &serde_json::Value) -> serde_json::Value {
        let r = self
            .client
            .post(self.url("/v1/classify"))
            .json(body)
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 200, "classify {body}");
        r.json().await.expect("JSON body")
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await.expect("clean shutdown");
        }
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tiny generated model in a temp folder.
pub fn tiny_model() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("tiny");
    triage::model::testkit::write_tiny_model(&dir, 7).expect("tiny model");
    (tmp, dir)
}

pub async fn start_with(model: &Path, tweak: impl FnOnce(&mut ServeArgs)) -> TestServer {
    triage::model::tune_cpu_threads();
    let mut args = ServeArgs {
        model: Some(model.to_path_buf()),
        addr: Some("127.0.0.1:0".into()),
        ..Default::default()
    };
    tweak(&mut args);
    let config = ServeConfig::resolve(&args).expect("config");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let running = triage::server::start(config, listener, None)
        .await
        .expect("start");
    running
        .wait_ready(Duration::from_secs(120))
        .await
        .expect("model loads");
    let base = format!("http://{}", running.addr);
    TestServer {
        running: Some(running),
        base,
        client: reqwest::Client::new(),
        _tmp: None,
    }
}

pub async fn start_tiny(tweak: impl FnOnce(&mut ServeArgs)) -> TestServer {
    let (tmp, dir) = tiny_model();
    let mut s = start_with(&dir, tweak).await;
    s._tmp = Some(tmp);
    s
}

/// The reason codes of a classify response, in order.
pub fn codes(v: &serde_json::Value) -> Vec<String> {
    v["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["code"].as_str().expect("code").to_string())
        .collect()
}

/// The Redis the tests may use (`TRIAGE_TEST_REDIS`, set by .ci/run); None skips a Redis test
/// locally, but CI without it fails rather than passing silently.
pub fn redis_base() -> Option<String> {
    match std::env::var("TRIAGE_TEST_REDIS") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must provide TRIAGE_TEST_REDIS (see .ci/run)"
            );
            eprintln!("skipping: TRIAGE_TEST_REDIS not set");
            None
        }
    }
}

/// `redis_base()` with a fresh key namespace, so tests never see each other's keys.
pub fn redis_ns() -> Option<String> {
    redis_base().map(|u| format!("{u}#test-{}", uuid::Uuid::new_v4().simple()))
}
