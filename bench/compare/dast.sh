#!/usr/bin/env bash
# bulwark dast beside wapiti (Debian's `wapiti` package, the best general web scanner installable here) on the
# same vulnerable target: bench/dast_target.py --vulnerable, one planted weakness per category of the dast
# contract (reflected XSS, SQLi on real sqlite3, traversal, redirect, SSRF, cookies, CORS, banners, traceback,
# .env, directory listing, /metrics, model weights, auth bypass, rate and size limits, prompt injection, JWT
# alg none). Prints findings per category side by side and the wall time of each tool. wapiti runs its default
# modules (WAPITI_MODULES to change) with --max-scan-time; bulwark gets the OpenAPI document and a bearer
# token, which wapiti 3.0 cannot use. Reports; never gates (exit 2 only when a prerequisite is missing).
#
#   ./build.sh && bash bench/compare/dast.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), WAPITI_MODULES (default: wapiti's own default set),
# WAPITI_MAX_TIME (default 600), RESULTS (default bench/results/dast-compare.txt; empty to not write one).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
WAPITI_MAX_TIME="${WAPITI_MAX_TIME:-600}"
RESULTS="${RESULTS-bench/results/dast-compare.txt}"

[[ -x "$BULWARK" ]] || { echo "compare: $BULWARK not found; run ./build.sh first (or set BULWARK)" >&2; exit 2; }
if ! command -v wapiti >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q wapiti >/dev/null; fi
  command -v wapiti >/dev/null || { echo "compare: wapiti is not installed (apt-get install wapiti)" >&2; exit 2; }
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-dast-compare.XXXXXX")"
python3 bench/dast_target.py --vulnerable --endpoints 0 > "$WORK/target.out" 2>&1 &
TARGET_PID=$!
trap 'kill "$TARGET_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do grep -q '^PORT ' "$WORK/target.out" && break; sleep 0.1; done
PORT="$(awk '/^PORT /{print $2}' "$WORK/target.out")"
TOKEN="$(awk '/^TOKEN /{print $2}' "$WORK/target.out")"
URL="http://127.0.0.1:$PORT/"

start=$(date +%s.%N)
"$BULWARK" dast "$URL" --openapi "${URL}openapi.json" --auth-header "Authorization: Bearer $TOKEN" --format json --output "$WORK/bulwark.json" 2>/dev/null || true
BULWARK_TIME=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")

MODULES=()
[[ -n "${WAPITI_MODULES:-}" ]] && MODULES=(-m "$WAPITI_MODULES")
start=$(date +%s.%N)
wapiti -u "$URL" --scope folder --flush-session "${MODULES[@]}" --max-scan-time "$WAPITI_MAX_TIME" -f json -o "$WORK/wapiti.json" -v 0 >/dev/null 2>&1 || true
WAPITI_TIME=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")

SUMMARY="$(python3 - "$WORK/bulwark.json" "$WORK/wapiti.json" "$BULWARK_TIME" "$WAPITI_TIME" "$(wapiti --version 2>/dev/null | grep -o 'Wapiti [0-9.]*' | head -1)" "${WAPITI_MODULES:-}" <<'PY'
import json, sys
bulwark, wapiti = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
categories = ["missing-header", "cookie-flags", "cors", "banner", "error-disclosure", "exposed-file", "directory-listing",
              "debug-endpoint", "xss", "sqli", "path-traversal", "open-redirect", "ssrf", "unauthenticated-endpoint",
              "missing-rate-limit", "oversized-body", "auth-bypass", "prompt-injection", "jwt-none"]
# wapiti's report sections mapped onto the dast categories (anything else is listed as "other").
mapping = {
    "Content Security Policy Configuration": "missing-header", "HTTP Secure Headers": "missing-header",
    "Clickjacking Protection": "missing-header", "MIME Type Confusion": "missing-header", "HTTP Strict Transport Security (HSTS)": "missing-header",
    "Secure Flag cookie": "cookie-flags", "HttpOnly Flag cookie": "cookie-flags",
    "Cross Site Scripting": "xss", "Stored Cross Site Scripting": "xss", "Reflected Cross Site Scripting": "xss",
    "SQL Injection": "sqli", "Blind SQL Injection": "sqli", "Path Traversal": "path-traversal", "Open Redirect": "open-redirect",
    "Server Side Request Forgery": "ssrf", "Backup file": "exposed-file", "Potentially dangerous file": "exposed-file",
    "Internal Server Error": "error-disclosure", "Fingerprint web technology": "banner", "Fingerprint web server": "banner",
}
ours = {c: 0 for c in categories}
for finding in bulwark["findings"]:
    category = next((c for c in categories if c in finding["ruleId"]), None)
    if category:
        ours[category] += 1
theirs = {c: 0 for c in categories}
other = {}
for section in ("vulnerabilities", "anomalies", "additionals"):
    for name, items in (wapiti.get(section) or {}).items():
        if items:
            if name in mapping:
                theirs[mapping[name]] += len(items)
            else:
                other[name] = len(items)
lines = [f"{'category':26} {'bulwark':>8} {'wapiti':>8}"]
lines += [f"{c:26} {ours[c]:>8} {theirs[c]:>8}" for c in categories]
found_ours = sum(1 for c in categories if ours[c]); found_theirs = sum(1 for c in categories if theirs[c])
lines.append(f"{'categories found':26} {found_ours:>5}/{len(categories)} {found_theirs:>5}/{len(categories)}")
lines.append(f"{'wall time (s)':26} {sys.argv[3]:>8} {sys.argv[4]:>8}")
if other:
    lines.append("wapiti, other sections: " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
lines.append(f"wapiti: {sys.argv[5] or 'version ?'} (Debian), modules: {sys.argv[6] or 'its default set'}")
print("\n".join(lines))
PY
)"
HEADER="bulwark dast vs wapiti on bench/dast_target.py --vulnerable (19 planted weaknesses, one per category)
machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(uname -sr)"
echo "$HEADER"; echo "$SUMMARY"
if [[ -n "$RESULTS" ]]; then
  mkdir -p "$(dirname "$RESULTS")"
  { echo "$HEADER"; echo "$SUMMARY"; echo "command: bash bench/compare/dast.sh"; } > "$RESULTS"
fi
