//! `POST /v1/integrations/chatwoot`: Chatwoot's agent-bot events (the bot's `outgoing_url`).
//! No API key: the request proves itself with the tenant's Chatwoot secret — the
//! `X-Chatwoot-Signature` HMAC of Chatwoot ≥ 4.13, else `?token=<secret>` in the URL. The
//! message is classified in the Triage conversation of (tenant, account, conversation) with
//! Chatwoot's message id as the `Idempotency-Key`, and the decision's Chatwoot calls are queued
//! in the outbox (`handoff::chatwoot`).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::extract::ApiQuery;
use super::AppState;
use crate::classify::{ClassifyRequest, ClassifyResponse, Customer, Replied};
use crate::handoff::chatwoot::{self, ChatwootCall, ChatwootConfig, ChatwootJob};
use crate::handoff::Status;
use crate::policy::Action;
use crate::store::HandoffFilter;
use crate::text::language::Language;

/// How far a signed event's timestamp may be from now (Chatwoot's guidance: about 5 minutes).
pub const MAX_SKEW_SECS: i64 = 300;

#[derive(Debug, Default, Deserialize)]
pub struct HookQuery {
    /// The secret, for Chatwoot versions that do not sign.
    pub token: Option<String>,
    /// Which tenant's Chatwoot this is; unset, the tenant whose secret verifies.
    pub tenant: Option<String>,
}

/// The tenant whose Chatwoot secret the request carries.
fn authenticate<'a>(
    all: &'a BTreeMap<String, ChatwootConfig>,
    q: &HookQuery,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<(&'a str, &'a ChatwootConfig), ApiError> {
    if all.is_empty() {
        return Err(ApiError::NotFoundResource(
            "no Chatwoot is configured ([chatwoot] in the config file)".into(),
        ));
    }
    let mut candidates: Vec<(&String, &ChatwootConfig)> = match &q.tenant {
        Some(t) => all.get_key_value(t.as_str()).into_iter().collect(),
        None => all.iter().collect(),
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(sig) = header("x-chatwoot-signature") {
        let ts: i64 = header("x-chatwoot-timestamp")
            .and_then(|t| t.trim().parse().ok())
            .ok_or_else(|| {
                ApiError::Signature("X-Chatwoot-Timestamp is missing or not a number".into())
            })?;
        if (now - ts).abs() > MAX_SKEW_SECS {
            return Err(ApiError::Signature(format!(
                "X-Chatwoot-Timestamp is more than {MAX_SKEW_SECS} s from now"
            )));
        }
        candidates.retain(|(_, c)| crate::handoff::webhook::verify(&c.secret, ts, body, sig));
    } else if let Some(token) = &q.token {
        candidates.retain(|(_, c)| bool::from(c.secret.as_bytes().ct_eq(token.as_bytes())));
    } else {
        return Err(ApiError::Signature(
            "send X-Chatwoot-Signature (Chatwoot 4.13+, the bot's secret) or ?token=<secret> in \
             the bot's outgoing_url"
                .into(),
        ));
    }
    candidates
        .first()
        .map(|(t, c)| (t.as_str(), *c))
        .ok_or_else(|| ApiError::Signature("the signature or token does not match".into()))
}

pub async fn event(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<HookQuery>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let now = chrono::Utc::now().timestamp();
    let (tenant, cfg) =
        authenticate(&state.chatwoot, &q, &headers, &body, now).inspect_err(|e| {
            state
                .metrics
                .auth_failures
                .with_label_values(&[e.code()])
                .inc();
        })?;
    let ev: chatwoot::Event = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadJson(format!("Chatwoot event: {e}")))?;
    if let Some(conversation) = ev.resolved() {
        return resolved(&state, tenant, cfg, &ev, conversation).await;
    }
    let m = match ev.incoming() {
        Ok(m) => m,
        // Chatwoot sends the bot every message, its own replies included: not an error.
        Err(why) => return Ok(Json(json!({ "ignored": why }))),
    };
    if m.account != cfg.account_id {
        return Err(ApiError::Forbidden(format!(
            "Chatwoot account {} is not tenant {tenant}'s (account_id {})",
            m.account, cfg.account_id
        )));
    }
    let c = state.classifier()?;
    // A long message is cut rather than refused: refusing would leave the customer unanswered.
    let text: String = m.text.chars().take(state.config.max_text_chars).collect();
    let req = ClassifyRequest {
        text,
        conversation_id: Some(chatwoot::conversation_id(m.account, m.conversation)),
        customer: m.sender.map(|id| Customer {
            id: Some(format!("chatwoot:{id}")),
            vip: false,
        }),
        top_k: None,
        tenant: Some(tenant.to_string()),
    };
    let key = chatwoot::idempotency_key(m.account, m.message);
    let r = match c.classify_keyed(tenant, &req, Some(&key)).await? {
        Replied::Fresh(r) => r,
        // A redelivery (Chatwoot retries on timeouts): answered and queued the first time.
        Replied::Replay(_) => return Ok(Json(json!({ "replayed": true }))),
    };
    super::routes::record_for(&state, tenant, "chatwoot", &r);
    let job = ChatwootJob {
        tenant: tenant.to_string(),
        account_id: m.account,
        conversation_id: m.conversation,
        message_id: m.message,
        calls: calls_for(cfg, &r),
        done: 0,
    };
    if !job.calls.is_empty() {
        state.store.outbox_push_chatwoot(&job).await?;
    }
    Ok(Json(json!({
        "action": r.action,
        "handoff_id": r.handoff.as_ref().map(|h| h.id.clone()),
        "calls": job.calls.iter().map(|c| c.call.as_str()).collect::<Vec<_>>(),
    })))
}

