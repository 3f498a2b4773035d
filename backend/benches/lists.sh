#!/usr/bin/env bash
# Load run of the list endpoints (BENCHMARKS.md, "Lists at national scale"): the release server on a database
# that `cargo xtask generate` filled, wrk on loopback with 8 connections, 5 s warm-up then 30 s measured per
# request, as a consultant of one municipality and as the regional admin, and the bare actix-web handler
# (examples/bare_json.rs) as the ceiling. Every run stops by itself; only 127.0.0.1 is addressed.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/basisbaan_bench bash backend/benches/lists.sh
#   DATABASE_URL='sqlite://data/bench.db?mode=rwc' bash backend/benches/lists.sh
#   ROLES=demo DATABASE_URL='sqlite://data/demo.db?mode=rwc' bash backend/benches/lists.sh   # the demo programme
#   ROLES=ranked DATABASE_URL=postgres://... bash backend/benches/lists.sh   # the ranked list of a package
#   ROLES=werkkamer DATABASE_URL=postgres://... bash backend/benches/lists.sh   # the Werkkamer feed (YEAR=...)
#   ROLES=dashboard DATABASE_URL=postgres://... bash backend/benches/lists.sh   # the dashboard and the due list
#
# `ranked` (BENCHMARKS.md, "Ranked list at national scale"): GET /task-packages/{id}/candidates for an open
# package of the municipality whose number of candidates is closest to RANKED_SIZE (40,000), as that
# municipality's consultant, with the hard exclusions filtered and with `includeExcluded=true` (every
# eligible and pre-trajectory candidate of the municipality scored). The package is that municipality's
# open package with the lowest id (PACKAGE chooses another); finding it needs psql (PostgreSQL) or sqlite3.
#
# Needs: wrk (Debian), curl, and the release binaries (cargo build --release -p backend --bin basisbaan
# --example bare_json). CONNECTIONS, WARMUP, DURATION and ROLES change the defaults; ONLY (a regular
# expression) measures only the requests whose label matches it.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
connections="${CONNECTIONS:-8}"
warmup="${WARMUP:-5}"
duration="${DURATION:-30}"
roles="${ROLES:-consultant admin ranked}"
only="${ONLY:-.}"
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
  [[ "$label" =~ $only ]] || return 0
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

# The open package of the ranked-list run and its municipality's code, as "id code".
ranked_package() {
  local size="${RANKED_SIZE:-40000}" id="p.id" wanted="'${PACKAGE:-}'"
  # SQLite stores uuids as 16-byte blobs.
  case "$DATABASE_URL" in sqlite*) id="lower(hex(p.id))" wanted="replace('${PACKAGE:-}', '-', '')" ;; esac
  local sql="WITH m AS (SELECT municipality_id, COUNT(*) AS n FROM candidates WHERE erased_at IS NULL
      GROUP BY municipality_id ORDER BY abs(COUNT(*) - $size) LIMIT 1)
    SELECT $id, mu.code, m.n FROM task_packages p JOIN m ON m.municipality_id = p.municipality_id
      JOIN municipalities mu ON mu.id = p.municipality_id
    WHERE p.status = 'open' ${PACKAGE:+AND $id = $wanted}
    ORDER BY p.id LIMIT 1"
  case "$DATABASE_URL" in
    postgres*) psql "$DATABASE_URL" -AtF ' ' -c "$sql" ;;
    *) local file="${DATABASE_URL#sqlite://}"
       sqlite3 -separator ' ' "${file%%\?*}" "$sql" | sed -E 's/^(.{8})(.{4})(.{4})(.{4})/\1-\2-\3-\4-/' ;;
  esac
}

echo "| request | p50 | p99 | requests/s | errors"
measure "bare actix-web JSON handler (ceiling)" "http://127.0.0.1:8099/json"
for role in $roles; do
  case "$role" in
    consultant) user="${CONSULTANT:-consulent-gm9001}" ;;
    admin|werkkamer) user=admin ;;
    dashboard)
      year="${YEAR:-$(date +%Y)}"
      for user in "${CONSULTANT:-consulent-gm9001}" admin; do
        bearer="Authorization: Bearer $(token "$user")"
        measure "$user: GET /dashboard?from=$year-01&to=$year-12" -H "$bearer" "$api/dashboard?from=$year-01&to=$year-12"
        measure "$user: GET /reminders/due (page 1)" -H "$bearer" "$api/reminders/due"
        measure "$user: GET /reminders/counts" -H "$bearer" "$api/reminders/counts"
      done
      measure "admin: GET /dashboard?from=$((year - 1))-01&to=$year-12&municipality=GM9001" -H "$bearer" \
        "$api/dashboard?from=$((year - 1))-01&to=$year-12&municipality=GM9001"
      # A neighbourhood (counted from the rows, not the aggregates): GM9001's first (PostgreSQL only).
      case "$DATABASE_URL" in postgres*)
        hood="$(psql "$DATABASE_URL" -At -c "SELECT n.id FROM neighbourhoods n JOIN municipalities m
          ON m.id = n.municipality_id WHERE m.code = 'GM9001' ORDER BY n.id LIMIT 1")"
        measure "admin: GET /dashboard?from=$year-01&to=$year-12&neighbourhood=(GM9001's first)" -H "$bearer" \
          "$api/dashboard?from=$year-01&to=$year-12&neighbourhood=$hood" ;;
      esac
      continue ;;
    demo) user=consultant ;;
    ranked)
      read -r package code size < <(ranked_package)
      user="consulent-$(tr 'A-Z' 'a-z' <<<"$code")"
      bearer="Authorization: Bearer $(token "$user")"
      ranked="$(curl -sf -H "$bearer" "$api/task-packages/$package/candidates?pageSize=1" | sed -E 's/.*"totalItems":([0-9]+).*/\1/')"
      echo "ranked list: package $package of $code ($size candidates, $ranked without a hard exclusion), as $user" >&2
      measure "ranked: GET /task-packages/{id}/candidates ($code)" -H "$bearer" "$api/task-packages/$package/candidates"
      measure "ranked: same, includeExcluded=true" -H "$bearer" "$api/task-packages/$package/candidates?includeExcluded=true"
      continue ;;
  esac
  bearer="Authorization: Bearer $(token "$user")"
  if [ "$role" = werkkamer ]; then
    year="${YEAR:-$(date +%Y)}"
    measure "werkkamer: GET /werkkamer/indicators?period=$year" -H "$bearer" "$api/werkkamer/indicators?period=$year"
    measure "werkkamer: same, period=$year-Q2" -H "$bearer" "$api/werkkamer/indicators?period=$year-Q2"
    measure "werkkamer: same, period=$year-06&municipality=GM9001" -H "$bearer" "$api/werkkamer/indicators?period=$year-06&municipality=GM9001"
    continue
  fi
  measure "$role: GET /candidates?status=eligible&sort=lastName&page=1" -H "$bearer" "$api/candidates?status=eligible&sort=lastName&page=1"
  [ "$role" = demo ] && continue
  measure "$role: GET /candidates?status=eligible&sort=lastName&page=400" -H "$bearer" "$api/candidates?status=eligible&sort=lastName&page=400"
  printf 'wrk.method = "POST"\nwrk.body = "{\\"query\\": \\"jansen\\"}"\nwrk.headers["Content-Type"] = "application/json"\n' >"$script"
  measure "$role: POST /candidates/search {\"query\": \"jansen\"}" -H "$bearer" -s "$script" "$api/candidates/search"
  measure "$role: GET /task-packages?status=open" -H "$bearer" "$api/task-packages?status=open"
done
