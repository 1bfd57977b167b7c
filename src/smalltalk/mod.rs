//! Small talk: the dialogue acts every support chat has (greeting, "are you there?", thanks,
//! goodbye, ok, no, "are you a bot?", emoji or laughter alone, "I have a question" with the
//! question still to come), built into Triage so that a user's bot greets back instead of
//! handing "你好" to a person.
//!
//! Two ways a message is recognised, both in the one encoder pass the message already gets:
//! - the intent head: `triage train` adds the built-in examples (`acts.jsonl`) to every model as
//!   intents named after the acts (a user's own label of the same name wins), and teaches it that
//!   a greeting in front of a question is the question (`openers.jsonl`);
//! - an exact lexicon: a message that is, punctuation and spacing aside, one of the built-in
//!   examples, or nothing but emoji and laughter, is that act whatever the model says (the
//!   shortest messages are the ones an encoder is least sure about).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::text::language::is_han;
use crate::text::normalize::normalize;

mod words;
pub use words::says_more;

/// The acts, as intent labels.
pub const ACTS: [&str; 9] = [
    "greeting",
    "are_you_there",
    "thanks",
    "goodbye",
    "affirm",
    "deny",
    "bot_identity",
    "emoji",
    "help_request",
];

/// Whether an intent label is a small-talk act.
pub fn is_act(label: &str) -> bool {
    ACTS.contains(&label)
}

/// The act as a `'static` name (for labels coming from a model).
pub fn act(label: &str) -> Option<&'static str> {
    ACTS.iter().copied().find(|a| *a == label)
}

const ACTS_JSONL: &str = include_str!("acts.jsonl");
const OPENERS_JSONL: &str = include_str!("openers.jsonl");
/// Short acknowledgements, greetings and sign-offs the lexicon knows on top of `acts.jsonl`:
/// not training data (the model is unchanged), only whole messages or whole pieces of one
/// ("好的 看到了 谢谢", "ok great").
const LEXICON_JSONL: &str = include_str!("lexicon.jsonl");

/// One built-in example.
#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    pub text: String,
    pub label: String,
    /// `zh`, `en` or `mixed`.
    pub lang: String,
}

/// A greeting that customers put in front of a question ("你好，", "hi, ").
#[derive(Debug, Clone, Deserialize)]
pub struct Opener {
    pub text: String,
    pub lang: String,
}

fn parse_lines<T: for<'de> Deserialize<'de>>(s: &str, what: &str) -> Vec<T> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("built-in {what} line {}: {e}", i + 1))
        })
        .collect()
}

/// Examples from a built-in file, normalised as training and serving normalise text.
fn normalized_examples(jsonl: &str, what: &str) -> Vec<Example> {
    parse_lines::<Example>(jsonl, what)
        .into_iter()
        .map(|e| Example {
            text: normalize(&e.text),
            ..e
        })
        .filter(|e| !e.text.is_empty() && is_act(&e.label))
        .collect()
}

/// The built-in examples (training data).
pub fn examples() -> &'static [Example] {
    static EXAMPLES: OnceLock<Vec<Example>> = OnceLock::new();
    EXAMPLES.get_or_init(|| normalized_examples(ACTS_JSONL, "small-talk example"))
}

pub fn openers() -> &'static [Opener] {
    static OPENERS: OnceLock<Vec<Opener>> = OnceLock::new();
    OPENERS.get_or_init(|| parse_lines(OPENERS_JSONL, "opener"))
}

/// Emoji, pictographs and their modifiers (variation selectors, skin tones, joiners, keycaps).
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2190..=0x21FF
        | 0x2300..=0x23FF | 0xFE00..=0xFE0F | 0x200D | 0x20E3 | 0x3030 | 0x303D
        | 0x3297 | 0x3299 | 0xE0020..=0xE007F)
        || c == '♥'
        || c == '❤'
}

