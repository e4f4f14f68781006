// The claim list of the shop on screen, newest first, filtered by status, a page at a time;
// failed claims can be retried from their row.

import { shopPath } from "./api.js";
import { $, cell, setBusy, show, text, when } from "./dom.js";
import { because, sentence } from "./wording.js";

export const CLAIM_STATUS_TEXT = { queued: "Queued", waiting: "Waiting", failed: "Failed", delivered: "Delivered" };

/** `onRetried()` runs after a retry was accepted, to reload what it changes. */
export function createClaimsPanel({ onRetried }) {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;
  /** The cursor of the next page, or null when the list is complete. */
  let cursor = null;
  /** Counts list requests, so that an answer overtaken by a newer request is dropped. */
  let requests = 0;
  /** Flow names by code from the server's claim vocabulary, read once; null until then. */
  let flowNames = null;

  /** Reads the flows' names; without them the list shows the codes. */
  async function loadFlowNames(client) {
    const result = await client.get("/v1/claims/vocabulary");
    if (!result.ok || !result.data || !Array.isArray(result.data.flow_types)) return {};
    return Object.fromEntries(result.data.flow_types.map((flow) => [flow.code, (flow.labels && flow.labels.en) || flow.code]));
  }

  /** Loads the first page (`more` false) or the next one, for the chosen status. */
  async function load(more) {
    const current = shop;
    if (!current) return;
    const request = ++requests;
    const params = new URLSearchParams();
    const status = $("claims-status").value;
    if (status) params.set("status", status);
    if (more && cursor) params.set("after", cursor);
    const query = params.toString();
    text("claims-error", "");
    if (!flowNames) flowNames = loadFlowNames(current.client);
    const [result, names] = await Promise.all([current.client.get(shopPath(current.slug, `/claims${query ? `?${query}` : ""}`)), flowNames]);
    if (request !== requests || current !== shop) return;
    if (!result.ok) return text("claims-error", because("Could not load the claims", result.error));
    if (!more) $("claims-rows").replaceChildren();
    for (const claim of result.data.claims) $("claims-rows").append(row(claim, names));
    // The customer column shows once the list carries customers.
    const withCustomer = $("claims-rows").querySelector("[data-customer]") !== null;
    for (const node of $("claims-table").querySelectorAll(".customer-column")) node.hidden = !withCustomer;
    cursor = result.data.next_cursor;
    const any = $("claims-rows").children.length > 0;
    show("claims-table", any);
    show("claims-empty", !any);
    show("claims-more", !!cursor);
  }

  /** The customer as the list gives it (`customer: {email, name}` or `customer_email`), or "". */
  function customerOf(claim) {
    const customer = claim.customer && typeof claim.customer === "object" ? claim.customer : {};
    const email = customer.email || claim.customer_email || "";
    const name = customer.name || claim.customer_name || "";
    return name && email ? `${name} <${email}>` : name || email;
  }

  function row(claim, names) {
    const tr = document.createElement("tr");
    tr.setAttribute("data-testid", "claim-row");
    tr.dataset.id = claim.id;
    tr.dataset.status = claim.status;
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
    } else if (claim.last_error && claim.status !== "delivered") {
      outcome = sentence(claim.last_error.message);
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
    const submitted = cell(when(claim.created_at));
    submitted.title = claim.created_at;
    const customer = cell(customerOf(claim) || null);
    customer.className = "customer-column";
    if (customerOf(claim)) customer.dataset.customer = "";
    customer.setAttribute("data-testid", "claim-customer");
    const flow = cell(claim.flow_type ? names[claim.flow_type] || claim.flow_type : null);
    flow.title = claim.flow_type || "";
    const cells = [submitted, cell(claim.order_number), customer, flow, cell(badge), cell(outcome), cell(action)];
    // On phones each value shows under its column's name (portal.css).
    const headings = [...$("claims-table").querySelectorAll("thead th")].map((th) => th.textContent.trim());
    cells.forEach((td, i) => {
      if (headings[i] && i < cells.length - 1) td.dataset.label = headings[i];
    });
    tr.append(...cells);
    return tr;
  }

  async function retryListed(id, button) {
    const current = shop;
    setBusy(button, true);
    const result = await current.client.post(shopPath(current.slug, `/claims/${encodeURIComponent(id)}/retry`));
    setBusy(button, false);
    if (current !== shop) return;
    if (!result.ok) return text("claims-error", result.error.message);
    onRetried();
  }

  $("claims-status").addEventListener("change", () => load(false));
  $("claims-refresh").addEventListener("click", () => load(false));
  $("claims-more").addEventListener("click", () => load(true));

  return {
    open(context) {
      shop = context;
      cursor = null;
      load(false);
    },
    /** Reloads the first page, e.g. after claims moved on. */
    reload: () => load(false),
    close() {
      shop = null;
      cursor = null;
      requests += 1;
      $("claims-rows").replaceChildren();
      show("claims-table", false);
      show("claims-empty", false);
      show("claims-more", false);
    },
  };
}
