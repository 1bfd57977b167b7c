//! Access control: API keys (stored as SHA-256 digests, reloaded without a restart), the roles
//! they carry and the routes each role may use, per-key cost limits, and the `Host` check.
//! Nothing here knows about HTTP frameworks: `server::auth` applies it to requests.

pub mod hosts;
pub mod keys;
pub mod limits;
pub mod roles;

use std::sync::Arc;

pub use keys::{Key, KeyError, KeyRing, KeySet};
pub use roles::{Access, Role, RoleSet};

/// The tenant of every request when the server runs without a keys file, and the owner of data
/// written before tenants existed.
pub const DEFAULT_TENANT: &str = "default";

/// Tenant names and key ids: 1–64 of `A-Z a-z 0-9 - _ .` (they become store keys, metric labels
/// and log fields, so no separators or spaces).
pub fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Who is calling: a key, or (without a keys file) the anonymous caller of tenant `default`
/// with every role.
#[derive(Debug, Clone)]
pub struct Caller {
    key: Option<Arc<Key>>,
}

impl Caller {
    pub fn anonymous() -> Self {
        Self { key: None }
    }

    pub fn with_key(key: Arc<Key>) -> Self {
        Self { key: Some(key) }
    }

    pub fn key(&self) -> Option<&Arc<Key>> {
        self.key.as_ref()
    }

    /// The key id for logs and the audit log; `-` for the anonymous caller.
    pub fn key_id(&self) -> &str {
        self.key.as_deref().map_or("-", |k| k.id.as_str())
    }

    pub fn tenant(&self) -> &str {
        self.key
            .as_deref()
            .map_or(DEFAULT_TENANT, |k| k.tenant.as_str())
    }

    /// Whether the tenant came from a key (then a request body's `tenant` must agree with it).
    pub fn is_authenticated(&self) -> bool {
        self.key.is_some()
    }

    /// Agent keys limited to some queues see only those.
    pub fn may_see_queue(&self, queue: &str) -> bool {
        match self.key.as_deref().and_then(|k| k.queues.as_ref()) {
            Some(qs) => qs.iter().any(|q| q == queue),
            None => true,
        }
    }

    pub fn queues(&self) -> Option<&[String]> {
        self.key.as_deref().and_then(|k| k.queues.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_identifiers() {
        for ok in ["acme", "acme-web", "a.b_c-1", &"x".repeat(64)] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "a:b", "a b", "ä", "a/b", &"x".repeat(65)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn the_anonymous_caller_is_the_default_tenant_and_sees_every_queue() {
        let c = Caller::anonymous();
        assert_eq!(c.tenant(), DEFAULT_TENANT);
        assert_eq!(c.key_id(), "-");
        assert!(!c.is_authenticated());
        assert!(c.may_see_queue("anything"));
    }
}
