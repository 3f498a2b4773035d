#!/usr/bin/env bash
# Load run of the list endpoints (BENCHMARKS.md, "Lists at national scale"): the release server on a database
# that `cargo xtask generate` filled, wrk on loopback with 8 connections, 5 s warm-up then 30 s measured per
# request, as a consultant of one municipality and as the regional admin, and the bare actix-web handler
# (examples/bare_json.rs) as the ceiling. Every run stops by itself; only 127.0.0.1 is addressed.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/basisbaan_bench bash backend/benches/lists.sh
#   DATABASE_URL='sqlite://data/bench.db?mode=rwc' bash backend/benches/lists.sh
#   ROLES=demo DATABASE_URL='sqlite://data/demo.db?mode=rwc' bash backend/benches/lists.sh   # the demo programme
#
# Needs: wrk (Debian), curl, and the release binaries (cargo build --release -p backend --bin basisbaan
# --example bare_json). CONNECTIONS, WARMUP, DURATION and ROLES change the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
connections="${CONNECTIONS:-8}"
warmup="${WARMUP:-5}"
duration="${DURATION:-30}"
roles="${ROLES:-consultant admin}"
password="${PASSWORD:-Basisbaan-demo-2026}"
port=8091
api="http://127.0.0.1:$port/api/v1"
script="$(mktemp)"
trap 'kill $server $bare 2>/dev/null || true; rm -f "$script"' EXIT

BASISBAAN_ADDR="127.0.0.1:$port" BASISBAAN_LOG=warn BASISBAAN_DEMO="${BASISBAAN_DEMO:-0}" \
  BASISBAAN_ADMIN_PASSWORD="$password" "$target/release/basisbaan" >/dev/null &
server=$!
"$target/release/examples/bare_json" 8099 &
bare=$!
for _ in $(seq 1 100); do curl -sf "$api/health" >/dev/null && break; sleep 0.2; done

token() {
  curl -sf "$api/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'
}

# One measured run: warm-up, then the figures wrk prints (requests/s, p50, p99).
measure() {
  local label="$1"; shift
  wrk -t2 -c"$connections" -d"${warmup}s" "$@" >/dev/null
  local out
  out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@")"
  local rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)"
  printf '| %-58s | %8s | %8s | %9s | %s\n' "$label" "$p50" "$p99" "$rps" "${errors:-}"
}

echo "| request | p50 | p99 | requests/s | errors"
measure "bare actix-web JSON handler (ceiling)" "http://127.0.0.1:8099/json"
for role in $roles; do
  case "$role" in
    consultant) user="${CONSULTANT:-consulent-gm9001}" ;;
    admin) user=admin ;;
    demo) user=consultant ;;
  esac
  bearer="Authorization: Bearer $(token "$user")"
  measure "$role: GET /candidates?status=eligible&sort=lastName&page=1" -H "$bearer" "$api/candidates?status=eligible&sort=lastName&page=1"
  [ "$role" = demo ] && continue
  measure "$role: GET /candidates?status=eligible&sort=lastName&page=400" -H "$bearer" "$api/candidates?status=eligible&sort=lastName&page=400"
  printf 'wrk.method = "POST"\nwrk.body = "{\\"query\\": \\"jansen\\"}"\nwrk.headers["Content-Type"] = "application/json"\n' >"$script"
  measure "$role: POST /candidates/search {\"query\": \"jansen\"}" -H "$bearer" -s "$script" "$api/candidates/search"
  measure "$role: GET /task-packages?status=open" -H "$bearer" "$api/task-packages?status=open"
done
