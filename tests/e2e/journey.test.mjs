// The whole journey in a real Chromium against the real binaries, started as `npm start` starts
// them (scripts/demo.mjs): the tile in the demo Help Center, the finder, a claim becoming a
// Gorgias ticket in the stand-in, and the merchant portal.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemo } from "../../scripts/demo.mjs";
import { launchBrowser, saveScreenshot } from "./support.mjs";

const TILE = "[data-resolve-tile]";
const TILE_BUTTON = "[data-resolve-tile] button";

// A 1×1 PNG and a 1×1 JPEG, real images the server recognises by their bytes.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z",
  "base64",
);

/** A fresh demo (its own data directory and ports) and browser per test. */
async function withDemo(name, body) {
  const dataDir = mkdtempSync(join(tmpdir(), "resolve-journey-"));
  const demo = await startDemo({ dataDir });
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  const console_ = [];
  const pageErrors = [];
  page.on("console", (message) => console_.push({ type: message.type(), text: message.text() }));
  page.on("pageerror", (error) => pageErrors.push(error));
  try {
    await body({ demo, dataDir, page, context, console: console_, pageErrors });
  } finally {
    await saveScreenshot(page, name).catch(() => {});
    await browser.close();
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Navigates the demo Help Center the way its own links do: History API, no reload. */
async function navigateClientSide(page, path) {
  await page.evaluate((target) => {
    const link = document.createElement("a");
    link.href = target;
    link.textContent = "go";
    document.body.append(link);
    link.click();
    link.remove();
  }, path);
  await page.waitForFunction((target) => location.pathname === target, path);
}

async function api(demo, method, path, body) {
  const response = await fetch(`${demo.serverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${demo.operatorToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function receivedTickets(demo) {
  const response = await fetch(`${demo.standinUrl}/control/accounts/acme/received`);
  assert.equal(response.status, 200);
  return (await response.json()).tickets;
}

async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("demo Help Center", () => {
  test("the tile shows in German on the approved article, not elsewhere, and follows navigation", async () => {
    await withDemo("tile-follows-navigation", async ({ demo, page, console: logs, pageErrors }) => {
      // An article that is not whitelisted: no tile, one explanatory line.
      await page.goto(`${demo.helpCenterUrl}/de-DE/versand-faq-1002`);
      await page.waitForFunction(() => window.Resolve && window.Resolve.ready === true);
      await waitFor(() => logs.some((l) => l.text.startsWith("[resolve]")), "the [resolve] notice", 10000);
      assert.equal(await page.locator(TILE_BUTTON).count(), 0);
      const resolveLines = logs.filter((l) => l.text.startsWith("[resolve]"));
      assert.equal(resolveLines.length, 1, JSON.stringify(resolveLines));
      assert.match(resolveLines[0].text, /whitelist|approved|not shown/i);
      const errors = logs.filter((l) => l.type === "error" && !l.text.startsWith("[resolve]"));
      assert.deepEqual(errors, []);

      // Client-side navigation to the approved article shows it, in German.
      await navigateClientSide(page, "/de-DE/rueckgaberichtlinie-1001");
      await page.locator(TILE_BUTTON).waitFor();
      assert.equal(await page.locator(TILE_BUTTON).innerText(), "Problem melden");
      const tileText = await page.evaluate((sel) => document.querySelector(sel).shadowRoot.textContent, TILE);
      assert.match(tileText, /Probleme mit Ihrer Bestellung/);
      // The tile fades in; the screenshot shows it once its animations have finished.
      await page.waitForFunction(
        (sel) => document.querySelector(sel).shadowRoot.getAnimations().every((a) => a.playState === "finished"),
        TILE,
      );
      await saveScreenshot(page, "tile-german-help-center");

      // Switching the language re-localises the same tile.
      await navigateClientSide(page, "/fr-FR/politique-de-retour-1001");
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.shadowRoot?.textContent.includes("Signaler un problème"),
        TILE,
      );
      assert.equal(await page.locator(TILE).count(), 1, "one tile, not a second one");
      assert.deepEqual(pageErrors, []);
    });
  });

  test("clicking the tile opens the finder in German, and keyboard alone does too", async () => {
    await withDemo("finder-german", async ({ demo, page }) => {
      await page.goto(`${demo.helpCenterUrl}/de-DE/rueckgaberichtlinie-1001`);
      await page.locator(TILE_BUTTON).click();
      await page.waitForURL(/\/resolve\/demo-shop\/finder/);
      const url = new URL(page.url());
      assert.equal(url.origin, demo.serverUrl);
      assert.equal(url.searchParams.get("lang"), "de");
      await page.locator("#finder-title").waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
      assert.match(await page.locator("#finder-title").innerText(), /Problem|Bestellung/);
      await saveScreenshot(page, "finder-german");

      // Keyboard only: Tab until the tile's button has focus, then Enter.
      await page.goto(`${demo.helpCenterUrl}/de-DE/rueckgaberichtlinie-1001`);
      await page.locator(TILE_BUTTON).waitFor();
      let focused = false;
      for (let i = 0; i < 60 && !focused; i += 1) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(
          (sel) => document.activeElement?.matches(sel) && document.activeElement.shadowRoot?.activeElement?.tagName === "BUTTON",
          TILE,
        );
      }
      assert.ok(focused, "Tab reaches the tile's button");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/resolve\/demo-shop\/finder\?.*lang=de/);
    });
  });

  test("a page whose CSP forbids Wasm keeps working and says why once", async () => {
    await withDemo("csp-blocked", async ({ demo, page, console: logs, pageErrors }) => {
      const html = `<!doctype html><html lang="en"><head>
<meta http-equiv="Content-Security-Policy" content="script-src 'self' ${demo.serverUrl}; connect-src *">
<script src="${demo.serverUrl}/sdk/latest/bundle.min.js" data-shop-slug="demo-shop"></script>
</head><body><h1 id="content">Help Center</h1><button id="own">Page button</button>
<script src="/page.js"></script></body></html>`;
      const host = createServer((request, response) => {
        if (request.url === "/page.js") {
          response.writeHead(200, { "content-type": "text/javascript" });
          response.end("document.getElementById('own').addEventListener('click', () => { document.title = 'clicked'; });");
          return;
        }
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end(html);
      });
      await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
      try {
        await page.goto(`http://127.0.0.1:${host.address().port}/en-US/returns-1`);
        await waitFor(() => logs.some((l) => l.text.startsWith("[resolve]")), "the [resolve] notice", 10000);
        await page.click("#own");
        assert.equal(await page.title(), "clicked", "the host page still works");
        const lines = logs.filter((l) => l.text.startsWith("[resolve]"));
        assert.equal(lines.length, 1, JSON.stringify(lines));
        assert.match(lines[0].text, /wasm-unsafe-eval/);
        assert.deepEqual(pageErrors, []);
      } finally {
        host.close();
      }
    });
  });
});

