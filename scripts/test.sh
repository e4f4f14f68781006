#!/usr/bin/env bash
# Runs every test of the repository: the Rust workspace natively, the widget in headless
# Chromium, and the end-to-end browser tests. Called by `npm test` after the set-up and build.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (workspace, every target, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== cargo test (workspace, native)"
cargo test --workspace --quiet

echo "== widget browser tests (wasm-pack test, headless Chromium)"
node scripts/test-widget.mjs

echo "== end-to-end browser tests (playwright-core, Chromium)"
cargo build --quiet -p resolve-server -p gorgias-standin
node --test --test-concurrency=1 tests/e2e/
