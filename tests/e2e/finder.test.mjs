// The demo finder takes its choices from the server's claim vocabulary
// (`GET /v1/claims/vocabulary`), in a real Chromium against the real demo.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemo } from "../../scripts/demo.mjs";
import { launchBrowser, saveScreenshot } from "./support.mjs";

let demo;
let dataDir;
let browser;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "resolve-finder-"));
  demo = await startDemo({ dataDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(name, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await body(page, pageErrors);
  } finally {
    await saveScreenshot(page, name).catch(() => {});
    await context.close();
  }
}

async function vocabulary() {
  const response = await fetch(`${demo.serverUrl}/v1/claims/vocabulary`);
  assert.equal(response.status, 200);
  return response.json();
}

const optionValues = (page, selector) => page.$$eval(`${selector} option`, (options) => options.map((o) => o.value));

describe("finder vocabulary", () => {
  test("flows, the reasons of each flow, preferences and file types are the server's", async () => {
    const served = await vocabulary();
    await openPage("finder-vocabulary", async (page, pageErrors) => {
      await page.goto(demo.finderUrl);
      await page.waitForFunction(() => document.querySelectorAll("#flow option").length > 1);
      assert.deepEqual(await optionValues(page, "#flow"), ["", ...served.flow_types.map((f) => f.code)]);
      for (const flow of served.flow_types) {
        await page.selectOption("#flow", flow.code);
        assert.deepEqual(await optionValues(page, "#reason"), [...flow.reasons, "other"], flow.code);
      }
      const radios = await page.$$eval('input[name="preference"]', (inputs) => inputs.map((i) => ({ value: i.value, id: i.id, checked: i.checked })));
      assert.deepEqual(
        radios.map((r) => r.value),
        served.resolution_preferences.map((p) => p.code),
      );
      assert.deepEqual(radios.map((r) => r.id), ["pref-refund", "pref-reorder", "pref-store-credit"]);
      assert.deepEqual(radios.map((r) => r.checked), [true, false, false]);
      const accept = (await page.getAttribute("#photos", "accept")).split(",");
      for (const type of served.image_types) {
        assert.ok(accept.includes(type.content_type) && accept.includes(`.${type.extension}`), `${type.content_type} in ${accept}`);
      }
      // The hint quotes the server's limits.
      const hint = await page.innerText("#photos-hint");
      assert.match(hint, new RegExp(`${served.photos.max_file_bytes / (1024 * 1024)} MiB`));
      assert.match(hint, new RegExp(`\\b${served.photos.max_files}\\b`));
      assert.equal(await page.isDisabled("#submit"), false);
      assert.deepEqual(pageErrors, []);
    });
  });

  test("a code the finder has no words for reads as the server's label in the page's language", async () => {
    const served = await vocabulary();
    await openPage("finder-server-label", async (page, pageErrors) => {
      // The real answer, with one flow more: what a newer server would send.
      await page.route("**/v1/claims/vocabulary", async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        body.flow_types.push({ code: "late_delivery", labels: { en: "Late delivery", de: "Verspätete Lieferung" }, needs_items: false, reasons: ["investigation"] });
        await route.fulfill({ response, json: body });
      });
      await page.goto(demo.finderUrl.replace("lang=en", "lang=de"));
      await page.waitForFunction(() => document.querySelectorAll("#flow option").length > 1);
      const labels = await page.$$eval("#flow option", (options) => options.map((o) => [o.value, o.textContent]));
      assert.deepEqual(labels.at(-1), ["late_delivery", "Verspätete Lieferung"]);
      assert.equal(labels.length, served.flow_types.length + 2);
      // Known codes keep the finder's own German words.
      assert.equal(labels.find(([value]) => value === "defective")[1], "Defekter oder beschädigter Artikel");
      assert.deepEqual(pageErrors, []);
    });
  });

  test("without the vocabulary the finder says so and sends nothing", async () => {
    await openPage("finder-no-vocabulary", async (page, pageErrors) => {
      await page.route("**/v1/claims/vocabulary", (route) => route.abort("connectionrefused"));
      await page.goto(demo.finderUrl);
      await page.locator("#form-error").filter({ hasText: /could not load its choices/ }).waitFor();
      assert.equal(await page.isDisabled("#submit"), true);
      assert.deepEqual(await optionValues(page, "#flow"), [""]);
      assert.deepEqual(pageErrors, []);
    });
  });
});

describe("another problem (issue 16 item 4)", () => {
  test("'Report another problem' keeps the order and the customer, and clears the problem", async () => {
    await openPage("finder-another-problem", async (page, pageErrors) => {
      await page.goto(demo.finderUrl);
      await page.waitForFunction(() => document.querySelectorAll("#flow option").length > 1);
      await page.fill("#order-number", "#6006");
      await page.fill("#email", "ana@example.com");
      await page.fill("#name", "Ana");
      await page.selectOption("#flow", "not_received");
      await page.fill("#notes", "Nothing arrived.");
      await page.check("#pref-reorder");
      await page.click("#submit");
      await page.locator("#confirmation").waitFor();
      await page.click("#new-claim");
      await page.locator("#claim-form").waitFor();
      assert.equal(await page.inputValue("#order-number"), "#6006");
      assert.equal(await page.inputValue("#email"), "ana@example.com");
      assert.equal(await page.inputValue("#name"), "Ana");
      assert.equal(await page.inputValue("#flow"), "");
      assert.equal(await page.inputValue("#notes"), "");
      assert.equal(await page.isChecked("#pref-refund"), true);
      assert.equal(await page.evaluate(() => document.activeElement.id), "flow");

      // The second claim goes in with the kept order and customer.
      await page.selectOption("#flow", "support");
      await page.click("#submit");
      await page.locator("#confirmation").waitFor();
      assert.deepEqual(pageErrors, []);
    });
  });
});
