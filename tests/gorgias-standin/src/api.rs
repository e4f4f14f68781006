//! The Gorgias REST API of one account, served on that account's own port, and the
//! unknown-account port that answers every call with Gorgias's HTML 404.
//!
//! Every call goes through [`gate`]: injected faults first, then the rate limit, then Basic
//! authentication and the role check; every answer gets the call-limit header and is logged.

use crate::body::{parse_json, MISSING};
use crate::bucket::Admission;
use crate::config::UserConfig;
use crate::error::ApiError;
use crate::fault::{self, FaultAction};
use crate::listener::ConnectionCloser;
use crate::store::{iso_datetime, RequestRecord, SharedRef};
use crate::{customers, tickets};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use base64::Engine;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

/// The header every answer carries: `used/limit`.
pub const CALL_LIMIT_HEADER: &str = "x-gorgias-account-api-call-limit";

/// What every handler of an account knows: the shared state and which account this port is.
#[derive(Clone)]
pub struct AccountCtx {
    /// The stand-in's state.
    pub shared: SharedRef,
    /// The account this port serves.
    pub account: Arc<str>,
}

/// The agent whose API key authenticated the call.
#[derive(Clone)]
struct Agent {
    /// The API id of the user (`GET /api/users/0` answers it).
    id: u64,
    /// The user as configured.
    user: UserConfig,
}

type ApiResult = Result<Response, ApiError>;
type Params = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

/// The router of one account's port.
pub fn account_app(shared: SharedRef, account: &str) -> Router {
    let ctx = AccountCtx {
        shared,
        account: account.into(),
    };
    Router::new()
        .route("/api/account", get(show_account))
        .route("/api/users/{id}", get(show_user))
        .route("/api/customers", get(list_customers).post(create_customer))
        .route("/api/customers/{id}", get(show_customer))
        .route(
            "/api/upload",
            axum::routing::post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/tickets", get(list_tickets).post(create_ticket))
        .route("/api/tickets/{id}", get(show_ticket))
        .route("/api/custom-fields", get(list_custom_fields))
        .route("/files/{id}/{name}", get(serve_file))
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed.")
        })
        .layer(middleware::from_fn_with_state(ctx.clone(), gate))
        .with_state(ctx)
}

/// The router of the unknown-account port: Gorgias answers an unknown subdomain with an HTML 404.
pub fn unknown_account_app() -> Router {
    Router::new().fallback(|| async {
        (
            StatusCode::NOT_FOUND,
            Html(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found</title></head>\n\
                 <body><h1>Page not found</h1><p>This Gorgias account does not exist.</p></body></html>\n",
            ),
        )
    })
}

/// Faults, rate limit, authentication and role; then the route; then header and log.
async fn gate(State(ctx): State<AccountCtx>, request: Request, next: Next) -> Response {
    let at = SystemTime::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let verdict = {
        let mut inner = ctx.shared.lock();
        fault::take(&mut inner.faults, &ctx.account, &method, &path)
    };
    if !verdict.delay.is_zero() {
        tokio::time::sleep(verdict.delay).await;
    }
    let (mut response, used) = match verdict.failure {
        Some(FaultAction::Drop) => {
            ctx.record(RequestRecord {
                method,
                path,
                query,
                status: 0,
                at,
            });
            if let Some(closer) = request.extensions().get::<ConnectionCloser>() {
                closer.close();
            }
            // The connection is closed under this future, which is then dropped.
            return std::future::pending().await;
        }
        Some(FaultAction::Status(status)) => (
            ApiError::for_status(status_code(status)).into_response(),
            ctx.peek_level(),
        ),
        Some(FaultAction::StatusWithRetryAfter(status, secs)) => {
            let mut error = ApiError::for_status(status_code(status));
            error.retry_after = Some(secs);
            (error.into_response(), ctx.peek_level())
        }
        Some(FaultAction::Latency(_)) | None => admit_and_run(&ctx, request, next).await,
    };
    let limit = ctx.limit();
    if let Ok(value) = HeaderValue::from_str(&format!("{used}/{limit}")) {
        response.headers_mut().insert(CALL_LIMIT_HEADER, value);
    }
    ctx.record(RequestRecord {
        method,
        path,
        query,
        status: response.status().as_u16(),
        at,
    });
    response
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn admit_and_run(ctx: &AccountCtx, mut request: Request, next: Next) -> (Response, u32) {
    // Files play the part of Gorgias's upload CDN: no key, no rate limit.
    if request.uri().path().starts_with("/files/") {
        return (next.run(request).await, ctx.peek_level());
    }
    let (admission, agent) = {
        let mut inner = ctx.shared.lock();
        let Some(account) = inner.accounts.get_mut(&*ctx.account) else {
            return (ApiError::not_found().into_response(), 0);
        };
        let admission = account.bucket.admit(Instant::now());
        let agent = authenticate(request.headers(), &account.config.users);
        (admission, agent)
    };
    let used = match admission {
        Admission::Allowed { used } => used,
        Admission::Refused { used, retry_after } => {
            return (
                ApiError::too_many_requests(retry_after).into_response(),
                used,
            )
        }
    };
    let Some(agent) = agent else {
        return (ApiError::unauthorized().into_response(), used);
    };
    // As in Gorgias, a read-only role reads everything (account, users, tickets) and is refused
    // every write, so only a write shows that its key cannot create tickets.
    let reads = matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if !reads && !agent.user.role.may_write() {
        return (ApiError::forbidden().into_response(), used);
    }
    request.extensions_mut().insert(agent);
    (next.run(request).await, used)
}

/// The user whose `email:api_key` is in the Basic Authorization header.
fn authenticate(headers: &HeaderMap, users: &[UserConfig]) -> Option<Agent> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (email, key) = decoded.split_once(':')?;
    users
        .iter()
        .enumerate()
        .find(|(_, u)| u.email.eq_ignore_ascii_case(email) && u.api_key == key)
        .map(|(i, u)| Agent {
            id: tickets::user_id(i),
            user: u.clone(),
        })
}

