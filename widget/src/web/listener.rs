//! An event listener that is removed when dropped, so a destroyed tile leaves no listener behind.
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
