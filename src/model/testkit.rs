//! Tiny generated models for fast tests and examples: a 2-layer BERT with a small WordPiece
//! vocabulary, random (seeded) weights, heads and an out-of-scope bank — a complete model folder
//! that loads through the same code as the shipped one, in milliseconds.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::Tokenizer;

use super::manifest::{
    EncoderSpec, HeadSpec, Manifest, OosMethod, OosSpec, Thresholds, HEADS_FILE,
};
use super::weights::{f32_bytes, write_safetensors, Entry};
use super::ModelError;

pub const TINY_HIDDEN: usize = 32;
pub const TINY_INTENTS: [&str; 5] = [
    "cancel_order",
    "complaint",
    "contact_human_agent",
    "track_order",
    "oos",
];

const WORDS: &[&str] = &[
    "where", "is", "my", "order", "cancel", "i", "want", "to", "the", "a", "refund", "please",
    "help", "talk", "person", "human", "agent", "angry", "bad", "good", "thanks", "how", "do",
    "return", "item", "weather", "today", "what", "you", "can", "me", "it", "not", "this",
];
const HAN: &str = "我要退货怎么操作订单到哪了转人工今天天气样的是不没有用太慢";

fn vocab() -> HashMap<String, u32> {
    let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(WORDS.iter().map(|s| s.to_string()));
    for c in ('a'..='z').chain('0'..='9') {
        v.push(c.to_string());
        v.push(format!("##{c}"));
    }
    for p in [
        '?', '!', '.', ',', '，', '？', '！', '。', '@', '#', '-', ':', '¥', '$',
    ] {
        v.push(p.to_string());
    }
    for c in HAN.chars() {
        if !v.contains(&c.to_string()) {
            v.push(c.to_string());
        }
    }
    v.into_iter()
        .enumerate()
        .map(|(i, s)| (s, i as u32))
        .collect()
}

fn tokenizer(dir: &Path) -> Result<Tokenizer, ModelError> {
    // vocab.txt as in any BERT folder: one token per line, the line number is the id.
    let mut by_id: Vec<(u32, String)> = vocab().into_iter().map(|(k, v)| (v, k)).collect();
    by_id.sort();
    let vocab_path = dir.join("vocab.txt");
    let lines: Vec<String> = by_id.into_iter().map(|(_, t)| t).collect();
    std::fs::write(&vocab_path, lines.join("\n") + "\n")
        .map_err(|e| ModelError::io(&vocab_path, e))?;
    let wp = WordPiece::from_file(&vocab_path.to_string_lossy())
        .unk_token("[UNK]".into())
        .build()
        .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
    let mut tok = Tokenizer::new(wp);
    tok.with_normalizer(Some(BertNormalizer::new(true, true, None, true)))
        .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
    tok.with_pre_tokenizer(Some(BertPreTokenizer));
    tok.with_post_processor(Some(BertProcessing::new(
        ("[SEP]".into(), 3),
        ("[CLS]".into(), 2),
    )));
    Ok(tok)
}

fn randn(rng: &mut ChaCha8Rng, n: usize, scale: f32) -> Vec<f32> {
    (0..n)
        .map(|_| {
            // Sum of uniforms: close enough to normal for initial weights.
            let s: f32 = (0..4).map(|_| rng.random::<f32>() - 0.5).sum();
            s * scale
        })
        .collect()
}

fn tensor(name: &str, shape: Vec<usize>, v: Vec<f32>) -> Entry {
    (
        name.to_string(),
        safetensors::Dtype::F32,
        shape,
        f32_bytes(&v),
    )
}

