#!/usr/bin/env bash
# Measures the pipeline speed targets of the embedded default (SQLite, the built-in runner, bubblewrap sandboxes):
#   1. time from a signed push webhook being sent to the first job step starting: under 1 s (median of RUNS pushes);
#   2. 500 queued trivial jobs (5 runs of 100 independent jobs) drained by 4 runner slots: none lost, none run twice;
#   3. dispatch overhead per job: in a chain of jobs (each needs the previous) on an idle runner, the time from one
#      job finishing to the next one being leased (scheduling), and from lease to its first step starting (preparing
#      the job: secrets, workspace, checkout of a local repository, sandbox start). Target: scheduling under 50 ms.
# Starts `bulwark server --insecure-http --allow-local-repositories --embedded-runners 4` in a temporary data
# directory; the measuring and the git repository are done by bench/pipeline_bench.py. Never gates: exits 0 once it
# has measured (2 when a prerequisite is missing).
#
#   bash bench/pipeline.sh            # builds with ./build.sh unless BULWARK names a binary
#
# Environment: BULWARK (default: build, then artifacts/bin/bulwark), RUNS (latency samples, default 10),
# RESULTS (default bench/results/pipeline.txt; empty to not write one), KEEP_WORK=1 to keep the temporary folder.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RESULTS="${RESULTS-bench/results/pipeline.txt}"
command -v bwrap >/dev/null || { echo "bench/pipeline.sh: bubblewrap is missing (apt-get install bubblewrap)" >&2; exit 2; }
if [[ -z "${BULWARK:-}" ]]; then
  ./build.sh >/dev/null
  BULWARK="$ROOT/artifacts/bin/bulwark"
fi
[[ -x "$BULWARK" ]] || { echo "bench/pipeline.sh: no bulwark binary at $BULWARK" >&2; exit 2; }

WORK="$(mktemp -d /tmp/bulwark-bench-pipeline.XXXXXX)"
chmod 755 "$WORK"
DATA="$WORK/data"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ "${KEEP_WORK:-}" != 1 ]]; then rm -rf "$WORK"; else echo "work folder kept: $WORK"; fi
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
printf 'violet-harbour-lantern-%s\n' "$RANDOM$RANDOM" | "$BULWARK" --data-dir "$DATA" admin create-user --username bench --password-stdin --admin >/dev/null
TOKEN="$("$BULWARK" --data-dir "$DATA" admin create-token --username bench --name bench --scopes all)"
"$BULWARK" --data-dir "$DATA" server --listen "127.0.0.1:$PORT" --insecure-http --allow-local-repositories \
  --embedded-runners 4 --work-dir "$WORK/jobs" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE/healthz" >/dev/null || { echo "bench/pipeline.sh: the server did not start; log:" >&2; cat "$WORK/server.log" >&2; exit 2; }

cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
header="# bench/pipeline.sh on $cpu, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); $("$BULWARK" --version) at commit $(git rev-parse --short HEAD); load average $(cut -d' ' -f1-3 /proc/loadavg)"
report="$(python3 bench/pipeline_bench.py --base "$BASE" --token "$TOKEN" --work "$WORK" --runs "${RUNS:-10}")"
printf '%s\n%s\n' "$header" "$report"
if [[ -n "$RESULTS" ]]; then
  printf '%s\n%s\n' "$header" "$report" >"$RESULTS"
fi
