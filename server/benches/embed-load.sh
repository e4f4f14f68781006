#!/usr/bin/env bash
# Load comparison of the embed endpoint against a constant answer of the same size.
#
# Builds `resolve-server` with the `server` profile, starts it with RESOLVE_BENCH_ROUTES=1 on a
# fresh data directory, creates a shop with one approved Help Center URL, then runs
# `wrk -t1 -c32 -d8s --latency` against `/v1/embed/{slug}` and `/v1/bench/constant` in the same
# run. Prints requests per second, p99 latency, their ratio, and the server's resident memory
# (VmRSS) idle and under load. Per-request logs are turned down to `warn` so the figures measure
# the endpoint, not the terminal.
#
# SERVER_PIN and WRK_PIN put the server and wrk on CPUs of their own (`taskset -c`), e.g.
# `SERVER_PIN=0 WRK_PIN=1` on a 2-core machine. Unpinned, wrk and the server's workers take turns
# on the same cores and the scheduler, not the server, sets the p99 of both routes alike.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DURATION="${DURATION:-8s}"
CONNECTIONS="${CONNECTIONS:-32}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
# RESOLVE_BIN runs an already built binary instead of building this tree.
BIN="${RESOLVE_BIN:-}"
if [[ -z "$BIN" ]]; then
  (cd "$ROOT" && cargo build --quiet --profile server -p resolve-server)
  BIN="$TARGET/server/resolve-server"
fi

WORK="$(mktemp -d)"
cleanup() {
  if [[ -n "${SERVER_PID:-}" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

RESOLVE_BENCH_ROUTES=1 RESOLVE_OPERATOR_TOKEN=bench-operator RUST_LOG=warn \
  ${SERVER_PIN:+taskset -c "$SERVER_PIN"} "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/data" >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q "^listening on " "$WORK/stdout" 2>/dev/null && break
  sleep 0.1
done
BASE="$(sed -n 's/^listening on //p' "$WORK/stdout" | head -n1)"
[[ -n "$BASE" ]] || { echo "the server did not start:" >&2; cat "$WORK/stderr" >&2; exit 1; }

api() { curl -sf -H "Authorization: Bearer bench-operator" -H "Content-Type: application/json" "$@"; }
api -X POST "$BASE/v1/shops" -d '{"slug":"bench-shop","name":"Bench Shop"}' >/dev/null
api -X POST "$BASE/v1/shops/bench-shop/help-center/urls" -d '{"url":"https://help.bench.test/en-US/returns-123"}' >/dev/null

ORIGIN="https://help.bench.test"
EMBED="$BASE/v1/embed/bench-shop?url=https%3A%2F%2Fhelp.bench.test%2Fde-DE%2Freturns-123"
BARE="$BASE/v1/bench/constant"
EMBED_BODY="$(curl -sf -H "Origin: $ORIGIN" "$EMBED")"
BARE_BODY="$(curl -sf "$BARE")"
echo "embed answer: $EMBED_BODY (${#EMBED_BODY} bytes); constant answer: ${#BARE_BODY} bytes"
[[ "$EMBED_BODY" == *'"show":true'* ]] || { echo "the embed endpoint does not show the tile" >&2; exit 1; }

rss() { awk '/^VmRSS/ {print $2 " " $3}' "/proc/$SERVER_PID/status"; }
echo "VmRSS idle: $(rss)"

run() { # name url [origin]
  local name="$1" url="$2" out="$WORK/$1.txt" peak="$WORK/$1.rss"
  ( sleep 4; rss >"$peak" ) &
  local sampler=$!
  if [[ -n "${3:-}" ]]; then
    ${WRK_PIN:+taskset -c "$WRK_PIN"} wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Origin: $3" "$url" >"$out"
  else
    ${WRK_PIN:+taskset -c "$WRK_PIN"} wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
  fi
  wait "$sampler"
  local rps p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  local errors
  errors="$(awk '/Non-2xx|Socket errors/' "$out")"
  printf '%-9s %12s req/s   p99 %8s   VmRSS under load %s %s\n' "$name" "$rps" "$p99" "$(cat "$peak")" "${errors:+  ($errors)}"
  echo "$rps" >"$WORK/$name.rps"
}

run bare "$BARE"
run embed "$EMBED" "$ORIGIN"
awk -v e="$(cat "$WORK/embed.rps")" -v b="$(cat "$WORK/bare.rps")" \
  'BEGIN { printf "embed / bare = %.2f (target >= 0.60)\n", e / b }'
echo "VmRSS after load: $(rss)"
