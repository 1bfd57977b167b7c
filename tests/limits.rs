//! Hard limits on loopback: connections that never finish their headers are closed after the
//! header read timeout and do not starve `/healthz`; past the connection cap a new connection
//! gets a JSON 503 at once; over-long targets and heads get JSON 414 / 431; and a fuzz run over
//! every route finds no server error and no error response that is not the documented
//! `{"error": {"code", "message"}}` JSON.

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn open_connections(s: &common::TestServer) -> i64 {
    s.running
        .as_ref()
        .unwrap()
        .state
        .connections
        .load(Ordering::Relaxed)
}

/// Connects and sends half a request head, never the blank line that ends it.
async fn stall(addr: std::net::SocketAddr) -> TcpStream {
    let mut c = TcpStream::connect(addr).await.expect("connect");
    c.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .expect("write");
    c
}

/// Whether the server closed `c` (EOF or reset) within `limit`.
async fn closed_within(c: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 512];
    let t = Instant::now();
    while t.elapsed() < limit {
        match tokio::time::timeout(Duration::from_millis(200), c.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // hyper may answer 408 before closing.
            Ok(Ok(_)) => continue,
            Err(_) => continue,
        }
    }
    false
}

#[tokio::test]
async fn a_thousand_stalled_connections_do_not_starve_healthz_and_are_closed() {
    let s = common::start_tiny(|a| a.header_read_timeout_ms = Some(1500)).await;
    let addr = s.running.as_ref().unwrap().addr;
    let mut stalled = Vec::new();
    for _ in 0..1000 {
        stalled.push(stall(addr).await);
    }
    let t = Instant::now();
    let r = s
        .client
        .get(s.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(r.status(), 200);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "/healthz took {:?} with 1,000 stalled connections",
        t.elapsed()
    );
    assert!(open_connections(&s) <= 1002, "{}", open_connections(&s));
    // Past the header read timeout every stalled connection is closed by the server.
    let mut all_closed = true;
    for c in stalled.iter_mut().step_by(50) {
        all_closed &= closed_within(c, Duration::from_secs(15)).await;
    }
    assert!(all_closed, "stalled connections stay open");
    let t = Instant::now();
    while open_connections(&s) > 2 && t.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(open_connections(&s) <= 2, "open: {}", open_connections(&s));
    s.stop().await;
}

