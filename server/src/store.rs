//! All database access. Plain SQL with `$N` placeholders, `RETURNING` and no SQLite-only features
//! in the interface, so a PostgreSQL implementation can sit behind the same methods.
//!
//! Times are stored as RFC 3339 text in UTC (queue due times as milliseconds since the epoch);
//! JSON documents (mapping, last error) as text. Claims and the queue live in [`claims`].

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{FromRow, SqlitePool};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

mod claims;

pub use claims::{
    ClaimListed, ClaimRecord, LeasedClaim, ListCursor, NewClaim, NewClaimFile, Requeue, StoredFile,
    Upload, CLAIM_STATUSES,
};

/// What can go wrong in the store, as far as callers need to tell apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value (slug, whitelist URL) already exists.
    #[error("the value already exists")]
    Conflict,
    /// Anything else: the database is unavailable or broken.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

fn conflict_or(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        _ => StoreError::Database(error),
    }
}

/// The current time as stored: RFC 3339, UTC, whole seconds.
pub fn now() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// A shop row.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Shop {
    /// Internal id; never shown.
    pub id: i64,
    /// Public identifier, in URLs and the script tag.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Whether the operator allowed this shop to connect Gorgias.
    pub gorgias_available: bool,
    /// Tile colour, `#rrggbb`.
    pub tile_accent_color: String,
    /// Optional logo shown on the tile.
    pub tile_logo_url: Option<String>,
    /// When the shop was created.
    pub created_at: String,
}

/// A Gorgias integration row; the API key stays sealed.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Integration {
    /// The shop it belongs to.
    pub shop_id: i64,
    /// Normalised Gorgias base URL.
    pub endpoint: String,
    /// Agent email used for HTTP Basic.
    pub email: String,
    /// Sealed API key.
    pub api_key_ciphertext: Vec<u8>,
    /// Nonce of the sealed API key.
    pub api_key_nonce: Vec<u8>,
    /// `…` and the key's last four characters.
    pub api_key_hint: String,
    /// The merchant's on/off toggle.
    pub enabled: bool,
    /// Outcome of the last check: `connected`, `auth_failed`, `forbidden`, `unreachable`.
    pub status: String,
    /// When the credentials were last checked.
    pub last_checked_at: Option<String>,
    /// `{"code","message","at"}` of the last failure, as JSON text.
    pub last_error: Option<String>,
    /// When the last ticket was created.
    pub last_ticket_at: Option<String>,
    /// Tag and custom field mapping, as JSON text.
    pub mapping: String,
}

/// The values a successful connection stores.
#[derive(Debug, Clone)]
pub struct NewIntegration<'a> {
    /// Normalised Gorgias base URL.
    pub endpoint: &'a str,
    /// Agent email.
    pub email: &'a str,
    /// Sealed API key.
    pub api_key_ciphertext: &'a [u8],
    /// Its nonce.
    pub api_key_nonce: &'a [u8],
    /// Its hint.
    pub api_key_hint: &'a str,
    /// Mapping used when the shop had none yet, as JSON text.
    pub default_mapping: &'a str,
}

/// A Help Center whitelist row.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct HelpCenterUrl {
    /// Id within the whole service.
    pub id: i64,
    /// The URL as submitted.
    pub url: String,
    /// `pending` or `approved`.
    pub status: String,
}

/// What the embed endpoint needs of one shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopEmbed {
    /// The shop's slug.
    pub slug: String,
    /// Tile colour.
    pub tile_accent_color: String,
    /// Tile logo.
    pub tile_logo_url: Option<String>,
    /// Approved whitelist URLs.
    pub approved_urls: Vec<String>,
}

/// One row of the embed query: shop id, slug, accent colour, logo URL, one approved URL.
type EmbedRow = (i64, String, String, Option<String>, Option<String>);

/// The database, behind a connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

const SHOP_COLUMNS: &str =
    "id, slug, name, gorgias_available, tile_accent_color, tile_logo_url, created_at";
const INTEGRATION_COLUMNS: &str = "shop_id, endpoint, email, api_key_ciphertext, api_key_nonce, \
     api_key_hint, enabled, status, last_checked_at, last_error, last_ticket_at, mapping";

