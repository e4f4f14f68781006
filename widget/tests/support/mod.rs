//! Shared pieces of the browser tests: a fetch hook that answers the embed call with real
//! `Response` objects, a script tag as a merchant pastes it, and waiting for the DOM.
#![allow(dead_code)]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, ShadowRoot};

#[wasm_bindgen(inline_js = r#"
const state = { calls: [], aborted: 0, clicks: [], errors: [], realFetch: null, mode: null, body: "" };
export function serveEmbed(mode, body) {
  if (!state.realFetch) state.realFetch = window.fetch;
  state.mode = mode;
  state.body = body;
  window.fetch = (input, init) => {
    state.calls.push(typeof input === "string" ? input : input.url);
    if (state.mode === "unreachable") return Promise.reject(new TypeError("Failed to fetch"));
    if (state.mode === "hang") {
      return new Promise((_, reject) => {
        const signal = init && init.signal;
        if (signal) signal.addEventListener("abort", () => { state.aborted += 1; reject(new DOMException("aborted", "AbortError")); });
      });
    }
    return Promise.resolve(new Response(state.body, { status: state.mode === "error" ? 500 : 200,
      headers: { "content-type": "application/json" } }));
  };
}
export function restoreFetch() { if (state.realFetch) window.fetch = state.realFetch; state.calls = []; state.aborted = 0; }
export function embedCalls() { return state.calls.slice(); }
export function abortedCalls() { return state.aborted; }
export function catchClicks() {
  state.clicks = [];
  const hook = (event) => { event.preventDefault(); state.clicks.push(event.detail.url); };
  window.addEventListener("resolve:click", hook);
  return () => window.removeEventListener("resolve:click", hook);
}
export function caughtClicks() { return state.clicks.slice(); }
export function watchPageErrors() {
  state.errors = [];
  const onError = (event) => state.errors.push(String(event.message || event.error));
  const onRejection = (event) => state.errors.push(String(event.reason));
  window.addEventListener("error", onError);
  window.addEventListener("unhandledrejection", onRejection);
  return () => { window.removeEventListener("error", onError); window.removeEventListener("unhandledrejection", onRejection); };
}
export function pageErrors() { return state.errors.slice(); }
export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function pushState(path) { history.pushState({}, "", path); }
export function ownHistoryMethods() { return Object.getOwnPropertyNames(history).join(","); }
export function earlyCall(url, body) {
  return { url, response: Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } })) };
}
"#)]
extern "C" {
    /// Answers every `fetch` with `body` (`mode`: "ok", "error" for HTTP 500, "unreachable" for
    /// a network error, "hang" for no answer until the request is aborted).
    #[wasm_bindgen(js_name = serveEmbed)]
    pub fn serve_embed(mode: &str, body: &str);
    /// Puts the browser's own `fetch` back.
    #[wasm_bindgen(js_name = restoreFetch)]
    pub fn restore_fetch();
    /// The URLs fetched since `serve_embed`.
    #[wasm_bindgen(js_name = embedCalls)]
    pub fn embed_calls() -> Array;
    /// How many hanging calls were aborted.
    #[wasm_bindgen(js_name = abortedCalls)]
    pub fn aborted_calls() -> u32;
    /// Cancels every `resolve:click` (the page's hook to open the finder itself) and records its
    /// URL; returns the function that stops doing so.
    #[wasm_bindgen(js_name = catchClicks)]
    pub fn catch_clicks() -> js_sys::Function;
    /// The finder URLs caught so far.
    #[wasm_bindgen(js_name = caughtClicks)]
    pub fn caught_clicks() -> Array;
    /// Records every error and unhandled rejection that reaches the window; returns the function
    /// that stops recording.
    #[wasm_bindgen(js_name = watchPageErrors)]
    pub fn watch_page_errors() -> js_sys::Function;
    /// The errors recorded.
    #[wasm_bindgen(js_name = pageErrors)]
    pub fn page_errors() -> Array;
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_promise(ms: u32) -> js_sys::Promise;
    /// `history.pushState({}, "", path)` as the Help Center's router does it.
    #[wasm_bindgen(js_name = pushState)]
    pub fn push_state(path: &str);
    /// The loader's early embed call as it hands it over: `{url, response}`, the response
    /// answering `body`.
    #[wasm_bindgen(js_name = earlyCall)]
    pub fn early_call(url: &str, body: &str) -> JsValue;
    /// The own property names of `history`, comma-separated.
    #[wasm_bindgen(js_name = ownHistoryMethods)]
    pub fn own_history_methods() -> String;
}

