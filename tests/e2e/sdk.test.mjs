// The SDK bundle, served by the real server, loads its Wasm in Chromium from a plain script tag.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { launchBrowser, saveScreenshot, startServer } from "./support.mjs";

/** A host page on its own origin that pastes the script tag, as a merchant would. */
async function startHostPage(sdkUrl) {
  const html = `<!doctype html><html><head><title>Help Center</title>
<script src="${sdkUrl}" data-shop-slug="demo-shop"></script></head>
<body><h1>Returns</h1></body></html>`;
  const server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

test("the bundle served by resolve-server boots its Wasm on a host page", async () => {
  const server = await startServer();
  const host = await startHostPage(`${server.baseUrl}/sdk/latest/bundle.min.js`);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    await page.goto(`${host.url}/de-DE/returns-123`);
    await page.waitForFunction(() => window.Resolve && window.Resolve.ready === true);
    assert.equal(await page.evaluate(() => window.Resolve.language), "de");
    assert.equal(await page.evaluate(() => typeof window.wasm_bindgen), "undefined");
    assert.deepEqual(errors, []);
    await saveScreenshot(page, "sdk-boot");
  } finally {
    await browser.close();
    host.close();
    await server.stop();
  }
});
