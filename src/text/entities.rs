//! Rule-based entity extraction for customer-service chat.
//!
//! The entities feed two consumers with different failure costs: agents
//! (who need order numbers and amounts surfaced) and the masker (which must
//! hide personal data before text is logged or shown). Rules were chosen
//! over a learned tagger because the entity shapes are regulated formats
//! (GB 11643 ID numbers, Luhn card numbers, CN mobile ranges) that rules
//! capture precisely, and because every decision has to be explainable
//! when a masking miss is reported.
//!
//! How it works: every rule proposes candidates with a *priority*; overlaps
//! are resolved greedily by priority, then by length, then by position. The
//! priorities encode "most specific evidence wins": an `@` beats digits, a
//! currency marker beats a bare number, a valid ID checksum beats a Luhn
//! pass (10% of random numbers pass Luhn), an explicit "订单号" cue beats a
//! number's shape, and a bare digit run is the weakest evidence of all.
//!
//! Context cues in the ~20 characters before a number ("身份证", "卡号",
//! "电话", "card", "phone") license weaker shape evidence: an 18-digit ID
//! with a bad checksum, a 15-digit old ID, a 16-19 digit card failing
//! Luhn, or a national-format phone like "(415) 555-0132". The customer
//! telling us what the number is beats a checksum; a typo in a card number
//! is still personal data.
//!
//! Only ASCII digits are recognised: run [`super::normalize::normalize`]
//! first so full-width digits (`１３８…`) become ASCII. Offsets are byte
//! offsets into the string that was passed in.

use regex::{Captures, Match, Regex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

/// Kinds of entities we extract. Serialised in snake_case (`order_number`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    OrderNumber,
    Phone,
    Email,
    Amount,
    IdNumber,
    BankCard,
    /// A password, PIN, card security code or one-time code the customer typed after saying
    /// what it is ("密码是 abc12345", "cvv 123", "验证码 482913"). Never shown, not even in part.
    Secret,
}

impl EntityKind {
    /// The same string the serde representation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::OrderNumber => "order_number",
            EntityKind::Phone => "phone",
            EntityKind::Email => "email",
            EntityKind::Amount => "amount",
            EntityKind::IdNumber => "id_number",
            EntityKind::BankCard => "bank_card",
            EntityKind::Secret => "secret",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One extracted entity. `start..end` are byte offsets into the input and
/// `value == input[start..end]` (the raw surface form, not a canonical one,
/// so callers can splice replacements back into the text).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

// Overlap-resolution priorities; higher wins. See the module docs.
const P_SECRET: u8 = 105;
const P_EMAIL: u8 = 100;
const P_AMOUNT: u8 = 95;
const P_ID: u8 = 90;
const P_ORDER_CUE: u8 = 85;
const P_CARD: u8 = 80;
const P_ORDER_ALNUM: u8 = 75;
const P_PHONE_CN: u8 = 70;
const P_PHONE_LANDLINE: u8 = 65;
const P_PHONE_INTL: u8 = 60;
const P_PHONE_CUED: u8 = 58;
const P_ORDER_BARE: u8 = 10;

/// How many characters before a number we look at for a context cue
/// ("身份证号码是：", "my card number is ").
const CUE_WINDOW_CHARS: usize = 20;

/// Longest token we accept as an order number. Longer runs are pasted
/// blobs (hashes, logs), not something an agent would look up.
const MAX_ORDER_LEN: usize = 40;
/// Bare digit runs (no cue, no letters) in this length range are order
/// numbers: shorter ones are quantities, years, times, codes.
const BARE_ORDER_DIGITS: std::ops::RangeInclusive<usize> = 10..=30;

const ID_CUES: &[&str] = &[
    "身份证",
    "证件",
    "身份号",
    "id card",
    "id number",
    "id no",
    "identity",
];
const CARD_CUES: &[&str] = &["卡号", "银行卡", "信用卡", "储蓄卡", "借记卡", "card"];
/// "卡" alone is in too many words (卡住, 会员卡) to cue from afar: it counts only right before
/// the number ("打到我的卡6222…"), where a 16–19 digit run is a card whatever Luhn says.
const SHORT_CARD_CUES: &[&str] = &["卡"];
const SHORT_CUE_WINDOW_CHARS: usize = 3;
/// Words that announce a phone number. They let us catch national formats
/// we cannot recognise by shape alone ("my phone is (415) 555-0132").
const PHONE_CUES: &[&str] = &[
    "电话", "手机", "联系", "座机", "致电", "phone", "tel", "call", "mobile", "cell", "whatsapp",
    "contact",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}",
    )
});

