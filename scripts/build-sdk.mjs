// Builds the SDK into dist/: the Wasm (wasm-pack, then wasm-opt -Oz) and bundle.min.js (the
// loader and wasm-bindgen's glue in one private scope, minified by esbuild). Prints the raw and
// gzip size of each file on every build.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "target", "sdk-pkg");
const dist = join(root, "dist");

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

// --mode no-install: use the tools scripts/setup.sh installed, never download.
run("wasm-pack", [
  "--quiet", "build", "widget", "--release", "--target", "no-modules", "--no-typescript",
  "--mode", "no-install", "--out-dir", pkg, "--out-name", "resolve_widget",
]);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run("wasm-opt", ["-Oz", join(pkg, "resolve_widget_bg.wasm"), "-o", join(dist, "resolve_widget_bg.wasm")]);

const glue = readFileSync(join(pkg, "resolve_widget.js"), "utf8");
const loader = readFileSync(join(root, "widget", "js", "loader.js"), "utf8");
// document.currentScript is only set while the script's top level runs: read it first thing.
const source = `(function(){var currentScript=document.currentScript;\n${glue}\n${loader}\n})();\n`;
const { code } = transformSync(source, { minify: true, target: "es2019", charset: "utf8" });
writeFileSync(join(dist, "bundle.min.js"), code);

let totalGzip = 0;
for (const file of ["bundle.min.js", "resolve_widget_bg.wasm"]) {
  const bytes = readFileSync(join(dist, file));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  totalGzip += gzip;
  console.log(`[sdk] ${file.padEnd(24)} ${String(bytes.length).padStart(7)} bytes  ${String(gzip).padStart(6)} gzip`);
}
console.log(`[sdk] total gzip ${totalGzip} bytes (target: at most 25600)`);
