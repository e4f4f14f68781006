// `npm start`: builds the binaries and runs the demo (Gorgias stand-in + resolve-server --demo on
// an embedded SQLite file under ./data), printing one line per page to open. Ctrl-C stops both.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { root, startDemo } from "./demo.mjs";

execFileSync("cargo", ["build", "--quiet", "-p", "resolve-server", "-p", "gorgias-standin"], {
  cwd: root,
  stdio: "inherit",
});
const dataDir = process.env.RESOLVE_DATA_DIR || join(root, "data");
mkdirSync(dataDir, { recursive: true });

const demo = await startDemo({
  dataDir,
  listen: process.env.RESOLVE_LISTEN || "127.0.0.1:8080",
  helpCenterListen: process.env.RESOLVE_DEMO_HELP_CENTER_LISTEN || "127.0.0.1:8081",
  echo: true,
});
console.log(`
Resolve demo is running (data in ${dataDir}):
  Help Center (tile shown here)  ${demo.helpCenterPage}
  Help Center (no tile here)     ${demo.helpCenterUrl}/de-DE/versand-faq-1002
  Merchant portal                ${demo.portalUrl}  (shop demo-shop; operator token ${demo.operatorToken})
  Claim finder                   ${demo.finderUrl}
  Gorgias stand-in tickets       ${demo.standinUrl}
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    process.exit(0);
  });
}
