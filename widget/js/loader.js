// The part of bundle.min.js that runs before and around the Wasm: it loads the Wasm, turns the
// page's `window.Resolve` stub (if any) into the API and replays its queued calls, and explains
// the failures that happen before Rust runs (old browser, Wasm blocked by the page's CSP).
// Everything else is in Rust. scripts/build-sdk.mjs bundles this module with wasm-bindgen's glue
// (`--target web`) into one classic script in its own function scope, so nothing but `Resolve`
// reaches the host page, and glue this file does not use is left out.
import initWasm, { destroy, mount, off, on, open } from "resolve-widget-glue";

// Only set while the script's top level runs (null in callbacks and after `await`).
const currentScript = document.currentScript;
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
  try {
    return new URL(WASM_FILE, (script && script.src) || document.baseURI).href;
  } catch (_) {
    return WASM_FILE;
  }
}

// Chromium and Firefox throw a CompileError, Safari an EvalError; the message names the policy.
function blockedByCsp(error) {
  const text = String((error && error.message) || error);
  return (error && error.name === "EvalError") || /content.security.policy|unsafe-eval|wasm-eval/i.test(text);
}

function supported() {
  return (
    typeof WebAssembly === "object" &&
    typeof fetch === "function" &&
    typeof AbortSignal === "function" &&
    typeof AbortSignal.timeout === "function" &&
    typeof queueMicrotask === "function" &&
    typeof CustomEvent === "function" &&
    typeof Element === "function" &&
    typeof Element.prototype.attachShadow === "function"
  );
}

// Encodes as the Wasm does: every byte but A-Z a-z 0-9 - _ . ~ as %XX.
function encode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

// Starts the embed call while the Wasm loads, so the answer is there when Rust asks for it. Only
// a start: Rust uses the answer only when it would ask this very URL (else it asks itself), and
// judges it like any other. Unusual tags (no slug, an odd data-api-base) are left to Rust.
function earlyCall(script) {
  try {
    const slug = script.getAttribute("data-shop-slug").trim();
    const base = (script.getAttribute("data-api-base") || "").trim().replace(/\/+$/, "") || new URL(script.src).origin;
    if (!/^[a-z0-9-]+$/.test(slug) || !/^https?:\/\/[^/?#]/i.test(base)) return undefined;
    const url = base + "/v1/embed/" + slug + "?url=" + encode(location.href.split(/[?#]/)[0]);
    const response = fetch(url, { signal: AbortSignal.timeout(4000) });
    // Rust handles a failure; until it is there, the page must not see an unhandled rejection.
    response.catch(() => {});
    return { url, response };
  } catch (_) {
    return undefined;
  }
}

const existing = window[GLOBAL];
// Mount once: a second copy of the tag (or of the bundle) finds the first one's mark.
if (!(existing && existing.loaded)) {
  const api = existing && typeof existing === "object" ? existing : {};
  const queue = Array.isArray(api.q) ? api.q : [];
  let loaded = false;

  // Runs `[method, ...args]` now, or queues it until the Wasm is ready. Never throws.
  const run = (call) => {
    if (!loaded) return void queue.push(call);
    try {
      const method = call[0];
      if (method === "on") {
        const id = on(String(call[1]), call[2]);
        if (call[3]) call[3].id = id;
      } else if (method === "off") {
        if (call[1] && call[1].id) off(call[1].id);
      } else if (method === "open") {
        open();
      } else if (method === "destroy") {
        destroy();
      } else {
        warn("unknown call Resolve." + method + "(); use open, destroy or on");
      }
    } catch (error) {
      warn("Resolve." + call[0] + "() failed: " + ((error && error.message) || error));
    }
  };

  window[GLOBAL] = api;
  api.loaded = true;
  api.ready = false;
  api.q = queue;
  api.open = () => run(["open"]);
  api.destroy = () => run(["destroy"]);
  api.on = (event, listener) => {
    const subscription = { id: 0 };
    run(["on", event, listener, subscription]);
    return () => run(["off", subscription]);
  };

  const boot = async () => {
    if (!supported()) {
      warn("the tile is not shown: this browser lacks WebAssembly, fetch or Shadow DOM");
      return;
    }
    const loading = initWasm({ module_or_path: wasmUrl(currentScript) });
    const early = earlyCall(currentScript);
    try {
      await loading;
    } catch (error) {
      if (blockedByCsp(error)) {
        warn(
          "the tile is not shown: this page's Content-Security-Policy does not allow WebAssembly; " +
            "add 'wasm-unsafe-eval' to its script-src directive",
        );
      } else {
        warn("the tile is not shown: its WebAssembly could not be loaded from " + wasmUrl(currentScript) +
          " (" + ((error && error.message) || error) + ")");
      }
      return;
    }
    loaded = true;
    mount(currentScript, api, early);
    // Calls made before the bundle finished loading, in order; later pushes run at once.
    queue.splice(0).forEach(run);
    api.q = { push: (...calls) => calls.forEach(run) };
  };
  boot().catch((error) => warn("the tile could not start: " + ((error && error.message) || error)));
}
