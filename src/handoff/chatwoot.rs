//! Triage as a Chatwoot agent bot. Chatwoot POSTs its events to the bot's `outgoing_url`
//! (`POST /v1/integrations/chatwoot`); for an incoming customer message in a conversation the bot
//! still owns (`pending`), Triage decides and answers through Chatwoot's Application API:
//! a reply message, a clarifying question, or — on a handoff — a private note with the agent
//! card, `toggle_status` to `open` (the humans' queue) and optionally a team. The calls go
//! through the store's outbox like webhooks (retries with backoff, durable with Redis), in
//! order. Here: the configuration, the events, the calls and their delivery; which calls a
//! decision makes is the server's (`server::chatwoot`, above the classify pipeline). See
//! `tests/fixtures/chatwoot/` for Chatwoot's API spec.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::webhook::Sent;

/// `[chatwoot]` (tenant `default`) or `[tenants.NAME.chatwoot]` of the serve config file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootConfig {
    /// Chatwoot's address (shown without user-info and query string).
    #[serde(serialize_with = "crate::redact::serialize_url")]
    pub base_url: String,
    /// The Chatwoot account whose events this tenant answers.
    pub account_id: u64,
    /// The agent bot's access token, sent as `api_access_token` (never shown).
    #[serde(skip_serializing)]
    pub bot_token: String,
    /// Verifies `X-Chatwoot-Signature`; unsigned Chatwoot versions send it as `?token=`.
    #[serde(skip_serializing)]
    pub secret: String,
    /// Queue → Chatwoot team id, assigned on handoff.
    #[serde(default)]
    pub teams: BTreeMap<String, u64>,
}

impl ChatwootConfig {
    pub fn validate(&self, tenant: &str) -> Result<(), String> {
        let bad = |m: &str| Err(format!("chatwoot of tenant {tenant}: {m}"));
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return bad("base_url must be http(s)");
        }
        if self.bot_token.is_empty() {
            return bad("bot_token is empty");
        }
        // An empty secret would let anyone post events in the bot's name.
        if self.secret.len() < 16 {
            return bad("secret must be at least 16 characters");
        }
        Ok(())
    }

    /// The Application API URL of one conversation call (`messages`, `toggle_status`, …).
    pub fn url(&self, account: u64, conversation: u64, call: &str) -> String {
        format!(
            "{}/api/v1/accounts/{account}/conversations/{conversation}/{call}",
            self.base_url.trim_end_matches('/')
        )
    }
}

/// One Application API call: `POST …/conversations/{id}/{call}` with `body`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatwootCall {
    /// `messages`, `toggle_status` or `assignments`.
    pub call: String,
    pub body: Value,
}

/// What one incoming message makes the bot do, delivered through the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatwootJob {
    pub tenant: String,
    pub account_id: u64,
    pub conversation_id: u64,
    /// The Chatwoot message answered (for logs).
    pub message_id: u64,
    pub calls: Vec<ChatwootCall>,
    /// Calls already made: a job picked up again (a retry, a restart) goes on from here.
    #[serde(default)]
    pub done: usize,
}

