//! `/v1/shops/{slug}/help-center/urls`: the Help Center whitelist. Merchants submit URLs, the
//! operator approves them; every change refreshes the embed snapshot.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::domain::HelpCenterUrl;
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::store::{self, StoreError};

/// Body of `POST .../help-center/urls`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUrl {
    url: String,
}

fn url_json(url: &store::HelpCenterUrl) -> Value {
    json!({"id": url.id, "url": url.url, "status": url.status})
}

/// An id from the path; anything that is not one of our ids is simply not found.
fn url_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::UrlNotFound)
}

/// `POST`: adds a URL, pending for merchants and approved at once for the operator.
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<NewUrl>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let url = HelpCenterUrl::parse(&body.url).map_err(|e| ApiError::invalid(e, "url"))?;
    let status = if caller.is_operator() {
        "approved"
    } else {
        "pending"
    };
    let row = match state
        .store
        .add_help_center_url(shop.id, url.as_str(), status)
        .await
    {
        Ok(row) => row,
        Err(StoreError::Conflict) => return Err(ApiError::UrlExists),
        Err(error) => return Err(error.into()),
    };
    if status == "approved" {
        state.embeds.rebuild(&state.store).await?;
    }
    tracing::info!(shop = %shop.slug, id = row.id, status, "help center url added");
    Ok((StatusCode::CREATED, Json(url_json(&row))))
}

/// `GET`: every URL of the shop.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let urls = state.store.help_center_urls(shop.id).await?;
    Ok(Json(
        json!({"urls": urls.iter().map(url_json).collect::<Vec<_>>()}),
    ))
}

/// `POST .../{id}/approve` (op).
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop_as_operator(&state, &slug).await?;
    let row = state
        .store
        .approve_help_center_url(shop.id, url_id(&id)?)
        .await?
        .ok_or(ApiError::UrlNotFound)?;
    state.embeds.rebuild(&state.store).await?;
    tracing::info!(shop = %shop.slug, id = row.id, "help center url approved");
    Ok(Json(url_json(&row)))
}

/// `DELETE .../{id}`.
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    if !state
        .store
        .delete_help_center_url(shop.id, url_id(&id)?)
        .await?
    {
        return Err(ApiError::UrlNotFound);
    }
    state.embeds.rebuild(&state.store).await?;
    tracing::info!(shop = %shop.slug, id, "help center url removed");
    Ok(StatusCode::NO_CONTENT)
}
