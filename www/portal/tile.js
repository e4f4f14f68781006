// The tile's branding for the shop on screen: accent colour and logo. The colour picker and the
// text field show the same colour; the text field is what is saved.

import { shopPath } from "./api.js";
import { $, clearErrors, setBusy, showError, text } from "./dom.js";

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

export function createTilePanel() {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;

  function fill(tile) {
    if (!tile) return;
    $("tile-accent").value = tile.accent_color || "";
    if (HEX_COLOUR.test(tile.accent_color || "")) $("tile-accent-picker").value = tile.accent_color;
    $("tile-logo").value = tile.logo_url || "";
  }

  $("tile-accent-picker").addEventListener("input", (event) => {
    $("tile-accent").value = event.currentTarget.value;
  });
  $("tile-accent").addEventListener("input", (event) => {
    const value = event.currentTarget.value.trim();
    if (HEX_COLOUR.test(value)) $("tile-accent-picker").value = value.toLowerCase();
  });

  $("tile-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    const logo = $("tile-logo").value.trim();
    // The server checks both values and explains what it refuses.
    const body = { accent_color: $("tile-accent").value, logo_url: logo || null };
    const current = shop;
    const submit = $("tile-save");
    setBusy(submit, true);
    const result = await current.client.put(shopPath(current.slug, "/tile"), body);
    setBusy(submit, false);
    if (current !== shop) return;
    if (!result.ok) return showError(form, "tile-error", result.error);
    fill(result.data);
    text("tile-saved", "Tile saved. Help Center pages show it within a minute.");
  });

  return {
    /** Shows the stored `tile` (from the shop) for the shop `context`. */
    open(context, tile) {
      shop = context;
      fill(tile);
    },
    close() {
      shop = null;
    },
  };
}
