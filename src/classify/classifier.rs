//! The classifier as a service: what it holds (engine, policy, store, knowledge bases), the
//! checks a request passes before it costs an encoder pass, and the entry points (one message,
//! a batch, a keyed retry). What happens to an analysed message is in `turn.rs`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use crate::auth::DEFAULT_TENANT;
use crate::engine::{Engine, EngineError, EngineTiming};
use crate::handoff::HandoffEvent;
use crate::kb::{Embedder, KbStore};
use crate::model::Analysis;
use crate::policy::{Policy, SmalltalkRules};
use crate::store::Store;
use crate::text::{self, entities::Entity, language::Language};

use super::api::{
    ClassifyError, ClassifyRequest, ClassifyResponse, Replied, DEFAULT_TOP_K, MAX_ID_BYTES,
    MAX_TOP_K,
};
use super::decide::{faq_hits, Message};

/// A validated, normalised message ready for the engine.
pub struct Prepared {
    pub text: String,
    pub language: Language,
    pub tokens: crate::model::Tokenized,
    /// The message without its opening small talk, when it has some
    /// ([`crate::smalltalk::after_opener`]): read too, and used unless the whole message reads
    /// as small talk ([`pick_reading`]).
    pub core_tokens: Option<crate::model::Tokenized>,
    pub top_k: usize,
    /// Its entities, found once: masked for the response and the stored turn, and read by the
    /// policy (an order number sent after an answer).
    pub entities: Vec<Entity>,
}

impl Prepared {
    /// The message as the policy reads it.
    pub fn message(&self, vip: bool) -> Message<'_> {
        Message {
            text: &self.text,
            language: self.language,
            top_k: self.top_k,
            vip,
            entities: &self.entities,
        }
    }
}

pub struct Classifier {
    pub engine: Arc<Engine>,
    pub policy: Policy,
    pub store: Arc<Store>,
    /// Handoff events for live subscribers (SSE); None when nobody listens (CLI).
    pub events: Option<tokio::sync::broadcast::Sender<HandoffEvent>>,
    /// Put handoff events in the store's outbox for webhook delivery.
    pub webhooks: bool,
    pub max_text_chars: usize,
    /// The FAQ knowledge base of tenant `default` (empty unless one was configured).
    pub kb: Arc<KbStore>,
    /// Other tenants' knowledge bases (`[tenants.NAME] kb`); a tenant without one has none.
    tenant_kbs: HashMap<String, Arc<KbStore>>,
    no_kb: Arc<KbStore>,
}

impl Classifier {
    pub fn new(
        engine: Arc<Engine>,
        policy: Policy,
        store: Arc<Store>,
        events: Option<tokio::sync::broadcast::Sender<HandoffEvent>>,
        webhooks: bool,
        max_text_chars: usize,
    ) -> Self {
        let embedder: Arc<dyn Embedder> = engine.model().clone();
        Self {
            kb: Arc::new(KbStore::disabled(embedder.clone())),
            tenant_kbs: HashMap::new(),
            no_kb: Arc::new(KbStore::disabled(embedder)),
            engine,
            policy,
            store,
            events,
            webhooks,
            max_text_chars,
        }
    }

    /// Answers tenant `default` from this knowledge base.
    pub fn with_kb(mut self, kb: Arc<KbStore>) -> Self {
        self.kb = kb;
        self
    }

    /// Answers `tenant` from its own knowledge base.
    pub fn with_tenant_kb(mut self, tenant: &str, kb: Arc<KbStore>) -> Self {
        if tenant == DEFAULT_TENANT {
            self.kb = kb;
        } else {
            self.tenant_kbs.insert(tenant.to_string(), kb);
        }
        self
    }

    /// The knowledge base that answers `tenant`'s customers and that its admins edit.
    pub fn kb_for(&self, tenant: &str) -> &Arc<KbStore> {
        if tenant == DEFAULT_TENANT {
            &self.kb
        } else {
            self.tenant_kbs.get(tenant).unwrap_or(&self.no_kb)
        }
    }

