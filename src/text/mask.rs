//! Masking of personal data in free text.
//!
//! Chat transcripts are logged, shown in dashboards and used for training;
//! personal data (phones, emails, ID and card numbers) must not survive
//! into any of those. Order numbers and amounts are *not* personal and are
//! exactly what agents need to resolve a ticket, so they are left intact.
//!
//! Each masked form keeps just enough for a human to confirm "yes, that is
//! my number" (first 3 / last 4 of a phone, last 4 of a card) without
//! making the value recoverable. The number of stars for phones and emails
//! is fixed so that the mask does not leak the length of the hidden part;
//! for IDs and cards one star per hidden digit keeps the familiar
//! `**** **** **** 1234` layout.

use super::entities::{extract, Entity, EntityKind};
use super::normalize::normalize;

const MASK: char = '*';
const FIXED_MASK: &str = "****";
const EMAIL_MASK: &str = "***";

/// Whether an entity kind is personal data that must be masked.
pub fn is_personal(kind: EntityKind) -> bool {
    match kind {
        EntityKind::Phone
        | EntityKind::Email
        | EntityKind::IdNumber
        | EntityKind::BankCard
        | EntityKind::Secret => true,
        EntityKind::OrderNumber | EntityKind::Amount => false,
    }
}

/// An entity as it leaves the service: its kind and its masked value (API responses, the
/// conversation record, the handoff card).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct EntityOut {
    pub kind: EntityKind,
    pub value: String,
}

impl From<&Entity> for EntityOut {
    fn from(e: &Entity) -> Self {
        Self {
            kind: e.kind,
            value: mask_entity(e),
        }
    }
}

/// The text to show in place of `e`: its masked form when personal, its
/// value unchanged otherwise. Works on any `Entity`, including hand-built
/// ones with odd values, without panicking.
pub fn mask_entity(e: &Entity) -> String {
    match e.kind {
        EntityKind::Phone => mask_phone(&e.value),
        EntityKind::Email => mask_email(&e.value),
        EntityKind::IdNumber | EntityKind::BankCard => mask_keep_last(&e.value, 4),
        EntityKind::Secret => FIXED_MASK.to_string(),
        EntityKind::OrderNumber | EntityKind::Amount => e.value.clone(),
    }
}

/// Mask personal data in `text`. Run [`normalize`] first (or use
/// [`normalize_and_mask`]): full-width digits are not recognised as
/// digits. Text outside personal entities is returned byte-for-byte.
pub fn mask(text: &str) -> String {
    mask_with(text, &extract(text))
}

/// `mask(&normalize(text))`: the safe default for logging raw input.
pub fn normalize_and_mask(text: &str) -> String {
    mask(&normalize(text))
}

