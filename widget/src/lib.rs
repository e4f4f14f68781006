//! The Resolve Help Center tile, compiled to Wasm and loaded by `bundle.min.js`.
//!
//! # Layout
//!
//! - [`language`]: which of the eight supported languages a Help Center page is in (plain Rust).
//!
//! Everything that can be plain Rust is, and is tested natively with `cargo test`; the Wasm entry
//! points below are a thin layer over it, tested in a real browser with `wasm-pack test`.

pub mod language;

use wasm_bindgen::prelude::*;

/// The language the tile should speak on the page at `path`, as a two-letter code.
///
/// Exposed to the bundle's JavaScript loader; falls back to English when the path has no
/// supported locale.
#[wasm_bindgen(js_name = languageForPath)]
pub fn language_for_path(path: &str) -> String {
    language::Language::from_path(path)
        .unwrap_or_default()
        .code()
        .to_owned()
}
