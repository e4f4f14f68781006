//! `/v1/shops/{slug}/claims`: claim intake, the shop's claim list, a claim's delivery status, and
//! retrying a failed one.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::intake::Submission;
use crate::queue::now_ms;
use crate::state::AppState;
use crate::store::{
    ClaimListed, ClaimRecord, ListCursor, NewClaim, NewClaimFile, Requeue, StoreError,
    CLAIM_STATUSES,
};

/// Claims per page of the list unless `limit` says otherwise.
const DEFAULT_LIST_LIMIT: i64 = 50;
/// The most `limit` may ask for.
const MAX_LIST_LIMIT: i64 = 200;

/// Longest `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 255;

/// The status call's view of a claim.
pub fn claim_json(claim: &ClaimRecord) -> Value {
    Value::Object(delivery_fields(claim))
}

/// What the status call and the list say about a claim's delivery.
fn delivery_fields(claim: &ClaimRecord) -> serde_json::Map<String, Value> {
    let ticket = match (claim.ticket_id, &claim.ticket_url) {
        (Some(id), Some(url)) => json!({"id": id, "url": url}),
        _ => Value::Null,
    };
    let last_error = claim
        .last_error
        .as_deref()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .unwrap_or(Value::Null);
    let mut fields = serde_json::Map::new();
    fields.insert("id".into(), claim.id.clone().into());
    fields.insert("status".into(), claim.status.clone().into());
    fields.insert("ticket".into(), ticket);
    fields.insert("attempts".into(), claim.attempts.into());
    fields.insert("last_error".into(), last_error);
    fields
}

/// The list's view of a claim: its delivery, when it came, and the order number and flow type
/// the merchant knows it by.
fn listed_json(claim: &ClaimListed) -> Value {
    let mut fields = delivery_fields(&claim.record);
    let body: Value = serde_json::from_str(&claim.body).unwrap_or(Value::Null);
    fields.insert("created_at".into(), claim.created_at.clone().into());
    fields.insert("flow_type".into(), body["flow_type"].clone());
    fields.insert("order_number".into(), body["order"]["order_number"].clone());
    Value::Object(fields)
}

/// The answer intake gives, and gives again for a retried submission.
fn accepted(id: &str) -> (StatusCode, Json<Value>) {
    (
        StatusCode::ACCEPTED,
        Json(json!({"id": id, "status": "queued"})),
    )
}

/// The answer for an idempotency key used before: the first claim, or 422 for another body.
fn replay(existing: &ClaimRecord, hash: &str) -> Result<(StatusCode, Json<Value>), ApiError> {
    if existing.request_hash == hash {
        Ok(accepted(&existing.id))
    } else {
        Err(ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "this Idempotency-Key was already used for a different claim; use a new key for a new claim",
            Some("Idempotency-Key"),
        ))
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map(str::trim).unwrap_or_default();
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_idempotency_key",
            format!("the Idempotency-Key has 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters, e.g. a UUID"),
            Some("Idempotency-Key"),
        ));
    }
    Ok(Some(key.to_owned()))
}

/// `POST /v1/shops/{slug}/claims`: checks the claim and its files, stores them with the queue
/// entry in one transaction, then answers 202.
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    headers: HeaderMap,
    submission: Submission,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let key = idempotency_key(&headers)?;
    let hash = submission.hash();
    if let Some(key) = &key {
        if let Some(existing) = state.store.claim_by_idempotency_key(shop.id, key).await? {
            return replay(&existing, &hash);
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    let names = submission.file_names();
    let files: Vec<NewClaimFile<'_>> = submission
        .files
        .iter()
        .zip(names)
        .map(|(file, name)| NewClaimFile {
            role: file.role.as_str(),
            name,
            content_type: file.kind.content_type(),
            bytes: &file.bytes,
        })
        .collect();
    let stored = state
        .store
        .insert_claim(&NewClaim {
            id: &id,
            shop_id: shop.id,
            body: &submission.json,
            idempotency_key: key.as_deref(),
            request_hash: &hash,
            files: &files,
            due_at: now_ms(),
        })
        .await;
    match stored {
        Ok(()) => {}
        // The same key arrived twice at once: the other request stored its claim first.
        Err(StoreError::Conflict) => {
            let existing = state
                .store
                .claim_by_idempotency_key(shop.id, key.as_deref().unwrap_or_default())
                .await?
                .ok_or_else(|| anyhow::anyhow!("idempotency conflict without a claim"))?;
            return replay(&existing, &hash);
        }
        Err(error) => return Err(error.into()),
    }
    state.queue.wake();
    tracing::info!(shop = %shop.slug, claim = %id, files = files.len(), "claim accepted");
    Ok(accepted(&id))
}

/// What `GET /v1/shops/{slug}/claims` was asked for.
#[derive(Debug, Default)]
struct ListQuery {
    status: Option<&'static str>,
    limit: Option<i64>,
    after: Option<ListCursor>,
}

impl ListQuery {
    /// Reads `status`, `limit` and `after`; anything else, or a value out of range, is refused
    /// with the parameter named.
    fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut query = Self::default();
        for (name, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match name.as_ref() {
                "status" => query.status = Some(list_status(&value)?),
                "limit" => query.limit = Some(list_limit(&value)?),
                "after" => query.after = Some(list_cursor(&value)?),
                other => {
                    return Err(invalid_query(
                        "query",
                        format!(
                            "unknown parameter {other:?}; this call takes status, limit and after"
                        ),
                    ))
                }
            }
        }
        Ok(query)
    }
}

