//! Browser tests of the Wasm entry points, run in headless Chromium by `wasm-pack test`.
#![cfg(target_arch = "wasm32")]

use resolve_widget::language_for_path;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_page_url_of_the_test_browser_maps_to_a_language() {
    let path = web_sys::window()
        .expect("a browser test runs in a window")
        .location()
        .pathname()
        .expect("the location has a path");
    // The runner's page is not a Help Center page, so the tile falls back to English.
    assert_eq!(language_for_path(&path), "en");
    assert_eq!(language_for_path("/da-DK/returnering-9"), "da");
}
