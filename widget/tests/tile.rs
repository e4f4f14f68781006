//! The tile in headless Chromium: rendering, the server's answers, clicks, navigation, destroy.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::Function;
use resolve_widget::contrast::Rgb;
use resolve_widget::language::Language;
use resolve_widget::messages::messages;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The tile's button.
fn button() -> Option<HtmlElement> {
    tile_shadow()?
        .query_selector("button")
        .ok()??
        .dyn_into()
        .ok()
}

/// A JavaScript function counting its calls in `counter[0]`.
fn counting_listener(counter: &js_sys::Array) -> Function {
    let counter = counter.clone();
    Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let calls = counter.get(0).as_f64().unwrap_or(0.0);
        counter.set(0, JsValue::from_f64(calls + 1.0));
    })
    .into_js_value()
    .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_tile_renders_in_the_shadow_root_in_the_page_language() {
    let start = current_path();
    push_state("/de-DE/ruecksendungen-123?q=private#top");
    serve_embed("ok", &shown("#ffd400"));
    let (script, api) = mount_with(&[("data-shop-slug", "test-shop")]);
    // A second tag, or a second copy of the bundle, must not draw a second tile.
    resolve_widget::mount(
        script.clone().into(),
        api.clone().into(),
        JsValue::UNDEFINED,
    );

    assert!(until(|| tile_shadow().is_some()).await, "the tile appears");
    let german = messages(Language::German);
    assert_eq!(tile_text(".title").as_deref(), Some(german.title));
    assert_eq!(tile_text(".text").as_deref(), Some(german.text));
    let button = button().expect("a real button");
    assert_eq!(button.tag_name(), "BUTTON");
    assert_eq!(button.text_content().as_deref(), Some(german.button));
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some(german.button_label)
    );
    assert_eq!(field(&api, "language").as_deref(), Some("de"));
    assert!(
        until(|| flag(&api, "ready") == Some(true)).await,
        "Resolve.ready"
    );

    // Yellow accent: black text, computed in Rust.
    let card: HtmlElement = tile_shadow()
        .unwrap()
        .query_selector(".tile")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        card.style().get_property_value("--accent").unwrap(),
        "#ffd400"
    );
    assert_eq!(
        card.style().get_property_value("--on-accent").unwrap(),
        Rgb(0, 0, 0).to_hex()
    );

    // Right after the script tag, which is in <body>; exactly one tile; one embed call, without
    // the page's query and fragment.
    assert_eq!(tiles().len(), 1);
    assert_eq!(script.next_element_sibling(), tiles().into_iter().next());
    let calls = embed_calls();
    assert_eq!(calls.length(), 1);
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let expected = [
        "https://api.example.test/v1/embed/test-shop?url=",
        &String::from(js_sys::encode_uri_component(&origin)),
        "%2Fde-DE%2Fruecksendungen-123",
    ]
    .concat();
    assert_eq!(calls.get(0).as_string().as_deref(), Some(expected.as_str()));
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn the_loaders_early_call_is_used_only_for_the_url_the_widget_would_ask() {
    let start = current_path();
    push_state("/en-US/returns-7?q=1");
    let window = web_sys::window().unwrap();
    let page = [
        window.location().origin().unwrap().as_str(),
        "/en-US/returns-7",
    ]
    .concat();
    let url = [
        "https://api.example.test/v1/embed/test-shop?url=",
        &String::from(js_sys::encode_uri_component(&page)),
    ]
    .concat();

    // The same URL: its answer shows the tile, and the widget asks nobody itself (the fetch
    // hook, which would say no, is never called).
    serve_embed("ok", NOT_WHITELISTED);
    let script = script_tag(&[("data-shop-slug", "test-shop")]);
    let early = early_call(&url, &shown("#1f6feb"));
    resolve_widget::mount(script.clone().into(), api().into(), early);
    assert!(
        until(|| tile_shadow().is_some()).await,
        "the early answer shows the tile"
    );
    assert_eq!(embed_calls().length(), 0);
    clean_up(&script, "/en-US/returns-7?q=1");

    // Another URL (the loader guessed another API base): ignored, the widget asks itself.
    serve_embed("ok", NOT_WHITELISTED);
    let script = script_tag(&[("data-shop-slug", "test-shop")]);
    let early = early_call(
        "https://elsewhere.example/v1/embed/test-shop?url=x",
        &shown("#1f6feb"),
    );
    resolve_widget::mount(script.clone().into(), api().into(), early);
    assert!(
        until(|| embed_calls().length() == 1).await,
        "the widget asks itself"
    );
    assert_eq!(embed_calls().get(0).as_string(), Some(url));
    sleep(50).await;
    assert!(
        tile_shadow().is_none(),
        "the server's own answer (no) counts"
    );
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn the_tile_goes_into_data_target_when_given() {
    let start = current_path();
    let document = document();
    let target = document.create_element("section").unwrap();
    target.set_id("claims-slot");
    document.body().unwrap().append_child(&target).unwrap();
    serve_embed("ok", &shown("#1f6feb"));
    let script = script_tag(&[
        ("data-shop-slug", "test-shop"),
        ("data-target", "#claims-slot"),
        ("data-language", "pl"),
    ]);
    resolve_widget::mount(script.clone().into(), api().into(), JsValue::UNDEFINED);
    assert!(until(|| tile_shadow().is_some()).await, "the tile appears");
    assert_eq!(tiles()[0].parent_element(), Some(target.clone()));
    assert_eq!(
        tile_text(".title").as_deref(),
        Some(messages(Language::Polish).title)
    );
    clean_up(&script, &start);
    target.remove();
}

#[wasm_bindgen_test]
async fn nothing_renders_when_the_server_says_no_fails_or_talks_nonsense() {
    let start = current_path();
    for (mode, body) in [
        ("ok", NOT_WHITELISTED),
        ("unreachable", ""),
        ("error", r#"{"error": {"code": "internal"}}"#),
        ("ok", "<html>not json</html>"),
        (
            "ok",
            r#"{"show": true, "finder_url": "javascript:alert(1)"}"#,
        ),
        ("ok", r#"{"show": "yes"}"#),
    ] {
        serve_embed(mode, body);
        let (script, api) = mount_with(&[("data-shop-slug", "test-shop")]);
        assert!(
            until(|| embed_calls().length() == 1).await,
            "{mode} {body}: the server is asked"
        );
        // The answer is handled within a few event-loop turns; give it ample time to misbehave.
        sleep(100).await;
        assert!(tiles().is_empty(), "{mode} {body}: no tile");
        assert_eq!(
            flag(&api, "ready"),
            Some(true),
            "{mode} {body}: the API still works"
        );
        clean_up(&script, &start);
    }
}

#[wasm_bindgen_test]
async fn a_slow_server_is_given_up_on() {
    let start = current_path();
    serve_embed("hang", "");
    let script = script_tag(&[("data-shop-slug", "test-shop")]);
    resolve_widget::mount(script.clone().into(), api().into(), JsValue::UNDEFINED);
    assert!(until(|| embed_calls().length() == 1).await);
    sleep(4_200).await;
    assert_eq!(
        aborted_calls(),
        1,
        "the embed call is aborted after four seconds"
    );
    assert!(tiles().is_empty());
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn an_invalid_slug_mounts_nothing_and_calls_nobody() {
    let start = current_path();
    serve_embed("ok", &shown("#1f6feb"));
    for slug in ["", "Test_Shop", "-shop"] {
        let (script, api) = mount_with(&[("data-shop-slug", slug)]);
        sleep(50).await;
        assert_eq!(embed_calls().length(), 0, "{slug:?}");
        assert_eq!(flag(&api, "ready"), None, "{slug:?}");
        clean_up(&script, &start);
        serve_embed("ok", &shown("#1f6feb"));
    }
    restore_fetch();
}

#[wasm_bindgen_test]
async fn a_click_opens_the_finder_with_the_language() {
    let start = current_path();
    push_state("/fr-CA/retours-9");
    serve_embed("ok", &shown("#1f6feb"));
    let stop_catching = catch_clicks();
    let script = script_tag(&[("data-shop-slug", "test-shop")]);
    resolve_widget::mount(script.clone().into(), api().into(), JsValue::UNDEFINED);
    assert!(until(|| button().is_some()).await, "the tile appears");

    button().unwrap().click();
    resolve_widget::open();
    let clicks = caught_clicks();
    let expected = "https://finder.example/resolve/test-shop/finder?ref=help&lang=fr";
    assert_eq!(
        clicks.length(),
        2,
        "the button and open() each ask to open the finder"
    );
    assert_eq!(clicks.get(0).as_string().as_deref(), Some(expected));
    assert_eq!(clicks.get(1).as_string().as_deref(), Some(expected));
    stop_catching.call0(&JsValue::NULL).unwrap();
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn open_before_the_answer_opens_once_the_server_says_yes() {
    let start = current_path();
    push_state("/nl-NL/retour-3");
    serve_embed("ok", &shown("#1f6feb"));
    let stop_catching = catch_clicks();
    let script = script_tag(&[("data-shop-slug", "test-shop")]);
    resolve_widget::mount(script.clone().into(), api().into(), JsValue::UNDEFINED);
    resolve_widget::open();
    assert!(
        until(|| caught_clicks().length() == 1).await,
        "the finder opens"
    );
    assert_eq!(
        caught_clicks().get(0).as_string().as_deref(),
        Some("https://finder.example/resolve/test-shop/finder?ref=help&lang=nl")
    );
    stop_catching.call0(&JsValue::NULL).unwrap();
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn client_side_navigation_relocalises_shows_and_hides_the_tile() {
    let start = current_path();
    push_state("/en-US/returns-1");
    serve_embed("ok", &shown("#1f6feb"));
    let (script, api) = mount_with(&[("data-shop-slug", "test-shop")]);
    let hidden = js_sys::Array::of1(&JsValue::from_f64(0.0));
    resolve_widget::on("hidden", counting_listener(&hidden).into());
    assert!(
        until(|| tile_text(".title").as_deref() == Some(messages(Language::English).title)).await
    );

    push_state("/da-DK/returnering-1");
    let danish = messages(Language::Danish).title;
    assert!(
        until(|| tile_text(".title").as_deref() == Some(danish)).await,
        "re-localised"
    );
    assert_eq!(field(&api, "language").as_deref(), Some("da"));
    assert!(
        until(|| embed_calls().length() == 2).await,
        "the whitelist is asked again"
    );
    sleep(50).await;
    assert_eq!(tiles().len(), 1, "still one tile");

    // The same page again (a replaceState for scroll restoration, say) asks nobody.
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/da-DK/returnering-1#faq"))
        .unwrap();
    sleep(50).await;
    assert_eq!(embed_calls().length(), 2);

    serve_embed("ok", NOT_WHITELISTED);
    push_state("/da-DK/om-os-7");
    assert!(
        until(|| tiles().is_empty()).await,
        "hidden on a page not on the whitelist"
    );
    assert_eq!(hidden.get(0).as_f64(), Some(1.0), "resolve:hidden once");

    serve_embed("ok", &shown("#1f6feb"));
    history.back().unwrap();
    assert!(
        until(|| tile_text(".title").as_deref() == Some(danish)).await,
        "popstate shows it again"
    );
    assert_eq!(tiles().len(), 1);
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn destroy_removes_the_tile_and_every_listener() {
    let start = current_path();
    let own_before = own_history_methods();
    serve_embed("ok", &shown("#1f6feb"));
    let (script, api) = mount_with(&[("data-shop-slug", "test-shop")]);
    let shown_events = js_sys::Array::of1(&JsValue::from_f64(0.0));
    let subscription = resolve_widget::on("resolve:shown", counting_listener(&shown_events).into());
    assert!(subscription > 0);
    assert!(until(|| tile_shadow().is_some()).await);
    assert_eq!(shown_events.get(0).as_f64(), Some(1.0));
    assert!(
        own_history_methods().contains("pushState"),
        "history is followed"
    );

    resolve_widget::destroy();
    assert!(tiles().is_empty(), "the tile is gone");
    assert_eq!(
        own_history_methods(),
        own_before,
        "pushState and replaceState are restored"
    );
    assert_eq!(flag(&api, "ready"), Some(false));

    // No listener is left: navigation asks nobody, and subscribers hear nothing.
    let calls = embed_calls().length();
    push_state("/it-IT/resi-4");
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
    let event = web_sys::CustomEvent::new("resolve:shown").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    sleep(50).await;
    assert_eq!(embed_calls().length(), calls);
    assert_eq!(shown_events.get(0).as_f64(), Some(1.0));
    assert!(tiles().is_empty());

    // And it can be mounted again afterwards.
    resolve_widget::mount(
        script.clone().into(),
        api.clone().into(),
        JsValue::UNDEFINED,
    );
    assert!(until(|| tile_shadow().is_some()).await);
    clean_up(&script, &start);
}

#[wasm_bindgen_test]
async fn no_exception_reaches_the_page() {
    let start = current_path();
    let stop_watching = watch_page_errors();
    serve_embed("ok", &shown("not-a-colour"));
    let script = script_tag(&[("data-shop-slug", "test-shop"), ("data-target", "###")]);
    // Every API call before a widget exists, and after it is gone, is harmless.
    resolve_widget::open();
    resolve_widget::off(999);
    resolve_widget::destroy();
    assert_eq!(
        resolve_widget::on("shown", JsValue::from_str("not a function")),
        0
    );
    resolve_widget::mount(
        JsValue::NULL,
        JsValue::from_str("not an object"),
        JsValue::UNDEFINED,
    );
    let throwing: Function = Closure::<dyn FnMut(JsValue) -> Result<(), JsValue>>::new(|_| {
        Err(JsValue::from_str("a page listener's own bug"))
    })
    .into_js_value()
    .unchecked_into();
    resolve_widget::on("shown", throwing.into());
    let unused = js_sys::Array::of1(&JsValue::from_f64(0.0));
    assert_eq!(
        resolve_widget::on("nonsense", counting_listener(&unused).into()),
        0
    );
    assert!(
        until(|| tile_shadow().is_some()).await,
        "an invalid selector and colour still show the tile"
    );
    let card = tile_shadow()
        .unwrap()
        .query_selector(".tile")
        .unwrap()
        .unwrap();
    let accent = card
        .dyn_into::<HtmlElement>()
        .unwrap()
        .style()
        .get_property_value("--accent")
        .unwrap();
    assert_eq!(accent, resolve_widget::contrast::FALLBACK_ACCENT.to_hex());
    push_state("/es-ES/devoluciones-2");
    serve_embed("ok", "null");
    push_state("/es-ES/devoluciones-3");
    sleep(100).await;
    resolve_widget::destroy();
    resolve_widget::destroy();
    sleep(50).await;
    stop_watching.call0(&JsValue::NULL).unwrap();
    assert_eq!(page_errors().length(), 0, "{:?}", page_errors().to_vec());
    clean_up(&script, &start);
}
