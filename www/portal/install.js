// The script tag the merchant pastes into the Help Center, for the shop on screen: the SDK from
// this server and the shop's slug, exactly as the demo Help Center carries it.

import { $, copyInput, text } from "./dom.js";

/** The tag for shop `slug` with the SDK served by `base` (the server's public origin). */
export function scriptTag(base, slug) {
  const escape = (value) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<script src="${escape(base)}/sdk/latest/bundle.min.js" data-shop-slug="${escape(slug)}"></script>`;
}

export function createInstallPanel() {
  $("install-copy").addEventListener("click", () => copyInput($("install-tag"), "install-copy-result", "tag"));

  return {
    open(context) {
      $("install-tag").value = scriptTag(context.client.base, context.slug);
      text("install-copy-result", "");
    },
    close() {
      $("install-tag").value = "";
      text("install-copy-result", "");
    },
  };
}
