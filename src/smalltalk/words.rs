//! Whether a message the intent head reads as "no", "bye", "ok" or "are you there" says more
//! than that.
//!
//! The acts whose examples are a word or two of reply — deny (不用了, "no thanks"), goodbye (拜拜,
//! 就这些了) and affirm (好的, "ok") — are where short statements the model has not seen land:
//! "东西坏了" read as goodbye (0.95), "没反应" / "doesnt turn on" / "not working" as deny, and
//! answered "好的，明白了。还有其他问题需要帮忙吗？" — an answer beside the point to a customer
//! with a broken product. Such a message uses words none of the act's examples use. A message
//! that contains one of the act's phrases whole ("不用了 我自己弄好了", "nope all good") is the
//! act with a remark. Greetings and thanks often go on in words of their own ("hi, just
//! browsing", "thanks mate") without being anything else, so they are not checked; "are you
//! there" is, because a short follow-up question lands on it ("台湾呢？" after an answer on
//! shipping to Hong Kong).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::text::language::is_han;

/// Chinese particles and fillers: no content, and a run of Chinese characters is cut at them
/// ("东西坏了" → 东西坏, "没了谢谢" → 没 | 谢谢).
const ZH_FILLERS: &str = "了啊呀吧呢哦嘛啦的哈嗯亲喔哟么那";

/// English words that carry no content of their own ("it's broken" is about "broken"), and
/// interjections and fillers ("ah ok thanks anyway").
const FUNCTION_WORDS: [&str; 50] = [
    "a", "an", "the", "it", "its", "it's", "is", "are", "was", "be", "this", "that", "thats",
    "that's", "then", "so", "just", "now", "too", "very", "to", "of", "for", "and", "or", "but",
    "i", "i'm", "im", "you", "me", "my", "we", "all", "ah", "ahh", "oh", "ohh", "hmm", "um", "uh",
    "well", "anyway", "anyways", "tho", "though", "also", "btw", "lol", "haha",
];

/// The acts checked, and whether half the words unexplained is already too many: a "no" or
/// "bye" with one word of its own ("never arrived", "过期了") is a statement, and so is an "are you
/// there" — a short follow-up on the last answer ("台湾呢？", "and taiwan?" after one on shipping to
/// Hong Kong) lands on it and was answered "在的！请问有什么可以帮您？"; so is a "help" or
/// "hello" with words of its own (an assistant command "帮我答复这个邮件", a song name a small
/// bot read as hello); an "ok" with one ("it worked", "好的，找到了") is still an ok.
fn strictness(act: &str) -> Option<bool> {
    match act {
        "deny" | "goodbye" | "are_you_there" | "help_request" | "greeting" => Some(true),
        "affirm" => Some(false),
        _ => None,
    }
}

/// A message's words before they are counted: an English word or number, or a run of Chinese
/// characters between fillers and punctuation, lower case.
enum Piece {
    Latin(String),
    Han(Vec<char>),
}

fn pieces(text: &str) -> Vec<Piece> {
    fn flush_han(run: &mut Vec<char>, out: &mut Vec<Piece>) {
        if !run.is_empty() {
            out.push(Piece::Han(std::mem::take(run)));
        }
    }
    fn flush_latin(word: &mut String, out: &mut Vec<Piece>) {
        if word.chars().any(|c| c.is_ascii_alphanumeric()) {
            out.push(Piece::Latin(std::mem::take(word)));
        }
        word.clear();
    }
    let mut out = Vec::new();
    let (mut han, mut latin) = (Vec::new(), String::new());
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_han(c) {
            flush_latin(&mut latin, &mut out);
            if ZH_FILLERS.contains(c) {
                flush_han(&mut han, &mut out);
            } else {
                han.push(c);
            }
        } else if c.is_ascii_alphanumeric() || c == '\'' || c == '’' {
            flush_han(&mut han, &mut out);
            latin.push(if c == '’' { '\'' } else { c });
        } else {
            flush_han(&mut han, &mut out);
            flush_latin(&mut latin, &mut out);
        }
    }
    flush_han(&mut han, &mut out);
    flush_latin(&mut latin, &mut out);
    out
}

/// The vocabulary an example contributes: its English words, and every pair of adjacent Chinese
/// characters (a lone character between fillers counts alone).
fn vocabulary(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in pieces(text) {
        match p {
            Piece::Latin(w) => out.push(w),
            Piece::Han(run) if run.len() == 1 => out.push(run[0].to_string()),
            Piece::Han(run) => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
    }
    out
}

/// A message's words as the check counts them, each with whether `known` explains it: English
/// words, and Chinese characters, each explained when a known pair covers it (with the character
/// before or after it) or it is known alone — "没有别的了" is explained by 没有 and 有别, "不行就算了"
/// leaves 就.
fn words(text: &str, known: impl Fn(&str) -> bool) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for p in pieces(text) {
        match p {
            Piece::Latin(w) => {
                let k = known(&w) || FUNCTION_WORDS.contains(&w.as_str());
                out.push((w, k));
            }
            Piece::Han(run) => {
                let pair = |i: usize| known(&run[i..i + 2].iter().collect::<String>());
                let pairs: Vec<bool> = (0..run.len().saturating_sub(1)).map(pair).collect();
                for (i, c) in run.iter().enumerate() {
                    let one = c.to_string();
                    let k = known(&one)
                        || (i > 0 && pairs[i - 1])
                        || pairs.get(i).copied().unwrap_or(false);
                    out.push((one, k));
                }
            }
        }
    }
    out
}