/// The clarifying question in the customer's language, with numbered options: knowledge-base
/// questions when the policy offers them, else the intents (labels read as words).
fn clarify_text(r: &ClassifyResponse) -> String {
    let options = crate::classify::numbered_options(&r.faq_candidates, &r.clarify_options);
    let mut s = match r.language {
        Language::Zh => "请问您想咨询的是以下哪一项？".to_string(),
        _ => "Which of these do you mean?".to_string(),
    };
    for (i, (_, o)) in options.iter().enumerate() {
        s.push_str(&format!("\n{}. {o}", i + 1));
    }
    s
}

/// The calls that carry out Triage's decision in Chatwoot. After a handoff the conversation is
/// `open`, so Chatwoot's later messages are not the bot's (and Triage itself stays silent while
/// its handoff is active).
fn calls_for(cfg: &ChatwootConfig, r: &ClassifyResponse) -> Vec<ChatwootCall> {
    match r.action {
        Action::Answer => match &r.reply {
            Some(reply) => vec![ChatwootCall::message(&reply.text)],
            // No text for this intent: in Chatwoot there is no client flow to run it, so people
            // take it rather than leave the customer unanswered.
            None => vec![
                ChatwootCall::note(&format!(
                    "Triage: no reply text for intent {} ({:.0}%); handed to an agent.",
                    r.intent.label,
                    r.intent.confidence * 100.0
                )),
                ChatwootCall::open(),
            ],
        },
        Action::Clarify => vec![ChatwootCall::message(&clarify_text(r))],
        Action::Handoff => {
            let Some(h) = r.handoff.as_ref().filter(|_| r.handoff_created) else {
                // A handoff of Triage's is still active (someone moved the Chatwoot conversation
                // back to pending): back to the people, without a second card.
                return vec![ChatwootCall::open()];
            };
            let mut calls = vec![ChatwootCall::note(&h.text), ChatwootCall::open()];
            if let Some(team) = cfg.teams.get(&h.queue) {
                calls.push(ChatwootCall::team(*team));
            }
            calls
        }
    }
}

