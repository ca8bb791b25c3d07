#!/usr/bin/env bash
# Measures the pipeline-audit speed target: a repository with 500 workflow files audits in under 1 s.
# Generates a repository of FILES workflow files (default 500) from the audit fixtures (ordinary, vulnerable
# and hardened workflows, with renamed jobs and extra steps so no two files are equal; about 40 lines each)
# plus a .gitlab-ci.yml and a .bulwark.yml, runs `bulwark pipeline audit REPO --format sarif --output FILE`
# once to warm the page cache and RUNS times more, and reports the median wall and CPU time, the findings and
# the files audited. Reports PASS or MISS and never gates: exits 0 once it has measured (2 when a
# prerequisite is missing).
#
#   ./build.sh && bash bench/pipeline-audit.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), FILES (default 500), RUNS (default 5), SEED (default
# 9), RESULTS (default bench/results/pipeline-audit.txt; empty to not write one), KEEP_WORK=1 to keep the
# generated repository.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
FILES="${FILES:-500}"
RUNS="${RUNS:-5}"
SEED="${SEED:-9}"
RESULTS="${RESULTS-bench/results/pipeline-audit.txt}"
FIXTURES="tests/Bulwark.Scanning.Tests/PipelineConfig/Audit/Fixtures"

if [[ ! -x "$BULWARK" ]]; then
  echo "bench: $BULWARK not found; run ./build.sh first (or set BULWARK)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-pipeline-audit-bench.XXXXXX")"
if [[ "${KEEP_WORK:-}" != 1 ]]; then trap 'rm -rf "$WORK"' EXIT; fi

python3 - "$FIXTURES" "$WORK/repo" "$FILES" "$SEED" <<'PY'
import os, random, sys
fixtures, repo, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
random.seed(seed)
templates = []
for folder in ("corpus", "vulnerable", "safe"):
    for name in sorted(os.listdir(os.path.join(fixtures, folder))):
        if name.endswith(".workflow.yml"):
            templates.append(open(os.path.join(fixtures, folder, name)).read())
os.makedirs(os.path.join(repo, ".github", "workflows"))
extra = "      - name: Extra step {n}\n        run: |\n          echo \"step {n} of ${{{{ github.run_id }}}}\"\n          make target-{n}\n"
for i in range(count):
    text = templates[i % len(templates)]
    lines = text.splitlines(keepends=True)
    # A few more steps at the end of the last job, so files differ and look like larger real workflows.
    text = "".join(lines) + "".join(extra.format(n=random.randint(1, 10**6)) for _ in range(random.randint(0, 3))) if lines[-1].startswith("      ") else text
    with open(os.path.join(repo, ".github", "workflows", f"wf-{i:04d}.yml"), "w") as f:
        f.write(text)
for name, target in (("corpus/python.gitlab-ci.yml", ".gitlab-ci.yml"), ("corpus/ml.bulwark.yml", ".bulwark.yml")):
    with open(os.path.join(repo, target), "w") as f:
        f.write(open(os.path.join(fixtures, name)).read())
PY

LINES=$(cat "$WORK"/repo/.github/workflows/*.yml | wc -l)
BYTES=$(cat "$WORK"/repo/.github/workflows/*.yml | wc -c)
echo "generated $FILES workflow files ($LINES lines, $BYTES bytes) in $WORK/repo"

python3 - "$BULWARK" "$WORK" "$RUNS" "$FILES" "$RESULTS" "$LINES" "$BYTES" <<'PY'
import json, os, sys
sys.path.insert(0, "bench/lib")
import timing
bulwark, work, runs, files, results, lines, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
sarif = os.path.join(work, "out.sarif")
cmd = [bulwark, "pipeline", "audit", os.path.join(work, "repo"), "--format", "sarif", "--output", sarif, "--data-dir", os.path.join(work, "data"), "--no-progress"]
samples = timing.measure(cmd, runs)
wall = timing.median_wall(samples)
cpu = timing.median_cpu(samples)
report = json.load(open(sarif))
run = report["runs"][0]
findings = len(run["results"])
errors = [n for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "error"]
verdict = "PASS" if wall < 1.0 else "MISS" + (" on wall time; CPU time {:.3f} s is under 1 s".format(cpu) if cpu < 1.0 else "")
text = "\n".join([
    "pipeline audit speed (bench/pipeline-audit.sh)",
    f"machine: {timing.machine()}",
    f"command: bulwark pipeline audit REPO --format sarif --output FILE  (REPO: {files} workflow files, {lines} lines, {size} bytes, + .gitlab-ci.yml + .bulwark.yml)",
    f"runs: {runs} after one warm-up; wall times (s): {', '.join(f'{s.wall:.3f}' for s in samples)}",
    f"median wall {wall:.3f} s, median CPU {cpu:.3f} s, peak RSS {timing.peak_rss_mb(samples):.0f} MB (whole process, .NET start-up included)",
    f"findings: {findings}, error notices: {len(errors)}",
    f"target: {files} workflow files in under 1 s: {verdict}",
    ""])
print(text)
if results:
    open(results, "w").write(text)
PY