describe("claims to tickets", () => {
  test("a claim with two photos from the finder becomes one complete ticket", async () => {
    await withDemo("ticket-in-standin", async ({ demo, page }) => {
      await page.goto(`${demo.finderUrl.replace("lang=en", "lang=de")}`);
      await page.fill("#order-number", "#1001");
      await page.fill("#email", "jane@example.com");
      await page.fill("#name", "Jane Doe");
      await page.fill("#carrier", "DHL");
      await page.fill("#tracking", "00340434161234567890");
      await page.selectOption("#flow", "defective");
      await page.selectOption("#reason", "damage");
      await page.fill("#notes", "Die Tasse kam in Scherben an.");
      await page.check("#pref-refund");
      await page.locator('[data-testid="item-sku"]').first().fill("MUG-1");
      await page.locator('[data-testid="item-title"]').first().fill("Blue mug");
      await page.locator('[data-testid="item-quantity"]').first().fill("2");
      await page.setInputFiles("#photos", [
        { name: "front.png", mimeType: "image/png", buffer: PNG },
        { name: "side.jpg", mimeType: "image/jpeg", buffer: JPEG },
      ]);
      await page.click("#submit");
      await page.locator('#claim-status[data-status="delivered"]').waitFor({ timeout: 30000 });

      const tickets = await receivedTickets(demo);
      assert.equal(tickets.length, 1);
      const [ticket] = tickets;
      assert.equal(ticket.customer.email, "jane@example.com");
      assert.match(ticket.external_id, /^resolve-claim:/);
      assert.match(ticket.subject, /#1001/);
      assert.equal(ticket.language, "de");
      const tags = ticket.tags.map((t) => t.name);
      for (const tag of ["resolve", "resolve-flow:defective", "resolve-preference:refund"]) {
        assert.ok(tags.includes(tag), `tag ${tag} in ${tags}`);
      }
      assert.equal(ticket.custom_fields["101"].value, "defective");
      assert.equal(ticket.custom_fields["102"].value, "refund");
      const [message] = ticket.messages;
      assert.match(message.body_text, /Die Tasse kam in Scherben an\./);
      assert.match(message.body_text, /DHL/);
      assert.match(message.body_text, /00340434161234567890/);
      assert.match(message.body_html, /MUG-1/);
      // The server names attachments itself (photo-1.png, ...); what must survive is the bytes.
      assert.equal(message.attachments.length, 2);
      const bytes = await Promise.all(
        message.attachments.map(async (a) => Buffer.from(await (await fetch(a.url)).arrayBuffer())),
      );
      const types = message.attachments.map((a) => a.content_type).sort();
      assert.deepEqual(types, ["image/jpeg", "image/png"]);
      assert.ok(bytes.some((b) => b.equals(PNG)), "the PNG arrived unchanged");
      assert.ok(bytes.some((b) => b.equals(JPEG)), "the JPEG arrived unchanged");

      await page.goto(demo.standinUrl);
      await page.getByText("#1001").first().waitFor();
      await saveScreenshot(page, "ticket-in-standin");
    });
  });
});

describe("merchant portal", () => {
  test("a wrong key shows the authentication error, the right one connects; off makes claims wait, on delivers them", async () => {
    await withDemo("portal", async ({ demo, page }) => {
      // A second shop, connected through the portal by its merchant.
      const created = await api(demo, "POST", "/v1/shops", { slug: "second-shop", name: "Second Shop" });
      assert.equal(created.status, 201);
      assert.equal((await api(demo, "PATCH", "/v1/shops/second-shop", { gorgias_available: true })).status, 200);

      await page.goto(demo.portalUrl);
      await page.fill("#signin-key", created.body.api_key);
      await page.fill("#signin-slug", "second-shop");
      await page.click("#signin-submit");
      await page.locator("#gorgias-endpoint").waitFor();
      await page.fill("#gorgias-endpoint", demo.gorgiasEndpoint);
      await page.fill("#gorgias-email", "agent@acme.test");
      await page.fill("#gorgias-api-key", "wrong-key");
      await page.click("#gorgias-save");
      await page.locator("#gorgias-api-key-error, #gorgias-error").filter({ hasText: /API key|rejected|authenticat/i }).first().waitFor();

      await page.fill("#gorgias-api-key", "demo-key");
      await page.click("#gorgias-save");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      assert.match(await page.locator("#gorgias-key-hint").innerText(), /…\s*-key|…/);
      assert.doesNotMatch(await page.content(), /demo-key/);

      // Off: a new claim waits.
      if (await page.locator("#gorgias-enabled").isChecked()) await page.locator("#gorgias-enabled").click();
      await waitFor(async () => (await api(demo, "GET", "/v1/shops/second-shop/integrations/gorgias")).body.enabled === false, "the toggle off");
      const claim = {
        flow_type: "not_received",
        reason: "investigation",
        customer: { email: "sam@example.com", name: "Sam" },
        order: { order_number: "#2002" },
        items: [],
      };
      const submitted = await api(demo, "POST", "/v1/shops/second-shop/claims", claim);
      assert.equal(submitted.status, 202);
      const claimPath = `/v1/shops/second-shop/claims/${submitted.body.id}`;
      await waitFor(async () => (await api(demo, "GET", claimPath)).body.status === "waiting", "the claim to wait");

      // On: it is delivered.
      await page.locator("#gorgias-enabled").click();
      await waitFor(async () => (await api(demo, "GET", claimPath)).body.status === "delivered", "the claim to be delivered");
      const tickets = await receivedTickets(demo);
      assert.equal(tickets.filter((t) => t.external_id === `resolve-claim:${submitted.body.id}`).length, 1);
    });
  });
  test("the merchant brands the tile in the portal and the Help Center shows it", async () => {
    await withDemo("portal-tile", async ({ demo, dataDir, page, context }) => {
      // The logo lives on the merchant's own server.
      const logoHost = createServer((request, response) => {
        response.writeHead(request.url === "/logo.png" ? 200 : 404, { "content-type": "image/png" });
        response.end(PNG);
      });
      await new Promise((resolve) => logoHost.listen(0, "127.0.0.1", resolve));
      const logoUrl = `http://127.0.0.1:${logoHost.address().port}/logo.png`;
      try {
        const key = readFileSync(join(dataDir, "demo-shop.key"), "utf8").trim();
        await page.goto(demo.portalUrl);
        await page.fill("#signin-key", key);
        await page.fill("#signin-slug", "demo-shop");
        await page.click("#signin-submit");
        // The shop has loaded (and filled the tile form) once its connection shows.
        await page.locator('#gorgias-status[data-status="connected"]').waitFor();
        assert.equal(await page.inputValue("#tile-accent"), "#1f6feb");

        // A colour name is refused next to the field, and nothing changes.
        await page.fill("#tile-accent", "blue");
        await page.click("#tile-save");
        await page.locator("#tile-accent-error").filter({ hasText: /#1f6feb/ }).waitFor();
        assert.equal((await api(demo, "GET", "/v1/shops/demo-shop/tile")).body.accent_color, "#1f6feb");

        await page.fill("#tile-accent", "#B4235A");
        await page.fill("#tile-logo", logoUrl);
        await page.click("#tile-save");
        await page.locator("#tile-saved").filter({ hasText: /saved/i }).waitFor();
        assert.equal(await page.inputValue("#tile-accent"), "#b4235a");
        assert.deepEqual((await api(demo, "GET", "/v1/shops/demo-shop/tile")).body, { accent_color: "#b4235a", logo_url: logoUrl });

        const helpCenter = await context.newPage();
        await helpCenter.goto(`${demo.helpCenterUrl}/en-US/return-policy-1001`);
        await helpCenter.locator(TILE_BUTTON).waitFor();
        const look = await helpCenter.evaluate((sel) => {
          const root = document.querySelector(sel).shadowRoot;
          const logo = root.querySelector("img");
          return {
            background: getComputedStyle(root.querySelector("button")).backgroundColor,
            logo: logo.getAttribute("src"),
            logoHidden: logo.hidden,
          };
        }, TILE);
        assert.deepEqual(look, { background: "rgb(180, 35, 90)", logo: logoUrl, logoHidden: false });
        await helpCenter.waitForFunction((sel) => document.querySelector(sel).shadowRoot.querySelector("img").naturalWidth > 0, TILE);
        await helpCenter.close();
      } finally {
        logoHost.close();
      }
    });
  });
  test("a claim Gorgias refused shows as failed in the portal's claim list, and Retry delivers it", async () => {
    await withDemo("portal-claims", async ({ demo, dataDir, page }) => {
      // Gorgias refuses the next ticket once: the claim fails for good until someone retries it.
      const fault = await fetch(`${demo.standinUrl}/control/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ account: "acme", method: "POST", path_prefix: "/api/tickets", action: "status", status: 400 }),
      });
      assert.equal(fault.status, 201);
      const claim = { flow_type: "defective", reason: "damage", customer: { email: "kim@example.com" }, order: { order_number: "#3003" }, items: [{ sku: "MUG-1", title: "Blue mug", quantity: 1 }] };
      const submitted = await api(demo, "POST", "/v1/shops/demo-shop/claims", claim);
      assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
      const claimPath = `/v1/shops/demo-shop/claims/${submitted.body.id}`;
      await waitFor(async () => (await api(demo, "GET", claimPath)).body.status === "failed", "the claim to fail");

      const key = readFileSync(join(dataDir, "demo-shop.key"), "utf8").trim();
      await page.goto(demo.portalUrl);
      await page.fill("#signin-key", key);
      await page.fill("#signin-slug", "demo-shop");
      await page.click("#signin-submit");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      await page.selectOption("#claims-status", "failed");
      const row = page.locator(`[data-testid="claim-row"][data-id="${submitted.body.id}"]`);
      await row.waitFor();
      assert.equal(await page.locator('[data-testid="claim-row"]').count(), 1, "only the failed claim");
      const rowText = await row.innerText();
      assert.match(rowText, /#3003/);
      assert.match(rowText, /Failed/);
      assert.match(rowText, /400/, "the row shows why Gorgias refused it");

      await row.locator('[data-testid="claim-row-retry"]').click();
      await waitFor(async () => (await api(demo, "GET", claimPath)).body.status === "delivered", "the retried claim to be delivered");
      const tickets = await receivedTickets(demo);
      assert.equal(tickets.filter((t) => t.external_id === `resolve-claim:${submitted.body.id}`).length, 1);

      await page.selectOption("#claims-status", "delivered");
      const delivered = page.locator(`[data-testid="claim-row"][data-id="${submitted.body.id}"][data-status="delivered"]`);
      await delivered.waitFor();
      assert.match(await delivered.locator("a").innerText(), /^Ticket #\d+$/);
    });
  });
  test("the operator signs in, finds the shop in the list, and a new merchant key replaces the old one", async () => {
    await withDemo("portal-operator", async ({ demo, dataDir, page }) => {
      const merchantCall = (key) => fetch(`${demo.serverUrl}/v1/shops/demo-shop`, { headers: { authorization: `Bearer ${key}` } });
      const oldKey = readFileSync(join(dataDir, "demo-shop.key"), "utf8").trim();
      assert.equal((await merchantCall(oldKey)).status, 200);

      await page.goto(demo.portalUrl);
      await page.fill("#signin-key", "op_not-the-token");
      await page.click("#signin-submit");
      await page.locator("#signin-error").filter({ hasText: /operator token was not accepted/ }).waitFor();

      await page.fill("#signin-key", demo.operatorToken);
      await page.click("#signin-submit");
      await page.locator("#operator-panel").waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll("#shop-slugs option")].some((o) => o.value === "demo-shop"));
      await page.fill("#open-slug", "demo-shop");
      await page.click("#open-shop");
      await page.locator("#replace-key").click();
      await page.locator("#replace-key-confirm").click();
      await page.locator("#replaced-key").waitFor();
      const newKey = await page.inputValue("#replaced-key-value");
      assert.match(newKey, /^rk_/);
      assert.notEqual(newKey, oldKey);
      assert.equal((await merchantCall(oldKey)).status, 401, "the old key stops working at once");
      assert.equal((await merchantCall(newKey)).status, 200);
    });
  });
});
