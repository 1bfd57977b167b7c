//! API keys: the keys file (TOML, one `[[key]]` table per key, tokens stored only as SHA-256
//! digests), the in-memory key set (a map from digest to key, confirmed in constant time), new
//! tokens for `triage keys new`, and the key ring that re-reads the file on SIGHUP or when it
//! changes, keeping the old keys when the new file is bad.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::limits::KeyLimiter;
use super::roles::{Role, RoleSet};
use super::valid_name;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read keys file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("keys file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("the OS random number generator failed: {0}")]
    Random(String),
}

/// One `[[key]]` table as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    id: String,
    tenant: String,
    roles: Vec<String>,
    sha256: String,
    #[serde(default)]
    queues: Option<Vec<String>>,
    #[serde(default)]
    rate_per_sec: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(default)]
    key: Vec<KeyEntry>,
}

/// A loaded key. Its digest stays private: it is never logged, serialised or served.
pub struct Key {
    pub id: String,
    pub tenant: String,
    pub roles: RoleSet,
    /// Agent keys limited to these queues (`None`: every queue of the tenant).
    pub queues: Option<Vec<String>>,
    pub rate_per_sec: Option<f64>,
    /// Rate and in-flight limits; kept across reloads while the key's id and rate stay.
    pub limiter: Arc<KeyLimiter>,
    digest: [u8; 32],
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .field("tenant", &self.tenant)
            .field("roles", &self.roles.roles())
            .field("queues", &self.queues)
            .field("rate_per_sec", &self.rate_per_sec)
            .finish_non_exhaustive()
    }
}

/// SHA-256 of a token.
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Equality that takes the same time wherever the first difference is.
pub fn ct_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// The keys of one version of the file.
#[derive(Debug, Default)]
pub struct KeySet {
    by_digest: HashMap<[u8; 32], Arc<Key>>,
}

impl KeySet {
    pub fn len(&self) -> usize {
        self.by_digest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_digest.is_empty()
    }

    /// The key a bearer token belongs to. The token is hashed once; the map finds the candidate
    /// by digest and a constant-time comparison confirms it, so response time does not depend on
    /// how much of a guessed digest matches.
    pub fn authenticate(&self, token: &str) -> Option<Arc<Key>> {
        let d = digest(token);
        let key = self.by_digest.get(&d)?;
        ct_eq(&key.digest, &d).then(|| key.clone())
    }

    pub fn by_id(&self, id: &str) -> Option<&Arc<Key>> {
        self.by_digest.values().find(|k| k.id == id)
    }

