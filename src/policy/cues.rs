//! What the customer's own words say: a phrase from a list, and the anger cues (phrases,
//! "!!", shouting, angry emoji).

/// The first phrase the text contains, ignoring case and apostrophes, which phones type curly
/// and customers often leave out ("that’s" and "thats" match "that's").
pub fn matched_phrase<'a>(text: &str, phrases: &'a [String]) -> Option<&'a str> {
    let fold = |t: &str| t.to_lowercase().replace(['’', '\''], "");
    let lower = fold(text);
    // Most phrases are already folded (lower case, no apostrophe): compared as they are, with
    // no copy per phrase and message (a policy holds a few hundred).
    let folded = |p: &str| !p.chars().any(|c| c.is_uppercase() || c == '’' || c == '\'');
    phrases
        .iter()
        .find(|p| {
            !p.is_empty()
                && if folded(p) {
                    lower.contains(p.as_str())
                } else {
                    lower.contains(&fold(p))
                }
        })
        .map(|p| p.as_str())
}

/// The anger cue in a message, described for the reason detail: a phrase from the list, a run of
/// "!!" / "??" / "?!" (half- or full-width), a shouted word (four or more capital letters, no
/// lowercase), or an angry emoji.
pub fn anger_cue(text: &str, phrases: &[String]) -> Option<String> {
    if let Some(p) = matched_phrase(text, phrases) {
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

/// The placeholder, when a message is nothing but bracketed placeholders (and spaces or
/// punctuation) and one of them is a photo, file, voice message or link of `placeholders`.
pub fn media_only<'a>(text: &str, placeholders: &'a [String]) -> Option<&'a str> {
    let mut rest = text.trim();
    let mut media = None;
    while !rest.is_empty() {
        let r = rest.strip_prefix(['[', '【'])?;
        let end = r.find([']', '】'])?;
        let inner = r[..end].trim().to_lowercase();
        if media.is_none() {
            media = placeholders
                .iter()
                .find(|p| p.to_lowercase() == inner)
                .map(|p| p.as_str());
        }
        let close = r[end..].chars().next().map_or(1, char::len_utf8);
        rest = r[end + close..].trim_start_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_punctuation() && c != '[' || "，。！？、".contains(c)
        });
    }
    media
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(p.len() > 50 && p.iter().all(|x| !x.is_empty() && !x.starts_with('#')));
        assert_eq!(anger_cue("气死我了", &p).as_deref(), Some("\"气死\""));
        assert_eq!(
            anger_cue("快点！！", &p).as_deref(),
            Some("repeated ! or ?")
        );
        assert_eq!(
            anger_cue("PLEASE answer", &p).as_deref(),
            Some("a word in capitals")
        );
        assert_eq!(anger_cue("ok 💢", &p).as_deref(), Some("emoji 💢"));
        for calm in [
            "我的快递到哪了？",
            "Where is my order? ID 12345",
            "请问有发票吗",
            "OK thx",
            "iPhone 15 PRO",
        ] {
            // "PRO" is three letters: short acronyms (ID, OK, USB) are not shouting.
            assert_eq!(anger_cue(calm, &p), None, "{calm}");
        }
    }
}
