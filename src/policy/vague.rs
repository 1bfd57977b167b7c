//! A request with nothing to act on: "帮我改下", "我想update一下", "can you check it for me" — a
//! generic verb (change, check, handle) and no object. Whatever intent the head picks for it is
//! a guess, so the policy asks what it is about instead of answering or calling a person.
//!
//! The test is lexical and strict: every piece of the message must be a generic verb or a
//! function word from the lists below (zh by longest match, en and pinyin-free Latin by word), and
//! at least one generic verb must be there. A single word outside the lists ("改下地址", "change
//! my order", "update my phone number") makes the message specific, so the lists can stay short.
//!
//! Its neighbour, [`bare_topic`]: a message that names a topic and asks nothing about it ("退货",
//! "invoice", "运费的事问一下", "need to cancel something"). A shop's knowledge base holds several
//! entries on most topics (returning vs. the return window, cancelling before vs. after
//! shipping), and whichever one the nearest match picks is a guess.

use crate::text::language::is_han;

/// Verbs that need an object to mean anything in a shop chat. 取消 / 退 are left out: alone
/// they already say which need (cancel the order, return it).
const ZH_VERBS: &[&str] = &[
    "修改",
    "更改",
    "改动",
    "改改",
    "改一改",
    "改",
    "变更",
    "更换",
    "换",
    "查询",
    "查看",
    "查",
    "看看",
    "看",
    "处理",
    "弄",
    "搞",
    "整",
    "办理",
    "办",
    "操作",
    "设置",
    "调整",
    "更新",
];

/// Words that carry no object: pronouns, modals, particles, "a bit", "a thing", "how" ("想改一下
/// 怎么弄" names no more than "想改一下").
const ZH_FILLERS: &[&str] = &[
    "能不能",
    "可不可以",
    "可以",
    "能否",
    "能",
    "麻烦",
    "帮忙",
    "帮我",
    "帮",
    "请问",
    "请",
    "怎么",
    "怎样",
    "如何",
    "咋",
    "我想",
    "我要",
    "想要",
    "需要",
    "想",
    "要",
    "你们",
    "您",
    "你",
    "我",
    "一下子",
    "一下",
    "下",
    "一个",
    "个",
    "一些",
    "些",
    "一点",
    "东西",
    "事情",
    "事",
    "地方",
    "点",
    "它",
    "这个",
    "那个",
    "这边",
    "那边",
    "这",
    "那",
    "给",
    "把",
    "再",
    "还",
    "也",
    "先",
    "马上",
    "赶紧",
    "有",
    "吗",
    "嘛",
    "么",
    "呢",
    "啊",
    "呀",
    "吧",
    "哈",
    "哦",
    "噢",
    "了",
    "的",
    "亲",
];

const EN_VERBS: &[&str] = &[
    "change", "changes", "changed", "changing", "update", "updated", "updating", "edit", "modify",
    "modified", "check", "checked", "fix", "fixed", "sort", "sorted", "handle", "adjust", "amend",
    "correct", "look",
];

const EN_FILLERS: &[&str] = &[
    "how",
    "i",
    "i'd",
    "i'm",
    "id",
    "im",
    "want",
    "wanna",
    "would",
    "like",
    "to",
    "need",
    "needs",
    "can",
    "could",
    "you",
    "u",
    "please",
    "pls",
    "plz",
    "help",
    "me",
    "my",
    "something",
    "some",
    "thing",
    "things",
    "stuff",
    "it",
    "this",
    "that",
    "a",
    "an",
    "the",
    "do",
    "make",
    "get",
    "just",
    "quick",
    "hi",
    "hey",
    "hello",
    "there",
    "ok",
    "okay",
    "into",
    "at",
    "out",
    "for",
    "with",
    "one",
    "bit",
    "little",
    "sorry",
    "again",
    "real",
    "quickly",
    "now",
    "is",
    "be",
    "thanks",
    "thx",
    "asap",
];

/// Words that frame a topic without asking anything about it: "the … matter", "a question about",
/// the verbs of "deal with it" (弄); with the fillers above, Chinese "how" too ("怎么取消", "地址咋弄":
/// what do I do about it). 改 / 换 / 查 are left out: "改地址" asks for something. English "how"
/// counts as a word: "how do i return this" names an act ("how do i make an account").
const ZH_TOPIC_FRAME: &[&str] = &[
    "的事情",
    "的事儿",
    "的事",
    "的问题",
    "问题",
    "问一下",
    "问下",
    "问问",
    "问个",
    "那块",
    "这块",
    "咨询一下",
    "咨询",
    "关于",
    "方面",
    "弄",
    "搞",
    "整",
    "办",
    "处理",
    "你好",
    "您好",
    "在吗",
    "在不在",
];

