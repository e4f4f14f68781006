// The page of one shop: its heading and every panel under it. This module decides what each
// panel is shown: the shop `{client, role, slug}` goes to every panel when the shop opens, and
// the Gorgias panel's integration goes on to diagnostics and the mapping.

import { shopPath } from "./api.js";
import { $, clearErrors, globalError, show, text } from "./dom.js";
import { because } from "./wording.js";
import { createClaimsPanel } from "./claims.js";
import { createDiagnosticsPanel } from "./diagnostics.js";
import { createGorgiasPanel } from "./gorgias.js";
import { createInstallPanel } from "./install.js";
import { createMappingPanel } from "./mapping.js";
import { createShopToolsPanel } from "./shop-tools.js";
import { createTilePanel } from "./tile.js";
import { createUrlsPanel } from "./urls.js";

/** `onShop(shop)` learns each fresh reading of the shop (the top bar shows its slug). */
export function createShopPage({ onShop }) {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let current = null;

  const mapping = createMappingPanel();
  const diagnostics = createDiagnosticsPanel({ onRefresh: () => refreshStatus() });
  const gorgias = createGorgiasPanel({
    onChange(integration, available) {
      diagnostics.render(integration, available);
      mapping.connected(!!integration);
    },
  });
  const urls = createUrlsPanel();
  const tile = createTilePanel();
  const claims = createClaimsPanel({ onRetried: () => refreshStatus() });
  const tools = createShopToolsPanel({ onShop: (shop) => renderShop(shop) });
  const install = createInstallPanel();

  function renderShop(shop) {
    text("shop-name", shop.name || shop.slug);
    text("shop-slug", shop.slug);
    const badge = $("shop-available");
    badge.textContent = shop.gorgias_available ? "Gorgias available" : "Gorgias not available";
    badge.dataset.state = shop.gorgias_available ? "ok" : "off";
    $("gorgias-available").checked = !!shop.gorgias_available;
    show("gorgias-not-available", !shop.gorgias_available);
    gorgias.setAvailable(!!shop.gorgias_available);
  }

  /** Reads the connection: `{ok, integration}`; a failure is shown and keeps the last reading. */
  async function readIntegration(context) {
    const result = await context.client.get(shopPath(context.slug, "/integrations/gorgias"));
    if (result.ok) return { ok: true, integration: result.data };
    if (result.status === 404) return { ok: true, integration: null };
    globalError(because("Could not load the Gorgias connection", result.error));
    return { ok: false, integration: null };
  }

  /** Opens the shop `slug` for `client` (`role` decides what may be done) and loads it all. */
  async function open(client, role, slug) {
    close();
    const context = { client, role, slug };
    current = context;
    for (const panel of [mapping, diagnostics, gorgias, tools, install]) panel.open(context);
    show("shop-panel", true);
    globalError("");
    const [shopResult, connection] = await Promise.all([client.get(shopPath(slug)), readIntegration(context)]);
    if (current !== context) return;
    if (!shopResult.ok) return globalError(because("Could not load the shop", shopResult.error));
    const shop = shopResult.data;
    onShop(shop);
    renderShop(shop);
    if (connection.ok) gorgias.set(connection.integration);
    urls.open(context);
    claims.open(context);
    tile.open(context, shop.tile);
    if (connection.integration) mapping.load();
  }

  /**
   * Reloads what changes on its own as claims are delivered (the connection's diagnostics and the
   * claim list), leaving the forms alone so that unsaved edits stay.
   */
  async function refreshStatus() {
    const context = current;
    if (!context) return;
    // The shop too: the operator may have withdrawn Gorgias meanwhile.
    const [shopResult, connection] = await Promise.all([context.client.get(shopPath(context.slug)), readIntegration(context)]);
    if (current !== context) return;
    if (shopResult.ok) renderShop(shopResult.data);
    if (!connection.ok) return;
    gorgias.set(connection.integration);
    await claims.reload();
  }

  /** Empties the page: nothing of one shop stays on screen under another, or signed out. */
  function close() {
    current = null;
    for (const panel of [mapping, diagnostics, gorgias, urls, tile, claims, tools, install]) panel.close();
    const page = $("shop-panel");
    clearErrors(page);
    for (const form of page.querySelectorAll("form")) form.reset();
    show("shop-panel", false);
  }

  return { open, close };
}
