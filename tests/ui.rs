//! The agent pages against the real server (loopback port, shipped default model, API keys on):
//! the static routes answer without a key, under the Host check, with one body per asset; then
//! headless Chromium drives them (`tests/browser/ui_flow.py`): chat → handoff in the inbox within
//! 1 s → accept → resolve → gone from pending, no console errors, screenshots saved.
//!
//! Needs python3 + selenium and Debian's chromium + chromium-driver (`.ci/run` installs them).
//! Without them the test fails; `TRIAGE_SKIP_BROWSER=1` skips the browser part on purpose.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use triage::auth::keys::digest;

fn keys_file(dir: &std::path::Path) -> PathBuf {
    let block = |id: &str, role: &str| {
        format!(
            "[[key]]\nid = \"{id}\"\ntenant = \"default\"\nroles = [\"{role}\"]\nsha256 = \"{}\"\n",
            hex::encode(digest(&format!("token-{id}")))
        )
    };
    let path = dir.join("keys.toml");
    std::fs::write(&path, block("web", "client") + &block("desk", "agent")).unwrap();
    path
}

/// Why the browser cannot run here, if it cannot.
fn browser_missing() -> Option<String> {
    let ok = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = Vec::new();
    if !ok("python3", &["-c", "import selenium"]) {
        missing.push("python3 with selenium (pip install selenium)");
    }
    if !ok("chromium", &["--version"]) {
        missing.push("chromium (apt-get install chromium)");
    }
    if !ok("chromedriver", &["--version"]) {
        missing.push("chromedriver (apt-get install chromium-driver)");
    }
    (!missing.is_empty()).then(|| missing.join(", "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_pages_work_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = keys_file(tmp.path());
    let root = common::repo_root();
    let s = common::start_with(&root.join("models/default"), |a| {
        a.keys = Some(keys);
        a.kb = Some(root.join("kb/default.jsonl"));
    })
    .await;

    // The pages need no key; the API still does.
    let mut total = 0;
    for (path, kind) in [
        ("/ui/", "text/html"),
        ("/ui/chat", "text/html"),
        ("/ui/ui.css", "text/css"),
        ("/ui/common.js", "text/javascript"),
        ("/ui/inbox.js", "text/javascript"),
        ("/ui/chat.js", "text/javascript"),
    ] {
        let r = s.client.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers();
        assert!(
            h["content-type"].to_str().unwrap().starts_with(kind),
            "{path}"
        );
        assert!(h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'"));
        let etag = h["etag"].clone();
        let body = r.text().await.unwrap();
        if kind == "text/html" {
            assert!(body.contains("data-keys=\"true\""), "{path}: {body}");
        }
        if path != "/ui/chat" && path != "/ui/chat.js" {
            total += body.len();
        }
        let again = s
            .client
            .get(s.url(path))
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
    assert!(total <= 200 * 1024, "the inbox weighs {total} bytes");
    println!("inbox page weight: {total} bytes");
    let r = s.client.get(s.url("/ui")).send().await.unwrap();
    assert_eq!(r.url().path(), "/ui/", "/ui redirects to /ui/");
    assert_eq!(
        s.client
            .get(s.url("/ui/nope.js"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        s.client
            .get(s.url("/v1/handoffs"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let foreign = s
        .client
        .get(s.url("/ui/"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 421, "the pages keep the Host check");

    if let Some(missing) = browser_missing() {
        if std::env::var("TRIAGE_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!("SKIPPED the browser part (TRIAGE_SKIP_BROWSER=1): missing {missing}");
            s.stop().await;
            return;
        }
        panic!(
            "the browser test needs {missing}; install them (see .ci/run) or set \
             TRIAGE_SKIP_BROWSER=1 to skip it on purpose"
        );
    }
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots");
    let _ = std::fs::remove_dir_all(&out);
    let script = common::repo_root().join("tests/browser/ui_flow.py");
    let base = s.base.clone();
    let out2 = out.clone();
    let t = Instant::now();
    let run = tokio::task::spawn_blocking(move || {
        // A hung browser must fail the test, not stall CI.
        Command::new("timeout")
            .args(["-k", "10", "300", "python3"])
            .arg(script)
            .args(["--base", &base, "--out"])
            .arg(&out2)
            .args(["--agent-key", "token-desk", "--client-key", "token-web"])
            .output()
            .expect("python3 runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "browser flow failed ({:?}):\n{stdout}\n{stderr}",
        run.status
    );
    println!(
        "browser flow: {stdout} in {:.1} s; screenshots in {}",
        t.elapsed().as_secs_f64(),
        out.display()
    );
    let m: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert!(m["handoff_visible_ms"].as_u64().unwrap() <= 1000, "{m}");
    for shot in ["chat.png", "inbox.png"] {
        let len = std::fs::metadata(out.join(shot))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 10_000, "{shot}: {len} bytes");
    }
    s.stop().await;
}
