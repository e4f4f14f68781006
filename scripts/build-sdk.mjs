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

/**
 * Drops `bulk-memory` from a Wasm module's `target_features` section.
 *
 * Rust's precompiled standard library declares it, and wasm-bindgen then clears its externref
 * stack with `table.fill`, an instruction the wasm-opt of Debian 12 (binaryen 108) cannot parse.
 * Without the declaration wasm-bindgen writes the same loop with `table.set`; the module's own
 * bulk-memory instructions stay, and wasm-opt is told about them with `--enable-bulk-memory`.
 */
function withoutBulkMemoryFeature(wasm) {
  const readLeb = (at) => {
    let value = 0, shift = 0, byte;
    do { byte = wasm[at++]; value |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const leb = (value) => {
    const out = [];
    do { let byte = value & 0x7f; value >>>= 7; if (value) byte |= 0x80; out.push(byte); } while (value);
    return Buffer.from(out);
  };
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    let size;
    [size, at] = readLeb(at);
    const end = at + size;
    const [nameLength, nameAt] = id === 0 ? readLeb(at) : [0, at];
    if (id === 0 && wasm.subarray(nameAt, nameAt + nameLength).toString() === "target_features") {
      let [count, cursor] = readLeb(nameAt + nameLength);
      const kept = [];
      for (let i = 0; i < count; i++) {
        const entryStart = cursor++;
        let length;
        [length, cursor] = readLeb(cursor);
        cursor += length;
        const name = wasm.subarray(cursor - length, cursor).toString();
        if (name !== "bulk-memory") kept.push(wasm.subarray(entryStart, cursor));
      }
      const name = wasm.subarray(at, nameAt + nameLength);
      const body = Buffer.concat([name, leb(kept.length), ...kept]);
      parts.push(Buffer.from([0]), leb(body.length), body);
    } else {
      parts.push(wasm.subarray(start, end));
    }
    at = end;
  }
  return Buffer.concat(parts);
}

/**
 * Points the `__wbindgen_externrefs` export back at the module's externref table.
 *
 * wasm-opt 108 writes every table export as table 0, which is the function table here, and the
 * glue then fails with "WebAssembly.Table.set(): Argument 1 is invalid for table". The export's
 * index is one byte either way, so it is patched in place.
 */
function withExternrefTableExport(wasm) {
  const readLeb = (at) => {
    let value = 0, shift = 0, byte;
    do { byte = wasm[at++]; value |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  let externrefTable = -1;
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++];
    let size;
    [size, at] = readLeb(at);
    const end = at + size;
    if (id === 4) {
      let [count, cursor] = readLeb(at);
      for (let index = 0; index < count; index++) {
        if (wasm[cursor] === 0x6f && externrefTable < 0) externrefTable = index;
        const flags = wasm[cursor + 1];
        [, cursor] = readLeb(cursor + 2);
        if (flags & 1) [, cursor] = readLeb(cursor);
      }
    } else if (id === 7 && externrefTable >= 0) {
      let [count, cursor] = readLeb(at);
      for (let i = 0; i < count; i++) {
        let length;
        [length, cursor] = readLeb(cursor);
        const name = wasm.subarray(cursor, cursor + length).toString();
        cursor += length;
        const kind = wasm[cursor++];
        if (kind === 1 && name === "__wbindgen_externrefs" && externrefTable < 0x80) wasm[cursor] = externrefTable;
        [, cursor] = readLeb(cursor);
      }
    }
    at = end;
  }
  return wasm;
}

const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
run("cargo", ["build", "--quiet", "-p", "resolve-widget", "--release", "--target", "wasm32-unknown-unknown"]);
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
const compiled = readFileSync(join(targetDir, "wasm32-unknown-unknown", "release", "resolve_widget.wasm"));
writeFileSync(join(pkg, "resolve_widget_input.wasm"), withoutBulkMemoryFeature(compiled));
// The wasm-bindgen CLI scripts/setup.sh installed, whose version matches Cargo.lock's.
run("wasm-bindgen", [
  join(pkg, "resolve_widget_input.wasm"), "--out-dir", pkg, "--out-name", "resolve_widget",
  "--target", "no-modules", "--no-typescript",
]);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run("wasm-opt", [
  "-Oz", "--enable-bulk-memory", join(pkg, "resolve_widget_bg.wasm"), "-o", join(dist, "resolve_widget_bg.wasm"),
]);

const optimised = join(dist, "resolve_widget_bg.wasm");
writeFileSync(optimised, withExternrefTableExport(readFileSync(optimised)));

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