/// The fields of an agent-bot event Triage reads (Chatwoot's `Message#webhook_data` + `event`);
/// everything else in the payload is ignored.
#[derive(Debug, Deserialize)]
pub struct Event {
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub message_type: Option<Value>,
    #[serde(default)]
    pub private: Option<bool>,
    #[serde(default)]
    pub sender: Option<Sender>,
    #[serde(default)]
    pub conversation: Option<Conversation>,
    #[serde(default)]
    pub account: Option<Account>,
    /// The conversation's status, on conversation events (their payload is the conversation).
    #[serde(default)]
    pub status: Option<String>,
    /// Files sent with the message (`Attachment#push_event_data`: `file_type` image, audio,
    /// video, file, location, …).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Deserialize)]
pub struct Attachment {
    #[serde(default)]
    pub file_type: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Sender {
    #[serde(default)]
    pub id: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct Conversation {
    pub id: u64,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Account {
    pub id: u64,
}

/// An event the bot answers: an incoming, public customer message in a conversation the bot
/// owns.
pub struct Incoming<'a> {
    pub account: u64,
    pub conversation: u64,
    pub message: u64,
    /// The message's text; for a photo, file or voice message sent without text, its
    /// placeholder (`[image]`, `[audio]`): the policy hands those to a person (`[handoff]
    /// media_placeholders`) instead of leaving the customer unanswered.
    pub text: std::borrow::Cow<'a, str>,
    pub sender: Option<u64>,
}

impl Event {
    /// The Chatwoot conversation people just resolved (`conversation_resolved`, or a status
    /// change to resolved), if this is that event.
    pub fn resolved(&self) -> Option<u64> {
        let status_change = matches!(
            self.event.as_str(),
            "conversation_status_changed" | "conversation_updated"
        ) && self.status.as_deref() == Some("resolved");
        (self.event == "conversation_resolved" || status_change)
            .then_some(self.id)
            .flatten()
    }

    /// The message to answer, or why the event is none of the bot's business. Chatwoot sends the
    /// bot its own replies, private notes and messages of conversations people have taken over
    /// too (its listener does not filter them), so each is checked.
    pub fn incoming(&self) -> Result<Incoming<'_>, &'static str> {
        if self.event != "message_created" {
            return Err("not a message_created event");
        }
        // The name in webhook data; the number (0) in older nested copies.
        let incoming = match &self.message_type {
            Some(Value::String(s)) => s == "incoming",
            Some(Value::Number(n)) => n.as_u64() == Some(0),
            _ => false,
        };
        if !incoming {
            return Err("not an incoming message");
        }
        if self.private.unwrap_or(false) {
            return Err("a private note");
        }
        let conv = self.conversation.as_ref().ok_or("no conversation")?;
        if conv.status.as_deref() != Some("pending") {
            return Err("the conversation is not pending (people have it)");
        }
        let text = self.content.as_deref().map(str::trim).unwrap_or("");
        let text = if text.is_empty() {
            let placeholders: Vec<String> = self
                .attachments
                .iter()
                .map(|a| {
                    // The enum name; a MIME type ("image/png") in some payloads.
                    let kind = a.file_type.as_deref().unwrap_or("attachment");
                    let kind = kind.split('/').next().unwrap_or(kind);
                    format!("[{}]", if kind.is_empty() { "attachment" } else { kind })
                })
                .collect();
            if placeholders.is_empty() {
                return Err("no text");
            }
            std::borrow::Cow::Owned(placeholders.join(" "))
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        Ok(Incoming {
            account: self.account.as_ref().ok_or("no account")?.id,
            conversation: conv.id,
            message: self.id.ok_or("no message id")?,
            text,
            sender: self.sender.as_ref().and_then(|s| s.id),
        })
    }
}

/// The Triage conversation of a Chatwoot conversation (per tenant, like every conversation id).
pub fn conversation_id(account: u64, conversation: u64) -> String {
    format!("chatwoot:{account}:{conversation}")
}

/// The `Idempotency-Key` of a Chatwoot message: a redelivered event replays the stored answer and
/// queues nothing again.
pub fn idempotency_key(account: u64, message: u64) -> String {
    format!("chatwoot:{account}:{message}")
}

impl ChatwootCall {
    /// A reply the customer sees.
    pub fn message(content: &str) -> Self {
        Self {
            call: "messages".into(),
            body: json!({"content": content, "message_type": "outgoing", "private": false}),
        }
    }

    /// A private note only agents see.
    pub fn note(content: &str) -> Self {
        Self {
            call: "messages".into(),
            body: json!({"content": content, "message_type": "outgoing", "private": true}),
        }
    }

    /// Hands the conversation to people (`pending` → `open`).
    pub fn open() -> Self {
        Self {
            call: "toggle_status".into(),
            body: json!({"status": "open"}),
        }
    }

    pub fn team(team_id: u64) -> Self {
        Self {
            call: "assignments".into(),
            body: json!({"team_id": team_id}),
        }
    }
}

/// How long one call to Chatwoot may take.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Makes the job's next call: retried on network errors, timeouts, 408, 429 and 5xx; another
/// 4xx is Chatwoot refusing it for good.
pub async fn send_next(client: &reqwest::Client, cfg: &ChatwootConfig, job: &ChatwootJob) -> Sent {
    let Some(call) = job.calls.get(job.done) else {
        return Sent::Ok;
    };
    let resp = client
        .post(cfg.url(job.account_id, job.conversation_id, &call.call))
        .header("api_access_token", &cfg.bot_token)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .json(&call.body)
        .timeout(CALL_TIMEOUT)
        .send()
        .await;
    match resp {
        // Never the URL in the log: it may carry credentials.
        Err(e) => Sent::Retry(e.without_url().to_string()),
        Ok(r) if r.status().is_success() => Sent::Ok,
        Ok(r) if r.status().is_server_error() || matches!(r.status().as_u16(), 408 | 429) => {
            Sent::Retry(format!("HTTP {}", r.status()))
        }
        Ok(r) => Sent::Refused(format!("HTTP {}", r.status())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(v: Value) -> Event {
        serde_json::from_value(v).unwrap()
    }

    fn base() -> Value {
        json!({
            "event": "message_created", "id": 4711, "content": " Where is my order? ",
            "message_type": "incoming", "private": false, "sender": {"id": 42},
            "conversation": {"id": 17, "status": "pending"}, "account": {"id": 1}
        })
    }

    #[test]
    fn only_incoming_public_messages_of_pending_conversations() {
        let e = event(base());
        let m = e.incoming().unwrap();
        assert_eq!((m.account, m.conversation, m.message), (1, 17, 4711));
        assert_eq!(
            (m.text.as_ref(), m.sender),
            ("Where is my order?", Some(42))
        );
        // A photo sent without text is its placeholder, which the policy hands to a person.
        let mut photo = base();
        photo["content"] = Value::Null;
        photo["attachments"] = json!([{"id": 1, "file_type": "image"}, {"file_type": "audio/ogg"}]);
        assert_eq!(event(photo).incoming().unwrap().text, "[image] [audio]");
        for (k, v, why) in [
            (
                "event",
                json!("message_updated"),
                "not a message_created event",
            ),
            ("message_type", json!("outgoing"), "not an incoming message"),
            ("message_type", json!(1), "not an incoming message"),
            ("private", json!(true), "a private note"),
            (
                "conversation",
                json!({"id": 17, "status": "open"}),
                "the conversation is not pending (people have it)",
            ),
            ("content", json!("  "), "no text"),
            ("content", Value::Null, "no text"),
        ] {
            let mut v2 = base();
            v2[k] = v;
            assert_eq!(event(v2).incoming().err(), Some(why), "{k}");
        }
        assert_eq!(e.resolved(), None);
        let r = event(json!({"event": "conversation_resolved", "id": 17, "status": "resolved"}));
        assert_eq!(r.resolved(), Some(17));
        let r = event(json!({"event": "conversation_status_changed", "id": 17, "status": "open"}));
        assert_eq!(r.resolved(), None);
        let mut numeric = base();
        numeric["message_type"] = json!(0);
        assert!(event(numeric).incoming().is_ok());
    }

    #[test]
    fn ids_and_urls() {
        assert_eq!(conversation_id(1, 17), "chatwoot:1:17");
        assert_eq!(idempotency_key(1, 4711), "chatwoot:1:4711");
        let cfg = ChatwootConfig {
            base_url: "https://chat.example/".into(),
            account_id: 1,
            bot_token: "t".into(),
            secret: "0123456789abcdef".into(),
            teams: BTreeMap::new(),
        };
        assert_eq!(
            cfg.url(1, 17, "toggle_status"),
            "https://chat.example/api/v1/accounts/1/conversations/17/toggle_status"
        );
        assert!(cfg.validate("default").is_ok());
        let short = ChatwootConfig {
            secret: "short".into(),
            ..cfg.clone()
        };
        assert!(short.validate("default").unwrap_err().contains("secret"));
        let ftp = ChatwootConfig {
            base_url: "ftp://x".into(),
            ..cfg
        };
        assert!(ftp.validate("acme").unwrap_err().contains("acme"));
    }
}
