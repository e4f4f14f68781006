// The merchant portal as native ES modules, in a real Chromium against the real demo: every module
// is served as JavaScript, the page runs without errors, the server's error fields land where it
// says, a session survives a reload, and the whitelist panel says what one entry covers.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemo } from "../../scripts/demo.mjs";
import { launchBrowser, root, saveScreenshot } from "./support.mjs";

let demo;
let dataDir;
let browser;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "resolve-portal-"));
  demo = await startDemo({ dataDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh page that records page errors and console errors. */
async function openPage(name, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  try {
    await body(page, problems);
  } finally {
    await saveScreenshot(page, name).catch(() => {});
    await context.close();
  }
}

async function operator(method, path, body) {
  const response = await fetch(`${demo.serverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${demo.operatorToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const demoKey = () => readFileSync(join(dataDir, "demo-shop.key"), "utf8").trim();

async function signIn(page, key, slug) {
  await page.goto(demo.portalUrl);
  await page.fill("#signin-key", key);
  if (slug) await page.fill("#signin-slug", slug);
  await page.click("#signin-submit");
}

describe("portal modules", () => {
  test("every module under www/portal is served as JavaScript and the page loads them without errors", async () => {
    const modules = readdirSync(join(root, "www", "portal")).filter((name) => name.endsWith(".js"));
    assert.ok(modules.length >= 8, `the portal is split into modules: ${modules}`);
    for (const name of modules) {
      const response = await fetch(`${demo.serverUrl}/portal/${name}`);
      assert.equal(response.status, 200, name);
      assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8", name);
    }
    const html = await (await fetch(demo.portalUrl)).text();
    assert.match(html, /<script type="module" src="\/portal\/portal\.js"><\/script>/);

    await openPage("portal-modules", async (page, problems) => {
      await signIn(page, demoKey(), "demo-shop");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      const loaded = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => path.startsWith("/portal/") && path.endsWith(".js")),
      );
      assert.deepEqual([...new Set(loaded)].sort(), modules.map((name) => `/portal/${name}`).sort(), "the page imports every module");
      // The portal's state lives inside its modules: nothing of it leaks onto `window`.
      const leaked = await page.evaluate(() => ["session", "shop", "integration", "api", "claimsCursor"].filter((name) => name in window));
      assert.deepEqual(leaked, []);
      assert.deepEqual(problems, []);
    });
  });

  test("a Gorgias user without the permission is refused at the email field, where the server points", async () => {
    const created = await operator("POST", "/v1/shops", { slug: "observer-shop", name: "Observer Shop" });
    assert.equal(created.status, 201);
    assert.equal((await operator("PATCH", "/v1/shops/observer-shop", { gorgias_available: true })).status, 200);
    // What the server says about this key: the field is `email`.
    const direct = await fetch(`${demo.serverUrl}/v1/shops/observer-shop/integrations/gorgias`, {
      method: "PUT",
      headers: { authorization: `Bearer ${created.body.api_key}`, "content-type": "application/json" },
      body: JSON.stringify({ endpoint: demo.gorgiasEndpoint, email: "viewer@acme.test", api_key: "view-key" }),
    });
    const refusal = (await direct.json()).error;
    assert.equal(refusal.code, "gorgias_forbidden");
    assert.equal(refusal.field, "email");

    await openPage("portal-forbidden", async (page, problems) => {
      await signIn(page, created.body.api_key, "observer-shop");
      await page.locator("#gorgias-endpoint").waitFor();
      await page.fill("#gorgias-endpoint", demo.gorgiasEndpoint);
      await page.fill("#gorgias-email", "viewer@acme.test");
      await page.fill("#gorgias-api-key", "view-key");
      await page.click("#gorgias-save");
      await page.locator("#gorgias-email-error").filter({ hasText: refusal.message }).waitFor();
      assert.equal(await page.getAttribute("#gorgias-email", "aria-invalid"), "true");
      assert.equal(await page.evaluate(() => document.activeElement.id), "gorgias-email");
      assert.equal(await page.innerText("#gorgias-api-key-error"), "");
      assert.equal(await page.innerText("#gorgias-error"), "");
      // The browser logs the refused calls themselves (404 not connected yet, 422 the refusal).
      assert.deepEqual(problems.filter((p) => !/Failed to load resource: .* (404|422)/.test(p)), []);
    });
  });

  test("a signed-in merchant stays signed in across a reload; signing out leaves nothing of the shop", async () => {
    await openPage("portal-reload", async (page, problems) => {
      await signIn(page, demoKey(), "demo-shop");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      assert.equal(await page.innerText("#session-info"), "Merchant · demo-shop");

      await page.reload();
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      assert.equal(await page.isVisible("#signin"), false);
      assert.equal(await page.innerText("#shop-slug"), "demo-shop");
      await page.locator('[data-testid="url-item"]').first().waitFor();

      await page.click("#signout");
      await page.locator("#signin").waitFor();
      assert.equal(await page.isVisible("#shop-panel"), false);
      assert.equal(await page.locator('[data-testid="url-item"]').count(), 0);
      assert.equal(await page.locator('[data-testid="claim-row"]').count(), 0);
      assert.equal(await page.evaluate(() => sessionStorage.getItem("resolve-portal-session")), null);
      assert.deepEqual(problems, []);
    });
  });

  test("a replaced key signs the open portal out with the server's reason", async () => {
    const created = await operator("POST", "/v1/shops", { slug: "rotated-shop", name: "Rotated Shop" });
    assert.equal(created.status, 201);
    await openPage("portal-rotated", async (page) => {
      await signIn(page, created.body.api_key, "rotated-shop");
      await page.locator("#shop-panel").waitFor();
      await page.locator("#url-empty").waitFor();
      assert.equal((await operator("POST", "/v1/shops/rotated-shop/api-key")).status, 200);
      await page.click("#claims-refresh");
      await page.locator("#signin-error").filter({ hasText: /^Signed out: / }).waitFor();
      assert.equal(await page.isVisible("#shop-panel"), false);
    });
  });
});

describe("Help Center URLs panel", () => {
  test("says what one approved entry covers, in the words of the contract", async () => {
    await openPage("portal-url-coverage", async (page) => {
      await signIn(page, demoKey(), "demo-shop");
      await page.locator("#url-coverage").waitFor();
      const words = await page.innerText("#url-coverage");
      for (const phrase of [
        /An article.*\/en-US\/shipping-faq-1002.*that article in every language, under any name/s,
        /\/de-DE\/versand-faq-1002 is the same article/,
        /A category.*that category in every language/s,
        /An unlisted article.*that page in every language/s,
        /The home page.*the home page in every language/s,
        /Any other page.*that page in every language/s,
        /ending in \*.*every page below it, in every language/s,
        /query|after \?/,
      ]) {
        assert.match(words, phrase);
      }
      assert.doesNotMatch(await page.innerText("#urls-section"), /One article URL covers every language of it/);
    });
  });
});
