// The Gorgias connection of the shop on screen: the credentials form (checked live by the
// server), the on/off switch and disconnecting. This panel owns the integration as last read;
// every change goes to `onChange(integration)` so diagnostics and the mapping follow it.

import { shopPath } from "./api.js";
import { $, askFirst, clearErrors, setBusy, show, showError, text } from "./dom.js";

/** The integration status for people; `not_connected` is the page's own. */
export const STATUS_TEXT = {
  connected: "Connected",
  auth_failed: "Authentication failed",
  forbidden: "Permission denied",
  unreachable: "Unreachable",
  disabled: "Off",
  not_available: "Not available",
  not_connected: "Not connected",
};

/**
 * The connection's status as this page shows it. A stored connection of a shop the operator has
 * withdrawn Gorgias from delivers nothing, whatever its last check said: it is `not_available`.
 */
export function statusOf(integration, available = true) {
  if (!integration) return "not_connected";
  return available ? integration.status : "not_available";
}

export function createGorgiasPanel({ onChange }) {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;
  /** The integration as the server last answered it; null when not connected. */
  let integration = null;
  /** Whether the operator makes Gorgias available to the shop (from the shop as last read). */
  let available = true;

  /**
   * Takes a new reading. A note about an earlier change ("Saved…", "Disconnected…") would now
   * contradict the badge, so it goes, unless `note` is the one for this change.
   */
  function set(next, note = "") {
    integration = next;
    text("gorgias-saved", note);
    render();
    onChange(integration, available);
  }

  function render() {
    const status = statusOf(integration, available);
    const badge = $("gorgias-status");
    badge.textContent = STATUS_TEXT[status] || status;
    badge.dataset.status = status;
    show("gorgias-connected-tools", !!integration);
    show("gorgias-disconnect-confirm-box", false);
    show("gorgias-disconnect", true);
    if (integration) {
      $("gorgias-endpoint").value = integration.endpoint || "";
      $("gorgias-email").value = integration.email || "";
      $("gorgias-enabled").checked = !!integration.enabled;
      text("gorgias-key-hint", `Stored key ends in ${integration.api_key_hint}. To change the connection, enter the API key again and save.`);
    } else {
      text("gorgias-key-hint", "The key is checked with Gorgias, stored encrypted, and never shown again.");
    }
  }

  $("gorgias-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    const body = { endpoint: $("gorgias-endpoint").value.trim(), email: $("gorgias-email").value.trim(), api_key: $("gorgias-api-key").value.trim() };
    const missing = [
      ["endpoint", "Enter your Gorgias address, like https://your-account.gorgias.com."],
      ["email", "Enter the email of the Gorgias agent whose API key you use."],
      ["api_key", "Paste the API key from Gorgias → Settings → REST API."],
    ].filter(([field]) => !body[field]);
    if (missing.length) {
      for (const [field, message] of missing) showError(form, "gorgias-error", { field, message });
      form.querySelector(`[data-field="${missing[0][0]}"]`).focus();
      return;
    }
    const current = shop;
    const button = $("gorgias-save");
    setBusy(button, true);
    button.textContent = "Checking with Gorgias…";
    const result = await current.client.put(shopPath(current.slug, "/integrations/gorgias"), body);
    setBusy(button, false);
    button.textContent = "Save";
    if (current !== shop) return;
    if (!result.ok) {
      if (result.error.code === "gorgias_not_available") show("gorgias-not-available", true);
      // The server names the field of every Gorgias check's refusal (`email` for a user without
      // the permission, `api_key` for a refused key, `endpoint` for the address).
      return showError(form, "gorgias-error", result.error);
    }
    $("gorgias-api-key").value = "";
    const saved = result.data;
    const state = saved.enabled ? "tickets are created from claims" : "ticket creation is off";
    set(saved, `Saved. Gorgias accepted the credentials; status: ${STATUS_TEXT[statusOf(saved, available)] || saved.status}, ${state}.`);
  });

  $("gorgias-enabled").addEventListener("change", async (event) => {
    const box = event.currentTarget;
    const current = shop;
    text("gorgias-toggle-error", "");
    box.disabled = true;
    const result = await current.client.patch(shopPath(current.slug, "/integrations/gorgias"), { enabled: box.checked });
    box.disabled = false;
    if (current !== shop) return;
    if (!result.ok) {
      box.checked = !box.checked;
      return text("gorgias-toggle-error", result.error.message);
    }
    set(result.data);
  });

  askFirst("gorgias-disconnect");
  $("gorgias-disconnect-confirm").addEventListener("click", async () => {
    const current = shop;
    text("gorgias-toggle-error", "");
    const result = await current.client.delete(shopPath(current.slug, "/integrations/gorgias"));
    if (current !== shop) return;
    if (!result.ok) return text("gorgias-toggle-error", result.error.message);
    $("gorgias-endpoint").value = "";
    $("gorgias-email").value = "";
    set(null, "Disconnected. The stored credentials were removed; claims wait until you connect again.");
  });

  return {
    /** Starts the panel for the shop `context`; its connection comes with `set` once read. */
    open(context) {
      shop = context;
    },
    /** Takes a newer reading of the connection, e.g. from a diagnostics refresh. */
    set: (next) => set(next),
    /** Follows the operator's choice whether Gorgias is available to the shop. */
    setAvailable(isAvailable) {
      available = isAvailable;
      render();
      onChange(integration, available);
    },
    close() {
      shop = null;
      integration = null;
      // Blank until read: "Not connected" before the answer would contradict a connected shop.
      const badge = $("gorgias-status");
      badge.textContent = "";
      badge.dataset.status = "";
      show("gorgias-connected-tools", false);
    },
  };
}
