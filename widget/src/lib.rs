//! The Resolve Help Center tile, compiled to Wasm and loaded by `bundle.min.js`.
//!
//! # Layout
//!
//! Plain Rust, tested natively with `cargo test`:
//! - [`language`]: which of the eight supported languages the page is in.
//! - [`slug`]: the shop slug from `data-shop-slug`.
//! - [`links`]: the embed call's URL, the API base, and the finder link with its `lang`.
//! - [`answer`]: what the embed endpoint's answer means for the tile.
//! - [`contrast`]: the button's colours, readable on any accent.
//! - [`messages`]: the tile's words in every language.
//! - [`notice`]: the console messages saying why the tile is not shown.
//!
//! The browser layer (`web`, Wasm only) is thin: it reads the page, calls the server, draws the
//! tile in a Shadow DOM and follows client-side navigation. It is tested in headless Chromium
//! with `wasm-pack test` (see `tests/`).
//!
//! # Invariants
//!
//! - Nothing reaches the host page but the tile's own element and the `window.Resolve` object;
//!   no exception escapes into the page.
//! - The widget never builds a redirect target: the finder URL comes from the server.
//! - Text goes into the DOM as text, never as HTML.

pub mod answer;
pub mod contrast;
pub mod language;
pub mod links;
pub mod messages;
pub mod notice;
pub mod slug;

#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use web::{destroy, mount, off, on, open};
