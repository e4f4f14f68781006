// What a merchant sees in the portal (issue "What shoppers, merchants and agents see"), in a real
// Chromium against the real demo: the script tag to paste, errors in the page's words, readable
// diagnostics and claims, a phone-width page, and no contradictions between panels.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemo } from "../../scripts/demo.mjs";
import { launchBrowser, saveScreenshot } from "./support.mjs";

let demo;
let dataDir;
let browser;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "resolve-merchant-"));
  demo = await startDemo({ dataDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(name, body, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await body(page, pageErrors, context);
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

async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the script tag (item 6)", () => {
  test("the portal shows the shop's exact tag, copies it, and says where it goes in Gorgias", async () => {
    // The demo Help Center carries the working tag in its <head>: the portal must offer that one.
    const helpCenterHtml = await (await fetch(demo.helpCenterPage)).text();
    const working = /<script src="[^"]+\/sdk\/latest\/bundle\.min\.js" data-shop-slug="demo-shop"><\/script>/.exec(helpCenterHtml)[0];
    await openPage(
      "portal-script-tag",
      async (page, pageErrors) => {
        await signIn(page, demoKey(), "demo-shop");
        await page.locator('#gorgias-status[data-status="connected"]').waitFor();
        assert.equal(await page.inputValue("#install-tag"), working);
        assert.equal(await page.inputValue("#install-tag"), `<script src="${demo.serverUrl}/sdk/latest/bundle.min.js" data-shop-slug="demo-shop"></script>`);
        await page.click("#install-copy");
        await page.locator("#install-copy-result").filter({ hasText: "Copied to the clipboard." }).waitFor();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), working);
        const where = await page.innerText("#install-where");
        assert.match(where, /Settings → Help Center → Customization/);
        assert.match(where, /Extra HTML/);
        assert.match(where, /each language/);
        assert.deepEqual(pageErrors, []);
      },
      { permissions: ["clipboard-read", "clipboard-write"] },
    );
  });

  test("an operator opening another shop sees that shop's tag", async () => {
    assert.equal((await operator("POST", "/v1/shops", { slug: "tag-shop", name: "Tag Shop" })).status, 201);
    await openPage("portal-script-tag-operator", async (page) => {
      await signIn(page, demo.operatorToken);
      await page.locator("#operator-panel").waitFor();
      await page.fill("#open-slug", "tag-shop");
      await page.click("#open-shop");
      await page.locator("#shop-slug").filter({ hasText: "tag-shop" }).waitFor();
      assert.match(await page.inputValue("#install-tag"), /data-shop-slug="tag-shop"/);
    });
  });
});

/** Every error text on the page: each reads as a sentence in the page's words, none in the API's. */
async function visibleErrors(page) {
  return page.$$eval(".field-error, .form-error, #global-error", (nodes) => nodes.map((n) => n.textContent.trim()).filter(Boolean));
}

function assertPageWords(messages) {
  assert.ok(messages.length > 0, "there is an error to read");
  for (const message of messages) {
    assert.match(message, /^[A-Z"“]/, `starts with a capital: ${message}`);
    assert.match(message, /[.!?]$/, `ends with a full stop: ${message}`);
    assert.doesNotMatch(message, /`|\bGET \/v1|\bPUT \/v1|Bearer|\bnull\b|custom_fields\.|tags\.always|logo_url|accent_color/, message);
  }
}

describe("errors in the words of the page (item 9)", () => {
  test("whitelist, tile, mapping and sign-in refusals say what to do without API wording", async () => {
    await openPage("portal-error-words", async (page, pageErrors) => {
      await signIn(page, "rk_not-a-real-key-000000000000000000000", "demo-shop");
      await page.locator("#signin-error").filter({ hasText: /not accepted/ }).waitFor();
      assertPageWords(await visibleErrors(page));

      await signIn(page, demoKey(), "demo-shop");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      await page.locator('[data-testid="url-item"]').first().waitFor();

      // The same URL twice: the server says "list them with GET /v1/…"; the page does not.
      const listed = await page.locator('[data-testid="url-item"] .url').first().innerText();
      await page.fill("#url-input", listed);
      await page.click("#url-add");
      await page.locator("#url-error").filter({ hasText: "This URL is already on your list of Help Center URLs." }).waitFor();
      assertPageWords(await visibleErrors(page));

      // A logo address that is not https: the server says "or null for no logo".
      await page.fill("#tile-logo", "ftp://cdn.example/logo.png");
      await page.click("#tile-save");
      await page.locator("#tile-logo-error").filter({ hasText: /leave it empty for no logo/ }).waitFor();
      assertPageWords(await visibleErrors(page));
      await page.fill("#tile-logo", "");

      // One Gorgias field for two values: the server names both by their JSON paths.
      await page.fill("#mapping-cf-flow", "101");
      await page.fill("#mapping-cf-preference", "101");
      await page.click("#mapping-save");
      const fieldError = page.locator("#mapping-cf-preference-error");
      await fieldError.filter({ hasText: /"Resolution preference" field id/ }).waitFor();
      assert.match(await fieldError.innerText(), /"Flow type" field id/);
      assertPageWords(await visibleErrors(page));
      assert.deepEqual(pageErrors, []);
    });
  });
});

/** Makes the stand-in refuse the next ticket, so the next claim fails for good. */
async function refuseNextTicket() {
  const fault = await fetch(`${demo.standinUrl}/control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ account: "acme", method: "POST", path_prefix: "/api/tickets", action: "status", status: 400 }),
  });
  assert.equal(fault.status, 201);
}

