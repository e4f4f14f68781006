// The claim list of the shop on screen, newest first, filtered by status, a page at a time;
// failed claims can be retried from their row.

import { shopPath } from "./api.js";
import { $, cell, setBusy, show, text } from "./dom.js";
import { because, sentence } from "./wording.js";

const CLAIM_STATUS_TEXT = { queued: "Queued", waiting: "Waiting", failed: "Failed", delivered: "Delivered" };

/** `onRetried()` runs after a retry was accepted, to reload what it changes. */
export function createClaimsPanel({ onRetried }) {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;
  /** The cursor of the next page, or null when the list is complete. */
  let cursor = null;
  /** Counts list requests, so that an answer overtaken by a newer request is dropped. */
  let requests = 0;

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
    const result = await current.client.get(shopPath(current.slug, `/claims${query ? `?${query}` : ""}`));
    if (request !== requests || current !== shop) return;
    if (!result.ok) return text("claims-error", because("Could not load the claims", result.error));
    if (!more) $("claims-rows").replaceChildren();
    for (const claim of result.data.claims) $("claims-rows").append(row(claim));
    cursor = result.data.next_cursor;
    const any = $("claims-rows").children.length > 0;
    show("claims-table", any);
    show("claims-empty", !any);
    show("claims-more", !!cursor);
  }

  function row(claim) {
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
    } else if (claim.last_error) {
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
    const submitted = cell(new Date(claim.created_at).toLocaleString());
    submitted.title = claim.created_at;
    tr.append(submitted, cell(claim.order_number), cell(claim.flow_type), cell(badge), cell(outcome), cell(action));
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
