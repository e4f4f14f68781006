//! The control listener: a small JSON API that drives the stand-in (faults, rate limits,
//! accounts, reset, what was received) and the read-only HTML tickets page at `/`.

use crate::config::{AccountConfig, RateLimit};
use crate::fault::FaultSpec;
use crate::page;
use crate::store::SharedRef;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// An error of the control API: a status and a sentence saying what to do, as `{"error": "..."}`.
#[derive(Debug)]
pub struct ControlError(StatusCode, String);

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<JsonRejection> for ControlError {
    fn from(rejection: JsonRejection) -> Self {
        ControlError(
            StatusCode::BAD_REQUEST,
            format!(
                "the body must be JSON as described in tests/gorgias-standin/README.md: {}",
                rejection.body_text()
            ),
        )
    }
}

type ControlResult = Result<Response, ControlError>;

/// The control listener's router.
pub fn app(shared: SharedRef) -> Router {
    Router::new()
        .route("/", get(tickets_page))
        .route("/control/accounts", get(list_accounts).post(add_account))
        .route("/control/accounts/{name}/received", get(received))
        .route(
            "/control/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/control/rate-limit", post(set_rate_limit))
        .route("/control/strict", post(set_strict))
        .route("/control/reset", post(reset))
        .fallback(|| async {
            ControlError(
                StatusCode::NOT_FOUND,
                "no such control route; see tests/gorgias-standin/README.md".into(),
            )
        })
        .with_state(shared)
}

async fn tickets_page(
    State(shared): State<SharedRef>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let html = page::render(&shared, query.get("account").map(String::as_str));
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Message bodies are rendered as HTML in sandboxed frames; nothing on the page may run.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; frame-src 'self'; base-uri 'none'; form-action 'none'",
            ),
        ],
        html,
    )
        .into_response()
}

fn account_summary(name: &str, account: &mut crate::store::Account) -> Value {
    let now = Instant::now();
    json!({
        "name": name,
        "url": account.url,
        "users": account.config.users.iter().map(|u| json!({"email": u.email, "role": u.role})).collect::<Vec<_>>(),
        "custom_fields": account.config.custom_fields,
        "rate_limit": account.bucket.limit,
        "bucket_level": account.bucket.peek(now),
        "max_bucket_level": account.bucket.max_level(),
        "tickets": account.store.tickets.len(),
        "customers": account.store.customers.len(),
        "uploads": account.store.uploads.len(),
        "requests": account.store.requests.len(),
    })
}

async fn list_accounts(State(shared): State<SharedRef>) -> Json<Value> {
    let mut inner = shared.lock();
    let accounts: Vec<Value> = inner
        .accounts
        .iter_mut()
        .map(|(name, account)| account_summary(name, account))
        .collect();
    Json(json!({ "accounts": accounts, "strict": inner.strict, "faults": inner.faults.len() }))
}

async fn add_account(
    State(shared): State<SharedRef>,
    body: Result<Json<AccountConfig>, JsonRejection>,
) -> ControlResult {
    let Json(account) = body?;
    let name = account.name.clone();
    let url = crate::open_account(&shared, account).await.map_err(|e| {
        let status = if e.kind() == std::io::ErrorKind::AlreadyExists {
            StatusCode::CONFLICT
        } else if e.kind() == std::io::ErrorKind::InvalidInput {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        ControlError(status, e.to_string())
    })?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "name": name, "url": url })),
    )
        .into_response())
}

async fn received(State(shared): State<SharedRef>, Path(name): Path<String>) -> ControlResult {
    let inner = shared.lock();
    let account = inner
        .accounts
        .get(&name)
        .ok_or_else(|| unknown_account(&name, inner.accounts.keys()))?;
    Ok(Json(crate::snapshot(account)).into_response())
}

fn unknown_account<'a>(name: &str, names: impl Iterator<Item = &'a String>) -> ControlError {
    let names: Vec<&str> = names.map(String::as_str).collect();
    ControlError(
        StatusCode::NOT_FOUND,
        format!(
            "no account named {name:?}; the accounts are: {}",
            names.join(", ")
        ),
    )
}

async fn list_faults(State(shared): State<SharedRef>) -> Json<Value> {
    let inner = shared.lock();
    let faults: Vec<FaultSpec> = inner.faults.iter().map(FaultSpec::from).collect();
    Json(json!({ "faults": faults }))
}

async fn add_fault(
    State(shared): State<SharedRef>,
    body: Result<Json<FaultSpec>, JsonRejection>,
) -> ControlResult {
    let Json(spec) = body?;
    let fault = spec
        .parse()
        .map_err(|e| ControlError(StatusCode::BAD_REQUEST, e))?;
    let mut inner = shared.lock();
    if let Some(account) = &fault.account {
        if !inner.accounts.contains_key(account) {
            return Err(unknown_account(account, inner.accounts.keys()));
        }
    }
    inner.faults.push(fault);
    Ok((
        StatusCode::CREATED,
        Json(json!({ "pending": inner.faults.len() })),
    )
        .into_response())
}

async fn clear_faults(State(shared): State<SharedRef>) -> StatusCode {
    shared.lock().faults.clear();
    StatusCode::NO_CONTENT
}

/// Body of `POST /control/rate-limit`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitChange {
    /// One account, or every account when absent.
    account: Option<String>,
    /// The new bucket size.
    limit: u32,
    /// The new drain time in milliseconds.
    window_ms: u64,
}

async fn set_rate_limit(
    State(shared): State<SharedRef>,
    body: Result<Json<RateLimitChange>, JsonRejection>,
) -> ControlResult {
    let Json(change) = body?;
    let limit = RateLimit {
        limit: change.limit,
        window: Duration::from_millis(change.window_ms),
    };
    limit
        .check()
        .map_err(|e| ControlError(StatusCode::BAD_REQUEST, e.to_string()))?;
    let names: Vec<String> = match change.account {
        Some(name) => {
            let inner = shared.lock();
            if !inner.accounts.contains_key(&name) {
                return Err(unknown_account(&name, inner.accounts.keys()));
            }
            vec![name]
        }
        None => shared.lock().accounts.keys().cloned().collect(),
    };
    for name in &names {
        shared.set_rate_limit(name, limit);
    }
    Ok(Json(json!({ "accounts": names, "rate_limit": limit })).into_response())
}

/// Body of `POST /control/strict`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictChange {
    /// Whether unknown fields answer 400.
    strict: bool,
}

async fn set_strict(
    State(shared): State<SharedRef>,
    body: Result<Json<StrictChange>, JsonRejection>,
) -> ControlResult {
    let Json(change) = body?;
    shared.lock().strict = change.strict;
    Ok(Json(json!({ "strict": change.strict })).into_response())
}

async fn reset(State(shared): State<SharedRef>) -> StatusCode {
    shared.reset();
    StatusCode::NO_CONTENT
}
