//! Script-based language detection for short chat messages.
//!
//! Statistical detectors (n-gram profiles) need dozens of characters to be
//! reliable, and customer-service messages are often three to ten
//! characters long and code-switched ("我的order到哪了", "订单号123").
//! For routing between a zh and an en model the *script* is what matters,
//! so we count letters per script and decide with a few simple ratios.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Language bucket used to route a message to a model.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Zh,
    En,
    Other,
}

impl Language {
    /// The same string the serde representation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
            Language::Other => "other",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Minimum share of letters that must be Han for a message to count as
/// Chinese. One Han character carries roughly a word's worth of meaning,
/// so a low share already means the customer is writing Chinese with
/// embedded English terms ("please check 我的订单" is 4 of 15 letters);
/// a lone brand name in a long English sentence stays below it.
const HAN_SHARE_NUM: usize = 1;
const HAN_SHARE_DEN: usize = 5;

/// Per-script letter counts. Exposed so callers (and tests) can see why a
/// decision was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    pub han: usize,
    pub kana: usize,
    pub latin: usize,
    /// Hangul, Cyrillic, Arabic, Thai, Greek, ... any other letter.
    pub other: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> Self {
        let mut counts = ScriptCounts::default();
        for c in text.chars() {
            if is_han(c) {
                counts.han += 1;
            } else if is_kana(c) {
                counts.kana += 1;
            } else if is_latin(c) {
                counts.latin += 1;
            } else if c.is_alphabetic() {
                counts.other += 1;
            }
        }
        counts
    }

    pub fn letters(&self) -> usize {
        self.han + self.kana + self.latin + self.other
    }
}

/// Detect the language bucket of a (preferably normalised) message.
///
/// Rules, in order:
/// * no letters at all (digits, punctuation, emoji) -> `Other`;
/// * kana present in a meaningful amount relative to Han -> the Han is
///   Japanese kanji, so Han and kana both count as foreign script (Chinese
///   netizens do write "我の订单", hence the ratio instead of "any kana");
/// * Han is at least 20% of the letters -> `Zh`;
/// * Latin letters at least as many as foreign-script letters -> `En`
///   (every Latin-alphabet language is routed to the English model: it is
///   the best model we have for them);
/// * otherwise -> `Other`.
pub fn detect(text: &str) -> Language {
    let c = ScriptCounts::of(text);
    if c.letters() == 0 {
        return Language::Other;
    }

    let japanese = c.kana > 0 && c.kana * 2 >= c.han;
    let (han, foreign) = if japanese {
        (0, c.other + c.kana + c.han)
    } else {
        (c.han, c.other + c.kana)
    };

    if han > 0 && han * HAN_SHARE_DEN >= c.letters() * HAN_SHARE_NUM {
        Language::Zh
    } else if c.latin > 0 && c.latin >= foreign {
        Language::En
    } else {
        Language::Other
    }
}

/// A message too short to tell which language the customer writes in: no Chinese character and
/// at most two runs of Latin letters — "ok", "thx!", "👍", an order number ("SF1402883917265",
/// "#A80114"). Chinese customers type these as often as English ones do, so the reply keeps the
/// conversation's language.
pub fn says_little(text: &str) -> bool {
    if text.chars().any(is_han) {
        return false;
    }
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        let latin = c.is_alphabetic() && is_latin(c);
        if latin && !in_word {
            words += 1;
        }
        in_word = latin;
    }
    words <= 2
}

/// Chinese grammar words in the message: in one that reads as English ("order 怎么 cancel", "能 pay
/// by credit card 吗") a Chinese reader who types English shop words. A Chinese name or place in
/// an English sentence ("shipping to 北京") has none of these.
pub fn mixes_in_chinese(text: &str) -> bool {
    const GRAMMAR: &str = "我你吗呢吧了的是不能要想怎么什么这那个哪咋啥啊呀";
    text.chars().any(|c| GRAMMAR.contains(c))
}

/// CJK ideographs (all blocks incl. extensions and compatibility forms)
/// plus the ideographic number zero and iteration mark.
pub fn is_han(c: char) -> bool {
    matches!(
        c as u32,
        0x3005
            | 0x3007
            | 0x3021..=0x3029
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2EBEF
            | 0x2F800..=0x2FA1F
            | 0x30000..=0x323AF
    )
}

/// Hiragana, katakana (without the middle dot U+30FB, which Chinese text
/// also uses), katakana extensions and half-width katakana.
fn is_kana(c: char) -> bool {
    let u = c as u32;
    let in_block = matches!(
        u,
        0x3041..=0x309F | 0x30A0..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F
    );
    in_block && (c.is_alphabetic() || u == 0x30FC)
}

