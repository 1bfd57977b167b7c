//! Text handling shared by Triage training and serving.
//!
//! Everything that touches raw chat text lives here so that the training
//! pipeline and the online service cannot drift apart: both must call
//! [`normalize`] first, then [`detect`] / [`extract`] / [`mask`] on the
//! normalised string. Entity offsets refer to the normalised string.
//!
//! The module is dependency-light (regex, unicode-normalization, serde) and
//! rule-based on purpose: it runs on every message, must be explainable
//! when a masking miss is reported, and must never panic on user input.

pub mod entities;
pub mod language;
pub mod localized;
pub mod mask;
pub mod normalize;

pub use entities::{extract, Entity, EntityKind};
pub use language::{detect, Language};
pub use mask::{is_personal, mask, mask_entity, mask_with, normalize_and_mask};
pub use normalize::normalize;

/// `text` cut to `max` characters (not bytes: Chinese is three bytes a character), with "…"
/// when cut.
pub fn clipped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_counts_characters() {
        assert_eq!(clipped("一二三四五", 3), "一二三…");
        assert_eq!(clipped("ab  cd", 3), "ab…");
        assert_eq!(clipped("abc", 3), "abc");
        assert_eq!(clipped("", 3), "");
    }

    fn exercise(input: &str) {
        let n = normalize(input);
        let _ = detect(input);
        let _ = detect(&n);
        for text in [input, n.as_str()] {
            let es = extract(text);
            for w in es.windows(2) {
                assert!(w[0].end <= w[1].start, "overlap in {text:?}");
            }
            for e in &es {
                assert_eq!(text.get(e.start..e.end), Some(e.value.as_str()));
            }
            let _ = mask(text);
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let long_digits = "1".repeat(20_000);
        let long_mixed = "13812345678".repeat(1_000);
        let long_grouped = "1234 ".repeat(4_000);
        let long_plus = "+1 ".repeat(4_000);
        let long_hash = "#1".repeat(4_000);
        let long_upper = format!("AB{}", "9".repeat(10_000));
        let long_cue = format!("订单号{}", "A1".repeat(5_000));
        let cases: Vec<&str> = vec![
            "",
            " ",
            "\u{FEFF}",
            "\u{200B}\u{200D}\u{FEFF}",
            "\0\u{1}\u{7f}",
            "😀",
            "👨‍👩‍👧‍👦🏳️‍🌈",
            "+",
            "++++",
            "@",
            "@@@@",
            "a@",
            "#",
            "¥",
            "$.",
            "1",
            "86",
            "+86",
            "元",
            "订单号",
            "order #",
            "身份证",
            "Ωμέγα Привет مرحبا สวัสดี こんにちは 안녕 你好 hello",
            "\u{10FFFF}\u{E000}",
            "ｶﾀｶﾅ",
            "０１２３４５６７８９",
            "１３８１２３４５６７８",
            &long_digits,
            &long_mixed,
            &long_grouped,
            &long_plus,
            &long_hash,
            &long_upper,
            &long_cue,
        ];
        for c in cases {
            exercise(c);
        }
    }

    #[test]
    fn pseudo_random_inputs_never_panic() {
        // Deterministic LCG over a pool of characters that matter to the
        // rules (digits, separators, cues, currency, multi-byte chars).
        const POOL: &[&str] = &[
            "0",
            "1",
            "3",
            "8",
            "9",
            "X",
            "x",
            "A",
            "J",
            "D",
            " ",
            "-",
            "+",
            "@",
            ".",
            ",",
            ":",
            "#",
            "¥",
            "￥",
            "$",
            "元",
            "块",
            "旦",
            "订单号",
            "单号",
            "order",
            "is",
            "身份证",
            "卡号",
            "card",
            "86",
            "138",
            "1234",
            "5678",
            "😀",
            "\u{200B}",
            "\u{FEFF}",
            "\n",
            "１",
            "．",
            "é",
            "の",
            "com",
            "(",
            ")",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..3_000 {
            let len = next() % 40;
            let s: String = (0..len).map(|_| POOL[next() % POOL.len()]).collect();
            exercise(&s);
        }
    }

    #[test]
    fn end_to_end_serving_path() {
        let raw = "\u{FEFF}我的order ＪＤ８８２３１２４５ 到哪了？手机１３８１２３４５６７８，退款￥５９．９";
        let text = normalize(raw);
        assert_eq!(
            text,
            "我的order JD88231245 到哪了?手机13812345678,退款¥59.9"
        );
        assert_eq!(detect(&text), Language::Zh);
        let es = extract(&text);
        let kinds: Vec<EntityKind> = es.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                EntityKind::OrderNumber,
                EntityKind::Phone,
                EntityKind::Amount
            ]
        );
        assert_eq!(
            mask_with(&text, &es),
            "我的order JD88231245 到哪了?手机138****5678,退款¥59.9"
        );
        let json = serde_json::to_value(&es[0]).unwrap_or_default();
        assert_eq!(json["kind"], "order_number");
        assert_eq!(json["value"], "JD88231245");
    }
}
