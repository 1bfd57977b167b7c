//! `openapi.json` stays true: every route the router serves (read from `src/server/mod.rs`) is
//! documented with each of its methods and nothing else is; every documented error example is
//! the `{"error": {"code", "message"}}` JSON with a code the server uses; the server serves the
//! committed file at `GET /openapi.json` without a key.

mod common;

use std::collections::BTreeSet;

use serde_json::Value;

fn doc() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(common::repo_root().join("openapi.json")).unwrap(),
    )
    .expect("openapi.json is JSON")
}

/// (path, method) of every `.route(...)` in the router.
fn routed() -> BTreeSet<(String, String)> {
    let src = std::fs::read_to_string(common::repo_root().join("src/server/mod.rs")).unwrap();
    let router = &src[src.find("pub fn router(").unwrap()..];
    let router = &router[..router.find(".fallback(").unwrap()];
    let mut out = BTreeSet::new();
    for part in router.split(".route(").skip(1) {
        let path = part.split('"').nth(1).unwrap().to_string();
        for m in ["get", "post", "put", "delete", "patch"] {
            if part.contains(&format!("{m}(")) {
                out.insert((path.clone(), m.to_string()));
            }
        }
    }
    assert!(out.len() > 15, "router parsed: {out:?}");
    out
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let d = doc();
    assert_eq!(d["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    for (path, ops) in d["paths"].as_object().unwrap() {
        for m in ops.as_object().unwrap().keys() {
            documented.insert((path.clone(), m.clone()));
        }
    }
    assert_eq!(documented, routed());
}

#[test]
fn every_error_example_is_the_documented_json() {
    let d = doc();
    let codes = [
        "invalid_json",
        "unsupported_media_type",
        "invalid_request",
        "payload_too_large",
        "not_found",
        "method_not_allowed",
        "overloaded",
        "not_ready",
        "timeout",
        "conflict",
        "store_unavailable",
        "conversation_busy",
        "internal",
        "unauthorized",
        "forbidden",
        "misdirected_request",
        "rate_limited",
        "too_many_connections",
        "uri_too_long",
        "headers_too_large",
    ];
    let mut checked = 0;
    for (path, ops) in d["paths"].as_object().unwrap() {
        for (m, op) in ops.as_object().unwrap() {
            for (status, resp) in op["responses"].as_object().unwrap() {
                let s: u16 = status.parse().unwrap();
                let example = &resp["content"]["application/json"]["example"];
                if s < 400 {
                    continue;
                }
                let what = format!("{m} {path} {status}");
                if path == "/readyz" && s == 503 {
                    // A readiness report for load balancers (what the handler sends), not an
                    // error: {"status", "store"?, "error"?}.
                    let schema = &resp["content"]["application/json"]["schema"];
                    assert_eq!(schema["required"], serde_json::json!(["status"]), "{what}");
                    assert!(example["status"].is_string(), "{what}");
                    continue;
                }
                let e = example["error"].as_object().expect(&what);
                assert!(e
                    .keys()
                    .all(|k| ["code", "message", "field"].contains(&k.as_str())));
                let code = e["code"].as_str().expect(&what);
                assert!(codes.contains(&code), "{what}: unknown code {code}");
                assert!(e["message"].is_string(), "{what}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

/// Every link (what the fuzzer's stateful phase follows, e.g. classify → accept the handoff it
/// made) names an operation that exists and fills exactly its path parameters, and the handoff
/// operations are reachable by links.
#[test]
fn links_name_real_operations_and_their_path_parameters() {
    let d = doc();
    let mut ops = std::collections::BTreeMap::new();
    for (path, methods) in d["paths"].as_object().unwrap() {
        for op in methods.as_object().unwrap().values() {
            if let Some(id) = op["operationId"].as_str() {
                assert!(
                    ops.insert(id.to_string(), path.clone()).is_none(),
                    "{id} twice"
                );
            }
        }
    }
    let mut targets = BTreeSet::new();
    for (path, methods) in d["paths"].as_object().unwrap() {
        for (m, op) in methods.as_object().unwrap() {
            for (status, resp) in op["responses"].as_object().unwrap() {
                let Some(links) = resp["links"].as_object() else {
                    continue;
                };
                for (name, link) in links {
                    let what = format!("{m} {path} {status} {name}");
                    let target = link["operationId"].as_str().expect(&what);
                    let target_path = ops
                        .get(target)
                        .unwrap_or_else(|| panic!("{what}: no {target}"));
                    let wanted: BTreeSet<String> = target_path
                        .split('{')
                        .skip(1)
                        .map(|p| p.split('}').next().unwrap().to_string())
                        .collect();
                    let given: BTreeSet<String> = link["parameters"]
                        .as_object()
                        .expect(&what)
                        .keys()
                        .cloned()
                        .collect();
                    assert_eq!(given, wanted, "{what}");
                    for expr in link["parameters"].as_object().unwrap().values() {
                        let expr = expr.as_str().expect(&what);
                        assert!(
                            expr.starts_with("$response.body#/")
                                || expr.starts_with("$request.body#/"),
                            "{what}: {expr}"
                        );
                    }
                    targets.insert(target.to_string());
                }
            }
        }
    }
    for t in [
        "getHandoff",
        "acceptHandoff",
        "resolveHandoff",
        "getConversation",
    ] {
        assert!(targets.contains(t), "no link leads to {t}");
    }
}

#[tokio::test]
async fn the_document_is_served() {
    let s = common::start_tiny(|_| {}).await;
    let served = s.get_json("/openapi.json").await;
    assert_eq!(served, doc());
    s.stop().await;
}
