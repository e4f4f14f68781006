//! The browser layer: reads the script tag, asks the server, draws the tile and keeps it in step
//! with client-side navigation. Everything it decides, it asks the plain-Rust modules about.
//!
//! One widget lives per Wasm instance, in [`WIDGET`]. Callbacks from the page (clicks, history
//! changes, the embed answer) borrow it briefly and never while page code runs: events are
//! dispatched and navigation happens after the borrow ends, so a page listener may call
//! `Resolve.destroy()` or `Resolve.open()` from anywhere. Borrowing uses `try_borrow_mut`, and no
//! code here panics, so nothing reaches the page as an exception.

mod embed;
mod history;
mod listener;
mod page;
mod tile;

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, Element, HtmlScriptElement, Window};

use crate::answer::{EmbedAnswer, TileConfig};
use crate::language::Language;
use crate::links;
use crate::messages::messages;
use crate::notice::{Notice, SaidNotices};
use crate::slug::ShopSlug;
use embed::{EarlyCall, Failure};
use history::HistoryWatch;
use listener::Listener;
use tile::Tile;

/// The mounted widget; `None` before `mount` and after `destroy`.
static WIDGET: WidgetSlot = WidgetSlot(RefCell::new(None));

/// Holds the one widget of this Wasm instance.
struct WidgetSlot(RefCell<Option<Widget>>);

// SAFETY: wasm32-unknown-unknown without the atomics feature has exactly one thread, so the slot
// is never reached from two threads.
unsafe impl Sync for WidgetSlot {}

/// The events a page can subscribe to with `Resolve.on(name, fn)`.
const EVENTS: [&str; 4] = ["ready", "shown", "hidden", "click"];

/// What the script tag asked for.
struct Config {
    /// `data-shop-slug`.
    slug: ShopSlug,
    /// Where the embed endpoint lives.
    api_base: String,
    /// `data-target`: a CSS selector of the element to render into.
    target: Option<String>,
    /// `data-language`.
    forced_language: Option<String>,
    /// `data-debug`: log each step on the console.
    debug: bool,
}

/// The mounted widget's state.
struct Widget {
    /// The script tag's settings.
    config: Config,
    /// The script tag, to place the tile after it.
    script: Option<Element>,
    /// `window.Resolve`, whose `language` and `ready` this keeps current.
    api: Object,
    /// The page's current language.
    language: Language,
    /// The page URL (no query, no fragment) the last embed call was for.
    checked_page: Option<String>,
    /// Counts embed calls, so an answer for a page the visitor already left is dropped.
    generation: u32,
    /// An embed call is in flight.
    asking: bool,
    /// The loader's embed call, until the first evaluation takes (or drops) it.
    early_call: Option<EarlyCall>,
    /// The server's config while the tile is shown.
    shown: Option<TileConfig>,
    /// The tile's DOM, created on first show and kept for re-use.
    tile: Option<Tile>,
    /// `open()` came before the answer: follow the finder link once the server says yes.
    open_requested: bool,
    /// Console notices already said.
    said: SaidNotices,
    /// Wrapped history methods and the `popstate` listener.
    history: Option<HistoryWatch>,
    /// Waits for `<body>` when the answer came before the page was parsed.
    body_wait: Option<Listener>,
    /// Listeners added with `Resolve.on`, by id.
    subscriptions: Vec<(u32, Listener)>,
    /// The id the next subscription gets (0 is never used, so `off(0)` does nothing).
    next_subscription: u32,
}