/// People closed the conversation in Chatwoot: its Triage handoff is resolved too, so the bot
/// answers the customer's next message instead of staying silent for good.
async fn resolved(
    state: &AppState,
    tenant: &str,
    cfg: &ChatwootConfig,
    ev: &chatwoot::Event,
    conversation: u64,
) -> Result<Json<Value>, ApiError> {
    let account = ev.account.as_ref().map_or(cfg.account_id, |a| a.id);
    if account != cfg.account_id {
        return Err(ApiError::Forbidden(format!(
            "Chatwoot account {account} is not tenant {tenant}'s (account_id {})",
            cfg.account_id
        )));
    }
    let mut filter = HandoffFilter {
        conversation_id: Some(chatwoot::conversation_id(account, conversation)),
        ..Default::default()
    };
    // Every page: a conversation's handoffs are few, but the list is paged.
    let mut found = Vec::new();
    loop {
        let page = state.store.list_handoffs(tenant, &filter).await?;
        found.extend(page.items);
        match page.next {
            Some(next) => filter.cursor = Some(next.render()),
            None => break,
        }
    }
    let mut closed = Vec::new();
    for h in found {
        if h.status.is_active() {
            let (h, changed) = super::handoffs::transition(
                state,
                tenant,
                "chatwoot",
                &h,
                Status::Resolved,
                Some("chatwoot"),
            )
            .await?;
            if changed {
                closed.push(h.id);
            }
        }
    }
    Ok(Json(json!({ "resolved": closed })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn cfg(secret: &str) -> ChatwootConfig {
        ChatwootConfig {
            base_url: "http://cw".into(),
            account_id: 1,
            bot_token: "bot".into(),
            secret: secret.into(),
            teams: BTreeMap::new(),
        }
    }

    #[test]
    fn the_signature_or_the_token_picks_the_tenant() {
        let mut all = BTreeMap::new();
        all.insert("default".to_string(), cfg("secret-of-default-0"));
        all.insert("acme".to_string(), cfg("secret-of-acme-0000"));
        let body = br#"{"event":"message_created"}"#;
        let now = 1_700_000_000;
        let signed = |secret: &str, ts: i64| {
            let mut h = HeaderMap::new();
            let sig = crate::handoff::webhook::sign(secret, ts, body);
            h.insert("x-chatwoot-signature", HeaderValue::from_str(&sig).unwrap());
            h.insert("x-chatwoot-timestamp", HeaderValue::from(ts));
            h
        };
        let q = HookQuery::default();
        let (t, _) =
            authenticate(&all, &q, &signed("secret-of-acme-0000", now), body, now).unwrap();
        assert_eq!(t, "acme");
        let tok = HookQuery {
            token: Some("secret-of-default-0".into()),
            tenant: None,
        };
        let (t, _) = authenticate(&all, &tok, &HeaderMap::new(), body, now).unwrap();
        assert_eq!(t, "default");
        let unauthorized =
            |r: Result<(&str, &ChatwootConfig), ApiError>| matches!(r, Err(ApiError::Signature(_)));
        assert!(unauthorized(authenticate(
            &all,
            &q,
            &HeaderMap::new(),
            body,
            now
        )));
        assert!(unauthorized(authenticate(
            &all,
            &q,
            &signed("wrong-secret-000000", now),
            body,
            now
        )));
        assert!(unauthorized(authenticate(
            &all,
            &q,
            &signed("secret-of-acme-0000", now - MAX_SKEW_SECS - 1),
            body,
            now
        )));
        assert!(unauthorized(authenticate(
            &all,
            &q,
            &signed("secret-of-acme-0000", now),
            b"{\"tampered\":1}",
            now
        )));
        let wrong_tenant = HookQuery {
            token: Some("secret-of-default-0".into()),
            tenant: Some("acme".into()),
        };
        assert!(unauthorized(authenticate(
            &all,
            &wrong_tenant,
            &HeaderMap::new(),
            body,
            now
        )));
        assert!(matches!(
            authenticate(&BTreeMap::new(), &tok, &HeaderMap::new(), body, now),
            Err(ApiError::NotFoundResource(_))
        ));
    }
}
