//! The one place where errors become HTTP: every failure leaves as
//! `{"error": {"code", "message"}}` with the status that fits it. Internal details are logged,
//! never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::engine::EngineError;
use crate::model::ModelError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadJson(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    TooLarge(String),
    #[error("no route for {0}")]
    NotFound(String),
    #[error("{0}")]
    NotFoundResource(String),
    #[error("method {0} is not allowed on this route")]
    MethodNotAllowed(String),
    #[error("the server is at capacity ({0} messages queued); retry shortly")]
    Overloaded(usize),
    #[error("the model is still loading; retry shortly")]
    NotReady,
    #[error("the request took longer than {0} s")]
    Timeout(u64),
    #[error("{0}")]
    Conflict(String),
    #[error("the conversation store is unavailable; retry shortly")]
    StoreUnavailable(String),
    #[error("{0}; retry shortly")]
    Busy(String),
    #[error("internal error")]
    Internal(String),
    #[error("a valid API key is required: send Authorization: Bearer <token>")]
    Unauthorized,
    /// A signed integration request (Chatwoot) whose signature or token does not verify.
    #[error("{0}")]
    Signature(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("host {0:?} is not served here (see --allowed-hosts)")]
    MisdirectedHost(String),
    #[error("{0}")]
    RateLimited(crate::auth::limits::Limited),
    #[error("the server has {0} connections open, its limit; retry shortly")]
    TooManyConnections(usize),
    #[error("the request target is longer than {0} bytes")]
    UriTooLong(usize),
    #[error("{0}")]
    HeadersTooLarge(String),
}

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadJson(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound(_) | Self::NotFoundResource(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Overloaded(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::NotReady => StatusCode::SERVICE_UNAVAILABLE,
            Self::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::StoreUnavailable(_) | Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unauthorized | Self::Signature(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::MisdirectedHost(_) => StatusCode::MISDIRECTED_REQUEST,
            Self::RateLimited(crate::auth::limits::Limited::TooMany { .. }) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooManyConnections(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            Self::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadJson(_) => "invalid_json",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Invalid { .. } => "invalid_request",
            Self::TooLarge(_) => "payload_too_large",
            Self::NotFound(_) | Self::NotFoundResource(_) => "not_found",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::Overloaded(_) => "overloaded",
            Self::NotReady => "not_ready",
            Self::Timeout(_) => "timeout",
            Self::Conflict(_) => "conflict",
            Self::StoreUnavailable(_) => "store_unavailable",
            Self::Busy(_) => "conversation_busy",
            Self::Internal(_) => "internal",
            Self::Unauthorized | Self::Signature(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::MisdirectedHost(_) => "misdirected_request",
            Self::RateLimited(crate::auth::limits::Limited::TooMany { .. }) => "payload_too_large",
            Self::RateLimited(_) => "rate_limited",
            Self::TooManyConnections(_) => "too_many_connections",
            Self::UriTooLong(_) => "uri_too_long",
            Self::HeadersTooLarge(_) => "headers_too_large",
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Overloaded(n) => Self::Overloaded(n),
            EngineError::Stopped => Self::NotReady,
            EngineError::Model(m) => m.into(),
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError as S;
        match e {
            S::NotFound(id) => Self::NotFoundResource(format!("handoff {id} not found")),
            e @ S::Conflict { .. } => Self::Conflict(e.to_string()),
            S::Backend(m) | S::Unavailable(m) => Self::StoreUnavailable(m),
            S::Busy(m) => Self::Busy(m),
            S::Corrupt(m) => Self::Internal(m),
        }
    }
}

impl From<crate::kb::KbError> for ApiError {
    fn from(e: crate::kb::KbError) -> Self {
        use crate::kb::KbError as K;
        match e {
            K::Invalid(m) => Self::invalid("entry", m),
            e @ K::Parse { .. } => Self::invalid("file", e.to_string()),
            e @ K::NotFound(_) => Self::NotFoundResource(e.to_string()),
            e @ K::ReadOnly => Self::Conflict(e.to_string()),
            K::Model(m) => m.into(),
            e @ (K::Io { .. } | K::Index(_)) => Self::Internal(e.to_string()),
        }
    }
}

impl From<crate::auth::limits::Limited> for ApiError {
    fn from(l: crate::auth::limits::Limited) -> Self {
        Self::RateLimited(l)
    }
}

impl From<ModelError> for ApiError {
    fn from(e: ModelError) -> Self {
        Self::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut body = json!({"error": {"code": self.code(), "message": self.to_string()}});
        if let Self::Invalid { field, .. } = &self {
            body["error"]["field"] = json!(field);
        }
        if let Self::Internal(detail) | Self::StoreUnavailable(detail) = &self {
            tracing::error!(%detail, code = self.code(), "request failed");
        }
        let mut resp = (status, Json(body)).into_response();
        let headers = resp.headers_mut();
        match &self {
            Self::Overloaded(_)
            | Self::NotReady
            | Self::StoreUnavailable(_)
            | Self::Busy(_)
            | Self::TooManyConnections(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            Self::RateLimited(l) if status == StatusCode::TOO_MANY_REQUESTS => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(l.retry_after_secs()));
            }
            Self::Unauthorized => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"triage\""),
                );
            }
            _ => {}
        }
        resp
    }
}