impl AccountCtx {
    fn record(&self, record: RequestRecord) {
        if let Some(account) = self.shared.lock().accounts.get_mut(&*self.account) {
            account.store.requests.push(record);
        }
    }

    fn peek_level(&self) -> u32 {
        self.shared
            .lock()
            .accounts
            .get_mut(&*self.account)
            .map(|a| a.bucket.peek(Instant::now()))
            .unwrap_or(0)
    }

    fn limit(&self) -> u32 {
        self.shared
            .lock()
            .accounts
            .get(&*self.account)
            .map(|a| a.bucket.limit.limit)
            .unwrap_or(0)
    }

    /// Runs `f` on this account's state.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut crate::store::Account, bool) -> T,
    ) -> Result<T, ApiError> {
        let mut inner = self.shared.lock();
        let strict = inner.strict;
        let account = inner
            .accounts
            .get_mut(&*self.account)
            .ok_or_else(ApiError::not_found)?;
        Ok(f(account, strict))
    }
}

async fn show_account(State(ctx): State<AccountCtx>) -> ApiResult {
    let created =
        iso_datetime(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_577_836_800));
    Ok(Json(json!({
        "domain": &*ctx.account,
        "status": { "status": "active" },
        "created_datetime": created,
        "deactivated_datetime": null,
        "settings": [],
    }))
    .into_response())
}

async fn show_user(Extension(agent): Extension<Agent>, Path(id): Path<String>) -> ApiResult {
    if id != "0" && id != agent.id.to_string() {
        return Err(ApiError::not_found());
    }
    Ok(Json(json!({
        "id": agent.id,
        "email": agent.user.email,
        "name": agent.user.email,
        "firstname": "",
        "lastname": "",
        "active": true,
        "role": { "name": agent.user.role.name() },
    }))
    .into_response())
}

fn params(query: Params) -> Result<HashMap<String, String>, ApiError> {
    query.map(|Query(q)| q).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("The query string cannot be read: {e}."),
        )
    })
}

