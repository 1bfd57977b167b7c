//! The `Host` check: a browser tricked by DNS rebinding sends the attacker's host name, so only
//! the names the server is known by are served (`--allowed-hosts`; default: the bound address
//! and localhost / 127.0.0.1 / [::1] with its port).

use std::net::SocketAddr;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// `*`: every host.
    Any,
    /// A name or address with any port (or none).
    Host(String),
    /// A name or address with this port.
    HostPort(String, u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    rules: Vec<Rule>,
}

/// Splits `host[:port]` (IPv6 in brackets), lower-cased; `None` when malformed.
fn split(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim().to_ascii_lowercase();
    if a.is_empty() {
        return None;
    }
    if let Some(rest) = a.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let host = format!("[{host}]");
        return match after {
            "" => Some((host, None)),
            p => Some((host, Some(p.strip_prefix(':')?.parse().ok()?))),
        };
    }
    match a.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => Some((h.to_string(), Some(p.parse().ok()?))),
        Some(_) => None,
        None => Some((a, None)),
    }
}

impl AllowedHosts {
    /// From `--allowed-hosts` entries (`*`, `name`, `name:port`, `[v6]:port`).
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let mut rules = Vec::new();
        for e in entries {
            let e = e.trim();
            if e == "*" {
                rules.push(Rule::Any);
                continue;
            }
            match split(e) {
                Some((h, Some(p))) => rules.push(Rule::HostPort(h, p)),
                Some((h, None)) => rules.push(Rule::Host(h)),
                None => return Err(format!("allowed host {e:?} is not host[:port]")),
            }
        }
        if rules.is_empty() {
            return Err("allowed hosts: give at least one (or \"*\" for any)".into());
        }
        Ok(Self { rules })
    }

    /// The default for a server bound to `addr`: that address and the loopback names, each with
    /// the bound port.
    pub fn for_bound(addr: SocketAddr) -> Self {
        let port = addr.port();
        let bound = match addr {
            SocketAddr::V4(a) => a.ip().to_string(),
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
        };
        let mut rules: Vec<Rule> = Vec::new();
        for h in [bound.as_str(), "localhost", "127.0.0.1", "[::1]"] {
            let r = Rule::HostPort(h.to_string(), port);
            if !rules.contains(&r) {
                rules.push(r);
            }
        }
        Self { rules }
    }

    pub fn allows(&self, host: &str) -> bool {
        let Some((h, p)) = split(host) else {
            return false;
        };
        self.rules.iter().any(|r| match r {
            Rule::Any => true,
            Rule::Host(rh) => *rh == h,
            Rule::HostPort(rh, rp) => *rh == h && p == Some(*rp),
        })
    }

    pub fn describe(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|r| match r {
                Rule::Any => "*".to_string(),
                Rule::Host(h) => h.clone(),
                Rule::HostPort(h, p) => format!("{h}:{p}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_allows_the_bound_address_and_loopback_names_with_the_port() {
        let a = AllowedHosts::for_bound("127.0.0.1:8080".parse().unwrap());
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(a.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "localhost:8081",
            "localhost",
            "127.0.0.1",
            "",
            "127.0.0.1:8080:1",
            "[::1",
            "localhost.evil.example:8080",
        ] {
            assert!(!a.allows(bad), "{bad}");
        }
        let v6 = AllowedHosts::for_bound("[::1]:9000".parse().unwrap());
        assert!(v6.allows("[::1]:9000") && !v6.allows("[::2]:9000"));
        assert_eq!(
            a.describe(),
            vec!["127.0.0.1:8080", "localhost:8080", "[::1]:8080"],
            "each once"
        );
        let any_addr = AllowedHosts::for_bound("0.0.0.0:80".parse().unwrap());
        assert!(any_addr.allows("localhost:80") && !any_addr.allows("triage.internal:80"));
    }

    #[test]
    fn configured_hosts() {
        let a = AllowedHosts::parse(&["triage.internal".into(), "10.0.0.5:8080".into()]).unwrap();
        assert!(a.allows("triage.internal"));
        assert!(a.allows("Triage.Internal:443"));
        assert!(a.allows("10.0.0.5:8080"));
        assert!(!a.allows("10.0.0.5:8081"));
        assert!(!a.allows("localhost:8080"));
        let any = AllowedHosts::parse(&["*".into()]).unwrap();
        assert!(any.allows("anything:1"));
        assert!(AllowedHosts::parse(&[]).is_err());
        assert!(AllowedHosts::parse(&["a:b".into()]).is_err());
        assert_eq!(a.describe(), vec!["triage.internal", "10.0.0.5:8080"]);
    }
}