/// The words of each act's built-in examples and lexicon entries; those two or more acts share
/// ("ok", "好": small talk whichever act says them) and the pleasantries' (thanks, greeting,
/// goodbye: "cheers" in "ok it came thru now, cheers" read as goodbye) explain any act.
struct ActWords {
    by_act: HashMap<&'static str, HashSet<String>>,
    anywhere: HashSet<String>,
}

fn act_words() -> &'static ActWords {
    static WORDS: OnceLock<ActWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut by_act: HashMap<&'static str, HashSet<String>> = HashMap::new();
        for e in super::examples().iter().chain(super::lexicon_examples()) {
            if let Some(a) = super::act(&e.label) {
                by_act.entry(a).or_default().extend(vocabulary(&e.text));
            }
        }
        let mut acts_of: HashMap<&str, usize> = HashMap::new();
        for w in by_act.values().flatten() {
            *acts_of.entry(w.as_str()).or_default() += 1;
        }
        let mut anywhere: HashSet<String> = acts_of
            .into_iter()
            .filter(|&(_, n)| n >= 2)
            .map(|(w, _)| w.to_string())
            .collect();
        for a in ["thanks", "greeting", "goodbye"] {
            anywhere.extend(by_act.get(a).into_iter().flatten().cloned());
        }
        ActWords { by_act, anywhere }
    })
}

