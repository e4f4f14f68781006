// The demo claim finder: the page the tile sends a customer to. It collects a claim, submits it
// to the Resolve server as multipart/form-data (claim JSON, photos, signature) and then follows
// the claim until it became a Gorgias ticket.
//
// The choices it offers (flows, the reasons that fit each, resolution preferences, image types,
// limits) are the server's, read from `GET /v1/claims/vocabulary`; i18n.js holds only how each
// reads in each language, and the server's own label stands in for a code it does not know.
//
// Demo only: it authenticates with the shop's key read from a meta tag. A real finder is a
// Resolve backend that holds the key on its own server and never ships it to a browser.
"use strict";

(function () {
  const POLL_MS = 1500;
  const POLL_FOR_MS = 120000;

  const $ = (id) => document.getElementById(id);
  const form = $("claim-form");

  function meta(name) {
    const el = document.querySelector(`meta[name="${name}"]`);
    const value = el ? el.getAttribute("content") || "" : "";
    return value.startsWith("__") ? "" : value;
  }

  // The path names the shop (`/resolve/{slug}/finder`); the meta tag is the fallback for a
  // finder served elsewhere.
  const pathSlug = /\/resolve\/([^/]+)\/finder\/?$/.exec(location.pathname);
  const slug = pathSlug ? decodeURIComponent(pathSlug[1]) : meta("resolve-shop-slug");
  const apiBase = (meta("resolve-public-url") || location.origin).replace(/\/+$/, "");
  const shopKey = meta("resolve-demo-key");

  /** Reads `?lang=` and maps it to a supported language by primary subtag (`de-AT` → `de`). */
  function initialLanguage() {
    const raw = (new URLSearchParams(location.search).get("lang") || "").toLowerCase().split(/[-_]/)[0];
    return window.FINDER_LANGUAGES.includes(raw) ? raw : "en";
  }

  let lang = initialLanguage();

  /**
   * The claim vocabulary as the server answered it: `flow_types` (each with `reasons` and
   * `needs_items`), `reasons`, `resolution_preferences`, `image_types`, `limits`, `photos`.
   * Null until it has loaded; the form cannot be sent without it.
   */
  let vocabulary = null;

  /** The limits the texts quote, as numbers people read ({size} in MiB). */
  function limitValues() {
    if (!vocabulary) return {};
    return {
      size: Math.floor(vocabulary.photos.max_file_bytes / (1024 * 1024)),
      count: vocabulary.photos.max_files,
      maxQuantity: vocabulary.limits.quantity_max,
      maxChars: vocabulary.limits.free_text_max_chars,
    };
  }

  function t(key, values) {
    const table = window.FINDER_TEXTS[lang] || window.FINDER_TEXTS.en;
    let text = table[key] !== undefined ? table[key] : window.FINDER_TEXTS.en[key];
    if (text === undefined) return key;
    for (const [name, value] of Object.entries({ ...limitValues(), ...values })) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  /**
   * How a code of the vocabulary reads: this page's own translation (`{prefix}_{code}`), else the
   * server's label in this language or English, else the code itself.
   */
  function labelOf(prefix, entry) {
    const own = window.FINDER_TEXTS[lang] && window.FINDER_TEXTS[lang][`${prefix}_${entry.code}`];
    if (own !== undefined) return own;
    const labels = entry.labels || {};
    return labels[lang] || window.FINDER_TEXTS.en[`${prefix}_${entry.code}`] || labels.en || entry.code;
  }

  // ---- language -------------------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t("pageTitle");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    $("signature-canvas").setAttribute("aria-label", t("signatureCanvas"));
    fillFlows();
    fillPreferences();
    relabelItems();
    renderPhotos();
    if (claimState.status) showStatus(claimState.status, claimState.detail);
    if (claimState.id) $("claim-reference").textContent = t("doneText", { id: claimState.id });
    setSubmitting(submitting, 0);
  }

  function fillLanguagePicker() {
    const picker = $("finder-lang");
    for (const code of window.FINDER_LANGUAGES) {
      const option = document.createElement("option");
      option.value = code;
      option.lang = code;
      option.textContent = window.FINDER_TEXTS[code].languageName;
      picker.append(option);
    }
    picker.value = lang;
    picker.addEventListener("change", () => {
      lang = picker.value;
      const url = new URL(location.href);
      url.searchParams.set("lang", lang);
      history.replaceState(null, "", url);
      clearErrors();
      applyLanguage();
    });
  }

  // ---- flow and reason ------------------------------------------------------------------

  function flowEntry(code) {
    return (vocabulary ? vocabulary.flow_types : []).find((entry) => entry.code === code) || null;
  }

  function fillFlows() {
    const flow = $("flow");
    const chosen = flow.value;
    const flows = vocabulary ? vocabulary.flow_types : [];
    flow.replaceChildren(option("", t("chooseFlow")), ...flows.map((entry) => option(entry.code, labelOf("flow", entry))));
    flow.value = chosen;
    fillReasons();
  }

  /** One radio per resolution preference; the first is chosen until the customer picks. */
  function fillPreferences() {
    const box = $("preference-choices");
    const chosen = form.querySelector('input[name="preference"]:checked');
    const chosenValue = chosen ? chosen.value : null;
    const preferences = vocabulary ? vocabulary.resolution_preferences : [];
    box.replaceChildren(
      ...preferences.map((entry, i) => {
        const label = document.createElement("label");
        label.className = "choice";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "preference";
        input.value = entry.code;
        input.id = `pref-${entry.code.replace(/_/g, "-")}`;
        input.setAttribute("data-testid", input.id);
        input.checked = chosenValue ? chosenValue === entry.code : i === 0;
        input.defaultChecked = i === 0;
        const text = document.createElement("span");
        text.textContent = labelOf("pref", entry);
        label.append(input, " ", text);
        return label;
      }),
    );
  }

  function fillReasons() {
    const reason = $("reason");
    const chosen = reason.value;
    const flow = $("flow").value;
    // No reason list until a flow is picked: the fitting reasons depend on it.
    reason.disabled = !flow;
    if (!flow) {
      reason.replaceChildren(option("", t("chooseFlow")));
      $("reason-other-field").hidden = true;
      return;
    }
    const entry = flowEntry(flow);
    const known = entry ? entry.reasons : [];
    const reasonEntry = (code) => vocabulary.reasons.find((r) => r.code === code) || { code };
    reason.replaceChildren(...known.map((r) => option(r, labelOf("reason", reasonEntry(r)))), option("other", t("reason_other")));
    reason.value = [...known, "other"].includes(chosen) ? chosen : known[0] || "other";
    $("reason-other-field").hidden = reason.value !== "other";
  }

  function option(value, label) {
    const node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    return node;
  }

  // ---- items ----------------------------------------------------------------------------

  function addItemRow(values) {
    const row = document.createElement("div");
    row.className = "item-row";
    row.dataset.testid = "item-row";
    row.setAttribute("data-testid", "item-row");
    const heading = document.createElement("p");
    heading.className = "item-heading";
    row.append(heading);
    const grid = document.createElement("div");
    grid.className = "item-grid";
    for (const [part, key, type] of [["sku", "itemSku", "text"], ["title", "itemTitle", "text"], ["quantity", "itemQty", "number"]]) {
      const field = document.createElement("div");
      field.className = `field item-${part}`;
      const label = document.createElement("label");
      label.dataset.i18nItem = key;
      const input = document.createElement("input");
      input.type = type;
      input.className = `item-input-${part}`;
      input.setAttribute("data-testid", `item-${part}`);
      input.autocomplete = "off";
      if (type === "number") {
        input.min = "1";
        input.max = String(vocabulary ? vocabulary.limits.quantity_max : 1);
        input.step = "1";
        input.inputMode = "numeric";
        input.value = values && values.quantity !== undefined ? String(values.quantity) : "1";
      } else if (values && values[part]) {
        input.value = values[part];
      }
      const error = document.createElement("p");
      error.className = "field-error";
      error.setAttribute("aria-live", "polite");
      field.append(label, input, error);
      grid.append(field);
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link-button item-remove";
    remove.setAttribute("data-testid", "item-remove");
    remove.addEventListener("click", () => {
      row.remove();
      relabelItems();
      const rows = itemRows();
      (rows.length ? rows[rows.length - 1].querySelector("input") : $("add-item")).focus();
    });
    row.append(grid, remove);
    $("items").append(row);
    relabelItems();
    return row;
  }

  function itemRows() {
    return [...$("items").querySelectorAll(".item-row")];
  }

  // Ids, labels and error paths follow the row's position, so `items[1].quantity` from the server
  // lands on the second row even after rows were removed.
  function relabelItems() {
    itemRows().forEach((row, i) => {
      row.querySelector(".item-heading").textContent = t("itemLabel", { n: i + 1 });
      for (const part of ["sku", "title", "quantity"]) {
        const field = row.querySelector(`.item-${part}`);
        const input = field.querySelector("input");
        const label = field.querySelector("label");
        const error = field.querySelector(".field-error");
        input.id = `item-${i}-${part}`;
        input.dataset.field = `items[${i}].${part}`;
        label.htmlFor = input.id;
        label.textContent = t(label.dataset.i18nItem) + (part === "sku" ? ` (${t("optional")})` : " *");
        error.id = `item-${i}-${part}-error`;
        error.dataset.errorFor = `items[${i}].${part}`;
      }
      const remove = row.querySelector(".item-remove");
      remove.textContent = "✕";
      remove.setAttribute("aria-label", t("removeItem", { n: i + 1 }));
      remove.title = t("removeItem", { n: i + 1 });
    });
  }

  // ---- photos ---------------------------------------------------------------------------

  /** Photos the customer picked so far; several selections add up. */
  let photos = [];

  // Browsers often report HEIC photos with no type: their extension decides then.
  function isImage(file) {
    const types = vocabulary.image_types;
    if (file.type) return types.some((type) => type.content_type === file.type);
    const extension = (/\.([a-z0-9]+)$/i.exec(file.name) || [])[1];
    return !!extension && types.some((type) => type.extension === extension.toLowerCase());
  }

  function checkImage(file) {
    if (!isImage(file)) return t("errImageOnly", { name: file.name });
    if (file.size > vocabulary.photos.max_file_bytes) return t("errTooLarge", { name: file.name });
    return null;
  }

  $("photos").addEventListener("change", (event) => {
    const problems = [];
    for (const file of event.target.files) {
      const problem = checkImage(file);
      if (problem) problems.push(problem);
      else if (photos.length >= vocabulary.photos.max_files - (signatureFile() ? 1 : 0)) {
        if (!problems.includes(t("errTooMany"))) problems.push(t("errTooMany"));
      } else photos.push({ file, url: URL.createObjectURL(file) });
    }
    event.target.value = "";
    setError("photos", problems.join(" "));
    renderPhotos();
  });

  function renderPhotos() {
    const list = $("photo-previews");
    list.replaceChildren();
    photos.forEach((photo, i) => {
      const item = document.createElement("li");
      item.setAttribute("data-testid", "photo-preview");
      const img = document.createElement("img");
      img.src = photo.url;
      img.alt = photo.file.name;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "thumb-remove";
      remove.textContent = "✕";
      remove.setAttribute("aria-label", t("removePhoto", { name: photo.file.name }));
      remove.setAttribute("data-testid", "photo-remove");
      remove.addEventListener("click", () => {
        URL.revokeObjectURL(photo.url);
        photos.splice(i, 1);
        renderPhotos();
        $("photos").focus();
      });
      item.append(img, remove);
      list.append(item);
    });
  }

  // ---- signature ------------------------------------------------------------------------

  const canvas = $("signature-canvas");
  const pen = canvas.getContext("2d");
  let inked = false;
  let drawing = null;
  let uploadedSignature = null;

  function sizeCanvas() {
    // Backing store at device resolution, so the exported PNG is crisp; resizing clears it.
    const ratio = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    if (!rect.width) return;
    canvas.width = Math.round(rect.width * ratio);
    canvas.height = Math.round(rect.height * ratio);
    pen.setTransform(ratio, 0, 0, ratio, 0, 0);
    pen.lineWidth = 2.2;
    pen.lineCap = "round";
    pen.lineJoin = "round";
    pen.strokeStyle = "#111";
    inked = false;
  }

  function point(event) {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = point(event);
    pen.beginPath();
    pen.arc(drawing[0], drawing[1], 1.1, 0, Math.PI * 2);
    pen.fillStyle = "#111";
    pen.fill();
    inked = true;
    clearSignatureUpload();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const next = point(event);
    pen.beginPath();
    pen.moveTo(drawing[0], drawing[1]);
    pen.lineTo(next[0], next[1]);
    pen.stroke();
    drawing = next;
  });
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) canvas.addEventListener(type, () => (drawing = null));

  function clearCanvas() {
    pen.save();
    pen.setTransform(1, 0, 0, 1, 0, 0);
    pen.clearRect(0, 0, canvas.width, canvas.height);
    pen.restore();
    inked = false;
  }

  function clearSignatureUpload() {
    if (uploadedSignature) URL.revokeObjectURL(uploadedSignature.url);
    uploadedSignature = null;
    $("signature-upload-preview").hidden = true;
    $("signature-upload-preview").removeAttribute("src");
  }

  $("signature-clear").addEventListener("click", () => {
    clearCanvas();
    clearSignatureUpload();
    setError("signature", "");
  });

  $("signature-upload").addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const problem = checkImage(file);
    setError("signature", problem || "");
    if (problem) return;
    clearCanvas();
    clearSignatureUpload();
    uploadedSignature = { file, url: URL.createObjectURL(file) };
    const preview = $("signature-upload-preview");
    preview.src = uploadedSignature.url;
    preview.alt = file.name;
    preview.hidden = false;
  });

  /** Whether a signature will be sent; the drawn one is exported lazily at submit time. */
  function signatureFile() {
    return uploadedSignature || inked;
  }

  function exportSignature() {
    if (uploadedSignature) return Promise.resolve(uploadedSignature.file);
    if (!inked) return Promise.resolve(null);
    return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob), "image/png"));
  }

  // ---- errors ---------------------------------------------------------------------------

  function setError(field, message) {
    const target = document.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (!target) return false;
    target.textContent = message || "";
    const input = document.querySelector(`[data-field="${CSS.escape(field)}"]`) || (field === "photos" ? $("photos") : null);
    if (input) {
      if (message) {
        input.setAttribute("aria-invalid", "true");
        const described = new Set((input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
        described.add(target.id);
        input.setAttribute("aria-describedby", [...described].join(" "));
      } else {
        input.removeAttribute("aria-invalid");
      }
    }
    return true;
  }

  function clearErrors() {
    for (const node of document.querySelectorAll("[data-error-for]")) node.textContent = "";
    for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    $("form-error").textContent = "";
  }

  function focusFirstError() {
    const first = [...document.querySelectorAll("[data-error-for]")].find((node) => node.textContent);
    if (!first) return;
    const field = first.dataset.errorFor;
    const input = document.querySelector(`[data-field="${CSS.escape(field)}"]`) || first.closest(".field, fieldset").querySelector("input, select, textarea, button");
    if (input) input.focus();
  }

  // ---- the claim ------------------------------------------------------------------------

  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

  /** Checks the form and builds the claim JSON; returns null (with errors shown) when invalid. */
  function readClaim() {
    clearErrors();
    let ok = true;
    const fail = (field, key, values) => {
      setError(field, t(key, values));
      ok = false;
    };
    const value = (id) => $(id).value.trim();

    if (!value("order-number")) fail("order.order_number", "errRequired");
    if (!value("email")) fail("customer.email", "errRequired");
    else if (!EMAIL.test(value("email"))) fail("customer.email", "errEmail");
    const flow = $("flow").value;
    if (!flow) fail("flow_type", "errRequired");
    let reason = $("reason").value;
    if (flow && reason === "other") {
      reason = value("reason-other");
      // The reason becomes a ticket tag, so the server accepts only tag-safe characters.
      if (!reason) fail("reason_other", "errRequired");
      else if (!/^[\p{L}\p{N}_\-. ]+$/u.test(reason) || [...reason].length > vocabulary.limits.free_text_max_chars) fail("reason_other", "errReasonChars");
    }
    const preference = form.querySelector('input[name="preference"]:checked');
    if (!preference) fail("resolution_preference", "errRequired");

    const items = [];
    itemRows().forEach((row, i) => {
      const sku = row.querySelector(".item-input-sku").value.trim();
      const title = row.querySelector(".item-input-title").value.trim();
      const quantityText = row.querySelector(".item-input-quantity").value.trim();
      const blank = !sku && !title && (quantityText === "" || quantityText === "1");
      if (blank && itemRows().length > 1) return fail(`items[${i}].title`, "errRequired");
      if (blank) return;
      if (!title) fail(`items[${i}].title`, "errRequired");
      const quantity = Number(quantityText);
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > vocabulary.limits.quantity_max) fail(`items[${i}].quantity`, "errQuantity");
      items.push(sku ? { sku, title, quantity } : { title, quantity });
    });
    const flowNeedsItems = flow && flowEntry(flow) ? flowEntry(flow).needs_items : false;
    if (items.length === 0 && flowNeedsItems && ok) fail("items", "errItems");

    if (photos.length + (signatureFile() ? 1 : 0) > vocabulary.photos.max_files) fail("photos", "errTooMany");

    if (!ok) {
      $("form-error").textContent = t("errFix");
      focusFirstError();
      return null;
    }
    const claim = {
      flow_type: flow,
      reason,
      resolution_preference: preference.value,
      language: lang,
      customer: { email: value("email") },
      order: { order_number: value("order-number") },
      items,
    };
    if (value("notes")) claim.description = value("notes");
    if (value("name")) claim.customer.name = value("name");
    if (value("carrier")) claim.order.carrier = value("carrier");
    if (value("tracking")) claim.order.tracking_number = value("tracking");
    return claim;
  }

  function randomUuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // One key per submission attempt: kept when the request may have reached the server (network
  // error, 5xx) so a retry returns the first claim, dropped after a 4xx, which stored nothing.
  let idempotencyKey = null;
  let submitting = false;

  function setSubmitting(on, percent) {
    submitting = on;
    const button = $("submit");
    // Without the vocabulary there is nothing valid to send.
    button.disabled = on || !vocabulary;
    button.textContent = on ? t("submitting", { percent }) : idempotencyKey ? t("retry") : t("submit");
    const progress = $("upload-progress");
    progress.hidden = !on;
    progress.value = percent;
  }

  function send(claim, signature) {
    const body = new FormData();
    body.append("claim", JSON.stringify(claim));
    for (const photo of photos) body.append("photos", photo.file, photo.file.name);
    if (signature) body.append("signature", signature, signature.name || "signature.png");
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${apiBase}/v1/shops/${encodeURIComponent(slug)}/claims`);
      if (shopKey) xhr.setRequestHeader("Authorization", `Bearer ${shopKey}`);
      xhr.setRequestHeader("Idempotency-Key", idempotencyKey);
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) setSubmitting(true, Math.min(99, Math.round((event.loaded / event.total) * 100)));
      });
      xhr.addEventListener("load", () => {
        let payload = null;
        try {
          payload = JSON.parse(xhr.responseText);
        } catch {
          payload = null;
        }
        resolve({ status: xhr.status, payload });
      });
      xhr.addEventListener("error", () => resolve({ status: 0, payload: null }));
      xhr.addEventListener("timeout", () => resolve({ status: 0, payload: null }));
      xhr.timeout = 120000;
      xhr.send(body);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submitting || !vocabulary) return;
    const claim = readClaim();
    if (!claim) return;
    if (!idempotencyKey) idempotencyKey = randomUuid();
    setSubmitting(true, 0);
    const signature = await exportSignature();
    const { status, payload } = await send(claim, signature);
    if (status === 202 || status === 200 || status === 201) {
      idempotencyKey = null;
      setSubmitting(false, 100);
      showConfirmation(payload);
      return;
    }
    const error = payload && payload.error;
    if (status >= 400 && status < 500) {
      idempotencyKey = null;
      // The server's message is specific; it goes next to the field it names. A free-text
      // reason was typed in the "other" box, so its errors belong there.
      const field = error && error.field === "reason" && $("reason").value === "other" ? "reason_other" : error && error.field;
      if (!(field && setError(field, error.message))) {
        $("form-error").textContent = (error && error.message) || t("errServer");
      } else {
        $("form-error").textContent = t("errFix");
      }
      setSubmitting(false, 0);
      focusFirstError();
      return;
    }
    $("form-error").textContent = status === 0 ? t("errNetwork") : (error && error.message) || t("errServer");
    setSubmitting(false, 0);
  });

  $("add-item").addEventListener("click", () => {
    const row = addItemRow();
    row.querySelector("input").focus();
  });

  $("flow").addEventListener("change", () => {
    fillReasons();
    setError("flow_type", "");
  });
  $("reason").addEventListener("change", () => {
    $("reason-other-field").hidden = $("reason").value !== "other";
    if ($("reason").value === "other") $("reason-other").focus();
  });

  // ---- after submission -----------------------------------------------------------------

  const claimState = { id: null, status: null, detail: null, timer: null };

  function showConfirmation(payload) {
    claimState.id = payload && payload.id;
    form.hidden = true;
    const section = $("confirmation");
    section.hidden = false;
    $("claim-reference").textContent = t("doneText", { id: claimState.id || "?" });
    showStatus((payload && payload.status) || "queued", null);
    section.focus();
    if (claimState.id) poll(Date.now());
  }

  function showStatus(status, detail) {
    claimState.status = status;
    claimState.detail = detail;
    const node = $("claim-status");
    node.dataset.status = status;
    if (status === "delivered") node.textContent = t("status_delivered", { ticket: detail && detail.ticket ? detail.ticket.id : "?" });
    else if (status === "failed") node.textContent = t("status_failed", { error: (detail && detail.last_error && detail.last_error.message) || "?" });
    else if (status === "timeout") node.textContent = t("status_timeout");
    else if (status === "unknown") node.textContent = t("statusCheckFailed");
    else node.textContent = t(`status_${status}`) === `status_${status}` ? status : t(`status_${status}`);
  }

  async function poll(startedAt) {
    claimState.timer = null;
    if (Date.now() - startedAt > POLL_FOR_MS) return showStatus("timeout", null);
    try {
      const response = await fetch(`${apiBase}/v1/shops/${encodeURIComponent(slug)}/claims/${encodeURIComponent(claimState.id)}`, {
        headers: shopKey ? { Authorization: `Bearer ${shopKey}` } : {},
        cache: "no-store",
      });
      if (response.ok) {
        const claim = await response.json();
        showStatus(claim.status, claim);
        if (claim.status === "delivered" || claim.status === "failed") return;
      } else if (claimState.status !== "queued" && claimState.status !== "waiting") {
        showStatus("unknown", null);
      }
    } catch {
      // A lost connection while polling changes nothing about the stored claim; keep trying.
    }
    claimState.timer = setTimeout(() => poll(startedAt), POLL_MS);
  }

  /** The order and the customer: a second problem with the same order needs them again. */
  const KEPT_FOR_NEXT_CLAIM = ["order-number", "email", "name", "carrier", "tracking"];

  $("new-claim").addEventListener("click", () => {
    if (claimState.timer) clearTimeout(claimState.timer);
    Object.assign(claimState, { id: null, status: null, detail: null, timer: null });
    const kept = KEPT_FOR_NEXT_CLAIM.map((id) => [id, $(id).value]);
    form.reset();
    for (const [id, value] of kept) $(id).value = value;
    for (const photo of photos) URL.revokeObjectURL(photo.url);
    photos = [];
    renderPhotos();
    $("items").replaceChildren();
    addItemRow();
    clearCanvas();
    clearSignatureUpload();
    clearErrors();
    fillFlows();
    $("confirmation").hidden = true;
    form.hidden = false;
    setSubmitting(false, 0);
    sizeCanvas();
    $("flow").focus();
  });

  // ---- start ----------------------------------------------------------------------------

  /** Reads the vocabulary; resolves to null when the server could not be asked or refused. */
  async function loadVocabulary() {
    try {
      const response = await fetch(`${apiBase}/v1/claims/vocabulary`, { headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      const body = await response.json();
      return body && Array.isArray(body.flow_types) ? body : null;
    } catch {
      return null;
    }
  }

  /** Takes the server's choices into the form: file types, lengths, then every list. */
  function useVocabulary(loaded) {
    vocabulary = loaded;
    const accept = [...vocabulary.image_types.map((type) => type.content_type), ...vocabulary.image_types.map((type) => `.${type.extension}`)].join(",");
    $("photos").accept = accept;
    $("signature-upload").accept = accept;
    $("reason-other").maxLength = vocabulary.limits.free_text_max_chars;
    for (const input of $("items").querySelectorAll(".item-input-quantity")) input.max = String(vocabulary.limits.quantity_max);
  }

  fillLanguagePicker();
  addItemRow();
  sizeCanvas();
  // The texts quote the server's limits, so they are filled in once those are known.
  loadVocabulary().then((loaded) => {
    if (loaded) useVocabulary(loaded);
    applyLanguage();
    if (!loaded) $("form-error").textContent = t("errVocabulary");
  });
  let lastWidth = canvas.getBoundingClientRect().width;
  window.addEventListener("resize", () => {
    const width = canvas.getBoundingClientRect().width;
    // Only a real width change clears the drawing (mobile browsers fire resize on scroll).
    if (width !== lastWidth && !inked) sizeCanvas();
    lastWidth = width;
  });
  if (!slug) $("form-error").textContent = "This finder page does not name a shop: open it as /resolve/{shop-slug}/finder.";
})();