#[tokio::test]
async fn past_the_connection_cap_a_new_connection_gets_a_json_503() {
    let s = common::start_tiny(|a| {
        a.max_connections = Some(20);
        a.header_read_timeout_ms = Some(1500);
    })
    .await;
    let addr = s.running.as_ref().unwrap().addr;
    let mut stalled = Vec::new();
    for _ in 0..20 {
        stalled.push(stall(addr).await);
    }
    let t = Instant::now();
    while open_connections(&s) < 20 && t.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(open_connections(&s), 20);
    let mut extra = TcpStream::connect(addr).await.unwrap();
    let mut reply = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), extra.read_to_end(&mut reply))
        .await
        .expect("answered at once")
        .unwrap();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    let body: Value = serde_json::from_str(reply.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "too_many_connections", "{body}");
    // The stalled ones time out and free their slots.
    let t = Instant::now();
    loop {
        let ok = s
            .client
            .get(s.url("/healthz"))
            .timeout(Duration::from_secs(2))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        if ok {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(20), "slots never freed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    s.stop().await;
}

fn assert_json_error(status: u16, body: &[u8], what: &str) {
    let v: Value = serde_json::from_slice(body).unwrap_or_else(|e| {
        panic!(
            "{what}: {status} without a JSON body ({e}): {:?}",
            String::from_utf8_lossy(body)
        )
    });
    assert!(
        v["error"]["code"].is_string() && v["error"]["message"].is_string(),
        "{what}: {status} {v}"
    );
}

#[tokio::test]
async fn long_targets_and_heads_get_json_414_and_431() {
    let s = common::start_tiny(|_| {}).await;
    let r = s
        .client
        .get(s.url(&format!("/healthz?x={}", "a".repeat(9000))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 414);
    assert_json_error(414, &r.bytes().await.unwrap(), "long target");
    let r = s
        .client
        .get(s.url("/healthz"))
        .header("x-big", "b".repeat(40_000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    assert_json_error(431, &r.bytes().await.unwrap(), "big header");
    let mut req = s.client.get(s.url("/healthz"));
    for i in 0..120 {
        req = req.header(format!("x-h{i}"), "v");
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 431);
    assert_json_error(431, &r.bytes().await.unwrap(), "many headers");
    s.stop().await;
}

/// One raw HTTP/1.1 exchange: writes `head` (a whole request head, no body) and reads the
/// answer: (status, lower-case headers, body). Reads to `content-length`, so keep-alive does not
/// leave it waiting.
async fn raw_exchange(
    addr: std::net::SocketAddr,
    head: &[u8],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut c = TcpStream::connect(addr).await.expect("connect");
    c.write_all(head).await.expect("write head");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let read = async {
        loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let text = String::from_utf8_lossy(&buf[..end]).into_owned();
                let mut lines = text.split("\r\n");
                let status: u16 = lines.next().unwrap()[9..12].parse().unwrap();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                    .collect();
                let len: usize = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .map_or(0, |(_, v)| v.parse().unwrap());
                while buf.len() < end + 4 + len {
                    let n = c.read(&mut chunk).await.expect("read body");
                    assert!(n > 0, "closed inside the body");
                    buf.extend_from_slice(&chunk[..n]);
                }
                return (status, headers, buf[end + 4..end + 4 + len].to_vec());
            }
            let n = c.read(&mut chunk).await.expect("read head");
            assert!(
                n > 0,
                "closed without an answer: {:?}",
                String::from_utf8_lossy(&buf)
            );
            buf.extend_from_slice(&chunk[..n]);
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .expect("answered within 10 s")
}

/// A GET /healthz head whose header names and values add up to exactly `bytes` bytes (what the
/// documented limit counts) in `fields` fields, `Host` included.
fn head_of(addr: std::net::SocketAddr, fields: usize, bytes: usize) -> Vec<u8> {
    let host = addr.to_string();
    let mut head = format!("GET /healthz HTTP/1.1\r\nhost: {host}\r\n");
    let mut used = "host".len() + host.len();
    for i in 1..fields - 1 {
        let name = format!("x-f{i}");
        used += name.len() + 1;
        head.push_str(&format!("{name}: v\r\n"));
    }
    let rest = bytes - used - "x-big".len();
    head.push_str(&format!("x-big: {}\r\n\r\n", "b".repeat(rest)));
    head.into_bytes()
}

#[tokio::test]
async fn a_head_just_over_the_documented_limits_gets_the_json_431_on_a_raw_socket() {
    use triage::server::{HEAD_CEILING_BYTES, MAX_HEADERS, MAX_HEADER_BYTES};
    let s = common::start_tiny(|_| {}).await;
    let addr = s.running.as_ref().unwrap().addr;
    // At the limits: served.
    let (status, _, body) = raw_exchange(addr, &head_of(addr, 2, MAX_HEADER_BYTES)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = raw_exchange(addr, &head_of(addr, MAX_HEADERS, 2000)).await;
    assert_eq!(status, 200, "{MAX_HEADERS} fields");
    // One byte, one field over, and a head far over but under hyper's ceiling: the JSON 431.
    let cases = [
        ("one byte over", head_of(addr, 2, MAX_HEADER_BYTES + 1)),
        ("one field over", head_of(addr, MAX_HEADERS + 1, 2000)),
        (
            "under the ceiling",
            head_of(addr, 2, HEAD_CEILING_BYTES - 4096),
        ),
    ];
    for (what, head) in cases {
        let (status, headers, body) = raw_exchange(addr, &head).await;
        assert_eq!(status, 431, "{what}");
        assert!(
            headers
                .iter()
                .any(|(k, v)| k == "content-type" && v.starts_with("application/json")),
            "{what}: {headers:?}"
        );
        assert_json_error(431, &body, what);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], "headers_too_large", "{what}: {v}");
    }
    s.stop().await;
}

#[tokio::test]
async fn a_head_far_over_the_ceiling_is_refused_without_hanging() {
    use triage::server::{HEAD_CEILING_BYTES, HEAD_CEILING_FIELDS};
    let s = common::start_tiny(|_| {}).await;
    let addr = s.running.as_ref().unwrap().addr;
    let heads = [
        (
            "8x the byte ceiling",
            head_of(addr, 2, 8 * HEAD_CEILING_BYTES),
        ),
        (
            "past the field ceiling",
            head_of(addr, HEAD_CEILING_FIELDS + 50, 4000),
        ),
    ];
    for (what, head) in heads {
        let t = Instant::now();
        let mut c = TcpStream::connect(addr).await.expect("connect");
        let (mut rd, mut wr) = c.split();
        // The server may stop reading (and close) before the whole head is written: a write
        // error is expected then, not a failure.
        let write = async {
            let _ = wr.write_all(&head).await;
        };
        let read = async {
            let mut got = Vec::new();
            let _ = rd.read_to_end(&mut got).await; // EOF or a reset: closed either way
            got
        };
        let (_, got) =
            tokio::time::timeout(Duration::from_secs(10), async { tokio::join!(write, read) })
                .await
                .unwrap_or_else(|_| panic!("{what}: connection still open after 10 s"));
        let text = String::from_utf8_lossy(&got);
        // hyper's answer is a bare 431, unless the reset from the unread rest beat it.
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 431"),
            "{what}: {text}"
        );
        eprintln!(
            "{what}: {} after {:?}",
            if text.is_empty() {
                "closed"
            } else {
                "bare 431, closed"
            },
            t.elapsed()
        );
    }
    // The server is none the worse.
    let r = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    s.stop().await;
}

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
    fn noise(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| format!("%{:02X}", (self.next() % 256) as u8))
            .collect()
    }
}

