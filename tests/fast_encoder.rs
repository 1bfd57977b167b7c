//! The fast CPU forward computes what the candle reference computes: fp32 embeddings agree to
//! cosine ≥ 0.9999 on Chinese and English messages, alone and in mixed-length batches, for both
//! shipped architectures (XLM-R e5, BERT MiniLM); int8 stays within the drift budget; and so
//! does every other instruction set this machine has (AVX-512, AVX2, portable: `TRIAGE_ISA`).

use std::path::{Path, PathBuf};

use candle_core::Device;
use triage::model::fast::Precision;
use triage::model::{Backend, EncoderBundle, RunOptions};

const TEXTS: [&str; 12] = [
    "我的快递三天了还没到，能帮我查一下吗？",
    "Where is my order? It was supposed to arrive yesterday.",
    "退款什么时候能到账？已经等了一个星期了。",
    "I was charged twice for the same purchase, please help.",
    "请帮我转人工客服，机器人解决不了。",
    "hi",
    "发票怎么开？需要写公司抬头和税号，订单号 20231115-88231。",
    "The tracking number you gave me doesn't work at all and nobody at your company answers \
     the phone, this is the third time I'm writing about order 48213.",
    "好",
    "Can I return shoes that I have already worn once?",
    "外卖送错了，不是我点的菜。",
    "Is it possible to pay with PayPal or only by card?",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

fn load(dir: &Path, prefix: &str, backend: Backend, precision: Precision) -> EncoderBundle {
    triage::model::tune_cpu_threads();
    let opts = RunOptions {
        backend,
        precision: Some(precision),
        threads: 2,
    };
    let b = EncoderBundle::load_with(dir, prefix, "", 512, &Device::Cpu, &opts)
        .unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()));
    // A child of `every_instruction_set_matches_too` must really run the set it was given.
    if let (Ok(isa), Backend::Fast) = (std::env::var("TRIAGE_ISA"), backend) {
        let running = b.encoder.describe();
        assert!(running.contains(&isa), "asked for {isa}, running {running}");
    }
    b
}

fn embed(b: &EncoderBundle, texts: &[&str], batch: usize) -> Vec<Vec<f32>> {
    let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
    b.embed_texts(&texts, batch, false).expect("embed")
}

/// (min, mean) cosine between fast and candle embeddings of TEXTS.
fn agreement(dir: &Path, prefix: &str, texts: &[&str], precision: Precision) -> (f32, f32) {
    let reference = embed(
        &load(dir, prefix, Backend::Candle, Precision::F32),
        texts,
        4,
    );
    let fast = load(dir, prefix, Backend::Fast, precision);
    let mut cosines = Vec::new();
    // Alone, and in batches that mix short and long messages (no padding in the fast path).
    for batch in [1, 5, texts.len()] {
        for (r, f) in reference.iter().zip(embed(&fast, texts, batch)) {
            cosines.push(cos(r, &f));
        }
    }
    let min = cosines.iter().copied().fold(f32::INFINITY, f32::min);
    let mean = cosines.iter().sum::<f32>() / cosines.len() as f32;
    (min, mean)
}

fn e5_dir() -> PathBuf {
    root().join("models/base/multilingual-e5-small")
}

fn minilm_dir() -> Option<PathBuf> {
    let d = root().join("models/base/all-minilm-l6-v2");
    if d.join("model.safetensors").exists() {
        Some(d)
    } else {
        eprintln!("note: MiniLM not fetched (scripts/fetch-base-models.sh --only minilm); skipped");
        None
    }
}

#[test]
fn fast_f32_matches_candle_on_e5() {
    let (min, mean) = agreement(&e5_dir(), "query: ", &TEXTS, Precision::F32);
    assert!(
        min >= 0.9999,
        "e5 fast vs candle: min cosine {min} (mean {mean})"
    );
}

#[test]
fn fast_f32_matches_candle_on_minilm() {
    let Some(dir) = minilm_dir() else { return };
    let english: Vec<&str> = TEXTS.iter().copied().filter(|t| t.is_ascii()).collect();
    let (min, mean) = agreement(&dir, "", &english, Precision::F32);
    assert!(
        min >= 0.9999,
        "MiniLM fast vs candle: min cosine {min} (mean {mean})"
    );
}

#[test]
fn int8_stays_close_to_f32_on_e5() {
    let (min, mean) = agreement(&e5_dir(), "query: ", &TEXTS, Precision::Int8);
    assert!(
        mean >= 0.99 && min >= 0.97,
        "e5 int8 vs f32: min {min}, mean {mean}"
    );
}

