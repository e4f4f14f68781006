//! The embed call: `GET {api}/v1/embed/{slug}?url=...` with a time limit, read into the plain-Rust
//! [`EmbedAnswer`].
//!
//! On first load the loader starts this call itself, while the Wasm is still loading, and hands
//! over the pending answer ([`EarlyCall`]); it is used only when its URL is the one the widget
//! would ask, and read and judged here like any other.
//!
//! A plain `fetch` with `AbortSignal.timeout`, and the answer read field by field with `Reflect`:
//! for one GET without headers or body, gloo-net added 5.1 KB gzip and serde with
//! serde-wasm-bindgen 20.5 KB, and neither builds without std, which costs 2.1 KB more (figures
//! and method in the crate's README, "Crates and what they cost").

use alloc::string::String;
use js_sys::{Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{AbortSignal, RequestInit, Response};

use crate::answer::{EmbedAnswer, EmbedFields, MalformedAnswer};

use super::listener::settle;

/// How long the server gets to answer, body included, before the tile gives up on this page.
pub const TIMEOUT_MS: u32 = 4_000;

/// Why there is no usable answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer in time, a network error, or an HTTP error status.
    Unreachable,
    /// An answer that cannot be acted on.
    Malformed(MalformedAnswer),
}

/// Asks the server whether the page may show the tile, and calls `reply(generation, outcome)`
/// with the answer (always exactly once, later: never from within this call).
pub fn ask(url: &str, generation: u32, reply: fn(u32, Result<EmbedAnswer, Failure>)) {
    let Some(window) = web_sys::window() else {
        return soon_reply(generation, reply);
    };
    let init = RequestInit::new();
    // The signal aborts reading the body too; the loader checks that browsers have it.
    init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    read(
        &window.fetch_with_str_and_init(url, &init),
        generation,
        reply,
    );
}

/// Reads the answer `fetch` promised (the one [`ask`] made, or the loader's early call), and
/// calls `reply(generation, outcome)` with it, once, later.
pub fn read(response: &Promise, generation: u32, reply: fn(u32, Result<EmbedAnswer, Failure>)) {
    let fail = move |failure| move |_| reply(generation, Err(failure));
    let on_response = move |response: JsValue| {
        let body = response
            .dyn_into::<Response>()
            .ok()
            .filter(Response::ok)
            .and_then(|response| response.json().ok());
        match body {
            Some(body) => settle(
                &body,
                move |json| {
                    let answer = EmbedAnswer::from_fields(fields(&json));
                    reply(generation, answer.map_err(Failure::Malformed))
                },
                fail(Failure::Malformed(MalformedAnswer::MissingShow)),
            ),
            // No answer in time, a network error, or an HTTP error status.
            None => reply(generation, Err(Failure::Unreachable)),
        }
    };
    settle(response, on_response, fail(Failure::Unreachable));
}

/// The embed call the loader started while the Wasm was loading: its URL, and the promise
/// `fetch` returned for it.
pub struct EarlyCall {
    /// The URL the loader asked; the answer is used only when the widget would ask the same.
    pub url: String,
    /// What `fetch(url)` returned.
    pub response: Promise,
}

impl EarlyCall {
    /// Reads `{url, response}` as the loader passes it; `None` for anything else.
    pub fn from_js(value: &JsValue) -> Option<EarlyCall> {
        if !value.is_object() {
            return None;
        }
        let url = Reflect::get(value, &JsValue::from_str("url"))
            .ok()?
            .as_string()?;
        let response = Reflect::get(value, &JsValue::from_str("response"))
            .ok()?
            .dyn_into::<Promise>()
            .ok()?;
        Some(EarlyCall { url, response })
    }
}

/// Replies "unreachable" on the next microtask, so `reply` never runs inside [`ask`].
fn soon_reply(generation: u32, reply: fn(u32, Result<EmbedAnswer, Failure>)) {
    settle(
        &Promise::resolve(&JsValue::UNDEFINED),
        move |_| reply(generation, Err(Failure::Unreachable)),
        |_| {},
    );
}

/// Copies the answer's fields out of the parsed JSON; a field of the wrong type reads as absent.
fn fields(json: &JsValue) -> EmbedFields {
    let get = |object: &JsValue, key: &str| {
        if object.is_object() {
            Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    };
    let tile = get(json, "tile");
    EmbedFields {
        show: get(json, "show").as_bool(),
        finder_url: get(json, "finder_url").as_string(),
        accent_color: get(&tile, "accent_color").as_string(),
        logo_url: get(&tile, "logo_url").as_string(),
        reason: get(json, "reason").as_string(),
    }
}