async function submitClaim(key, claim) {
  const response = await fetch(`${demo.serverUrl}/v1/shops/demo-shop/claims`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(claim),
  });
  assert.equal(response.status, 202);
  return (await response.json()).id;
}

async function claimStatus(key, id) {
  const response = await fetch(`${demo.serverUrl}/v1/shops/demo-shop/claims/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return (await response.json()).status;
}

describe("diagnostics and the claim list read as sentences (item 13)", () => {
  test("dates once, '1 claim' and '2 claims', flow names, attempts counted in words", async () => {
    const key = demoKey();
    const notReceived = { flow_type: "not_received", reason: "investigation", customer: { email: "kim@example.com", name: "Kim" }, order: { order_number: "#4004" } };
    await refuseNextTicket();
    const first = await submitClaim(key, notReceived);
    await waitFor(async () => (await claimStatus(key, first)) === "failed", "the first claim to fail");

    await openPage("portal-diagnostics-words", async (page, pageErrors) => {
      await signIn(page, key, "demo-shop");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      await page.locator("#diag-advice").filter({ hasText: /1 claim failed for good/ }).waitFor();
      assert.doesNotMatch(await page.innerText("#diag-advice"), /claim\(s\)/);

      const checked = page.locator("#diag-last-checked");
      const iso = await checked.getAttribute("title");
      assert.ok(iso && !Number.isNaN(Date.parse(iso)), `the exact time is the tooltip: ${iso}`);
      const shown = await checked.innerText();
      assert.ok(!shown.includes(iso) && !shown.includes("("), `the date is shown once: ${shown}`);

      const row = page.locator(`[data-testid="claim-row"][data-id="${first}"]`);
      await row.waitFor();
      const cells = await row.locator("td").allInnerTexts();
      assert.ok(cells.includes("Parcel not received"), `the flow by its name: ${cells}`);
      assert.ok(!cells.includes("not_received"), `no raw code: ${cells}`);
      assert.ok(cells.includes("Failed"));

      await page.fill("#claim-id", first);
      await page.click("#claim-lookup");
      await page.locator("#claim-result").filter({ hasText: /Failed · \d+ delivery attempts? · last error: / }).waitFor();
      assert.doesNotMatch(await page.innerText("#claim-result"), /attempt\(s\)/);

      await refuseNextTicket();
      const second = await submitClaim(key, { ...notReceived, order: { order_number: "#4005" } });
      await waitFor(async () => (await claimStatus(key, second)) === "failed", "the second claim to fail");
      await page.click("#diag-refresh");
      await page.locator("#diag-advice").filter({ hasText: /2 claims failed for good/ }).waitFor();
      assert.deepEqual(pageErrors, []);
    });
  });

  test("the customer shows in the claim list when the list carries it", async () => {
    await openPage("portal-claims-customer", async (page) => {
      let customers = false;
      // The real list, with each claim's customer added as a list that has them would send it.
      await page.route("**/v1/shops/demo-shop/claims*", async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        if (customers) for (const claim of body.claims) claim.customer = { email: "kim@example.com", name: "Kim" };
        await route.fulfill({ response, json: body });
      });
      await signIn(page, demoKey(), "demo-shop");
      await page.locator('[data-testid="claim-row"]').first().waitFor();
      assert.equal(await page.locator("#claims-table th.customer-column").isVisible(), false, "no empty column");

      customers = true;
      await page.click("#claims-refresh");
      await page.locator('[data-testid="claim-customer"]').filter({ hasText: "Kim <kim@example.com>" }).first().waitFor();
      assert.equal(await page.locator("#claims-table th.customer-column").isVisible(), true);
    });
  });
});

describe("a phone's width (item 12)", () => {
  test("at 390 px nothing is wider than the screen and the claim id box keeps a usable width", async () => {
    // At least one claim, so that the list is on the page.
    await submitClaim(demoKey(), { flow_type: "not_received", customer: { email: "lee@example.com" }, order: { order_number: "#5005" } });
    await openPage(
      "portal-phone",
      async (page, pageErrors) => {
        const measure = () =>
          page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            wider: [...document.querySelectorAll("body *")]
              .filter((node) => node.getClientRects().length && node.getBoundingClientRect().right > window.innerWidth + 0.5)
              .map((node) => `${node.tagName.toLowerCase()}#${node.id}`),
          }));
        await signIn(page, demoKey(), "demo-shop");
        await page.locator('[data-testid="claim-row"]').first().waitFor();
        assert.deepEqual(await measure(), { scrollWidth: 390, wider: [] });
        const box = await page.locator("#claim-id").boundingBox();
        assert.ok(box.width >= 200, `the claim id box is ${box.width} px wide`);
        // Each claim's values keep their column's name when the table stacks.
        const label = await page.locator('[data-testid="claim-row"] td').first().getAttribute("data-label");
        assert.equal(label, "Submitted");

        await page.click("#signout");
        await signIn(page, demo.operatorToken, "demo-shop");
        await page.locator('[data-testid="claim-row"]').first().waitFor();
        await page.locator("#operator-panel").waitFor();
        assert.deepEqual(await measure(), { scrollWidth: 390, wider: [] });
        assert.deepEqual(pageErrors, []);
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    );
  });
});

