// The operator's panel: create a shop (its key shown once), and open any shop by its slug.

import { shopPath } from "./api.js";
import { $, clearErrors, copyInput, setBusy, show, showError, text } from "./dom.js";

/**
 * Wires the operator panel. `onOpen(shop)` opens the shop the operator asked for. `open(client)`
 * starts it for a signed-in operator; `close()` forgets the client.
 */
export function createOperatorPanel({ onOpen }) {
  /** The operator's client while signed in, else null. */
  let client = null;

  $("create-shop-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    show("created-shop", false);
    const slug = $("create-slug").value.trim();
    const name = $("create-name").value.trim();
    if (!slug) {
      text("create-slug-error", "Enter a slug: 1–63 characters of a-z, 0-9 and -, not starting or ending with -.");
      return $("create-slug").focus();
    }
    const button = $("create-submit");
    const caller = client;
    setBusy(button, true);
    const result = await caller.post("/v1/shops", { slug, name: name || slug });
    setBusy(button, false);
    if (caller !== client) return;
    // A taken slug comes without a field: it can only be the slug.
    if (!result.ok) return showError(form, "create-error", result.error, { slug_taken: "slug", invalid_slug: "slug" });
    $("created-key").value = result.data.api_key;
    text("copy-result", "");
    show("created-shop", true);
    $("create-slug").value = "";
    $("create-name").value = "";
    $("open-slug").value = result.data.slug;
    loadShopSlugs();
    $("created-key").focus();
    $("created-key").select();
  });

  $("copy-key").addEventListener("click", () => copyInput($("created-key"), "copy-result", "key"));

  $("open-shop-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    text("open-slug-error", "");
    const slug = $("open-slug").value.trim().toLowerCase();
    if (!slug) {
      text("open-slug-error", "Enter the slug of the shop to open.");
      return $("open-slug").focus();
    }
    const button = $("open-shop");
    const caller = client;
    setBusy(button, true);
    const result = await caller.get(shopPath(slug));
    setBusy(button, false);
    if (caller !== client) return;
    if (!result.ok) return text("open-slug-error", result.status === 404 ? `There is no shop "${slug}".` : result.error.message);
    onOpen(result.data);
  });

  /** Offers every shop's slug in "Open a shop". */
  async function loadShopSlugs() {
    const caller = client;
    if (!caller) return;
    const result = await caller.get("/v1/shops");
    if (caller === client && result.ok) fillShopSlugs(result.data.shops);
  }

  function fillShopSlugs(shops) {
    $("shop-slugs").replaceChildren(
      ...shops.map((entry) => {
        const option = document.createElement("option");
        option.value = entry.slug;
        option.textContent = entry.name;
        return option;
      }),
    );
  }

  return {
    /** Starts the panel for the operator's `client`, with the shop list when already read. */
    open(operatorClient, shops) {
      client = operatorClient;
      if (shops) fillShopSlugs(shops);
      else loadShopSlugs();
    },
    close() {
      client = null;
      $("created-key").value = "";
      show("created-shop", false);
      $("shop-slugs").replaceChildren();
    },
  };
}