/// Starts the widget for `script` (the bundle's own `<script>` element, or `null` to look for
/// `script[data-shop-slug]`) and keeps `api` (the `window.Resolve` object) up to date.
/// `early_call` is the loader's embed call, `{url, response}` with `response` the promise
/// `fetch(url)` returned, or `undefined`; its answer is used when the widget would ask `url` too.
///
/// Mounts once: a second call while a widget is mounted does nothing.
#[wasm_bindgen]
pub fn mount(script: JsValue, api: JsValue, early_call: JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let mounted = WIDGET.0.try_borrow().map_or(true, |slot| slot.is_some());
    if mounted {
        return;
    }
    let script = script.dyn_into::<Element>().ok().or_else(|| {
        document
            .query_selector("script[data-shop-slug]")
            .ok()
            .flatten()
    });
    let attribute = |name: &str| {
        script
            .as_ref()
            .and_then(|script| script.get_attribute(name))
    };
    let slug = match ShopSlug::parse(&attribute("data-shop-slug").unwrap_or_default()) {
        Ok(slug) => slug,
        Err(error) => return page::warn(&Notice::Slug(error).message("", "")),
    };
    let href = page::href(&window).unwrap_or_default();
    let src = script
        .as_ref()
        .and_then(|script| script.dyn_ref::<HtmlScriptElement>())
        .map(HtmlScriptElement::src)
        .filter(|src| !src.is_empty())
        .unwrap_or_else(|| href.clone());
    let Some(api_base) = links::api_base(attribute("data-api-base").as_deref(), &src) else {
        return page::warn(&Notice::NoApiBase.message(slug.as_str(), &href));
    };
    let config = Config {
        slug,
        api_base,
        target: attribute("data-target").filter(|target| !target.trim_ascii().is_empty()),
        forced_language: attribute("data-language"),
        debug: attribute("data-debug").is_some_and(|value| value != "false"),
    };
    if config.debug {
        page::debug(&[
            "mounting for shop \"",
            config.slug.as_str(),
            "\", asking ",
            &config.api_base,
        ]);
    }
    let history = HistoryWatch::install(&window, schedule_evaluation)
        .inspect_err(|_| page::warn("[resolve] cannot follow this page's navigation; the tile reflects the first page only"))
        .ok();
    let widget = Widget {
        config,
        script,
        api: api.dyn_into().unwrap_or_default(),
        language: Language::default(),
        checked_page: None,
        generation: 0,
        asking: false,
        early_call: EarlyCall::from_js(&early_call),
        shown: None,
        tile: None,
        open_requested: false,
        said: SaidNotices::default(),
        history,
        body_wait: None,
        subscriptions: Vec::new(),
        next_subscription: 1,
    };
    let stored = WIDGET
        .0
        .try_borrow_mut()
        .map(|mut slot| *slot = Some(widget))
        .is_ok();
    if !stored {
        return;
    }
    evaluate();
    // After the loader has replayed the calls queued before the bundle loaded, so listeners
    // queued with `on("ready", ...)` hear it.
    listener::soon(announce_ready);
}

/// Opens the finder in the page's language, as a click on the tile does. Before the server has
/// answered, the finder opens once it says the tile may show.
#[wasm_bindgen]
pub fn open() {
    let link = with_widget(|widget| match widget.finder_link() {
        Some(link) => Some((link, widget.language)),
        None => {
            if widget.asking {
                widget.open_requested = true;
            }
            widget.debug(&[
                "open(): the tile is not shown on this page, so there is no finder to open",
            ]);
            None
        }
    });
    if let Some((link, language)) = link.flatten() {
        follow(&link, language);
    }
}

/// Removes the tile, its listeners, the `Resolve.on` subscriptions and the history wrappers, and
/// clears `Resolve.ready`. The page is as it was before the widget mounted.
#[wasm_bindgen]
pub fn destroy() {
    let widget = WIDGET
        .0
        .try_borrow_mut()
        .ok()
        .and_then(|mut slot| slot.take());
    let Some(mut widget) = widget else { return };
    if let Some(tile) = widget.tile.take() {
        tile.remove();
    }
    widget.history = None;
    widget.body_wait = None;
    page::set(&widget.api, "ready", &JsValue::FALSE);
    if widget.shown.take().is_some() {
        if let Some(window) = web_sys::window() {
            // Subscribers still hear that the tile went away; they are removed right after.
            page::dispatch(
                &window,
                "hidden",
                &page::detail(widget.language, None),
                false,
            );
        }
    }
    drop(widget);
}

/// Subscribes `listener` to `resolve:{event}` (`ready`, `shown`, `hidden`, `click`; the
/// `resolve:` prefix may be given too); it gets the event's `detail`. Returns the id to pass to
/// [`off`], or 0 when the event is unknown or the widget is not mounted.
#[wasm_bindgen]
pub fn on(event: &str, listener: JsValue) -> u32 {
    let Ok(listener) = listener.dyn_into::<Function>() else {
        page::warn("[resolve] Resolve.on(): the second argument must be a function");
        return 0;
    };
    let name = event.strip_prefix("resolve:").unwrap_or(event);
    let Some(name) = EVENTS.into_iter().find(|known| *known == name) else {
        page::warn("[resolve] Resolve.on(): unknown event; use \"ready\", \"shown\", \"hidden\" or \"click\"");
        return 0;
    };
    let Some(window) = web_sys::window() else {
        return 0;
    };
    let callback = listener.clone();
    let mut type_ = String::from("resolve:");
    type_.push_str(name);
    let subscription = Listener::new(&window, type_, move |event| {
        let detail = event
            .dyn_ref::<CustomEvent>()
            .map_or(JsValue::UNDEFINED, CustomEvent::detail);
        if let Err(error) = callback.call1(&JsValue::UNDEFINED, &detail) {
            page::error("[resolve] a listener given to Resolve.on() threw:", &error);
        }
    });
    let subscribed = with_widget(|widget| {
        let id = widget.next_subscription;
        widget.next_subscription += 1;
        widget.subscriptions.push((id, subscription));
        let ready = page::get_bool(&widget.api, "ready");
        (id, ready.then_some(widget.language))
    });
    match subscribed {
        Some((id, Some(language))) if name == "ready" => {
            // Subscribed after the fact: "ready" happened once and will not again, so say it now.
            if let Err(error) = listener.call1(&JsValue::UNDEFINED, &page::detail(language, None)) {
                page::error("[resolve] a listener given to Resolve.on() threw:", &error);
            }
            id
        }
        Some((id, _)) => id,
        None => 0,
    }
}

