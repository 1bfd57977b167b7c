//! "Two weeks and still no refund": a wait longer than the shop promises, said together with
//! "still not". The bot's answers are how long things usually take and where to look — the
//! customer has waited past both, and only a person can chase the parcel or the refund. Found
//! by probing: "my refund hasnt arrived yet its been 2 weeks", "快递十天了还没到", "still waiting
//! for my refund after 15 days" were answered with the tracking page or "refunds take 1–7
//! days"; every such message in the chat tuning sets is labelled a handoff.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// A Chinese or Arabic number of days, weeks or months ("十天", "两周", "三个礼拜", "半个月", "20天").
static ZH_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]+|[一二两三四五六七八九十半]+)\s*(个星期|个礼拜|个月|星期|礼拜|天|日|周|月)")
        .expect("built-in regex")
});
/// The same in English ("2 weeks", "a month", "ten days", "a couple of weeks").
static EN_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([0-9]+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple|few|several)\s+(?:of\s+)?(days?|weeks?|wks?|months?)\b")
        .expect("built-in regex")
});
/// What the shop promised, in Chinese: "你们不是说2到4天吗", "说好48小时发货", "页面写着3天到".
static ZH_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:不是说|说好的?|说是|说过|你们说|客服说|承诺|保证|写着|写的是?|标着|标的是?)[^，。！？,.!?\s]{0,4}?([0-9]+|[一二两三四五六七八九十]+)\s*(?:[到至~～\-]\s*([0-9]+|[一二两三四五六七八九十]+)\s*)?(个?工作日|个?小时|天|日)")
        .expect("built-in regex")
});
/// The same in English: "you said 2-4 days", "supposed to arrive in 3 days", "promised 48 hours".
static EN_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:said|promised|supposed to|should have|quoted|guaranteed)\b[^.!?]{0,25}?\b([0-9]+)(?:\s*(?:-|–|to)\s*([0-9]+))?\s*(?:business |working )?(days?|hours?|hrs?)\b")
        .expect("built-in regex")
});
/// "last week", "last month".
static EN_LAST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\blast (week|month)\b").expect("built-in regex"));
/// Still not there, not refunded, not moved; or still happening (还在收短信) after it should have stopped.
static NOT_YET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)还没|还在|仍然|依然|照样|还是(?:天天|每天|一直|收到|能)|没到|没收到|还是没|一直没|都没|未到|没动|没更新|没发货|没退|没见|不到账|\bstill\b|\byet\b|\bnever\b|\b(?:hasn'?t|haven'?t)\s+(?:\w+\s+)?(?:arrived|come|received|got|gotten|moved|shipped|seen|heard|been)\b|\bdidn'?t (?:come|arrive|get|receive|show)|\bnot (?:arrived|received|shipped|here|come|moved)\b|\bno (?:refund|money|update|sign)\b|\bnothing\b|\bwaiting\b|\bwaited\b|\bwhere(?:'s| is| are)\b|到哪|在哪|等了")
        .expect("built-in regex")
});

fn zh_number(s: &str) -> Option<f32> {
    if let Ok(n) = s.parse::<f32>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as f32)
            .or((c == '两').then_some(2.0))
    };
    if s == "半" {
        return Some(0.5);
    }
    match s.split_once('十') {
        Some((tens, ones)) => {
            let t = if tens.is_empty() {
                1.0
            } else {
                digit(tens.chars().next()?)?
            };
            let o = match ones.chars().next() {
                Some(c) => digit(c)?,
                None => 0.0,
            };
            (tens.chars().count() <= 1 && ones.chars().count() <= 1).then_some(t * 10.0 + o)
        }
        None if s.chars().count() == 1 => digit(s.chars().next()?),
        None => None,
    }
}

fn en_number(s: &str) -> Option<f32> {
    if let Ok(n) = s.parse::<f32>() {
        return Some(n);
    }
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match s.to_lowercase().as_str() {
        "a" | "an" => Some(1.0),
        "couple" => Some(2.0),
        "few" | "several" => Some(3.0),
        w => words.iter().position(|x| *x == w).map(|p| p as f32),
    }
}

