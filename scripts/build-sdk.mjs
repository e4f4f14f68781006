// Builds the SDK into dist/: the Wasm (cargo, wasm-bindgen, then wasm-opt -Oz) and bundle.min.js (the
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

const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
run("cargo", [
  "build", "--quiet", "-p", "resolve-widget", "--release", "--target", "wasm32-unknown-unknown", "--features", "sdk",
]);
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
// The wasm-bindgen CLI scripts/setup.sh installed, whose version matches Cargo.lock's.
run("wasm-bindgen", [
  join(targetDir, "wasm32-unknown-unknown", "release", "resolve_widget.wasm"), "--out-dir", pkg, "--out-name", "resolve_widget",
  "--target", "no-modules", "--no-typescript",
]);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// binaryen's wasm-opt from npm (package.json pins the version): it reads every feature rustc and
// wasm-bindgen emit (bulk memory, reference types), so the module needs no patching around it.
run(join(root, "node_modules", ".bin", "wasm-opt"), [
  "-Oz", "--converge", join(pkg, "resolve_widget_bg.wasm"), "-o", join(dist, "resolve_widget_bg.wasm"),
]);

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
