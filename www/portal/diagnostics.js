// Diagnostics of the shop on screen: the connection's health as last read, what to do about it,
// and looking up or retrying one claim by its id.

import { shopPath } from "./api.js";
import { $, count, setBusy, show, showWhen, text } from "./dom.js";
import { CLAIM_STATUS_TEXT } from "./claims.js";
import { STATUS_TEXT, statusOf } from "./gorgias.js";
import { sentence } from "./wording.js";

const ADVICE = {
  connected: "Claims become tickets as they arrive.",
  auth_failed: "Gorgias no longer accepts the email and API key. Create a new API key in Gorgias (Settings → REST API) and save it here; waiting claims are then delivered.",
  forbidden: "The Gorgias user lacks a permission the integration needs. Use an admin agent's email and API key.",
  unreachable: "Gorgias did not answer. Claims wait and are retried automatically.",
  disabled: "Ticket creation is off: claims are stored and wait until you switch it on.",
  not_available: "The Gorgias integration is not available for this shop at the moment: claims are stored and wait until your account manager makes it available again.",
  not_connected: "Connect Gorgias above: claims are stored and wait until then.",
};

/** `onRefresh()` reloads what changes on its own (the connection and the claim list). */
export function createDiagnosticsPanel({ onRefresh }) {
  /** `{client, role, slug}` of the shop on screen, or null. */
  let shop = null;

  function render(integration, available = true) {
    const i = integration;
    show("diag-not-connected", !i);
    const status = statusOf(i, available);
    text("diag-status", STATUS_TEXT[status] || status);
    $("diag-status").dataset.status = status;
    showWhen("diag-last-checked", i && i.last_checked_at, i ? "never" : "–");
    showWhen("diag-last-ticket", i && i.last_ticket_at, i ? "never" : "–");
    const lastError = i && i.last_error;
    text("diag-last-error-code", lastError ? lastError.code : "none");
    text("diag-last-error-message", lastError ? sentence(lastError.message) : "");
    showWhen("diag-last-error-at", lastError && lastError.at, "");
    text("diag-queued", i ? i.queued_claims : "–");
    text("diag-failed", i ? i.failed_claims : "–");
    let advice = ADVICE[status] || "";
    if (i && i.failed_claims > 0) {
      const failed = count(i.failed_claims, "claim");
      advice += ` ${failed} failed for good (for example after Gorgias refused ${i.failed_claims === 1 ? "it" : "them"}). Fix the cause, then retry ${i.failed_claims === 1 ? "it" : "them"} under Claims below.`;
    }
    text("diag-advice", advice.trim());
  }

  $("diag-refresh").addEventListener("click", async () => {
    const button = $("diag-refresh");
    setBusy(button, true);
    await onRefresh();
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
    const parts = [`Claim ${claim.id}: ${CLAIM_STATUS_TEXT[claim.status] || claim.status}`];
    if (claim.ticket) parts.push(`ticket #${claim.ticket.id}${claim.ticket.url ? ` (${claim.ticket.url})` : ""}`);
    if (typeof claim.attempts === "number") parts.push(count(claim.attempts, "delivery attempt"));
    // A delivered claim's earlier error is history: the ticket is what counts now.
    if (claim.last_error && claim.status !== "delivered") parts.push(`last error: ${sentence(claim.last_error.message)}`);
    return parts.join(" · ");
  }

  function showResult(ok, message) {
    $("claim-result").dataset.state = ok ? "ok" : "error";
    text("claim-result", message);
  }

  $("claim-lookup").addEventListener("click", async () => {
    const id = claimId();
    if (!id) return;
    const current = shop;
    const result = await current.client.get(shopPath(current.slug, `/claims/${encodeURIComponent(id)}`));
    if (current !== shop) return;
    showResult(result.ok, result.ok ? describeClaim(result.data) : result.error.message);
  });

  $("claim-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = claimId();
    if (!id) return;
    const current = shop;
    const submit = $("claim-retry");
    setBusy(submit, true);
    const result = await current.client.post(shopPath(current.slug, `/claims/${encodeURIComponent(id)}/retry`));
    setBusy(submit, false);
    if (current !== shop) return;
    showResult(result.ok, result.ok ? `Claim ${id} is queued again; it will be delivered shortly.` : result.error.message);
    if (result.ok) onRefresh();
  });

  return {
    open(context) {
      shop = context;
    },
    /** Shows the connection as last read (null: not connected). */
    render,
    close() {
      shop = null;
    },
  };
}