    /// Tenants that have at least one key.
    pub fn tenants(&self) -> Vec<String> {
        let mut t: Vec<String> = self
            .by_digest
            .values()
            .map(|k| k.tenant.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        t.sort();
        t
    }

    /// Parses a keys file. `previous` hands its limiters to keys that keep their id and rate, so a
    /// reload does not refill a bucket or forget texts in flight.
    pub fn parse(
        text: &str,
        path: &Path,
        max_in_flight: usize,
        previous: Option<&KeySet>,
    ) -> Result<Self, KeyError> {
        let invalid = |message: String| KeyError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: KeyFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut by_digest = HashMap::new();
        let mut ids = HashSet::new();
        for (i, e) in file.key.into_iter().enumerate() {
            let at = format!("key {} ({:?})", i + 1, e.id);
            if !valid_name(&e.id) {
                return Err(invalid(format!(
                    "{at}: id must be 1-64 of A-Z a-z 0-9 - _ ."
                )));
            }
            if !ids.insert(e.id.clone()) {
                return Err(invalid(format!("{at}: duplicate id")));
            }
            if !valid_name(&e.tenant) {
                return Err(invalid(format!(
                    "{at}: tenant must be 1-64 of A-Z a-z 0-9 - _ ."
                )));
            }
            if e.roles.is_empty() {
                return Err(invalid(format!(
                    "{at}: roles must name at least one of client, agent, admin, metrics"
                )));
            }
            let mut roles = Vec::new();
            for r in &e.roles {
                roles.push(Role::parse(r).ok_or_else(|| {
                    invalid(format!(
                        "{at}: unknown role {r:?} (use client, agent, admin or metrics)"
                    ))
                })?);
            }
            let hexd = e.sha256.trim().to_ascii_lowercase();
            let mut d = [0u8; 32];
            if hexd.len() != 64 || hex::decode_to_slice(&hexd, &mut d).is_err() {
                return Err(invalid(format!(
                    "{at}: sha256 must be 64 hex digits (the SHA-256 of the token, not the token)"
                )));
            }
            if let Some(qs) = &e.queues {
                if qs.is_empty() || qs.iter().any(|q| q.trim().is_empty()) {
                    return Err(invalid(format!(
                        "{at}: queues must list at least one queue name (leave it out for every queue)"
                    )));
                }
            }
            if let Some(r) = e.rate_per_sec {
                if !(r.is_finite() && r > 0.0) {
                    return Err(invalid(format!("{at}: rate_per_sec must be above 0")));
                }
            }
            let limiter = previous
                .and_then(|p| p.by_id(&e.id))
                .filter(|k| k.rate_per_sec == e.rate_per_sec)
                .map(|k| k.limiter.clone())
                .unwrap_or_else(|| Arc::new(KeyLimiter::new(e.rate_per_sec, max_in_flight)));
            let key = Key {
                id: e.id,
                tenant: e.tenant,
                roles: RoleSet::of(&roles),
                queues: e.queues,
                rate_per_sec: e.rate_per_sec,
                limiter,
                digest: d,
            };
            if by_digest.insert(d, Arc::new(key)).is_some() {
                return Err(invalid(format!(
                    "{at}: the same sha256 as another key (each key needs its own token)"
                )));
            }
        }
        Ok(Self { by_digest })
    }
}

/// A new random token: 256 bits from the operating system's generator, hex-encoded behind a
/// `trg_` prefix (so secret scanners and people can tell what it is).
pub fn new_token() -> Result<String, KeyError> {
    use rand::TryRngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(format!("trg_{}", hex::encode(bytes)))
}

/// The `[[key]]` block to add to the keys file for a token.
pub fn toml_block(id: &str, tenant: &str, roles: &[Role], token: &str) -> String {
    let roles: Vec<String> = roles.iter().map(|r| format!("{:?}", r.as_str())).collect();
    format!(
        "[[key]]\nid = {id:?}\ntenant = {tenant:?}\nroles = [{}]\nsha256 = \"{}\"\n",
        roles.join(", "),
        hex::encode(digest(token))
    )
}

/// What identifies a version of the file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(path: &Path) -> std::io::Result<Stamp> {
    let m = std::fs::metadata(path)?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Ok(Stamp {
        modified: m.modified().ok(),
        len: m.len(),
        inode,
    })
}

/// The served keys: the current set behind a lock that readers hold only for the lookup, and
/// the file it came from.
pub struct KeyRing {
    path: PathBuf,
    max_in_flight: usize,
    current: RwLock<Arc<KeySet>>,
    seen: Mutex<Option<Stamp>>,
    reloads: AtomicU64,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("path", &self.path)
            .field("keys", &self.current().len())
            .finish()
    }
}

