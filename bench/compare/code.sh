#!/usr/bin/env bash
# Runs Bulwark's code scan and Debian's bandit over the same labelled corpus
# (tests/Bulwark.Scanning.Tests/Code/Fixtures/corpus: `# expect: category` marks a vulnerable line,
# `# safe: category` a look-alike) and prints, per category, how many labelled lines each tool detects and
# how many findings each has on lines not labelled with their category (false positives). bandit's test ids
# are mapped to Bulwark's categories (the same table `--import` uses); bandit findings with no category
# (B101 assert, B404 import subprocess, …) are counted apart as "unmapped". bandit reads no notebooks, so the
# notebook rows show what it cannot see. Then it times both over a generated repository of FILES Python files
# (bench/code-scan.sh's generator, default 1000; bandit is slow) and demonstrates `--import`: bandit's
# report converted to SARIF and merged, de-duplicated, into Bulwark's.
# Reports; never gates: exits 0 once it has measured (2 when a prerequisite is missing).
#
#   ./build.sh && bash bench/compare/code.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), FILES (default 1000), RESULTS (default
# bench/results/code-compare.txt; empty to not write one). Installs bandit with apt-get when run as root.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
FILES="${FILES:-1000}"
RESULTS="${RESULTS-bench/results/code-compare.txt}"
CORPUS="tests/Bulwark.Scanning.Tests/Code/Fixtures/corpus"

[[ -x "$BULWARK" ]] || { echo "compare: $BULWARK not found; run ./build.sh first" >&2; exit 2; }
if ! command -v bandit >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then apt-get install -y -q bandit >/dev/null; else echo "compare: bandit is needed (apt-get install bandit)" >&2; exit 2; fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-code-compare.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cp -r "$CORPUS" "$WORK/corpus"

"$BULWARK" code scan "$WORK/corpus" --no-ignore --format sarif --output "$WORK/bulwark.sarif" --no-progress >/dev/null || true
bandit -q -r "$WORK/corpus" -f json -o "$WORK/bandit.json" >/dev/null 2>&1 || true

# The generated repository for timing.
REPO="$(GENERATE_ONLY=1 FILES="$FILES" bash bench/code-scan.sh)"

python3 - "$WORK" "$BULWARK" "$REPO" "$FILES" "$RESULTS" <<'PY'
import json, os, shutil, subprocess, sys, time, platform
work, bulwark, repo, files, results = sys.argv[1:6]
corpus = os.path.join(work, "corpus")
categories = ["unsafe-deserialization", "remote-code", "code-injection", "sql-injection", "path-traversal",
              "tls-disabled", "insecure-serving", "weak-crypto", "hardcoded-credential"]
bandit_map = {
    "B301": "unsafe-deserialization", "B302": "unsafe-deserialization", "B506": "unsafe-deserialization", "B614": "unsafe-deserialization",
    "B403": "unsafe-deserialization", "B102": "code-injection", "B307": "code-injection", "B602": "code-injection", "B605": "code-injection",
    "B604": "code-injection", "B601": "code-injection", "B609": "code-injection", "B701": "code-injection", "B608": "sql-injection",
    "B610": "sql-injection", "B611": "sql-injection", "B202": "path-traversal", "B501": "tls-disabled", "B323": "tls-disabled",
    "B502": "tls-disabled", "B503": "tls-disabled", "B504": "tls-disabled", "B201": "insecure-serving", "B104": "insecure-serving",
    "B303": "weak-crypto", "B324": "weak-crypto", "B304": "weak-crypto", "B305": "weak-crypto", "B105": "hardcoded-credential",
    "B106": "hardcoded-credential", "B107": "hardcoded-credential", "B615": "remote-code",
}
labels = {}
for name in sorted(os.listdir(corpus)):
    for number, line in enumerate(open(os.path.join(corpus, name), encoding="utf-8"), 1):
        for marker, vulnerable in (("# expect: ", True), ("# safe: ", False)):
            if marker in line:
                rest = line.split(marker, 1)[1]
                category = rest[:len(rest) - len(rest.lstrip("abcdefghijklmnopqrstuvwxyz-"))]
                labels[(name, number, category)] = vulnerable
expected = {k for k, v in labels.items() if v}

sarif = json.load(open(os.path.join(work, "bulwark.sarif")))
bulwark_found = set()
for r in sarif["runs"][0]["results"]:
    loc = r["locations"][0]["physicalLocation"]
    bulwark_found.add((loc["artifactLocation"]["uri"], loc["region"]["startLine"], r["properties"]["category"]))
