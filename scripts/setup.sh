#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need, skipping everything already present.
# A second run on a ready machine only checks, and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# Runs apt-get as root, or explains what to run when this user cannot.
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] missing Debian packages: $*" >&2
    echo "[setup] run as root, or install them first: sudo apt-get update && sudo apt-get install -y $*" >&2
    exit 1
  fi
  say "installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! have cargo || ! have rustup; then
  echo "[setup] Rust is missing: install it with rustup (https://rustup.rs), then run this again" >&2
  exit 1
fi
if ! have npm; then
  echo "[setup] Node.js 20 and npm are missing: install them, then run this again" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! have wasm-pack; then
  say "installing wasm-pack"
  cargo install wasm-pack --locked
fi

# wasm-pack only uses a wasm-bindgen CLI whose version equals the library's in Cargo.lock.
wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wanted" ]; then
  echo "[setup] cannot read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
installed=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$installed" != "$wanted" ]; then
  say "installing wasm-bindgen-cli $wanted (found: ${installed:-none})"
  # Without --locked: the CLI's own lock file pins a crate that was yanked since.
  cargo install wasm-bindgen-cli --version "$wanted" --force
fi

# wasm-opt comes from npm (binaryen in package.json, installed by npm ci below), not from Debian.
missing=()
have chromium || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi

# npm ci wipes node_modules, so run it only when package-lock.json changed since the last run.
stamp=node_modules/.resolve-lock-sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "installing JS tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
fi

say "ready"