/// Latin letters: ASCII, Latin-1 supplement, Latin Extended-A/B, IPA,
/// Latin Extended Additional, and full-width ASCII letters (so detection
/// degrades gracefully on text that skipped normalisation).
fn is_latin(c: char) -> bool {
    let in_block = matches!(
        c as u32,
        0x00C0..=0x02AF | 0x1E00..=0x1EFF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A
    );
    c.is_ascii_alphabetic() || (in_block && c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_few_latin_letters_say_little_words_or_chinese_say_more() {
        for t in [
            "ok",
            "thx!",
            "ok thanks",
            "👍",
            "SF1402883917265",
            "#A80114",
            "2024112233445566",
        ] {
            assert!(super::says_little(t), "{t}");
        }
        for t in ["ok thanks bye", "where is my order", "好的", "ok 好的"] {
            assert!(!super::says_little(t), "{t}");
        }
    }

    #[test]
    fn english_words_in_a_chinese_sentence_are_told_from_a_chinese_name_in_an_english_one() {
        for t in [
            "order 怎么 cancel",
            "能 pay by credit card 吗",
            "shipping 要几天",
        ] {
            assert!(super::mixes_in_chinese(t), "{t}");
        }
        for t in [
            "shipping to 北京 takes how long",
            "where is my order",
            "小米 phone case",
        ] {
            assert!(!super::mixes_in_chinese(t), "{t}");
        }
    }

    use super::{detect, Language, ScriptCounts};

    fn check(cases: &[(&str, Language)]) {
        for (text, want) in cases {
            assert_eq!(detect(text), *want, "detect({text:?})");
        }
    }

    #[test]
    fn chinese() {
        check(&[
            ("我的订单到哪了", Language::Zh),
            ("退款", Language::Zh),
            ("好", Language::Zh),
            ("謝謝你", Language::Zh), // traditional
            ("订单号123", Language::Zh),
            ("¥199怎么还没退?", Language::Zh),
        ]);
    }

    #[test]
    fn english_and_latin() {
        check(&[
            ("where is my order", Language::En),
            ("ok", Language::En),
            ("x", Language::En),
            ("Order #12345 not received!!", Language::En),
            ("où est ma commande", Language::En),
            ("¿dónde está mi pedido?", Language::En),
            ("ＨＥＬＬＯ", Language::En),
        ]);
    }

    #[test]
    fn mixed_zh_en() {
        check(&[
            ("我的order到哪了", Language::Zh),
            ("please check 我的订单", Language::Zh),
            ("iPhone 15 Pro 什么时候发货", Language::Zh),
            ("ok 好", Language::Zh),
            ("refund 退款", Language::Zh),
            (
                "I bought the 小米 phone last week and it broke",
                Language::En,
            ),
            ("My order JD88231245 from 京东 never arrived", Language::En),
        ]);
    }

    #[test]
    fn other_scripts() {
        check(&[
            ("注文はどこですか", Language::Other),
            ("ありがとう", Language::Other),
            ("東京駅に行きます", Language::Other),
            ("Sonyのヘッドホン", Language::Other),
            ("주문이 어디 있나요", Language::Other),
            ("Где мой заказ", Language::Other),
            ("أين طلبي", Language::Other),
            ("คำสั่งซื้อของฉันอยู่ที่ไหน", Language::Other),
            ("Привет hi", Language::Other),
        ]);
    }

    #[test]
    fn chinese_with_a_stray_kana_stays_chinese() {
        check(&[("我の订单还没到", Language::Zh)]);
    }

    #[test]
    fn latin_beats_minor_foreign_script() {
        check(&[("my Samsung 충전기 is broken", Language::En)]);
    }

    #[test]
    fn no_letters_is_other() {
        check(&[
            ("", Language::Other),
            ("   ", Language::Other),
            ("12345", Language::Other),
            ("?!...", Language::Other),
            ("14:30 2023-11-28", Language::Other),
            ("👍😀", Language::Other),
            ("¥199", Language::Other),
        ]);
    }

    #[test]
    fn serde_and_display() {
        assert_eq!(
            serde_json::to_string(&Language::Zh).ok().as_deref(),
            Some("\"zh\"")
        );
        assert_eq!(
            serde_json::to_string(&Language::En).ok().as_deref(),
            Some("\"en\"")
        );
        assert_eq!(
            serde_json::to_string(&Language::Other).ok().as_deref(),
            Some("\"other\"")
        );
        assert_eq!(
            serde_json::from_str::<Language>("\"zh\"").ok(),
            Some(Language::Zh)
        );
        assert_eq!(Language::Other.to_string(), "other");
    }

    #[test]
    fn counts() {
        let c = ScriptCounts::of("我的order到哪了");
        assert_eq!((c.han, c.latin, c.kana, c.other), (5, 5, 0, 0));
    }
}