    pub fn prepare(&self, req: &ClassifyRequest, field: &str) -> Result<Prepared, ClassifyError> {
        let chars = req.text.chars().count();
        if chars > self.max_text_chars {
            return Err(ClassifyError::TooLong {
                chars,
                limit: self.max_text_chars,
            });
        }
        let text = text::normalize::normalize(&req.text);
        if text.is_empty() {
            return Err(ClassifyError::invalid(field, "text is empty"));
        }
        if let Some(cid) = &req.conversation_id {
            // "" would be one conversation shared by every client that sends it: one handoff
            // and the bot stays silent for all of them.
            if cid.trim().is_empty() {
                return Err(ClassifyError::invalid(
                    "conversation_id",
                    "conversation_id is empty: leave it out for a message that belongs to no conversation",
                ));
            }
            if cid.len() > MAX_ID_BYTES {
                return Err(ClassifyError::invalid(
                    "conversation_id",
                    format!("conversation_id must be at most {MAX_ID_BYTES} bytes"),
                ));
            }
        }
        if let Some(c) = req.customer.as_ref().and_then(|c| c.id.as_deref()) {
            if c.trim().is_empty() {
                return Err(ClassifyError::invalid(
                    "customer.id",
                    "customer.id is empty: leave it out when the customer is not known",
                ));
            }
            if c.len() > MAX_ID_BYTES {
                return Err(ClassifyError::invalid(
                    "customer.id",
                    format!("customer.id must be at most {MAX_ID_BYTES} bytes"),
                ));
            }
        }
        let top_k = req.top_k.unwrap_or(DEFAULT_TOP_K);
        if top_k == 0 || top_k > MAX_TOP_K {
            return Err(ClassifyError::invalid(
                "top_k",
                format!("top_k must be between 1 and {MAX_TOP_K}"),
            ));
        }
        let tokenize = |t: &str| {
            self.engine
                .model()
                .tokenize(t)
                .map_err(|e| ClassifyError::Engine(e.into()))
        };
        let tokens = tokenize(&text)?;
        let core_tokens = crate::smalltalk::after_opener(&text)
            .map(tokenize)
            .transpose()?;
        Ok(Prepared {
            language: text::language::detect(&text),
            entities: text::entities::extract(&text),
            text,
            tokens,
            core_tokens,
            top_k,
        })
    }

    /// The model's reading of a message: of the whole text, and of the text without its opening
    /// small talk when it has some (one engine batch), picked by [`pick_reading`].
    async fn read(
        &self,
        p: &Prepared,
        tenant: Option<&str>,
    ) -> Result<(Analysis, EngineTiming), EngineError> {
        let Some(core) = &p.core_tokens else {
            return self.engine.analyze(p.tokens.clone()).await;
        };
        let mut both = self
            .engine
            .analyze_many(vec![p.tokens.clone(), core.clone()])
            .await?
            .into_iter();
        let full = both.next().ok_or(EngineError::Stopped)?;
        Ok(self.pick(&p.text, full, both.next(), tenant))
    }

    fn pick(
        &self,
        text: &str,
        full: (Analysis, EngineTiming),
        core: Option<(Analysis, EngineTiming)>,
        tenant: Option<&str>,
    ) -> (Analysis, EngineTiming) {
        match core {
            Some(core) => pick_reading(
                text,
                full,
                core,
                &self.engine.model().manifest.smalltalk_aliases,
                &self.policy.for_tenant(tenant).smalltalk,
            ),
            None => full,
        }
    }

    /// As [`Self::classify`], plus the knowledge base's ranking for the message as the policy
    /// saw it (`(entry id, score)`, best first), answered or not: for `triage eval --faq`.
    pub async fn classify_with_faq_ranking(
        &self,
        req: &ClassifyRequest,
    ) -> Result<(ClassifyResponse, Vec<(String, f32)>), ClassifyError> {
        let started = Instant::now();
        let p = self.prepare(req, "text")?;
        let (analysis, timing) = self.read(&p, req.tenant.as_deref()).await?;
        let resp = self
            .respond(DEFAULT_TENANT, req, &p, &analysis, timing, started, None)
            .await?
            .fresh()?;
        let cfg = self.policy.for_tenant(req.tenant.as_deref());
        let kb = self.kb.snapshot();
        let ranking = faq_hits(
            &kb,
            &resp.intent,
            &analysis.embedding,
            &p.message(false),
            cfg,
        )
        .iter()
        .map(|h| (h.entry.id.clone(), h.score))
        .collect();
        Ok((resp, ranking))
    }

    /// Classifies a message of tenant `default`.
    pub async fn classify(&self, req: &ClassifyRequest) -> Result<ClassifyResponse, ClassifyError> {
        self.classify_for(DEFAULT_TENANT, req).await
    }

    /// Classifies a message of `tenant`: its conversations, handoffs and knowledge base.
    /// (`req.tenant` picks the policy overrides; the server sets it to the key's tenant.)
    pub async fn classify_for(
        &self,
        tenant: &str,
        req: &ClassifyRequest,
    ) -> Result<ClassifyResponse, ClassifyError> {
        self.classify_keyed(tenant, req, None).await?.fresh()
    }