fn request_uri(path: &str, params: &HashMap<String, String>) -> String {
    if params.is_empty() {
        return path.to_string();
    }
    let mut keys: Vec<&String> = params.keys().collect();
    keys.sort();
    let query: Vec<String> = keys
        .into_iter()
        .map(|k| format!("{k}={}", params[k]))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// One page of a list, Gorgias's envelope and cursor pagination (`cursor`, `limit`, `order_by`).
fn list_page(mut items: Vec<Value>, params: &HashMap<String, String>, path: &str) -> ApiResult {
    let limit = match params.get("limit") {
        None => 30,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(ApiError::field(
                    "limit",
                    "Must be greater than or equal to 1 and less than or equal to 100.",
                ))
            }
        },
    };
    let order = params
        .get("order_by")
        .map(String::as_str)
        .unwrap_or("created_datetime:desc");
    let descending = match order.split_once(':') {
        Some(("created_datetime" | "updated_datetime" | "id", "asc")) => false,
        Some(("created_datetime" | "updated_datetime" | "id", "desc")) => true,
        _ => {
            return Err(ApiError::field(
                "order_by",
                "Must be one of: created_datetime:asc, created_datetime:desc, updated_datetime:asc, updated_datetime:desc.",
            ))
        }
    };
    // Items are kept oldest first, and ids grow with time.
    if descending {
        items.reverse();
    }
    let offset = match params.get("cursor") {
        None => 0,
        Some(cursor) => {
            decode_cursor(cursor).ok_or_else(|| ApiError::field("cursor", "Invalid cursor."))?
        }
    };
    let total = items.len();
    let data: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let next = (offset + limit < total).then(|| encode_cursor(offset + limit));
    let prev = (offset > 0).then(|| encode_cursor(offset.saturating_sub(limit)));
    Ok(Json(json!({
        "object": "list",
        "uri": request_uri(path, params),
        "data": data,
        "meta": { "prev_cursor": prev, "next_cursor": next },
    }))
    .into_response())
}

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

async fn list_customers(State(ctx): State<AccountCtx>, query: Params) -> ApiResult {
    let params = params(query)?;
    let email = params.get("email").cloned();
    let items = ctx.with(|account, _| {
        account
            .store
            .customers
            .iter()
            .filter(|c| match &email {
                Some(email) => c["email"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email)),
                None => true,
            })
            .cloned()
            .collect::<Vec<_>>()
    })?;
    list_page(items, &params, "/api/customers")
}

async fn create_customer(
    State(ctx): State<AccountCtx>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = parse_json(content_type(&headers), &body)?;
    let customer =
        ctx.with(|account, strict| customers::create(&mut account.store, strict, &body))??;
    Ok((StatusCode::CREATED, Json(customer)).into_response())
}

async fn show_customer(State(ctx): State<AccountCtx>, Path(id): Path<String>) -> ApiResult {
    let id: u64 = id.parse().map_err(|_| ApiError::not_found())?;
    let customer = ctx
        .with(|account, _| customers::find_by_id(&account.store, id).cloned())?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(customer).into_response())
}

async fn list_tickets(State(ctx): State<AccountCtx>, query: Params) -> ApiResult {
    let params = params(query)?;
    let external_id = params.get("external_id").cloned();
    let customer_id = match params.get("customer_id") {
        Some(raw) => Some(
            raw.parse::<u64>()
                .map_err(|_| ApiError::field("customer_id", "Not a valid integer."))?,
        ),
        None => None,
    };
    let items = ctx.with(|account, _| {
        account
            .store
            .tickets
            .iter()
            .filter(|t| {
                external_id
                    .as_ref()
                    .is_none_or(|e| t["external_id"].as_str() == Some(e.as_str()))
                    && customer_id.is_none_or(|id| t["customer"]["id"].as_u64() == Some(id))
            })
            .map(tickets::list_item)
            .collect::<Vec<_>>()
    })?;
    list_page(items, &params, "/api/tickets")
}

async fn create_ticket(
    State(ctx): State<AccountCtx>,
    Extension(agent): Extension<Agent>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = parse_json(content_type(&headers), &body)?;
    let ticket = ctx.with(|account, strict| {
        tickets::create(
            &mut account.store,
            &account.config,
            &agent.user,
            strict,
            &body,
        )
    })??;
    Ok((StatusCode::CREATED, Json(ticket)).into_response())
}

async fn show_ticket(State(ctx): State<AccountCtx>, Path(id): Path<String>) -> ApiResult {
    let id: u64 = id.parse().map_err(|_| ApiError::not_found())?;
    let ticket = ctx
        .with(|account, _| {
            account
                .store
                .tickets
                .iter()
                .find(|t| t["id"].as_u64() == Some(id))
                .cloned()
        })?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(ticket).into_response())
}

