// Starts the whole demo: the Gorgias stand-in (with the account of scripts/demo-gorgias.json) and
// resolve-server in demo mode, connected to it. Used by `npm start` and by the end-to-end tests,
// so the tests exercise exactly what a newcomer runs.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The demo Gorgias account the demo shop connects to. */
export const DEMO_GORGIAS = { email: "agent@acme.test", apiKey: "demo-key", customFields: [101, 102, 103] };

/**
 * Spawns `command`, collects its stdout lines, and resolves once `done(lines)` is true.
 * Rejects with the process's stderr when it exits first.
 */
function spawnAndWait(command, args, options, done) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const lines = [];
  const ready = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      if (options.echoStdout) console.log(line);
      if (done(lines)) resolve(lines);
    });
    child.on("exit", (code, signal) =>
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${stderr}`)),
    );
  });
  return { child, ready };
}

function field(lines, prefix) {
  const line = lines.find((l) => l.startsWith(prefix));
  return line ? line.slice(prefix.length).trim() : undefined;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * Starts the stand-in and the server. `listen` and `helpCenterListen` default to free ports.
 * Resolves to the URLs of every page and a `stop()` that ends both processes.
 */
export async function startDemo({
  dataDir,
  listen = "127.0.0.1:0",
  helpCenterListen = "127.0.0.1:0",
  env = {},
  echo = false,
} = {}) {
  const standin = spawnAndWait(
    join(root, "target", "debug", "gorgias-standin"),
    ["--config", join(root, "scripts", "demo-gorgias.json")],
    { cwd: root, echoStderr: echo },
    (lines) => lines.some((l) => l.startsWith("unknown-account on ")),
  );
  const standinLines = await standin.ready;
  const standinUrl = field(standinLines, "control on ");
  const gorgiasEndpoint = field(standinLines, "account acme on ");

  const server = spawnAndWait(
    join(root, "target", "debug", "resolve-server"),
    ["serve", "--demo", "--listen", listen, "--data-dir", dataDir],
    {
      cwd: root,
      echoStderr: echo,
      env: {
        ...process.env,
        RUST_LOG: process.env.RUST_LOG || "warn",
        RESOLVE_SDK_DIR: join(root, "dist"),
        RESOLVE_WWW_DIR: join(root, "www"),
        RESOLVE_DEMO_HELP_CENTER_LISTEN: helpCenterListen,
        RESOLVE_DEMO_GORGIAS_ENDPOINT: gorgiasEndpoint,
        RESOLVE_DEMO_GORGIAS_EMAIL: DEMO_GORGIAS.email,
        RESOLVE_DEMO_GORGIAS_API_KEY: DEMO_GORGIAS.apiKey,
        RESOLVE_DEMO_CUSTOM_FIELDS: DEMO_GORGIAS.customFields.join(","),
        RESOLVE_DEMO_STANDIN_URL: standinUrl,
        ...env,
      },
    },
    (lines) => lines.some((l) => l.startsWith("listening on ")),
  );
  let serverLines;
  try {
    serverLines = await server.ready;
  } catch (error) {
    await stopChild(standin.child);
    throw error;
  }
  const helpCenterPage = field(serverLines, "demo help center on ");
  return {
    serverUrl: field(serverLines, "listening on "),
    helpCenterUrl: new URL(helpCenterPage).origin,
    helpCenterPage,
    portalUrl: field(serverLines, "demo portal on "),
    finderUrl: field(serverLines, "demo finder on "),
    operatorToken: field(serverLines, "demo operator token "),
    standinUrl,
    gorgiasEndpoint,
    async stop() {
      await stopChild(server.child);
      await stopChild(standin.child);
    },
  };
}
