//! One message's turn in its conversation: hold the conversation, read its history, decide,
//! record the turn (and a handoff when the decision is one), build the response, then write
//! conversation, handoff, outbox and stored reply together and announce the handoff. The order
//! is the point: the response is what was stored, and a handoff is announced only once stored.

use std::time::Instant;

use crate::conversation::{compact_embedding, Conversation, Turn};
use crate::engine::EngineTiming;
use crate::handoff::{summary, Handoff, HandoffEvent};
use crate::model::Analysis;
use crate::policy::{Action, History, Offer, PolicyConfig};
use crate::store::{Lease, StoreError, TurnWrite};
use crate::text::entities::Entity;
use crate::text::language::Language;
use crate::text::mask::{mask_with, EntityOut};

use super::api::{ClassifyError, ClassifyRequest, ClassifyResponse, Replied, TimingOut};
use super::classifier::{Classifier, Prepared};
use super::decide::{decide, Verdict};
use super::reply::{shown, Shown};

/// The entities of a message, extracted once: masked for the response and the stored turn, and
/// the spans the stored text is masked with.
struct Found<'p> {
    spans: &'p [Entity],
    out: Vec<EntityOut>,
}

impl<'p> Found<'p> {
    fn of(spans: &'p [Entity]) -> Self {
        Self {
            out: spans.iter().map(EntityOut::from).collect(),
            spans,
        }
    }

    /// `text` (the message they were found in) with its personal data masked.
    fn mask(&self, text: &str) -> String {
        mask_with(text, self.spans)
    }
}

/// A conversation held for one message, from the read of its history to the write of its turn
/// (here and on every replica sharing the store).
struct Held {
    lease: Lease,
    conv: Conversation,
    /// The conversation's handoff while a person has it (pending or accepted).
    active: Option<Handoff>,
}

/// What asking for a conversation found: it, held; or, for a retry that raced its original, the
/// reply the original stored meanwhile.
enum Opened {
    Held(Box<Held>),
    Replay(String),
}

/// A conversation with the message's turn recorded, still held, waiting to be written.
struct Recorded {
    lease: Lease,
    conv: Conversation,
    /// The handoff this message created (not one already active).
    created: Option<Handoff>,
}

/// The decision and what it did to the conversation: what the response reports.
struct Settled<'k> {
    verdict: Verdict<'k>,
    shown: Shown,
    /// New or still active.
    handoff: Option<Handoff>,
    handoff_created: bool,
    entities: Vec<EntityOut>,
}

impl Classifier {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn respond(
        &self,
        tenant: &str,
        req: &ClassifyRequest,
        p: &Prepared,
        a: &Analysis,
        timing: EngineTiming,
        started: Instant,
        key: Option<&str>,
    ) -> Result<Replied, ClassifyError> {
        let cfg = self.policy.for_tenant(req.tenant.as_deref());
        let found = Found::of(&p.entities);
        let held = match &req.conversation_id {
            None => None,
            Some(cid) => match self.hold(tenant, cid, req, key).await? {
                Opened::Held(h) => Some(*h),
                Opened::Replay(raw) => return Ok(Replied::Replay(raw)),
            },
        };
        // Exact search of the tenant's current index (a pointer clone; a rebuild never blocks
        // this). Another tenant's entries are not in it, so they never answer this customer.
        let kb = self.kb_for(tenant).snapshot();
        let mut history = held
            .as_ref()
            .map_or_else(History::default, |h| h.history(&a.embedding));
        history.previous_faq_intent = history
            .previous_faq
            .as_deref()
            .and_then(|id| kb.get(id))
            .and_then(|e| e.intent.clone());
        let msg = p.message(req.customer.as_ref().is_some_and(|c| c.vip));
        let context = self.context(&p.text, held.as_ref(), &history, cfg).await?;
        let verdict = decide(
            self.engine.model(),
            cfg,
            &msg,
            a,
            Some(&kb),
            &history,
            context.as_ref().map(|c| c.embedding.as_slice()),
        );
        let language = conversation_language(&p.text, p.language, held.as_ref().map(|h| &h.conv));
        // What the customer is shown: sent in the response and stored with the turn.
        let shown = shown(&verdict, language, cfg);
        let (handoff, recorded) = match held {
            None => (None, None),
            Some(h) => {
                let turn = turn_of(&p.text, &found, &verdict, &shown, a, language);
                let (handoff, r) = h.record(tenant, turn, &verdict, language, cfg);
                (handoff, Some(r))
            }
        };
        let settled = Settled {
            shown,
            handoff_created: recorded.as_ref().is_some_and(|r| r.created.is_some()),
            verdict,
            handoff,
            entities: found.out,
        };
        // Written after the response is built, so a stored reply is exactly what was sent.
        let resp = self.response(req, p, settled, timing, started);
        if let Some(r) = recorded {
            self.commit(tenant, key, r, &resp).await?;
        }
        Ok(Replied::Fresh(Box::new(resp)))
    }