impl KeyRing {
    /// Reads the file; an error here stops start-up.
    pub fn load(path: &Path, max_in_flight: usize) -> Result<Self, KeyError> {
        let seen = stamp(path).ok();
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let set = KeySet::parse(&text, path, max_in_flight, None)?;
        Ok(Self {
            path: path.to_path_buf(),
            max_in_flight,
            current: RwLock::new(Arc::new(set)),
            seen: Mutex::new(seen),
            reloads: AtomicU64::new(0),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn current(&self) -> Arc<KeySet> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn authenticate(&self, token: &str) -> Option<Arc<Key>> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .authenticate(token)
    }

    /// Successful reloads since start.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    /// Re-reads the file now. On an error the current keys stay.
    pub fn reload(&self) -> Result<usize, KeyError> {
        let seen = stamp(&self.path).ok();
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = seen;
        let text = std::fs::read_to_string(&self.path).map_err(|source| KeyError::Read {
            path: self.path.clone(),
            source,
        })?;
        // An empty file is far more often a write caught half-way (truncate, then write) than an
        // operator revoking every key at once: keep the keys in force.
        if text.trim().is_empty() {
            return Err(KeyError::Invalid {
                path: self.path.clone(),
                message: "the file is empty (a write in progress?); to refuse every key, leave \
                          a comment line in it"
                    .into(),
            });
        }
        let old = self.current();
        let set = KeySet::parse(&text, &self.path, self.max_in_flight, Some(&old))?;
        let n = set.len();
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(set);
        self.reloads.fetch_add(1, Ordering::Relaxed);
        Ok(n)
    }

    /// Reloads when the file's modification time, size or inode changed since the last read
    /// (`None`: unchanged). A file that is gone or unreadable keeps the current keys.
    pub fn reload_if_changed(&self) -> Option<Result<usize, KeyError>> {
        let now = stamp(&self.path).ok();
        let changed = {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            let changed = *seen != now;
            *seen = now.clone();
            changed
        };
        if !changed {
            return None;
        }
        if now.is_none() {
            return Some(Err(KeyError::Read {
                path: self.path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "file is gone"),
            }));
        }
        Some(self.reload())
    }

    fn log(&self, why: &str, r: Result<usize, KeyError>) {
        match r {
            Ok(n) => tracing::info!(file = %self.path.display(), keys = n, why, "keys reloaded"),
            Err(e) => tracing::error!(
                error = %e,
                keys = self.current().len(),
                why,
                "keys file not reloaded; the previous keys stay in force"
            ),
        }
    }

    /// Re-reads the file on SIGHUP and whenever it changes (checked every `every`), until
    /// `stop` turns true.
    pub async fn watch(
        self: Arc<Self>,
        every: Duration,
        mut hangups: Option<tokio::signal::unix::Signal>,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let hangup = async {
                match hangups.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = tick.tick() => {
                    let ring = self.clone();
                    if let Ok(Some(r)) = tokio::task::spawn_blocking(move || ring.reload_if_changed()).await {
                        self.log("file changed", r);
                    }
                }
                _ = hangup => {
                    let ring = self.clone();
                    if let Ok(r) = tokio::task::spawn_blocking(move || ring.reload()).await {
                        self.log("SIGHUP", r);
                    }
                }
                _ = async { let _ = stop.wait_for(|v| *v).await; } => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(keys: &[(&str, &str, &str, &str)]) -> String {
        keys.iter()
            .map(|(id, tenant, roles, token)| {
                format!(
                    "[[key]]\nid = \"{id}\"\ntenant = \"{tenant}\"\nroles = [{roles}]\nsha256 = \"{}\"\n",
                    hex::encode(digest(token))
                )
            })
            .collect()
    }

    fn parse(text: &str) -> Result<KeySet, KeyError> {
        KeySet::parse(text, Path::new("keys.toml"), 64, None)
    }

    #[test]
    fn a_keys_file_parses_and_tokens_find_their_key() {
        let mut text = file(&[
            ("acme-web", "acme", "\"client\"", "tok-a"),
            ("globex-desk", "globex", "\"agent\", \"admin\"", "tok-b"),
        ]);
        text.push_str(
            "[[key]]\nid = \"orders-desk\"\ntenant = \"acme\"\nroles = [\"agent\"]\n\
             sha256 = \"",
        );
        text.push_str(&hex::encode(digest("tok-c")).to_uppercase());
        text.push_str("\"\nqueues = [\"orders\"]\nrate_per_sec = 5\n");
        let set = parse(&text).unwrap();
        assert_eq!(set.len(), 3);
        let k = set.authenticate("tok-a").unwrap();
        assert_eq!((k.id.as_str(), k.tenant.as_str()), ("acme-web", "acme"));
        assert!(k.roles.contains(Role::Client) && !k.roles.contains(Role::Admin));
        let k = set.authenticate("tok-b").unwrap();
        assert!(k.roles.contains(Role::Agent) && k.roles.contains(Role::Admin));
        let k = set.authenticate("tok-c").unwrap();
        assert_eq!(k.queues.as_deref(), Some(&["orders".to_string()][..]));
        assert_eq!(k.rate_per_sec, Some(5.0));
        assert!(set.authenticate("tok-d").is_none());
        assert!(set.authenticate("").is_none());
        assert_eq!(set.tenants(), vec!["acme", "globex"]);
        // Debug output never carries the digest.
        let dbg = format!("{:?}", set.authenticate("tok-a").unwrap());
        assert!(!dbg.contains(&hex::encode(digest("tok-a"))), "{dbg}");
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn bad_key_files_say_what_is_wrong() {
        let d = hex::encode(digest("t"));
        let cases = [
            ("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = [\"client\"]\n", "sha256"),
            (&format!("[[key]]\nid = \"a b\"\ntenant = \"x\"\nroles = [\"client\"]\nsha256 = \"{d}\"\n"), "id must be"),
            (&format!("[[key]]\nid = \"a\"\ntenant = \"x:y\"\nroles = [\"client\"]\nsha256 = \"{d}\"\n"), "tenant must be"),
            (&format!("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = []\nsha256 = \"{d}\"\n"), "at least one"),
            (&format!("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = [\"root\"]\nsha256 = \"{d}\"\n"), "unknown role"),
            ("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = [\"client\"]\nsha256 = \"my-token\"\n", "64 hex digits"),
            (&format!("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = [\"agent\"]\nsha256 = \"{d}\"\nqueues = []\n"), "queues"),
            (&format!("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = [\"client\"]\nsha256 = \"{d}\"\nrate_per_sec = 0\n"), "rate_per_sec"),
            (&format!("[[key]]\nid = \"a\"\ntenant = \"x\"\nroles = [\"client\"]\nsha256 = \"{d}\"\ntoken = \"t\"\n"), "unknown field"),
        ];
        for (text, want) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(want), "{want:?} not in {e:?}");
            assert!(e.contains("keys.toml"), "{e}");
        }
        let dup_id = file(&[
            ("a", "x", "\"client\"", "t1"),
            ("a", "y", "\"client\"", "t2"),
        ]);
        assert!(parse(&dup_id)
            .unwrap_err()
            .to_string()
            .contains("duplicate id"));
        let dup_token = file(&[
            ("a", "x", "\"client\"", "t1"),
            ("b", "y", "\"client\"", "t1"),
        ]);
        assert!(parse(&dup_token)
            .unwrap_err()
            .to_string()
            .contains("same sha256"));
    }

    #[test]
    fn constant_time_equality() {
        let a = digest("a");
        let mut b = a;
        assert!(ct_eq(&a, &b));
        b[31] ^= 1;
        assert!(!ct_eq(&a, &b));
        b = a;
        b[0] ^= 0x80;
        assert!(!ct_eq(&a, &b));
        assert!(!ct_eq(&digest("a"), &digest("b")));
    }

    #[test]
    fn new_tokens_are_long_random_and_their_block_parses() {
        let t1 = new_token().unwrap();
        let t2 = new_token().unwrap();
        assert_ne!(t1, t2);
        assert!(t1.starts_with("trg_") && t1.len() == 4 + 64, "{t1}");
        let block = toml_block("acme-web", "acme", &[Role::Client, Role::Agent], &t1);
        assert!(
            !block.contains(&t1),
            "the block holds the digest, never the token"
        );
        let set = parse(&block).unwrap();
        let k = set.authenticate(&t1).unwrap();
        assert_eq!(k.id, "acme-web");
        assert!(k.roles.contains(Role::Agent));
    }

    #[test]
    fn the_ring_reloads_changes_and_keeps_old_keys_when_the_new_file_is_bad() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        std::fs::write(&path, file(&[("a", "x", "\"client\"", "ta")])).unwrap();
        let ring = KeyRing::load(&path, 8).unwrap();
        assert!(ring.authenticate("ta").is_some());
        assert!(ring.reload_if_changed().is_none(), "unchanged");
        let limiter = ring.authenticate("ta").unwrap().limiter.clone();
        std::fs::write(
            &path,
            file(&[
                ("a", "x", "\"client\"", "ta"),
                ("b", "x", "\"agent\"", "tb"),
            ]),
        )
        .unwrap();
        assert_eq!(ring.reload_if_changed().unwrap().unwrap(), 2);
        assert!(ring.authenticate("tb").is_some());
        assert!(
            Arc::ptr_eq(&limiter, &ring.authenticate("ta").unwrap().limiter),
            "a kept key keeps its limiter"
        );
        std::fs::write(&path, "[[key]]\nid = \"broken\n").unwrap();
        assert!(ring.reload_if_changed().unwrap().is_err());
        assert!(ring.authenticate("tb").is_some(), "old keys stay");
        std::fs::write(&path, "").unwrap();
        assert!(ring.reload().unwrap_err().to_string().contains("empty"));
        assert!(
            ring.authenticate("tb").is_some(),
            "an empty file is a write in progress"
        );
        std::fs::write(&path, "# every key revoked\n").unwrap();
        assert_eq!(ring.reload().unwrap(), 0);
        assert!(ring.authenticate("tb").is_none());
        std::fs::write(&path, file(&[("b", "x", "\"agent\"", "tb")])).unwrap();
        ring.reload().unwrap();
        assert!(ring.authenticate("ta").is_none(), "revoked");
        assert_eq!(ring.reloads(), 3);
    }
}