/// Removes the subscription `id` returned by [`on`]; unknown ids are ignored.
#[wasm_bindgen]
pub fn off(id: u32) {
    let removed = with_widget(|widget| {
        let index = widget
            .subscriptions
            .iter()
            .position(|(known, _)| *known == id)?;
        Some(widget.subscriptions.swap_remove(index))
    });
    drop(removed);
}

/// Runs `f` on the mounted widget, or returns `None` when there is none or it is busy.
fn with_widget<T>(f: impl FnOnce(&mut Widget) -> T) -> Option<T> {
    let mut slot = WIDGET.0.try_borrow_mut().ok()?;
    slot.as_mut().map(f)
}

/// Re-evaluates on the next microtask, after the page's own navigation code has finished.
fn schedule_evaluation() {
    listener::soon(evaluate);
}

/// Re-reads the page's language (re-localising the tile at once) and, when the page changed,
/// asks the server again.
fn evaluate() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(href) = page::href(&window) else {
        return;
    };
    let call = with_widget(|widget| {
        widget.localise(&window);
        let page = links::page_url_for_whitelist(&href);
        if widget.checked_page.as_deref() == Some(page) {
            return None;
        }
        widget.checked_page = Some(page.to_owned());
        widget.generation = widget.generation.wrapping_add(1);
        widget.asking = true;
        let url = links::embed_url(&widget.config.api_base, &widget.config.slug, &href);
        let early = widget.early_call.take().filter(|early| early.url == url);
        widget.debug(&["asking ", &url]);
        Some((widget.generation, url, early))
    });
    match call.flatten() {
        Some((generation, _, Some(early))) => embed::read(&early.response, generation, apply),
        Some((generation, url, None)) => embed::ask(&url, generation, apply),
        None => {}
    }
}

/// Acts on an embed answer, unless the visitor moved on (or the widget went) since it was asked.
fn apply(generation: u32, outcome: Result<EmbedAnswer, Failure>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let effects = with_widget(|widget| {
        (widget.generation == generation).then(|| {
            widget.asking = false;
            widget.apply(&window, outcome)
        })
    });
    if let Some(Some(effects)) = effects {
        effects.run(&window);
    }
}

/// Dispatches `resolve:ready` and sets `Resolve.ready`, if the widget is still mounted.
fn announce_ready() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let language = with_widget(|widget| {
        page::set(&widget.api, "ready", &JsValue::TRUE);
        widget.language
    });
    if let Some(language) = language {
        page::dispatch(&window, "ready", &page::detail(language, None), false);
    }
}

/// Places the tile again once `<body>` exists.
fn place_when_body_exists() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let effects = with_widget(|widget| {
        widget.body_wait = None;
        let config = widget.shown.take()?;
        Some(widget.show(&window, config))
    });
    if let Some(Some(effects)) = effects {
        effects.run(&window);
    }
}

/// Follows a finder link: `resolve:click` first, whose listeners may cancel the navigation (to
/// open the finder their own way), then the navigation itself.
fn follow(link: &str, language: Language) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if page::dispatch(&window, "click", &page::detail(language, Some(link)), true) {
        let _ = window.location().assign(link);
    }
}

/// What must happen after the widget's borrow ends, because it runs page code.
#[derive(Default)]
struct Effects {
    /// Dispatch `resolve:shown`.
    shown: bool,
    /// Dispatch `resolve:hidden`.
    hidden: bool,
    /// Follow this finder link (a queued `open()`).
    follow: Option<String>,
    /// The language for the events' detail.
    language: Language,
}

impl Effects {
    fn run(self, window: &Window) {
        if self.hidden {
            page::dispatch(window, "hidden", &page::detail(self.language, None), false);
        }
        if self.shown {
            page::dispatch(window, "shown", &page::detail(self.language, None), false);
        }
        if let Some(link) = self.follow {
            follow(&link, self.language);
        }
    }
}