    /// [`Self::classify_for`] with the client's `Idempotency-Key`: in a conversation, a key
    /// already answered gets that answer back and the conversation is left as it is.
    pub async fn classify_keyed(
        &self,
        tenant: &str,
        req: &ClassifyRequest,
        key: Option<&str>,
    ) -> Result<Replied, ClassifyError> {
        let started = Instant::now();
        let p = self.prepare(req, "text")?;
        // A retry of a conversation message answered before skips the model too.
        if let (Some(k), Some(_)) = (key, &req.conversation_id) {
            if let Some(raw) = self.store.get_reply(tenant, k).await? {
                return Ok(Replied::Replay(raw));
            }
        }
        let (analysis, timing) = self.read(&p, req.tenant.as_deref()).await?;
        self.respond(tenant, req, &p, &analysis, timing, started, key)
            .await
    }

    /// Items are decided in order, so several messages of one conversation in a batch see each other.
    pub async fn classify_batch(
        &self,
        reqs: &[ClassifyRequest],
    ) -> Result<Vec<ClassifyResponse>, ClassifyError> {
        self.classify_batch_for(DEFAULT_TENANT, reqs).await
    }

    /// [`Self::classify_batch`] for `tenant`.
    pub async fn classify_batch_for(
        &self,
        tenant: &str,
        reqs: &[ClassifyRequest],
    ) -> Result<Vec<ClassifyResponse>, ClassifyError> {
        let started = Instant::now();
        let prepared: Vec<Prepared> = reqs
            .iter()
            .enumerate()
            .map(|(i, r)| self.prepare(r, &format!("items[{i}].text")))
            .collect::<Result<_, _>>()?;
        let mut queued = Vec::new();
        for p in &prepared {
            queued.push(p.tokens.clone());
            queued.extend(p.core_tokens.clone());
        }
        let mut results = self.engine.analyze_many(queued).await?.into_iter();
        let mut read = Vec::with_capacity(prepared.len());
        for (r, p) in reqs.iter().zip(&prepared) {
            let full = results.next().ok_or(EngineError::Stopped)?;
            let core = if p.core_tokens.is_some() {
                results.next()
            } else {
                None
            };
            read.push(self.pick(&p.text, full, core, r.tenant.as_deref()));
        }
        let mut out = Vec::with_capacity(reqs.len());
        for ((r, p), (a, t)) in reqs.iter().zip(&prepared).zip(read) {
            out.push(
                self.respond(tenant, r, p, &a, t, started, None)
                    .await?
                    .fresh()?,
            );
        }
        Ok(out)
    }
}

