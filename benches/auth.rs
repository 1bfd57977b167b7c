//! The cost of checking a key per request, as the access middleware does it: read the bearer
//! token, take the current key set, hash the token once, look the digest up and confirm it in
//! constant time, check the route's roles and the key's rate. Target: ≤ 50 µs per request.
//!
//! `cargo bench --bench auth`

use std::hint::black_box;

use axum::http::{header, HeaderMap, HeaderValue};
use criterion::{criterion_group, criterion_main, Criterion};
use triage::auth::hosts::AllowedHosts;
use triage::auth::keys::{digest, new_token, KeyRing};
use triage::auth::roles;
use triage::server::auth::{authorize, bearer};

fn keys_file(n: usize, token: &str) -> String {
    let mut text = String::new();
    for i in 0..n {
        let t = if i == n / 2 {
            token.to_string()
        } else {
            format!("token-{i}")
        };
        text.push_str(&format!(
            "[[key]]\nid = \"key-{i}\"\ntenant = \"tenant-{}\"\nroles = [\"client\", \"agent\"]\nsha256 = \"{}\"\nrate_per_sec = 1000000000000\n",
            i % 50,
            hex::encode(digest(&t))
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let token = new_token().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("auth");
    for n in [10, 10_000] {
        let path = dir.path().join(format!("keys-{n}.toml"));
        std::fs::write(&path, keys_file(n, &token)).unwrap();
        let ring = KeyRing::load(&path, 64).unwrap();
        let access = roles::access("/v1/classify");
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        group.bench_function(format!("check_key/{n}_keys"), |b| {
            b.iter(|| {
                let keys = ring.current();
                let caller = authorize(&keys, access, bearer(black_box(&headers))).unwrap();
                caller.key().unwrap().limiter.check_rate().unwrap();
                black_box(caller)
            })
        });
        let mut wrong = HeaderMap::new();
        wrong.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static(
                "Bearer trg_0000000000000000000000000000000000000000000000000000000000000000",
            ),
        );
        group.bench_function(format!("unknown_key/{n}_keys"), |b| {
            b.iter(|| {
                let keys = ring.current();
                black_box(authorize(&keys, access, bearer(black_box(&wrong))).is_err())
            })
        });
    }
    let hosts = AllowedHosts::for_bound("127.0.0.1:8080".parse().unwrap());
    group.bench_function("host_check", |b| {
        b.iter(|| black_box(hosts.allows(black_box("localhost:8080"))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
