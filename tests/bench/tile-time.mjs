// Measures how long the tile takes to appear: from the moment bundle.min.js starts to execute
// until the tile's element is in the DOM, with
// the embed answer coming from localhost. Median of 20 page loads in headless Chromium, first
// each in a fresh browser context (a first visit: cold HTTP and Wasm code cache), then all in one
// context (a returning visitor). Prints figures; asserts nothing about speed.
//
// Usage: npm run build && node tests/bench/tile-time.mjs [loads]
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, root } from "../e2e/support.mjs";

const loads = Number(process.argv[2] || 20);
const dist = join(root, "dist");
const page = readFileSync(join(root, "tests", "bench", "tile-page.html"));
// The benchmark's one instrument in the SDK: a mark put in front of the bundle it serves, which
// runs as the script starts to execute. The end of the download is not that moment: the parser
// runs the script when it gets to it, 3 to 25 ms later here, and that wait is the page's.
const SCRIPT_START = "resolve-bench:script-start";
const files = {
  "/sdk/bundle.min.js": [
    "text/javascript",
    Buffer.concat([Buffer.from(`performance.mark(${JSON.stringify(SCRIPT_START)});\n`), readFileSync(join(dist, "bundle.min.js"))]),
  ],
  "/sdk/resolve_widget_bg.wasm": ["application/wasm", readFileSync(join(dist, "resolve_widget_bg.wasm"))],
};

// One origin serves the page, the SDK and the embed answer, as with data-api-base left out.
const server = createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (url.pathname.startsWith("/v1/embed/")) {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify({
      show: true,
      finder_url: "https://app.gokarla.io/resolve/bench-shop/finder",
      tile: { accent_color: "#1f6feb", logo_url: null },
    }));
  } else if (files[url.pathname]) {
    const [type, body] = files[url.pathname];
    response.writeHead(200, { "content-type": type });
    response.end(body);
  } else if (url.pathname.startsWith("/en-US/")) {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(page);
  } else {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

/** Loads the page `loads` times; a fresh context per load when `cold`. */
async function measure(browser, cold) {
  const fromScript = [];
  const fromDownload = [];
  const fromNavigation = [];
  let context = await browser.newContext();
  for (let i = 0; i < loads; i++) {
    if (cold && i > 0) {
      await context.close();
      context = await browser.newContext();
    }
    const tab = await context.newPage();
    // Waiting for the page's console line keeps the harness off the page's main thread until
    // the tile is in: polling with waitForFunction (or waiting for "load") first injects
    // Playwright's own script, about 20 ms of main-thread work in the middle of the measurement.
    const shown = tab.waitForEvent("console", {
      predicate: (message) => message.text() === "[bench] tile in the DOM",
      timeout: 10_000,
    });
    await tab.goto(`${base}/en-US/returns-${i}`, { waitUntil: "commit" });
    await shown;
    const { tileAt, scriptStart, downloaded } = await tab.evaluate((mark) => {
      const bundle = performance.getEntriesByType("resource").find((entry) => entry.name.endsWith("/bundle.min.js"));
      return { tileAt: window.__tileAt, scriptStart: performance.getEntriesByName(mark)[0].startTime, downloaded: bundle.responseEnd };
    }, SCRIPT_START);
    fromScript.push(tileAt - scriptStart);
    fromDownload.push(tileAt - downloaded);
    fromNavigation.push(tileAt);
    await tab.close();
  }
  await context.close();
  return { fromScript, fromDownload, fromNavigation };
}

const browser = await launchBrowser();
let cold, warm;
try {
  cold = await measure(browser, true);
  warm = await measure(browser, false);
} finally {
  await browser.close();
  server.close();
}

function summary(label, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const median = sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const ms = (value) => `${value.toFixed(1)} ms`;
  console.log(`[bench] ${label.padEnd(38)} median ${ms(median)}  p90 ${ms(at(0.9))}  min ${ms(sorted[0])}  max ${ms(sorted[sorted.length - 1])}`);
}
console.log(`[bench] tile time over ${loads} page loads (headless Chromium, embed answer from localhost)`);
summary("first visit: script start -> tile", cold.fromScript);
summary("first visit: bundle downloaded -> tile", cold.fromDownload);
summary("first visit: navigation -> tile", cold.fromNavigation);
summary("returning: script start -> tile", warm.fromScript);
summary("returning: bundle downloaded -> tile", warm.fromDownload);
summary("returning: navigation -> tile", warm.fromNavigation);
