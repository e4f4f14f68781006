//! `/v1/shops`: creating and listing shops, making Gorgias available and issuing a new merchant
//! key (operator), reading a shop, and the tile's branding (merchant).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{merchant_key_hash, new_merchant_key, Caller};
use crate::domain::{AccentColor, LogoUrl, ShopName, Slug};
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::store::{Shop, StoreError};

/// Body of `POST /v1/shops`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewShop {
    slug: String,
    name: String,
}

/// Body of `PATCH /v1/shops/{slug}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopChange {
    gorgias_available: Option<bool>,
}

/// Body of `PUT /v1/shops/{slug}/tile`: the whole branding; a part left out goes back to its
/// default (so the body always says what the tile will look like).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TileChange {
    accent_color: Option<String>,
    logo_url: Option<String>,
}

/// The public view of a shop.
pub fn shop_json(shop: &Shop) -> Value {
    json!({
        "slug": shop.slug,
        "name": shop.name,
        "gorgias_available": shop.gorgias_available,
        "tile": tile_json(shop),
        "created_at": shop.created_at,
    })
}

/// The tile's branding, as the embed endpoint sends it.
fn tile_json(shop: &Shop) -> Value {
    crate::embed::tile_json(&shop.tile_accent_color, shop.tile_logo_url.as_deref())
}

/// `POST /v1/shops` (op): creates a shop and answers its merchant key, the only time it is shown.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewShop>,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_operator()?;
    let slug = Slug::parse(&body.slug).map_err(|e| ApiError::invalid(e, "slug"))?;
    let name = ShopName::parse(&body.name).map_err(|e| ApiError::invalid(e, "name"))?;
    let key = new_merchant_key();
    let shop = match state
        .store
        .create_shop(slug.as_str(), name.as_str(), &merchant_key_hash(&key))
        .await
    {
        Ok(shop) => shop,
        Err(StoreError::Conflict) => return Err(ApiError::SlugTaken),
        Err(error) => return Err(error.into()),
    };
    state.embeds.rebuild(&state.store).await?;
    tracing::info!(shop = %shop.slug, "shop created");
    Ok((
        StatusCode::CREATED,
        Json(json!({"slug": shop.slug, "name": shop.name, "api_key": key})),
    ))
}

/// `GET /v1/shops` (op): every shop, by slug.
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.require_operator()?;
    let shops = state.store.shops().await?;
    Ok(Json(
        json!({"shops": shops.iter().map(shop_json).collect::<Vec<_>>()}),
    ))
}

/// `POST /v1/shops/{slug}/api-key` (op): a new merchant key for a shop whose key was lost or
/// leaked. The old key stops working at once; the new one is shown this once.
pub async fn replace_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop_as_operator(&state, &slug).await?;
    let key = new_merchant_key();
    state
        .store
        .replace_merchant_key(shop.id, &merchant_key_hash(&key))
        .await?;
    tracing::info!(shop = %shop.slug, "merchant key replaced");
    Ok(Json(json!({"slug": shop.slug, "api_key": key})))
}

/// `GET /v1/shops/{slug}`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    Ok(Json(shop_json(&shop)))
}

/// `PATCH /v1/shops/{slug}` (op): today only `gorgias_available`.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ShopChange>,
) -> Result<Json<Value>, ApiError> {
    let mut shop = caller.shop_as_operator(&state, &slug).await?;
    if let Some(available) = body.gorgias_available {
        shop = state
            .store
            .set_gorgias_available(shop.id, available)
            .await?;
        tracing::info!(shop = %shop.slug, available, "gorgias availability changed");
        if available {
            super::integration::resume_claims(&state, shop.id, &shop.slug).await?;
        }
    }
    Ok(Json(shop_json(&shop)))
}

/// `GET /v1/shops/{slug}/tile`.
pub async fn show_tile(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    Ok(Json(tile_json(&shop)))
}

/// `PUT /v1/shops/{slug}/tile`: checks both values before storing either, then refreshes the
/// embed snapshot so the next widget answer carries the new branding.
pub async fn set_tile(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<TileChange>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let accent = AccentColor::parse(body.accent_color.as_deref().unwrap_or(AccentColor::DEFAULT))
        .map_err(|e| ApiError::invalid(e, "accent_color"))?;
    let logo = body
        .logo_url
        .as_deref()
        .map(LogoUrl::parse)
        .transpose()
        .map_err(|e| ApiError::invalid(e, "logo_url"))?;
    let shop = state
        .store
        .set_tile(shop.id, accent.as_str(), logo.as_ref().map(LogoUrl::as_str))
        .await?;
    state.embeds.rebuild(&state.store).await?;
    tracing::info!(shop = %shop.slug, accent = accent.as_str(), logo = logo.is_some(), "tile branding changed");
    Ok(Json(tile_json(&shop)))
}
