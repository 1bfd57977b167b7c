//! The access middleware: `Host` check, then (with a keys file) the bearer token, the route's
//! roles and the key's request rate, before any handler runs. Handlers receive the [`Caller`]
//! (tenant, key) as an extractor; without a keys file it is the anonymous caller of tenant
//! `default`.

use std::sync::Arc;

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::AppState;
use crate::auth::roles::{self, Access};
use crate::auth::{Caller, KeySet};

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn host_of(req: &Request) -> String {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()))
        .unwrap_or_default()
}

/// Who may pass, given the route's rule and the request's token; the one decision both the
/// middleware and the bench run.
pub fn authorize(keys: &KeySet, access: Access, token: Option<&str>) -> Result<Caller, ApiError> {
    if matches!(access, Access::Open | Access::Public) {
        return Ok(Caller::anonymous());
    }
    let key = token
        .and_then(|t| keys.authenticate(t))
        .ok_or(ApiError::Unauthorized)?;
    if let Access::Roles(need) = access {
        if !key.roles.intersects(need) {
            let have: Vec<&str> = key.roles.roles().iter().map(|r| r.as_str()).collect();
            let want: Vec<&str> = need.roles().iter().map(|r| r.as_str()).collect();
            return Err(ApiError::Forbidden(format!(
                "key {} has role {}; this route needs {}",
                key.id,
                have.join(", "),
                want.join(" or ")
            )));
        }
    }
    Ok(Caller::with_key(key))
}

pub async fn guard(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let access = roles::access(
        req.extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", |p| p.as_str()),
    );
    let m = &state.metrics;
    if access != Access::Open {
        let host = host_of(&req);
        if !state.hosts.allows(&host) {
            m.auth_failures.with_label_values(&["host"]).inc();
            return ApiError::MisdirectedHost(host).into_response();
        }
    }
    let caller = match &state.keys {
        None => Caller::anonymous(),
        Some(ring) => {
            let keys = ring.current();
            let checked =
                authorize(&keys, access, bearer(req.headers())).and_then(|c| match c.key() {
                    Some(k) => k.limiter.check_rate().map(|_| c).map_err(ApiError::from),
                    None => Ok(c),
                });
            match checked {
                Ok(c) => c,
                Err(e) => {
                    m.auth_failures.with_label_values(&[e.code()]).inc();
                    return e.into_response();
                }
            }
        }
    };
    let key = caller.key().cloned();
    req.extensions_mut().insert(caller);
    let resp = next.run(req).await;
    if let Some(k) = key {
        m.key_requests
            .with_label_values(&[k.id.as_str(), k.tenant.as_str(), resp.status().as_str()])
            .inc();
    }
    resp
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::Internal("the access middleware did not run".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn bearer_tokens_are_read_from_the_authorization_header() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  abc "),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer(&h), None);
    }

    #[test]
    fn authorize_checks_the_key_then_the_role() {
        use crate::auth::keys::{digest, KeySet};
        let text = format!(
            "[[key]]\nid = \"w\"\ntenant = \"acme\"\nroles = [\"client\"]\nsha256 = \"{}\"\n",
            hex::encode(digest("tok"))
        );
        let keys = KeySet::parse(&text, std::path::Path::new("k"), 8, None).unwrap();
        let classify = roles::access("/v1/classify");
        let kb = roles::access("/v1/kb");
        assert!(matches!(
            authorize(&keys, classify, None),
            Err(ApiError::Unauthorized)
        ));
        assert!(matches!(
            authorize(&keys, classify, Some("nope")),
            Err(ApiError::Unauthorized)
        ));
        assert!(matches!(
            authorize(&keys, kb, Some("tok")),
            Err(ApiError::Forbidden(_))
        ));
        let c = authorize(&keys, classify, Some("tok")).unwrap();
        assert_eq!((c.tenant(), c.key_id()), ("acme", "w"));
        assert!(authorize(&keys, Access::Open, None).is_ok());
    }
}