    /// The customer's previous question and this message read together, for a short question
    /// after an answer ("信用卡呢" after the answer on refund times): one more encoder pass, only
    /// for those.
    async fn context(
        &self,
        text: &str,
        held: Option<&Held>,
        history: &History,
        cfg: &PolicyConfig,
    ) -> Result<Option<Analysis>, ClassifyError> {
        let Some(previous) = held.and_then(|h| h.conv.needs().next_back()) else {
            return Ok(None);
        };
        if super::followup::question_candidate(text, history, cfg).is_none() {
            return Ok(None);
        }
        let model = self.engine.model();
        let tokens = model
            .tokenize(&format!("{} {text}", previous.text))
            .map_err(|e| ClassifyError::Engine(e.into()))?;
        let (analysis, _) = self.engine.analyze(tokens).await?;
        Ok(Some(analysis))
    }

    /// Takes the conversation's lease and reads it (a new one when unknown), with its active
    /// handoff; `req.customer`, when given, replaces the recorded one.
    async fn hold(
        &self,
        tenant: &str,
        cid: &str,
        req: &ClassifyRequest,
        key: Option<&str>,
    ) -> Result<Opened, ClassifyError> {
        let lease = self.store.lease(tenant, cid).await?;
        if let Some(k) = key {
            // A retry that raced its original: answered while we waited.
            if let Some(raw) = self.store.get_reply(tenant, k).await? {
                return Ok(Opened::Replay(raw));
            }
        }
        let mut conv = match self.store.get_conversation(tenant, cid).await? {
            Some(c) => c,
            None => Conversation::new(cid, Some(tenant.to_string()), req.customer.clone()),
        };
        if req.customer.is_some() {
            conv.customer = req.customer.clone();
        }
        let active = match &conv.handoff_id {
            Some(id) => self
                .store
                .get_handoff(tenant, id)
                .await?
                .filter(|h| h.status.is_active()),
            None => None,
        };
        Ok(Opened::Held(Box::new(Held {
            lease,
            conv,
            active,
        })))
    }

    /// The response for a settled message.
    fn response(
        &self,
        req: &ClassifyRequest,
        p: &Prepared,
        s: Settled<'_>,
        timing: EngineTiming,
        started: Instant,
    ) -> ClassifyResponse {
        let shown = s.shown;
        let d = s.verdict.decision;
        ClassifyResponse {
            action: d.action,
            reasons: d.reasons,
            reply: shown.reply,
            handled_by: shown.handled_by,
            smalltalk: shown.smalltalk,
            queue: d
                .queue
                .or_else(|| s.handoff.as_ref().map(|h| h.queue.clone())),
            priority: d
                .priority
                .or_else(|| s.handoff.as_ref().map(|h| h.priority)),
            clarify_options: shown.clarify_options,
            faq: shown.faq,
            faq_candidates: shown.faq_candidates,
            handoff: s.handoff,
            intent: s.verdict.intent,
            out_of_scope: s.verdict.oos,
            sentiment: s.verdict.sentiment,
            language: p.language,
            entities: s.entities,
            conversation_id: req.conversation_id.clone(),
            tokens: p.tokens.ids.len(),
            truncated: p.tokens.truncated,
            model: self.engine.model().info(),
            timing_ms: TimingOut {
                total: started.elapsed().as_secs_f64() * 1e3,
                queue: timing.queue_ms,
                inference: timing.inference_ms,
                batch_size: timing.batch_size,
            },
            handoff_created: s.handoff_created,
        }
    }

    /// Conversation, handoff, outbox and reply in one write: the handoff is acknowledged (and
    /// announced) only once everything it implies is stored.
    async fn commit(
        &self,
        tenant: &str,
        key: Option<&str>,
        r: Recorded,
        resp: &ClassifyResponse,
    ) -> Result<(), ClassifyError> {
        let reply = key
            .map(|k| serde_json::to_string(resp).map(|r| (k, r)))
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let event = r.created.as_ref().map(HandoffEvent::new);
        let outbox = match &event {
            Some(ev) if self.webhooks => Some(crate::store::outbox_record(ev)?),
            _ => None,
        };
        self.store
            .commit(
                tenant,
                &r.lease,
                &TurnWrite {
                    conversation: &r.conv,
                    handoff: r.created.as_ref(),
                    outbox,
                    event: event.as_ref(),
                    reply: reply.as_ref().map(|(k, r)| (*k, r.as_str())),
                },
            )
            .await?;
        r.lease.release().await;
        // With Redis the script appended it to the shared stream, which every replica (this
        // one too) follows.
        if let (Some(tx), Some(ev), false) = (&self.events, event, self.store.carries_events()) {
            let _ = tx.send(ev);
        }
        Ok(())
    }
}