/// Amount number: thousands-grouped or up to 9 integer digits (so an
/// 11-digit phone after a stray `¥` is not an amount), optional cents.
const NUM: &str = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,9})(?:\.[0-9]{1,2})?";
const CUR_PREFIX: &str = r"(?:US\$|HK\$|[¥￥$€£]|(?i:rmb|cny|usd|hkd|eur|gbp))";
const CUR_SUFFIX: &str = r"(?:元|块钱|块|圆|人民币|美元|美金|港币|欧元|英镑|(?i:dollars?|bucks|usd|rmb|yuan|cny|hkd|eur|gbp))";

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "{CUR_PREFIX} ?{NUM}(?: ?{CUR_SUFFIX})?|{NUM} ?{CUR_SUFFIX}"
    ))
});

/// GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence,
/// check character.
static ID18: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]",
    )
});
/// Pre-1999 IDs: 2-digit year, no check character. Too easy to confuse
/// with other numbers, so only accepted after an ID cue.
static ID15: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}")
});

/// A passport or travel-permit number: one or two letters and 7–9 digits (CN E12345678, HK/Macau
/// permit C12345678, many others alike), only right after its cue.
static PASSPORT: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z]{1,2}[0-9]{7,9}"));
const PASSPORT_CUES: &[&str] = &["护照", "通行证", "passport"];

static CARD_PLAIN: LazyLock<Regex> = LazyLock::new(|| re(r"[0-9]{16,19}"));
static CARD_GROUPED: LazyLock<Regex> =
    LazyLock::new(|| re(r"[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?"));

/// CN mobile: 1[3-9]xxxxxxxxx, optionally +86/0086/86, written solid or as
/// 3-4-4 with spaces or dashes.
static PHONE_CN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[0-9]{8}|-[0-9]{4}-[0-9]{4}| [0-9]{4} [0-9]{4})")
});
/// CN landline with an area code and a visible separator (the separator
/// keeps 11-digit order numbers starting with 0 out).
static PHONE_LANDLINE: LazyLock<Regex> = LazyLock::new(|| re(r"0[1-9][0-9]{1,2}[ -][0-9]{7,8}"));
/// Anything written with a leading `+` and 8-15 digits (E.164 length).
static PHONE_INTL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\+[1-9](?:[ -]?[0-9]|[ -]?\([0-9]{1,4}\)){7,14}"));

/// Phone-shaped numbers (7-15 digits, solid or in separated groups, area
/// code optionally in parentheses); only accepted after a phone cue. The
/// solid form comes first and groups need a separator: with optional
/// separators leftmost-first matching would stop inside a solid run.
static PHONE_CUED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:\([0-9]{2,4}\)[ -]?)?(?:[0-9]{7,15}|[0-9]{2,5}[ -][0-9]{2,5}(?:[ -][0-9]{2,5}){0,3})")
});

/// Order-number cues followed by the token. Longer cues come first so
/// "订单号" is consumed whole instead of leaving "号" in front of the token.
static ORDER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:订单编号|订单号码|订单号|订单|运单号|快递单号|物流单号|单号|order *(?:number|num|no\.?|id)?|tracking *(?:number|num|no\.?)?)[ :：#]*(?:(?:是|为|is)[ :：#]*)?([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9])*)",
    )
});
static HASH_CUE: LazyLock<Regex> =
    LazyLock::new(|| re(r"# ?([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9])*)"));
