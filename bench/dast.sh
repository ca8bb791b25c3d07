#!/usr/bin/env bash
# Measures the DAST speed target: a 200-endpoint API scanned in under 60 s at the default rate, memory bounded.
# Starts bench/dast_target.py with ENDPOINTS generated endpoints (GET with query parameters, GET with a path
# parameter, bearer-protected POST inference operations; OpenAPI document at /openapi.json) on loopback, then
# runs `bulwark dast URL --openapi URL/openapi.json --auth-header … --format json --output FILE` RUNS times at
# the default rate and limits, and reports the median wall time, the peak RSS, the requests sent and the
# findings. Reports PASS or MISS and never gates: exits 0 once it has measured (2 when a prerequisite is
# missing).
#
#   ./build.sh && bash bench/dast.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), ENDPOINTS (default 200), RUNS (default 3), RESULTS
# (default bench/results/dast.txt; empty to not write one).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
ENDPOINTS="${ENDPOINTS:-200}"
RUNS="${RUNS:-3}"
RESULTS="${RESULTS-bench/results/dast.txt}"

if [[ ! -x "$BULWARK" ]]; then
  echo "bench: $BULWARK not found; run ./build.sh first (or set BULWARK)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-dast-bench.XXXXXX")"
python3 bench/dast_target.py --endpoints "$ENDPOINTS" > "$WORK/target.out" 2>&1 &
TARGET_PID=$!
trap 'kill "$TARGET_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do grep -q '^PORT ' "$WORK/target.out" && break; sleep 0.1; done
PORT="$(awk '/^PORT /{print $2}' "$WORK/target.out")"
TOKEN="$(awk '/^TOKEN /{print $2}' "$WORK/target.out")"
URL="http://127.0.0.1:$PORT/"
echo "target: $ENDPOINTS endpoints at $URL"

# No warm-up run: every run starts the scan from nothing, and the scanner's exit code (1 with findings) is not an error.
python3 bench/lib/timing.py --runs "$RUNS" --warmup 0 --ok any -- "$BULWARK" dast "$URL" --openapi "${URL}openapi.json" \
  --auth-header "Authorization: Bearer $TOKEN" --format json --output "$WORK/report.json" > "$WORK/timing.json"
read -r WALLS MEDIAN CPU PEAK < <(python3 - "$WORK/timing.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
print(",".join("%.2f" % s["wall"] for s in t["samples"]), "%.2f" % t["wall"], "%.2f" % t["cpu"], round(t["rss_mb"]))
PY
)

read -r REQUESTS FINDINGS PARTIAL < <(python3 - "$WORK/report.json" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
sent = next((re.match(r"(\d+) requests sent", n["message"]).group(1) for n in report["notices"] if "requests sent" in n["message"]), "?")
partial = any("limit reached" in n["message"] for n in report["notices"])
print(sent, len(report["findings"]), "partial" if partial else "complete")
PY
)
VERDICT="$(python3 -c "print('PASS' if $MEDIAN < 60 else 'MISS')")"
SUMMARY="$(cat <<TXT
bulwark dast, $ENDPOINTS-endpoint generated API (bench/dast_target.py) on loopback, default rate (100/s) and limits
machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(uname -sr)
bulwark: $("$BULWARK" --version 2>/dev/null || echo "?")
runs: $RUNS; wall times: $WALLS s
median wall: $MEDIAN s (target < 60 s: $VERDICT); median CPU (user+sys): $CPU s
peak RSS: $PEAK MB
requests sent: $REQUESTS ($PARTIAL scan); findings: $FINDINGS
TXT
)"
echo "$SUMMARY"
if [[ -n "$RESULTS" ]]; then
  mkdir -p "$(dirname "$RESULTS")"
  { echo "$SUMMARY"; echo "command: ENDPOINTS=$ENDPOINTS RUNS=$RUNS bash bench/dast.sh"; } > "$RESULTS"
fi
