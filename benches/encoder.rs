//! Encoder benchmarks: tokenisation, batched encoder forwards (e5, MiniLM), and one HTTP round
//! trip through the real server.
//!
//!   cargo bench --bench encoder                         # everything (a few minutes on 2 cores)
//!   cargo bench --bench encoder -- tokenize             # filters are regexes on the ids:
//!   cargo bench --bench encoder -- 'e5_forward/fast_f32/b(1|8)$'   # tokenize/e5/{en,zh},
//!   cargo bench --bench encoder -- http      # e5_forward/{fast_f32,fast_int8,candle}/b{1,8,32},
//!                                            # minilm_forward/{…}/b{1,8}, http/classify
//!
//! The instruction set is chosen once per process: `TRIAGE_ISA=avx2 cargo bench --bench encoder`
//! (or `avx512`, `portable`) runs the same ids on another set, and the load note names the one
//! that ran (`fast-f32-avx2-2t`); `benches/peers/compare.sh` puts the sets side by side.
//!
//! Models load lazily, the first time a selected benchmark needs them (a filter that leaves out
//! MiniLM or HTTP never loads those). MiniLM (`scripts/fetch-base-models.sh --only minilm`) and
//! `models/default` are optional: their benchmarks print a note and are skipped when the folder
//! is missing. `TRIAGE_BENCH_MODEL=DIR` points the HTTP benchmark at another model folder.
//!
//! Forward benchmarks measure what one engine step does: tokenize the batch (with the model's
//! query prefix), pad it, run the encoder and pool. e5 gets the mixed zh/en messages; MiniLM, an
//! English-only model, the English half. The HTTP benchmark is one POST /v1/classify over a
//! keep-alive connection to the real server started in-process (engine, policy, JSON included).

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use candle_core::Device;
use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};
use triage::config::{ServeArgs, ServeConfig};
use triage::model::fast::Precision;
use triage::model::{Backend, EncoderBundle, RunOptions};

/// Realistic customer messages, alternating zh / en: 9–16 e5 tokens of text each, 14–20 with the
/// `query: ` prefix and the special tokens (the first load prints the range).
const MESSAGES: [&str; 32] = [
    "我的快递三天了还没到，能帮我查一下吗？",
    "Where is my order? It was supposed to arrive yesterday.",
    "我要退货，这件衣服尺码太小了。",
    "I want to cancel my order and get a refund.",
    "订单已经付款了，但是显示未支付，怎么回事？",
    "The package arrived damaged and the screen is cracked.",
    "收到的手机屏幕有裂痕，我要换一台新的。",
    "How do I change the shipping address on my order?",
    "退款什么时候能到账？已经等了一个星期了。",
    "I was charged twice for the same purchase, please help.",
    "可以帮我把收货地址改到公司吗？",
    "Can I speak to a real person instead of the bot?",
    "我要投诉，客服一直不回复我的消息！",
    "My refund still hasn't shown up after two weeks.",
    "这个优惠券为什么结账的时候用不了？",
    "The discount code SAVE20 is not working at checkout.",
    "请帮我转人工客服，机器人解决不了。",
    "How long does delivery to Shanghai usually take?",
    "这个商品什么时候补货？我想买黑色的。",
    "I forgot my password and can't log into my account.",
    "发票怎么开？需要写公司抬头和税号。",
    "Do you have this jacket in a larger size?",
    "我的账号被锁了，一直登录不了怎么办？",
    "This is the third time I'm asking and nobody answers!",
    "买了两件只收到一件，另一件去哪了？",
    "Can I return shoes that I have already worn once?",
    "外卖送错了，不是我点的菜。",
    "Please send me an invoice for order 48213.",
    "会员积分怎么兑换优惠券？在哪里操作？",
    "The tracking number you gave me doesn't work at all.",
    "快递员态度很差，还把包裹扔在门口。",
    "Is it possible to pay with PayPal or only by card?",
];

