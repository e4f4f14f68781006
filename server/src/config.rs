//! The command line of `resolve-server`; every flag also reads an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

// `1`, `true`, `yes`, `on` turn a switch on from the environment, as api.md documents `=1`.
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};

use crate::secret::Secret;

/// The `resolve-server` command line.
#[derive(Debug, Parser)]
#[command(
    name = "resolve-server",
    version,
    about = "Resolve for Gorgias: Help Center tile and claims to Gorgias tickets"
)]
pub struct Cli {
    /// The subcommand to run.
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

    /// Folder holding the static pages (demo Help Center, demo finder, merchant portal).
    #[arg(long, env = "RESOLVE_WWW_DIR", default_value = "www")]
    pub www_dir: PathBuf,

    /// Run with the demo pages and demo data.
    #[arg(long, env = "RESOLVE_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,

    /// Bearer token of the operator; without it the operator API is disabled.
    #[arg(long, env = "RESOLVE_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<Secret>,

    /// Key that encrypts Gorgias API keys at rest: 32 bytes as hex or base64. Generated once into
    /// `{data-dir}/secret.key` when absent.
    #[arg(long, env = "RESOLVE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<Secret>,

    /// Base of the claim finder: the tile links to `{base}/resolve/{slug}/finder`.
    #[arg(
        long,
        env = "RESOLVE_FINDER_BASE_URL",
        default_value = DEFAULT_FINDER_BASE_URL
    )]
    pub finder_base_url: String,

    /// Where browsers reach the SDK and the API; defaults to `http://{listen}` once bound.
    #[arg(long, env = "RESOLVE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Also accept `http://127.0.0.1:PORT` / `http://localhost:PORT` Gorgias endpoints (tests, demo).
    #[arg(long, env = "RESOLVE_GORGIAS_ALLOW_INSECURE_LOOPBACK", value_parser = BoolishValueParser::new())]
    pub gorgias_allow_insecure_loopback: bool,

    /// Adds `GET /v1/bench/constant`, a constant answer to compare the embed endpoint against.
    #[arg(long, env = "RESOLVE_BENCH_ROUTES", value_parser = BoolishValueParser::new())]
    pub bench_routes: bool,

    /// What `--demo` sets up; ignored without it.
    #[command(flatten)]
    pub demo_options: DemoOptions,

    /// How claims are delivered to Gorgias: timeouts, pacing, retries, workers.
    #[command(flatten)]
    pub delivery: DeliveryOptions,
}

/// How the claim queue talks to Gorgias. The defaults suit production; tests shorten the times.
#[derive(Debug, Clone, Args)]
pub struct DeliveryOptions {
    /// Timeout of one Gorgias request, in milliseconds.
    #[arg(
        long = "gorgias-timeout-ms",
        env = "RESOLVE_GORGIAS_TIMEOUT_MS",
        default_value_t = 15_000
    )]
    pub gorgias_timeout_ms: u64,

    /// Requests one Gorgias account allows per window (Gorgias: 40 for API keys).
    #[arg(
        long = "gorgias-rate-limit",
        env = "RESOLVE_GORGIAS_RATE_LIMIT",
        default_value_t = 40
    )]
    pub rate_limit: u32,

    /// The window of that limit, in milliseconds (Gorgias: 20 000).
    #[arg(
        long = "gorgias-rate-window-ms",
        env = "RESOLVE_GORGIAS_RATE_WINDOW_MS",
        default_value_t = 20_000
    )]
    pub rate_window_ms: u64,

    /// First retry delay after a failed delivery, in milliseconds; it doubles per attempt.
    #[arg(
        long = "retry-base-ms",
        env = "RESOLVE_RETRY_BASE_MS",
        default_value_t = 2_000
    )]
    pub retry_base_ms: u64,

    /// Longest retry delay, in milliseconds.
    #[arg(
        long = "retry-cap-ms",
        env = "RESOLVE_RETRY_CAP_MS",
        default_value_t = 600_000
    )]
    pub retry_cap_ms: u64,

    /// Attempts before a claim that keeps failing for passing reasons is marked `failed`.
    #[arg(
        long = "max-attempts",
        env = "RESOLVE_MAX_ATTEMPTS",
        default_value_t = 30
    )]
    pub max_attempts: u32,

    /// Claims delivered at the same time.
    #[arg(
        long = "queue-workers",
        env = "RESOLVE_QUEUE_WORKERS",
        default_value_t = 8
    )]
    pub workers: usize,

    /// How long a worker holds a claim before another may take it over, in milliseconds.
    #[arg(
        long = "queue-lease-ms",
        env = "RESOLVE_QUEUE_LEASE_MS",
        default_value_t = 120_000
    )]
    pub lease_ms: u64,
}

