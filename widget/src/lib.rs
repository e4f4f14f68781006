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
//! - [`text`]: splitting at ASCII separators without a path that can panic.
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
//! - No code compiled to Wasm can panic: no `unwrap`, `expect`, indexing or slicing that may fail,
//!   and no `core::fmt` (strings are built with `push_str`). The `sdk` build has no standard
//!   library and turns a panic into a trap, and every byte of formatting code left out counts.

#![no_std]

extern crate alloc;
// Native builds and tests use std (and its panic messages); only the `sdk` Wasm build goes without.
#[cfg(any(test, not(all(target_arch = "wasm32", feature = "sdk"))))]
extern crate std;

pub mod answer;
pub mod contrast;
pub mod language;
pub mod links;
pub mod messages;
pub mod notice;
pub mod slug;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use web::{destroy, mount, off, on, open};

/// Stops the Wasm with a trap. Nothing here panics by design; should something still do, the
/// trap reaches the loader as an error instead of a page-breaking loop, and no message formatting
/// code is linked in for it.
#[cfg(all(target_arch = "wasm32", feature = "sdk", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
