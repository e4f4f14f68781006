//! The command line of `resolve-server`; every flag also reads an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The `resolve-server` command line.
#[derive(Debug, Parser)]
#[command(
    name = "resolve-server",
    version,
    about = "Resolve for Gorgias: Help Center tile and claims to Gorgias tickets"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What `resolve-server` can do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service.
    Serve(Settings),
}

/// Everything `serve` needs to run.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to bind; port 0 picks a free port, printed as `listening on http://ADDR`.
    #[arg(long, env = "RESOLVE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Folder for the SQLite file, stored claim files and generated secrets.
    #[arg(long, env = "RESOLVE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Database URL; defaults to `sqlite://{data-dir}/resolve.db`.
    #[arg(long, env = "RESOLVE_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Folder holding the built SDK (`bundle.min.js` and its Wasm), served under `/sdk/latest/`.
    #[arg(long, env = "RESOLVE_SDK_DIR", default_value = "dist")]
    pub sdk_dir: PathBuf,

    /// Run with the demo pages and demo data.
    #[arg(long)]
    pub demo: bool,
}
