//! The tile's DOM: a host element with an open Shadow DOM holding the styles, the title, one line
//! of text and a real `<button>`.

use alloc::borrow::ToOwned;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::answer::TileConfig;
use crate::messages::Messages;

use super::listener::Listener;

/// The tile's styles. `:host { all: initial }` stops the page's inherited styles at the border;
/// the Shadow DOM keeps ours inside. Only transform and opacity animate, so appearing shifts no
/// layout beyond the tile's own box, and nothing moves for visitors who ask for reduced motion.
const CSS: &str = "\
:host{all:initial;display:block;contain:layout paint style;margin:16px 0}\
:host([data-launcher]){position:fixed;right:16px;bottom:16px;z-index:2147483000;margin:0;max-width:calc(100vw - 32px)}\
.tile{box-sizing:border-box;display:flex;gap:12px;align-items:flex-start;max-width:420px;padding:16px;\
border:1px solid #d0d7de;border-radius:12px;background:#fff;color:#1f2328;\
font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;\
box-shadow:0 1px 3px rgba(0,0,0,.12);animation:in .18s ease-out}\
.logo{flex:none;width:40px;height:40px;object-fit:contain}\
.logo[hidden]{display:none}\
.body{min-width:0}\
.title{margin:0;font-size:15px;font-weight:600}\
.text{margin:4px 0 12px;color:#424a53}\
button{font:inherit;font-weight:600;margin:0;padding:8px 14px;border:0;border-radius:8px;cursor:pointer;\
background:var(--accent);color:var(--on-accent)}\
button:hover{text-decoration:underline}\
button:focus-visible{outline:3px solid #1f2328;outline-offset:2px}\
@keyframes in{from{opacity:0;transform:translateY(4px)}}\
@media (prefers-reduced-motion:reduce){.tile{animation:none}}";

/// Where the tile was put.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Inside the element `data-target` names.
    Target,
    /// Right after the script tag, which is in `<body>`.
    AfterScript,
    /// Fixed at the bottom right of the window.
    Launcher,
}

/// The tile's elements.
pub struct Tile {
    /// The element in the page that holds the shadow root.
    host: HtmlElement,
    /// The card inside the shadow root, carrying the accent colours.
    card: HtmlElement,
    /// The shop's logo, hidden when there is none.
    logo: Element,
    /// The heading line.
    title: Element,
    /// The line of text.
    text: Element,
    /// The button that opens the finder.
    button: Element,
    /// Removed with the tile.
    _click: Listener,
}

impl Tile {
    /// Builds the tile, not yet in the page; `on_click` runs on click, Enter and Space.
    pub fn create(document: &Document, on_click: fn()) -> Result<Tile, JsValue> {
        let host: HtmlElement = document.create_element("div")?.dyn_into()?;
        host.set_attribute("data-resolve-tile", "")?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        let element = |tag: &str, class: &str| -> Result<Element, JsValue> {
            let element = document.create_element(tag)?;
            if !class.is_empty() {
                element.set_attribute("class", class)?;
            }
            Ok(element)
        };
        let style = element("style", "")?;
        style.set_text_content(Some(CSS));
        let card: HtmlElement = element("div", "tile")?.dyn_into()?;
        let logo = element("img", "logo")?;
        logo.set_attribute("alt", "")?;
        logo.set_attribute("hidden", "")?;
        let body = element("div", "body")?;
        let title = element("p", "title")?;
        let text = element("p", "text")?;
        let button = element("button", "")?;
        button.set_attribute("type", "button")?;
        body.append_with_node_3(&title, &text, &button)?;
        card.append_with_node_2(&logo, &body)?;
        shadow.append_with_node_2(&style, &card)?;
        let click = Listener::new(&button, "click".to_owned(), move |_| on_click());
        Ok(Tile {
            host,
            card,
            logo,
            title,
            text,
            button,
            _click: click,
        })
    }

    /// Writes the tile's words, as text.
    pub fn localise(&self, messages: &Messages, language_code: &str) {
        self.card.set_attribute("lang", language_code).ok();
        self.title.set_text_content(Some(messages.title));
        self.text.set_text_content(Some(messages.text));
        self.button.set_text_content(Some(messages.button));
        self.button
            .set_attribute("aria-label", messages.button_label)
            .ok();
    }

    /// Applies the shop's accent colour and logo.
    pub fn brand(&self, config: &TileConfig) {
        let style = self.card.style();
        style
            .set_property("--accent", &config.colors.background.to_hex())
            .ok();
        style
            .set_property("--on-accent", &config.colors.text.to_hex())
            .ok();
        match &config.logo_url {
            Some(url) => {
                self.logo.set_attribute("src", url).ok();
                self.logo.remove_attribute("hidden").ok();
            }
            None => {
                self.logo.set_attribute("hidden", "").ok();
                self.logo.remove_attribute("src").ok();
            }
        }
    }

    /// Puts the tile into the page (or leaves it where it already is): inside `target` when that
    /// element exists, else after the script tag when that is in `<body>`, else as a launcher.
    /// `Ok(None)` when there is no `<body>` yet.
    pub fn place(
        &self,
        document: &Document,
        script: Option<&Element>,
        target: Option<&Element>,
    ) -> Result<Option<Placement>, JsValue> {
        let host: &Element = &self.host;
        if let Some(target) = target {
            host.remove_attribute("data-launcher")?;
            if host.parent_element().as_ref() != Some(target) {
                target.append_with_node_1(host)?;
            }
            return Ok(Some(Placement::Target));
        }
        let Some(body) = document.body() else {
            return Ok(None);
        };
        if let Some(script) = script.filter(|script| body.contains(Some(script))) {
            host.remove_attribute("data-launcher")?;
            if script.next_element_sibling().as_ref() != Some(host) {
                script.after_with_node_1(host)?;
            }
            return Ok(Some(Placement::AfterScript));
        }
        host.set_attribute("data-launcher", "")?;
        if host.parent_element().as_ref() != Some(&body) {
            body.append_with_node_1(host)?;
        }
        Ok(Some(Placement::Launcher))
    }

    /// Takes the tile out of the page.
    pub fn remove(&self) {
        self.host.remove();
    }
}