describe("the portal does not contradict itself (item 10)", () => {
  test("a note about saving goes once the connection changes again", async () => {
    await openPage("portal-no-stale-note", async (page, pageErrors) => {
      await signIn(page, demoKey(), "demo-shop");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      await page.fill("#gorgias-api-key", "demo-key");
      await page.click("#gorgias-save");
      await page.locator("#gorgias-saved").filter({ hasText: /status: Connected, tickets are created from claims\./ }).waitFor();

      await page.locator("#gorgias-enabled").click();
      await page.locator('#gorgias-status[data-status="disabled"]').waitFor();
      assert.equal(await page.innerText("#gorgias-saved"), "");
      assert.doesNotMatch(await page.innerText("#gorgias-section"), /Connected/);
      assert.equal(await page.innerText("#diag-status"), "Off");

      await page.locator("#gorgias-enabled").click();
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      assert.deepEqual(pageErrors, []);
    });
  });

  test("after the operator withdraws Gorgias the page says 'Not available', not 'Connected'", async () => {
    await openPage("portal-withdrawn", async (page, pageErrors) => {
      await signIn(page, demoKey(), "demo-shop");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      assert.equal((await operator("PATCH", "/v1/shops/demo-shop", { gorgias_available: false })).status, 200);
      try {
        await page.click("#diag-refresh");
        await page.locator('#gorgias-status[data-status="not_available"]').waitFor();
        assert.equal(await page.innerText("#gorgias-status"), "Not available");
        assert.equal(await page.innerText("#diag-status"), "Not available");
        assert.match(await page.innerText("#diag-advice"), /not available for this shop/);
        assert.equal(await page.isVisible("#gorgias-not-available"), true);
        assert.doesNotMatch(await page.innerText("#gorgias-section"), /Connected/);
      } finally {
        assert.equal((await operator("PATCH", "/v1/shops/demo-shop", { gorgias_available: true })).status, 200);
      }
      await page.click("#diag-refresh");
      await page.locator('#gorgias-status[data-status="connected"]').waitFor();
      assert.deepEqual(pageErrors, []);
    });
  });

  test("a delivered claim shows its ticket, not the error of an earlier attempt", async () => {
    const key = demoKey();
    // The first attempt meets a Gorgias outage; the next one delivers.
    const fault = await fetch(`${demo.standinUrl}/control/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account: "acme", method: "POST", path_prefix: "/api/tickets", action: "status", status: 503 }),
    });
    assert.equal(fault.status, 201);
    const id = await submitClaim(key, { flow_type: "not_received", customer: { email: "max@example.com" }, order: { order_number: "#7007" } });
    await waitFor(async () => (await claimStatus(key, id)) === "delivered", "the claim to be delivered", 60000);

    await openPage("portal-delivered-no-error", async (page) => {
      await signIn(page, key, "demo-shop");
      const row = page.locator(`[data-testid="claim-row"][data-id="${id}"]`);
      await row.waitFor();
      assert.match(await row.locator("a").innerText(), /^Ticket #\d+$/);
      assert.doesNotMatch(await row.innerText(), /503|unavailable|could not/i);
      await page.fill("#claim-id", id);
      await page.click("#claim-lookup");
      await page.locator("#claim-result").filter({ hasText: /Delivered · ticket #\d+/ }).waitFor();
      assert.doesNotMatch(await page.innerText("#claim-result"), /last error/);
    });
  });
});
