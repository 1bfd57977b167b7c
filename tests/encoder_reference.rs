//! The encoder is right: token ids and embeddings of fixed zh/en sentences match reference
//! values computed independently (ONNX Runtime on weights dequantized by a separate Python
//! reader; see scripts/reference_embeddings.py), and paraphrases score above unrelated pairs.

use std::path::{Path, PathBuf};

use candle_core::Device;
use serde::Deserialize;
use triage::model::EncoderBundle;

#[derive(Deserialize)]
struct Fixture {
    models: std::collections::HashMap<String, ModelRef>,
}

#[derive(Deserialize)]
struct ModelRef {
    prefix: String,
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    text: String,
    input_ids: Vec<u32>,
    embedding: Vec<f32>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> Fixture {
    let text = std::fs::read_to_string(root().join("tests/fixtures/reference_embeddings.json"))
        .expect("fixture");
    serde_json::from_str(&text).expect("fixture json")
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

fn check(dir: &Path, key: &str) -> Vec<Vec<f32>> {
    triage::model::tune_cpu_threads();
    let fx = fixture();
    let reference = &fx.models[key];
    let bundle = EncoderBundle::load(dir, &reference.prefix, "", 512, &Device::Cpu)
        .unwrap_or_else(|e| panic!("loading {}: {e}", dir.display()));
    let texts: Vec<String> = reference.items.iter().map(|i| i.text.clone()).collect();
    for item in &reference.items {
        let t = bundle.tokenize(&item.text).unwrap();
        assert_eq!(
            t.ids, item.input_ids,
            "token ids differ for {:?}",
            item.text
        );
    }
    // Batched (padded) embedding must match the unpadded reference too.
    let got = bundle.embed_texts(&texts, 4, false).unwrap();
    for (item, e) in reference.items.iter().zip(&got) {
        let c = cos(e, &item.embedding);
        assert!(
            c >= 1.0 - 1e-3,
            "{key} {:?}: cosine {c} to reference",
            item.text
        );
        let norm: f32 = e.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4);
    }
    got
}

fn idx(texts: &[&str], t: &str) -> usize {
    texts.iter().position(|x| *x == t).unwrap()
}

#[test]
fn e5_matches_reference_and_ranks_paraphrases() {
    let dir = root().join("models/base/multilingual-e5-small");
    let got = check(&dir, "e5");
    let fx = fixture();
    let texts: Vec<&str> = fx.models["e5"]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    let e = |t: &str| &got[idx(&texts, t)];
    let para = cos(
        e("I want to cancel my order"),
        e("How do I cancel the order I placed?"),
    );
    let unrelated = cos(
        e("I want to cancel my order"),
        e("What's the weather like in Paris tomorrow?"),
    );
    assert!(
        para > unrelated + 0.05,
        "en paraphrase {para} vs unrelated {unrelated}"
    );
    let para_zh = cos(e("我要退货，怎么操作？"), e("怎么退货"));
    let unrelated_zh = cos(e("我要退货，怎么操作？"), e("今天天气怎么样"));
    assert!(
        para_zh > unrelated_zh + 0.05,
        "zh paraphrase {para_zh} vs unrelated {unrelated_zh}"
    );
    // Cross-lingual: the English return request is closer to the Chinese one than to weather.
    let cross = cos(e("I want to cancel my order"), e("我要退货，怎么操作？"));
    assert!(cross > cos(e("I want to cancel my order"), e("今天天气怎么样")));
}

/// MiniLM is not committed (size budget); `scripts/fetch-base-models.sh` imports it.
/// CI runs that script first, so there this test always runs.
#[test]
fn minilm_matches_reference_when_fetched() {
    let dir = root().join("models/base/all-minilm-l6-v2");
    if !dir.join("model.safetensors").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must fetch MiniLM (scripts/fetch-base-models.sh) before the tests"
        );
        eprintln!("skipping: {} not fetched", dir.display());
        return;
    }
    let got = check(&dir, "minilm");
    let fx = fixture();
    let texts: Vec<&str> = fx.models["minilm"]
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    let e = |t: &str| &got[idx(&texts, t)];
    assert!(
        cos(
            e("I want to cancel my order"),
            e("How do I cancel the order I placed?")
        ) > cos(
            e("I want to cancel my order"),
            e("What's the weather like in Paris tomorrow?")
        ) + 0.3
    );
}
