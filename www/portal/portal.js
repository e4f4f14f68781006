// The merchant portal: Settings → Integrations → Gorgias, the Help Center whitelist, the tile, the
// ticket mapping and diagnostics for one shop, plus the operator's tools (create shops, make
// Gorgias available, approve Help Center URLs, issue a new merchant key). Everything goes through
// the server's public API (api.js); data from the server is only ever set with textContent.
//
// This entry module owns the one piece of page state, who is signed in; each panel owns what it
// shows and gets the shop it works on passed in when the shop opens.

import { createClient } from "./api.js";
import { $, clearErrors, globalError, meta, show, text } from "./dom.js";
import { createOperatorPanel } from "./operator.js";
import { readSession, saveSession } from "./session.js";
import { createShopPage } from "./shop.js";
import { createSignIn } from "./signin.js";

const base = meta("resolve-public-url") || location.origin;

/** `{token, role, slug, client}` of this tab, or null when signed out. */
let session = null;

const shopPage = createShopPage({ onShop: (shop) => renderTopBar(shop.slug) });
const operator = createOperatorPanel({
  onOpen(shop) {
    session.slug = shop.slug;
    store();
    renderTopBar(shop.slug);
    shopPage.open(session.client, session.role, shop.slug);
  },
});

createSignIn({
  base,
  onSignedIn({ token, role, slug, shops }) {
    begin({ token, role, slug });
    if (role === "operator") operator.open(session.client, shops);
    if (slug) shopPage.open(session.client, role, slug);
  },
});

$("signout").addEventListener("click", () => signOut(""));

/** Starts a session, with a client that signs out when the server stops accepting its key. */
function begin({ token, role, slug }) {
  const started = { token, role, slug: slug || null, client: null };
  started.client = createClient({
    base,
    token,
    onUnauthorized(error) {
      // Only this session's own refusal signs out; an answer from an earlier one changes nothing.
      if (session === started) signOut("Signed out: this key no longer works (it was replaced, or part of it is missing). Sign in again with the current key.");
    },
  });
  session = started;
  store();
  render();
}

function store() {
  saveSession(session && { token: session.token, role: session.role, slug: session.slug });
}

function signOut(reason) {
  session = null;
  store();
  shopPage.close();
  operator.close();
  // Nothing of the previous session stays on screen, least of all a freshly created key.
  clearErrors(document);
  for (const form of document.querySelectorAll("form")) form.reset();
  render();
  text("signin-error", reason || "");
}

function render() {
  const signedIn = !!session;
  show("signin", !signedIn);
  show("signout", signedIn);
  show("session-info", signedIn);
  show("operator-panel", signedIn && session.role === "operator");
  show("operator-shop-tools", signedIn && session.role === "operator");
  if (signedIn) renderTopBar(session.slug);
  else globalError("");
}

function renderTopBar(slug) {
  if (!session) return;
  text("session-info", session.role === "operator" ? `Operator${slug ? ` · ${slug}` : ""}` : `Merchant · ${session.slug}`);
}

// A reload keeps the tab's session and the shop it had open.
const stored = readSession();
if (stored) {
  begin(stored);
  if (session.role === "operator") operator.open(session.client, null);
  if (session.slug) shopPage.open(session.client, session.role, session.slug);
} else {
  render();
}