const EN_SHORT: &str = "Where is my order? It was supposed to arrive yesterday.";
const ZH_SHORT: &str = "我的快递三天了还没到，能帮我查一下吗？";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The three ways to run an encoder: the fast CPU forward in f32 and int8, and candle.
#[derive(Clone, Copy)]
enum Variant {
    FastF32,
    FastInt8,
    Candle,
}

impl Variant {
    const ALL: [Variant; 3] = [Variant::FastF32, Variant::FastInt8, Variant::Candle];

    fn id(self) -> &'static str {
        match self {
            Variant::FastF32 => "fast_f32",
            Variant::FastInt8 => "fast_int8",
            Variant::Candle => "candle",
        }
    }

    fn options(self) -> RunOptions {
        let (backend, precision) = match self {
            Variant::FastF32 => (Backend::Fast, Precision::F32),
            Variant::FastInt8 => (Backend::Fast, Precision::Int8),
            Variant::Candle => (Backend::Candle, Precision::F32),
        };
        RunOptions {
            backend,
            precision: Some(precision),
            threads: 0,
        }
    }
}

fn load_bundle(
    name: &str,
    dir: PathBuf,
    prefix: &str,
    document_prefix: &str,
    messages: &[&str],
    variant: Variant,
) -> EncoderBundle {
    let t = Instant::now();
    let bundle = EncoderBundle::load_with(
        &dir,
        prefix,
        document_prefix,
        512,
        &Device::Cpu,
        &variant.options(),
    )
    .unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()));
    let lens: Vec<usize> = messages
        .iter()
        .map(|m| bundle.tokenize(m).expect("tokenize").ids.len())
        .collect();
    eprintln!(
        "note: {name} ({}) loaded from {} in {:.1} s; bench messages are {}–{} tokens (mean {:.1})",
        bundle.encoder.describe(),
        dir.display(),
        t.elapsed().as_secs_f64(),
        lens.iter().min().unwrap(),
        lens.iter().max().unwrap(),
        lens.iter().sum::<usize>() as f64 / lens.len() as f64,
    );
    bundle
}

fn e5(variant: Variant) -> &'static EncoderBundle {
    static E5: [OnceLock<EncoderBundle>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    E5[variant as usize].get_or_init(|| {
        load_bundle(
            "multilingual-e5-small",
            root().join("models/base/multilingual-e5-small"),
            "query: ",
            "passage: ",
            &MESSAGES,
            variant,
        )
    })
}

fn minilm_dir() -> PathBuf {
    root().join("models/base/all-minilm-l6-v2")
}

fn minilm(variant: Variant) -> &'static EncoderBundle {
    static MINILM: [OnceLock<EncoderBundle>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    MINILM[variant as usize].get_or_init(|| {
        load_bundle(
            "all-MiniLM-L6-v2",
            minilm_dir(),
            "",
            "",
            &english(),
            variant,
        )
    })
}

/// The English half of MESSAGES (MiniLM is an English-only model): 11–15 MiniLM tokens.
fn english() -> Vec<&'static str> {
    MESSAGES.iter().skip(1).step_by(2).copied().collect()
}

