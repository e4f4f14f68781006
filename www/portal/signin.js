// Sign-in: a merchant key with its shop's slug, or the operator token (optionally with a slug to
// open that shop at once). The key is checked with the server before the session starts.

import { createClient, shopPath } from "./api.js";
import { $, clearErrors, setBusy, text } from "./dom.js";
import { roleOf } from "./session.js";

/**
 * Wires the sign-in form. `onSignedIn({token, role, slug, shop, shops})` gets the new session's
 * parts with what the check read: the shop (when a slug was given) or the operator's shop list.
 */
export function createSignIn({ base, onSignedIn }) {
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
    const role = roleOf(token);
    if (role === "merchant" && !slug) {
      text("signin-slug-error", "A merchant key belongs to one shop: enter that shop's slug too.");
      return $("signin-slug").focus();
    }
    // A trial client: a refused key must not sign anyone out, there is no one signed in yet.
    const client = createClient({ base, token });
    const button = $("signin-submit");
    setBusy(button, true);
    // A merchant key (or an operator token with a slug) is checked by reading the shop; an
    // operator token alone by listing the shops.
    if (slug) {
      const result = await client.get(shopPath(slug));
      setBusy(button, false);
      if (!result.ok) {
        const message =
          result.status === 401
            ? `That ${role === "merchant" ? "merchant key" : "operator token"} was not accepted: check that you pasted all of it${role === "merchant" ? ", and ask the operator for a new key if it was replaced" : ""}.`
            : result.status === 404
              ? `No shop "${slug}" for this key. Check the slug: a merchant key only opens its own shop.`
              : result.error.message;
        return text("signin-error", message);
      }
      $("signin-key").value = "";
      return onSignedIn({ token, role, slug, shop: result.data, shops: null });
    }
    const result = await client.get("/v1/shops");
    setBusy(button, false);
    if (!result.ok) {
      return text("signin-error", result.status === 401 ? "That operator token was not accepted: check that you pasted all of it." : result.error.message);
    }
    $("signin-key").value = "";
    onSignedIn({ token, role, slug: null, shop: null, shops: result.data.shops });
  });
}
