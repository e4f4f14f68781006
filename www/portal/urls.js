// The Help Center whitelist of the shop on screen: the pages the tile may show on. Merchants add
// and remove entries; the operator also approves pending ones.

import { shopPath } from "./api.js";
import { $, button, setBusy, show, showError, text } from "./dom.js";
import { because } from "./wording.js";

export function createUrlsPanel() {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;

  async function load() {
    const current = shop;
    const result = await current.client.get(shopPath(current.slug, "/help-center/urls"));
    if (current !== shop) return;
    if (!result.ok) return text("url-error", because("Could not load the Help Center URLs", result.error));
    render(result.data.urls || []);
  }

  function render(urls) {
    const list = $("url-list");
    list.replaceChildren();
    for (const entry of urls) {
      const item = document.createElement("li");
      item.setAttribute("data-testid", "url-item");
      item.dataset.id = entry.id;
      item.dataset.status = entry.status;
      const url = document.createElement("span");
      url.className = "url";
      url.textContent = entry.url;
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.state = entry.status === "approved" ? "ok" : "pending";
      badge.setAttribute("data-testid", "url-status");
      badge.textContent = entry.status;
      item.append(badge, url);
      if (shop.role === "operator" && entry.status !== "approved") {
        item.append(button("Approve", "url-approve", "secondary small", () => approve(entry)));
      }
      item.append(button("Remove", "url-remove", "danger-ghost small", () => remove(entry), `Remove ${entry.url}`));
      list.append(item);
    }
    show("url-empty", urls.length === 0);
  }

  $("url-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    text("url-error", "");
    $("url-input").removeAttribute("aria-invalid");
    const url = $("url-input").value.trim();
    if (!url) {
      text("url-error", "Paste the address of a Help Center page, like https://help.your-shop.com/en-US/return-policy-1001.");
      return $("url-input").focus();
    }
    const current = shop;
    const submit = $("url-add");
    setBusy(submit, true);
    const result = await current.client.post(shopPath(current.slug, "/help-center/urls"), { url });
    setBusy(submit, false);
    if (current !== shop) return;
    // Whatever the server refused here, the URL is the one thing the merchant can change.
    if (!result.ok) return showError(form.parentElement, "url-error", { ...result.error, field: "url" });
    $("url-input").value = "";
    load();
  });

  async function approve(entry) {
    const current = shop;
    text("url-error", "");
    const result = await current.client.post(shopPath(current.slug, `/help-center/urls/${encodeURIComponent(entry.id)}/approve`));
    if (current !== shop) return;
    if (!result.ok) return text("url-error", result.error.message);
    load();
  }

  async function remove(entry) {
    const current = shop;
    text("url-error", "");
    const result = await current.client.delete(shopPath(current.slug, `/help-center/urls/${encodeURIComponent(entry.id)}`));
    if (current !== shop) return;
    if (!result.ok) return text("url-error", result.error.message);
    load();
  }

  return {
    open(context) {
      shop = context;
      load();
    },
    close() {
      shop = null;
      $("url-list").replaceChildren();
    },
  };
}
