//! What every request can reach: the store, the vault, the Gorgias client, the claim queue, the
//! embed snapshot and the settings in effect.

use std::path::PathBuf;
use std::sync::Arc;

use crate::embed::EmbedSnapshot;
use crate::gorgias::GorgiasClient;
use crate::metrics::Metrics;
use crate::queue::ClaimQueue;
use crate::sdk::SdkFiles;
use crate::secret::Secret;
use crate::store::Store;
use crate::vault::Vault;

/// The settings requests need, resolved at start (e.g. the public URL once the port is known).
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Bearer token of the operator; `None` disables the operator API.
    pub operator_token: Option<Secret>,
    /// Base of the finder URL, without a trailing slash.
    pub finder_base_url: String,
    /// Where browsers reach the SDK and the API.
    pub public_url: String,
    /// Whether loopback `http://` Gorgias endpoints are accepted.
    pub allow_insecure_loopback: bool,
    /// Folder of the static pages.
    pub www_dir: PathBuf,
    /// Whether the demo is on.
    pub demo: bool,
    /// Whether `/v1/bench/constant` exists.
    pub bench_routes: bool,
}

/// Shared state of the application; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Seals Gorgias API keys.
    pub vault: Arc<Vault>,
    /// Calls Gorgias.
    pub gorgias: GorgiasClient,
    /// Delivers claims to Gorgias in the background.
    pub queue: ClaimQueue,
    /// What the embed endpoint answers from, without touching the database.
    pub embeds: Arc<EmbedSnapshot>,
    /// The SDK files, compressed once.
    pub sdk: Arc<SdkFiles>,
    /// Settings in effect.
    pub config: Arc<AppConfig>,
    /// What `GET /metrics` shows; the Gorgias client and the queue count into the same one.
    pub metrics: Arc<Metrics>,
}
