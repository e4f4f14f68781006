// Runs the widget's browser tests with `wasm-pack test` in headless Chromium and fails when fewer
// tests ran than the widget declares: the runner silently skips a test file that lacks
// `wasm_bindgen_test_configure!(run_in_browser)` and still reports success.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return name.endsWith(".rs") ? [path] : [];
  });
}

const declared = ["src", "tests"]
  .flatMap((dir) => rustFiles(join(root, "widget", dir)))
  .map((file) => (readFileSync(file, "utf8").match(/^\s*#\[wasm_bindgen_test\]/gm) || []).length)
  .reduce((a, b) => a + b, 0);

const chromedriver = process.env.CHROMEDRIVER || "/usr/bin/chromedriver";
const child = spawn(
  "wasm-pack",
  ["test", "--headless", "--chrome", "--chromedriver", chromedriver, "--mode", "no-install", "widget"],
  { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
);
let output = "";
for (const stream of [child.stdout, child.stderr]) {
  stream.on("data", (chunk) => {
    output += chunk;
    (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
  });
}
const code = await new Promise((resolve) => child.on("close", resolve));
if (code !== 0) {
  console.error(`[widget tests] wasm-pack test failed with exit code ${code}`);
  process.exit(code || 1);
}

let passed = 0;
let failed = 0;
for (const match of output.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(match[1]);
  failed += Number(match[2]);
}
console.log(`[widget tests] ${passed} passed, ${failed} failed in the browser; ${declared} declared`);
if (declared === 0 || passed < declared || failed > 0) {
  console.error(
    `[widget tests] expected ${declared} browser tests to pass, ${passed} did: ` +
      "does every test file call wasm_bindgen_test_configure!(run_in_browser)?",
  );
  process.exit(1);
}
