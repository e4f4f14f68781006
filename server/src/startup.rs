//! Builds the application, binds its listener and runs it until SIGINT or SIGTERM.

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::delivery::Courier;
use crate::demo;
use crate::embed::EmbedSnapshot;
use crate::gorgias::GorgiasClient;
use crate::metrics::Metrics;
use crate::pacing::Pacing;
use crate::queue::ClaimQueue;
use crate::routes;
use crate::sdk::SdkFiles;
use crate::state::{AppConfig, AppState};
use crate::store::Store;
use crate::vault::Vault;

/// Binds `settings.listen`, prepares the database, prints the bound address on stdout and serves
/// until a signal arrives.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listener = TcpListener::bind(settings.listen).await.with_context(|| {
        format!(
            "cannot bind {}: is another process using it?",
            settings.listen
        )
    })?;
    let address = listener.local_addr()?;
    let mut settings = settings;
    let demo = match settings.demo {
        true => Some(demo::prepare(&mut settings, address).await?),
        false => None,
    };
    let state = build_state(&settings, address).await?;
    let queue = state.queue.clone();
    let mut app = routes::app(state);
    if let Some(demo) = demo {
        app = demo.start(&settings, app).await?;
    }
    announce(address)?;
    let served = serve_app(listener, app, shutdown_signal()).await;
    // Workers finish the delivery they are in, so a stop never leaves a claim half-recorded.
    queue.stop().await;
    served
}

/// Opens and migrates the database, loads the secret key, builds the embed snapshot and starts
/// the claim queue's workers.
/// `address` is where the listener is bound, the default public URL.
pub async fn build_state(settings: &Settings, address: SocketAddr) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&settings.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            settings.data_dir.display()
        )
    })?;
    let store = Store::open(&settings.database_url()).await?;
    let vault = Vault::load(settings.secret_key.as_ref(), &settings.data_dir)?;
    let finder_base_url = settings.finder_base_url.trim_end_matches('/').to_owned();
    url::Url::parse(&finder_base_url).with_context(|| {
        format!("RESOLVE_FINDER_BASE_URL {finder_base_url:?} is not an absolute URL such as https://app.gokarla.io")
    })?;
    let embeds = EmbedSnapshot::new(&finder_base_url);
    embeds
        .rebuild(&store)
        .await
        .context("cannot load the shops")?;
    let config = AppConfig {
        operator_token: settings
            .operator_token
            .clone()
            .filter(|t| !t.expose().is_empty()),
        finder_base_url,
        public_url: settings
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}")),
        allow_insecure_loopback: settings.gorgias_allow_insecure_loopback,
        www_dir: settings.www_dir.clone(),
        demo: settings.demo,
        bench_routes: settings.bench_routes,
    };
    if config.operator_token.is_none() {
        tracing::warn!("RESOLVE_OPERATOR_TOKEN is not set: the operator API is disabled");
    }
    let delivery = &settings.delivery;
    let pacing = Arc::new(Pacing::new(
        delivery.rate_limit,
        Duration::from_millis(delivery.rate_window_ms),
    ));
    let metrics = Arc::new(Metrics::new());
    let gorgias = GorgiasClient::new(
        Duration::from_millis(delivery.gorgias_timeout_ms),
        pacing,
        metrics.clone(),
    )?;
    let vault = Arc::new(vault);
    let queue = ClaimQueue::start(
        Courier {
            store: store.clone(),
            vault: vault.clone(),
            gorgias: gorgias.clone(),
        },
        delivery,
    );
    Ok(AppState {
        store,
        vault,
        gorgias,
        queue,
        embeds: Arc::new(embeds),
        sdk: Arc::new(SdkFiles::new(&settings.sdk_dir)),
        config: Arc::new(config),
        metrics,
    })
}

/// Serves on an already bound listener until `shutdown` completes, then finishes open requests.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let queue = state.queue.clone();
    let served = serve_app(listener, routes::app(state), shutdown).await;
    queue.stop().await;
    served
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes open requests.
async fn serve_app(
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server stopped with an error")
}

/// Prints the address line that scripts and tests wait for, and flushes it at once.
fn announce(address: SocketAddr) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on http://{address}")?;
    stdout.flush()?;
    tracing::info!(%address, "listening");
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