#[test]
fn int8_stays_close_to_f32_on_minilm() {
    let Some(dir) = minilm_dir() else { return };
    let english: Vec<&str> = TEXTS.iter().copied().filter(|t| t.is_ascii()).collect();
    let (min, mean) = agreement(&dir, "", &english, Precision::Int8);
    assert!(
        mean >= 0.99 && min >= 0.97,
        "MiniLM int8 vs f32: min {min}, mean {mean}"
    );
}

/// Re-runs the agreement tests (f32 and int8, both architectures, and the heads) in a child
/// process per other instruction set this CPU has (`TRIAGE_ISA`, read once per process), so
/// every kernel path is held to the same bar on one machine.
#[test]
fn every_instruction_set_matches_too() {
    use triage::model::fast::cpu::{self, Isa};
    if std::env::var_os("TRIAGE_ISA").is_some() || std::env::var_os("TRIAGE_NO_AVX512").is_some() {
        return; // already the child (or a run forced to one set)
    }
    let others = Isa::ALL
        .into_iter()
        .filter(|&i| cpu::supports(i) && i != cpu::isa());
    for isa in others {
        for test in [
            "fast_f32_matches_candle_on_e5",
            "fast_f32_matches_candle_on_minilm",
            "int8_stays_close_to_f32_on_e5",
            "int8_stays_close_to_f32_on_minilm",
            "fast_heads_match_candle_heads_on_the_default_model",
        ] {
            let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
                .args([test, "--exact", "--nocapture"])
                .env("TRIAGE_ISA", isa.name())
                .output()
                .expect("run child test");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && text.contains("1 passed"),
                "{test} with TRIAGE_ISA={} failed:\n{text}\n{}",
                isa.name(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn bad_token_ids_are_an_input_error_not_a_panic() {
    let fast = load(&e5_dir(), "query: ", Backend::Fast, Precision::F32);
    let err = fast
        .embed_tokenized(&[&[0, 999_999_999, 2]])
        .expect_err("out-of-vocabulary id must fail");
    assert!(err.to_string().contains("outside the vocabulary"), "{err}");
    let err = fast.embed_tokenized(&[&[]]).expect_err("empty must fail");
    assert!(err.to_string().contains("empty"), "{err}");
}

/// The heads on packed weights (intent and sentiment MLPs, kNN bank on the thread team) give
/// the candle heads' numbers for the same embeddings: the shipped model, a batch of 12.
#[test]
fn fast_heads_match_candle_heads_on_the_default_model() {
    triage::model::tune_cpu_threads();
    let dir = root().join("models/default");
    let opts = |backend| RunOptions {
        backend,
        precision: Some(Precision::F32),
        threads: 2,
    };
    let fast = triage::model::Model::load_with(&dir, &Device::Cpu, &opts(Backend::Fast)).unwrap();
    let reference =
        triage::model::Model::load_with(&dir, &Device::Cpu, &opts(Backend::Candle)).unwrap();
    assert!(fast.fast_heads.is_some() && reference.fast_heads.is_none());
    let items: Vec<_> = TEXTS.iter().map(|t| fast.tokenize(t).unwrap()).collect();
    let ids: Vec<&[u32]> = items.iter().map(|t| t.ids.as_slice()).collect();
    let emb = fast.bundle.embed_tokenized(&ids).unwrap();
    let a = fast.analyze_embeddings(&emb, Some(&TEXTS)).unwrap();
    let b = reference.analyze_embeddings(&emb, Some(&TEXTS)).unwrap();
    let close = |x: f32, y: f32, what: &str| assert!((x - y).abs() < 1e-5, "{what}: {x} vs {y}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.intent.top().label, y.intent.top().label);
        for (p, q) in x.intent.probs.iter().zip(&y.intent.probs) {
            close(*p, *q, "intent probability");
        }
        let (sx, sy) = (x.sentiment.as_ref().unwrap(), y.sentiment.as_ref().unwrap());
        for (p, q) in sx.probs.iter().zip(&sy.probs) {
            close(*p, *q, "sentiment probability");
        }
        // The default model's out-of-scope score is the stacker's weighted sum of normalised
        // signals, among them Mahalanobis distances in the hundreds summed over 384 dimensions
        // in another order: f32 rounding reaches about 1e-5 (scores 2 to 20, threshold about
        // 11.5), so this tolerance is looser than the probabilities'.
        let (sx, sy) = (x.oos_score.unwrap(), y.oos_score.unwrap());
        assert!((sx - sy).abs() < 1e-4, "out-of-scope score: {sx} vs {sy}");
    }
}
