//! The audit log: one JSON line per knowledge-base change and per handoff transition, saying
//! which key of which tenant did what, and when. To a file (`--audit-log`, appended) or, without
//! one, to the log stream (tracing target `audit`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

/// One audited change.
#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    pub time: chrono::DateTime<chrono::Utc>,
    /// The key id (`-` without keys).
    pub key: &'a str,
    pub tenant: &'a str,
    /// `kb.put`, `kb.delete`, `kb.reload`, `handoff.created`, `handoff.accepted`,
    /// `handoff.resolved`.
    pub action: &'a str,
    /// The entry or handoff id (empty for a reload).
    pub target: &'a str,
    /// What changed.
    pub detail: Value,
}

pub struct AuditLog {
    file: Option<(PathBuf, Mutex<std::fs::File>)>,
}

impl AuditLog {
    /// Appends to `path` (created if missing); `None`: the log stream.
    pub fn open(path: Option<&Path>) -> std::io::Result<Self> {
        let file = match path {
            Some(p) => Some((
                p.to_path_buf(),
                Mutex::new(
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(p)?,
                ),
            )),
            None => None,
        };
        Ok(Self { file })
    }

    pub fn to_log() -> Self {
        Self { file: None }
    }

    pub fn record(&self, r: &Record<'_>) {
        let line = match serde_json::to_string(r) {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = %e, "audit record not serialisable");
                return;
            }
        };
        match &self.file {
            Some((path, f)) => {
                // One write of the whole line on an O_APPEND file: lines never interleave.
                let mut f = f.lock().unwrap_or_else(|p| p.into_inner());
                if let Err(e) = f.write_all(format!("{line}\n").as_bytes()) {
                    tracing::error!(file = %path.display(), error = %e, audit = %line, "audit log write failed");
                }
            }
            None => tracing::info!(target: "audit", audit = %line, "audit"),
        }
    }

    /// Records `action` on `target` by `key` of `tenant`, now.
    pub fn log(&self, key: &str, tenant: &str, action: &str, target: &str, detail: Value) {
        self.record(&Record {
            time: chrono::Utc::now(),
            key,
            tenant,
            action,
            target,
            detail,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_appended_as_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open(Some(&path)).unwrap();
        log.log(
            "acme-admin",
            "acme",
            "kb.put",
            "returns",
            serde_json::json!({"created": true}),
        );
        log.log("-", "default", "kb.reload", "", Value::Null);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["key"], "acme-admin");
        assert_eq!(lines[0]["tenant"], "acme");
        assert_eq!(lines[0]["action"], "kb.put");
        assert_eq!(lines[0]["detail"]["created"], true);
        assert!(lines[0]["time"].as_str().unwrap().contains('T'));
        assert_eq!(lines[1]["action"], "kb.reload");
    }
}
