//! Conversation mode: scripted conversations replayed turn by turn through the real classify
//! pipeline ([`Classifier`] with an in-memory store), so history rules (repeated failure,
//! unresolved clarify, sentiment trend, silence after a handoff) apply exactly as in serving.
//! Scores: action accuracy and confusion, handoff precision/recall, and the reason codes
//! (per-code precision/recall against `expected_reasons`, and the confusion of the first
//! expected vs the first given reason).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::data::{Dataset, Item};
use super::report::{pct, ModelRef};
use super::svg::{self, esc};
use super::{write_file, EvalError};
use crate::classify::{Classifier, ClassifyRequest, Customer};
use crate::engine::{Engine, EngineConfig};
use crate::metrics::{self, ClassificationReport};
use crate::model::Model;
use crate::policy::{Action, Policy};
use crate::store::{Store, StoreLimits};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TurnResult {
    pub line: usize,
    pub conversation_id: String,
    pub turn: Option<i64>,
    pub text_sha256: String,
    pub expected_action: Action,
    pub action: Action,
    pub expected_reasons: Option<Vec<String>>,
    pub reasons: Vec<String>,
    pub intent: String,
    pub confidence: f64,
    pub oos: bool,
    /// The row's `label` (small-talk turns carry their act).
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub expected_faq: Option<Vec<String>>,
    /// The knowledge-base entry the bot answered with.
    #[serde(default)]
    pub faq: Option<String>,
    /// The small-talk act the bot answered.
    #[serde(default)]
    pub smalltalk: Option<String>,
    /// An intent's answer (no entry, no small talk) on a turn with `expected_faq`, for an intent
    /// that none of those entries is linked to (the entry's `intent`, or one the policy's
    /// `[faq] related_intents` groups with it): the customer asked one thing and got the flow or
    /// reply of another.
    #[serde(default)]
    pub other_need: bool,
}

impl TurnResult {
    fn is_smalltalk_turn(&self) -> bool {
        self.label.as_deref().is_some_and(crate::smalltalk::is_act)
    }

    /// An answer beside the point: the bot answered a turn that needed a person or a question,
    /// answered with a knowledge-base entry that is not among `expected_faq` or with the intent of
    /// another need (`other_need`), or took small talk for a question (or a question for small
    /// talk).
    fn wrong_answer(&self) -> bool {
        if self.action != Action::Answer {
            return false;
        }
        if self.expected_action != Action::Answer {
            return true;
        }
        if let (Some(want), Some(got)) = (&self.expected_faq, &self.faq) {
            if !want.contains(got) {
                return true;
            }
        }
        self.other_need || self.is_smalltalk_turn() != self.smalltalk.is_some()
    }
}

/// How a chat went for the customer: what the bot served, what it got wrong, who it bothered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ChatScores {
    /// Turns the bot should serve: expected `answer` (small talk included).
    pub servable: usize,
    /// Of those, answered by the bot.
    pub served: usize,
    pub served_rate: Option<f64>,
    /// Turns the bot answered.
    pub bot_answers: usize,
    /// Answers beside the point (see `wrong_answer` kinds below).
    pub wrong_answers: usize,
    pub wrong_answer_rate: Option<f64>,
    /// Wrong answers by kind: `needed_person` (expected handoff), `needed_clarify`,
    /// `wrong_faq` (an entry outside `expected_faq`), `other_need` (an intent's answer for a need
    /// none of `expected_faq` covers), `smalltalk_mismatch`.
    pub wrong_by_kind: BTreeMap<String, usize>,
    /// Expected answer or clarify, handed off.
    pub false_handoffs: usize,
    pub false_handoff_rate: Option<f64>,
    /// False handoffs per reason code (a turn counts under each of its codes;
    /// `handoff_active` ones were silenced after an earlier handoff of the chat): which rule
    /// to look at first.
    #[serde(default)]
    pub false_handoff_reasons: BTreeMap<String, usize>,
    /// Expected handoff, not handed off (rate over expected handoffs).
    pub missed_handoffs: usize,
    pub expected_handoffs: usize,
    pub missed_handoff_rate: Option<f64>,
    /// Small-talk turns (label is an act) expected to be answered, handed off by themselves.
    pub smalltalk_turns: usize,
    pub smalltalk_handed_off: usize,
    /// Of those, the ones the bot was silent on because an earlier turn of the chat was handed
    /// off (`handoff_active`): the earlier handoff's error, not the small talk's.
    #[serde(default)]
    pub smalltalk_silenced: usize,
    /// Turns with `expected_faq` answered with one of those entries.
    pub faq_turns: usize,
    pub faq_hits: usize,
    pub faq_hit_rate: Option<f64>,
    /// Knowledge-base answers on turns that list no `expected_faq` (not counted as wrong).
    pub faq_answers_unexpected: usize,
}

