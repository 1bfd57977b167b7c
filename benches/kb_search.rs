//! Exact FAQ search: one matrix–vector product over every indexed question, then the best row
//! per entry. Random unit 384-d vectors (the default encoder's size), one question per entry.
//! `kb_per_message` is the extra work a message costs since small talk and answer-aware
//! matching: the default knowledge base's shape (51 entries × 5 questions, answers in zh + en,
//! language direction projected out) searched the old way (questions only) and the new way,
//! plus the small-talk lexicon and the policy's rules (`policy_decide_4_messages`).

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::{Rng, SeedableRng};
use triage::kb::index::AnswerEmbedding;
use triage::kb::{Entry, KbIndex, Query};

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
            handoff: None,
        })
        .collect();
    let emb = (0..n).map(|_| unit(&mut rng)).collect();
    KbIndex::build(entries, emb, DIM).expect("index")
}

/// The default knowledge base's shape: 51 entries, 5 questions each, answers in zh and en.
fn default_shaped(answers: bool) -> KbIndex {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let n = 51;
    let entries: Vec<Entry> = (0..n)
        .map(|i| Entry {
            id: format!("e{i}"),
            questions: (0..5).map(|j| format!("q{i}-{j}")).collect(),
            answer: BTreeMap::from([
                ("en".to_string(), format!("a{i}")),
                ("zh".to_string(), format!("答{i}")),
            ]),
            intent: Some("track_order".to_string()),
            tags: vec![],
            handoff: None,
        })
        .collect();
    let emb = (0..n * 5).map(|_| unit(&mut rng)).collect();
    let ans = if answers {
        (0..n)
            .flat_map(|i| ["en", "zh"].map(|l| (i, l)))
            .map(|(entry, l)| AnswerEmbedding {
                entry,
                language: l.to_string(),
                embedding: unit(&mut rng),
            })
            .collect()
    } else {
        Vec::new()
    };
    KbIndex::build_with_answers(entries, emb, ans, DIM).expect("index")
}

fn per_message(c: &mut Criterion) {
    let mut g = c.benchmark_group("kb_per_message");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(10);
    let q = unit(&mut rng);
    let old = default_shaped(false);
    let new = default_shaped(true);
    g.bench_function("questions_only", |b| {
        b.iter(|| old.search_boosted(&q, 3, Some("track_order"), 0.05).len())
    });
    g.bench_function("questions_and_answers", |b| {
        b.iter(|| {
            let query = Query {
                language: Some("zh"),
                intent: Some("track_order"),
                bonus: 0.08,
                ..Query::embedding(&q)
            };
            new.search_in(&query, 3).len()
        })
    });
    let texts = [
        "你好，我的快递到哪了",
        "ok thx",
        "Where is my order?",
        "在吗在吗",
    ];
    // The lexical half of the hybrid score (`[kb] lexical_weight`): the word overlap of a
    // message with every entry of the shipped knowledge base.
    let kb_questions: Vec<Vec<String>> =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kb/default.jsonl"))
            .expect("kb/default.jsonl")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("kb row");
                v["questions"]
                    .as_array()
                    .expect("questions")
                    .iter()
                    .map(|q| q.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect();
    let lexical = triage::kb::lexical::LexicalIndex::build(kb_questions.iter().map(Vec::as_slice));
    g.bench_function("lexical_coverage_default_kb_4_messages", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| lexical.coverage(t).len())
                .sum::<usize>()
        })
    });
    g.bench_function("smalltalk_lexicon_4_messages", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|t| triage::smalltalk::lexical(t).is_some())
                .count()
        })
    });
    // The policy's rules per message, phrase lists and the vague-request scan included (the
    // reply-failed and vague rules of 2026-12-06 run on every message that is not small talk).
    let cfg = triage::policy::PolicyConfig::default();
    let thresholds = triage::model::manifest::Thresholds::default();
    let history = triage::policy::History {
        previous_action: Some(triage::policy::Action::Answer),
        previous_intent: Some("track_order".into()),
        ..Default::default()
    };
    let needs = [
        "帮我改下",
        "答非所问 我是问我领的那张券为啥不见了",
        "I want to change the shipping address on my latest order please",
        "退款打到我的卡上了吗 已经等了一个星期了 还没收到",
    ];
    // Found once per message by the classifier, before the policy runs.
    let found: Vec<_> = needs.iter().map(|t| triage::text::extract(t)).collect();
    g.bench_function("policy_decide_4_messages", |b| {
        b.iter(|| {
            needs
                .iter()
                .zip(&found)
                .map(|(t, entities)| {
                    let s = triage::policy::Signals {
                        intent: "track_order",
                        confidence: 0.7,
                        margin: 0.5,
                        oos_flag: false,
                        oos_score: Some(1.0),
                        sentiment_score: Some(-0.3),
                        vip: false,
                        text: t,
                        entities,
                        faq: None,
                        faq_ranking: &[],
                        handoff_entry: None,
                        smalltalk: None,
                        unsure_reading: None,
                    };
                    triage::policy::decide(&s, &history, &thresholds, &cfg)
                        .reasons
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
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

criterion_group!(benches, bench, per_message);
criterion_main!(benches);
