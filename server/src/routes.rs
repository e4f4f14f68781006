//! The HTTP surface of the service.

use std::path::Path;

use axum::{routing::get, Router};
use tower_http::services::ServeDir;

/// The whole application as a router, so tests can drive it in process or over a socket.
pub fn app(sdk_dir: &Path) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .nest_service("/sdk/latest", ServeDir::new(sdk_dir))
}

/// Liveness: answers once the service is up.
async fn healthz() -> &'static str {
    "ok"
}
