// Builds the SDK into dist/: the Wasm (cargo with the `sdk` feature, wasm-bindgen, then wasm-opt -Oz
// and short import/export names) and bundle.min.js (the loader bundled with wasm-bindgen's glue in
// one private scope, minified by esbuild). Prints the raw and gzip size of each file on every build.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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
  "--target", "web", "--no-typescript",
]);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// binaryen's wasm-opt from npm (package.json pins the version): it reads every feature rustc and
// wasm-bindgen emit (bulk memory, reference types), so the module needs no patching around it.
const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
run(wasmOpt, [
  "-Oz", "--converge", join(pkg, "resolve_widget_bg.wasm"), "-o", join(pkg, "resolve_widget_opt.wasm"),
]);
// Then, once (a pass repeated by --converge would rename the new names again), every import and
// export gets a name of one or two letters: wasm-bindgen's carry a 16-digit hash each, in the Wasm
// and again in the glue. wasm-opt prints the renaming, which the glue gets below.
const renaming = JSON.parse(execFileSync(wasmOpt, [
  "--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features",
  join(pkg, "resolve_widget_opt.wasm"), "-o", join(dist, "resolve_widget_bg.wasm"),
], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));

/**
 * Gives wasm-bindgen's glue the Wasm's new import and export names. The glue names imports only
 * as keys of its import object (one object per import module) and reaches exports only as
 * `wasm.NAME`; anything else means the glue changed shape, and the build stops rather than ship a
 * bundle that cannot load.
 */
function withRenamedWasmNames(glue) {
  const wasm = new WebAssembly.Module(readFileSync(join(dist, "resolve_widget_bg.wasm")));
  const moduleOf = new Map(WebAssembly.Module.imports(wasm).map(({ module, name }) => [name, module]));
  const modules = new Map();
  const replaceOnce = (text, pattern, replacement, what) => {
    const found = text.match(new RegExp(pattern.source, "gm")) || [];
    if (found.length !== 1) throw new Error(`[sdk] the glue has ${found.length} ${what}, expected 1`);
    // A function, not a string: new names such as "$" must not read as replacement patterns.
    return text.replace(new RegExp(pattern.source, "m"), (_, before, after) => before + replacement + after);
  };
  for (const [module, base, renamed] of renaming.imports) {
    glue = replaceOnce(glue, new RegExp(`^(\\s+)${base}(: function)`), renamed, `import keys ${base}`);
    modules.set(module, moduleOf.get(renamed));
  }
  for (const [module, renamed] of modules) {
    glue = replaceOnce(glue, new RegExp(`^(\\s+)"${module.replace(/[.]/g, "\\.")}"(: import)`), `"${renamed}"`,
      `import objects for ${module}`);
  }
  const exports = new Map(renaming.exports);
  return glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
    if (!exports.has(name)) throw new Error(`[sdk] the glue uses wasm.${name}, which the Wasm does not export`);
    return `wasm.${exports.get(name)}`;
  });
}

// One classic script: the loader and the glue it imports, in one function scope, minified; glue
// the loader does not call (initSync, the default Wasm location) is left out.
await build({
  entryPoints: [join(root, "widget", "js", "loader.js")],
  alias: { "resolve-widget-glue": join(pkg, "resolve_widget.js") },
  plugins: [{
    name: "renamed-wasm-names",
    setup(build) {
      build.onLoad({ filter: /resolve_widget\.js$/ }, ({ path }) => ({
        contents: withRenamedWasmNames(readFileSync(path, "utf8")),
        loader: "js",
      }));
    },
  }],
  bundle: true,
  format: "iife",
  minify: true,
  target: "es2019",
  charset: "utf8",
  legalComments: "none",
  // The glue's default Wasm location, never used: the loader always passes it.
  define: { "import.meta.url": "undefined" },
  outfile: join(dist, "bundle.min.js"),
  logLevel: "warning",
});

let totalGzip = 0;
for (const file of ["bundle.min.js", "resolve_widget_bg.wasm"]) {
  const bytes = readFileSync(join(dist, file));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  totalGzip += gzip;
  console.log(`[sdk] ${file.padEnd(24)} ${String(bytes.length).padStart(7)} bytes  ${String(gzip).padStart(6)} gzip`);
}
console.log(`[sdk] total gzip ${totalGzip} bytes (target: at most 25600)`);
