//! What the customer's own words say: a phrase from a list, and the anger cues (phrases,
//! "!!", shouting, angry emoji).

use std::borrow::Cow;

use crate::text::language::is_han;

/// Lower case without apostrophes, which phones type curly and customers often leave out.
pub(super) fn fold(text: &str) -> String {
    text.to_lowercase().replace(['’', '\''], "")
}

/// A list entry folded: most are already (lower case, no apostrophe) and are used as they are,
/// with no copy per entry and message (a policy holds a few hundred).
pub(super) fn folded(entry: &str) -> Cow<'_, str> {
    if entry
        .chars()
        .any(|c| c.is_uppercase() || c == '’' || c == '\'')
    {
        Cow::Owned(fold(entry))
    } else {
        Cow::Borrowed(entry)
    }
}

/// The first phrase the text contains, ignoring case and apostrophes ("that’s" and "thats"
/// match "that's"). A phrase that starts with a Latin letter or digit starts a word in the text
/// ("sue you" is not in "issue your", "hack" not in "shack"; "refund" still covers "refunded"),
/// and one of digits alone stands alone ("315", the consumer-rights hotline, is not in order
/// 2026031512345678).
pub fn matched_phrase<'a>(text: &str, phrases: &'a [String]) -> Option<&'a str> {
    first_phrase(&fold(text), phrases, contains_phrase)
}

/// [`matched_phrase`] after the words that hold a phrase without meaning it are blanked out
/// (`exceptions`: 扫地机器人 holds 机器人, 没用过 "never used" holds 没用 "useless").
pub fn matched_phrase_except<'a>(
    text: &str,
    phrases: &'a [String],
    exceptions: &[String],
) -> Option<&'a str> {
    first_phrase(&blanked(text, exceptions), phrases, contains_phrase)
}

/// The folded text with every exception replaced by spaces (so a phrase cannot span the gap).
fn blanked(text: &str, exceptions: &[String]) -> String {
    let mut lower = fold(text);
    for e in exceptions
        .iter()
        .map(|e| folded(e))
        .filter(|e| !e.is_empty())
    {
        if lower.contains(e.as_ref()) {
            lower = lower.replace(e.as_ref(), &" ".repeat(e.chars().count()));
        }
    }
    lower
}

fn first_phrase<'a>(
    lower: &str,
    phrases: &'a [String],
    contains: impl Fn(&str, &str) -> bool,
) -> Option<&'a str> {
    phrases
        .iter()
        .find(|p| !p.is_empty() && contains(lower, &folded(p)))
        .map(|p| p.as_str())
}

pub(super) fn latin(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// `phrase` in `text` (both folded) where a phrase starting with a Latin letter or digit starts a
/// word, and a phrase of digits alone is not part of a longer number.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    if !latin(phrase.chars().next()) {
        return text.contains(phrase);
    }
    let number = phrase.chars().all(|c| c.is_ascii_digit());
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        let longer_number = number && after.is_some_and(|c| c.is_ascii_digit());
        !latin(before) && !longer_number
    })
}

/// `phrase` in `text` (both folded), a Latin-letter phrase as whole words with a plural "s"
/// allowed ("liars"; "liar" is not in "familiar", "lying" not in "flying" or "replying").
fn contains_words(text: &str, phrase: &str) -> bool {
    if !phrase.chars().any(|c| c.is_ascii_alphabetic()) {
        return text.contains(phrase);
    }
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let mut after = text[i + phrase.len()..].chars();
        let next = after.next();
        !latin(before) && (!latin(next) || (next == Some('s') && !latin(after.next())))
    })
}

/// The first anger phrase in a message: Chinese ones anywhere, English ones as whole words
/// ([`contains_words`]), after the words that hold a phrase without meaning it (`exceptions`:
/// 空气炸锅 holds 气炸, 垃圾袋 垃圾, "几天能退钱" asks rather than demands 退钱) are blanked.
pub fn anger_phrase<'a>(
    text: &str,
    phrases: &'a [String],
    exceptions: &[String],
) -> Option<&'a str> {
    first_phrase(&blanked(text, exceptions), phrases, contains_words)
}

