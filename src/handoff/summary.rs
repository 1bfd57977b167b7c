//! Builds the handoff an agent reads: a one-line situation, the intent path and sentiment
//! trajectory, what the bot already said, the last masked turns, entities and a suggested next
//! step — as JSON and as a short plain text in the customer's language.

use std::fmt::Write as _;

use chrono::Utc;

use super::catalog::{self, Lang};
use super::{Handoff, IntentStep, Status, TranscriptTurn};
use crate::conversation::Conversation;
use crate::policy::{Decision, Priority, ReasonCode, SummaryRules};
use crate::text::entities::EntityKind;
use crate::text::language::Language;
use crate::text::mask::EntityOut;

fn lang_of(l: Language) -> Lang {
    match l {
        Language::Zh => Lang::Zh,
        _ => Lang::En,
    }
}

fn priority_str(p: Priority) -> &'static str {
    match p {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
        Priority::Urgent => "urgent",
    }
}

/// The customer's main need: the last confident in-scope intent, else the current one.
fn main_intent(conv: &Conversation) -> String {
    conv.turns
        .iter()
        .rev()
        .find(|t| {
            !t.oos
                && !t.reasons.contains(&ReasonCode::LowConfidence)
                && t.intent != "contact_human_agent"
                && !crate::smalltalk::is_act(&t.intent)
        })
        .or(conv.turns.last())
        .map(|t| {
            if t.oos {
                "oos".to_string()
            } else {
                t.intent.clone()
            }
        })
        .unwrap_or_else(|| "oos".into())
}

/// Entities across the conversation, deduplicated, in first-seen order (already masked).
fn all_entities(conv: &Conversation) -> Vec<EntityOut> {
    let mut out: Vec<EntityOut> = Vec::new();
    for t in &conv.turns {
        for e in &t.entities {
            if !out.iter().any(|o| o.kind == e.kind && o.value == e.value) {
                out.push(e.clone());
            }
        }
    }
    out
}

fn situation(
    conv: &Conversation,
    intent: &str,
    lang: Lang,
    entities: &[EntityOut],
    d: &Decision,
    rules: &SummaryRules,
    need_scores: &[f32],
) -> String {
    let need = catalog::need(intent, lang, &rules.needs);
    let key: Vec<String> = entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::OrderNumber | EntityKind::Amount))
        .take(3)
        .map(|e| format!("{} {}", catalog::entity(e.kind.as_str(), lang), e.value))
        .collect();
    let mood = need_scores.last().map(|&s| {
        let label = if s <= -0.3 {
            "negative"
        } else if s >= 0.3 {
            "positive"
        } else {
            "neutral"
        };
        (
            catalog::sentiment(label, lang),
            catalog::trend(need_scores, lang),
        )
    });
    let turns = conv.turns.len();
    match lang {
        Lang::Zh => {
            let mut s = format!("客户{need}");
            if !key.is_empty() {
                let _ = write!(s, "（{}）", key.join("，"));
            }
            if let Some((m, t)) = mood {
                let _ = write!(s, "；情绪{m}，趋势{t}");
            }
            if d.failures > 0 {
                let _ = write!(s, "；机器人已失败{}次", d.failures);
            }
            let _ = write!(s, "；共{turns}轮对话。");
            s
        }
        Lang::En => {
            let mut s = format!("Customer {need}");
            if !key.is_empty() {
                let _ = write!(s, " ({})", key.join(", "));
            }
            if let Some((m, t)) = mood {
                let _ = write!(s, "; mood {m}, {t}");
            }
            if d.failures > 0 {
                let _ = write!(s, "; bot failed {} time(s)", d.failures);
            }
            let _ = write!(s, "; {turns} turn(s).");
            s
        }
    }
}