#[tokio::test]
async fn fuzzed_requests_get_no_server_error_and_only_json_errors() {
    let s = common::start_tiny(|_| {}).await;
    // One handoff, so the id routes have something real too.
    let v = s
        .classify(&serde_json::json!({"text": "转人工", "conversation_id": "fuzz-1"}))
        .await;
    let hid = v["handoff"]["id"].as_str().unwrap().to_string();
    // The accept/resolve body: optional, but when sent held to the JSON rules.
    for (ctype, body, status) in [
        ("text/plain", "agent=ann", 415),
        ("application/json", "{", 400),
        ("application/json", r#"{"agent": 5}"#, 422),
        (
            "application/json",
            &format!(r#"{{"agent": "{}"}}"#, "a".repeat(129)),
            422,
        ),
    ] {
        let r = s
            .client
            .post(s.url(&format!("/v1/handoffs/{hid}/accept")))
            .header("content-type", ctype)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{ctype} {body}");
        assert_json_error(status, &r.bytes().await.unwrap(), body);
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let paths = [
        "/v1/classify".to_string(),
        "/v1/classify/batch".into(),
        "/v1/handoffs".into(),
        format!("/v1/handoffs/{hid}"),
        format!("/v1/handoffs/{hid}/accept"),
        format!("/v1/handoffs/{hid}/resolve"),
        "/v1/handoffs/NOISE".into(),
        "/v1/handoffs/NOISE/accept".into(),
        "/v1/conversations/fuzz-1".into(),
        "/v1/conversations/NOISE".into(),
        "/v1/kb".into(),
        "/v1/kb/NOISE".into(),
        "/v1/kb:reload".into(),
        "/v1/models".into(),
        "/v1/info".into(),
        "/healthz".into(),
        "/readyz".into(),
        "/metrics".into(),
        "/openapi.json".into(),
        "/NOISE".into(),
    ];
    let queries = [
        "",
        "?limit=abc",
        "?limit=0",
        "?limit=5000",
        "?status=nope",
        "?status=pending&limit=3",
        "?queue=NOISE",
        "?offset=-1",
        "?cursor=NOISE",
        "?a=%ZZ",
    ];
    let bodies = [
        "",
        "{",
        "null",
        "[]",
        "{}",
        r#"{"text": 5}"#,
        r#"{"text": ""}"#,
        r#"{"text": "hello", "top_k": -1}"#,
        r#"{"text": "hello", "conversation_id": 7}"#,
        r#"{"items": []}"#,
        r#"{"items": [{"text": "x"}], "extra": 1}"#,
        r#"{"agent": 5}"#,
        r#"{"agent": "ann"}"#,
        "\u{0}\u{1}garbage",
    ];
    let types = [
        None,
        Some("application/json"),
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/json; charset=utf-8"),
    ];
    let methods = [
        reqwest::Method::GET,
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ];
    let mut errors = 0;
    for i in 0..400 {
        let n = 1 + (rng.next() % 12) as usize;
        let noise = rng.noise(n);
        let path = rng.pick(&paths).replace("NOISE", &noise);
        if path.ends_with("/stream") {
            continue;
        }
        let url = s.url(&format!(
            "{path}{}",
            rng.pick(&queries).replace("NOISE", &noise)
        ));
        let method = rng.pick(&methods).clone();
        let mut req = s.client.request(method.clone(), &url);
        if let Some(t) = rng.pick(&types) {
            req = req.header("content-type", *t);
        }
        let body = rng.pick(&bodies).to_string();
        if !body.is_empty() || method != reqwest::Method::GET {
            req = req.body(body.clone());
        }
        let r = req
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .unwrap_or_else(|e| panic!("#{i} {method} {url}: {e}"));
        let status = r.status().as_u16();
        let what = format!("#{i} {method} {url} body {body:?}");
        assert!(status < 500, "{what}: server error {status}");
        if status >= 400 {
            errors += 1;
            assert_json_error(status, &r.bytes().await.unwrap(), &what);
        }
    }
    assert!(errors > 100, "the run must exercise rejections: {errors}");
    s.stop().await;
}
