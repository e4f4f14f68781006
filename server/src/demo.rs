//! Demo mode (`serve --demo`): the demo Help Center on its own origin, the demo finder and landing
//! page, and a demo shop that is connected, enabled and whitelisted before the address is printed.
//!
//! The demo shop is set up through the public API, in process, with the operator token: the demo
//! takes exactly the paths a merchant and the operator take, so it cannot drift from them.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::config::{Settings, DEFAULT_FINDER_BASE_URL};
use crate::secret::Secret;
use crate::www::{self, Pages, Placeholders};

/// The demo shop's slug.
pub const SHOP_SLUG: &str = "demo-shop";
const SHOP_NAME: &str = "Karla Coffee Co.";

/// The return-policy article in each demo locale: the pages that show the tile.
const WHITELISTED_PAGES: [&str; 3] = [
    "/en-US/return-policy-1001",
    "/de-DE/rueckgaberichtlinie-1001",
    "/fr-FR/politique-de-retour-1001",
];

/// The demo, between binding its listeners and serving them.
pub struct Demo {
    help_center: TcpListener,
    help_center_url: String,
    public_url: String,
}

/// Binds the Help Center listener and adjusts the settings for the demo: an operator token (made
/// up and printed when none is set), loopback Gorgias endpoints allowed, and the finder served by
/// this server unless `RESOLVE_FINDER_BASE_URL` names another one.
pub async fn prepare(settings: &mut Settings, address: SocketAddr) -> anyhow::Result<Demo> {
    let public_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    if settings.operator_token.is_none() {
        let token = crate::auth::new_merchant_key().replacen("rk_", "op_", 1);
        println!("demo operator token {token}");
        settings.operator_token = Some(Secret::new(token));
    }
    settings.gorgias_allow_insecure_loopback = true;
    if settings.finder_base_url == DEFAULT_FINDER_BASE_URL {
        settings.finder_base_url = public_url.clone();
    }
    let help_center = TcpListener::bind(settings.demo_options.help_center_listen)
        .await
        .with_context(|| {
            format!(
                "cannot bind the demo Help Center on {}: set RESOLVE_DEMO_HELP_CENTER_LISTEN to a free address",
                settings.demo_options.help_center_listen
            )
        })?;
    let help_center_url = format!("http://{}", help_center.local_addr()?);
    Ok(Demo {
        help_center,
        help_center_url,
        public_url,
    })
}

impl Demo {
    /// Sets up the demo shop through `app`, starts the Help Center, and returns `app` with the
    /// demo pages added. Prints one line per page to open.
    pub async fn start(self, settings: &Settings, app: Router) -> anyhow::Result<Router> {
        let token = settings
            .operator_token
            .as_ref()
            .map(|t| t.expose().to_owned())
            .unwrap_or_default();
        let operator = Operator {
            app: app.clone(),
            token,
        };
        let shop_key = set_up_shop(&operator, settings, &self.help_center_url).await?;

        let placeholders = Placeholders {
            public_url: self.public_url.clone(),
            shop_slug: SHOP_SLUG.to_owned(),
            standin_url: settings
                .demo_options
                .standin_url
                .clone()
                .unwrap_or_default(),
            help_center_url: format!("{}/en-US", self.help_center_url),
            demo_shop_key: shop_key,
        };
        let pages = Pages::new(settings.www_dir.clone(), placeholders.clone());
        let help_center = www::help_center_app(pages.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(self.help_center, help_center).await {
                tracing::error!(%error, "the demo Help Center stopped");
            }
        });

        println!(
            "demo help center on {}{}",
            self.help_center_url, WHITELISTED_PAGES[1]
        );
        println!("demo portal on {}/portal/", self.public_url);
        println!(
            "demo finder on {}/resolve/{SHOP_SLUG}/finder?lang=en",
            self.public_url
        );
        if !placeholders.standin_url.is_empty() {
            println!("demo gorgias tickets on {}", placeholders.standin_url);
        }
        Ok(app.merge(www::demo_routes(pages)))
    }
}

