//! A redis-server of the test's own on a loopback port (the fault and TLS tests stop, restart
//! and configure it, which the shared `TRIAGE_TEST_REDIS` server must not be).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Killed when dropped.
pub struct OwnRedis(Child);

impl OwnRedis {
    /// Plain TCP on `port`, nothing persisted.
    pub fn start(port: u16) -> Option<Self> {
        Self::start_with(&["--port", &port.to_string()], port)
    }

    /// `args` (e.g. TLS settings) plus loopback-only, nothing persisted; ready once `port`
    /// accepts connections (within 10 s, else `None`).
    pub fn start_with(args: &[&str], port: u16) -> Option<Self> {
        let child = Command::new("redis-server")
            .args(args)
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let r = Self(child);
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(10) {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(r);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether redis-server is installed (CI must have it: there a missing one fails the test).
pub fn have_redis_server() -> bool {
    let ok = Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI must have redis-server"
    );
    ok
}
