//! The heads after the forward on the shipped default model, one message at a time (what a
//! chat request pays): the out-of-scope kNN bank scan, exhaustive and int8-screened, and all
//! heads together (intent, sentiment, out-of-scope, neighbour vote), and the sentiment n-gram
//! model alone (the work it adds to each message: hashing, vocabulary lookups, a 3-column
//! sparse product), and the small-talk opener cut (lexicon lookups at each separator).
//!
//!   cargo bench --bench heads
//!
//! Skipped with a note when `models/default` is missing.

use std::hint::black_box;
use std::path::Path;

use candle_core::{Device, Tensor};
use criterion::{criterion_group, Criterion};
use triage::model::Model;

const MESSAGES: [&str; 8] = [
    "我的快递三天了还没到，能帮我查一下吗？",
    "Where is my order? It was supposed to arrive yesterday.",
    "我要退货，这件衣服尺码太小了。",
    "I want to cancel my order and get a refund.",
    "Can I speak to a real person instead of the bot?",
    "发票怎么开？需要写公司抬头和税号。",
    "What's the weather like in Paris tomorrow?",
    "I forgot my password and can't log into my account.",
];

fn heads(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default");
    if !dir.join("manifest.json").exists() {
        eprintln!("note: {} missing, heads benchmarks skipped", dir.display());
        return;
    }
    let model = Model::load(&dir, &Device::Cpu).expect("load models/default");
    let Some(team) = model.bundle.encoder.shared_team() else {
        eprintln!("note: no fast encoder on this CPU, heads benchmarks skipped");
        return;
    };
    let texts: Vec<String> = MESSAGES.iter().map(|s| s.to_string()).collect();
    let rows = model.bundle.embed_texts(&texts, 8, false).expect("embed");
    let knn = model
        .fast_heads
        .as_ref()
        .and_then(|f| f.knn.as_ref())
        .expect("default model has a kNN bank");
    let mut g = c.benchmark_group("heads");
    let mut i = 0;
    let mut next = || {
        i = (i + 1) % rows.len();
        std::slice::from_ref(&rows[i])
    };
    g.bench_function("knn/exhaustive/b1", |b| {
        b.iter(|| black_box(knn.exhaustive(team, next())))
    });
    g.bench_function("knn/screened/b1", |b| {
        b.iter(|| black_box(knn.neighbours(team, next())))
    });
    let texts: Vec<&str> = MESSAGES.to_vec();
    g.bench_function("all/b1", |b| {
        let mut j = 0;
        b.iter(|| {
            j = (j + 1) % rows.len();
            let emb = Tensor::from_slice(&rows[j], (1, rows[j].len()), &Device::Cpu).unwrap();
            black_box(
                model
                    .analyze_embeddings(&emb, Some(&texts[j..j + 1]))
                    .unwrap(),
            )
        })
    });
    // The small-talk opener cut every message goes through before tokenising, on messages
    // with and without an opener (the longest of them: a cut tried at every separator).
    let openers = [
        "lol ok. any good crypto to buy rn?",
        "你好，我的快递三天了还没到，能帮我查一下吗？",
        "hello there!! Where is my order? It was supposed to arrive yesterday.",
        "好的 谢谢。另外发票怎么开？需要写公司抬头和税号。",
    ];
    g.bench_function("smalltalk_opener/b1", |b| {
        let mut j = 0;
        let all: Vec<&str> = openers.iter().chain(MESSAGES.iter()).copied().collect();
        b.iter(|| {
            j = (j + 1) % all.len();
            black_box(triage::smalltalk::after_opener(all[j]))
        })
    });
    // Whether a message read as no / bye / ok says more than that: run only when the head reads
    // one of those acts, so here on messages of both kinds.
    let read_as_acts = [
        ("东西到了是坏的", "goodbye"),
        ("不用了 我自己弄好了", "deny"),
        ("nope still not here", "deny"),
        ("ok it came thru now, cheers", "goodbye"),
        ("好的，找到了", "affirm"),
        ("doesnt turn on", "deny"),
    ];
    g.bench_function("smalltalk_says_more/b1", |b| {
        let mut j = 0;
        b.iter(|| {
            j = (j + 1) % read_as_acts.len();
            let (text, act) = read_as_acts[j];
            black_box(triage::smalltalk::says_more(text, act))
        })
    });
    if let Some(ng) = &model.sentiment_ngram {
        g.bench_function("sentiment_ngram/b1", |b| {
            let mut j = 0;
            b.iter(|| {
                j = (j + 1) % texts.len();
                black_box(ng.logits(texts[j]))
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = heads
}

fn main() {
    triage::model::tune_cpu_threads();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
