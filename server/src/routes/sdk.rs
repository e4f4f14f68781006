//! `/sdk/latest/{file}`: the SDK bundle and its Wasm, compressed, with strong ETags.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::sdk::Encoding;
use crate::state::AppState;

/// Serves one SDK file in the best coding the client accepts; 304 when its ETag is current.
pub async fn file(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let file = state
        .sdk
        .get(&name)
        .await
        .map_err(|error| {
            ApiError::Internal(
                anyhow::Error::new(error).context(format!("reading SDK file {name}")),
            )
        })?
        .ok_or(ApiError::RouteNotFound)?;
    let wanted = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(Encoding::negotiate)
        .unwrap_or(Encoding::Identity);
    let (encoding, bytes, etag) = file.variant(wanted);
    let mut response_headers = HeaderMap::new();
    response_headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    // `latest` moves with every deploy, so caches must check back soon.
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response_headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response_headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response_headers.insert(header::ETAG, value);
    }
    if let Some(coding) = encoding.header() {
        response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if not_modified {
        return Ok((StatusCode::NOT_MODIFIED, response_headers).into_response());
    }
    Ok((response_headers, bytes.clone()).into_response())
}