/// A piece of the message is one of the act's phrases. Pieces end at punctuation, and at a
/// space next to a Chinese character (Chinese chat uses spaces as commas: "不用了 我自己弄好了");
/// in English a space is inside the piece ("nope still not here" is not "nope" and a remark).
fn has_phrase_of(text: &str, act: &str) -> bool {
    let lexicon = super::lexicon();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    let mut pieces = Vec::new();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let han_beside = |k: Option<&(usize, char)>| k.is_some_and(|&(_, d)| is_han(d));
        let cut = super::is_sentence_punct(c)
            || (c.is_whitespace()
                && (han_beside(n.checked_sub(1).and_then(|p| chars.get(p)))
                    || han_beside(chars.get(n + 1))));
        if cut {
            pieces.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    pieces.push(&text[start..]);
    pieces
        .into_iter()
        .map(super::key)
        .any(|k| !k.is_empty() && lexicon.get(&k) == Some(&act))
}

/// The words no example of `act` explains, when a message the intent head reads as `act` says
/// more than the act: `act` is deny, goodbye, are_you_there, help_request, greeting or affirm, no
/// piece of the message is one of the act's phrases, and at least half (affirm: over half) of
/// its words are used by no example of the act, of two acts or of a pleasantry, and are not
/// English function words. `None`: the
/// message is the act as far as its words tell. The words are counted after a leading greeting
/// or ok ([`super::after_opener`]): "ok, never arrived" read as deny is "never arrived", while
/// "好的，找到了" read as affirm opens with one of the act's phrases. `text` is normalised.
pub fn says_more(text: &str, act: &str) -> Option<Vec<String>> {
    let strict = strictness(act)?;
    if has_phrase_of(text, act) {
        return None;
    }
    let known = act_words();
    let own = known.by_act.get(act)?;
    let all = words(super::after_opener(text).unwrap_or(text), |w| {
        own.contains(w) || known.anywhere.contains(w)
    });
    let unexplained: Vec<String> = all
        .iter()
        .filter(|(_, k)| !k)
        .map(|(w, _)| w.clone())
        .collect();
    // "Are you there" and "can you help me" examples are made of function words ("is anyone
    // there?"), so a message's words of its own are weighed against its other content words
    // only: "and to the UK?" says more than "are you there", "can you help me book a flight"
    // more than asking for help.
    let n = if act == "are_you_there" || act == "help_request" {
        all.iter()
            .filter(|(w, _)| !FUNCTION_WORDS.contains(&w.as_str()))
            .count()
    } else {
        all.len()
    };
    let u = unexplained.len();
    let more = if strict {
        u > 0 && 2 * u >= n
    } else {
        2 * u > n
    };
    more.then_some(unexplained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follow_up_question_read_as_are_you_there_says_more() {
        for text in [
            "台湾呢？",
            "那澳门呢",
            "新疆呢",
            "and taiwan?",
            "and to the UK?",
            "for a company?",
        ] {
            assert!(says_more(text, "are_you_there").is_some(), "{text}");
        }
        for text in [
            "在吗",
            "有人吗？？",
            "人呢",
            "u there?",
            "hello? anyone?",
            "有人没",
        ] {
            assert_eq!(says_more(text, "are_you_there"), None, "{text}");
        }
    }

    #[test]
    fn words_are_english_words_and_chinese_characters_covered_by_known_pairs() {
        assert_eq!(vocabulary("东西坏了"), ["东西", "西坏"]);
        assert_eq!(vocabulary("没了谢谢"), ["没", "谢谢"]);
        assert_eq!(vocabulary("It’s broken!!"), ["it's", "broken"]);
        assert_eq!(vocabulary("ok 好的 👍"), ["ok", "好"]);
        assert!(vocabulary("😂😂 ...").is_empty());
        let known = |w: &str| matches!(w, "不行" | "算" | "ok");
        let read: Vec<(String, bool)> = words("ok 不行就算了 maybe", known);
        let as_str: Vec<(&str, bool)> = read.iter().map(|(w, k)| (w.as_str(), *k)).collect();
        assert_eq!(
            as_str,
            [
                ("ok", true),
                ("不", true),
                ("行", true),
                ("就", false),
                ("算", true),
                ("maybe", false)
            ]
        );
    }

    #[test]
    fn a_statement_read_as_no_bye_or_ok_says_more() {
        for (text, act) in [
            ("东西到了是坏的", "goodbye"),
            ("东西坏了", "goodbye"),
            ("过期了", "goodbye"),
            ("it's broken", "goodbye"),
            ("nothing happened", "goodbye"),
            ("不能用", "deny"),
            ("少了一个", "deny"),
            ("颜色不对", "deny"),
            ("没反应", "deny"),
            ("doesnt turn on", "deny"),
            ("didnt get it", "deny"),
            ("never arrived", "deny"),
            ("not working", "deny"),
            ("nope still not here", "deny"),
            ("ok, never arrived", "deny"),
            ("收到了但是不能用", "affirm"),
        ] {
            assert!(says_more(text, act).is_some(), "{text} as {act}");
        }
    }

    #[test]
    fn small_talk_in_its_own_words_or_with_a_remark_does_not() {
        for (text, act) in [
            ("不用了", "deny"),
            ("不用了哈", "deny"),
            ("没有了", "deny"),
            ("no thanks", "deny"),
            ("nope all good", "deny"),
            ("no that's it", "deny"),
            ("不用了 我自己弄好了", "deny"),
            ("不用了，已经收到了", "deny"),
            ("拜拜啦亲", "goodbye"),
            ("好的没问题了 拜拜", "goodbye"),
            ("ok thats all for today bye", "goodbye"),
            ("alright then", "goodbye"),
            ("ok it came thru now, cheers", "goodbye"),
            ("ah ok thanks anyway", "goodbye"),
            ("没有别的了", "goodbye"),
            ("不行就算了", "deny"),
            ("see you", "goodbye"),
            ("好的，找到了", "affirm"),
            ("it worked", "affirm"),
            ("ok let me check", "affirm"),
            ("明白了 我再等等", "affirm"),
            ("gotcha", "affirm"),
        ] {
            assert_eq!(says_more(text, act), None, "{text} as {act}");
        }
    }

    #[test]
    fn a_command_or_a_name_read_as_help_or_hello_says_more() {
        // Assistant commands and a song name a small bot's head read as "help" or "hello"
        // (research/open-intent/small-bot.sh): they ask for something, so no "how can I help?".
        for (text, act) in [
            ("请帮我打开电影", "help_request"),
            ("帮我答复这个邮件", "help_request"),
            ("帮我查一下赣州到南昌的火车票", "help_request"),
            ("can you help me book a flight to paris", "help_request"),
            ("泥娃娃", "greeting"),
            ("传简讯给家里", "greeting"),
            ("重新回放今天中午芒果台的电视剧", "greeting"),
        ] {
            assert!(says_more(text, act).is_some(), "{text} as {act}");
        }
        for (text, act) in [
            ("我想问一下", "help_request"),
            ("有个问题想请教一下", "help_request"),
            ("hi, just browsing", "greeting"),
            ("hello there", "greeting"),
            ("你好呀", "greeting"),
        ] {
            assert_eq!(says_more(text, act), None, "{text} as {act}");
        }
    }

    #[test]
    fn every_built_in_example_of_a_checked_act_is_that_act() {
        for e in crate::smalltalk::examples() {
            if strictness(&e.label).is_some() {
                assert_eq!(
                    says_more(&e.text, &e.label),
                    None,
                    "{} as {}",
                    e.text,
                    e.label
                );
            }
        }
    }

    #[test]
    fn thanks_and_the_other_acts_are_not_checked() {
        assert_eq!(
            says_more("thanks mate, the parcel finally came", "thanks"),
            None
        );
        assert_eq!(says_more("东西坏了", "track_order"), None);
    }
}