/// The anger cue in a message, described for the reason detail: a phrase from the list
/// ([`anger_phrase`]), a run of "!!" / "??" / "?!" (half- or full-width), a shouted word (four or
/// more capital letters, no lowercase), or an angry emoji.
pub fn anger_cue(text: &str, phrases: &[String], exceptions: &[String]) -> Option<String> {
    if let Some(p) = anger_phrase(text, phrases, exceptions) {
        return Some(format!("\"{p}\""));
    }
    let marks: Vec<char> = text
        .chars()
        .map(|c| match c {
            '！' => '!',
            '？' => '?',
            c => c,
        })
        .collect();
    if marks
        .windows(2)
        .any(|w| matches!(w, ['!', '!'] | ['?', '?'] | ['?', '!'] | ['!', '?']))
    {
        return Some("repeated ! or ?".into());
    }
    let shouted = text
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_ascii_uppercase()));
    if shouted {
        return Some("a word in capitals".into());
    }
    const ANGRY: [char; 5] = ['😡', '🤬', '😤', '💢', '👿'];
    text.chars()
        .find(|c| ANGRY.contains(c))
        .map(|c| format!("emoji {c}"))
}

/// Whether a message asks something: a question mark, a Chinese question word or particle, or
/// an English question word or auxiliary. Strict where a word also states: 啥 / 什么 / 哪 followed
/// by 都 or 也 mean "anything" / "anywhere" (啥都没有, 哪里都找不到), and 还是 asks ("A 还是 B")
/// only after a 是 and not before 不 / 没 (其他码还是灰的, 还是不行 state).
pub fn asks_something(text: &str) -> bool {
    if text.contains(['?', '？']) {
        return true;
    }
    // 呢 asks ("那运费呢") except in "还以为…呢" (I thought…).
    if text.contains('呢') && !text.contains("以为") {
        return true;
    }
    const ZH: [&str; 20] = [
        "吗",
        "嘛",
        "怎",
        "如何",
        "多久",
        "多少",
        "为什么",
        "为啥",
        "咋",
        "是不是",
        "能不能",
        "可不可以",
        "要不要",
        "有没有",
        "会不会",
        "几天",
        "几时",
        "什么时候",
        "啥时候",
        "是否",
    ];
    if ZH.iter().any(|w| text.contains(w)) {
        return true;
    }
    // 啥 / 什么 / 哪(里|儿) ask unless 都 / 也 follows ("anything", "anywhere").
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let len = match (c, chars.get(i + 1)) {
            ('什', Some('么')) | ('哪', Some('里' | '儿')) => 2,
            ('啥' | '哪', _) => 1,
            _ => continue,
        };
        if !matches!(chars.get(i + len), Some('都' | '也')) {
            return true;
        }
    }
    // "A 还是 B" asks after a 是; 还是 before 不 / 没 is "still" (还是不行, 其他码还是灰的 state).
    for (i, w) in chars.windows(2).enumerate() {
        if w == ['还', '是']
            && !matches!(chars.get(i + 2), Some('不' | '没'))
            && chars[..i].contains(&'是')
        {
            return true;
        }
    }
    // "A 不 A" / "A 没 A" asks yes or no whatever the verb (定金退不退, 包不包邮, 收没收到).
    if chars.windows(3).any(|w| {
        w[0] == w[2] && matches!(w[1], '不' | '没') && is_han(w[0]) && !matches!(w[0], '不' | '没')
    }) {
        return true;
    }
    // A clause that ends in 不 / 没 / 没有 asks yes or no ("能一块儿用不", "到账了没"), unless a
    // 都 / 也 / 还 makes it a plain negation (啥都没有, 也没有) or it follows 以为 / 因为.
    for clause in text.split(|c: char| !is_han(c)) {
        let c: Vec<char> = clause.chars().collect();
        let n = c.len();
        let before = |k: usize| (n > k).then(|| c[n - 1 - k]);
        let negation =
            |k: usize| matches!(before(k), Some('都' | '也' | '还' | '并' | '从' | '为'));
        let asks = match c.last() {
            Some('不' | '没') => n >= 3 && !negation(1),
            Some('有') if before(1) == Some('没') => n >= 4 && !negation(2),
            _ => false,
        };
        if asks {
            return true;
        }
    }
    let lower = text.to_lowercase().replace(['’', '\''], "");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    const WH: [&str; 11] = [
        "how", "what", "whats", "when", "where", "wheres", "why", "which", "who", "hows", "whom",
    ];
    const AUX: [&str; 14] = [
        "can", "could", "do", "does", "did", "is", "are", "will", "would", "should", "am", "may",
        "shall", "any",
    ];
    const SUBJECT: [&str; 9] = ["i", "you", "u", "it", "there", "they", "we", "my", "this"];
    words.iter().any(|w| WH.contains(w))
        || words
            .windows(2)
            .any(|p| AUX.contains(&p[0]) && SUBJECT.contains(&p[1]))
}