/// Merchant-prefixed ids: JD88231245, SF1234567890, RR123456789CN,
/// ORD-2023-5567. Upper case only: lower-case letters glued to digits are
/// more often words ("tel13812345678") than id prefixes.
static ORDER_ALNUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Z]{2,5}-?[0-9]+[A-Z]{0,3}(?:-[0-9A-Z]+)*"));
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?|[0-9]{1,2}-[0-9]{1,2}(?:-[0-9]{2,4})?)$")
});

/// A credential's name, then the credential. Chinese names need no word boundary (密码 sits
/// inside a phrase: 我的支付密码是…), English ones do ("shipping" holds no PIN). Group 1: a
/// separator ("is", "是", ":", "="), group 2: the value — printable ASCII, stopping at a comma
/// or semicolon.
static SECRET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:支付密码|登录密码|密码|口令|验证码|校验码|动态码|安全码|\b(?:password|passwd|pwd|passcode|pin(?: ?code)?|cvv2?|cvc|security code|verification code|one[- ]time (?:code|password)|otp)\b)[ \t]*((?:(?:is|was|是|为|=|:|：)[ \t]*)*)([!-~&&[^,;]]{3,40})",
    )
});

/// Compile a built-in pattern. Patterns are compile-time constants, not
/// input, and `all_builtin_regexes_compile` exercises every one of them, so
/// a failure is a programming error caught by the test suite. Failing
/// loudly is deliberate: a fallback that silently matched nothing would
/// turn the masker into a no-op.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in regex must compile")
}

#[derive(Debug)]
struct Candidate {
    kind: EntityKind,
    start: usize,
    end: usize,
    priority: u8,
}

/// Extract entities from `text` (normalise it first). The result is sorted
/// by `start` and contains no overlapping spans.
pub fn extract(text: &str) -> Vec<Entity> {
    let mut cands = Vec::new();
    secrets(text, &mut cands);
    emails(text, &mut cands);
    amounts(text, &mut cands);
    id_numbers(text, &mut cands);
    order_cues(text, &mut cands);
    bank_cards(text, &mut cands);
    order_alnum(text, &mut cands);
    phones(text, &mut cands);
    order_bare(text, &mut cands);
    resolve(text, cands)
}

/// Extract only the entities of one kind (convenience for callers that
/// want, say, the order numbers of a message).
pub fn extract_kind(text: &str, kind: EntityKind) -> Vec<Entity> {
    extract(text)
        .into_iter()
        .filter(|e| e.kind == kind)
        .collect()
}