impl Store {
    /// Opens (creating if needed) the database at `url` and applies every pending migration.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("the database URL {url:?} is not a valid sqlite:// URL"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {url}"))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("cannot apply the database migrations")?;
        Ok(Self { pool })
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Creates a shop with its first merchant key (given as its hash).
    pub async fn create_shop(
        &self,
        slug: &str,
        name: &str,
        key_hash: &str,
    ) -> Result<Shop, StoreError> {
        let now = now();
        let mut tx = self.pool.begin().await?;
        let shop: Shop = sqlx::query_as(&format!(
            "INSERT INTO shops (slug, name, created_at) VALUES ($1, $2, $3) RETURNING {SHOP_COLUMNS}"
        ))
        .bind(slug)
        .bind(name)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        .map_err(conflict_or)?;
        sqlx::query(
            "INSERT INTO merchant_keys (shop_id, key_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(shop.id)
        .bind(key_hash)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(shop)
    }

    /// The shop with `slug`.
    pub async fn shop_by_slug(&self, slug: &str) -> Result<Option<Shop>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {SHOP_COLUMNS} FROM shops WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The shop with internal id `id`.
    pub async fn shop_by_id(&self, id: i64) -> Result<Option<Shop>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {SHOP_COLUMNS} FROM shops WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The shop owning the (unrevoked) merchant key with `key_hash`.
    pub async fn shop_by_key_hash(&self, key_hash: &str) -> Result<Option<Shop>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.slug, s.name, s.gorgias_available, s.tile_accent_color, s.tile_logo_url, s.created_at \
             FROM merchant_keys k JOIN shops s ON s.id = k.shop_id \
             WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
        )
        .bind(key_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every shop, by slug.
    pub async fn shops(&self) -> Result<Vec<Shop>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {SHOP_COLUMNS} FROM shops ORDER BY slug"))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Revokes the shop's merchant keys and stores a new one, in one transaction: from the commit
    /// on, only the new key works.
    pub async fn replace_merchant_key(
        &self,
        shop_id: i64,
        key_hash: &str,
    ) -> Result<(), StoreError> {
        let now = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE merchant_keys SET revoked_at = $1 WHERE shop_id = $2 AND revoked_at IS NULL",
        )
        .bind(&now)
        .bind(shop_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO merchant_keys (shop_id, key_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(shop_id)
        .bind(key_hash)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets whether the shop may connect Gorgias; returns the updated shop.
    pub async fn set_gorgias_available(
        &self,
        shop_id: i64,
        available: bool,
    ) -> Result<Shop, StoreError> {
        Ok(sqlx::query_as(&format!(
            "UPDATE shops SET gorgias_available = $1 WHERE id = $2 RETURNING {SHOP_COLUMNS}"
        ))
        .bind(available)
        .bind(shop_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Sets the tile's branding: accent colour (`#rrggbb`) and logo address.
    pub async fn set_tile(
        &self,
        shop_id: i64,
        accent_color: &str,
        logo_url: Option<&str>,
    ) -> Result<Shop, StoreError> {
        Ok(sqlx::query_as(&format!(
            "UPDATE shops SET tile_accent_color = $1, tile_logo_url = $2 WHERE id = $3 RETURNING {SHOP_COLUMNS}"
        ))
        .bind(accent_color)
        .bind(logo_url)
        .bind(shop_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The shop's Gorgias integration.
    pub async fn integration(&self, shop_id: i64) -> Result<Option<Integration>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {INTEGRATION_COLUMNS} FROM gorgias_integrations WHERE shop_id = $1"
        ))
        .bind(shop_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Stores checked credentials: the integration is connected and enabled, without a last error.
    /// An existing mapping and last ticket time are kept.
    pub async fn save_integration(
        &self,
        shop_id: i64,
        new: &NewIntegration<'_>,
    ) -> Result<Integration, StoreError> {
        let now = now();
        Ok(sqlx::query_as(&format!(
            "INSERT INTO gorgias_integrations \
               (shop_id, endpoint, email, api_key_ciphertext, api_key_nonce, api_key_hint, enabled, \
                status, last_checked_at, last_error, mapping, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, 'connected', $7, NULL, $8, $7) \
             ON CONFLICT (shop_id) DO UPDATE SET \
               endpoint = excluded.endpoint, email = excluded.email, \
               api_key_ciphertext = excluded.api_key_ciphertext, api_key_nonce = excluded.api_key_nonce, \
               api_key_hint = excluded.api_key_hint, enabled = TRUE, status = 'connected', \
               last_checked_at = excluded.last_checked_at, last_error = NULL, updated_at = excluded.updated_at \
             RETURNING {INTEGRATION_COLUMNS}"
        ))
        .bind(shop_id)
        .bind(new.endpoint)
        .bind(new.email)
        .bind(new.api_key_ciphertext)
        .bind(new.api_key_nonce)
        .bind(new.api_key_hint)
        .bind(&now)
        .bind(new.default_mapping)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Turns the integration on or off; `None` when the shop has none.
    pub async fn set_integration_enabled(
        &self,
        shop_id: i64,
        enabled: bool,
    ) -> Result<Option<Integration>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "UPDATE gorgias_integrations SET enabled = $1, updated_at = $2 WHERE shop_id = $3 \
             RETURNING {INTEGRATION_COLUMNS}"
        ))
        .bind(enabled)
        .bind(now())
        .bind(shop_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Replaces the mapping (JSON text); `None` when the shop has no integration.
    pub async fn set_mapping(
        &self,
        shop_id: i64,
        mapping: &str,
    ) -> Result<Option<Integration>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "UPDATE gorgias_integrations SET mapping = $1, updated_at = $2 WHERE shop_id = $3 \
             RETURNING {INTEGRATION_COLUMNS}"
        ))
        .bind(mapping)
        .bind(now())
        .bind(shop_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Removes the integration and its sealed key; whether there was one.
    pub async fn delete_integration(&self, shop_id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM gorgias_integrations WHERE shop_id = $1")
            .bind(shop_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Adds a whitelist URL with `status` (`pending` or `approved`).
    pub async fn add_help_center_url(
        &self,
        shop_id: i64,
        url: &str,
        status: &str,
    ) -> Result<HelpCenterUrl, StoreError> {
        let now = now();
        let approved_at = (status == "approved").then(|| now.clone());
        sqlx::query_as(
            "INSERT INTO help_center_urls (shop_id, url, status, created_at, approved_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id, url, status",
        )
        .bind(shop_id)
        .bind(url)
        .bind(status)
        .bind(&now)
        .bind(approved_at)
        .fetch_one(&self.pool)
        .await
        .map_err(conflict_or)
    }

    /// The shop's whitelist URLs, oldest first.
    pub async fn help_center_urls(&self, shop_id: i64) -> Result<Vec<HelpCenterUrl>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, url, status FROM help_center_urls WHERE shop_id = $1 ORDER BY id",
        )
        .bind(shop_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Approves one of the shop's URLs; `None` when the shop has no URL with that id.
    pub async fn approve_help_center_url(
        &self,
        shop_id: i64,
        id: i64,
    ) -> Result<Option<HelpCenterUrl>, StoreError> {
        Ok(sqlx::query_as(
            "UPDATE help_center_urls SET status = 'approved', approved_at = COALESCE(approved_at, $1) \
             WHERE shop_id = $2 AND id = $3 RETURNING id, url, status",
        )
        .bind(now())
        .bind(shop_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Deletes one of the shop's URLs; whether it existed.
    pub async fn delete_help_center_url(&self, shop_id: i64, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM help_center_urls WHERE shop_id = $1 AND id = $2")
            .bind(shop_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every shop with its tile settings and approved URLs: the source of the embed snapshot.
    pub async fn shop_embeds(&self) -> Result<Vec<ShopEmbed>, StoreError> {
        let rows: Vec<EmbedRow> = sqlx::query_as(
            "SELECT s.id, s.slug, s.tile_accent_color, s.tile_logo_url, u.url \
             FROM shops s LEFT JOIN help_center_urls u ON u.shop_id = s.id AND u.status = 'approved' \
             ORDER BY s.id, u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut embeds: Vec<ShopEmbed> = Vec::new();
        let mut last_id = None;
        for (id, slug, tile_accent_color, tile_logo_url, url) in rows {
            if last_id != Some(id) {
                last_id = Some(id);
                embeds.push(ShopEmbed {
                    slug,
                    tile_accent_color,
                    tile_logo_url,
                    approved_urls: Vec::new(),
                });
            }
            if let (Some(url), Some(embed)) = (url, embeds.last_mut()) {
                embed.approved_urls.push(url);
            }
        }
        Ok(embeds)
    }

    /// How many claims there are in each status, for the metrics scrape: one grouped query.
    pub async fn claims_by_status(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT status, COUNT(*) FROM claims GROUP BY status")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
