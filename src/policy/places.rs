//! The destination a message names (`[places]`): which region's entry a shipping question is
//! about, read from place names the encoder cannot place ("KL", 日喀则, Auckland).

use super::config::PlaceRules;
use super::cues::{fold, folded, latin};

/// The region entry of the place `text` names as a destination, and that place; `None` when it
/// names none, or places of two regions ("寄香港还是新疆").
pub fn destination<'r>(text: &str, rules: &'r PlaceRules) -> Option<(&'r str, &'r str)> {
    let lower = fold(text);
    let mut found = None;
    for (entry, names) in &rules.regions {
        if let Some(name) = names
            .iter()
            .find(|n| named_as_destination(&lower, &folded(n), rules))
        {
            if found.is_some() {
                return None;
            }
            found = Some((entry.as_str(), name.as_str()));
        }
    }
    found
}

/// `name` in the folded text (a Latin-letter name as a whole word), somewhere not framed as
/// where the item or the customer comes from.
fn named_as_destination(lower: &str, name: &str, rules: &PlaceRules) -> bool {
    if name.is_empty() {
        return false;
    }
    let word = latin(name.chars().next());
    lower.match_indices(name).any(|(i, _)| {
        let (before, after) = (&lower[..i], &lower[i + name.len()..]);
        if word && (latin(before.chars().next_back()) || latin(after.chars().next())) {
            return false;
        }
        let (before, after) = (before.trim_end(), after.trim_start());
        let from = rules.origin_before.iter().any(|o| {
            let o = folded(o);
            before.ends_with(o.as_ref())
                && !(latin(o.chars().next())
                    && latin(before[..before.len() - o.len()].chars().next_back()))
        });
        let made = rules.origin_after.iter().any(|o| {
            let o = folded(o);
            after.starts_with(o.as_ref())
        });
        !from && !made
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(text: &str) -> Option<&'static str> {
        static RULES: std::sync::OnceLock<PlaceRules> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(PlaceRules::default);
        destination(text, rules).map(|(entry, _)| entry)
    }

    #[test]
    fn names_the_region_of_a_destination_in_either_language() {
        for (text, want) in [
            ("ship to KL ok?", "shipping-international"),
            (
                "我女儿在日本读书 能直接寄过去给她吗",
                "shipping-international",
            ),
            (
                "can i get stuff shipped to my sister in Auckland, New Zealand",
                "shipping-international",
            ),
            ("寄西藏日喀则要几天", "shipping-remote-areas"),
            ("do u deliver to urumqi", "shipping-remote-areas"),
            ("那新疆呢", "shipping-remote-areas"),
        ] {
            assert_eq!(region(text), Some(want), "{text}");
        }
    }

    #[test]
    fn a_place_inside_a_word_or_as_an_origin_is_no_destination() {
        for text in [
            // Latin names as whole words only: "kl" in "klein", "uk" in "ukulele", "us" is no name.
            "can you send the klein bottle to us",
            "how long to ship a ukulele",
            // Where the item or the customer comes from.
            "这口锅是日本进口的吗 几天能到",
            "does the air fryer come with a uk plug",
            "im from malaysia, how long to beijing",
            "从香港寄到北京要多久",
            "can i pay with my uk visa",
            // A mainland city is neither region.
            "发杭州滨江一般几天",
        ] {
            assert_eq!(region(text), None, "{text}");
        }
    }

    #[test]
    fn places_of_two_regions_name_no_one_destination() {
        assert_eq!(region("寄香港还是新疆快"), None);
        // Two places of one region are that region.
        assert_eq!(region("香港和澳门都能寄吗"), Some("shipping-international"));
    }
}