async fn list_custom_fields(State(ctx): State<AccountCtx>, query: Params) -> ApiResult {
    let params = params(query)?;
    let object_type = match params.get("object_type").map(String::as_str) {
        None => return Err(ApiError::field("object_type", MISSING)),
        Some(t @ ("Ticket" | "Customer")) => t.to_string(),
        Some(_) => {
            return Err(ApiError::field(
                "object_type",
                "Must be one of: Ticket, Customer.",
            ))
        }
    };
    let items = ctx.with(|account, _| {
        if object_type != "Ticket" {
            return Vec::new();
        }
        account
            .config
            .custom_fields
            .iter()
            .enumerate()
            .map(|(priority, field)| {
                json!({
                    "id": field.id,
                    "object_type": "Ticket",
                    "label": field.label,
                    "description": null,
                    "priority": priority,
                    "required": false,
                    "managed_type": null,
                    "definition": {
                        "data_type": field.data_type,
                        "input_settings": { "input_type": "input" },
                    },
                    "created_datetime": "2020-01-01T00:00:00.000000+00:00",
                    "updated_datetime": "2020-01-01T00:00:00.000000+00:00",
                    "deactivated_datetime": null,
                })
            })
            .collect::<Vec<_>>()
    })?;
    // Definitions are listed in configuration order, which is also their priority.
    let mut params = params;
    params
        .entry("order_by".into())
        .or_insert_with(|| "created_datetime:asc".into());
    list_page(items, &params, "/api/custom-fields")
}

/// The kinds of upload `POST /api/upload` accepts in `type`.
const UPLOAD_TYPES: &[&str] = &[
    "attachment",
    "public_attachment",
    "profile_picture",
    "widget_picture",
];

async fn upload(
    State(ctx): State<AccountCtx>,
    query: Params,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult {
    let params = params(query)?;
    match params.get("type").map(String::as_str) {
        Some(t) if UPLOAD_TYPES.contains(&t) => {}
        Some(_) => {
            return Err(ApiError::field(
                "type",
                format!("Must be one of: {}.", UPLOAD_TYPES.join(", ")),
            ))
        }
        None => return Err(ApiError::field("type", MISSING)),
    }
    let mut multipart = multipart.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("Send the files as multipart/form-data, one file per part: {e}."),
        )
    })?;
    let (max, base_url) = {
        let inner = ctx.shared.lock();
        let url = inner
            .accounts
            .get(&*ctx.account)
            .map(|a| a.url.clone())
            .unwrap_or_default();
        (ctx.shared.config.max_upload_bytes, url)
    };
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request entity too large: the files may add up to {max} bytes."),
        )
    };
    let mut files = Vec::new();
    let mut total = 0usize;
    loop {
        let field = multipart.next_field().await.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("The multipart body cannot be read: {e}."),
            )
        })?;
        let Some(mut field) = field else { break };
        let Some(name) = field.file_name().map(str::to_string) else {
            // Parts without a file name are form fields, not files.
            continue;
        };
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("The multipart body cannot be read: {e}."),
            )
        })? {
            total += chunk.len();
            if total > max {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        files.push((name, content_type, bytes));
    }
    if files.is_empty() {
        return Err(ApiError::field(
            "file",
            "No file was uploaded: send one file per multipart part (field name \"file\").",
        ));
    }
    let answer = ctx.with(|account, _| {
        files
            .into_iter()
            .map(|(name, content_type, bytes)| {
                let id = account.store.next_id("upload");
                let url = format!("{base_url}/files/{id}/{}", url_safe(&name));
                let size = bytes.len();
                account.store.uploads.push(crate::store::ReceivedUpload {
                    id,
                    url: url.clone(),
                    name: name.clone(),
                    content_type: content_type.clone(),
                    size,
                    bytes,
                });
                json!({ "url": url, "name": name, "size": size, "content_type": content_type })
            })
            .collect::<Vec<_>>()
    })?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// A file name made safe for a URL path segment (the id finds the file; the name is for people).
fn url_safe(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "file".into()
    } else {
        safe
    }
}

async fn serve_file(
    State(ctx): State<AccountCtx>,
    Path((id, _name)): Path<(String, String)>,
) -> ApiResult {
    let id: u64 = id.parse().map_err(|_| ApiError::not_found())?;
    let file = ctx
        .with(|account, _| {
            account
                .store
                .uploads
                .iter()
                .find(|u| u.id == id)
                .map(|u| (u.content_type.clone(), u.bytes.clone()))
        })?
        .ok_or_else(ApiError::not_found)?;
    let content_type = HeaderValue::from_str(&file.0)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok(([(header::CONTENT_TYPE, content_type)], file.1).into_response())
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}