/// Writes a tiny BERT base-encoder folder (config.json, tokenizer.json, model.safetensors).
pub fn write_tiny_encoder(dir: &Path, seed: u64) -> Result<(), ModelError> {
    std::fs::create_dir_all(dir).map_err(|e| ModelError::io(dir, e))?;
    let (h, layers, inter, max_pos) = (TINY_HIDDEN, 2usize, 64usize, 128usize);
    let vocab_size = vocab().len();
    let cfg = json!({
        "model_type": "bert", "hidden_size": h, "num_hidden_layers": layers,
        "num_attention_heads": 4, "intermediate_size": inter, "hidden_act": "gelu",
        "vocab_size": vocab_size, "max_position_embeddings": max_pos, "type_vocab_size": 2,
        "pad_token_id": 0, "layer_norm_eps": 1e-12
    });
    std::fs::write(dir.join("config.json"), cfg.to_string()).map_err(|e| ModelError::io(dir, e))?;
    tokenizer(dir)?
        .save(dir.join("tokenizer.json"), false)
        .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut e = vec![
        tensor(
            "embeddings.word_embeddings.weight",
            vec![vocab_size, h],
            randn(&mut rng, vocab_size * h, 0.5),
        ),
        tensor(
            "embeddings.position_embeddings.weight",
            vec![max_pos, h],
            randn(&mut rng, max_pos * h, 0.1),
        ),
        tensor(
            "embeddings.token_type_embeddings.weight",
            vec![2, h],
            randn(&mut rng, 2 * h, 0.1),
        ),
        tensor("embeddings.LayerNorm.weight", vec![h], vec![1.0; h]),
        tensor("embeddings.LayerNorm.bias", vec![h], vec![0.0; h]),
    ];
    for i in 0..layers {
        let p = format!("encoder.layer.{i}");
        for (m, out, inp) in [
            ("attention.self.query", h, h),
            ("attention.self.key", h, h),
            ("attention.self.value", h, h),
            ("attention.output.dense", h, h),
            ("intermediate.dense", inter, h),
            ("output.dense", h, inter),
        ] {
            e.push(tensor(
                &format!("{p}.{m}.weight"),
                vec![out, inp],
                randn(&mut rng, out * inp, 0.3),
            ));
            e.push(tensor(
                &format!("{p}.{m}.bias"),
                vec![out],
                randn(&mut rng, out, 0.05),
            ));
        }
        for m in ["attention.output.LayerNorm", "output.LayerNorm"] {
            e.push(tensor(&format!("{p}.{m}.weight"), vec![h], vec![1.0; h]));
            e.push(tensor(&format!("{p}.{m}.bias"), vec![h], vec![0.0; h]));
        }
    }
    write_safetensors(&dir.join("model.safetensors"), e, None)
}

/// Writes a complete tiny model folder: `dir/encoder` plus heads, bank and manifest.
pub fn write_tiny_model(dir: &Path, seed: u64) -> Result<(), ModelError> {
    write_tiny_encoder(&dir.join("encoder"), seed)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed + 1);
    let h = TINY_HIDDEN;
    let n_int = TINY_INTENTS.len();
    let bank_n = 16;
    let mut bank = randn(&mut rng, bank_n * h, 1.0);
    for row in bank.chunks_mut(h) {
        let n = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        row.iter_mut().for_each(|x| *x /= n);
    }
    let entries = vec![
        tensor(
            "intent.0.weight",
            vec![n_int, h],
            randn(&mut rng, n_int * h, 3.0),
        ),
        tensor("intent.0.bias", vec![n_int], vec![0.0; n_int]),
        tensor(
            "sentiment.0.weight",
            vec![3, h],
            randn(&mut rng, 3 * h, 3.0),
        ),
        tensor("sentiment.0.bias", vec![3], vec![0.0; 3]),
        tensor("oos.bank", vec![bank_n, h], bank),
    ];
    write_safetensors(&dir.join(HEADS_FILE), entries, None)?;
    let mut heads = BTreeMap::new();
    heads.insert(
        "intent".into(),
        HeadSpec {
            labels: TINY_INTENTS.iter().map(|s| s.to_string()).collect(),
            temperature: 1.0,
        },
    );
    heads.insert(
        "sentiment".into(),
        HeadSpec {
            labels: vec!["negative".into(), "neutral".into(), "positive".into()],
            temperature: 1.0,
        },
    );
    Manifest {
        name: "tiny-test".into(),
        version: "0.0.1".into(),
        created_at: None,
        encoder: EncoderSpec {
            path: "encoder".into(),
            prefix: String::new(),
            document_prefix: String::new(),
            pooling: "mean".into(),
            normalize: true,
            max_tokens: 64,
            precision: None,
        },
        heads,
        oos: Some(OosSpec {
            method: OosMethod::Knn,
            k: 3,
            threshold: 0.9,
            label: "oos".into(),
            combine: None,
        }),
        ngram: None,
        sentiment_ngram: None,
        knn_vote: None,
        center_embeddings: false,
        thresholds: Thresholds::default(),
        smalltalk_aliases: Default::default(),
        provenance: json!({"generated_by": "triage::model::testkit", "seed": seed}),
        metrics: json!({}),
    }
    .save(dir)
}