/// A `show: true` answer with this accent colour.
pub fn shown(accent: &str) -> String {
    [
        r#"{"show": true, "finder_url": "https://finder.example/resolve/test-shop/finder?ref=help", "tile": {"accent_color": ""#,
        accent,
        r#"", "logo_url": null}}"#,
    ]
    .concat()
}

/// A `show: false` answer.
pub const NOT_WHITELISTED: &str = r#"{"show": false, "reason": "url_not_whitelisted"}"#;

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let _ = JsFuture::from(sleep_promise(ms)).await;
}

/// Waits until `condition` holds, for at most three seconds; whether it did.
pub async fn until(condition: impl Fn() -> bool) -> bool {
    for _ in 0..300 {
        if condition() {
            return true;
        }
        sleep(10).await;
    }
    condition()
}

/// The page's document.
pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser test has a document")
}

/// A script tag like the merchant's, in `<body>`, with these attributes besides the API base.
pub fn script_tag(attributes: &[(&str, &str)]) -> Element {
    let document = document();
    let script = document.create_element("script").expect("a script element");
    script
        .set_attribute("data-api-base", "https://api.example.test")
        .expect("an attribute");
    for (name, value) in attributes {
        script.set_attribute(name, value).expect("an attribute");
    }
    document
        .body()
        .expect("a body")
        .append_child(&script)
        .expect("appended");
    script
}

/// Every tile host element in the document.
pub fn tiles() -> Vec<Element> {
    let found = document()
        .query_selector_all("[data-resolve-tile]")
        .expect("a valid selector");
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|node| node.dyn_into().ok())
        .collect()
}

/// The shadow root of the only tile, if exactly one is shown.
pub fn tile_shadow() -> Option<ShadowRoot> {
    match tiles().as_slice() {
        [host] => host.shadow_root(),
        _ => None,
    }
}

/// The text of the element `selector` inside the tile.
pub fn tile_text(selector: &str) -> Option<String> {
    tile_shadow()?
        .query_selector(selector)
        .ok()??
        .text_content()
}

/// Adds a script tag with `attributes` and mounts the widget from it, as the loader does without
/// an early embed call. Answers the tag and the object standing in for `window.Resolve`.
pub fn mount_with(attributes: &[(&str, &str)]) -> (Element, Object) {
    let script = script_tag(attributes);
    let api = api();
    resolve_widget::mount(
        script.clone().into(),
        api.clone().into(),
        JsValue::UNDEFINED,
    );
    (script, api)
}

/// A fresh object standing in for `window.Resolve`.
pub fn api() -> Object {
    Object::new()
}

/// `api[key]` as a string, or `None`.
pub fn field(api: &Object, key: &str) -> Option<String> {
    Reflect::get(api, &JsValue::from_str(key)).ok()?.as_string()
}

/// `api[key]` as a boolean, or `None`.
pub fn flag(api: &Object, key: &str) -> Option<bool> {
    Reflect::get(api, &JsValue::from_str(key)).ok()?.as_bool()
}

/// Undoes what a test did to the page: the widget, the script tag, the fetch hook and the URL.
pub fn clean_up(script: &Element, path: &str) {
    resolve_widget::destroy();
    script.remove();
    restore_fetch();
    let history = web_sys::window()
        .expect("a window")
        .history()
        .expect("a history");
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(path))
        .expect("the URL restored");
}

/// The page's path when the test started, to restore it after.
pub fn current_path() -> String {
    web_sys::window()
        .expect("a window")
        .location()
        .pathname()
        .expect("a path")
}