/// Builds a new pending handoff from a conversation whose last turn triggered it.
pub fn build(
    conv: &Conversation,
    d: &Decision,
    language: Language,
    rules: &SummaryRules,
) -> Handoff {
    let lang = lang_of(language);
    // A rule that knows what it is about (a handoff entry, a product question) beats the intent.
    let intent = d.topic.clone().unwrap_or_else(|| main_intent(conv));
    let entities = all_entities(conv);
    // The mood of the customer's needs: compared with a greeting's politeness ("你好" scores far
    // above any question) every chat that opened with one read as "worsening".
    let need_scores: Vec<f32> = conv.needs().filter_map(|t| t.sentiment).collect();
    let queue = d.queue.clone().unwrap_or_else(|| "general".into());
    let priority = d.priority.unwrap_or(Priority::Normal);
    let mut transcript = Vec::new();
    for t in &conv.turns {
        transcript.push(TranscriptTurn {
            at: t.at,
            role: "customer".into(),
            text: t.text.clone(),
        });
        if let Some(r) = &t.bot_reply {
            transcript.push(TranscriptTurn {
                at: t.at,
                role: "bot".into(),
                text: r.clone(),
            });
        }
    }
    let skip = transcript.len().saturating_sub(rules.last_turns);
    let transcript: Vec<TranscriptTurn> = transcript.into_iter().skip(skip).collect();
    let now = Utc::now();
    let mut h = Handoff {
        id: format!("h_{}", uuid::Uuid::new_v4().simple()),
        conversation_id: conv.id.clone(),
        tenant: conv.tenant.clone(),
        customer: conv.customer.clone(),
        created_at: now,
        updated_at: now,
        status: Status::Pending,
        queue,
        priority,
        reasons: d.reasons.clone(),
        language,
        situation: situation(conv, &intent, lang, &entities, d, rules, &need_scores),
        intent_path: conv
            .turns
            .iter()
            .map(|t| IntentStep {
                intent: if t.oos {
                    "oos".into()
                } else {
                    t.intent.clone()
                },
                confidence: t.confidence,
            })
            .collect(),
        sentiment_trajectory: conv.turns.iter().filter_map(|t| t.sentiment).collect(),
        // Small talk ("您好！…") answered nothing the agent must not repeat.
        bot_answers: conv
            .turns
            .iter()
            .filter(|t| !t.is_smalltalk())
            .filter_map(|t| t.bot_reply.clone())
            .collect(),
        transcript,
        entities,
        suggested_next_step: catalog::next_step(&intent, lang, &rules.next_steps),
        text: String::new(),
        agent: None,
        accepted_at: None,
        resolved_at: None,
    };
    h.text = render(&h, lang, &need_scores);
    h
}

