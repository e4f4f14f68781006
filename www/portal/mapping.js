// Which tags and Gorgias custom fields a claim's ticket gets. The mapping is stored with the
// connection: it loads once Gorgias is connected (defaults before that), and saving replaces it.

import { shopPath } from "./api.js";
import { $, clearErrors, setBusy, show, showError, text } from "./dom.js";
import { because } from "./wording.js";

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

export function createMappingPanel() {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;

  function fill(mapping) {
    const tags = mapping.tags || {};
    if (Array.isArray(tags.always)) $("mapping-always").value = tags.always.join(", ");
    for (const [key, id] of TAG_SWITCHES) if (typeof tags[key] === "boolean") $(id).checked = tags[key];
    const fields = mapping.custom_fields || {};
    for (const [key, id] of CUSTOM_FIELDS) if (key in fields) $(id).value = fields[key] === null ? "" : String(fields[key]);
  }

  async function load() {
    const current = shop;
    const result = await current.client.get(shopPath(current.slug, "/integrations/gorgias/mapping"));
    if (current !== shop) return;
    if (result.ok && result.data) fill(result.data);
    else if (!result.ok && result.status !== 404) text("mapping-error", because("Could not load the mapping", result.error));
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
    const current = shop;
    const submit = $("mapping-save");
    setBusy(submit, true);
    const result = await current.client.put(shopPath(current.slug, "/integrations/gorgias/mapping"), { tags, custom_fields: customFields });
    setBusy(submit, false);
    if (current !== shop) return;
    if (!result.ok) return showError(form, "mapping-error", result.error);
    if (result.data) fill(result.data);
    text("mapping-saved", "Mapping saved. New tickets use it; existing tickets keep their tags.");
  });

  return {
    open(context) {
      shop = context;
    },
    /** Follows the connection: nothing to save until Gorgias is connected. */
    connected(isConnected) {
      show("mapping-needs-connection", !isConnected);
      $("mapping-save").disabled = !isConnected;
    },
    /** Reads the stored mapping (only a connected shop has one). */
    load,
    close() {
      shop = null;
    },
  };
}
