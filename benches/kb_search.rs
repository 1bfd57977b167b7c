//! Exact FAQ search: one matrix–vector product over every indexed question, then the best row
//! per entry. Random unit 384-d vectors (the default encoder's size), one question per entry.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::{Rng, SeedableRng};
use triage::kb::{Entry, KbIndex};

const DIM: usize = 384;

fn unit(rng: &mut impl Rng) -> Vec<f32> {
    let v: Vec<f32> = (0..DIM).map(|_| rng.random::<f32>() - 0.5).collect();
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.into_iter().map(|x| x / n).collect()
}

fn index(n: usize) -> KbIndex {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let entries = (0..n)
        .map(|i| Entry {
            id: format!("e{i}"),
            questions: vec![format!("q{i}")],
            answer: BTreeMap::from([("en".to_string(), "a".to_string())]),
            intent: (i % 10 == 0).then(|| "track_order".to_string()),
            tags: vec![],
        })
        .collect();
    let emb = (0..n).map(|_| unit(&mut rng)).collect();
    KbIndex::build(entries, emb, DIM).expect("index")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("kb_search");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
    let q = unit(&mut rng);
    for n in [1_000, 10_000, 100_000] {
        let idx = index(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &idx, |b, idx| {
            b.iter(|| idx.search_boosted(&q, 3, Some("track_order"), 0.05).len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