pub fn chat_scores(results: &[TurnResult]) -> ChatScores {
    let mut c = ChatScores::default();
    for r in results {
        let answered = r.action == Action::Answer;
        if r.expected_action == Action::Answer {
            c.servable += 1;
            c.served += answered as usize;
        }
        if answered {
            c.bot_answers += 1;
            if r.wrong_answer() {
                c.wrong_answers += 1;
                let kind = match r.expected_action {
                    Action::Handoff => "needed_person",
                    Action::Clarify => "needed_clarify",
                    Action::Answer
                        if r.expected_faq.is_some()
                            && r.faq.as_ref().is_some_and(|f| {
                                !r.expected_faq.as_ref().is_some_and(|w| w.contains(f))
                            }) =>
                    {
                        "wrong_faq"
                    }
                    Action::Answer if r.other_need => "other_need",
                    Action::Answer => "smalltalk_mismatch",
                };
                *c.wrong_by_kind.entry(kind.into()).or_default() += 1;
            }
            if r.faq.is_some() && r.expected_faq.is_none() {
                c.faq_answers_unexpected += 1;
            }
        }
        if r.action == Action::Handoff && r.expected_action != Action::Handoff {
            c.false_handoffs += 1;
            for code in &r.reasons {
                *c.false_handoff_reasons.entry(code.clone()).or_default() += 1;
            }
        }
        if r.expected_action == Action::Handoff {
            c.expected_handoffs += 1;
            c.missed_handoffs += (r.action != Action::Handoff) as usize;
        }
        if r.is_smalltalk_turn() && r.expected_action == Action::Answer {
            c.smalltalk_turns += 1;
            if r.action == Action::Handoff {
                if r.reasons.iter().any(|x| x == "handoff_active") {
                    c.smalltalk_silenced += 1;
                } else {
                    c.smalltalk_handed_off += 1;
                }
            }
        }
        if let Some(want) = &r.expected_faq {
            c.faq_turns += 1;
            c.faq_hits += (answered && r.faq.as_ref().is_some_and(|f| want.contains(f))) as usize;
        }
    }
    c.served_rate = ratio(c.served, c.servable);
    c.wrong_answer_rate = ratio(c.wrong_answers, c.bot_answers);
    c.false_handoff_rate = ratio(c.false_handoffs, results.len() - c.expected_handoffs);
    c.missed_handoff_rate = ratio(c.missed_handoffs, c.expected_handoffs);
    c.faq_hit_rate = ratio(c.faq_hits, c.faq_turns);
    c
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CodeScore {
    pub code: String,
    /// Turns that expected the code and got it.
    pub tp: usize,
    /// Got it without expecting it.
    pub fp: usize,
    /// Expected it and did not get it.
    pub fn_: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationReport {
    pub tool: String,
    pub created_at: String,
    pub mode: String,
    pub model: ModelRef,
    pub data: Vec<String>,
    /// The knowledge base the replay answered from (`None`: no FAQ answers at all).
    #[serde(default)]
    pub kb: Option<String>,
    /// The knowledge base's own answer thresholds per language (its TOML file), when it has any.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kb_thresholds: BTreeMap<String, f32>,
    /// The knowledge base's own weight of word overlap in an entry's score, when it sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_lexical_weight: Option<f32>,
    pub conversations: usize,
    pub turns: usize,
    pub action_accuracy: f64,
    /// Served, wrong answers, false and missed handoffs, small talk, FAQ hits.
    #[serde(default)]
    pub chat: ChatScores,
    pub handoff_precision: Option<f64>,
    pub handoff_recall: Option<f64>,
    /// Expected action (gold) vs the pipeline's action.
    pub actions: ClassificationReport,
    /// Over turns with `expected_reasons`.
    pub reason_turns: usize,
    pub reason_codes: Vec<CodeScore>,
    /// First expected reason vs first given reason (`none` when empty), turns with
    /// `expected_reasons` only.
    pub reason_confusion: ClassificationReport,
    pub results: Vec<TurnResult>,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn action_str(a: Action) -> &'static str {
    match a {
        Action::Answer => "answer",
        Action::Clarify => "clarify",
        Action::Handoff => "handoff",
    }
}

/// Conversations in order of first appearance; turns by `turn`, then file order.
pub fn script(ds: &Dataset) -> Vec<Vec<&Item>> {
    let mut order: Vec<String> = Vec::new();
    let mut by: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for it in &ds.items {
        let c = it.conversation.clone().unwrap_or_default();
        if !by.contains_key(&c) {
            order.push(c.clone());
        }
        by.entry(c).or_default().push(it);
    }
    order
        .into_iter()
        .map(|c| {
            let mut v = by.remove(&c).unwrap_or_default();
            v.sort_by_key(|i| (i.turn.unwrap_or(i64::MIN), i.file, i.line));
            v
        })
        .collect()
}

/// What a replay gives: every turn's result, and the settings the knowledge base carried
/// itself (its TOML file; the defaults without one).
pub struct Replay {
    pub results: Vec<TurnResult>,
    pub kb_settings: crate::kb::KbSettings,
}

/// Whether an intent's answer serves a need that none of the expected entries covers: no expected
/// entry is linked to that intent or to one `[faq] related_intents` groups with it.
/// `entry_intent(id)`: the intent an entry of the knowledge base is linked to, `None` for an id
/// it does not have — those are not judged (with another knowledge base the expected ids say
/// nothing about which intents fit).
fn answers_other_need<'k>(
    expected: &[String],
    intent: &str,
    entry_intent: impl Fn(&str) -> Option<Option<&'k str>>,
    rules: &crate::policy::FaqRules,
) -> bool {
    let mut known = expected.iter().filter_map(|id| entry_intent(id)).peekable();
    known.peek().is_some() && !known.any(|i| i.is_some_and(|i| rules.related(i, intent)))
}

/// Replays every conversation through a fresh in-memory classifier.
pub fn replay(
    model: Model,
    policy: Policy,
    kb: Option<&Path>,
    ds: &Dataset,
    show_progress: bool,
) -> Result<Replay, EvalError> {
    let model = Arc::new(model);
    let kb = match kb {
        Some(path) => Some(Arc::new(
            crate::kb::KbStore::open(path, model.clone())
                .map_err(|e| EvalError::Invalid(format!("knowledge base {}: {e}", path.display())))?
                .0,
        )),
        None => None,
    };
    let engine = Arc::new(Engine::start(model, EngineConfig::default()));
    let store = Arc::new(Store::memory(StoreLimits::default()));
    let faq_rules = policy.base.faq.clone();
    let mut classifier = Classifier::new(engine.clone(), policy, store, None, false, usize::MAX);
    let mut kb_settings = crate::kb::KbSettings::default();
    let mut index = None;
    if let Some(kb) = kb {
        let snapshot = kb.snapshot();
        kb_settings = snapshot.settings().clone();
        index = Some(snapshot);
        classifier = classifier.with_kb(kb);
    }
    let entry_intent = |id: &str| {
        index
            .as_ref()
            .and_then(|i| i.get(id))
            .map(|e| e.intent.as_deref())
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| EvalError::Invalid(format!("runtime: {e}")))?;
    let pb = super::progress(ds.items.len() as u64, "conversations", show_progress);
    let result = rt.block_on(async {
        let mut out = Vec::new();
        for conv in script(ds) {
            for it in conv {
                let cid = it.conversation.clone().unwrap_or_default();
                let req = ClassifyRequest {
                    text: it.text.clone(),
                    conversation_id: Some(format!("eval:{cid}")),
                    customer: Some(Customer {
                        id: None,
                        vip: it.vip,
                    }),
                    top_k: None,
                    tenant: None,
                };
                let resp =
                    classifier
                        .classify(&req)
                        .await
                        .map_err(|source| EvalError::Classify {
                            path: ds.path_of(it).to_path_buf(),
                            line: it.line,
                            source,
                        })?;
                let intent_answer =
                    resp.action == Action::Answer && resp.faq.is_none() && resp.smalltalk.is_none();
                let other_need = intent_answer
                    && it.expected_faq.as_deref().is_some_and(|want| {
                        answers_other_need(want, &resp.intent.label, entry_intent, &faq_rules)
                    });
                out.push(TurnResult {
                    line: it.line,
                    conversation_id: cid,
                    turn: it.turn,
                    text_sha256: it.text_sha256.clone(),
                    expected_action: it.expected_action.unwrap_or(Action::Answer),
                    action: resp.action,
                    expected_reasons: it.expected_reasons.clone(),
                    reasons: resp
                        .reasons
                        .iter()
                        .map(|r| r.code.as_str().to_string())
                        .collect(),
                    intent: resp.intent.label.clone(),
                    confidence: f64::from(resp.intent.confidence),
                    oos: resp.out_of_scope.flag,
                    label: it.gold.clone(),
                    expected_faq: it.expected_faq.clone(),
                    faq: resp.faq.as_ref().map(|f| f.id.clone()),
                    smalltalk: resp.smalltalk.map(str::to_string),
                    other_need,
                });
                pb.inc(1);
            }
        }
        Ok::<_, EvalError>(out)
    });
    pb.finish_and_clear();
    engine.shutdown();
    Ok(Replay {
        results: result?,
        kb_settings,
    })
}

pub fn build(
    results: Vec<TurnResult>,
    model: ModelRef,
    data: Vec<String>,
    kb: Option<String>,
) -> ConversationReport {
    let gold: Vec<&str> = results
        .iter()
        .map(|r| action_str(r.expected_action))
        .collect();
    let pred: Vec<&str> = results.iter().map(|r| action_str(r.action)).collect();
    let actions = metrics::classification_report(&gold, &pred);
    let ok = results
        .iter()
        .filter(|r| r.action == r.expected_action)
        .count();
    let handed = results
        .iter()
        .filter(|r| r.action == Action::Handoff)
        .count();
    let expected_h = results
        .iter()
        .filter(|r| r.expected_action == Action::Handoff)
        .count();
    let both_h = results
        .iter()
        .filter(|r| r.action == Action::Handoff && r.expected_action == Action::Handoff)
        .count();
    let with_reasons: Vec<&TurnResult> = results
        .iter()
        .filter(|r| r.expected_reasons.is_some())
        .collect();
    let mut codes: Vec<String> = with_reasons
        .iter()
        .flat_map(|r| {
            r.reasons
                .iter()
                .cloned()
                .chain(r.expected_reasons.clone().unwrap_or_default())
        })
        .collect();
    codes.sort();
    codes.dedup();
    let reason_codes = codes
        .into_iter()
        .map(|code| {
            let (mut tp, mut fp, mut fn_) = (0, 0, 0);
            for r in &with_reasons {
                let exp = r
                    .expected_reasons
                    .as_ref()
                    .is_some_and(|e| e.contains(&code));
                let got = r.reasons.contains(&code);
                match (exp, got) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    _ => {}
                }
            }
            CodeScore {
                code,
                tp,
                fp,
                fn_,
                precision: ratio(tp, tp + fp),
                recall: ratio(tp, tp + fn_),
            }
        })
        .collect();
    let first = |v: &[String]| v.first().cloned().unwrap_or_else(|| "none".into());
    let rg: Vec<String> = with_reasons
        .iter()
        .map(|r| first(r.expected_reasons.as_deref().unwrap_or(&[])))
        .collect();
    let rp: Vec<String> = with_reasons.iter().map(|r| first(&r.reasons)).collect();
    let mut convs: Vec<&str> = results.iter().map(|r| r.conversation_id.as_str()).collect();
    convs.sort();
    convs.dedup();
    ConversationReport {
        tool: format!("triage {} eval", env!("CARGO_PKG_VERSION")),
        created_at: chrono::Utc::now().to_rfc3339(),
        mode: "conversations".into(),
        model,
        data,
        kb,
        kb_thresholds: BTreeMap::new(),
        kb_lexical_weight: None,
        conversations: convs.len(),
        turns: results.len(),
        action_accuracy: ratio(ok, results.len()).unwrap_or(0.0),
        chat: chat_scores(&results),
        handoff_precision: ratio(both_h, handed),
        handoff_recall: ratio(both_h, expected_h),
        actions,
        reason_turns: with_reasons.len(),
        reason_codes,
        reason_confusion: metrics::classification_report_from(&rg, &rp),
        results,
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(pct).unwrap_or_else(|| "n/a".into())
}

/// " (low_confidence 25, handoff_active 18, …)", most frequent first; empty when none.
fn by_reason(counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return String::new();
    }
    let mut v: Vec<(&String, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = v.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!(" ({})", parts.join(", "))
}

pub fn summary_lines(r: &ConversationReport) -> Vec<String> {
    let kb = match &r.kb {
        Some(path) => {
            let mut own = Vec::new();
            if !r.kb_thresholds.is_empty() {
                let t: Vec<String> = r
                    .kb_thresholds
                    .iter()
                    .map(|(l, t)| format!("{l} {t:.2}"))
                    .collect();
                own.push(format!("its own thresholds: {}", t.join(", ")));
            }
            if let Some(w) = r.kb_lexical_weight {
                own.push(format!("word overlap weight {w:.2}"));
            }
            if own.is_empty() {
                format!("knowledge base {path}")
            } else {
                format!("knowledge base {path} ({})", own.join("; "))
            }
        }
        None => "no knowledge base".into(),
    };
    let mut lines = vec![
        format!(
            "model {} {}: {} conversations, {} turns, {kb}",
            r.model.name, r.model.version, r.conversations, r.turns
        ),
        format!(
            "action accuracy {}  handoff precision {}  recall {}",
            pct(r.action_accuracy),
            opt(r.handoff_precision),
            opt(r.handoff_recall)
        ),
        format!(
            "served {} of {} servable turns ({})  wrong answers {} of {} bot answers ({})",
            r.chat.served,
            r.chat.servable,
            opt(r.chat.served_rate),
            r.chat.wrong_answers,
            r.chat.bot_answers,
            opt(r.chat.wrong_answer_rate)
        ),
        format!(
            "false handoffs {}{}  missed handoffs {} of {} ({})  small talk handed off {} of {} (silenced after an earlier handoff: {})",
            r.chat.false_handoffs,
            by_reason(&r.chat.false_handoff_reasons),
            r.chat.missed_handoffs,
            r.chat.expected_handoffs,
            opt(r.chat.missed_handoff_rate),
            r.chat.smalltalk_handed_off,
            r.chat.smalltalk_turns,
            r.chat.smalltalk_silenced
        ),
        format!(
            "FAQ hits {} of {} ({})  FAQ answers on turns without expected_faq {}",
            r.chat.faq_hits,
            r.chat.faq_turns,
            opt(r.chat.faq_hit_rate),
            r.chat.faq_answers_unexpected
        ),
        format!(
            "reason codes checked on {} turns: {}",
            r.reason_turns,
            r.reason_codes
                .iter()
                .map(|c| format!("{} P {} R {}", c.code, opt(c.precision), opt(c.recall)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    ];
    if r.kb.is_none() && r.chat.faq_turns > 0 {
        let turns = match r.chat.faq_turns {
            1 => "1 turn expects".to_string(),
            n => format!("{n} turns expect"),
        };
        lines.push(format!(
            "warning: {turns} an FAQ answer but no knowledge base was loaded: pass --kb FILE \
             (the sample kb/default.jsonl comes only with --model models/default, run from the \
             project folder)"
        ));
    }
    lines
}

fn md_matrix(c: &ClassificationReport) -> String {
    let mut m = String::from("| gold \\ predicted |");
    for l in &c.labels {
        let _ = write!(m, " {l} |");
    }
    m.push_str("\n|---|");
    m.push_str(&"---:|".repeat(c.labels.len()));
    m.push('\n');
    for (l, row) in c.labels.iter().zip(&c.confusion) {
        let _ = write!(m, "| {l} |");
        for n in row {
            let _ = write!(m, " {n} |");
        }
        m.push('\n');
    }
    m
}

pub fn markdown(r: &ConversationReport) -> String {
    let mut m = format!(
        "# Conversation evaluation: {} {}\n\n```\n",
        r.model.name, r.model.version
    );
    for l in summary_lines(r) {
        let _ = writeln!(m, "{l}");
    }
    m.push_str("```\n\n## Actions (expected vs given)\n\n");
    m.push_str(&md_matrix(&r.actions));
    m.push_str("\n| action | precision | recall | F1 | expected |\n|---|---:|---:|---:|---:|\n");
    for c in &r.actions.per_class {
        let _ = writeln!(
            m,
            "| {} | {:.3} | {:.3} | {:.3} | {} |",
            c.label, c.precision, c.recall, c.f1, c.support
        );
    }
    m.push_str("\n## Reason codes\n\n| code | expected and given | given, not expected | expected, not given | precision | recall |\n|---|---:|---:|---:|---:|---:|\n");
    for c in &r.reason_codes {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            c.code,
            c.tp,
            c.fp,
            c.fn_,
            opt(c.precision),
            opt(c.recall)
        );
    }
    m.push_str("\nFirst expected reason vs first given reason:\n\n");
    m.push_str(&md_matrix(&r.reason_confusion));
    m.push_str("\n## Turns that went differently\n\n| conversation | turn | line | expected | given | reasons |\n|---|---:|---:|---|---|---|\n");
    for t in r
        .results
        .iter()
        .filter(|t| t.action != t.expected_action || t.wrong_answer())
    {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            t.conversation_id,
            t.turn.map(|x| x.to_string()).unwrap_or_default(),
            t.line,
            action_str(t.expected_action),
            action_str(t.action),
            t.reasons.join(", ")
        );
    }
    m
}

pub fn html(r: &ConversationReport) -> String {
    let t = format!(
        "Conversation evaluation: {} {}",
        r.model.name, r.model.version
    );
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>{t}</title><style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px}}table{{border-collapse:collapse;font-size:13px}}td,th{{border:1px solid #ddd;padding:3px 8px}}pre{{background:#f7f7f7;padding:10px}}.plot{{border:1px solid #eee}}</style></head><body><h1>{t}</h1><pre>{}</pre>",
        esc(&summary_lines(r).join("\n")),
        t = esc(&t)
    );
    h.push_str("<h2>Actions: expected (rows) vs given (columns)</h2>");
    h.push_str(&svg::heatmap(&r.actions.labels, &r.actions.confusion));
    h.push_str("<h2>Reason codes: first expected (rows) vs first given (columns)</h2>");
    h.push_str(&svg::heatmap(
        &r.reason_confusion.labels,
        &r.reason_confusion.confusion,
    ));
    h.push_str("<table><tr><th>code</th><th>precision</th><th>recall</th><th>expected and given</th><th>given, not expected</th><th>expected, not given</th></tr>");
    for c in &r.reason_codes {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.code),
            opt(c.precision),
            opt(c.recall),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    h.push_str("</table><h2>Turns that went differently</h2><table><tr><th>conversation</th><th>turn</th><th>line</th><th>expected</th><th>given</th><th>reasons</th></tr>");
    for x in r
        .results
        .iter()
        .filter(|t| t.action != t.expected_action || t.wrong_answer())
    {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&x.conversation_id),
            x.turn.map(|v| v.to_string()).unwrap_or_default(),
            x.line,
            action_str(x.expected_action),
            action_str(x.action),
            esc(&x.reasons.join(", "))
        );
    }
    h.push_str("</table></body></html>\n");
    h
}

