//! Secrets out of what is shown: URLs in `/v1/info`, start-up logs and error messages lose
//! their user-info (`user:password@`) and query string (`?token=…`).

/// `scheme://user:pass@host:port/path?query#frag` → `scheme://host:port/path#frag`. Text that is
/// not a URL comes back unchanged, except that a query string is still dropped.
pub fn url(u: &str) -> String {
    let (scheme, rest) = match u.find("://") {
        Some(i) => (&u[..i + 3], &u[i + 3..]),
        None => ("", u),
    };
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(auth_end);
    let host = if scheme.is_empty() {
        authority
    } else {
        authority.rsplit_once('@').map_or(authority, |(_, h)| h)
    };
    let tail = match tail.find('?') {
        Some(q) => {
            let frag = tail[q..].find('#').map_or("", |f| &tail[q + f..]);
            format!("{}{frag}", &tail[..q])
        }
        None => tail.to_string(),
    };
    format!("{scheme}{host}{tail}")
}

/// For `#[serde(serialize_with = "…")]` on URL fields.
pub fn serialize_url<S: serde::Serializer>(u: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&url(u))
}

#[cfg(test)]
mod tests {
    use super::url;

    #[test]
    fn user_info_and_query_strings_are_removed() {
        let cases = [
            (
                "https://hook:s3cret@desk.example.com/in?token=abc&x=1",
                "https://desk.example.com/in",
            ),
            (
                "redis://:pw@127.0.0.1:6379/0#ns",
                "redis://127.0.0.1:6379/0#ns",
            ),
            ("redis://user:p@ss@host:1/", "redis://host:1/"),
            ("http://host/path?a=1#frag", "http://host/path#frag"),
            ("http://host?token=x", "http://host"),
            ("http://host:8080/ok", "http://host:8080/ok"),
            ("memory", "memory"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(url(raw), want, "{raw}");
        }
        for raw in ["https://a:b@h/?k=v", "redis://:topsecret@h:1"] {
            let shown = url(raw);
            assert!(!shown.contains('@') && !shown.contains("k=v"), "{shown}");
            assert!(!shown.contains("topsecret"), "{shown}");
        }
    }
}