/// Which of `n` numbered options a reply to a clarifying question picks, 0-based: the whole
/// message is an ordinal or a number, give or take "the", "one", "option", 个, 吧, 那个 and
/// punctuation — "2", "2.", "第二个", "第2个吧", "后者", "the second one", "option 3", "#1",
/// "the last one". Anything more ("2 of them arrived broken", "第二个问题是…") is no choice.
pub fn chosen_option(text: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    let lower = text.to_lowercase();
    let t: String = lower
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。！？、～".contains(*c))
        .collect();
    const FILLERS: [&str; 15] = [
        "option", "number", "no", "the", "one", "please", "pls", "个", "吧", "那个", "这个", "选",
        "项", "条", "谢谢",
    ];
    let mut core = t.as_str();
    // Strip fillers from both ends until nothing changes.
    loop {
        let before = core.len();
        for f in FILLERS {
            core = core.strip_prefix(f).unwrap_or(core);
            core = core.strip_suffix(f).unwrap_or(core);
        }
        if core.len() == before {
            break;
        }
    }
    let ordinal = |words: &[&str]| words.contains(&core);
    let pick = if ordinal(&["1", "1st", "first", "一", "第一", "第1", "前者", "头一"]) {
        0
    } else if ordinal(&["2", "2nd", "second", "二", "第二", "第2"]) {
        1
    } else if ordinal(&["3", "3rd", "third", "三", "第三", "第3"]) {
        2
    } else if ordinal(&["last", "最后", "最后一", "后者"]) {
        n - 1
    } else {
        return None;
    };
    (pick < n).then_some(pick)
}

/// The bracketed pieces of a message (`[图片]`, `【image】`), in order: the text since the last
/// one, what is inside, and where the piece ends. Stops at a bracket that does not close.
fn bracketed(text: &str) -> impl Iterator<Item = (&str, &str, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let rest = &text[from..];
        let open = rest.find(['[', '【'])?;
        let inside = open + rest[open..].chars().next().map_or(1, char::len_utf8);
        let close = inside + rest[inside..].find([']', '】'])?;
        let end = close + rest[close..].chars().next().map_or(1, char::len_utf8);
        let piece = (&rest[..open], &rest[inside..close], from + end);
        from += end;
        Some(piece)
    })
}

/// The placeholder of `placeholders` a bracketed piece is, case aside.
fn placeholder<'a>(inner: &str, placeholders: &'a [String]) -> Option<&'a str> {
    let inner = inner.trim().to_lowercase();
    placeholders
        .iter()
        .find(|p| p.to_lowercase() == inner)
        .map(String::as_str)
}

/// The first photo, file, voice or link placeholder of `placeholders` bracketed anywhere in the
/// message ("收到的碗碎了俩 [图片][图片] 你们看咋办吧").
pub fn media_in<'a>(text: &str, placeholders: &'a [String]) -> Option<&'a str> {
    bracketed(text).find_map(|(_, inner, _)| placeholder(inner, placeholders))
}