/// The longest wait the message states, in days. A span that bounds a period ("7天内",
/// "within 7 days": the return window) is not a wait.
pub fn waited_days(text: &str) -> f32 {
    let mut best: f32 = 0.0;
    for c in ZH_SPAN.captures_iter(text) {
        let (Some(n), Some(unit)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let rest = &text[unit.end()..];
        if ["内", "以内", "之内"].iter().any(|w| rest.starts_with(w)) {
            continue;
        }
        let Some(n) = zh_number(n.as_str()) else {
            continue;
        };
        let per = match unit.as_str() {
            "天" | "日" => 1.0,
            "个月" | "月" => 30.0,
            _ => 7.0,
        };
        // "五月" is May, not five months; "个月" always counts.
        if unit.as_str() == "月" && n.fract() == 0.0 {
            continue;
        }
        best = best.max(n * per);
    }
    for c in EN_SPAN.captures_iter(text) {
        let (Some(n), Some(unit)) = (c.get(1), c.get(2)) else {
            continue;
        };
        if text[..n.start()]
            .to_lowercase()
            .trim_end()
            .ends_with("within")
        {
            continue;
        }
        let Some(n) = en_number(n.as_str()) else {
            continue;
        };
        let u = unit.as_str().to_lowercase();
        let per = if u.starts_with('d') {
            1.0
        } else if u.starts_with('w') {
            7.0
        } else {
            30.0
        };
        best = best.max(n * per);
    }
    for c in EN_LAST.captures_iter(text) {
        let per = if c[1].eq_ignore_ascii_case("week") {
            7.0
        } else {
            30.0
        };
        best = best.max(per);
    }
    best
}

/// The longest span the shop promised, in days, and the text with the promises blanked out (so
/// that "2到4天" is not read as a wait).
fn promised(text: &str) -> (Option<f32>, Cow<'_, str>) {
    let mut rest = Cow::Borrowed(text);
    let mut best: Option<f32> = None;
    for re in [&*ZH_PROMISE, &*EN_PROMISE] {
        for c in re.captures_iter(text) {
            let (Some(all), Some(lo), Some(unit)) = (c.get(0), c.get(1), c.get(3)) else {
                continue;
            };
            // "说是3天前发的", "said it shipped 3 days ago": a time that has passed, not a promise.
            let after = text[all.end()..].trim_start().to_lowercase();
            if ["前", "了", "ago"].iter().any(|w| after.starts_with(w)) {
                continue;
            }
            let n = |m: regex::Match<'_>| zh_number(m.as_str()).or_else(|| en_number(m.as_str()));
            let Some(n) = c.get(2).and_then(n).or_else(|| n(lo)) else {
                continue;
            };
            let u = unit.as_str().to_lowercase();
            let per = if u.contains("小时") || u.starts_with('h') {
                1.0 / 24.0
            } else {
                1.0
            };
            best = Some(best.unwrap_or(0.0).max(n * per));
            rest.to_mut()
                .replace_range(all.range(), &" ".repeat(all.len()));
        }
    }
    (best, rest)
}

/// Words that say something has still not come or not stopped ("还没", "still", "never"), as the
/// overdue rule reads them, with no wait needed: a thanks after them is no sign the answer worked.
pub fn says_still_not(text: &str) -> bool {
    still_not_cue(text).is_some()
}

/// The first "still not" cue of the message that is no question whether something still holds.
fn still_not_cue(text: &str) -> Option<regex::Match<'_>> {
    NOT_YET.find_iter(text).find(|m| {
        !asks_whether_still(&text[..m.start()], m.as_str())
            && !asks_whether_still_zh(m.as_str(), &text[m.end()..])
    })
}

/// The wait and the words that say it is not over, when the message states a wait of at least
/// `min_days` days — or longer than the shop promised, when the message says what it promised
/// ("下单都五天了还没到 你们不是说2到4天吗") — and that something has still not come.
pub fn overdue(text: &str, min_days: u32) -> Option<(f32, String)> {
    if min_days == 0 {
        return None;
    }
    let (promise, rest) = promised(text);
    let days = waited_days(&rest);
    let past_promise = promise.is_some_and(|p| days > p);
    if days < min_days as f32 && !past_promise {
        return None;
    }
    still_not_cue(text).map(|m| (days, m.as_str().to_string()))
}

