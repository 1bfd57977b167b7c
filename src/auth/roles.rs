//! Roles and the route table: which roles may call which route. One table, so a new route
//! without an entry is closed to every key (it falls to `Access::Authenticated`, and no role
//! grants it) rather than silently open.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sends customer messages: `POST /v1/classify`, `/v1/classify/batch`.
    Client,
    /// Works handoffs of its tenant (of its queues, when the key names some).
    Agent,
    /// Everything of its tenant: classify, handoffs, the knowledge base, models, info.
    Admin,
    /// Scrapes `/metrics`.
    Metrics,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Client, Role::Agent, Role::Admin, Role::Metrics];

    fn bit(self) -> u8 {
        match self {
            Self::Client => 1,
            Self::Agent => 2,
            Self::Admin => 4,
            Self::Metrics => 8,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Agent => "agent",
            Self::Admin => "admin",
            Self::Metrics => "metrics",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of roles (a bit set: checking a request is one AND).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoleSet(u8);

impl RoleSet {
    pub const EMPTY: RoleSet = RoleSet(0);

    pub fn of(roles: &[Role]) -> Self {
        Self(roles.iter().fold(0, |acc, r| acc | r.bit()))
    }

    pub fn contains(self, r: Role) -> bool {
        self.0 & r.bit() != 0
    }

    pub fn intersects(self, other: RoleSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn roles(self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| self.contains(*r))
            .collect()
    }
}

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Probes: no key needed, whatever the `Host`.
    Open,
    /// No key needed, but only under a served `Host`: the agent pages (which hold no data and
    /// ask for a key themselves) and the Chatwoot hook (which checks its own secret).
    Public,
    /// A key holding any of these roles.
    Roles(RoleSet),
    /// Routes not in the table (unknown paths): any valid key, so an unauthenticated caller
    /// learns nothing about them.
    Authenticated,
}

const CLIENT: RoleSet = RoleSet(1 | 4);
const AGENT: RoleSet = RoleSet(2 | 4);
const ADMIN: RoleSet = RoleSet(4);
const METRICS: RoleSet = RoleSet(8);

/// The access rule of a matched route pattern (axum's `MatchedPath`, e.g. `/v1/kb/{id}`).
/// Every method of a path shares its rule.
pub fn access(route: &str) -> Access {
    match route {
        "/healthz" | "/readyz" | "/openapi.json" => Access::Open,
        "/ui" | "/ui/" | "/ui/chat" | "/ui/{asset}" | "/v1/integrations/chatwoot" => Access::Public,
        "/v1/classify" | "/v1/classify/batch" => Access::Roles(CLIENT),
        "/v1/handoffs"
        | "/v1/handoffs/stream"
        | "/v1/handoffs/{id}"
        | "/v1/handoffs/{id}/accept"
        | "/v1/handoffs/{id}/resolve"
        | "/v1/conversations/{id}" => Access::Roles(AGENT),
        "/v1/kb" | "/v1/kb:reload" | "/v1/kb/{id}" | "/v1/models" | "/v1/info" => {
            Access::Roles(ADMIN)
        }
        "/metrics" => Access::Roles(METRICS),
        _ => Access::Authenticated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may(roles: &[Role], route: &str) -> bool {
        match access(route) {
            Access::Open | Access::Public | Access::Authenticated => true,
            Access::Roles(need) => RoleSet::of(roles).intersects(need),
        }
    }

    #[test]
    fn the_role_table() {
        use Role::*;
        let routes = [
            "/v1/classify",
            "/v1/classify/batch",
            "/v1/handoffs",
            "/v1/handoffs/stream",
            "/v1/handoffs/{id}",
            "/v1/handoffs/{id}/accept",
            "/v1/handoffs/{id}/resolve",
            "/v1/kb",
            "/v1/kb:reload",
            "/v1/kb/{id}",
            "/v1/models",
            "/v1/info",
            "/metrics",
        ];
        let expect = |role: Role, route: &str| -> bool {
            match role {
                Client => route.starts_with("/v1/classify"),
                Agent => route.starts_with("/v1/handoffs"),
                Admin => route != "/metrics",
                Metrics => route == "/metrics",
            }
        };
        for role in Role::ALL {
            for route in routes {
                assert_eq!(may(&[role], route), expect(role, route), "{role} {route}");
            }
        }
        assert!(may(&[Client, Agent], "/v1/handoffs/{id}/accept"));
        assert!(!may(&[Client, Agent], "/v1/kb"));
        assert_eq!(access("/healthz"), Access::Open);
        assert_eq!(access("/readyz"), Access::Open);
        assert_eq!(access("unmatched"), Access::Authenticated);
        assert_eq!(access("/ui/{asset}"), Access::Public);
        assert_eq!(access("/v1/integrations/chatwoot"), Access::Public);
    }

    #[test]
    fn roles_parse_and_print() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        let s = RoleSet::of(&[Role::Agent, Role::Metrics]);
        assert_eq!(s.roles(), vec![Role::Agent, Role::Metrics]);
        assert!(!RoleSet::EMPTY.intersects(s));
    }
}