/// Mask `text` using entities that were already extracted from it (saves a
/// second extraction when the caller needs both). Entities that overlap
/// an earlier one or do not fit `text` are ignored rather than trusted.
pub fn mask_with(text: &str, entities: &[Entity]) -> String {
    let mut sorted: Vec<&Entity> = entities.iter().filter(|e| is_personal(e.kind)).collect();
    sorted.sort_by_key(|e| (e.start, e.end));

    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in sorted {
        if e.start < last {
            continue;
        }
        let (Some(gap), Some(span)) = (text.get(last..e.start), text.get(e.start..e.end)) else {
            continue;
        };
        out.push_str(gap);
        // Mask what is actually in the text, not what the entity claims.
        out.push_str(&mask_entity(&Entity {
            kind: e.kind,
            value: span.to_string(),
            start: e.start,
            end: e.end,
        }));
        last = e.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// Phone: keep a country prefix as written (`+86 `, `86-`, `0086`, `+1 `),
/// then the first 3 and last 4 digits of the national number around a
/// fixed `****`. Separators inside the national number are dropped so
/// `138 1234 5678` and `13812345678` mask identically.
fn mask_phone(value: &str) -> String {
    let digits: Vec<(usize, char)> = value
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .collect();
    let all: String = digits.iter().map(|&(_, c)| c).collect();
    let n = digits.len();

    let prefix_digits = if n == 15 && all.starts_with("0086") {
        4
    } else if n == 13 && all.starts_with("86") {
        2
    } else if value.starts_with('+') {
        intl_country_code_len(value)
    } else {
        0
    };
    let prefix_digits = if prefix_digits < n { prefix_digits } else { 0 };
    let prefix_end = digits.get(prefix_digits).map_or(0, |&(i, _)| i);
    // "+1 (415) ..." -> keep "+1 ", the parenthesis belongs to the
    // national part we are collapsing.
    let prefix = value.get(..prefix_end).unwrap_or("").trim_end_matches('(');

    let national: Vec<char> = digits.iter().skip(prefix_digits).map(|&(_, c)| c).collect();
    let m = national.len();
    // Keep 3+4 for normal lengths, but always hide at least two digits of
    // short numbers.
    let keep_first = 3.min(m.saturating_sub(6));
    let keep_last = 4.min(m.saturating_sub(keep_first + 2));

    let mut out = String::with_capacity(value.len() + 4);
    out.push_str(prefix);
    out.extend(&national[..keep_first]);
    out.push_str(FIXED_MASK);
    out.extend(&national[m - keep_last..]);
    out
}

/// Digits of the country code when it is visibly separated ("+44 20...");
/// without a separator the split is ambiguous and we keep only the `+`.
fn intl_country_code_len(value: &str) -> usize {
    let rest = value.strip_prefix('+').unwrap_or(value);
    let cc = rest.chars().take_while(char::is_ascii_digit).count();
    let sep = rest.chars().nth(cc);
    if (1..=3).contains(&cc) && matches!(sep, Some(' ' | '-' | '(')) {
        cc
    } else {
        0
    }
}

/// Email: first character of the local part, `***`, then the domain. The
/// domain is kept because it is rarely identifying and tells agents which
/// provider to expect mail from.
fn mask_email(value: &str) -> String {
    match value.rfind('@') {
        Some(at) => {
            let (local, domain) = value.split_at(at);
            let mut out = String::with_capacity(value.len());
            out.extend(local.chars().next());
            out.push_str(EMAIL_MASK);
            out.push_str(domain);
            out
        }
        None => EMAIL_MASK.to_string(),
    }
}

/// Replace every ASCII alphanumeric except the last `keep` with `*`,
/// keeping separators so grouped card numbers keep their layout.
fn mask_keep_last(value: &str, keep: usize) -> String {
    let total = value.chars().filter(char::is_ascii_alphanumeric).count();
    let hide = total.saturating_sub(keep);
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen <= hide {
                    return MASK;
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected) for `mask(input)`.
    const MASK_CASES: &[(&str, &str)] = &[
        // --- CN mobile phones
        ("13812345678", "138****5678"),
        ("我的手机号是13812345678", "我的手机号是138****5678"),
        (
            "call me at 138 1234 5678 please",
            "call me at 138****5678 please",
        ),
        ("138-1234-5678", "138****5678"),
        ("tel:19912345678.", "tel:199****5678."),
        ("+86 13812345678", "+86 138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("86-13812345678", "86-138****5678"),
        ("008613812345678", "0086138****5678"),
        // --- landline / international
        ("座机010-12345678", "座机010****5678"),
        (
            "call +1 415 555 0132 after 6pm",
            "call +1 415****0132 after 6pm",
        ),
        ("+1 (415) 555-0132", "+1 415****0132"),
        ("+44 20 7946 0958", "+44 207****0958"),
        ("my phone is (415) 555-0132", "my phone is 415****0132"),
        // --- emails
        ("alice@example.com", "a***@example.com"),
        (
            "邮箱：bob.smith@mail.example.co.uk 谢谢",
            "邮箱：b***@mail.example.co.uk 谢谢",
        ),
        ("13812345678@163.com", "1***@163.com"),
        ("Email me: x@y.io!", "Email me: x***@y.io!"),
        // --- ID numbers
        ("身份证号11010519491231002X", "身份证号**************002X"),
        (
            "my ID is 440304199001011233.",
            "my ID is **************1233.",
        ),
        ("身份证 130503670401001", "身份证 ***********1001"),
        (
            "身份证号码：440304199001011234",
            "身份证号码：**************1234",
        ),
        // --- bank cards
        ("卡号6222021234567894", "卡号************7894"),
        ("card 4111 1111 1111 1111", "card **** **** **** 1111"),
        ("6217001234567890122", "***************0122"),
        ("6234 5678 9012 3456 780", "**** **** **** ***6 780"),
        ("银行卡号 6222021234567890", "银行卡号 ************7890"),
        // --- not masked: order numbers
        ("订单号JD88231245到哪了", "订单号JD88231245到哪了"),
        ("order #12345 not received", "order #12345 not received"),
        ("ORD-2023-5567", "ORD-2023-5567"),
        ("我的订单1234567890还没到", "我的订单1234567890还没到"),
        ("订单号13812345678", "订单号13812345678"),
        ("订单: 1234 5678 9012 3456", "订单: 1234 5678 9012 3456"),
        ("JD13812345678", "JD13812345678"),
        ("1381234567890", "1381234567890"),
        ("6222021234567890", "6222021234567890"),
        // --- not masked: amounts
        ("退款¥199什么时候到", "退款¥199什么时候到"),
        ("I paid $20 and USD 15.50", "I paid $20 and USD 15.50"),
        (
            "59.9元, 100块, 20 dollars, RMB 300",
            "59.9元, 100块, 20 dollars, RMB 300",
        ),
        // --- not masked: dates, times, short numbers
        ("2023-11-28 14:30下的单", "2023-11-28 14:30下的单"),
        ("买了3件，等了12345秒", "买了3件，等了12345秒"),
        ("2023元旦快乐", "2023元旦快乐"),
        ("", ""),
        ("no entities here", "no entities here"),
        // --- several entities in one message
        (
            "手机13812345678，邮箱alice@example.com，订单号JD88231245",
            "手机138****5678，邮箱a***@example.com，订单号JD88231245",
        ),
        (
            "Phone: 13912345678, email: tom@qq.com, paid ¥59.9 for order #778899",
            "Phone: 139****5678, email: t***@qq.com, paid ¥59.9 for order #778899",
        ),
        (
            "两个号码13812345678和13987654321",
            "两个号码138****5678和139****4321",
        ),
        (
            "身份证11010519491231002X，银行卡4111111111111111，电话15000000000",
            "身份证**************002X，银行卡************1111，电话150****0000",
        ),
    ];

    /// (raw input, expected) for `normalize_and_mask(input)`: the serving
    /// path, where full-width and invisible characters are folded first.
    const NORMALIZED_CASES: &[(&str, &str)] = &[
        ("我的手机：１３８１２３４５６７８", "我的手机:138****5678"),
        ("ＡＬＩＣＥ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "A***@EXAMPLE.COM"),
        ("订单号：ＪＤ８８２３１２４５", "订单号:JD88231245"),
        ("退款￥１９９", "退款¥199"),
        (
            "身份证：１１０１０５１９４９１２３１００２Ｘ",
            "身份证:**************002X",
        ),
        ("电话 138\u{200B}1234\u{200B}5678", "电话 138****5678"),
        (
            "卡号\n4111\u{3000}1111\u{3000}1111\u{3000}1111",
            "卡号 **** **** **** 1111",
        ),
        (
            "  联系：＋８６ １３８ １２３４ ５６７８  ",
            "联系:+86 138****5678",
        ),
    ];

    #[test]
    fn mask_table() {
        let mut failures = Vec::new();
        for &(input, want) in MASK_CASES {
            let got = mask(input);
            if got != want {
                failures.push(format!("mask({input:?}) = {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(MASK_CASES.len() + NORMALIZED_CASES.len() >= 40);
    }

    #[test]
    fn normalize_then_mask_table() {
        let mut failures = Vec::new();
        for &(input, want) in NORMALIZED_CASES {
            let got = normalize_and_mask(input);
            if got != want {
                failures.push(format!(
                    "normalize_and_mask({input:?}) = {got:?}, want {want:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn raw_full_width_digits_are_not_recognised_without_normalize() {
        // Documented contract: callers must normalise first.
        assert_eq!(mask("１３８１２３４５６７８"), "１３８１２３４５６７８");
    }

    #[test]
    fn personal_kinds() {
        assert!(is_personal(EntityKind::Phone));
        assert!(is_personal(EntityKind::Email));
        assert!(is_personal(EntityKind::IdNumber));
        assert!(is_personal(EntityKind::BankCard));
        assert!(is_personal(EntityKind::Secret));
        assert_eq!(
            mask("密码是 abc12345 验证码 482913"),
            "密码是 **** 验证码 ****",
            "a secret shows nothing of itself, not even its length"
        );
        assert!(!is_personal(EntityKind::OrderNumber));
        assert!(!is_personal(EntityKind::Amount));
    }

    fn ent(kind: EntityKind, value: &str) -> Entity {
        Entity {
            kind,
            value: value.to_string(),
            start: 0,
            end: value.len(),
        }
    }

    #[test]
    fn card_after_a_card_cue_is_masked_even_when_luhn_fails() {
        let m = mask("退款打到我的卡6222021234567890123吧");
        assert!(!m.contains("6222021234567890123"), "{m}");
        assert!(m.ends_with("0123吧"), "{m}");
        let m = mask("card number 6222 0212 3456 7890");
        assert!(!m.contains("6222 0212 3456 7890"), "{m}");
    }

    #[test]
    fn mask_entity_per_kind() {
        assert_eq!(
            mask_entity(&ent(EntityKind::Phone, "13812345678")),
            "138****5678"
        );
        assert_eq!(
            mask_entity(&ent(EntityKind::Email, "alice@example.com")),
            "a***@example.com"
        );
        assert_eq!(
            mask_entity(&ent(EntityKind::IdNumber, "11010519491231002X")),
            "**************002X"
        );
        assert_eq!(
            mask_entity(&ent(EntityKind::BankCard, "4111111111111111")),
            "************1111"
        );
        assert_eq!(
            mask_entity(&ent(EntityKind::OrderNumber, "JD88231245")),
            "JD88231245"
        );
        assert_eq!(mask_entity(&ent(EntityKind::Amount, "¥199")), "¥199");
    }

    #[test]
    fn mask_entity_tolerates_odd_values() {
        for kind in [
            EntityKind::Phone,
            EntityKind::Email,
            EntityKind::IdNumber,
            EntityKind::BankCard,
        ] {
            for v in ["", "+", "@", "12", "+86", "8613", "😀", "a@", "@b"] {
                let masked = mask_entity(&ent(kind, v));
                assert!(masked.len() <= v.len() + 8, "{kind:?} {v:?} -> {masked:?}");
            }
        }
        assert_eq!(mask_entity(&ent(EntityKind::Phone, "")), "****");
        assert_eq!(
            mask_entity(&ent(EntityKind::Phone, "12345678")),
            "12****5678"
        );
        assert_eq!(mask_entity(&ent(EntityKind::Email, "@b.com")), "***@b.com");
        assert_eq!(mask_entity(&ent(EntityKind::BankCard, "123")), "123");
    }

    #[test]
    fn mask_with_ignores_bad_spans() {
        let text = "电话13812345678";
        let good = extract(text);
        assert_eq!(mask_with(text, &good), "电话138****5678");
        let bad = vec![
            Entity {
                kind: EntityKind::Phone,
                value: "x".into(),
                start: 1, // not a char boundary
                end: 4,
            },
            Entity {
                kind: EntityKind::Phone,
                value: "x".into(),
                start: 6,
                end: 999,
            },
        ];
        assert_eq!(mask_with(text, &bad), text);
        // Overlapping duplicates are applied once.
        let dup = [good.clone(), good].concat();
        assert_eq!(mask_with(text, &dup), "电话138****5678");
    }

    #[test]
    fn masked_text_contains_no_original_personal_value() {
        for &(input, _) in MASK_CASES {
            let out = mask(input);
            for e in extract(input).iter().filter(|e| is_personal(e.kind)) {
                assert!(!out.contains(&e.value), "{input:?} leaked {:?}", e.value);
            }
        }
    }

    #[test]
    fn masking_is_stable() {
        // Masked output must not itself produce new personal entities, so
        // masking twice changes nothing.
        for &(input, _) in MASK_CASES {
            let once = mask(input);
            assert_eq!(mask(&once), once, "input {input:?}");
        }
    }
}
