//! The embed decision (may this page show the tile?) answered from an in-memory snapshot.
//!
//! The widget asks on every Help Center page view, so the answer never touches the database: the
//! snapshot holds every shop's whitelist and its ready-made answer body, and is rebuilt from the
//! store after every change to shops, whitelist URLs or tile settings.

use std::collections::HashMap;
use std::sync::Arc;

use arc_swap::ArcSwap;
use bytes::Bytes;
use resolve_embed_answer::{Answer, Tile};

pub use resolve_embed_answer::Hidden;

use crate::store::{Store, StoreError};
use crate::whitelist::{Page, Whitelist};

/// What the embed endpoint knows about one shop.
#[derive(Debug, Clone)]
pub struct ShopTile {
    /// Approved entries.
    pub whitelist: Whitelist,
    /// The `{"show": true, ...}` body, serialised once.
    pub show_body: Bytes,
}

/// The `{"show": false, "reason": ...}` bodies, serialised once.
#[derive(Debug, Clone)]
struct HiddenBodies {
    unknown_shop: Bytes,
    url_not_whitelisted: Bytes,
    origin_mismatch: Bytes,
}

impl HiddenBodies {
    fn new() -> Self {
        Self {
            unknown_shop: answer_body(&Answer::hidden(Hidden::UnknownShop)),
            url_not_whitelisted: answer_body(&Answer::hidden(Hidden::UrlNotWhitelisted)),
            origin_mismatch: answer_body(&Answer::hidden(Hidden::OriginMismatch)),
        }
    }
}

/// An answer as JSON bytes; the answer type holds strings and options only, so writing it
/// cannot fail.
fn answer_body(answer: &Answer) -> Bytes {
    Bytes::from(serde_json::to_vec(answer).unwrap_or_default())
}

/// The outcome for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The answer body.
    pub body: Bytes,
    /// The origin to allow in CORS: only ever the origin of an approved URL.
    pub allow_origin: Option<String>,
    /// Why the tile is hidden; `None` when it is shown.
    pub hidden: Option<Hidden>,
}

/// Every shop's tile, swapped atomically as a whole.
#[derive(Debug)]
pub struct EmbedSnapshot {
    tiles: ArcSwap<HashMap<String, ShopTile>>,
    finder_base_url: String,
    /// The answers that hide the tile, the same for every shop.
    hidden: HiddenBodies,
    /// Serialises rebuilds so an older rebuild never overwrites a newer one.
    rebuilding: tokio::sync::Mutex<()>,
}

impl EmbedSnapshot {
    /// An empty snapshot; call [`EmbedSnapshot::rebuild`] before serving.
    pub fn new(finder_base_url: &str) -> Self {
        Self {
            tiles: ArcSwap::from_pointee(HashMap::new()),
            finder_base_url: finder_base_url.trim_end_matches('/').to_owned(),
            hidden: HiddenBodies::new(),
            rebuilding: tokio::sync::Mutex::new(()),
        }
    }

    /// The finder URL of shop `slug`.
    pub fn finder_url(&self, slug: &str) -> String {
        format!("{}/resolve/{slug}/finder", self.finder_base_url)
    }

    /// The show body of a shop with these tile settings.
    pub fn show_body(&self, slug: &str, accent_color: &str, logo_url: Option<&str>) -> Bytes {
        answer_body(&Answer::shown(
            self.finder_url(slug),
            tile(accent_color, logo_url),
        ))
    }

    /// Reloads every shop from the store and swaps the snapshot in.
    pub async fn rebuild(&self, store: &Store) -> Result<(), StoreError> {
        let _guard = self.rebuilding.lock().await;
        let embeds = store.shop_embeds().await?;
        let tiles: HashMap<String, ShopTile> = embeds
            .into_iter()
            .map(|embed| {
                let tile = ShopTile {
                    whitelist: Whitelist::new(embed.approved_urls.iter().map(String::as_str)),
                    show_body: self.show_body(
                        &embed.slug,
                        &embed.tile_accent_color,
                        embed.tile_logo_url.as_deref(),
                    ),
                };
                (embed.slug, tile)
            })
            .collect();
        self.tiles.store(Arc::new(tiles));
        Ok(())
    }

    /// Decides for shop `slug`, page `page_url` and the request's `Origin` header.
    pub fn decide(&self, slug: &str, page_url: &Page, origin: Option<&str>) -> Decision {
        let tiles = self.tiles.load();
        let Some(tile) = tiles.get(slug) else {
            return Decision {
                body: self.hidden.unknown_shop.clone(),
                allow_origin: None,
                hidden: Some(Hidden::UnknownShop),
            };
        };
        // Browsers send the origin in lower case already; normalising keeps odd clients honest.
        let origin = origin.map(normalise_origin);
        let allow_origin = origin
            .as_deref()
            .filter(|origin| tile.whitelist.has_origin(origin))
            .map(str::to_owned);
        let hidden = if !tile.whitelist.covers(page_url) {
            Some(Hidden::UrlNotWhitelisted)
        } else if origin
            .as_deref()
            .is_some_and(|origin| origin != page_url.origin())
        {
            Some(Hidden::OriginMismatch)
        } else {
            None
        };
        let body = match &hidden {
            None => tile.show_body.clone(),
            Some(Hidden::UnknownShop) => self.hidden.unknown_shop.clone(),
            Some(Hidden::OriginMismatch) => self.hidden.origin_mismatch.clone(),
            Some(_) => self.hidden.url_not_whitelisted.clone(),
        };
        Decision {
            body,
            allow_origin,
            hidden,
        }
    }
}

/// `Origin` as `scheme://host[:port]` in lower case without a default port; unparseable values
/// (e.g. `null`) stay as they are and so match nothing.
fn normalise_origin(origin: &str) -> String {
    match url::Url::parse(origin) {
        Ok(url) if url.host().is_some() => url.origin().ascii_serialization(),
        _ => origin.to_owned(),
    }
}

/// The tile's branding as the embed answer carries it.
fn tile(accent_color: &str, logo_url: Option<&str>) -> Tile {
    Tile {
        accent_color: Some(accent_color.to_owned()),
        logo_url: logo_url.map(str::to_owned),
    }
}

/// The tile's branding as the API shows it: in the embed answer and in the shop's own calls.
pub fn tile_json(accent_color: &str, logo_url: Option<&str>) -> serde_json::Value {
    serde_json::to_value(tile(accent_color, logo_url)).unwrap_or_default()
}
