//! `rediss://`: a redis-server of the test's own, listening only on a TLS port with a
//! certificate from a CA made at test time (rcgen), serves the real `triage serve` given that
//! CA with `--redis-ca-file`: a conversation turn, a handoff, its accept and resolve all go
//! through it. The same server is refused, with the reason at `/readyz`, when the store URL is
//! plain `redis://` (a plain-TCP client on the TLS port) or when the CA file is another CA's;
//! `--redis-tls-insecure` connects without any CA.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use serde_json::{json, Value};

use common::redis_server::{have_redis_server, OwnRedis};

/// A process of our own; killed when dropped.
struct Own(Child);

impl Drop for Own {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A CA (certificate PEM, its params and key for signing).
fn new_ca(name: &str) -> (rcgen::Certificate, KeyPair) {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name.push(DnType::CommonName, name);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let key = KeyPair::generate().unwrap();
    (p.self_signed(&key).unwrap(), key)
}

struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    /// The CA, the server certificate it signed (for 127.0.0.1 and localhost), and a second,
    /// unrelated CA.
    fn make() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (ca, ca_key) = new_ca("triage test CA");
        let (other, _) = new_ca("some other CA");
        let mut p =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
        p.distinguished_name.push(DnType::CommonName, "localhost");
        p.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().unwrap();
        let server = p.signed_by(&key, &ca, &ca_key).unwrap();
        let w = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
        w("ca.pem", ca.pem());
        w("other-ca.pem", other.pem());
        w("server.pem", server.pem());
        w("server.key", key.serialize_pem());
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// redis-server with TLS only (`--port 0`), clients not asked for certificates.
fn start_tls_redis(pki: &Pki, port: u16) -> Option<OwnRedis> {
    let p = |n: &str| pki.path(n).to_string_lossy().into_owned();
    let (cert, key, ca, port_s) = (
        p("server.pem"),
        p("server.key"),
        p("ca.pem"),
        port.to_string(),
    );
    OwnRedis::start_with(
        &[
            "--port",
            "0",
            "--tls-port",
            &port_s,
            "--tls-cert-file",
            &cert,
            "--tls-key-file",
            &key,
            "--tls-ca-cert-file",
            &ca,
            "--tls-auth-clients",
            "no",
        ],
        port,
    )
}

struct Serve {
    _child: Own,
    base: String,
}

/// `triage serve` on a free loopback port with `args` (and `envs`); returns once it listens.
async fn serve(model: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Serve {
    let port = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_triage"));
    cmd.args(["serve", "--model"])
        .arg(model)
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(args)
        .env_remove("TRIAGE_CONFIG")
        .env_remove("TRIAGE_REDIS_CA_FILE")
        .env_remove("TRIAGE_REDIS_TLS_INSECURE")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let child = Own(cmd.spawn().expect("triage serve"));
    let base = format!("http://127.0.0.1:{port}");
    let t = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "serve never listened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Serve {
        _child: child,
        base,
    }
}

async fn readyz(client: &reqwest::Client, s: &Serve) -> (u16, Value) {
    let r = client
        .get(format!("{}/readyz", s.base))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn wait_ready(client: &reqwest::Client, s: &Serve) {
    let t = Instant::now();
    loop {
        let (status, body) = readyz(client, s).await;
        if status == 200 {
            return;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "not ready over TLS: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `/readyz` reports the store unreachable with a reason, checks it stays 503, and
/// returns the reason.
async fn refused_reason(client: &reqwest::Client, s: &Serve) -> String {
    let t = Instant::now();
    loop {
        let (status, body) = readyz(client, s).await;
        assert_ne!(status, 200, "must not become ready: {body}");
        if body["status"] == "store_unavailable" {
            if let Some(e) = body["error"].as_str() {
                // Still refused a few probes later (250 ms apart): no lucky retry gets through.
                tokio::time::sleep(Duration::from_millis(800)).await;
                let (status, again) = readyz(client, s).await;
                assert_eq!(status, 503, "{again}");
                return e.to_string();
            }
        }
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "no reason given: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn post(client: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let r = client.post(url).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rediss_with_a_private_ca_serves_turns_and_handoffs_and_refuses_what_it_must() {
    if !have_redis_server() {
        eprintln!("skipping: no redis-server");
        return;
    }
    let pki = Pki::make();
    let port = free_port();
    let _redis = start_tls_redis(&pki, port).expect("redis-server with TLS starts");
    let (_tmp, model) = common::tiny_model();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let ns = uuid::Uuid::new_v4().simple().to_string();
    let tls_store = format!("rediss://127.0.0.1:{port}#tls-{ns}");
    let ca = pki.path("ca.pem");

    // The CA by flag: ready, and a whole conversation with a handoff goes through TLS.
    let s = serve(
        &model,
        &[
            "--store",
            &tls_store,
            "--redis-ca-file",
            &ca.to_string_lossy(),
        ],
        &[],
    )
    .await;
    wait_ready(&client, &s).await;
    let classify = format!("{}/v1/classify", s.base);
    let conv = format!("tls-{ns}");
    let (status, v) = post(
        &client,
        classify.clone(),
        json!({"text": "where is my order?", "conversation_id": conv}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = post(
        &client,
        classify,
        json!({"text": "转人工", "conversation_id": conv}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let id = v["handoff"]["id"].as_str().expect("a handoff").to_string();
    let (status, v) = post(
        &client,
        format!("{}/v1/handoffs/{id}/accept", s.base),
        json!({"agent": "ana"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["handoff"]["status"], "accepted", "{v}");
    let (status, v) = post(
        &client,
        format!("{}/v1/handoffs/{id}/resolve", s.base),
        json!({"agent": "ana"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["handoff"]["status"], "resolved", "{v}");
    let c: Value = client
        .get(format!("{}/v1/conversations/{conv}", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(c["turns"].as_array().map(Vec::len), Some(2), "{c}");
    drop(s);

    // The same server as plain redis:// (a plain-TCP client on the TLS port): never ready.
    let s = serve(
        &model,
        &["--store", &format!("redis://127.0.0.1:{port}#tls-{ns}")],
        &[],
    )
    .await;
    let why = refused_reason(&client, &s).await;
    eprintln!("plain TCP on the TLS port: {why}");
    assert!(why.contains("rediss://"), "the reason hints at TLS: {why}");
    drop(s);

    // Another CA's file (by environment variable): never ready, and /readyz says why.
    let s = serve(
        &model,
        &["--store", &tls_store],
        &[("TRIAGE_REDIS_CA_FILE", &pki.path("other-ca.pem"))],
    )
    .await;
    let why = refused_reason(&client, &s).await;
    eprintln!("wrong CA: {why}");
    assert!(
        why.contains("certificate") || why.contains("UnknownIssuer"),
        "the reason names the certificate: {why}"
    );
    drop(s);

    // No CA at all: the public roots do not vouch for a private CA…
    let s = serve(&model, &["--store", &tls_store], &[]).await;
    let why = refused_reason(&client, &s).await;
    assert!(why.contains("certificate"), "{why}");
    drop(s);
    // …unless the check is turned off.
    let s = serve(
        &model,
        &["--store", &tls_store, "--redis-tls-insecure"],
        &[],
    )
    .await;
    wait_ready(&client, &s).await;
    let c = client
        .get(format!("{}/v1/conversations/{conv}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(c.status(), 200, "the same data over an unchecked TLS link");
}