/// The messages cut into consecutive batches of `size`; each iteration takes the next batch.
fn batches(messages: &[&'static str], size: usize) -> Vec<Vec<&'static str>> {
    messages.chunks(size).map(|c| c.to_vec()).collect()
}

/// One engine step: tokenize, pad, forward, pool.
fn forward(bundle: &EncoderBundle, texts: &[&str]) -> candle_core::Tensor {
    let toks: Vec<_> = texts
        .iter()
        .map(|t| bundle.tokenize(t).expect("tokenize"))
        .collect();
    let items: Vec<&[u32]> = toks.iter().map(|t| t.ids.as_slice()).collect();
    bundle.embed_tokenized(&items).expect("forward")
}

fn bench_forward(
    c: &mut Criterion,
    group_name: &str,
    messages: &[&'static str],
    sizes: &[usize],
    bundle: fn(Variant) -> &'static EncoderBundle,
) {
    let mut group = c.benchmark_group(group_name);
    // Flat sampling: the same iteration count per sample, so slow batches don't run for minutes.
    group.sampling_mode(SamplingMode::Flat);
    for variant in Variant::ALL {
        for &size in sizes {
            let batches = batches(messages, size);
            group.throughput(Throughput::Elements(size as u64));
            group.bench_with_input(
                BenchmarkId::new(variant.id(), format!("b{size}")),
                &size,
                |b, _| {
                    let model = bundle(variant);
                    let next = AtomicUsize::new(0);
                    b.iter(|| {
                        let i = next.fetch_add(1, Ordering::Relaxed) % batches.len();
                        black_box(forward(model, &batches[i]))
                    })
                },
            );
        }
    }
    group.finish();
}

fn tokenize(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokenize");
    for (lang, text) in [("en", EN_SHORT), ("zh", ZH_SHORT)] {
        group.bench_function(BenchmarkId::new("e5", lang), |b| {
            let model = e5(Variant::FastF32);
            b.iter(|| black_box(model.tokenize(black_box(text)).expect("tokenize")))
        });
    }
    group.finish();
}

fn e5_forward(c: &mut Criterion) {
    bench_forward(c, "e5_forward", &MESSAGES, &[1, 8, 32], e5);
}

fn minilm_forward(c: &mut Criterion) {
    if !minilm_dir().join("model.safetensors").exists() {
        eprintln!(
            "note: skipping minilm_forward: {} not fetched (scripts/fetch-base-models.sh --only minilm)",
            minilm_dir().display()
        );
        return;
    }
    bench_forward(c, "minilm_forward", &english(), &[1, 8], minilm);
}

/// The server, started once in-process, and a keep-alive client.
struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    url: String,
}

fn http_server(model: PathBuf) -> &'static Http {
    static HTTP: OnceLock<Http> = OnceLock::new();
    HTTP.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let config = ServeConfig::resolve(&ServeArgs {
            model: Some(model),
            ..Default::default()
        })
        .expect("serve config");
        let t = Instant::now();
        let url = rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind 127.0.0.1:0");
            let running = triage::server::start(config, listener, None)
                .await
                .expect("start server");
            running
                .wait_ready(Duration::from_secs(120))
                .await
                .unwrap_or_else(|e| panic!("server did not become ready: {e}"));
            let url = format!("http://{}/v1/classify", running.addr);
            // Dropping `Running` would shut the server down; it lives until the process exits.
            std::mem::forget(running);
            url
        });
        eprintln!(
            "note: server ready in {:.1} s at {url}",
            t.elapsed().as_secs_f64()
        );
        Http {
            rt,
            client: reqwest::Client::new(),
            url,
        }
    })
}

fn http(c: &mut Criterion) {
    let model = std::env::var_os("TRIAGE_BENCH_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("models/default"));
    if !model.join(triage::model::manifest::MANIFEST_FILE).exists() {
        eprintln!(
            "note: skipping http/classify: no model at {} (train one first)",
            model.display()
        );
        return;
    }
    let mut group = c.benchmark_group("http");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(1));
    group.bench_function("classify", |b| {
        let h = http_server(model.clone());
        let next = AtomicUsize::new(0);
        b.iter(|| {
            let text = MESSAGES[next.fetch_add(1, Ordering::Relaxed) % MESSAGES.len()];
            h.rt.block_on(async {
                let resp = h
                    .client
                    .post(&h.url)
                    .json(&serde_json::json!({ "text": text }))
                    .send()
                    .await
                    .expect("POST /v1/classify");
                let status = resp.status();
                let body = resp.bytes().await.expect("response body");
                assert!(
                    status.is_success(),
                    "POST /v1/classify answered {status}: {}",
                    String::from_utf8_lossy(&body)
                );
                black_box(body)
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = tokenize, e5_forward, minilm_forward, http
}

fn main() {
    // Before the first tensor op: stop candle's pool threads spinning (matters on small machines).
    triage::model::tune_cpu_threads();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