/// The lexicon key: lower case, without spaces, punctuation, symbols and emoji, with repeated
/// characters kept once ("hiiii" → "hi", "在吗在吗" stays, "谢谢" → "谢": both sides go through
/// the same key, so only the pattern matters).
fn key(text: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c.is_ascii_punctuation() || is_emoji(c) || is_cjk_punct(c) {
            continue;
        }
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Punctuation that ends a piece of a chat message (not an apostrophe or a hyphen, which sit
/// inside words: "hi, i'm john").
fn is_sentence_punct(c: char) -> bool {
    matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '~') || is_cjk_punct(c)
}

/// Where a message may be cut after an opener or a connective: a space or sentence punctuation.
fn is_cut(c: char) -> bool {
    c.is_whitespace() || is_sentence_punct(c)
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF5B..=0xFF65)
        || matches!(c, '~' | '～' | '…' | '—' | '·' | '“' | '”' | '‘' | '’')
}

/// Laughter on its own (after [`key`]: "哈哈哈" is "哈", "hahaha" stays).
fn is_laughter(k: &str) -> bool {
    if matches!(k, "哈" | "嘻" | "h" | "lol" | "lmao" | "rofl" | "xd" | "23") {
        return true;
    }
    ["ha", "he", "哈嘿", "嘻哈"].iter().any(|unit| {
        let n = k.len() / unit.len();
        n >= 2 && k.len().is_multiple_of(unit.len()) && k == unit.repeat(n)
    })
}

/// A WeChat-style bracketed emoticon (`[微笑]`) or several, alone.
fn emoticon_only(text: &str) -> bool {
    let t = text.trim();
    if !t.starts_with('[') {
        return false;
    }
    // One or more `[word]` groups with nothing else.
    let mut rest = t;
    while let Some(r) = rest.strip_prefix('[') {
        match r.find(']') {
            Some(end) if end > 0 && end <= 12 => rest = r[end + 1..].trim_start(),
            _ => return false,
        }
    }
    rest.is_empty()
}

/// The lexicon's examples on top of the training examples (`lexicon.jsonl`).
fn lexicon_examples() -> &'static [Example] {
    static EXTRA: OnceLock<Vec<Example>> = OnceLock::new();
    EXTRA.get_or_init(|| normalized_examples(LEXICON_JSONL, "small-talk lexicon entry"))
}

/// Every built-in example and lexicon entry by its [`key`].
fn lexicon() -> &'static HashMap<String, &'static str> {
    static LEXICON: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut m = HashMap::new();
        for e in examples().iter().chain(lexicon_examples()) {
            let k = key(&e.text);
            if k.is_empty() {
                continue;
            }
            if let Some(a) = act(&e.label) {
                // The first example of a key wins; the data labels mixed ones consistently.
                m.entry(k).or_insert(a);
            }
        }
        m
    })
}

/// Whether a message is exactly a built-in example written as Chinese in Latin letters (pinyin
/// such as "zai ma"): the reply is then Chinese, though the letters read as English.
pub fn is_pinyin_example(text: &str) -> bool {
    static PINYIN: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    let pinyin = PINYIN.get_or_init(|| {
        let all = || examples().iter().chain(lexicon_examples());
        // "ok" is written by both: only keys no English or mixed example shares.
        let elsewhere: std::collections::HashSet<String> = all()
            .filter(|e| e.lang != "zh")
            .map(|e| key(&e.text))
            .collect();
        all()
            .filter(|e| e.lang == "zh" && !e.text.chars().any(is_han))
            .filter(|e| e.text.chars().any(|c| c.is_ascii_alphabetic()))
            .map(|e| key(&e.text))
            .filter(|k| !k.is_empty() && !elsewhere.contains(k))
            .collect()
    });
    pinyin.contains(&key(text))
}

/// The most words one built-in example has, in the runs [`lexical`] looks for.
const MAX_RUN_WORDS: usize = 8;