pub fn write_all(out: &Path, r: &ConversationReport) -> Result<(), EvalError> {
    let json = serde_json::to_string_pretty(r).map_err(|e| EvalError::Invalid(e.to_string()))?;
    write_file(out, "report.json", json.as_bytes())?;
    write_file(out, "report.md", markdown(r).as_bytes())?;
    write_file(out, "report.html", html(r).as_bytes())?;
    let mut lines = String::new();
    for t in &r.results {
        lines.push_str(&serde_json::to_string(t).map_err(|e| EvalError::Invalid(e.to_string()))?);
        lines.push('\n');
    }
    write_file(out, "predictions.jsonl", lines.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(c: &str, exp: Action, got: Action, er: Option<&[&str]>, r: &[&str]) -> TurnResult {
        TurnResult {
            line: 1,
            conversation_id: c.into(),
            turn: None,
            text_sha256: String::new(),
            expected_action: exp,
            action: got,
            expected_reasons: er.map(|v| v.iter().map(|s| s.to_string()).collect()),
            reasons: r.iter().map(|s| s.to_string()).collect(),
            intent: "x".into(),
            confidence: 0.5,
            oos: false,
            label: None,
            expected_faq: None,
            faq: None,
            smalltalk: None,
            other_need: false,
        }
    }

    #[test]
    fn an_intent_answer_fits_when_an_expected_entry_is_linked_to_it_or_a_related_intent() {
        let entries: std::collections::HashMap<String, Option<String>> = [
            ("cancel-before-shipment", Some("cancel_order")),
            ("cancellation-fee", Some("check_cancellation_fee")),
            ("missing-item", None),
        ]
        .into_iter()
        .map(|(id, i)| (id.to_string(), i.map(str::to_string)))
        .collect();
        let rules = crate::policy::FaqRules {
            related_intents: vec![vec!["cancel_order".into(), "check_cancellation_fee".into()]],
            ..Default::default()
        };
        let want = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let entry_intent = |id: &str| entries.get(id).map(|i| i.as_deref());
        let other =
            |ids: &[&str], intent| answers_other_need(&want(ids), intent, entry_intent, &rules);
        assert!(!other(&["cancel-before-shipment"], "cancel_order"));
        assert!(
            !other(&["cancellation-fee"], "cancel_order"),
            "related intents fit"
        );
        assert!(other(&["cancel-before-shipment"], "track_order"));
        assert!(
            other(&["missing-item"], "track_order"),
            "an entry linked to no intent is no intent's answer"
        );
        assert!(
            !other(&["missing-item", "cancel-before-shipment"], "cancel_order"),
            "one fitting entry is enough"
        );
        assert!(
            !other(&["not-in-this-kb"], "track_order"),
            "ids the knowledge base lacks are not judged"
        );
    }

    #[test]
    fn chat_scores_count_served_wrong_missed_small_talk_and_faq_hits() {
        use Action::*;
        let mut greet = turn("a", Answer, Answer, None, &["smalltalk"]);
        greet.label = Some("greeting".into());
        greet.smalltalk = Some("greeting".into());
        let mut faq_ok = turn("a", Answer, Answer, None, &["faq_match"]);
        faq_ok.expected_faq = Some(vec!["returns-how".into(), "returns-window".into()]);
        faq_ok.faq = Some("returns-window".into());
        let mut faq_wrong = turn("b", Answer, Answer, None, &["faq_match"]);
        faq_wrong.expected_faq = Some(vec!["returns-how".into()]);
        faq_wrong.faq = Some("tracking-where".into());
        let mut thanks_handed = turn("b", Answer, Handoff, None, &["out_of_scope"]);
        thanks_handed.label = Some("thanks".into());
        let mut bye_silenced = turn("b", Answer, Handoff, None, &["handoff_active"]);
        bye_silenced.label = Some("goodbye".into());
        let mut question_as_greeting = turn("c", Answer, Answer, None, &["smalltalk"]);
        question_as_greeting.smalltalk = Some("greeting".into());
        let mut faq_missed = turn("c", Answer, Answer, None, &[]);
        faq_missed.expected_faq = Some(vec!["returns-how".into()]);
        let mut other_intent = turn("f", Answer, Answer, None, &[]);
        other_intent.expected_faq = Some(vec!["cancel-before-shipment".into()]);
        other_intent.other_need = true;
        let results = vec![
            greet,
            faq_ok,
            faq_wrong,
            thanks_handed,
            bye_silenced,
            question_as_greeting,
            faq_missed,
            turn("d", Handoff, Answer, None, &[]),
            turn("d", Handoff, Handoff, None, &["user_requested"]),
            turn("e", Answer, Handoff, None, &["low_confidence"]),
            other_intent,
        ];
        let c = chat_scores(&results);
        assert_eq!((c.servable, c.served), (9, 6));
        assert_eq!(c.bot_answers, 7);
        // faq_wrong, question_as_greeting, the answered handoff, the other need's answer.
        assert_eq!(c.wrong_answers, 4);
        assert_eq!(c.wrong_by_kind["other_need"], 1);
        assert_eq!(c.wrong_by_kind["wrong_faq"], 1);
        assert_eq!(c.wrong_by_kind["smalltalk_mismatch"], 1);
        assert_eq!(c.wrong_by_kind["needed_person"], 1);
        assert_eq!(
            (c.false_handoffs, c.missed_handoffs, c.expected_handoffs),
            (3, 1, 2)
        );
        assert_eq!(
            c.false_handoff_reasons,
            BTreeMap::from(
                [
                    ("out_of_scope", 1),
                    ("handoff_active", 1),
                    ("low_confidence", 1)
                ]
                .map(|(k, n)| (k.to_string(), n))
            )
        );
        assert_eq!(
            (
                c.smalltalk_turns,
                c.smalltalk_handed_off,
                c.smalltalk_silenced
            ),
            (3, 1, 1)
        );
        assert_eq!((c.faq_turns, c.faq_hits), (4, 1));
        assert_eq!(c.faq_hit_rate, Some(1.0 / 4.0));
    }

    #[test]
    fn the_summary_names_the_knowledge_base_and_warns_when_faq_turns_have_none() {
        let mut faq = turn(
            "a",
            Action::Answer,
            Action::Handoff,
            None,
            &["low_confidence"],
        );
        faq.expected_faq = Some(vec!["returns-how".into()]);
        let m = || ModelRef {
            name: "m".into(),
            version: "1".into(),
            dir: ".".into(),
            encoder: String::new(),
        };
        let with = build(vec![faq.clone()], m(), vec![], Some("kb/shop.jsonl".into()));
        let lines = summary_lines(&with);
        assert!(
            lines[0].ends_with("knowledge base kb/shop.jsonl"),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.starts_with("warning")), "{lines:?}");
        let mut own = with.clone();
        own.kb_thresholds.insert("zh".into(), 0.9);
        let lines = summary_lines(&own);
        assert!(
            lines[0].ends_with("knowledge base kb/shop.jsonl (its own thresholds: zh 0.90)"),
            "{lines:?}"
        );
        own.kb_lexical_weight = Some(0.05);
        let lines = summary_lines(&own);
        assert!(
            lines[0].ends_with(
                "knowledge base kb/shop.jsonl (its own thresholds: zh 0.90; word overlap weight 0.05)"
            ),
            "{lines:?}"
        );
        let without = build(vec![faq], m(), vec![], None);
        let lines = summary_lines(&without);
        assert!(lines[0].ends_with("no knowledge base"), "{lines:?}");
        let warning = lines.last().unwrap();
        assert!(
            warning.starts_with("warning: 1 turn expects an FAQ answer")
                && warning.contains("--kb"),
            "{warning}"
        );
        // Without FAQ turns there is nothing to warn about.
        let plain = build(
            vec![turn("b", Action::Answer, Action::Answer, None, &[])],
            m(),
            vec![],
            None,
        );
        assert!(!summary_lines(&plain)
            .iter()
            .any(|l| l.starts_with("warning")));
    }

    #[test]
    fn scores_actions_handoffs_and_reasons_by_hand() {
        use Action::*;
        let results = vec![
            turn("a", Answer, Answer, Some(&[]), &[]),
            turn(
                "a",
                Handoff,
                Handoff,
                Some(&["user_requested"]),
                &["user_requested"],
            ),
            turn("b", Handoff, Answer, Some(&["out_of_scope"]), &[]),
            turn("b", Answer, Handoff, None, &["low_confidence"]),
            turn("c", Clarify, Clarify, Some(&["ambiguous"]), &["ambiguous"]),
        ];
        let m = ModelRef {
            name: "m".into(),
            version: "1".into(),
            dir: ".".into(),
            encoder: String::new(),
        };
        let r = build(results, m, vec![], None);
        assert_eq!((r.conversations, r.turns), (3, 5));
        assert!((r.action_accuracy - 3.0 / 5.0).abs() < 1e-12);
        // handed off 2 (one right), expected 2 (one caught).
        assert_eq!(r.handoff_precision, Some(0.5));
        assert_eq!(r.handoff_recall, Some(0.5));
        assert_eq!(
            r.reason_turns, 4,
            "the turn without expected_reasons is not scored"
        );
        let oos = r
            .reason_codes
            .iter()
            .find(|c| c.code == "out_of_scope")
            .unwrap();
        assert_eq!(
            (oos.tp, oos.fp, oos.fn_, oos.precision, oos.recall),
            (0, 0, 1, None, Some(0.0))
        );
        assert!(r.reason_codes.iter().all(|c| c.code != "low_confidence"));
        let ur = r
            .reason_codes
            .iter()
            .find(|c| c.code == "user_requested")
            .unwrap();
        assert_eq!((ur.precision, ur.recall), (Some(1.0), Some(1.0)));
        assert_eq!(
            r.reason_confusion.labels,
            ["ambiguous", "none", "out_of_scope", "user_requested"]
        );
        // out_of_scope expected, nothing given → row out_of_scope, column none.
        assert_eq!(r.reason_confusion.confusion[2][1], 1);
        let md = markdown(&r);
        assert!(md.contains("action accuracy 60.00%"));
        super::super::html::check_well_formed(&html(&r)).unwrap();
    }
}