/// The plain-text card: a header line, then labelled lines an agent scans in seconds. The mood
/// line lists every turn's sentiment; its trend word compares `need_scores` (the needs only).
pub fn render(h: &Handoff, lang: Lang, need_scores: &[f32]) -> String {
    let zh = lang == Lang::Zh;
    let reasons: Vec<String> = h
        .reasons
        .iter()
        .map(|r| catalog::reason(r.code.as_str(), lang))
        .collect();
    let path: Vec<String> = h.intent_path.iter().map(|s| s.intent.clone()).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "[{}] {} · {} · {}",
        catalog::priority(priority_str(h.priority), lang),
        catalog::queue(&h.queue, lang),
        h.id,
        h.created_at.format("%Y-%m-%d %H:%M UTC")
    );
    let (l_sit, l_why, l_cust, l_path, l_mood, l_bot, l_last, l_ent, l_next) = if zh {
        (
            "情况",
            "转人工原因",
            "客户",
            "意图路径",
            "情绪轨迹",
            "机器人已回复",
            "最近对话",
            "关键信息",
            "建议下一步",
        )
    } else {
        (
            "Situation",
            "Why",
            "Customer",
            "Intent path",
            "Sentiment",
            "Bot already said",
            "Last messages",
            "Details",
            "Next step",
        )
    };
    let _ = writeln!(out, "{l_sit}: {}", h.situation);
    let _ = writeln!(
        out,
        "{l_why}: {}",
        reasons.join(if zh { "；" } else { "; " })
    );
    if let Some(c) = &h.customer {
        let vip = if c.vip { " (VIP)" } else { "" };
        let _ = writeln!(out, "{l_cust}: {}{vip}", c.id.as_deref().unwrap_or("-"));
    }
    let _ = writeln!(out, "{l_path}: {}", path.join(" → "));
    if !h.sentiment_trajectory.is_empty() {
        let t: Vec<String> = h
            .sentiment_trajectory
            .iter()
            .map(|s| format!("{s:+.2}"))
            .collect();
        let _ = writeln!(
            out,
            "{l_mood}: {} ({})",
            t.join(" → "),
            catalog::trend(need_scores, lang)
        );
    }
    if !h.bot_answers.is_empty() {
        // The transcript below has them whole; one line names each.
        let short: Vec<String> = h
            .bot_answers
            .iter()
            .map(|a| crate::text::clipped(a, 72))
            .collect();
        let _ = writeln!(out, "{l_bot}: {}", short.join(" | "));
    }
    if !h.entities.is_empty() {
        let e: Vec<String> = h
            .entities
            .iter()
            .map(|e| format!("{} {}", catalog::entity(e.kind.as_str(), lang), e.value))
            .collect();
        let _ = writeln!(out, "{l_ent}: {}", e.join(if zh { "；" } else { "; " }));
    }
    let _ = writeln!(out, "{l_last}:");
    for t in &h.transcript {
        let who = match (t.role.as_str(), zh) {
            ("bot", true) => "机器人",
            ("bot", false) => "bot",
            (_, true) => "客户",
            (_, false) => "customer",
        };
        let _ = writeln!(out, "  {who}: {}", t.text);
    }
    let _ = write!(out, "{l_next}: {}", h.suggested_next_step);
    out
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::conversation::Turn;
    use crate::policy::{Action, Reason};

    fn turn(text: &str, sentiment: f32, smalltalk: bool) -> Turn {
        Turn {
            at: Utc::now(),
            text: text.into(),
            language: Language::En,
            intent: if smalltalk { "greeting" } else { "track_order" }.into(),
            confidence: 0.9,
            oos: false,
            sentiment: Some(sentiment),
            action: if smalltalk {
                Action::Answer
            } else {
                Action::Handoff
            },
            reasons: if smalltalk {
                vec![ReasonCode::Smalltalk]
            } else {
                vec![ReasonCode::UserRequested]
            },
            bot_reply: None,
            faq: None,
            offered: vec![],
            entities: vec![],
            embedding: vec![],
        }
    }

    fn handoff_of(turns: Vec<Turn>) -> Handoff {
        handoff_about(turns, None)
    }

    fn handoff_about(turns: Vec<Turn>, topic: Option<&str>) -> Handoff {
        let mut c = Conversation::new("c", None, None);
        for t in turns {
            c.push(t);
        }
        let d = Decision {
            action: Action::Handoff,
            reasons: vec![Reason {
                code: ReasonCode::UserRequested,
                detail: "asks for a person".into(),
            }],
            queue: None,
            priority: None,
            bot_failed: false,
            failures: 0,
            faq: None,
            faq_entry: None,
            topic: topic.map(str::to_string),
        };
        build(&c, &d, Language::En, &SummaryRules::default())
    }

    #[test]
    fn a_topic_the_policy_knows_beats_the_intent_on_the_card() {
        // "when will it be back in stock" read as a refund question is a product question.
        let h = handoff_about(
            vec![turn("when will it be back in stock", 0.0, false)],
            Some("product_question"),
        );
        assert!(
            h.situation.contains("the product itself"),
            "{}",
            h.situation
        );
        assert!(
            h.suggested_next_step.contains("stock"),
            "{}",
            h.suggested_next_step
        );
        // A handoff entry's id, readable.
        let h = handoff_about(
            vec![turn("gift card balance?", 0.0, false)],
            Some("gift-cards"),
        );
        assert!(
            h.situation.contains("asked about gift cards"),
            "{}",
            h.situation
        );
        // Without one, the intent as before.
        let h = handoff_of(vec![turn("where is my order", 0.0, false)]);
        assert!(
            h.situation.contains("wants to track an order"),
            "{}",
            h.situation
        );
    }

    #[test]
    fn what_the_bot_said_leaves_small_talk_out_and_the_card_names_each_answer_in_one_line() {
        let mut hi = turn("hello!", 0.8, true);
        hi.bot_reply = Some("[small talk: greeting] Hello! How can I help?".into());
        let mut asked = turn("where is my parcel", 0.0, false);
        asked.action = Action::Answer;
        asked.reasons = vec![ReasonCode::FaqMatch];
        let long = format!(
            "[answered from the knowledge base: tracking-where] {}",
            "Go to Me → Orders and open the order. ".repeat(5)
        );
        asked.bot_reply = Some(long.clone());
        let h = handoff_of(vec![hi, asked, turn("it shows nothing", -0.6, false)]);
        assert_eq!(h.bot_answers, vec![long.clone()]);
        let line = h
            .text
            .lines()
            .find(|l| l.starts_with("Bot already said"))
            .unwrap();
        assert!(line.ends_with('…') && line.len() < long.len(), "{line}");
        // The transcript keeps both, whole.
        assert!(h.transcript.iter().any(|t| t.text == long));
        assert!(h
            .transcript
            .iter()
            .any(|t| t.text.starts_with("[small talk")));
    }

    #[test]
    fn a_greeting_does_not_make_the_mood_worsening() {
        let h = handoff_of(vec![
            turn("hello!", 0.8, true),
            turn("where is my order", 0.0, false),
            turn("can I talk to a person", -0.1, false),
        ]);
        assert_eq!(
            h.sentiment_trajectory,
            vec![0.8, 0.0, -0.1],
            "every turn listed"
        );
        assert!(h.situation.contains("steady"), "{}", h.situation);
        assert!(!h.text.contains("worsening"), "{}", h.text);
        // Needs that do sour still read as worsening.
        let h = handoff_of(vec![
            turn("hello!", 0.8, true),
            turn("where is my order", 0.1, false),
            turn("this is ridiculous", -0.6, false),
        ]);
        assert!(h.situation.contains("worsening"), "{}", h.situation);
        assert!(h.text.contains("worsening"), "{}", h.text);
    }
}
