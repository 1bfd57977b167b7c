//! Text normalisation shared by training and serving.
//!
//! The classifier only generalises if the strings it sees at serving time
//! look exactly like the strings it was trained on. Chat input arrives from
//! many clients (WeChat, web widgets, mobile IMEs) that disagree about
//! full-width vs half-width forms, invisible joiners, stray BOMs and line
//! endings, so every path into the model must go through [`normalize`] and
//! nothing else. Changing this function changes the model's input
//! distribution: treat any edit as a retraining event.

use unicode_normalization::UnicodeNormalization;

/// Normalise one chat message.
///
/// Steps, in this order:
/// 1. Drop the BOM and every Unicode *format* character (zero-width spaces,
///    joiners, bidi marks, soft hyphens, ...). They are invisible to agents
///    but split tokens for the model and for the entity regexes.
/// 2. Drop control characters, except `\t`, `\n`, `\r`, which become a
///    space: a message pasted over several lines should still read as one
///    sentence, but other controls carry no meaning in chat.
/// 3. NFKC, so full-width letters, digits and punctuation typed on Chinese
///    IMEs (`ＡＢＣ１２３！`) become their ASCII forms (`ABC123!`) and the
///    entity extractor only has to understand ASCII digits.
/// 4. Collapse whitespace runs (including the ideographic space and NBSP)
///    to a single ASCII space and trim, so spacing habits do not create
///    distinct features.
///
/// Case is deliberately preserved: casing carries signal (`JD88231245`,
/// shouting) and lowercasing is a feature-extraction decision, not a
/// normalisation one.
pub fn normalize(text: &str) -> String {
    let stripped = text.chars().filter_map(|c| match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if c.is_control() || is_format(c) => None,
        c => Some(c),
    });

    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in stripped.nfkc() {
        // NFKC never produces format/control characters from the ones we
        // kept, but it can produce whitespace (U+3000 -> U+0020), so
        // whitespace is handled after it.
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Unicode general category `Cf` (format characters), Unicode 15.1.
///
/// `std` does not expose general categories and the crate budget does not
/// allow a tables crate, so the (short, stable) list is inlined here.
pub fn is_format(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn full_width_folds_to_ascii() {
        assert_eq!(normalize("ＡＢＣ１２３"), "ABC123");
        assert_eq!(normalize("你好！"), "你好!");
        assert_eq!(
            normalize("订单号：ＪＤ８８２３１２４５"),
            "订单号:JD88231245"
        );
        assert_eq!(normalize("￥５９．９"), "¥59.9");
        assert_eq!(normalize("（急）"), "(急)");
    }

    #[test]
    fn case_is_preserved() {
        assert_eq!(normalize("Where IS my Order"), "Where IS my Order");
    }

    #[test]
    fn bom_and_format_chars_are_removed() {
        assert_eq!(normalize("\u{FEFF}hello"), "hello");
        assert_eq!(normalize("订\u{200B}单"), "订单");
        assert_eq!(normalize("ab\u{200D}c\u{00AD}d"), "abcd");
        assert_eq!(normalize("\u{202E}abc\u{202C}"), "abc");
        assert_eq!(normalize("1381234\u{2060}5678"), "13812345678");
    }

    #[test]
    fn controls_removed_tabs_and_newlines_become_spaces() {
        assert_eq!(normalize("line1\nline2"), "line1 line2");
        assert_eq!(normalize("a\r\n\r\nb"), "a b");
        assert_eq!(normalize("a\tb"), "a b");
        assert_eq!(normalize("a\u{0007}b\u{0000}c"), "abc");
        assert_eq!(normalize("a\u{0085}b"), "ab");
    }

    #[test]
    fn whitespace_collapsed_and_trimmed() {
        assert_eq!(normalize("  hello    world  "), "hello world");
        assert_eq!(normalize("你好\u{3000}\u{3000}世界"), "你好 世界");
        assert_eq!(normalize("a\u{00A0}\u{00A0}b"), "a b");
        assert_eq!(normalize(" \n\t "), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn nfkc_compatibility_forms() {
        assert_eq!(normalize("ﬁle"), "file");
        assert_eq!(normalize("①"), "1");
        // Half-width katakana becomes full-width (NFKC), not ASCII.
        assert_eq!(normalize("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn idempotent() {
        for s in [
            "  ＡＢＣ  １２３\n！",
            "我的order到哪了？",
            "\u{FEFF}x\u{200B}y",
            "😀 emoji 👍🏽",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "input {s:?}");
        }
    }

    #[test]
    fn emoji_survive() {
        assert_eq!(normalize("好的👍"), "好的👍");
    }
}