/// "can i still return it after 10 days": a question whether something is still allowed, not a
/// wait — "still" or "yet" right after a modal and its subject ("can i", "is it").
fn asks_whether_still(before: &str, cue: &str) -> bool {
    if !matches!(cue.to_lowercase().as_str(), "still" | "yet") {
        return false;
    }
    let lower = before.to_lowercase();
    let mut words = lower.split_whitespace().rev();
    let (Some(subject), Some(modal)) = (words.next(), words.next()) else {
        return false;
    };
    matches!(subject, "i" | "we" | "you" | "it" | "they")
        && matches!(
            modal,
            "can" | "could" | "will" | "would" | "is" | "am" | "are" | "do" | "does" | "should"
        )
}

/// "用了4个月 这还在保修内吗": a question whether something still holds — a "still" cue whose
/// clause asks ([`super::cues::asks_something`]).
fn asks_whether_still_zh(cue: &str, after: &str) -> bool {
    let still = ["还在", "仍然", "依然", "照样"].contains(&cue) || cue.starts_with("还是");
    let clause: String = after
        .chars()
        .take_while(|c| !matches!(c, '，' | ',' | '。' | '；' | ';' | ' ' | '\n' | '！' | '!'))
        .collect();
    still && super::cues::asks_something(&clause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_in_chinese_and_english() {
        for (text, days) in [
            ("快递十天了还没到", 10.0),
            ("退款都两周了还没到", 14.0),
            ("退款申请都快三个礼拜了", 21.0),
            ("等了半个月了", 15.0),
            ("一个月了", 30.0),
            ("退货寄回去20天了", 20.0),
            ("its been 2 weeks", 14.0),
            ("a couple of weeks ago", 14.0),
            ("ten days and nothing", 10.0),
            ("approved last week", 7.0),
            ("7天内能退吗", 0.0),
            ("can i return it within 7 days", 0.0),
            ("五月下的单", 0.0),
            ("下单三天了", 3.0),
        ] {
            assert_eq!(waited_days(text), days, "{text}");
        }
    }

    #[test]
    fn overdue_is_a_long_wait_and_still_not() {
        for text in [
            "my refund hasnt arrived yet its been 2 weeks",
            "still waiting for my refund after 15 days",
            "快递十天了还没到",
            "下单一个星期了还没发货",
            "its been 10 days and the parcel hasnt moved",
            "where is my order #A80114, its been 3 weeks",
            "一个月了 我的货到哪了",
            "等退款等了一个月了",
            // still happening after the customer did what the answer says
            "三周前就回了TD退订 还是天天收到你们的营销短信",
            "退订两周了 还在收短信",
        ] {
            assert!(overdue(text, 7).is_some(), "{text}");
        }
        for text in [
            "下单三天了还没发货",
            "买了两周了 能退吗",
            "how long does a refund take, 7 days?",
            "can i return it if i havent used it for 2 weeks",
            "can i still return it after 10 days",
            "is it still possible to cancel after 2 weeks",
            "退货期限是7天还是15天",
            "30天价保还是15天价保",
            "快递还在路上 三天了正常吗",
            "买的蓝牙耳机 用了4个月 左边突然没声了 这还在保修内吗",
            "买了一个月了 还在七天无理由里不",
        ] {
            assert_eq!(overdue(text, 7), None, "{text}");
        }
        assert_eq!(overdue("快递十天了还没到", 0), None, "0 turns it off");
    }

    #[test]
    fn a_wait_past_what_the_shop_promised_is_overdue_sooner() {
        for text in [
            "下单都五天了还没到 你们不是说2到4天吗 到底在哪",
            "说好48小时发货 都三天了还没发",
            "页面写着3天到 现在5天了还没收到",
            "you said 2-3 days and its been 5 days, still nothing",
            "it was supposed to arrive in 3 days, been 6 days and still not here",
            // a time that has passed is still read as the wait
            "refund says successful 16 days ago, nothing in my bank",
        ] {
            assert!(overdue(text, 7).is_some(), "{text}");
        }
        for text in [
            // within the promise, or no wait stated
            "你们说3天到 现在2天了还没到 正常吗",
            "说好3天发货 还没发",
            "you said 5 days, its been 3 days and still not here",
            // a promise is not a wait
            "不是说7天无理由吗 怎么还没退",
            "说明书上写3天充满 还没充满",
            // an elapsed time next to the verb is a wait, not a promise
            "物流显示已签收5天了 还没收到",
            "客服说是3天前发的 还没到",
        ] {
            assert_eq!(overdue(text, 7), None, "{text}");
        }
    }
}