/// The placeholder, when a message is nothing but bracketed placeholders (and spaces or
/// punctuation) and one of them is a photo, file, voice message or link of `placeholders`.
pub fn media_only<'a>(text: &str, placeholders: &'a [String]) -> Option<&'a str> {
    let between = |gap: &str| {
        gap.chars().all(|c| {
            c.is_whitespace() || c.is_ascii_punctuation() && c != '[' || "，。！？、".contains(c)
        })
    };
    let (mut media, mut end) = (None, 0);
    for (i, (gap, inner, piece_end)) in bracketed(text).enumerate() {
        let fits = if i == 0 {
            gap.trim().is_empty()
        } else {
            between(gap)
        };
        if !fits {
            return None;
        }
        media = media.or_else(|| placeholder(inner, placeholders));
        end = piece_end;
    }
    if end == 0 || !between(&text[end..]) {
        return None;
    }
    media
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_in_finds_a_placeholder_anywhere_and_only_a_known_one() {
        let p: Vec<String> = ["图片", "image"].iter().map(|x| x.to_string()).collect();
        assert_eq!(
            media_in("收到的碗碎了俩 [图片][图片] 你们看咋办吧", &p),
            Some("图片")
        );
        assert_eq!(media_in("see 【Image】 pls", &p), Some("image"));
        assert_eq!(media_in("order [A123] arrived [图片", &p), None);
        assert_eq!(media_in("杯子碎了 怎么办", &p), None);
    }

    #[test]
    fn a_reply_to_numbered_options_picks_one() {
        for (text, want) in [
            ("2", Some(1)),
            ("2.", Some(1)),
            ("第二个", Some(1)),
            ("第2个吧", Some(1)),
            ("选第一个", Some(0)),
            ("前者", Some(0)),
            ("后者", Some(2)),
            ("the second one", Some(1)),
            ("Option 3", Some(2)),
            ("#1", Some(0)),
            ("the last one please", Some(2)),
            ("last one", Some(2)),
            ("4", None),
            ("2 of them arrived broken", None),
            ("第二个问题是运费", None),
            ("one more thing", None),
            ("yes", None),
        ] {
            assert_eq!(chosen_option(text, 3), want, "{text}");
        }
        assert_eq!(chosen_option("1", 0), None);
    }

    #[test]
    fn questions_ask_and_reports_state() {
        for q in [
            "那关税 who pays",
            "需要给你们提供啥资料",
            "万一是假的怎么赔",
            "新鞋是现在就寄还是等我把旧的寄回去",
            "what happens if mine turns out fake",
            "can i still get one",
            "退款多久到",
            "哪来的售后",
            "运费退吗",
            "是不是要重新下单",
            "领到了 那店铺券跟平台券能一块儿用不",
            "退款到账了没有",
            "那运费呢",
            "现在不想要了 定金退不退",
            "满99包不包邮",
            "你们收没收到我寄回去的",
        ] {
            assert!(asks_something(q), "{q}");
        }
        for r in [
            "进了换货页面 尺码只能选我原来那个 其他码全是灰的 选不了新尺码",
            "查看发票点开一片白 邮箱里也啥都没有",
            "设置里翻遍了 哪里都找不到 什么也没有",
            "其他码还是灰的",
            "点了也没有 邮箱里也啥都没有",
            "点都点不了",
            "哦哦 一开始以为没有 原来是没登录 现在看到了",
            "我刚还以为没这个功能呢 原来藏在设置里 好的",
            "Price Protection isn't listed anywhere under that order. Checked on the website too.",
            "the unsubscribe link opens a page that says 404 not found",
            "I did that and it just keeps spinning",
            "thanks, found it",
        ] {
            assert!(!asks_something(r), "{r}");
        }
    }

    #[test]
    fn phrases_match_whatever_the_case_and_apostrophes() {
        let list = vec!["that's not what i".to_string(), "答非所问".to_string()];
        for text in [
            "That's not what I asked",
            "that’s not what i asked",
            "thats not what i meant",
            "THATS NOT WHAT I SAID",
            "又答非所问",
        ] {
            assert!(matched_phrase(text, &list).is_some(), "{text}");
        }
        for text in ["what's wrong with my order", "that is fine", ""] {
            assert_eq!(matched_phrase(text, &list), None, "{text}");
        }
    }

    #[test]
    fn latin_phrases_start_a_word_and_numbers_stand_alone() {
        let list: Vec<String> = ["sue you", "hack", "315", "refund"]
            .map(String::from)
            .to_vec();
        for (text, want) in [
            ("I will sue you", "sue you"),
            ("my account got hacked", "hack"),
            ("被hack了", "hack"),
            ("我要打315投诉", "315"),
            ("315热线", "315"),
            ("refunded twice?", "refund"),
        ] {
            assert_eq!(matched_phrase(text, &list), Some(want), "{text}");
        }
        for text in [
            "could you issue your invoice again",
            "the shack on the box",
            "订单号2026031512345678 到哪了",
            "my phone is 13153159999",
        ] {
            assert_eq!(matched_phrase(text, &list), None, "{text}");
        }
    }

    #[test]
    fn exceptions_hide_the_phrases_they_hold() {
        let list: Vec<String> = ["机器人", "没用"].map(String::from).to_vec();
        let except: Vec<String> = ["扫地机器人", "没用过"].map(String::from).to_vec();
        assert_eq!(
            matched_phrase_except("扫地机器人坏了", &list, &except),
            None
        );
        assert_eq!(
            matched_phrase_except("耳机没用过 能退吗", &list, &except),
            None
        );
        assert_eq!(
            matched_phrase_except("你这机器人真没用", &list, &except),
            Some("机器人")
        );
        // Blanked, not removed: the words either side do not join into a phrase.
        assert_eq!(
            matched_phrase_except("没扫地机器人用", &list, &except),
            None
        );
    }

    #[test]
    fn a_message_of_media_placeholders_is_told_from_emoticons_and_text() {
        let p = crate::policy::config::HandoffRules::default().media_placeholders;
        for t in [
            "[图片]",
            "[图片] [图片]",
            "[Image]",
            " [photo] ",
            "【视频】",
            "[语音], [图片]",
        ] {
            assert!(media_only(t, &p).is_some(), "{t}");
        }
        for t in [
            "[微笑]",
            "[微笑][微笑]",
            "[photo] this is the jar",
            "图片",
            "[]",
            "hi",
            "",
        ] {
            assert_eq!(media_only(t, &p), None, "{t}");
        }
    }

    #[test]
    fn anger_cues_are_described_and_absent_from_plain_text() {
        let p = crate::policy::config::built_in_anger_phrases();
        let x = crate::policy::config::built_in_anger_exceptions();
        assert!(p.len() > 50 && p.iter().all(|x| !x.is_empty() && !x.starts_with('#')));
        assert_eq!(anger_cue("气死我了", &p, &x).as_deref(), Some("\"气死\""));
        assert_eq!(
            anger_cue("快点！！", &p, &x).as_deref(),
            Some("repeated ! or ?")
        );
        assert_eq!(
            anger_cue("PLEASE answer", &p, &x).as_deref(),
            Some("a word in capitals")
        );
        assert_eq!(anger_cue("ok 💢", &p, &x).as_deref(), Some("emoji 💢"));
        for calm in [
            "我的快递到哪了？",
            "Where is my order? ID 12345",
            "请问有发票吗",
            "OK thx",
            "iPhone 15 PRO",
            // A cue inside a word that does not mean it: a product, another word, a question.
            "前天刚买的空气炸锅 今天降了40块 差价能补给我吗",
            "滚筒洗衣机的门打不开",
            "买了一卷垃圾袋 少发了一卷",
            "爆炸盐少发了一袋",
            "退货已经寄回去了 你们仓库收到以后几天能退钱",
            "not familiar with the app, where do i see my orders",
            "flying out tomorrow, can it arrive today",
            "the scrap of paper in the box says return within 7 days",
        ] {
            // "PRO" is three letters: short acronyms (ID, OK, USB) are not shouting.
            assert_eq!(anger_cue(calm, &p, &x), None, "{calm}");
        }
        // The same cues meant: whole words, a plural, a demand.
        for (angry, cue) in [
            ("you are liars", "\"liar\""),
            ("stop lying to me", "\"lying\""),
            ("what a load of crap", "\"crap\""),
            ("垃圾店 退钱", "\"垃圾\""),
            ("赶紧给我退钱", "\"退钱\""),
            ("气炸了 三天了还没发货", "\"气炸\""),
        ] {
            assert_eq!(anger_cue(angry, &p, &x).as_deref(), Some(cue), "{angry}");
        }
    }
}