fn invalid_query(field: &'static str, message: String) -> ApiError {
    ApiError::refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_query",
        message,
        Some(field),
    )
}

fn list_status(value: &str) -> Result<&'static str, ApiError> {
    CLAIM_STATUSES
        .into_iter()
        .find(|known| *known == value)
        .ok_or_else(|| {
            let known = CLAIM_STATUSES.join(", ");
            invalid_query(
                "status",
                format!("status is one of {known}; leave it out for every claim"),
            )
        })
}

fn list_limit(value: &str) -> Result<i64, ApiError> {
    value
        .parse()
        .ok()
        .filter(|n| (1..=MAX_LIST_LIMIT).contains(n))
        .ok_or_else(|| {
            invalid_query(
                "limit",
                format!("limit is a whole number from 1 to {MAX_LIST_LIMIT}"),
            )
        })
}

/// `after` is `{created_at}~{id}`, as `next_cursor` writes it.
fn list_cursor(value: &str) -> Result<ListCursor, ApiError> {
    let (created_at, id) = value
        .split_once('~')
        .filter(|(at, id)| !at.is_empty() && uuid::Uuid::parse_str(id).is_ok())
        .ok_or_else(|| {
            invalid_query(
                "after",
                "after takes the next_cursor of the previous page, unchanged".into(),
            )
        })?;
    Ok(ListCursor {
        created_at: created_at.to_owned(),
        id: id.to_owned(),
    })
}

/// `GET /v1/shops/{slug}/claims`: the shop's claims, newest first, a page at a time; so a
/// merchant can find the failed ones and retry them.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let query = ListQuery::parse(raw.as_deref())?;
    let limit = query.limit.unwrap_or(DEFAULT_LIST_LIMIT);
    // One more than asked tells whether another page follows.
    let mut claims = state
        .store
        .list_claims(shop.id, query.status, query.after.as_ref(), limit + 1)
        .await?;
    let more = claims.len() as i64 > limit;
    claims.truncate(limit as usize);
    let next_cursor = match claims.last() {
        Some(last) if more => Value::from(format!("{}~{}", last.created_at, last.record.id)),
        _ => Value::Null,
    };
    Ok(Json(json!({
        "claims": claims.iter().map(listed_json).collect::<Vec<_>>(),
        "next_cursor": next_cursor,
    })))
}

/// `GET /v1/shops/{slug}/claims/{id}`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let claim = state
        .store
        .claim(shop.id, &id)
        .await?
        .ok_or(ApiError::ClaimNotFound)?;
    Ok(Json(claim_json(&claim)))
}

/// `POST /v1/shops/{slug}/claims/{id}/retry`: queues a failed claim again.
pub async fn retry(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, String)>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    match state.store.requeue_failed(shop.id, &id, now_ms()).await? {
        Requeue::Requeued(claim) => {
            state.queue.wake();
            tracing::info!(shop = %shop.slug, claim = %id, "failed claim queued again");
            Ok((StatusCode::ACCEPTED, Json(claim_json(&claim))))
        }
        Requeue::NotFailed(claim) => Err(ApiError::refused(
            StatusCode::CONFLICT,
            "claim_not_failed",
            format!(
                "only a failed claim can be retried; this one is {}",
                claim.status
            ),
            None,
        )),
        Requeue::Missing => Err(ApiError::ClaimNotFound),
    }
}
