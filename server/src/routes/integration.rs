//! `/v1/shops/{slug}/integrations/gorgias`: connecting Gorgias after a live check, the on/off
//! toggle, disconnecting, and the ticket mapping.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::domain::{AgentEmail, GorgiasApiKey, GorgiasEndpoint, Invalid};
use crate::error::{ApiError, ApiJson};
use crate::gorgias::Credentials;
use crate::state::AppState;
use crate::store::{Integration, NewIntegration, Shop};
use resolve_claims::Mapping;

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

/// The public view of an integration with the shop's claim counts: never the key, only its hint.
pub async fn integration_view(
    state: &AppState,
    integration: &Integration,
) -> Result<Json<Value>, ApiError> {
    let (queued, failed) = state.store.claim_counts(integration.shop_id).await?;
    Ok(Json(integration_json(integration, queued, failed)))
}

/// Waiting claims of the shop go back to the queue (the merchant reconnected or switched the
/// integration on).
pub async fn resume_claims(state: &AppState, shop_id: i64, slug: &str) -> Result<(), ApiError> {
    let resumed = state
        .store
        .resume_waiting(shop_id, crate::queue::now_ms())
        .await?;
    if resumed > 0 {
        tracing::info!(shop = slug, resumed, "waiting claims queued again");
        state.queue.wake();
    }
    Ok(())
}

/// The public view of an integration: never the key, only its hint. `queued` counts the shop's
/// queued and waiting claims, `failed` its failed ones.
pub fn integration_json(integration: &Integration, queued: i64, failed: i64) -> Value {
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
        "queued_claims": queued,
        "failed_claims": failed,
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
    // Every role may read the account; only the key's own user tells whether tickets can be made.
    let user = state.gorgias.current_user(&credentials).await?;
    if let Err(refusal) = crate::gorgias::may_create_tickets(&user.role) {
        tracing::info!(shop = %shop.slug, endpoint = %endpoint, role = user.role.name(), "gorgias key refused: read-only role");
        return Err(ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "gorgias_forbidden",
            refusal.to_string(),
            Some("email"),
        ));
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
                default_mapping: &stored_mapping(&Mapping::default()),
            },
        )
        .await?;
    tracing::info!(shop = %shop.slug, endpoint = %endpoint, "gorgias connected");
    resume_claims(&state, shop.id, &shop.slug).await?;
    integration_view(&state, &integration).await
}

/// `GET`: the integration, or 404 `not_connected`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, integration) = connected_shop(&state, &caller, &slug).await?;
    integration_view(&state, &integration).await
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
            if enabled && updated.is_some() {
                resume_claims(&state, shop.id, &shop.slug).await?;
            }
            updated
        }
        None => state.store.integration(shop.id).await?,
    };
    integration_view(&state, &integration.ok_or(ApiError::NotConnected)?).await
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
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Mapping>, ApiError> {
    let (shop, integration) = connected_shop(&state, &caller, &slug).await?;
    // The claims crate owns the mapping's rules, so what is saved here is exactly what the
    // delivery of a ticket reads back.
    let mapping = Mapping::parse(body.to_string().as_bytes()).map_err(|errors| {
        let first = errors.first();
        ApiError::Invalid {
            invalid: Invalid {
                code: "invalid_mapping",
                message: first.message.clone(),
            },
            field: first.field.clone(),
        }
    })?;
    check_custom_fields(&state, &integration, &mapping).await?;
    state
        .store
        .set_mapping(shop.id, &stored_mapping(&mapping))
        .await?
        .ok_or(ApiError::NotConnected)?;
    Ok(Json(mapping))
}

/// `GET .../mapping`: the mapping in effect.
pub async fn show_mapping(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Mapping>, ApiError> {
    let (_, integration) = connected_shop(&state, &caller, &slug).await?;
    // A stored mapping was checked when saved; should it ever be unreadable, the defaults apply,
    // as they do when tickets are made.
    Ok(Json(
        Mapping::parse(integration.mapping.as_bytes()).unwrap_or_default(),
    ))
}

/// Checks the mapping's custom field ids against the shop's Gorgias account
/// (`GET /api/custom-fields?object_type=Ticket`), so a typo is caught when the merchant saves it
/// rather than as refused tickets later. A mapping without custom fields needs no call. When
/// Gorgias cannot answer, the mapping is not saved: the merchant sees why and saves again.
async fn check_custom_fields(
    state: &AppState,
    integration: &Integration,
    mapping: &Mapping,
) -> Result<(), ApiError> {
    let wanted = [
        ("custom_fields.flow_type", mapping.custom_fields.flow_type),
        (
            "custom_fields.resolution_preference",
            mapping.custom_fields.resolution_preference,
        ),
        (
            "custom_fields.shipment_phase",
            mapping.custom_fields.shipment_phase,
        ),
    ]
    .map(|(field, id)| (field, id.map(std::num::NonZeroU64::get)));
    if wanted.iter().all(|(_, id)| id.is_none()) {
        return Ok(());
    }
    let api_key = state.vault.open(
        integration.shop_id,
        &crate::vault::Sealed {
            ciphertext: integration.api_key_ciphertext.clone(),
            nonce: integration.api_key_nonce.clone(),
        },
    )?;
    let endpoint = GorgiasEndpoint::parse(&integration.endpoint, true)
        .map_err(|e| ApiError::invalid(e, "endpoint"))?;
    let email = AgentEmail::parse(&integration.email).map_err(|e| ApiError::invalid(e, "email"))?;
    let api_key =
        GorgiasApiKey::parse(api_key.expose()).map_err(|e| ApiError::invalid(e, "api_key"))?;
    let credentials = Credentials {
        endpoint: &endpoint,
        email: &email,
        api_key: &api_key,
    };
    let fields = state.gorgias.ticket_fields(&credentials).await?;
    for (path, id) in wanted {
        if let Some(id) = id {
            if !fields.iter().any(|field| field.id == id) {
                let known: Vec<String> = fields
                    .iter()
                    .map(|f| match &f.label {
                        Some(label) => format!("{} ({label})", f.id),
                        None => f.id.to_string(),
                    })
                    .collect();
                return Err(ApiError::refused(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unknown_custom_field",
                    format!(
                        "Gorgias has no ticket field with id {id}; use one of: {}",
                        if known.is_empty() {
                            "none defined yet (create it in Gorgias Settings → Ticket fields)"
                                .to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                    Some(path),
                ));
            }
        }
    }
    Ok(())
}

/// The mapping as stored in the integration row.
fn stored_mapping(mapping: &Mapping) -> String {
    // Serialising plain structs of strings, booleans and numbers cannot fail.
    serde_json::to_string(mapping).unwrap_or_else(|_| "{}".to_owned())
}

/// The caller's shop and its Gorgias integration, or 404 `not_connected` when it has none.
async fn connected_shop(
    state: &AppState,
    caller: &Caller,
    slug: &str,
) -> Result<(Shop, Integration), ApiError> {
    let shop = caller.shop(state, slug).await?;
    let integration = state
        .store
        .integration(shop.id)
        .await?
        .ok_or(ApiError::NotConnected)?;
    Ok((shop, integration))
}
