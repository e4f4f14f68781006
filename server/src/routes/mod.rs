//! The HTTP surface: routes, the layers around them, and the fallbacks that keep every error in
//! the API's error shape.

mod claims;
mod embed;
mod help_center;
mod integration;
mod sdk;
mod shops;
mod vocabulary;

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use bytes::Bytes;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// Largest JSON body the API reads.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application as a router, so tests can drive it in process or over a socket.
pub fn app(state: AppState) -> Router {
    let mut api = Router::new()
        .route("/v1/shops", post(shops::create).get(shops::list))
        .route("/v1/shops/{slug}/api-key", post(shops::replace_key))
        .route("/v1/shops/{slug}", get(shops::show).patch(shops::update))
        .route(
            "/v1/shops/{slug}/tile",
            put(shops::set_tile).get(shops::show_tile),
        )
        .route(
            "/v1/shops/{slug}/integrations/gorgias",
            put(integration::connect)
                .get(integration::show)
                .patch(integration::update)
                .delete(integration::disconnect),
        )
        .route(
            "/v1/shops/{slug}/integrations/gorgias/mapping",
            put(integration::set_mapping).get(integration::show_mapping),
        )
        .route(
            "/v1/shops/{slug}/help-center/urls",
            post(help_center::add).get(help_center::list),
        )
        .route(
            "/v1/shops/{slug}/help-center/urls/{id}",
            axum::routing::delete(help_center::remove),
        )
        .route(
            "/v1/shops/{slug}/help-center/urls/{id}/approve",
            post(help_center::approve),
        )
        .route(
            "/v1/shops/{slug}/claims",
            // Photos make this the one route with a large body; every other keeps the small limit.
            post(claims::submit)
                .layer(DefaultBodyLimit::max(crate::intake::CLAIM_BODY_LIMIT))
                .get(claims::list),
        )
        .route("/v1/shops/{slug}/claims/{id}", get(claims::show))
        .route("/v1/shops/{slug}/claims/{id}/retry", post(claims::retry))
        .route("/v1/embed/{slug}", get(embed::decide))
        .route("/v1/claims/vocabulary", get(vocabulary::show));
    if state.config.bench_routes {
        let body = state.embeds.show_body("bench-shop", "#1f6feb", None);
        api = api.route(
            "/v1/bench/constant",
            get(move || bench_constant(body.clone())),
        );
    }
    api.route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/sdk/latest/{file}", get(sdk::file))
        .merge(crate::www::portal_routes(crate::www::Pages::new(
            state.config.www_dir.clone(),
            crate::www::Placeholders {
                public_url: state.config.public_url.clone(),
                ..Default::default()
            },
        )))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    // The path only: query strings may carry page URLs with customer data.
                    tracing::info_span!("request", request_id = id, method = %request.method(), path = request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Ready once the database is migrated (the router only exists after that) and answers.
async fn healthz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => "ok".into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// `GET /metrics` for the operator: the Prometheus text, with claims by status read now.
async fn metrics(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    caller.require_operator()?;
    let claims = state.store.claims_by_status().await?;
    Ok((
        [(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)],
        state.metrics.encode(&claims),
    )
        .into_response())
}

async fn not_found() -> ApiError {
    ApiError::RouteNotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A constant JSON body as large as an embed answer: the floor the embed endpoint is measured against.
async fn bench_constant(body: Bytes) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=60"),
            (header::VARY, "Origin"),
        ],
        body,
    )
        .into_response()
}