/// Which reading the decision uses: the whole message's when it reads as small talk — its top
/// intent an act (or an alias of one) at `min_confidence` or more, as the policy counts small
/// talk ("谢谢，问题解决了", "hi, just browsing": a thank-you or greeting that goes on in words the
/// lexicon does not know) — else the one without the opening small talk ("lol ok. any good
/// crypto to buy rn?": a greeting pooled into a short question pulls it toward the
/// greeting-prefixed training copies, nearly all in scope, so an out-of-scope question read as
/// in scope).
pub fn pick_reading<T>(
    text: &str,
    full: (Analysis, T),
    core: (Analysis, T),
    smalltalk_aliases: &std::collections::BTreeMap<String, String>,
    rules: &SmalltalkRules,
) -> (Analysis, T) {
    let top = full.0.intent.top();
    let label = top.label.as_str();
    let is_act = crate::smalltalk::is_act(label)
        || smalltalk_aliases
            .get(label)
            .is_some_and(|a| crate::smalltalk::is_act(a));
    // "ok, never arrived" is not an ok ([`super::decide::says_more_than_its_act`]).
    if is_act
        && top.confidence >= rules.min_confidence
        && super::decide::says_more_than_its_act(text, label, rules).is_none()
    {
        full
    } else {
        core
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::engine::EngineConfig;
    use crate::model::Model;
    use crate::store::StoreLimits;

    /// A classifier over the tiny generated model, a memory store and the built-in policy; texts
    /// up to 60 characters.
    pub(in super::super) fn tiny(dir: &std::path::Path) -> Classifier {
        crate::model::testkit::write_tiny_model(dir, 1).unwrap();
        let model = Arc::new(Model::load(dir, &candle_core::Device::Cpu).unwrap());
        let engine = Arc::new(Engine::start(model, EngineConfig::default()));
        let store = Arc::new(Store::memory(StoreLimits::default()));
        Classifier::new(engine, Policy::built_in(), store, None, false, 60)
    }

    fn request(text: &str) -> ClassifyRequest {
        serde_json::from_value(serde_json::json!({ "text": text })).unwrap()
    }

    fn field_of(e: ClassifyError) -> String {
        match e {
            ClassifyError::Invalid { field, .. } => field,
            e => panic!("not a field error: {e}"),
        }
    }

    fn reading(label: &str, confidence: f32) -> Analysis {
        Analysis {
            intent: crate::model::Prediction {
                ranking: vec![crate::model::Ranked {
                    label: label.into(),
                    confidence,
                }],
                probs: vec![confidence],
            },
            sentiment: None,
            oos_score: None,
            oos_prob: None,
            embedding: Vec::new(),
        }
    }

    #[test]
    fn the_whole_reading_wins_only_when_it_is_small_talk_the_policy_counts() {
        let none = BTreeMap::new();
        let aliases = BTreeMap::from([("thank_you".to_string(), "thanks".to_string())]);
        let rules = SmalltalkRules::default();
        let pick_text =
            |text: &str, label: &str, confidence: f32, aliases: &BTreeMap<String, String>| {
                let whole = (reading(label, confidence), "whole");
                pick_reading(text, whole, (reading("oos", 0.9), "core"), aliases, &rules).1
            };
        let pick = |label: &str, confidence: f32, aliases: &BTreeMap<String, String>| {
            pick_text("ok thanks. what else", label, confidence, aliases)
        };
        assert_eq!(pick("thanks", 0.95, &none), "whole");
        assert_eq!(
            pick_text("ok, never arrived", "deny", 0.95, &none),
            "core",
            "an act that says more than the act"
        );
        assert_eq!(pick_text("ok, no thanks", "deny", 0.95, &none), "whole");
        assert_eq!(pick("thanks", 0.6, &none), "core", "below min_confidence");
        assert_eq!(pick("check_payment_methods", 0.98, &none), "core");
        assert_eq!(
            pick("thank_you", 0.9, &aliases),
            "whole",
            "a user intent that is an act"
        );
        assert_eq!(pick("thank_you", 0.9, &none), "core", "not an alias here");
    }

    #[test]
    fn a_request_is_checked_before_it_costs_an_encoder_pass() {
        let dir = tempfile::tempdir().unwrap();
        let c = tiny(dir.path());
        let p = c
            .prepare(&request("  where is my order  "), "text")
            .unwrap();
        assert_eq!(p.text, "where is my order");
        assert_eq!(p.language, Language::En);
        assert_eq!(p.top_k, DEFAULT_TOP_K);
        assert!(!p.tokens.ids.is_empty() && !p.tokens.truncated);

        let long = "a".repeat(61);
        assert!(matches!(
            c.prepare(&request(&long), "text"),
            Err(ClassifyError::TooLong {
                chars: 61,
                limit: 60
            })
        ));
        let e = c.prepare(&request("   "), "items[2].text").err().unwrap();
        assert_eq!(field_of(e), "items[2].text");
        for top_k in [0, MAX_TOP_K + 1] {
            let mut r = request("hi");
            r.top_k = Some(top_k);
            assert_eq!(field_of(c.prepare(&r, "text").err().unwrap()), "top_k");
        }
        let mut r = request("hi");
        r.conversation_id = Some("c".repeat(MAX_ID_BYTES + 1));
        let e = c.prepare(&r, "text").err().unwrap();
        assert_eq!(field_of(e), "conversation_id");
        r.conversation_id = Some("c".repeat(MAX_ID_BYTES));
        assert!(c.prepare(&r, "text").is_ok());
    }

    #[test]
    fn a_tenant_without_its_own_knowledge_base_gets_none_not_the_default_one() {
        let dir = tempfile::tempdir().unwrap();
        let c = tiny(dir.path());
        assert!(Arc::ptr_eq(c.kb_for(DEFAULT_TENANT), &c.kb));
        assert!(!Arc::ptr_eq(c.kb_for("acme"), &c.kb));
        let embedder: Arc<dyn Embedder> = c.engine.model().clone();
        let acme = Arc::new(KbStore::disabled(embedder));
        let c = c.with_tenant_kb("acme", acme.clone());
        assert!(Arc::ptr_eq(c.kb_for("acme"), &acme));
        assert!(!Arc::ptr_eq(c.kb_for("other"), &acme));
    }
}