bandit = json.load(open(os.path.join(work, "bandit.json")))
bandit_found, unmapped = set(), 0
for r in bandit["results"]:
    name = os.path.relpath(r["filename"], corpus)
    category = bandit_map.get(r["test_id"])
    if category is None:
        unmapped += 1
        continue
    # bandit reports a multi-line call at any of its lines: count it at each, as a reader would.
    for line in r.get("line_range") or [r["line_number"]]:
        bandit_found.add((name, line, category))

def score(found, category, notebooks=None):
    labelled = [e for e in expected if e[2] == category and (notebooks is None or e[0].endswith(".ipynb") == notebooks)]
    hits = sum(1 for e in labelled if e in found)
    wrong = {(f[0], f[1]) for f in found if f[2] == category and f not in expected and (notebooks is None or f[0].endswith(".ipynb") == notebooks)}
    return len(labelled), hits, len(wrong)

out = ["code scan vs bandit (bench/compare/code.sh)",
       f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, load average {os.getloadavg()[0]:.1f}",
       f"bandit: {subprocess.run(['bandit', '--version'], capture_output=True, text=True).stdout.splitlines()[0]} (Debian); corpus: {len(os.listdir(corpus))} files, {len(expected)} labelled vulnerable lines, {len(labels) - len(expected)} labelled look-alikes",
       "",
       f"{'category':24} {'labelled':>8} | {'bulwark found':>13} {'FP':>3} | {'bandit found':>12} {'FP':>3}"]
totals = [0, 0, 0, 0, 0]
for category in categories:
    n, bh, bf = score(bulwark_found, category)
    _, ah, af = score(bandit_found, category)
    totals = [totals[0] + n, totals[1] + bh, totals[2] + bf, totals[3] + ah, totals[4] + af]
    out.append(f"{category:24} {n:>8} | {bh:>13} {bf:>3} | {ah:>12} {af:>3}")
out.append(f"{'total':24} {totals[0]:>8} | {totals[1]:>13} {totals[2]:>3} | {totals[3]:>12} {totals[4]:>3}")
out.append(f"recall: bulwark {totals[1] / totals[0]:.0%}, bandit {totals[3] / totals[0]:.0%}; bandit also reported {unmapped} findings outside these categories (asserts, imports of subprocess/pickle, try/except/pass, ...)")
nb = sum(1 for e in expected if e[0].endswith(".ipynb"))
nb_b = sum(1 for e in expected if e[0].endswith(".ipynb") and e in bulwark_found)
out.append(f"notebooks: {nb} labelled lines; bulwark found {nb_b}, bandit 0 (it does not read .ipynb)")

# --import: bandit's findings as SARIF, merged into Bulwark's report.
results_sarif = [{"ruleId": r["test_id"], "level": {"HIGH": "error", "MEDIUM": "warning"}.get(r["issue_severity"], "note"),
                  "message": {"text": r["issue_text"]},
                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": os.path.relpath(r["filename"], corpus)}, "region": {"startLine": r["line_number"]}}}]}
                 for r in bandit["results"]]
json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit"}}, "results": results_sarif}]}, open(os.path.join(work, "bandit.sarif"), "w"))
merged = os.path.join(work, "merged.sarif")
subprocess.run([bulwark, "code", "scan", corpus, "--no-ignore", "--import", os.path.join(work, "bandit.sarif"), "--format", "sarif", "--output", merged, "--no-progress"], capture_output=True)
merged_results = json.load(open(merged))["runs"][0]["results"]
imported = sum(1 for r in merged_results if r["ruleId"].startswith("bandit/"))
out.append(f"--import bandit.sarif: {len(sarif['runs'][0]['results'])} bulwark + {len(results_sarif)} bandit results -> {len(merged_results)} merged ({len(results_sarif) - imported} bandit results already reported by bulwark were de-duplicated)")

# Speed on the generated repository.
def timed(cmd):
    subprocess.run(cmd, capture_output=True)
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - start
if os.path.isdir(repo):
    tb = timed([bulwark, "code", "scan", repo, "--format", "sarif", "--output", os.path.join(work, "r.sarif"), "--no-progress"])
    ta = timed(["bandit", "-q", "-r", repo, "-f", "json", "-o", os.path.join(work, "r.json")])
    out.append(f"time over a generated repository of {files} Python files: bulwark {tb:.2f} s, bandit {ta:.2f} s (bandit / bulwark = {ta / tb:.1f}x)")
    shutil.rmtree(os.path.dirname(repo), ignore_errors=True)
text = "\n".join(out) + "\n"
print(text)
if results:
    open(results, "w").write(text)
PY
