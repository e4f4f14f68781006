//! `/v1/shops/{slug}/integrations/gorgias`: connecting Gorgias after a live check, the on/off
//! toggle, disconnecting, and the ticket mapping.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::domain::{AgentEmail, GorgiasApiKey, GorgiasEndpoint};
use crate::error::{ApiError, ApiJson};
use crate::gorgias::Credentials;
use crate::mapping::TicketMapping;
use crate::state::AppState;
use crate::store::{Integration, NewIntegration};

/// Body of `PUT .../integrations/gorgias`. No `Debug`: it holds the API key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connect {
    endpoint: String,
    email: String,
    api_key: String,
}

/// Body of `PATCH .../integrations/gorgias`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    enabled: Option<bool>,
}

/// The public view of an integration: never the key, only its hint.
pub fn integration_json(integration: &Integration) -> Value {
    let status = if integration.enabled {
        integration.status.as_str()
    } else {
        "disabled"
    };
    let last_error = integration
        .last_error
        .as_deref()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .unwrap_or(Value::Null);
    json!({
        "endpoint": integration.endpoint,
        "email": integration.email,
        "api_key_hint": integration.api_key_hint,
        "enabled": integration.enabled,
        "status": status,
        "last_checked_at": integration.last_checked_at,
        "last_error": last_error,
        "last_ticket_at": integration.last_ticket_at,
        // Claim counts arrive with the claim queue.
        "queued_claims": 0,
        "failed_claims": 0,
    })
}

/// `PUT`: validates, checks the credentials against Gorgias, and only then stores them.
pub async fn connect(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<Connect>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    if !shop.gorgias_available {
        return Err(ApiError::GorgiasNotAvailable);
    }
    let endpoint = GorgiasEndpoint::parse(&body.endpoint, state.config.allow_insecure_loopback)
        .map_err(|e| ApiError::invalid(e, "endpoint"))?;
    let email = AgentEmail::parse(&body.email).map_err(|e| ApiError::invalid(e, "email"))?;
    let api_key =
        GorgiasApiKey::parse(&body.api_key).map_err(|e| ApiError::invalid(e, "api_key"))?;
    let credentials = Credentials {
        endpoint: &endpoint,
        email: &email,
        api_key: &api_key,
    };
    if let Err(error) = state.gorgias.check_account(&credentials).await {
        tracing::info!(shop = %shop.slug, endpoint = %endpoint, code = error.code(), "gorgias credentials refused");
        return Err(error.into());
    }
    let sealed = state.vault.seal(shop.id, api_key.expose())?;
    let hint = api_key.hint();
    let integration = state
        .store
        .save_integration(
            shop.id,
            &NewIntegration {
                endpoint: endpoint.as_str(),
                email: email.as_str(),
                api_key_ciphertext: &sealed.ciphertext,
                api_key_nonce: &sealed.nonce,
                api_key_hint: &hint,
                default_mapping: &TicketMapping::default().to_json(),
            },
        )
        .await?;
    tracing::info!(shop = %shop.slug, endpoint = %endpoint, "gorgias connected");
    Ok(Json(integration_json(&integration)))
}

/// `GET`: the integration, or 404 `not_connected`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let integration = state
        .store
        .integration(shop.id)
        .await?
        .ok_or(ApiError::NotConnected)?;
    Ok(Json(integration_json(&integration)))
}

/// `PATCH`: the on/off toggle. Claims wait while it is off.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<Toggle>,
) -> Result<Json<Value>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let integration = match body.enabled {
        Some(enabled) => {
            let updated = state
                .store
                .set_integration_enabled(shop.id, enabled)
                .await?;
            tracing::info!(shop = %shop.slug, enabled, "gorgias toggled");
            updated
        }
        None => state.store.integration(shop.id).await?,
    };
    Ok(Json(integration_json(
        &integration.ok_or(ApiError::NotConnected)?,
    )))
}

/// `DELETE`: forgets the integration and its sealed key.
pub async fn disconnect(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    if !state.store.delete_integration(shop.id).await? {
        return Err(ApiError::NotConnected);
    }
    tracing::info!(shop = %shop.slug, "gorgias disconnected");
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT .../mapping`: replaces the mapping; omitted parts take their defaults.
pub async fn set_mapping(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(mapping): ApiJson<TicketMapping>,
) -> Result<Json<TicketMapping>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let integration = state
        .store
        .integration(shop.id)
        .await?
        .ok_or(ApiError::NotConnected)?;
    mapping
        .validate()
        .map_err(|(invalid, field)| ApiError::Invalid {
            invalid,
            field: Some(field),
        })?;
    check_custom_fields(&state, &integration, &mapping).await?;
    state
        .store
        .set_mapping(shop.id, &mapping.to_json())
        .await?
        .ok_or(ApiError::NotConnected)?;
    Ok(Json(mapping))
}

/// `GET .../mapping`: the mapping in effect.
pub async fn show_mapping(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<TicketMapping>, ApiError> {
    let shop = caller.shop(&state, &slug).await?;
    let integration = state
        .store
        .integration(shop.id)
        .await?
        .ok_or(ApiError::NotConnected)?;
    Ok(Json(TicketMapping::from_json(&integration.mapping)))
}

/// Where the custom field ids of a mapping will be checked against the shop's Gorgias account
/// (`GET /api/custom-fields?object_type=Ticket`), once the client can list them. Until then every
/// id is accepted as given.
async fn check_custom_fields(
    _state: &AppState,
    _integration: &Integration,
    _mapping: &TicketMapping,
) -> Result<(), ApiError> {
    Ok(())
}
