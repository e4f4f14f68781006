//! `GET /v1/embed/{slug}?url=PAGE`: may this page show the tile? Called by the widget on every
//! Help Center page view, answered from the in-memory snapshot without a database query.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::domain::Invalid;
use crate::error::ApiError;
use crate::state::AppState;
use crate::whitelist::Page;

/// Answers `{"show": true, ...}` or `{"show": false, "reason": ...}` with CORS for approved origins.
pub async fn decide(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let page_url = query
        .as_deref()
        .and_then(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "url")
                .map(|(_, value)| value)
        })
        .and_then(|raw| Page::parse(&raw))
        .ok_or_else(|| {
            ApiError::invalid(
                Invalid {
                    code: "invalid_url",
                    message: "pass the page's absolute address as ?url=ENCODED_PAGE_URL".into(),
                },
                "url",
            )
        })?;
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok());
    let decision = state.embeds.decide(&slug, &page_url, origin);
    state.metrics.embed_answer(decision.hidden.as_ref());
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
            (header::VARY, HeaderValue::from_static("Origin")),
        ],
        decision.body,
    )
        .into_response();
    if let Some(origin) = decision
        .allow_origin
        .and_then(|o| HeaderValue::from_str(&o).ok())
    {
        response
            .headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    Ok(response)
}