/// The act a message is by the lexicon alone: an exact built-in example (punctuation, spacing,
/// case and repeated letters aside), emoji / laughter / emoticons only, or several of those in a
/// row ("ok thx", "ok i'll wait", "r u a bot lol"). `text` is normalised.
pub fn lexical(text: &str) -> Option<&'static str> {
    let lexicon = lexicon();
    let k = key(text);
    if k.is_empty() {
        // Nothing but emoji, punctuation and symbols, with at least one emoji.
        return text.chars().any(is_emoji).then_some("emoji");
    }
    if let Some(a) = lexicon.get(&k) {
        return Some(a);
    }
    if is_laughter(&k) || emoticon_only(text) {
        return Some("emoji");
    }
    // Several small-talk pieces in a row ("ok thx", "hi 亲", "hello?? anyone there"): every
    // piece must be small talk by itself; the act is the last piece's, except that asking
    // whether anyone is there wins over a greeting.
    let known = |p: &str| {
        let k = key(p);
        if k.is_empty() {
            return Some(None);
        }
        lexicon
            .get(&k)
            .copied()
            .or_else(|| is_laughter(&k).then_some("emoji"))
            .map(Some)
    };
    // Pieces between punctuation; a piece that is not small talk whole may be runs of words that
    // are.
    let mut acts: Vec<&'static str> = Vec::new();
    // An apostrophe sits inside a word ("ok i'll wait").
    let ends_piece =
        |c: char| !matches!(c, '\'' | '’') && (c.is_ascii_punctuation() || is_cjk_punct(c));
    for seg in text.split(ends_piece) {
        match known(seg) {
            Some(Some(a)) => acts.push(a),
            Some(None) => {}
            None => {
                // Known runs of words, the longest first from the left ("ok i'll wait", "r u a
                // bot lol"); a run is a few words, so a long message stops at its first word that
                // no run covers.
                let words: Vec<&str> = seg.split_whitespace().collect();
                let mut i = 0;
                while i < words.len() {
                    let longest = words.len().min(i + MAX_RUN_WORDS);
                    let (end, act) = (i + 1..=longest)
                        .rev()
                        .find_map(|j| known(&words[i..j].join(" ")).map(|a| (j, a)))?;
                    acts.extend(act);
                    i = end;
                }
            }
        }
    }
    if acts.len() < 2 {
        return None;
    }
    if acts.contains(&"are_you_there") {
        return Some("are_you_there");
    }
    acts.iter()
        .rev()
        .find(|a| **a != "emoji")
        .or(acts.last())
        .copied()
}

/// The part after a leading run of small talk ("lol ok. any good crypto to buy rn?" → "any good
/// crypto to buy rn?", "你好，我的快递到哪了" → "我的快递到哪了"), or `None` when the message does
/// not open with small talk, is small talk as a whole, or leaves too little after it. The cut falls
/// at sentence punctuation (not an apostrophe: "hi, i'm john"), or at a space after a Chinese
/// character (Chinese chat uses spaces as commas; in English a space inside "is this a bot or a
/// human" is no cut); the run must be a greeting, "are you there", thanks, an ok or emoji (not
/// "are you a bot", which the rest may go on asking); the longest run wins. The classifier reads
/// both and picks (`classify::pick_reading`).
pub fn after_opener(text: &str) -> Option<&str> {
    if lexical(text).is_some() {
        return None;
    }
    let mut rest = after_small_talk(text);
    // A connective after it, or opening the message, goes too ("ok. also can i …").
    while let Some(r) = after_connective(rest.unwrap_or(text)) {
        rest = Some(r);
    }
    rest
}

/// Words that tie a message to the one before and say nothing of their own. Pooled into a short
/// question they pull it away from its topic: "还有 抬头少写了个字 能给重开一张不" read as out of
/// scope, without "还有" as an unsure get_invoice; "ok. also can i edit my review" lost its entry.
const CONNECTIVES: [&str; 30] = [
    "also",
    "btw",
    "by the way",
    "and also",
    "oh and",
    "oh also",
    "one more thing",
    "another thing",
    "one more question",
    "another question",
    "anyway",
    "anyways",
    "还有",
    "另外",
    "对了",
    "哦对了",
    "噢对了",
    "顺便",
    "顺便问下",
    "顺便问一下",
    "还有个事",
    "还有个问题",
    "还有一个问题",
    "另外问下",
    "另外问一下",
    "问你个事",
    "那问你个事",
    "再问下",
    "再问一下",
    "还想问一下",
];