const EN_TOPIC_FRAME: &[&str] = &[
    "problem",
    "problems",
    "issue",
    "issues",
    "question",
    "questions",
    "q",
    "about",
    "regarding",
    "re",
    "have",
    "has",
    "got",
    "your",
    "ur",
    "with",
    "of",
    "on",
];

/// At most this many Chinese characters name a bare topic: a shop's topics are mostly words of
/// two (退货, 发票, 运费, 密码, 取消); three are as often a verb and its object that say the
/// need (忘密码, 开发票, 运费算 in "运费怎么算").
const MAX_TOPIC_HAN: usize = 2;

/// A piece of a message as both tests read it: an English word, the longest Chinese word of the
/// lists given that starts here (with its list's index; an earlier list wins a tie), a Chinese
/// character none of them starts with, or a digit / another script (an order number, a name).
enum Piece<'a> {
    Latin(&'a str),
    Listed(usize, &'static str),
    Han(char),
    Other,
}

/// Walks `lower` (lower-cased) piece by piece, punctuation and spaces skipped, until `visit`
/// returns `false`; `true` when it saw every piece.
fn walk<'a>(
    lower: &'a str,
    lists: &[&[&'static str]],
    mut visit: impl FnMut(Piece<'a>) -> bool,
) -> bool {
    let mut rest = lower;
    while let Some(c) = rest.chars().next() {
        let (piece, taken) = if c.is_ascii_alphabetic() || c == '\'' {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
                .unwrap_or(rest.len());
            (Some(Piece::Latin(&rest[..end])), end)
        } else if is_han(c) {
            let mut best: Option<(usize, &'static str)> = None;
            for (i, list) in lists.iter().enumerate() {
                for &w in list.iter().filter(|w| rest.starts_with(**w)) {
                    if best.is_none_or(|(_, b)| w.len() > b.len()) {
                        best = Some((i, w));
                    }
                }
            }
            match best {
                Some((i, w)) => (Some(Piece::Listed(i, w)), w.len()),
                None => (Some(Piece::Han(c)), c.len_utf8()),
            }
        } else if c.is_alphanumeric() {
            (Some(Piece::Other), c.len_utf8())
        } else {
            (None, c.len_utf8())
        };
        if piece.is_some_and(|p| !visit(p)) {
            return false;
        }
        rest = &rest[taken..];
    }
    true
}

fn lowered(text: &str) -> String {
    text.to_lowercase().replace('’', "'")
}

/// The topic of a message that names one and asks nothing about it — one English word, or at
/// most [`MAX_TOPIC_HAN`] Chinese characters, once fillers and topic frames are left out — or
/// `None`. A digit (an order number, an amount) makes it specific.
pub fn bare_topic(text: &str) -> Option<String> {
    let lower = lowered(text);
    let (mut en, mut han) = (Vec::new(), String::new());
    let whole = walk(&lower, &[ZH_FILLERS, ZH_TOPIC_FRAME], |p| match p {
        Piece::Latin(w) => {
            if w == "how" || !(EN_FILLERS.contains(&w) || EN_TOPIC_FRAME.contains(&w)) {
                en.push(w);
            }
            true
        }
        Piece::Listed(..) => true,
        Piece::Han(c) => {
            han.push(c);
            true
        }
        Piece::Other => false,
    });
    if !whole {
        return None;
    }
    // A generic verb alone names nothing: that is a vague request.
    match (en.as_slice(), han.chars().count()) {
        ([word], 0) if !EN_VERBS.contains(word) => Some((*word).to_string()),
        ([], 1..=MAX_TOPIC_HAN) if !ZH_VERBS.contains(&han.as_str()) => Some(han),
        _ => None,
    }
}

/// The generic verb of a request that names nothing to act on, or `None` when the message says
/// more than that (or is not a request at all).
pub fn vague_request(text: &str) -> Option<String> {
    let lower = lowered(text);
    let mut verb: Option<&str> = None;
    let whole = walk(&lower, &[ZH_VERBS, ZH_FILLERS], |p| match p {
        Piece::Latin(w) if EN_VERBS.contains(&w) => {
            verb.get_or_insert(w);
            true
        }
        Piece::Latin(w) => EN_FILLERS.contains(&w),
        Piece::Listed(0, v) => {
            verb.get_or_insert(v);
            true
        }
        Piece::Listed(..) => true,
        // Something to act on: a word of its own, an order number, a name.
        Piece::Han(_) | Piece::Other => false,
    });
    verb.filter(|_| whole).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generic_verb_with_no_object_is_vague() {
        for (text, verb) in [
            ("帮我改下", "改"),
            ("我想update一下", "update"),
            ("我要修改一下", "修改"),
            ("能帮我查一下吗？", "查"),
            ("帮忙处理下", "处理"),
            ("I want to change something", "change"),
            ("can you check it for me pls", "check"),
            ("I’d like to update something", "update"),
            ("need to fix this", "fix"),
            ("有个地方要改", "改"),
            ("帮我整一下", "整"),
            ("想改一下 怎么弄", "改"),
            ("how do i change it", "change"),
            ("I need to make a change", "change"),
            ("i need something changed asap", "changed"),
        ] {
            assert_eq!(vague_request(text).as_deref(), Some(verb), "{text}");
        }
    }

    #[test]
    fn a_named_thing_makes_it_specific() {
        for text in [
            "帮我改下地址",
            "我想改一下收货人电话",
            "查一下订单",
            "帮我查下物流",
            "change my order",
            "I want to update my phone number",
            "check order 2023112845678901",
            "帮我改下资料",
            "i need to make a change to my address",
            "can you check #A83920",
            "我想取消一下",
            "我想退一下",
            "我想问一下",
            "I have a question",
            "你好",
            "hi there",
            "",
            "👍",
        ] {
            assert_eq!(vague_request(text), None, "{text}");
        }
    }

    /// The rule must not catch messages that say what they need: none of the shipped intent
    /// training rows (14k zh/en shop messages, each labelled with its need) nor the knowledge
    /// base's example questions is taken for vague.
    #[test]
    fn no_message_that_names_its_need_is_taken_for_vague() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = std::fs::read_dir(root.join("training-data/intents"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.push(root.join("kb/default.jsonl"));
        let (mut seen, mut caught) = (0, Vec::new());
        for path in files {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let texts: Vec<&str> = match v["questions"].as_array() {
                    Some(q) => q.iter().filter_map(|q| q.as_str()).collect(),
                    None => v["text"].as_str().into_iter().collect(),
                };
                for t in texts {
                    seen += 1;
                    if vague_request(t).is_some() {
                        caught.push(t.to_string());
                    }
                }
            }
        }
        assert!(seen > 10_000, "{seen}");
        assert!(caught.is_empty(), "{} of {seen}: {caught:?}", caught.len());
    }

    #[test]
    fn a_topic_with_nothing_asked_about_it_is_bare() {
        for (text, topic) in [
            ("退货", "退货"),
            ("发票", "发票"),
            ("我的订单", "订单"),
            ("运费的事问一下", "运费"),
            ("密码的问题", "密码"),
            ("地址要弄一下", "地址"),
            ("怎么取消啊", "取消"),
            ("地址咋弄", "地址"),
            ("你好 退款", "退款"),
            ("invoice", "invoice"),
            ("coupon??", "coupon"),
            ("payment problem", "payment"),
            ("need to cancel something", "cancel"),
            ("invoice 的事情问一下", "invoice"),
            ("帮我 cancel 一下", "cancel"),
            ("hi, question about my refund", "refund"),
            ("问个优惠的问题", "优惠"),
            ("delivery那块想问下", "delivery"),
            ("quick q about cancelling", "cancelling"),
        ] {
            assert_eq!(bare_topic(text).as_deref(), Some(topic), "{text}");
        }
    }

    #[test]
    fn a_question_or_a_detail_about_the_topic_is_not_bare() {
        for text in [
            "快递咋还没到",
            "优惠券怎么领",
            "支持到付吗",
            "想换个别的颜色",
            "运费怎么算的",
            "我忘了密码",
            "想开个发票",
            "how do i make an account",
            "how do i return this",
            "where is my order",
            "refund status",
            "请问 can I ship to 新加坡?",
            "order 88213407",
            "退款 300",
            "你好",
            "hi",
            "help",
            "帮我改下",
            "I want to change something",
            "",
            "👍",
        ] {
            assert_eq!(bare_topic(text), None, "{text}");
        }
    }
}
