// The operator's tools for the shop on screen: make Gorgias available, and issue a new merchant
// key (the old one stops at once; the new one is shown once).

import { shopPath } from "./api.js";
import { $, askFirst, setBusy, show, text } from "./dom.js";

/** `onShop(shop)` gets the shop as the server answered a change to it. */
export function createShopToolsPanel({ onShop }) {
  /** `{client, role, slug}` of the shop on screen (operator only), or null. */
  let shop = null;

  $("gorgias-available").addEventListener("change", async (event) => {
    const box = event.currentTarget;
    const current = shop;
    text("gorgias-available-error", "");
    box.disabled = true;
    const result = await current.client.patch(shopPath(current.slug), { gorgias_available: box.checked });
    box.disabled = false;
    if (current !== shop) return;
    if (!result.ok) {
      box.checked = !box.checked;
      return text("gorgias-available-error", result.error.message);
    }
    onShop(result.data);
  });

  askFirst("replace-key");
  $("replace-key-confirm").addEventListener("click", async () => {
    const button = $("replace-key-confirm");
    const current = shop;
    text("replace-key-error", "");
    setBusy(button, true);
    const result = await current.client.post(shopPath(current.slug, "/api-key"));
    setBusy(button, false);
    show("replace-key-confirm-box", false);
    show("replace-key", true);
    if (current !== shop) return;
    if (!result.ok) return text("replace-key-error", result.error.message);
    $("replaced-key-value").value = result.data.api_key;
    show("replaced-key", true);
    $("replaced-key-value").focus();
    $("replaced-key-value").select();
  });

  /** A key issued for one shop must never stay on screen under another, or after signing out. */
  function forgetKey() {
    $("replaced-key-value").value = "";
    show("replaced-key", false);
  }

  return {
    open(context) {
      shop = context.role === "operator" ? context : null;
      forgetKey();
    },
    close() {
      shop = null;
      forgetKey();
    },
  };
}
