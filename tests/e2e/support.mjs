// Shared pieces of the end-to-end tests: start the real binaries on free ports, a fresh data
// directory per test, and Debian's Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const artifacts = join(root, "tests", "artifacts");

/** Starts `resolve-server serve` on a free port with a fresh data directory. */
export async function startServer({ env = {}, args = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "resolve-e2e-"));
  const child = spawn(
    join(root, "target", "debug", "resolve-server"),
    ["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, ...args],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, RESOLVE_SDK_DIR: join(root, "dist"), RUST_LOG: "warn", ...env },
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const baseUrl = await new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`resolve-server exited with ${code}: ${stderr}`)));
  });
  return {
    baseUrl,
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on("exit", resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless; never a downloaded browser. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a screenshot of the page's last state under tests/artifacts/. */
export async function saveScreenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