impl Widget {
    /// Says `notice` on the console, the first time only.
    fn say(&mut self, notice: Notice, page: &str) {
        if self.said.first_time(&notice) {
            page::warn(&notice.message(self.config.slug.as_str(), page));
        }
    }

    /// A `data-debug` line.
    fn debug(&self, parts: &[&str]) {
        if self.config.debug {
            page::debug(parts);
        }
    }

    /// The finder link in the current language, while the tile is shown.
    fn finder_link(&self) -> Option<String> {
        links::finder_link(&self.shown.as_ref()?.finder_url, self.language)
    }

    /// Detects the language, publishes it as `Resolve.language` and re-words the tile.
    fn localise(&mut self, window: &Window) {
        let language = page::language(window, self.config.forced_language.as_deref());
        if language != self.language || !page::get_bool(&self.api, "language") {
            page::set(&self.api, "language", &JsValue::from_str(language.code()));
        }
        self.language = language;
        if let Some(tile) = &self.tile {
            tile.localise(messages(language), language.code());
        }
    }

    /// Shows or hides the tile as the embed answer says.
    fn apply(&mut self, window: &Window, outcome: Result<EmbedAnswer, Failure>) -> Effects {
        let page = self.checked_page.clone().unwrap_or_default();
        match outcome {
            Ok(EmbedAnswer::Show(config)) => {
                self.debug(&["the server says: show the tile"]);
                self.show(window, config)
            }
            Ok(EmbedAnswer::Hide(reason)) => {
                self.say(Notice::Hidden(reason), &page);
                self.hide()
            }
            Err(Failure::Unreachable) => {
                self.say(Notice::ServerUnreachable, &page);
                self.hide()
            }
            Err(Failure::Malformed(malformed)) => {
                self.say(Notice::Malformed(malformed), &page);
                self.hide()
            }
        }
    }

    /// Draws (or re-brands and re-places) the tile for `config`.
    fn show(&mut self, window: &Window, config: TileConfig) -> Effects {
        let Some(document) = window.document() else {
            return self.hide();
        };
        if self.tile.is_none() {
            match Tile::create(&document, open) {
                Ok(tile) => self.tile = Some(tile),
                Err(error) => {
                    page::error("[resolve] the tile could not be drawn:", &error);
                    return self.hide();
                }
            }
        }
        let Some(tile) = &self.tile else {
            return self.hide();
        };
        tile.localise(messages(self.language), self.language.code());
        tile.brand(&config);
        let target = self.config.target.as_deref().and_then(|selector| {
            // An invalid selector throws; it is treated like one that matches nothing.
            document.query_selector(selector).ok().flatten()
        });
        let target_missing = self.config.target.is_some() && target.is_none();
        match tile.place(&document, self.script.as_ref(), target.as_ref()) {
            Ok(Some(placement)) => {
                if self.config.debug {
                    let at = match placement {
                        tile::Placement::Target => "inside data-target",
                        tile::Placement::AfterScript => "after the script tag",
                        tile::Placement::Launcher => "at the bottom right",
                    };
                    page::debug(&["tile shown ", at]);
                }
            }
            Ok(None) => {
                // No <body> yet: try again when the document is parsed.
                self.shown = Some(config);
                self.body_wait = Some(Listener::new(
                    &document,
                    "DOMContentLoaded".to_owned(),
                    |_| place_when_body_exists(),
                ));
                return Effects::default();
            }
            Err(error) => {
                page::error("[resolve] the tile could not be placed:", &error);
                return self.hide();
            }
        }
        if target_missing {
            let page = self.checked_page.clone().unwrap_or_default();
            self.say(Notice::TargetNotFound, &page);
        }
        let newly_shown = self.shown.replace(config).is_none();
        let follow = if core::mem::take(&mut self.open_requested) {
            self.finder_link()
        } else {
            None
        };
        Effects {
            shown: newly_shown,
            follow,
            language: self.language,
            ..Effects::default()
        }
    }

    /// Takes the tile out of the page; `hidden` is due when it was shown.
    fn hide(&mut self) -> Effects {
        self.open_requested = false;
        self.body_wait = None;
        if let Some(tile) = &self.tile {
            tile.remove();
        }
        Effects {
            hidden: self.shown.take().is_some(),
            language: self.language,
            ..Effects::default()
        }
    }
}

/// The Wasm module runs on the page's one thread (no shared memory, no workers), which is what
/// `AssumeSingleThreaded` requires.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature has exactly one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