impl Held {
    fn history(&self, embedding: &[f32]) -> History {
        self.conv.history(embedding, self.active.is_some())
    }

    /// Adds the message's turn and what the decision counted; a handoff decision, with none
    /// active, creates the handoff. Gives back the handoff to report (new or still active).
    fn record(
        self,
        tenant: &str,
        turn: Turn,
        v: &Verdict<'_>,
        language: Language,
        cfg: &PolicyConfig,
    ) -> (Option<Handoff>, Recorded) {
        let Held {
            lease,
            mut conv,
            active,
        } = self;
        let d = &v.decision;
        conv.push(turn);
        conv.failures = d.failures;
        conv.clarified |= d.action == Action::Clarify;
        let (handoff, created) = match active {
            Some(h) => (Some(h), None),
            None if d.action == Action::Handoff => {
                let mut h = summary::build(&conv, d, language, &cfg.summary);
                // The owner, whatever an older record of the conversation said: it routes the
                // event (stream, webhooks).
                h.tenant = Some(tenant.to_string());
                conv.handoff_id = Some(h.id.clone());
                (Some(h.clone()), Some(h))
            }
            None => (None, None),
        };
        let recorded = Recorded {
            lease,
            conv,
            created,
        };
        (handoff, recorded)
    }
}

/// The language to reply in: the message's, unless it says too little to tell
/// ([`crate::text::language::says_little`]: "ok", "thx", an order number) — then the language of
/// the conversation's last customer turn, so a Chinese chat is not answered in English because
/// the customer typed "ok" — or it is English words in a Chinese sentence
/// ([`crate::text::language::mixes_in_chinese`]: "order 怎么 cancel") or a built-in Chinese
/// example in pinyin ("zai ma"), then Chinese. Decisions still use the message's own language.
fn conversation_language(text: &str, own: Language, conv: Option<&Conversation>) -> Language {
    use crate::text::language::{mixes_in_chinese, says_little};
    let earlier = conv
        .and_then(|c| c.turns.last())
        .map(|t| t.language)
        .filter(|l| matches!(l, Language::Zh | Language::En));
    let chinese_in_latin = mixes_in_chinese(text) || crate::smalltalk::is_pinyin_example(text);
    match earlier {
        Some(l) if says_little(text) => l,
        _ if own == Language::En && chinese_in_latin => Language::Zh,
        _ => own,
    }
}

/// Characters of a bot reply kept in the stored turn (the handoff's transcript and "bot already
/// said"): a knowledge-base answer runs to a few hundred.
const REPLY_KEPT: usize = 240;