fn resolve(text: &str, mut cands: Vec<Candidate>) -> Vec<Entity> {
    cands.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // start -> (end, kind); spans in the map are disjoint, so the entry
    // with the greatest start below `c.end` is the only one that can
    // overlap `c`.
    let mut chosen: BTreeMap<usize, (usize, EntityKind)> = BTreeMap::new();
    for c in cands {
        if c.start >= c.end {
            continue;
        }
        let overlaps = chosen
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, &(end, _))| end > c.start);
        if !overlaps {
            chosen.insert(c.start, (c.end, c.kind));
        }
    }
    chosen
        .into_iter()
        .filter_map(|(start, (end, kind))| {
            text.get(start..end).map(|value| Entity {
                kind,
                value: value.to_string(),
                start,
                end,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------
// Scanning helpers
// ---------------------------------------------------------------------

/// Iterate over matches of `re`, letting `accept` reject a match. After a
/// rejection the search resumes one character after the rejected match's
/// start (not after its end), so a bad match cannot hide a good one that
/// overlaps it; this is how we emulate the look-around the regex crate
/// lacks.
fn scan<'t>(re: &Regex, text: &'t str, mut accept: impl FnMut(Match<'t>) -> bool) {
    let mut pos = 0;
    while pos <= text.len() {
        let Some(m) = re.find_at(text, pos) else {
            break;
        };
        pos = if accept(m) && m.end() > m.start() {
            m.end()
        } else {
            next_char(text, m.start())
        };
    }
}

fn scan_captures<'t>(re: &Regex, text: &'t str, mut accept: impl FnMut(&Captures<'t>) -> bool) {
    let mut pos = 0;
    while pos <= text.len() {
        let Some(caps) = re.captures_at(text, pos) else {
            break;
        };
        let Some(m) = caps.get(0) else {
            break;
        };
        pos = if accept(&caps) && m.end() > m.start() {
            m.end()
        } else {
            next_char(text, m.start())
        };
    }
}

fn next_char(text: &str, i: usize) -> usize {
    i + text
        .get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// True when one of `cues` appears (case-insensitively) within the
/// `CUE_WINDOW_CHARS` characters before byte offset `start`.
fn cue_before(text: &str, start: usize, cues: &[&str]) -> bool {
    cue_within(text, start, cues, CUE_WINDOW_CHARS)
}

/// A cue among the last [`SHORT_CUE_WINDOW_CHARS`] characters before `start` (spaces and
/// separators included).
fn cue_right_before(text: &str, start: usize, cues: &[&str]) -> bool {
    cue_within(text, start, cues, SHORT_CUE_WINDOW_CHARS)
}

fn cue_within(text: &str, start: usize, cues: &[&str], chars: usize) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let from = before
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map_or(0, |(i, _)| i);
    let window = before.get(from..).unwrap_or("").to_lowercase();
    cues.iter().any(|cue| window.contains(cue))
}

fn push(cands: &mut Vec<Candidate>, kind: EntityKind, start: usize, end: usize, priority: u8) {
    cands.push(Candidate {
        kind,
        start,
        end,
        priority,
    });
}

fn ascii_digits(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_digit).collect()
}

// ---------------------------------------------------------------------
// Validators
// ---------------------------------------------------------------------

/// GB 11643 check character of an 18-character resident ID.
pub fn id_checksum_valid(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let expected = CHECK[(sum % 11) as usize];
    bytes[17].to_ascii_uppercase() == expected
}

/// Luhn (mod 10) check over the ASCII digits of `s`.
pub fn luhn_valid(s: &str) -> bool {
    let digits = ascii_digits(s);
    if digits.is_empty() {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0');
            if i % 2 == 1 {
                let v2 = v * 2;
                if v2 > 9 {
                    v2 - 9
                } else {
                    v2
                }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Issuer prefixes of the networks seen in CN/intl e-commerce: Amex/JCB/
/// Diners (3), Visa (4), Mastercard (51-55, 2221-2720), UnionPay and
/// Discover (6). Order numbers very often start with 1 or a year (20xx),
/// so this removes most Luhn false positives on them.
fn plausible_card_prefix(digits: &[u8]) -> bool {
    match digits.first() {
        Some(b'3'..=b'6') => true,
        Some(b'2') => {
            let p: u32 = digits
                .iter()
                .take(4)
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'));
            digits.len() >= 4 && (2221..=2720).contains(&p)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------

/// A value right after a credential's name is the credential when the customer says so with a
/// separator ("password: hunter", "密码是 abc"), or when it holds a digit ("cvv 123",
/// "pin 4821"): "password reset link" names no password.
fn secrets(text: &str, cands: &mut Vec<Candidate>) {
    for c in SECRET.captures_iter(text) {
        let (Some(sep), Some(value)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let said = !sep.as_str().trim().is_empty();
        if said || value.as_str().bytes().any(|b| b.is_ascii_digit()) {
            push(
                cands,
                EntityKind::Secret,
                value.start(),
                value.end(),
                P_SECRET,
            );
        }
    }
}

fn emails(text: &str, cands: &mut Vec<Candidate>) {
    for m in EMAIL.find_iter(text) {
        push(cands, EntityKind::Email, m.start(), m.end(), P_EMAIL);
    }
}

fn amounts(text: &str, cands: &mut Vec<Candidate>) {
    scan(&AMOUNT, text, |m| {
        let s = m.as_str();
        let before = char_before(text, m.start());
        let after = char_after(text, m.end());
        let first = s.chars().next();
        let last = s.chars().next_back();
        if is_alnum(first) && is_alnum(before) {
            return false;
        }
        // "ORD-2023-5567元", "3.5.199元", "1,5元": the number belongs to
        // something else.
        if is_digit(first) && before.is_some_and(|c| ".,-_/#:".contains(c)) {
            return false;
        }
        if is_alnum(after) {
            return false;
        }
        if is_digit(last)
            && after.is_some_and(|c| c == '.' || c == ',')
            && is_digit(char_after(text, m.end() + 1))
        {
            return false;
        }
        // 元旦 is New Year's Day, not a currency unit.
        if last == Some('元') && after == Some('旦') {
            return false;
        }
        push(cands, EntityKind::Amount, m.start(), m.end(), P_AMOUNT);
        true
    });
}

fn id_numbers(text: &str, cands: &mut Vec<Candidate>) {
    scan(&ID18, text, |m| {
        if is_digit(char_before(text, m.start())) || is_alnum(char_after(text, m.end())) {
            return false;
        }
        if id_checksum_valid(m.as_str()) || cue_before(text, m.start(), ID_CUES) {
            push(cands, EntityKind::IdNumber, m.start(), m.end(), P_ID);
            return true;
        }
        false
    });
    // Shapes that are an ID only when the customer says so: a 15-digit old ID (a letter may
    // touch it: "ID130503…"), a passport number (starting with letters, so none may).
    let digit_before = is_digit as fn(Option<char>) -> bool;
    let alnum_before = is_alnum as fn(Option<char>) -> bool;
    for (shape, cues, touches) in [
        (&*ID15, ID_CUES, digit_before),
        (&*PASSPORT, PASSPORT_CUES, alnum_before),
    ] {
        scan(shape, text, |m| {
            if touches(char_before(text, m.start())) || is_alnum(char_after(text, m.end())) {
                return false;
            }
            if cue_before(text, m.start(), cues) {
                push(cands, EntityKind::IdNumber, m.start(), m.end(), P_ID);
                return true;
            }
            false
        });
    }
}

fn bank_cards(text: &str, cands: &mut Vec<Candidate>) {
    let mut try_span = |start: usize, end: usize| -> bool {
        if is_alnum(char_before(text, start)) || is_alnum(char_after(text, end)) {
            return false;
        }
        let Some(s) = text.get(start..end) else {
            return false;
        };
        let digits = ascii_digits(s);
        if !(16..=19).contains(&digits.len()) {
            return false;
        }
        let ok = (luhn_valid(s) && plausible_card_prefix(&digits))
            || cue_before(text, start, CARD_CUES)
            || cue_right_before(text, start, SHORT_CARD_CUES);
        if ok {
            push(cands, EntityKind::BankCard, start, end, P_CARD);
        }
        ok
    };
    scan(&CARD_PLAIN, text, |m| try_span(m.start(), m.end()));
    scan(&CARD_GROUPED, text, |m| {
        // 4-4-4-4 followed by an unrelated short number ("... 7890 12
        // items") must still be found, so also try the first 19 bytes.
        try_span(m.start(), m.end()) || (m.len() > 19 && try_span(m.start(), m.start() + 19))
    });
}

fn phones(text: &str, cands: &mut Vec<Candidate>) {
    scan(&PHONE_CN, text, |m| {
        if is_digit(char_before(text, m.start())) || is_digit(char_after(text, m.end())) {
            return false;
        }
        push(cands, EntityKind::Phone, m.start(), m.end(), P_PHONE_CN);
        true
    });
    scan(&PHONE_LANDLINE, text, |m| {
        let before = char_before(text, m.start());
        if is_alnum(before) || before == Some('-') || is_digit(char_after(text, m.end())) {
            return false;
        }
        push(
            cands,
            EntityKind::Phone,
            m.start(),
            m.end(),
            P_PHONE_LANDLINE,
        );
        true
    });
    scan(&PHONE_INTL, text, |m| {
        if is_alnum(char_before(text, m.start())) || is_digit(char_after(text, m.end())) {
            return false;
        }
        if !(8..=15).contains(&ascii_digits(m.as_str()).len()) {
            return false;
        }
        push(cands, EntityKind::Phone, m.start(), m.end(), P_PHONE_INTL);
        true
    });
    scan(&PHONE_CUED, text, |m| {
        let s = m.as_str();
        if is_alnum(char_before(text, m.start()))
            || is_alnum(char_after(text, m.end()))
            || !(7..=15).contains(&ascii_digits(s).len())
            || DATE_LIKE.is_match(s)
            || !cue_before(text, m.start(), PHONE_CUES)
        {
            return false;
        }
        push(cands, EntityKind::Phone, m.start(), m.end(), P_PHONE_CUED);
        true
    });
}

/// Shared sanity checks for an order-number token found after a cue.
fn plausible_order_token(token: &str, min_digits: usize) -> bool {
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    token.len() >= 4
        && token.len() <= MAX_ORDER_LEN
        && digits >= min_digits
        && !DATE_LIKE.is_match(token)
}

fn order_cues(text: &str, cands: &mut Vec<Candidate>) {
    scan_captures(&ORDER_CUE, text, |caps| {
        let (Some(all), Some(tok)) = (caps.get(0), caps.get(1)) else {
            return false;
        };
        // English cues must start a word ("border 12345" is not a cue);
        // Chinese has no spaces, so Chinese cues may follow anything.
        let starts_ascii = all.as_str().starts_with(|c: char| c.is_ascii_alphabetic());
        if starts_ascii && char_before(text, all.start()).is_some_and(|c| c.is_ascii_alphabetic()) {
            return false;
        }
        if !plausible_order_token(tok.as_str(), 3) {
            return false;
        }
        let end = extend_digit_groups(text, tok.as_str(), tok.end());
        push(
            cands,
            EntityKind::OrderNumber,
            tok.start(),
            end,
            P_ORDER_CUE,
        );
        true
    });
    scan_captures(&HASH_CUE, text, |caps| {
        let Some(tok) = caps.get(1) else {
            return false;
        };
        if !plausible_order_token(tok.as_str(), 5) {
            return false;
        }
        push(
            cands,
            EntityKind::OrderNumber,
            tok.start(),
            tok.end(),
            P_ORDER_CUE,
        );
        true
    });
}

/// "订单: 1234 5678 9012 3456": after a cue, a 4-digit token followed by
/// at least two more space-separated 4-digit groups is one order number,
/// not an order number "1234" plus noise. Returns the extended end.
fn extend_digit_groups(text: &str, token: &str, end: usize) -> usize {
    if token.len() != 4 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return end;
    }
    let bytes = text.as_bytes();
    let mut e = end;
    let mut groups = 0;
    while groups < 6
        && bytes.get(e) == Some(&b' ')
        && bytes
            .get(e + 1..e + 5)
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !is_alnum(char_after(text, e + 5))
    {
        e += 5;
        groups += 1;
    }
    if groups >= 2 {
        e
    } else {
        end
    }
}

fn order_alnum(text: &str, cands: &mut Vec<Candidate>) {
    scan(&ORDER_ALNUM, text, |m| {
        if is_alnum(char_before(text, m.start())) || is_alnum(char_after(text, m.end())) {
            return false;
        }
        let s = m.as_str();
        if s.len() > MAX_ORDER_LEN || ascii_digits(s).len() < 6 {
            return false;
        }
        push(
            cands,
            EntityKind::OrderNumber,
            m.start(),
            m.end(),
            P_ORDER_ALNUM,
        );
        true
    });
}

/// Long bare digit runs. Done by hand rather than with a regex: a regex
/// with boundary checks would retry at every position of a huge run.
fn order_bare(text: &str, cands: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let end = i;
        if !BARE_ORDER_DIGITS.contains(&(end - start)) {
            continue;
        }
        let before = char_before(text, start);
        let after = char_after(text, end);
        if is_alnum(before) || before.is_some_and(|c| c == '.' || c == ',') || is_alnum(after) {
            continue;
        }
        if after.is_some_and(|c| c == '.' || c == ',') && is_digit(char_after(text, end + 1)) {
            continue;
        }
        push(cands, EntityKind::OrderNumber, start, end, P_ORDER_BARE);
    }
}

#[cfg(test)]
mod tests;