/// The rest of a message that opens with a connective ([`CONNECTIVES`]) and a space or
/// punctuation after it: "还有货吗" keeps its 还有.
fn after_connective(text: &str) -> Option<&str> {
    CONNECTIVES
        .iter()
        .filter_map(|c| {
            let head = text.get(..c.len())?;
            let rest = text[c.len()..].strip_prefix(is_cut)?;
            head.eq_ignore_ascii_case(c)
                .then(|| rest.trim_start_matches(is_cut))
        })
        // The longest connective: "还有个事", not "还有".
        .min_by_key(|rest| rest.len())
        .filter(|rest| rest.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .filter(|rest| lexical(rest).is_none())
}

/// [`after_opener`] for opening small talk alone.
fn after_small_talk(text: &str) -> Option<&str> {
    let opener = |head: &str| {
        matches!(
            lexical(head),
            Some("greeting" | "are_you_there" | "thanks" | "affirm" | "emoji")
        )
    };
    let mut best = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_cut(c) {
            continue;
        }
        // The end of a run of separators: the rest starts after it.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !is_cut(d) {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let (head, run, rest) = (&text[..i], &text[i..end], &text[end..]);
        let punctuated = run.chars().any(|c| !c.is_whitespace());
        let after_han = head.chars().next_back().is_some_and(is_han);
        let content = rest.chars().filter(|c| c.is_alphanumeric()).count();
        // The lexicon lookups last: they are the cost of this loop.
        if (punctuated || after_han) && content >= 2 && opener(head) && lexical(rest).is_none() {
            best = Some(rest);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_examples_are_known_as_chinese() {
        assert!(is_pinyin_example("zai ma"));
        assert!(is_pinyin_example("Zai ma?"));
        assert!(!is_pinyin_example("hello"));
        assert!(!is_pinyin_example("ok"), "written in English chats too");
        assert!(!is_pinyin_example("在吗"));
    }

    #[test]
    fn a_question_after_small_talk_is_read_without_it() {
        for (text, rest) in [
            (
                "lol ok. any good crypto to buy rn?",
                "any good crypto to buy rn?",
            ),
            ("hi, where is my order", "where is my order"),
            ("你好，我的快递到哪了", "我的快递到哪了"),
            ("ok thanks. also can i pay by card", "can i pay by card"),
            // Connectives go too, alone or after small talk.
            (
                "还有 抬头少写了个字 能给重开一张不",
                "抬头少写了个字 能给重开一张不",
            ),
            ("还有个事，发票怎么开", "发票怎么开"),
            ("对了 还有 运费谁出", "运费谁出"),
            ("BTW can i still cancel", "can i still cancel"),
            ("oh and, do you ship to hk", "do you ship to hk"),
            ("在吗 退款怎么还没到", "退款怎么还没到"),
            ("好的 谢谢。另外发票怎么开", "另外发票怎么开"),
            ("hello there!! do u ship to hk", "do u ship to hk"),
            ("hi, i'm john", "i'm john"),
        ] {
            assert_eq!(after_opener(text), Some(rest), "{text}");
        }
    }

    #[test]
    fn small_talk_alone_or_no_opener_stays_whole() {
        for text in [
            "hi",
            "ok thx",
            "hello there",
            "谢谢 再见",
            "where is my order",
            "我的快递到哪了",
            "你好我想退货",
            "hi 👍",
            "hi, ok",
            "no",
            "",
            "is this a bot or a human?",
            "am i talking to a bot rn",
            "hi where is my order",
            "ok i want a refund",
            "hey - what's the fee",
            // A connective with no cut after it is a word of the question; alone it is nothing.
            "还有货吗",
            "另外的那个呢",
            "also",
            "anyway, hi",
            "alsooo",
        ] {
            assert_eq!(after_opener(text), None, "{text}");
        }
    }

    #[test]
    fn built_in_data_parses_and_covers_every_act_in_both_languages() {
        let ex = examples();
        for a in ACTS {
            for lang in ["zh", "en"] {
                let n = ex.iter().filter(|e| e.label == a && e.lang == lang).count();
                assert!(n >= 10, "act {a} has {n} {lang} examples");
            }
        }
        assert!(openers().iter().any(|o| o.lang == "zh"));
        assert!(openers().iter().any(|o| o.lang == "en"));
    }

    #[test]
    fn the_lexicon_knows_the_common_short_forms() {
        let cases = [
            ("你好", "greeting"),
            ("您好～", "greeting"),
            ("hello there", "greeting"),
            ("Hi!!", "greeting"),
            ("在吗", "are_you_there"),
            ("在吗？？", "are_you_there"),
            ("在不", "are_you_there"),
            ("亲在不？", "are_you_there"),
            ("u there?", "are_you_there"),
            ("谢谢", "thanks"),
            ("好的谢谢", "thanks"),
            ("thanks!", "thanks"),
            ("拜拜", "goodbye"),
            ("bye", "goodbye"),
            ("👍", "emoji"),
            ("😂😂😂", "emoji"),
            ("哈哈哈哈", "emoji"),
            ("hahaha", "emoji"),
            ("[微笑]", "emoji"),
            ("ok thx", "thanks"),
            ("hi 亲", "greeting"),
            ("ok, bye!", "goodbye"),
            ("hello?? anyone there", "are_you_there"),
            ("Anyone around??", "are_you_there"),
            ("am i talking to a bot right now", "bot_identity"),
            ("谢谢 哈哈", "thanks"),
            ("好的 看到了 谢谢", "thanks"),
            ("ok great", "affirm"),
            ("收到啦，麻烦了", "thanks"),
            ("got it, cheers", "thanks"),
            ("oh ok nice", "affirm"),
            ("不用了 谢谢", "thanks"),
            ("good morning!", "greeting"),
            ("r u a bot lol", "bot_identity"),
            ("haha thank you so much", "thanks"),
            ("你好 打扰了", "thanks"),
            ("你好 打扰一下", "help_request"),
            ("行 那我等等", "affirm"),
            ("ok i'll wait", "affirm"),
        ];
        for (text, want) in cases {
            assert_eq!(lexical(&normalize(text)), Some(want), "{text}");
        }
    }

    #[test]
    fn questions_are_not_small_talk_by_the_lexicon() {
        for text in [
            "你好，我的快递到哪了",
            "hi where is my order",
            "谢谢你们把我的货弄丢了",
            "退款",
            "ok so when does my refund arrive?",
            "ok where is my order",
            "hi 我的快递",
            "great, where is my refund",
            "看到了 但是还没发货",
            "ok good but the box was damaged",
            "我想问一下 我的快递到哪了",
            "quick question, can I return shoes?",
            "can you help me cancel my order",
            "lol where is my order",
            "r u a bot lol where is my parcel",
        ] {
            assert_eq!(lexical(&normalize(text)), None, "{text}");
        }
    }

    #[test]
    fn asking_for_help_before_saying_what_is_an_act_of_its_own() {
        for text in [
            "我想问一下",
            "咨询一下",
            "亲 想问一下～",
            "I have a question",
            "can you help me??",
            "Help!",
            "hi, quick question",
            "hi 我有个问题",
        ] {
            assert_eq!(lexical(&normalize(text)), Some("help_request"), "{text}");
        }
        // Several pieces: a greeting, then the request.
        assert_eq!(
            lexical(&normalize("你好！我想咨询一下")),
            Some("help_request")
        );
        // Every example of the act is recognised as it (no other act's text shadows one).
        for e in examples().iter().filter(|e| e.label == "help_request") {
            assert_eq!(
                lexical(&normalize(&e.text)),
                Some("help_request"),
                "{}",
                e.text
            );
        }
    }

    #[test]
    fn every_lexicon_entry_is_an_act_and_recognised_alone() {
        let extra: Vec<Example> = parse_lines(LEXICON_JSONL, "small-talk lexicon entry");
        assert!(extra.len() >= 30);
        // An entry acts.jsonl already has would never be read (the first example of a key wins).
        let trained: std::collections::HashSet<String> =
            examples().iter().map(|e| key(&e.text)).collect();
        for e in extra {
            assert!(
                !trained.contains(&key(&normalize(&e.text))),
                "{} is already in acts.jsonl",
                e.text
            );
            assert!(is_act(&e.label), "{}: {}", e.text, e.label);
            assert!(lexical(&normalize(&e.text)).is_some(), "{}", e.text);
        }
    }

    #[test]
    fn keys_ignore_punctuation_case_and_repeats() {
        assert_eq!(key("Hiiii!!!"), "hi");
        assert_eq!(key("在 吗？"), "在吗");
        assert_eq!(key("好的好的"), "好的好的");
        assert_eq!(key("谢谢谢谢"), "谢");
        assert_eq!(key("👍👍"), "");
    }
}