/// The turn as stored: the text masked with the entities already found, the analysis and what
/// the bot did (its reply with where it came from).
fn turn_of(
    text: &str,
    found: &Found,
    v: &Verdict<'_>,
    shown: &Shown,
    a: &Analysis,
    language: Language,
) -> Turn {
    let d = &v.decision;
    let offered: Vec<(Offer, String)> = if d.action == Action::Clarify {
        super::reply::numbered_options(&shown.faq_candidates, &shown.clarify_options)
    } else {
        Vec::new()
    };
    let bot_reply = match d.action {
        Action::Answer => {
            let marker = match (v.faq_answer().map(|h| &h.entry.id), v.answered_smalltalk()) {
                (Some(id), _) => format!("[answered from the knowledge base: {id}]"),
                (None, Some(act)) => format!("[small talk: {act}]"),
                (None, None) => format!("[answered: {}]", v.intent.label),
            };
            // The agent who takes the chat over reads what the customer was told, not only
            // which entry it came from.
            let said = shown.reply.as_ref().map_or_else(
                || "(the client's own flow)".to_string(),
                |r| crate::text::clipped(&r.text, REPLY_KEPT),
            );
            Some(format!("{marker} {said}"))
        }
        // What was offered, as the customer saw it (questions, or intents as words).
        Action::Clarify => Some(format!(
            "[asked to clarify: {}]",
            offered
                .iter()
                .map(|(_, shown)| shown.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        )),
        Action::Handoff => None,
    };
    Turn {
        at: chrono::Utc::now(),
        text: found.mask(text),
        language,
        intent: v.intent.label.clone(),
        confidence: v.intent.confidence,
        oos: v.oos.flag,
        sentiment: v.sentiment.as_ref().map(|s| s.score),
        action: d.action,
        reasons: d.reasons.iter().map(|r| r.code).collect(),
        bot_reply,
        faq: v.faq_answer().map(|h| h.entry.id.clone()),
        offered: offered.into_iter().map(|(o, _)| o).collect(),
        entities: found.out.clone(),
        embedding: compact_embedding(&a.embedding),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classifier::tests::tiny;
    use crate::policy::ReasonCode;
    use crate::text::entities::extract;
    use crate::text::mask::mask;

    #[test]
    fn entities_are_found_once_and_the_stored_text_is_masked_with_them() {
        let text = "我的电话是13812345678，订单号 2024051812345678，邮箱 li.lei@example.com";
        let spans = extract(text);
        let found = Found::of(&spans);
        assert_eq!(found.spans, extract(text));
        assert_eq!(found.mask(text), mask_with(text, found.spans));
        assert_eq!(found.mask(text), mask(text));
        assert!(!found.mask(text).contains("13812345678"));
        assert!(!found.mask(text).contains("li.lei@example.com"));
        let out: Vec<EntityOut> = found.spans.iter().map(EntityOut::from).collect();
        assert_eq!(found.out, out);
        assert!(found.out.iter().all(|e| e.value != "13812345678"));
    }

    fn request(text: &str, conversation: Option<&str>) -> ClassifyRequest {
        serde_json::from_value(serde_json::json!({
            "text": text,
            "conversation_id": conversation,
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn a_turn_is_stored_masked_and_a_handoff_is_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let c = tiny(dir.path());
        // Without a conversation nothing is stored.
        let r = c.classify(&request("转人工", None)).await.unwrap();
        assert_eq!(r.action, Action::Handoff);
        assert!(r.handoff.is_none() && !r.handoff_created);
        assert!(r.handled_by.is_none() && r.reply.is_none());

        let text = "转人工 我的电话是13812345678";
        let r = c.classify(&request(text, Some("c1"))).await.unwrap();
        assert_eq!(r.action, Action::Handoff);
        assert!(r.handoff_created);
        let h = r.handoff.as_ref().expect("the new handoff");
        assert_eq!(r.queue.as_deref(), Some(h.queue.as_str()));
        let conv = c.store.get_conversation("default", "c1").await.unwrap();
        let conv = conv.expect("the conversation was stored");
        assert_eq!(conv.handoff_id.as_deref(), Some(h.id.as_str()));
        assert_eq!(conv.turns.len(), 1);
        assert_eq!(conv.turns[0].text, mask(text));
        assert!(!conv.turns[0].text.contains("13812345678"));
        assert_eq!(conv.turns[0].entities, r.entities);
        assert_eq!(conv.turns[0].bot_reply, None);

        // The next message finds the handoff active: silence, no second handoff.
        let r = c.classify(&request("你好", Some("c1"))).await.unwrap();
        assert_eq!(r.action, Action::Handoff);
        assert_eq!(r.reasons[0].code, ReasonCode::HandoffActive);
        assert!(!r.handoff_created && r.handoff.is_some() && r.smalltalk.is_none());
        let conv = c.store.get_conversation("default", "c1").await.unwrap();
        assert_eq!(conv.unwrap().turns.len(), 2);
    }

    #[tokio::test]
    async fn a_keyed_retry_gets_the_stored_reply_and_leaves_the_conversation_alone() {
        let dir = tempfile::tempdir().unwrap();
        let c = tiny(dir.path());
        let req = request("你好", Some("c2"));
        let first = match c.classify_keyed("default", &req, Some("k1")).await.unwrap() {
            Replied::Fresh(r) => r,
            Replied::Replay(_) => panic!("nothing was stored under k1 yet"),
        };
        assert_eq!(first.smalltalk, Some("greeting"));
        let again = match c.classify_keyed("default", &req, Some("k1")).await.unwrap() {
            Replied::Replay(raw) => raw,
            Replied::Fresh(_) => panic!("a retry was answered anew"),
        };
        assert_eq!(again, serde_json::to_string(&first).unwrap());
        let conv = c.store.get_conversation("default", "c2").await.unwrap();
        let conv = conv.unwrap();
        assert_eq!(conv.turns.len(), 1);
        let said = conv.turns[0].bot_reply.as_deref().unwrap();
        let reply = first.reply.as_ref().unwrap();
        assert_eq!(said, format!("[small talk: greeting] {}", reply.text));
    }
}
