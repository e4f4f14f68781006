//! Gorgias-shaped error answers: `{"error": {"msg": "...", "data": {"field.path": ["..."]}}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// An error answer of the Gorgias API.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// `error.msg`.
    pub msg: String,
    /// `error.data`: field path to messages (400 only).
    pub data: BTreeMap<String, Vec<String>>,
    /// `Retry-after` seconds (429 only).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with a status and message.
    pub fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        ApiError {
            status,
            msg: msg.into(),
            data: BTreeMap::new(),
            retry_after: None,
        }
    }

    /// 400 with field messages.
    pub fn invalid(data: BTreeMap<String, Vec<String>>) -> Self {
        ApiError {
            data,
            ..ApiError::new(StatusCode::BAD_REQUEST, "Invalid request data.")
        }
    }

    /// 400 for one field.
    pub fn field(path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut data = BTreeMap::new();
        data.insert(path.into(), vec![message.into()]);
        ApiError::invalid(data)
    }

    /// 401 as Gorgias words it.
    pub fn unauthorized() -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "Unauthorized.")
    }

    /// 403 for a role that may not make the call.
    pub fn forbidden() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "You do not have permission to perform this action.",
        )
    }

    /// 404 for a missing object or route.
    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "Not found.")
    }

    /// 429 with the seconds to wait.
    pub fn too_many_requests(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests.")
        }
    }

    /// Any status, with a message fitting it (used by injected faults).
    pub fn for_status(status: StatusCode) -> Self {
        let msg = match status.as_u16() {
            429 => "Too many requests.",
            401 => "Unauthorized.",
            403 => "You do not have permission to perform this action.",
            404 => "Not found.",
            409 => "Conflict.",
            413 => "Request entity too large.",
            s if s >= 500 => "Internal server error.",
            _ => status.canonical_reason().unwrap_or("Error."),
        };
        let mut error = ApiError::new(status, msg);
        if status == StatusCode::TOO_MANY_REQUESTS {
            error.retry_after = Some(1);
        }
        error
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = Map::new();
        error.insert("msg".into(), Value::String(self.msg));
        if !self.data.is_empty() {
            error.insert("data".into(), json!(self.data));
        }
        let mut response = (self.status, axum::Json(json!({ "error": error }))).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
