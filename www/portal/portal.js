// The merchant portal: Settings → Integrations → Gorgias, the Help Center whitelist, the ticket
// mapping and diagnostics for one shop, plus the operator's tools (create shops, make Gorgias
// available, approve Help Center URLs). Everything goes through the server's public API; data
// from the server is only ever set with textContent.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SESSION_KEY = "resolve-portal-session";

  function meta(name) {
    const el = document.querySelector(`meta[name="${name}"]`);
    const value = el ? el.getAttribute("content") || "" : "";
    return value.startsWith("__") ? "" : value;
  }

  const apiBase = (meta("resolve-public-url") || location.origin).replace(/\/+$/, "");

  /** `{token, role: "merchant"|"operator", slug}` of this tab, or null when signed out. */
  let session = null;
  /** The shop on screen: the merchant's own, or the one the operator opened. */
  let shop = null;
  let integration = null;

  function loadSession() {
    try {
      session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    } catch {
      session = null;
    }
  }

  function saveSession() {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  }

  // ---- the API ----------------------------------------------------------------------------

  /**
   * Calls the Resolve API. Resolves to `{ok, status, data, error}` where `error` always has a
   * `message` a person can act on: the server's own, or one written here for network failures.
   */
  async function api(method, path, body, token) {
    const headers = { Accept: "application/json" };
    const bearer = token || (session && session.token);
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(apiBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    } catch {
      return {
        ok: false,
        status: 0,
        data: null,
        error: { code: "network", message: `Could not reach the Resolve server at ${apiBase}. Check that it is running and that you are online, then try again.` },
      };
    }
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (response.ok) return { ok: true, status: response.status, data, error: null };
    const error = (data && data.error) || { code: `http_${response.status}`, message: `The server answered ${response.status} ${response.statusText} without an explanation. Try again, and tell the operator if it persists.` };
    if (response.status === 401 && session && bearer === session.token) {
      // The key stopped working (rotated or mistyped): back to sign-in with the reason.
      signOut(`Signed out: ${error.message}`);
    }
    return { ok: false, status: response.status, data, error };
  }

  const shopPath = (suffix) => `/v1/shops/${encodeURIComponent(shop.slug)}${suffix || ""}`;

  // ---- small view helpers -----------------------------------------------------------------

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  function text(id, value) {
    $(id).textContent = value === null || value === undefined || value === "" ? "" : String(value);
  }

  function when(iso) {
    if (!iso) return "never";
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : `${date.toLocaleString()} (${iso})`;
  }

  /** Clears the error texts and invalid marks inside one container. */
  function clearErrors(container) {
    for (const node of container.querySelectorAll(".field-error, .form-error, .success")) node.textContent = "";
    for (const node of container.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  }

  /**
   * Puts the server's message next to the field it names; falls back to the form's general
   * error line. `fieldFor` maps error codes to fields when the server gave none.
   */
  function showError(container, formErrorId, error, fieldFor) {
    const field = error.field || (fieldFor && fieldFor[error.code]);
    const target = field ? container.querySelector(`[data-error-for="${CSS.escape(field)}"]`) : null;
    if (target) {
      target.textContent = error.message;
      const input = container.querySelector(`[data-field="${CSS.escape(field)}"]`);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
    } else {
      text(formErrorId, error.message);
    }
  }

  /**
   * Wires a destructive button `id` to ask first: clicking it shows `{id}-confirm-box` (with the
   * real `{id}-confirm` button and `{id}-cancel`) in its place; cancelling puts it back.
   */
  function askFirst(id) {
    $(id).addEventListener("click", () => {
      show(id, false);
      show(`${id}-confirm-box`, true);
      $(`${id}-cancel`).focus();
    });
    $(`${id}-cancel`).addEventListener("click", () => {
      show(`${id}-confirm-box`, false);
      show(id, true);
      $(id).focus();
    });
  }

  function setBusy(button, busy) {
    button.disabled = busy;
    button.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function globalError(message) {
    text("global-error", message);
    show("global-error", !!message);
  }

  // ---- sign-in ----------------------------------------------------------------------------

  function signOut(reason) {
    session = null;
    shop = null;
    integration = null;
    saveSession();
    // Nothing of the previous session stays on screen, least of all a freshly created key.
    clearErrors(document);
    $("created-key").value = "";
    show("created-shop", false);
    $("replaced-key-value").value = "";
    show("replaced-key", false);
    for (const form of document.querySelectorAll("form")) form.reset();
    $("url-list").replaceChildren();
    render();
    text("signin-error", reason || "");
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    const token = $("signin-key").value.trim();
    const slug = $("signin-slug").value.trim().toLowerCase();
    if (!token) {
      text("signin-key-error", "Paste your merchant key (rk_…) or the operator token.");
      return $("signin-key").focus();
    }
    const role = token.startsWith("rk_") ? "merchant" : "operator";
    if (role === "merchant" && !slug) {
      text("signin-slug-error", "A merchant key belongs to one shop: enter that shop's slug too.");
      return $("signin-slug").focus();
    }
    const button = $("signin-submit");
    setBusy(button, true);
    // A merchant key (or an operator token with a slug) is checked right away by reading the
    // shop; an operator token alone by listing the shops.
    if (slug) {
      const result = await api("GET", `/v1/shops/${encodeURIComponent(slug)}`, undefined, token);
      setBusy(button, false);
      if (!result.ok) {
        const message =
          result.status === 401
            ? `That ${role === "merchant" ? "merchant key" : "operator token"} was not accepted: ${result.error.message}`
            : result.status === 404
              ? `No shop "${slug}" for this key. Check the slug: a merchant key only opens its own shop.`
              : result.error.message;
        return text("signin-error", message);
      }
      session = { token, role, slug };
      saveSession();
      $("signin-key").value = "";
      shop = result.data;
      render();
      loadShopSlugs();
      return loadShop();
    }
    const result = await api("GET", "/v1/shops", undefined, token);
    setBusy(button, false);
    if (!result.ok) {
      return text("signin-error", result.status === 401 ? `That operator token was not accepted: ${result.error.message}` : result.error.message);
    }
    session = { token, role, slug: null };
    saveSession();
    $("signin-key").value = "";
    render();
    fillShopSlugs(result.data.shops);
  });

  $("signout").addEventListener("click", () => signOut(""));

  // ---- operator ---------------------------------------------------------------------------

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
    setBusy(button, true);
    const result = await api("POST", "/v1/shops", { slug, name: name || slug });
    setBusy(button, false);
    if (!result.ok) return showError(form, "create-error", result.error, { invalid_slug: "slug", slug_taken: "slug" });
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

  /** Offers every shop's slug in "Open a shop" (the operator's list). */
  async function loadShopSlugs() {
    if (!session || session.role !== "operator") return;
    const result = await api("GET", "/v1/shops");
    if (result.ok) fillShopSlugs(result.data.shops);
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

  askFirst("replace-key");
  $("replace-key-confirm").addEventListener("click", async () => {
    const button = $("replace-key-confirm");
    text("replace-key-error", "");
    setBusy(button, true);
    const result = await api("POST", shopPath("/api-key"));
    setBusy(button, false);
    show("replace-key-confirm-box", false);
    show("replace-key", true);
    if (!result.ok) return text("replace-key-error", result.error.message);
    $("replaced-key-value").value = result.data.api_key;
    show("replaced-key", true);
    $("replaced-key-value").focus();
    $("replaced-key-value").select();
  });

  $("copy-key").addEventListener("click", async () => {
    const input = $("created-key");
    try {
      await navigator.clipboard.writeText(input.value);
      text("copy-result", "Copied to the clipboard.");
    } catch {
      input.focus();
      input.select();
      text("copy-result", "The browser did not allow copying: the key is selected, press Ctrl+C (⌘C on a Mac).");
    }
  });

  $("open-shop-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    text("open-slug-error", "");
    const slug = $("open-slug").value.trim().toLowerCase();
    if (!slug) {
      text("open-slug-error", "Enter the slug of the shop to open.");
      return $("open-slug").focus();
    }
    const button = $("open-shop");
    setBusy(button, true);
    const result = await api("GET", `/v1/shops/${encodeURIComponent(slug)}`);
    setBusy(button, false);
    if (!result.ok) return text("open-slug-error", result.status === 404 ? `There is no shop "${slug}".` : result.error.message);
    shop = result.data;
    integration = null;
    // A key issued for the previous shop must not stay on screen under this one.
    $("replaced-key-value").value = "";
    show("replaced-key", false);
    clearErrors($("shop-panel"));
    for (const form of $("shop-panel").querySelectorAll("form")) form.reset();
    session.slug = shop.slug;
    saveSession();
    render();
    loadShop();
  });

  $("gorgias-available").addEventListener("change", async (event) => {
    const box = event.currentTarget;
    text("gorgias-available-error", "");
    box.disabled = true;
    const result = await api("PATCH", shopPath(), { gorgias_available: box.checked });
    box.disabled = false;
    if (!result.ok) {
      box.checked = !box.checked;
      return text("gorgias-available-error", result.error.message);
    }
    shop = result.data;
    renderShop();
  });

  // ---- one shop ---------------------------------------------------------------------------

  async function loadShop() {
    globalError("");
    const [shopResult, integrationResult] = await Promise.all([api("GET", shopPath()), api("GET", shopPath("/integrations/gorgias"))]);
    if (!session) return;
    if (!shopResult.ok) return globalError(`Could not load the shop: ${shopResult.error.message}`);
    shop = shopResult.data;
    render();
    if (integrationResult.ok) integration = integrationResult.data;
    else if (integrationResult.status === 404) integration = null;
    else globalError(`Could not load the Gorgias connection: ${integrationResult.error.message}`);
    renderShop();
    renderIntegration();
    loadUrls();
    loadClaims(false);
    fillTile(shop.tile);
    if (integration) loadMapping();
  }

  /**
   * Reloads what changes on its own as claims are delivered (the connection's diagnostics and the
   * claim list), leaving the forms alone so that unsaved edits stay.
   */
  async function refreshStatus() {
    const result = await api("GET", shopPath("/integrations/gorgias"));
    if (!session) return;
    if (result.ok) integration = result.data;
    else if (result.status === 404) integration = null;
    else return globalError(`Could not load the Gorgias connection: ${result.error.message}`);
    renderIntegration();
    await loadClaims(false);
  }

  /** Fills the mapping editor with the stored mapping (only a connected shop has one). */
  async function loadMapping() {
    const result = await api("GET", shopPath("/integrations/gorgias/mapping"));
    if (result.ok && result.data) fillMapping(result.data);
    else if (!result.ok && result.status !== 404) text("mapping-error", `Could not load the mapping: ${result.error.message}`);
  }

  function renderShop() {
    text("shop-name", shop.name || shop.slug);
    text("shop-slug", shop.slug);
    const badge = $("shop-available");
    badge.textContent = shop.gorgias_available ? "Gorgias available" : "Gorgias not available";
    badge.dataset.state = shop.gorgias_available ? "ok" : "off";
    $("gorgias-available").checked = !!shop.gorgias_available;
    show("gorgias-not-available", !shop.gorgias_available);
  }

  // ---- Gorgias connection -----------------------------------------------------------------

  const STATUS_TEXT = {
    connected: "Connected",
    auth_failed: "Authentication failed",
    forbidden: "Permission denied",
    unreachable: "Unreachable",
    disabled: "Off",
    not_connected: "Not connected",
  };

  const ADVICE = {
    connected: "Claims become tickets as they arrive.",
    auth_failed: "Gorgias no longer accepts the email and API key. Create a new API key in Gorgias (Settings → REST API) and save it here; waiting claims are then delivered.",
    forbidden: "The Gorgias user lacks a permission the integration needs. Use an admin agent's email and API key.",
    unreachable: "Gorgias did not answer. Claims wait and are retried automatically.",
    disabled: "Ticket creation is off: claims are stored and wait until you switch it on.",
    not_connected: "Connect Gorgias above: claims are stored and wait until then.",
  };

  function renderIntegration() {
    const status = integration ? integration.status : "not_connected";
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
    renderDiagnostics();
    // The mapping belongs to the connection: nothing to save until Gorgias is connected.
    show("mapping-needs-connection", !integration);
    $("mapping-save").disabled = !integration;
  }

  // The server names the field for most errors; these codes are the Gorgias check's answers.
  const GORGIAS_FIELD_FOR = {
    invalid_endpoint: "endpoint",
    gorgias_account_not_found: "endpoint",
    gorgias_unreachable: "endpoint",
    gorgias_auth_failed: "api_key",
    gorgias_forbidden: "api_key",
    invalid_email: "email",
  };

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
    const button = $("gorgias-save");
    setBusy(button, true);
    button.textContent = "Checking with Gorgias…";
    const result = await api("PUT", shopPath("/integrations/gorgias"), body);
    setBusy(button, false);
    button.textContent = "Save";
    if (!result.ok) {
      if (result.error.code === "gorgias_not_available") show("gorgias-not-available", true);
      return showError(form, "gorgias-error", result.error, GORGIAS_FIELD_FOR);
    }
    $("gorgias-api-key").value = "";
    integration = result.data;
    renderIntegration();
    loadMapping();
    text("gorgias-saved", `Saved. Gorgias accepted the credentials; status: ${STATUS_TEXT[integration.status] || integration.status}.`);
  });

  $("gorgias-enabled").addEventListener("change", async (event) => {
    const box = event.currentTarget;
    text("gorgias-toggle-error", "");
    box.disabled = true;
    const result = await api("PATCH", shopPath("/integrations/gorgias"), { enabled: box.checked });
    box.disabled = false;
    if (!result.ok) {
      box.checked = !box.checked;
      return text("gorgias-toggle-error", result.error.message);
    }
    integration = result.data;
    renderIntegration();
  });

  askFirst("gorgias-disconnect");
  $("gorgias-disconnect-confirm").addEventListener("click", async () => {
    text("gorgias-toggle-error", "");
    const result = await api("DELETE", shopPath("/integrations/gorgias"));
    if (!result.ok) return text("gorgias-toggle-error", result.error.message);
    integration = null;
    $("gorgias-endpoint").value = "";
    $("gorgias-email").value = "";
    renderIntegration();
    text("gorgias-saved", "Disconnected. The stored credentials were removed; claims wait until you connect again.");
  });

  // ---- Help Center whitelist --------------------------------------------------------------

  async function loadUrls() {
    const result = await api("GET", shopPath("/help-center/urls"));
    if (!result.ok) return text("url-error", `Could not load the Help Center URLs: ${result.error.message}`);
    renderUrls(result.data.urls || []);
  }

  function renderUrls(urls) {
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
      if (session.role === "operator" && entry.status !== "approved") {
        item.append(button("Approve", "url-approve", "secondary small", () => approveUrl(entry)));
      }
      item.append(button("Remove", "url-remove", "danger-ghost small", () => removeUrl(entry), `Remove ${entry.url}`));
      list.append(item);
    }
    show("url-empty", urls.length === 0);
  }

  function button(label, testid, className, onClick, ariaLabel) {
    const node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = label;
    node.setAttribute("data-testid", testid);
    if (ariaLabel) node.setAttribute("aria-label", ariaLabel);
    node.addEventListener("click", onClick);
    return node;
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
    const submit = $("url-add");
    setBusy(submit, true);
    const result = await api("POST", shopPath("/help-center/urls"), { url });
    setBusy(submit, false);
    if (!result.ok) return showError(form.parentElement, "url-error", { ...result.error, field: "url" });
    $("url-input").value = "";
    loadUrls();
  });

  async function approveUrl(entry) {
    text("url-error", "");
    const result = await api("POST", shopPath(`/help-center/urls/${encodeURIComponent(entry.id)}/approve`));
    if (!result.ok) return text("url-error", result.error.message);
    loadUrls();
  }

  async function removeUrl(entry) {
    text("url-error", "");
    const result = await api("DELETE", shopPath(`/help-center/urls/${encodeURIComponent(entry.id)}`));
    if (!result.ok) return text("url-error", result.error.message);
    loadUrls();
  }

  // ---- tile -------------------------------------------------------------------------------

  const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

  function fillTile(tile) {
    if (!tile) return;
    $("tile-accent").value = tile.accent_color || "";
    if (HEX_COLOUR.test(tile.accent_color || "")) $("tile-accent-picker").value = tile.accent_color;
    $("tile-logo").value = tile.logo_url || "";
  }

  // The picker and the text field show the same colour; the text field is what is saved.
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
    const submit = $("tile-save");
    setBusy(submit, true);
    const result = await api("PUT", shopPath("/tile"), body);
    setBusy(submit, false);
    if (!result.ok) return showError(form, "tile-error", result.error);
    shop.tile = result.data;
    fillTile(result.data);
    text("tile-saved", "Tile saved. Help Center pages show it within a minute.");
  });

  // ---- mapping ----------------------------------------------------------------------------

  const CUSTOM_FIELDS = [
    ["flow_type", "mapping-cf-flow"],
    ["resolution_preference", "mapping-cf-preference"],
    ["shipment_phase", "mapping-cf-phase"],
  ];
  const TAG_SWITCHES = [
    ["flow_type", "mapping-tag-flow"],
    ["resolution_preference", "mapping-tag-preference"],
    ["shipment_phase", "mapping-tag-phase"],
  ];

  function fillMapping(mapping) {
    const tags = mapping.tags || {};
    if (Array.isArray(tags.always)) $("mapping-always").value = tags.always.join(", ");
    for (const [key, id] of TAG_SWITCHES) if (typeof tags[key] === "boolean") $(id).checked = tags[key];
    const fields = mapping.custom_fields || {};
    for (const [key, id] of CUSTOM_FIELDS) if (key in fields) $(id).value = fields[key] === null ? "" : String(fields[key]);
  }

  $("mapping-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearErrors(form);
    const always = $("mapping-always")
      .value.split(",")
      .map((tag) => tag.trim())
      .filter(Boolean);
    const customFields = {};
    let ok = true;
    for (const [key, id] of CUSTOM_FIELDS) {
      const raw = $(id).value.trim();
      if (!raw) customFields[key] = null;
      else if (/^\d+$/.test(raw) && Number(raw) > 0) customFields[key] = Number(raw);
      else {
        showError(form, "mapping-error", { field: `custom_fields.${key}`, message: "A custom field id is a positive whole number (see Gorgias → Settings → Ticket fields), or leave it empty." });
        ok = false;
      }
    }
    if (!ok) return;
    const tags = { always };
    for (const [key, id] of TAG_SWITCHES) tags[key] = $(id).checked;
    const submit = $("mapping-save");
    setBusy(submit, true);
    const result = await api("PUT", shopPath("/integrations/gorgias/mapping"), { tags, custom_fields: customFields });
    setBusy(submit, false);
    if (!result.ok) return showError(form, "mapping-error", result.error);
    if (result.data) fillMapping(result.data);
    text("mapping-saved", "Mapping saved. New tickets use it; existing tickets keep their tags.");
  });

  // ---- diagnostics ------------------------------------------------------------------------

  function renderDiagnostics() {
    const i = integration;
    show("diag-not-connected", !i);
    const status = i ? i.status : "not_connected";
    text("diag-status", STATUS_TEXT[status] || status);
    $("diag-status").dataset.status = status;
    text("diag-last-checked", i ? when(i.last_checked_at) : "–");
    text("diag-last-ticket", i ? when(i.last_ticket_at) : "–");
    const lastError = i && i.last_error;
    text("diag-last-error-code", lastError ? lastError.code : "none");
    text("diag-last-error-message", lastError ? lastError.message : "");
    text("diag-last-error-at", lastError ? when(lastError.at) : "");
    text("diag-queued", i ? i.queued_claims : "–");
    text("diag-failed", i ? i.failed_claims : "–");
    let advice = ADVICE[status] || "";
    if (i && i.failed_claims > 0) advice += ` ${i.failed_claims} claim(s) failed for good (for example after Gorgias refused them). Fix the cause, then retry them under Claims below.`;
    text("diag-advice", advice.trim());
  }

  $("diag-refresh").addEventListener("click", async () => {
    const button = $("diag-refresh");
    setBusy(button, true);
    await refreshStatus();
    setBusy(button, false);
  });

  function claimId() {
    const id = $("claim-id").value.trim();
    if (!id) {
      text("claim-result", "Enter a claim id first.");
      $("claim-id").focus();
    }
    return id;
  }

  function describeClaim(claim) {
    const parts = [`Claim ${claim.id}: ${claim.status}`];
    if (claim.ticket) parts.push(`ticket ${claim.ticket.id}${claim.ticket.url ? ` (${claim.ticket.url})` : ""}`);
    if (typeof claim.attempts === "number") parts.push(`${claim.attempts} attempt(s)`);
    if (claim.last_error) parts.push(`last error ${claim.last_error.code}: ${claim.last_error.message}`);
    return parts.join(" · ");
  }

  $("claim-lookup").addEventListener("click", async () => {
    const id = claimId();
    if (!id) return;
    const result = await api("GET", shopPath(`/claims/${encodeURIComponent(id)}`));
    $("claim-result").dataset.state = result.ok ? "ok" : "error";
    text("claim-result", result.ok ? describeClaim(result.data) : result.error.message);
  });

  $("claim-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = claimId();
    if (!id) return;
    const submit = $("claim-retry");
    setBusy(submit, true);
    const result = await api("POST", shopPath(`/claims/${encodeURIComponent(id)}/retry`));
    setBusy(submit, false);
    $("claim-result").dataset.state = result.ok ? "ok" : "error";
    text("claim-result", result.ok ? `Claim ${id} is queued again; it will be delivered shortly.` : result.error.message);
    if (result.ok) refreshStatus();
  });

  // ---- claim list -------------------------------------------------------------------------

  const CLAIM_STATUS_TEXT = { queued: "Queued", waiting: "Waiting", failed: "Failed", delivered: "Delivered" };
  /** The cursor of the next page, or null when the list is complete. */
  let claimsCursor = null;
  /** Counts list requests, so that an answer overtaken by a newer request is dropped. */
  let claimsRequest = 0;

  /** Loads the first page (`more` false) or the next one, for the chosen status. */
  async function loadClaims(more) {
    if (!shop) return;
    const request = ++claimsRequest;
    const params = new URLSearchParams();
    const status = $("claims-status").value;
    if (status) params.set("status", status);
    if (more && claimsCursor) params.set("after", claimsCursor);
    const query = params.toString();
    text("claims-error", "");
    const result = await api("GET", shopPath(`/claims${query ? `?${query}` : ""}`));
    if (request !== claimsRequest) return;
    if (!result.ok) return text("claims-error", `Could not load the claims: ${result.error.message}`);
    if (!more) $("claims-rows").replaceChildren();
    for (const claim of result.data.claims) $("claims-rows").append(claimRow(claim));
    claimsCursor = result.data.next_cursor;
    const any = $("claims-rows").children.length > 0;
    show("claims-table", any);
    show("claims-empty", !any);
    show("claims-more", !!claimsCursor);
  }

  function cell(value) {
    const td = document.createElement("td");
    if (value instanceof Node) td.append(value);
    else td.textContent = value === null || value === undefined ? "–" : String(value);
    return td;
  }

  function claimRow(claim) {
    const row = document.createElement("tr");
    row.setAttribute("data-testid", "claim-row");
    row.dataset.id = claim.id;
    row.dataset.status = claim.status;
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.dataset.claimStatus = claim.status;
    badge.textContent = CLAIM_STATUS_TEXT[claim.status] || claim.status;
    let outcome;
    if (claim.ticket) {
      outcome = document.createElement("a");
      outcome.href = claim.ticket.url;
      outcome.target = "_blank";
      outcome.rel = "noopener";
      outcome.textContent = `Ticket #${claim.ticket.id}`;
    } else if (claim.last_error) {
      outcome = claim.last_error.message;
    } else {
      outcome = claim.status === "waiting" ? "Waits for a working Gorgias connection." : "–";
    }
    const action = document.createElement("span");
    if (claim.status === "failed") {
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "secondary";
      retry.setAttribute("data-testid", "claim-row-retry");
      retry.textContent = "Retry";
      retry.addEventListener("click", () => retryListed(claim.id, retry));
      action.append(retry);
    }
    const submitted = cell(new Date(claim.created_at).toLocaleString());
    submitted.title = claim.created_at;
    row.append(submitted, cell(claim.order_number), cell(claim.flow_type), cell(badge), cell(outcome), cell(action));
    return row;
  }

  async function retryListed(id, button) {
    setBusy(button, true);
    const result = await api("POST", shopPath(`/claims/${encodeURIComponent(id)}/retry`));
    setBusy(button, false);
    if (!result.ok) return text("claims-error", result.error.message);
    refreshStatus();
  }

  $("claims-status").addEventListener("change", () => loadClaims(false));
  $("claims-refresh").addEventListener("click", () => loadClaims(false));
  $("claims-more").addEventListener("click", () => loadClaims(true));

  // ---- page state -------------------------------------------------------------------------

  function render() {
    const signedIn = !!session;
    show("signin", !signedIn);
    show("signout", signedIn);
    show("session-info", signedIn);
    show("operator-panel", signedIn && session.role === "operator");
    show("operator-shop-tools", signedIn && session.role === "operator");
    show("shop-panel", signedIn && !!shop);
    if (signedIn) text("session-info", session.role === "operator" ? `Operator${shop ? ` · ${shop.slug}` : ""}` : `Merchant · ${session.slug}`);
    else globalError("");
  }

  loadSession();
  render();
  loadShopSlugs();
  if (session && session.slug) {
    shop = { slug: session.slug, name: session.slug };
    loadShop();
  }
})();
