//! Callbacks from the page: event listeners that are removed when dropped (so a destroyed tile
//! leaves no listener behind), promise reactions and microtasks.
//!
//! Every callback in the widget, listeners and promise reactions alike, has the one closure type
//! [`Callback`]: each further closure type would add its own glue to the Wasm and the bundle.

use alloc::boxed::Box;
use alloc::string::String;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// A Rust function the page can call with one value (an event, a promise's result).
pub type Callback = Closure<dyn FnMut(JsValue)>;

/// Wraps `f` as a [`Callback`].
pub fn callback(f: impl FnMut(JsValue) + 'static) -> Callback {
    Closure::wrap(Box::new(f) as Box<dyn FnMut(JsValue)>)
}

/// A JavaScript function calling `f`, owned by the page from then on: the Rust side is freed
/// when the page lets go of the function (a promise settled, a microtask ran).
pub fn function(f: impl FnMut(JsValue) + 'static) -> JsValue {
    callback(f).into_js_value()
}

#[wasm_bindgen]
extern "C" {
    /// `queueMicrotask(f)`.
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(f: &JsValue);

    /// A promise, as far as [`settle`] needs it.
    type Thenable;

    /// `promise.then(resolved, rejected)`, with functions made by [`function`]; the promise
    /// `then` returns is settled by them, and they do not throw, so it is not kept.
    #[wasm_bindgen(method, js_name = then)]
    fn then_with(promise: &Thenable, resolved: &JsValue, rejected: &JsValue);
}

/// Runs `f` on the next microtask: after the code running now (the loader, the page's own
/// navigation code) has finished.
pub fn soon(f: fn()) {
    queue_microtask(&function(move |_| f()));
}

/// Calls `resolved` with the value `promise` settles with, or `rejected` with its reason.
pub fn settle(
    promise: &js_sys::Promise,
    resolved: impl FnMut(JsValue) + 'static,
    rejected: impl FnMut(JsValue) + 'static,
) {
    promise
        .unchecked_ref::<Thenable>()
        .then_with(&function(resolved), &function(rejected));
}

/// While alive, `f` hears every `kind` event on `target`.
pub struct Listener {
    /// Where the listener was added.
    target: EventTarget,
    /// The event type.
    kind: String,
    /// The function the page calls.
    callback: Callback,
}

impl Listener {
    /// Adds `f` as a listener for `kind` events on `target`.
    pub fn new(target: &EventTarget, kind: String, f: impl FnMut(JsValue) + 'static) -> Listener {
        let callback = callback(f);
        // Adding a listener only fails for a target that is not an EventTarget.
        let _ = target.add_event_listener_with_callback(&kind, callback.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            kind,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            &self.kind,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
