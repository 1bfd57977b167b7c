//! The agent inbox (`/ui/`) and the try-it chat (`/ui/chat`): static HTML, CSS and JavaScript
//! compiled into the binary, so nothing is fetched at run time and the pages match the server
//! they come from. The pages themselves need no key (they hold no data); they ask for one and
//! send it with every API call.

use std::sync::{Arc, LazyLock};

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::extract::ApiPath;
use super::AppState;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

/// Every file the pages load: one request each, no other origin.
const ASSETS: &[Asset] = &[
    Asset {
        name: "inbox.html",
        content_type: "text/html; charset=utf-8",
        body: include_str!("ui/inbox.html"),
    },
    Asset {
        name: "chat.html",
        content_type: "text/html; charset=utf-8",
        body: include_str!("ui/chat.html"),
    },
    Asset {
        name: "ui.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("ui/ui.css"),
    },
    Asset {
        name: "common.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("ui/common.js"),
    },
    Asset {
        name: "inbox.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("ui/inbox.js"),
    },
    Asset {
        name: "chat.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("ui/chat.js"),
    },
];

/// Only this server's own files and API: a script injected through some future bug could not
/// load code or send data elsewhere, and no other site may frame the inbox.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The pages say whether to ask for a key; the placeholder is filled per process.
const KEYS_PLACEHOLDER: &str = "{{KEYS_REQUIRED}}";

/// Strong validators, computed once: a reload costs a 304.
static ETAGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| format!("\"{}\"", &hex::encode(Sha256::digest(a.body))[..16]))
        .collect()
});

/// Total bytes of the assets one page loads.
#[cfg(test)]
fn page_weight(page: &str) -> usize {
    let script = format!("{}.js", page.trim_end_matches(".html"));
    ASSETS
        .iter()
        .filter(|a| [page, "ui.css", "common.js", script.as_str()].contains(&a.name))
        .map(|a| a.body.len())
        .sum()
}

fn serve(state: &AppState, name: &str, headers: &HeaderMap) -> Result<Response, ApiError> {
    let i = ASSETS
        .iter()
        .position(|a| a.name == name)
        .ok_or_else(|| ApiError::NotFound(format!("/ui/{name}")))?;
    let asset = &ASSETS[i];
    let keys = if state.keys.is_some() {
        "true"
    } else {
        "false"
    };
    // The ETag must change with what the body says about keys.
    let etag = format!("{}-{keys}\"", ETAGS[i].trim_end_matches('"'));
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, h).into_response());
    }
    let body = if asset.name.ends_with(".html") {
        asset.body.replace(KEYS_PLACEHOLDER, keys)
    } else {
        asset.body.to_string()
    };
    Ok((h, body).into_response())
}

pub async fn root() -> Redirect {
    Redirect::permanent("/ui/")
}

pub async fn inbox(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    serve(&state, "inbox.html", &headers)
}

pub async fn chat(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    serve(&state, "chat.html", &headers)
}

pub async fn asset(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ApiPath(name): ApiPath<String>,
) -> Result<Response, ApiError> {
    // The HTML pages have their own paths.
    if name.ends_with(".html") {
        return Err(ApiError::NotFound(format!("/ui/{name}")));
    }
    serve(&state, &name, &headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_stay_small_and_self_contained() {
        for page in ["inbox.html", "chat.html"] {
            let w = page_weight(page);
            assert!(w <= 200 * 1024, "{page}: {w} bytes");
        }
        for a in ASSETS {
            // Nothing from another origin, and no inline script the CSP would block.
            assert!(
                !a.body.contains("http://") || a.body.contains("http://www.w3.org/2000/svg"),
                "{}",
                a.name
            );
            assert!(!a.body.contains("https://"), "{}", a.name);
            if a.name.ends_with(".html") {
                assert!(a.body.contains(KEYS_PLACEHOLDER), "{}", a.name);
                assert!(!a.body.contains("<script>"), "{}: inline script", a.name);
                assert!(!a.body.contains("style=\""), "{}: inline style", a.name);
                for src in a
                    .body
                    .split("src=\"/ui/")
                    .skip(1)
                    .chain(a.body.split("href=\"/ui/").skip(1))
                {
                    let file = src.split('"').next().unwrap();
                    assert!(
                        file.is_empty() || file == "chat" || ASSETS.iter().any(|x| x.name == file),
                        "{} refers to missing {file}",
                        a.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_text_key_exists_in_both_languages() {
        let common = ASSETS.iter().find(|a| a.name == "common.js").unwrap().body;
        let (en, zh) = common
            .split_once("  zh: {")
            .expect("the zh dictionary follows the en one");
        for a in ASSETS {
            for key in a
                .body
                .split("data-t=\"")
                .skip(1)
                .chain(a.body.split("data-tp=\"").skip(1))
            {
                let key = key.split('"').next().unwrap();
                let k = format!(" {key}: ");
                assert!(
                    en.contains(&k) && zh.contains(&k),
                    "{}: text {key:?}",
                    a.name
                );
            }
        }
    }
}
