//! `gorgias-standin`: starts a Gorgias stand-in, prints one line per listener, serves until
//! SIGINT or SIGTERM.

use clap::Parser;
use gorgias_standin::StandinConfig;
use std::net::IpAddr;
use std::path::PathBuf;

/// A local stand-in for the Gorgias REST API: each account on its own port.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// JSON file with accounts, users, custom fields and limits (see the crate README).
    /// Without it: demo account `acme`, admin `agent@acme.test` / `demo-key`.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The address every listener binds to.
    #[arg(long, default_value = "127.0.0.1")]
    listen_host: IpAddr,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli).await {
        eprintln!("gorgias-standin: {e}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> std::io::Result<()> {
    let config = match &cli.config {
        Some(path) => StandinConfig::from_file(path)?,
        None => StandinConfig::default(),
    };
    let standin = gorgias_standin::spawn_on(config, cli.listen_host).await?;
    println!("control on {}", standin.control_url());
    for name in standin.account_names() {
        if let Some(url) = standin.account_url(&name) {
            println!("account {name} on {url}");
        }
    }
    println!("unknown-account on {}", standin.unknown_account_url());
    stopped().await?;
    standin.shutdown();
    Ok(())
}

/// Resolves on SIGINT or SIGTERM.
async fn stopped() -> std::io::Result<()> {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result,
        _ = terminate.recv() => Ok(()),
    }
}
