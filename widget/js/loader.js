// The part of bundle.min.js that runs before and around the Wasm. scripts/build-sdk.mjs wraps
// this file and wasm-bindgen's no-modules glue in one function scope, so nothing but the
// `Resolve` global reaches the host page. `currentScript` is bound by that wrapper on the
// bundle's first line, while the browser still reports it.
/* global currentScript, wasm_bindgen */

const GLOBAL = "Resolve";
const WASM_FILE = "resolve_widget_bg.wasm";

function warn(message) {
  try {
    console.warn("[resolve] " + message);
  } catch (_) {
    // A console that throws must not break the host page either.
  }
}

function wasmUrl(script) {
  const src = (script && script.src) || "";
  try {
    return new URL(WASM_FILE, src || document.baseURI).href;
  } catch (_) {
    return WASM_FILE;
  }
}

async function boot(script) {
  if (typeof WebAssembly !== "object") {
    warn("this browser cannot run WebAssembly, so the Resolve tile is not shown");
    return;
  }
  await wasm_bindgen({ module_or_path: wasmUrl(script) });
  const api = window[GLOBAL];
  api.language = wasm_bindgen.languageForPath(location.pathname);
  api.ready = true;
}

if (!window[GLOBAL] || !window[GLOBAL].loaded) {
  const api = (window[GLOBAL] = window[GLOBAL] || {});
  api.loaded = true;
  boot(currentScript).catch((error) => {
    warn("the tile could not start: " + ((error && error.message) || error));
  });
}
