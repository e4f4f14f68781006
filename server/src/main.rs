//! `resolve-server`: parses the command line and hands over to [`resolve_server::startup`].

use clap::Parser;
use resolve_server::config::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    resolve_server::telemetry::init()?;
    match cli.command {
        Command::Serve(settings) => resolve_server::startup::serve(settings).await,
    }
}