/// Creates (or finds) the demo shop, makes Gorgias available, connects and enables it when demo
/// credentials are given, and whitelists the return-policy pages. Returns the shop's key.
async fn set_up_shop(
    operator: &Operator,
    settings: &Settings,
    help_center_url: &str,
) -> anyhow::Result<String> {
    let key_file = settings.data_dir.join("demo-shop.key");
    let (status, shop) = operator
        .call(
            Method::POST,
            "/v1/shops",
            json!({"slug": SHOP_SLUG, "name": SHOP_NAME}),
        )
        .await?;
    let shop_key = match status {
        StatusCode::CREATED => {
            let key = shop["api_key"].as_str().unwrap_or_default().to_owned();
            write_private(&key_file, &key)?;
            key
        }
        StatusCode::CONFLICT => std::fs::read_to_string(&key_file)
            .map(|k| k.trim().to_owned())
            .unwrap_or_else(|_| {
                tracing::warn!(
                    "the demo shop exists but {} is missing: the demo finder cannot submit claims; start with an empty data directory",
                    key_file.display()
                );
                String::new()
            }),
        _ => bail!("cannot create the demo shop: {status} {shop}"),
    };
    operator
        .expect(
            Method::PATCH,
            &format!("/v1/shops/{SHOP_SLUG}"),
            json!({"gorgias_available": true}),
        )
        .await?;

    let demo = &settings.demo_options;
    if let (Some(endpoint), Some(email), Some(api_key)) = (
        &demo.gorgias_endpoint,
        &demo.gorgias_email,
        &demo.gorgias_api_key,
    ) {
        let integration = format!("/v1/shops/{SHOP_SLUG}/integrations/gorgias");
        operator
            .expect(
                Method::PUT,
                &integration,
                json!({"endpoint": endpoint, "email": email, "api_key": api_key.expose()}),
            )
            .await
            .context("cannot connect the demo shop to the demo Gorgias")?;
        operator
            .expect(Method::PATCH, &integration, json!({"enabled": true}))
            .await?;
        if !demo.custom_field_ids.is_empty() {
            let ids = &demo.custom_field_ids;
            let field = |i: usize| ids.get(i).copied().map_or(Value::Null, Value::from);
            operator
                .expect(
                    Method::PUT,
                    &format!("{integration}/mapping"),
                    json!({"custom_fields": {
                        "flow_type": field(0),
                        "resolution_preference": field(1),
                        "shipment_phase": field(2),
                    }}),
                )
                .await
                .context("cannot map the demo custom fields")?;
        }
    }

    let urls = format!("/v1/shops/{SHOP_SLUG}/help-center/urls");
    let (_, listed) = operator.call(Method::GET, &urls, Value::Null).await?;
    let known: Vec<&str> = listed["urls"]
        .as_array()
        .map(|urls| urls.iter().filter_map(|u| u["url"].as_str()).collect())
        .unwrap_or_default();
    for page in WHITELISTED_PAGES {
        let url = format!("{help_center_url}{page}");
        if !known.contains(&url.as_str()) {
            operator
                .expect(Method::POST, &urls, json!({"url": url}))
                .await?;
        }
    }
    Ok(shop_key)
}

/// Calls the API in process as the operator.
struct Operator {
    app: Router,
    token: String,
}

impl Operator {
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Value,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        let body = if body.is_null() {
            Body::empty()
        } else {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        };
        let response = self.app.clone().oneshot(request.body(body)?).await?;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await?;
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, json))
    }

    /// Like [`Operator::call`], but any answer other than a success is an error.
    async fn expect(&self, method: Method, path: &str, body: Value) -> anyhow::Result<Value> {
        let (status, json) = self.call(method.clone(), path, body).await?;
        if !status.is_success() {
            bail!("{method} {path} answered {status}: {json}");
        }
        Ok(json)
    }
}

/// Writes a secret file readable by its owner only.
fn write_private(path: &PathBuf, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}
