#!/usr/bin/env bash
# Measures the server speed target: an authenticated GET /api/v1/projects on the embedded SQLite answers with
# p99 under 20 ms at 64 concurrent connections (wrk, 2 threads, 20 s, after a 5 s warm-up that is not counted).
# Starts `bulwark server --insecure-http` on a free loopback port in a temporary data directory, creates an
# administrator and a token with the CLI (as an operator would) and PROJECTS projects through the API, then
# prints throughput, p50/p90/p99, the request count and whether any request failed (non-2xx or socket error),
# and PASS or MISS. Never gates: exits 0 once it has measured (2 when a prerequisite is missing).
#
#   bash bench/server.sh                # builds with ./build.sh unless BULWARK names a binary
#
# Environment: BULWARK (default: build, then artifacts/bin/bulwark), CONNECTIONS (64), DURATION (20s),
# PROJECTS (20), RESULTS (default bench/results/server.txt; empty to not write one), KEEP_WORK=1 to keep the
# temporary folder (server log, wrk output).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-20s}"
PROJECTS="${PROJECTS:-20}"
RESULTS="${RESULTS-bench/results/server.txt}"
TARGET_P99_MS=20

if ! command -v wrk >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=300 install -y wrk >/dev/null || { echo "bench/server.sh: wrk is missing and could not be installed" >&2; exit 2; }
fi
if [[ -z "${BULWARK:-}" ]]; then
  ./build.sh >/dev/null
  BULWARK="$ROOT/artifacts/bin/bulwark"
fi
[[ -x "$BULWARK" ]] || { echo "bench/server.sh: no bulwark binary at $BULWARK" >&2; exit 2; }

WORK="$(mktemp -d /tmp/bulwark-bench-server.XXXXXX)"
DATA="$WORK/data"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ "${KEEP_WORK:-}" != 1 ]]; then rm -rf "$WORK"; else echo "work folder kept: $WORK"; fi
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
printf 'wrk-load-passphrase-%s\n' "$RANDOM$RANDOM" | "$BULWARK" --data-dir "$DATA" admin create-user --username bench --password-stdin --admin >/dev/null
TOKEN="$("$BULWARK" --data-dir "$DATA" admin create-token --username bench --name bench --scopes all)"
"$BULWARK" --data-dir "$DATA" server --listen "127.0.0.1:$PORT" --insecure-http >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE/healthz" >/dev/null || { echo "bench/server.sh: the server did not start; log:" >&2; cat "$WORK/server.log" >&2; exit 2; }

for i in $(seq 1 "$PROJECTS"); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"project-$i\",\"repositoryUrl\":\"https://git.example/acme/project-$i.git\"}" "$BASE/api/v1/projects"
done
LISTED="$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/projects" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')"
[[ "$LISTED" == "$PROJECTS" ]] || { echo "bench/server.sh: expected $PROJECTS projects, the API lists $LISTED" >&2; exit 2; }

URL="$BASE/api/v1/projects"
wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/wrk.txt"

# wrk prints latencies as 812.00us, 1.23ms or 1.05s: normalise to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")")"
p90="$(to_ms "$(awk '$1 == "90%" { print $2 }' "$WORK/wrk.txt")")"
p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")")"
rps="$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")"
requests="$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")"
non2xx="$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$WORK/wrk.txt")"
socket_errors="$(awk '/Socket errors/ { print }' "$WORK/wrk.txt")"
failed="${non2xx:-0}"
verdict="$(awk -v p="$p99" -v t="$TARGET_P99_MS" 'BEGIN { print (p + 0 < t) ? "PASS" : "MISS" }')"

cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
machine="# bench/server.sh on $cpu, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); $("$BULWARK" --version) at commit $(git rev-parse --short HEAD); load average $(cut -d' ' -f1-3 /proc/loadavg)"
report="$(cat <<REPORT
$machine
GET /api/v1/projects ($PROJECTS projects, bearer token, SQLite, plain HTTP on loopback); wrk -t2 -c$CONNECTIONS -d$DURATION --latency after a 5 s warm-up

throughput      $rps requests/s
latency p50     $p50 ms
latency p90     $p90 ms
latency p99     $p99 ms
requests        $requests (failed: $failed non-2xx; ${socket_errors:-no socket errors})
target          p99 under $TARGET_P99_MS ms at $CONNECTIONS connections: $verdict
REPORT
)"
echo "$report"
if [[ -n "$RESULTS" ]]; then
  printf '%s\n\nwrk output:\n%s\n' "$report" "$(cat "$WORK/wrk.txt")" >"$RESULTS"
fi
