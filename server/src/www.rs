//! The static pages of `www/`: the merchant portal, and in demo mode the landing page, the demo
//! claim finder and the demo Help Center (on its own origin).
//!
//! Pages are read from disk on each request: they are few, small and off the hot path, and a page
//! edited during a demo shows at the next reload. `.html` files get the placeholders of
//! `www/README.md` replaced; nothing else is rewritten.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::Path as UrlPath;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Values substituted into the `.html` pages.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    /// Where browsers reach the API and the SDK (`__RESOLVE_PUBLIC_URL__`).
    pub public_url: String,
    /// The demo shop's slug (`__SHOP_SLUG__`).
    pub shop_slug: String,
    /// The Gorgias stand-in's tickets page (`__STANDIN_URL__`), empty outside the demo.
    pub standin_url: String,
    /// The demo Help Center's home (`__HELP_CENTER_URL__`), empty outside the demo.
    pub help_center_url: String,
    /// The demo shop's merchant key, handed to the demo finder only (`__DEMO_SHOP_KEY__`).
    pub demo_shop_key: String,
}

impl Placeholders {
    /// The page with every placeholder replaced.
    fn fill(&self, page: &str) -> String {
        page.replace("__RESOLVE_PUBLIC_URL__", &self.public_url)
            .replace("__SHOP_SLUG__", &self.shop_slug)
            .replace("__STANDIN_URL__", &self.standin_url)
            .replace("__HELP_CENTER_URL__", &self.help_center_url)
            .replace("__DEMO_SHOP_KEY__", &self.demo_shop_key)
    }
}

/// What the page routes need: the `www/` folder and the values for its placeholders.
#[derive(Debug, Clone)]
pub struct Pages {
    root: PathBuf,
    placeholders: Arc<Placeholders>,
}

impl Pages {
    /// Pages served from `root` with `placeholders` filled in.
    pub fn new(root: impl Into<PathBuf>, placeholders: Placeholders) -> Self {
        Pages {
            root: root.into(),
            placeholders: Arc::new(placeholders),
        }
    }

    /// Reads `relative` under the www folder and answers it with its content type.
    async fn answer(&self, relative: &Path) -> Response {
        self.answer_with(relative, &self.placeholders).await
    }

    async fn answer_with(&self, relative: &Path, placeholders: &Placeholders) -> Response {
        let path = self.root.join(relative);
        let Ok(bytes) = tokio::fs::read(&path).await else {
            return (StatusCode::NOT_FOUND, "page not found").into_response();
        };
        let content_type = content_type(&path);
        let body = if content_type.starts_with("text/html") {
            placeholders
                .fill(&String::from_utf8_lossy(&bytes))
                .into_bytes()
        } else {
            bytes
        };
        (
            [
                (header::CONTENT_TYPE, content_type),
                // Pages carry per-run values (the demo key, ports): never reuse a stale copy.
                (header::CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response()
    }
}

/// The portal under `/portal/`, served in every mode: it is how merchants and the operator
/// manage the service.
pub fn portal_routes<S: Clone + Send + Sync + 'static>(pages: Pages) -> Router<S> {
    Router::new()
        .route(
            "/portal",
            get(|| async { axum::response::Redirect::permanent("/portal/") }),
        )
        .route("/portal/", get(portal_index))
        .route("/portal/{file}", get(portal_file))
        .layer(axum::Extension(pages))
}

/// The demo's landing page and claim finder, on the server's own origin.
pub fn demo_routes(pages: Pages) -> Router {
    Router::new()
        .route("/", get(landing))
        .route("/resolve/{slug}/finder", get(finder))
        .route("/finder/{file}", get(finder_file))
        .layer(axum::Extension(pages))
}

/// The demo Help Center, the root of its own origin: its three assets as files, `index.html` for
/// every other path (the app routes on the client, as a Gorgias Help Center does).
pub fn help_center_app(pages: Pages) -> Router {
    Router::new().fallback(get(move |uri: axum::http::Uri| {
        let pages = pages.clone();
        async move {
            let file = match uri.path() {
                "/app.js" => "app.js",
                "/articles.js" => "articles.js",
                "/style.css" => "style.css",
                _ => "index.html",
            };
            pages.answer(&Path::new("help-center").join(file)).await
        }
    }))
}

async fn portal_index(axum::Extension(pages): axum::Extension<Pages>) -> Response {
    pages.answer(Path::new("portal/index.html")).await
}

async fn portal_file(
    axum::Extension(pages): axum::Extension<Pages>,
    UrlPath(file): UrlPath<String>,
) -> Response {
    match safe_file_name(&file) {
        Some(file) => pages.answer(&Path::new("portal").join(file)).await,
        None => (StatusCode::NOT_FOUND, "page not found").into_response(),
    }
}

async fn landing(axum::Extension(pages): axum::Extension<Pages>) -> Response {
    pages.answer(Path::new("index.html")).await
}

async fn finder(
    axum::Extension(pages): axum::Extension<Pages>,
    UrlPath(slug): UrlPath<String>,
) -> Response {
    // The finder serves any shop's path, but only the demo shop's page carries a key.
    let mut placeholders = (*pages.placeholders).clone();
    if slug != placeholders.shop_slug {
        placeholders.demo_shop_key.clear();
        placeholders.shop_slug = slug;
    }
    pages
        .answer_with(Path::new("finder/index.html"), &placeholders)
        .await
}

async fn finder_file(
    axum::Extension(pages): axum::Extension<Pages>,
    UrlPath(file): UrlPath<String>,
) -> Response {
    match safe_file_name(&file) {
        Some(file) => pages.answer(&Path::new("finder").join(file)).await,
        None => (StatusCode::NOT_FOUND, "page not found").into_response(),
    }
}

/// A plain file name (no separators, no `..`), so a request cannot leave the folder.
fn safe_file_name(name: &str) -> Option<&str> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    plain.then_some(name)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_served() {
        assert_eq!(safe_file_name("portal.js"), Some("portal.js"));
        assert_eq!(safe_file_name("../secret.key"), None);
        assert_eq!(safe_file_name(".env"), None);
        assert_eq!(safe_file_name("a/b.js"), None);
        assert_eq!(safe_file_name(""), None);
    }

    #[test]
    fn every_placeholder_is_replaced() {
        let placeholders = Placeholders {
            public_url: "http://127.0.0.1:1".into(),
            shop_slug: "demo-shop".into(),
            standin_url: "http://127.0.0.1:2".into(),
            help_center_url: "http://127.0.0.1:3/en-US".into(),
            demo_shop_key: "rk_x".into(),
        };
        let page = "__RESOLVE_PUBLIC_URL__ __SHOP_SLUG__ __STANDIN_URL__ __HELP_CENTER_URL__ __DEMO_SHOP_KEY__";
        assert_eq!(
            placeholders.fill(page),
            "http://127.0.0.1:1 demo-shop http://127.0.0.1:2 http://127.0.0.1:3/en-US rk_x"
        );
    }
}
