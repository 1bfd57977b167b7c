//! The compact unigram tokenizer must give exactly the stock `tokenizers` ids (and truncation
//! flags) for the shipped multilingual encoder, on real zh/en support text and on inputs chosen
//! to hit the edges: unknown characters, literal special tokens, mixed scripts, long inputs.

use std::path::Path;

use triage::model::tokenizer::TextTokenizer;

const E5: &str = "models/base/multilingual-e5-small";

fn texts_from(path: &Path, limit: usize) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .take(limit)
        .collect()
}

#[test]
fn compact_unigram_matches_stock_tokenizer_on_real_and_edge_case_text() {
    let dir = Path::new(E5);
    let compact = TextTokenizer::load_with(dir, 1, 64, true).unwrap();
    let stock = TextTokenizer::load_with(dir, 1, 64, false).unwrap();
    assert_eq!(compact.kind(), "compact-unigram");
    assert_eq!(stock.kind(), "stock");

    let mut texts = Vec::new();
    for f in [
        "training-data/intents/zh_val.jsonl",
        "training-data/intents/en_val.jsonl",
        "training-data/oos/zh_oos_val.jsonl",
        "training-data/sentiment/zh_val.jsonl",
        "training-data/sentiment/en_val.jsonl",
    ] {
        texts.extend(texts_from(Path::new(f), 400));
    }
    assert!(texts.len() > 1000, "only {} texts", texts.len());
    let edge = [
        "",
        " ",
        "   多个   空格  ",
        "订单号 ＡＢＣ１２３４５ 全角字符",
        "emoji 😡😡 👍🏽 🇨🇳",
        "<s> literal </s> and <unk> and <mask>",
        "ﬁ ligature, Ⅻ numeral, ½, ㈱, ｶﾀｶﾅ",
        "combining e\u{301} and a\u{308}",
        "tabs\tand\nnewlines\r\n",
        "zero\u{200b}width\u{feff}chars",
        "العربية עברית ไทย 한국어 русский ελληνικά",
        "𠀀𪚥 rare CJK extension B, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
        "\u{e000}\u{f8ff} private use",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "query: where is my order #A-1234-5678? I paid with 支付宝 yesterday!!!",
    ];
    texts.extend(edge.iter().map(|s| s.to_string()));
    // Long enough to be truncated at 64 tokens.
    texts.push("我的快递三天了还没到，".repeat(20));
    texts.push("where is my refund ".repeat(30));

    let mut truncated = 0;
    for t in &texts {
        let (a, b) = (compact.encode(t).unwrap(), stock.encode(t).unwrap());
        assert_eq!(a.ids, b.ids, "{t:?}");
        assert_eq!(a.truncated, b.truncated, "{t:?}");
        truncated += a.truncated as usize;
    }
    assert!(truncated >= 2, "the long inputs must exercise truncation");
}

#[test]
fn wordpiece_tokenizers_keep_the_stock_model() {
    let dir = Path::new("models/base/all-minilm-l6-v2");
    if !dir.exists() {
        eprintln!(
            "skipped: {} is fetched by scripts/fetch-base-models.sh",
            dir.display()
        );
        return;
    }
    let t = TextTokenizer::load(dir, 0, 64).unwrap();
    assert_eq!(t.kind(), "stock");
    assert!(t.encode("where is my order").unwrap().ids.len() > 2);
}
