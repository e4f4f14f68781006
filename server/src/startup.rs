//! Builds the application, binds its listener and runs it until SIGINT or SIGTERM.

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::routes;

/// Binds `settings.listen`, prints the bound address on stdout and serves until a signal arrives.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listener = TcpListener::bind(settings.listen).await.with_context(|| {
        format!(
            "cannot bind {}: is another process using it?",
            settings.listen
        )
    })?;
    let address = listener.local_addr()?;
    announce(address)?;
    run(listener, settings, shutdown_signal()).await
}

/// Serves on an already bound listener until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = routes::app(&settings.sdk_dir);
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
