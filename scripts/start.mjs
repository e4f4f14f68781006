// `npm start`: builds the server and runs it with the demo, stopping everything on Ctrl-C.
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync("cargo", ["build", "--quiet", "-p", "resolve-server"], { cwd: root, stdio: "inherit" });

const server = spawn(
  join(root, "target", "debug", "resolve-server"),
  ["serve", "--demo", "--data-dir", join(root, "data")],
  {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: { RESOLVE_SDK_DIR: join(root, "dist"), ...process.env },
  },
);
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  const match = /listening on (\S+)/.exec(String(chunk));
  if (match) {
    console.log(`\nResolve demo is running:\n  health      ${match[1]}/healthz\n  SDK bundle  ${match[1]}/sdk/latest/bundle.min.js\nPress Ctrl-C to stop.`);
  }
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill("SIGTERM"));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