impl Default for DeliveryOptions {
    fn default() -> Self {
        Self {
            gorgias_timeout_ms: 15_000,
            rate_limit: 40,
            rate_window_ms: 20_000,
            retry_base_ms: 2_000,
            retry_cap_ms: 600_000,
            max_attempts: 30,
            workers: 8,
            lease_ms: 120_000,
        }
    }
}

/// The finder Resolve runs; the tile links to `{base}/resolve/{slug}/finder`.
pub const DEFAULT_FINDER_BASE_URL: &str = "https://app.gokarla.io";

/// Settings of the demo (`--demo`): where its Help Center listens and which Gorgias the demo shop
/// connects to (the in-repo stand-in, started by `npm start`).
#[derive(Debug, Clone, Args)]
pub struct DemoOptions {
    /// Address of the demo Help Center, a separate origin as a real Help Center is.
    #[arg(
        long = "demo-help-center-listen",
        env = "RESOLVE_DEMO_HELP_CENTER_LISTEN",
        default_value = "127.0.0.1:8081"
    )]
    pub help_center_listen: SocketAddr,

    /// Gorgias endpoint the demo shop connects to, e.g. the stand-in's `http://127.0.0.1:PORT`.
    #[arg(long = "demo-gorgias-endpoint", env = "RESOLVE_DEMO_GORGIAS_ENDPOINT")]
    pub gorgias_endpoint: Option<String>,

    /// Agent email for the demo connection.
    #[arg(long = "demo-gorgias-email", env = "RESOLVE_DEMO_GORGIAS_EMAIL")]
    pub gorgias_email: Option<String>,

    /// REST API key for the demo connection.
    #[arg(
        long = "demo-gorgias-api-key",
        env = "RESOLVE_DEMO_GORGIAS_API_KEY",
        hide_env_values = true
    )]
    pub gorgias_api_key: Option<Secret>,

    /// Gorgias ticket custom field ids that receive flow type, resolution preference and shipment
    /// phase, comma-separated.
    #[arg(
        long = "demo-custom-fields",
        env = "RESOLVE_DEMO_CUSTOM_FIELDS",
        value_delimiter = ','
    )]
    pub custom_field_ids: Vec<u64>,

    /// Link to the Gorgias stand-in's tickets page, shown on the demo pages.
    #[arg(long = "demo-standin-url", env = "RESOLVE_DEMO_STANDIN_URL")]
    pub standin_url: Option<String>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            help_center_listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            gorgias_endpoint: None,
            gorgias_email: None,
            gorgias_api_key: None,
            custom_field_ids: Vec::new(),
            standin_url: None,
        }
    }
}

impl Settings {
    /// Settings with every default, rooted in `data_dir`; what tests start from.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            database_url: None,
            sdk_dir: PathBuf::from("dist"),
            www_dir: PathBuf::from("www"),
            demo: false,
            operator_token: None,
            secret_key: None,
            finder_base_url: DEFAULT_FINDER_BASE_URL.to_owned(),
            public_url: None,
            gorgias_allow_insecure_loopback: false,
            bench_routes: false,
            demo_options: DemoOptions::default(),
            delivery: DeliveryOptions::default(),
        }
    }

    /// The database URL in effect: the flag, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("resolve.db").display()),
        }
    }
}
