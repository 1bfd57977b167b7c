//! "order 88812345678" after the bot's reply on tracking: the customer hands over what a person
//! needs to act — an order or tracking number, a phone number, an email — and little else. The
//! bot cannot look any of it up; a person can. The models make of a bare number what they make of
//! noise ("out of scope", "not sure"), and the agent's card then says the customer asked about
//! something the bot does not cover. This names it for what it is.

use crate::text::entities::{Entity, EntityKind};
use crate::text::language::is_han;

/// What a message may hold besides the details and still be just the details: "订单号是", "my
/// order no. is", "这个", "thanks".
const MAX_HAN: usize = 8;
const MAX_WORDS: usize = 5;

/// A detail a person can act on: an order or tracking number, a phone number, an email.
pub(super) fn is_detail(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::OrderNumber | EntityKind::Phone | EntityKind::Email
    )
}

/// The kinds of detail in a message that is little more than them, in order of appearance
/// (`order_number`, `phone`, `email`); `None` when there are none or the message says more.
/// `entities` are the ones found in `text` (the classifier finds them once per message).
pub fn details_only(text: &str, entities: &[Entity]) -> Option<Vec<&'static str>> {
    let details: Vec<&Entity> = entities.iter().filter(|e| is_detail(e.kind)).collect();
    if details.is_empty() {
        return None;
    }
    let mut rest = String::new();
    let mut at = 0;
    for e in &details {
        rest.push_str(&text[at..e.start]);
        rest.push(' ');
        at = e.end;
    }
    rest.push_str(&text[at..]);
    let han = rest.chars().filter(|&c| is_han(c)).count();
    let words = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    if han > MAX_HAN || words > MAX_WORDS {
        return None;
    }
    let mut kinds: Vec<&'static str> = Vec::new();
    for e in details {
        let k = e.kind.as_str();
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    Some(kinds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::entities::extract;
    use crate::text::normalize::normalize;

    /// As the classifier reads a message: normalised, its entities found once.
    fn details(text: &str) -> Option<Vec<&'static str>> {
        let text = normalize(text);
        details_only(&text, &extract(&text))
    }

    #[test]
    fn a_number_with_a_few_words_is_just_the_details() {
        for (text, kinds) in [
            ("order 88812345678", vec!["order_number"]),
            ("订单号 2023112245678901", vec!["order_number"]),
            ("订单号是：2024052011239087 麻烦查下", vec!["order_number"]),
            ("my order no. is 20240611883, thanks", vec!["order_number"]),
            ("13812345678", vec!["phone"]),
            (
                "电话13566667777 邮箱 jkw.93@mailbox.cn",
                vec!["phone", "email"],
            ),
            ("２０２４０５２０１１２３９０８７", vec!["order_number"]),
        ] {
            assert_eq!(details(text), Some(kinds), "{text}");
        }
    }

    #[test]
    fn a_message_that_says_more_or_has_no_details_is_not() {
        for text in [
            "订单号2024052011239087 包裹里少了两样东西 怎么回事啊",
            "got charged twice for order 8812034, two lots of ¥349 on my card",
            "where is my order",
            "订单号是多少",
            "满99包邮吗",
            "",
        ] {
            assert_eq!(details(text), None, "{text}");
        }
    }
}
