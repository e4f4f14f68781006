//! Follows the Help Center's client-side navigation: wraps `history.pushState` and `replaceState`
//! once and listens to `popstate`, undoing all of it on drop.

use alloc::borrow::ToOwned;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::Cell;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{History, Window};

use super::listener::Listener;

/// A wrapper the page's `history` object got from us.
type Wrapper = Closure<dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// One wrapped `history` method and how to put the original back.
struct WrappedMethod {
    /// `pushState` or `replaceState`.
    name: &'static str,
    /// The page's own property we replaced, if it had one (otherwise the prototype's method).
    own_original: Option<JsValue>,
    /// Our wrapper, installed as `history[name]`.
    wrapper: Wrapper,
}

/// While alive, calls `on_change` after every `pushState`, `replaceState` and `popstate`.
pub struct HistoryWatch {
    /// `window.history`.
    history: History,
    /// The wrapped methods.
    methods: Vec<WrappedMethod>,
    /// Cleared on drop, so a wrapper someone else still holds only passes calls through.
    active: Rc<Cell<bool>>,
    /// Removed from `window` on drop.
    _popstate: Listener,
}

impl HistoryWatch {
    /// Wraps the history methods and listens to `popstate`.
    pub fn install(window: &Window, on_change: fn()) -> Result<HistoryWatch, JsValue> {
        let history = window.history()?;
        let active = Rc::new(Cell::new(true));
        let mut methods = Vec::with_capacity(2);
        for name in ["pushState", "replaceState"] {
            let key = JsValue::from_str(name);
            let original: Function = Reflect::get(&history, &key)?.dyn_into()?;
            let own_original = Object::has_own(history.unchecked_ref::<Object>(), &key)
                .then(|| original.clone().into());
            let (target, still_active) = (history.clone(), active.clone());
            let wrapper: Wrapper = Closure::new(move |state, title, url| {
                // The page's own call: its result, exception included, goes back to it unchanged.
                let result = original.call3(&target, &state, &title, &url);
                if result.is_ok() && still_active.get() {
                    on_change();
                }
                result
            });
            Reflect::set(&history, &key, wrapper.as_ref())?;
            methods.push(WrappedMethod {
                name,
                own_original,
                wrapper,
            });
        }
        let popstate = Listener::new(window, "popstate".to_owned(), move |_| on_change());
        Ok(HistoryWatch {
            history,
            methods,
            active,
            _popstate: popstate,
        })
    }
}

impl Drop for HistoryWatch {
    fn drop(&mut self) {
        self.active.set(false);
        for method in self.methods.drain(..) {
            let key = JsValue::from_str(method.name);
            let current = Reflect::get(&self.history, &key).unwrap_or(JsValue::UNDEFINED);
            if current != *method.wrapper.as_ref() {
                // Someone wrapped our wrapper after us and calls it from theirs: it must stay
                // callable, so it is kept alive as a pass-through rather than freed.
                method.wrapper.forget();
                continue;
            }
            let _ = match method.own_original {
                Some(original) => Reflect::set(&self.history, &key, &original).map(drop),
                None => {
                    Reflect::delete_property(self.history.unchecked_ref::<Object>(), &key).map(drop)
                }
            };
        }
    }
}
