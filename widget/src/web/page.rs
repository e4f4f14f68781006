//! Small reads and writes on the host page: its URL and language hints, the console, and the
//! `resolve:*` events.

use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Window};

use crate::language::{self, Language, LanguageHints};

/// The page's full URL, `None` when the browser does not give one.
pub fn href(window: &Window) -> Option<String> {
    window.location().href().ok()
}

/// The language the page asks for, `data-language` (`forced`) first.
pub fn language(window: &Window, forced: Option<&str>) -> Language {
    let path = window.location().pathname().unwrap_or_default();
    let document_lang = window
        .document()
        .and_then(|document| document.document_element())
        .and_then(|html| html.get_attribute("lang"));
    let browser: Vec<String> = window
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    language::detect(&LanguageHints {
        forced,
        path: &path,
        document: document_lang.as_deref(),
        browser: &browser,
    })
}

/// Says `line` on the console as a warning; `line` carries its `[resolve]` prefix.
pub fn warn(line: &str) {
    web_sys::console::warn_1(&JsValue::from_str(line));
}

/// Says `line` and the JavaScript value `value` on the console as an error.
pub fn error(line: &str, value: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str(line), value);
}

/// A `data-debug` line, prefixed with `[resolve] `.
pub fn debug(parts: &[&str]) {
    let mut line = String::from("[resolve] ");
    for part in parts {
        line.push_str(part);
    }
    web_sys::console::info_1(&JsValue::from_str(&line));
}

/// Sets `key` on a plain JavaScript object, ignoring failure (a frozen object only loses the field).
pub fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Dispatches `resolve:{name}` on `window` with `detail`; `false` when a listener called
/// `preventDefault()` on a cancelable event.
pub fn dispatch(window: &Window, name: &str, detail: &Object, cancelable: bool) -> bool {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    init.set_cancelable(cancelable);
    let mut type_ = String::from("resolve:");
    type_.push_str(name);
    match CustomEvent::new_with_event_init_dict(&type_, &init) {
        Ok(event) => window.dispatch_event(event.unchecked_ref()).unwrap_or(true),
        Err(_) => true,
    }
}

/// The detail of every event: `{language}`, plus `url` for `resolve:click`.
pub fn detail(language: Language, url: Option<&str>) -> Object {
    let detail = Object::new();
    set(&detail, "language", &JsValue::from_str(language.code()));
    if let Some(url) = url {
        set(&detail, "url", &JsValue::from_str(url));
    }
    detail
}

/// Whether `object[key]` is truthy.
pub fn get_bool(object: &Object, key: &str) -> bool {
    Reflect::get(object, &JsValue::from_str(key)).is_ok_and(|value| value.is_truthy())
}
