#!/usr/bin/env bash
# bench/api-latency.sh: the dashboard API latency test of issue 8. 20 concurrent clients (curl
# loops) request the API endpoints round robin; prints one JSON object on standard output:
#   {"status": "ok", "clients": 20, "requests": 500, "errors": 0, "p50_ms": …, "p95_ms": …, "max_ms": …}
#
#   bench/api-latency.sh --home DIR [--port 8097] [--clients 20] [--requests 25] [--url BASE]
#
# Without --url it starts `bin/warehouse serve --port PORT --home DIR` itself and stops it after.
# Endpoints: $API_ENDPOINTS (space-separated paths) or the default list below. Any non-2xx
# answer counts as an error and makes the test fail (exit 1). Percentiles: nearest rank.
#
# Login: POST /api/login with JSON {"username","password"}; the session cookie is reused by every
# client. Users: API_LOGIN_USER / API_LOGIN_PASSWORD, or (with --home and neither set) a city
# user `bench` with a random password is added to that home first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="" port=8097 clients=20 requests=25 url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --home) home=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --url) url=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "api-latency: unknown option '$1'" >&2; exit 2 ;;
  esac
done
ENDPOINTS=${API_ENDPOINTS:-"/api/indicators /api/regions /api/marts/mart_quintile_trend /api/marts/mart_township_comparison?year=2024&quarter=4 /api/marts/mart_declining_households?year=2024&quarter=4&page_size=100 /api/marts/mart_evaluation_metrics?year=2024&quarter=4 /api/quality"}

if [ -z "${API_LOGIN_USER:-}" ] || [ -z "${API_LOGIN_PASSWORD:-}" ]; then
  [ -n "$home" ] || { echo "api-latency: set API_LOGIN_USER and API_LOGIN_PASSWORD, or give --home to add a bench user" >&2; exit 2; }
  API_LOGIN_USER=bench
  API_LOGIN_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)
  printf '%s\n' "$API_LOGIN_PASSWORD" | "$ROOT/bin/warehouse" users add bench --role city --home "$home" \
    --password-stdin >/dev/null
fi
command -v curl >/dev/null || { echo "api-latency: curl is required" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/api-latency.XXXXXX")
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -z "$url" ]; then
  [ -n "$home" ] || { echo "api-latency: --home or --url is required" >&2; exit 2; }
  url="http://127.0.0.1:$port"
  "$ROOT/bin/warehouse" serve --port "$port" --home "$home" >"$TMP/serve.log" 2>&1 &
  server_pid=$!
  for ((i = 0; i < 120; i++)); do
    curl -fs -o /dev/null "$url/" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { tail -5 "$TMP/serve.log" >&2; echo "api-latency: serve stopped" >&2; exit 1; }
    sleep 1
  done
fi

api_login() {
  curl -fsS -c "$TMP/cookies" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$API_LOGIN_USER\", \"password\": \"$API_LOGIN_PASSWORD\"}" \
    "$url/api/login" -o /dev/null
}
api_login || { echo "api-latency: login as $API_LOGIN_USER at $url/api/login failed" >&2; exit 1; }

# A warm-up pass (first requests pay for JIT and connection pools), not measured.
for e in $ENDPOINTS; do curl -s -o /dev/null -b "$TMP/cookies" "$url$e" || true; done

read -r -a paths <<<"$ENDPOINTS"
client_pids=()
for ((c = 0; c < clients; c++)); do
  (
    for ((r = 0; r < requests; r++)); do
      p=${paths[$(((c + r) % ${#paths[@]}))]}
      curl -s -o /dev/null -b "$TMP/cookies" -w '%{http_code} %{time_total}\n' "$url$p" || echo "000 0"
    done >"$TMP/client-$c.txt"
  ) &
  client_pids+=($!)
done
wait "${client_pids[@]}"

cat "$TMP"/client-*.txt | awk -v clients="$clients" '
  { n++; if ($1 !~ /^2/) errors++; ms[n] = $2 * 1000 }
  END {
    if (n == 0) { print "{\"status\": \"failed\", \"reason\": \"no request made\"}"; exit 1 }
    # insertion sort is fine for a few thousand values and needs no gawk
    for (i = 2; i <= n; i++) { v = ms[i]; j = i - 1; while (j > 0 && ms[j] > v) { ms[j + 1] = ms[j]; j-- } ms[j + 1] = v }
    p50 = ms[int(0.50 * n + 0.999999)]; p95 = ms[int(0.95 * n + 0.999999)]
    printf "{\"status\": \"%s\", \"clients\": %d, \"requests\": %d, \"errors\": %d, \"p50_ms\": %.1f, \"p95_ms\": %.1f, \"max_ms\": %.1f}\n", \
      (errors ? "errors" : "ok"), clients, n, errors, p50, p95, ms[n]
    exit errors ? 1 : 0
  }'
