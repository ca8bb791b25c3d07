#!/usr/bin/env bash
# Measures the code-scan speed target: a 5,000-file Python repository scans in under 5 s.
# Generates a repository of FILES Python files (default 5000) in a realistic mix: about one in ten is a copy of
# a labelled corpus file (training scripts, FastAPI/Flask/Gradio servers, LangChain agents; with a renamed
# function so no two are equal), the rest ordinary modules — dataclasses, typed functions, decorators,
# comprehensions, f-strings, async code, match statements — of 60 to 400 lines, in packages of 50 files;
# plus the corpus notebooks. Runs `bulwark code scan REPO --format sarif --output FILE` once to warm the page
# cache and RUNS times more, and reports the median wall and CPU time. Reports PASS or MISS and never gates:
# exits 0 once it has measured (2 when a prerequisite is missing).
#
#   ./build.sh && bash bench/code-scan.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), FILES (default 5000), RUNS (default 5), SEED (default
# 11), RESULTS (default bench/results/code-scan.txt; empty to not write one), KEEP_WORK=1 to keep the
# generated repository, GENERATE_ONLY=1 to only generate it and print its path (bench/compare/code.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
FILES="${FILES:-5000}"
RUNS="${RUNS:-5}"
SEED="${SEED:-11}"
RESULTS="${RESULTS-bench/results/code-scan.txt}"
CORPUS="tests/Bulwark.Scanning.Tests/Code/Fixtures/corpus"

if [[ "${GENERATE_ONLY:-}" != 1 && ! -x "$BULWARK" ]]; then
  echo "bench: $BULWARK not found; run ./build.sh first (or set BULWARK)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-code-scan-bench.XXXXXX")"
if [[ "${KEEP_WORK:-}" != 1 && "${GENERATE_ONLY:-}" != 1 ]]; then trap 'rm -rf "$WORK"' EXIT; fi

python3 - "$CORPUS" "$WORK/repo" "$FILES" "$SEED" <<'PY'
import os, random, shutil, sys
corpus, repo, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
random.seed(seed)
templates = [open(os.path.join(corpus, n)).read() for n in sorted(os.listdir(corpus)) if n.endswith(".py")]
words = "model data batch loss score feature label token layer weight config metric sample split epoch step cache path".split()

def name():
    return "_".join(random.sample(words, 2)) + str(random.randint(0, 999))

def function(indent=""):
    n, a, b = name(), name(), name()
    body = random.choice([
        f"    total = 0\n    for i, item in enumerate({a}):\n        if item is None:\n            continue\n        total += item * {random.random():.3f}\n    return total\n",
        f"    result = {{k: v for k, v in {a}.items() if v > {random.randint(0, 9)}}}\n    return sorted(result, key=lambda k: (-result[k], k))\n",
        f"    message = f\"{{{a}!r}} has {{len({b})}} items ({{{b}[0] if {b} else 'none'}})\"\n    logger.info(message)\n    return message\n",
        f"    match {a}:\n        case {{\"kind\": \"train\", **rest}}:\n            return rest\n        case [first, *others] if first:\n            return others\n        case _:\n            return None\n",
        f"    with open({a}, encoding=\"utf-8\") as handle:\n        lines = [line.strip() for line in handle if line.strip() and not line.startswith(\"#\")]\n    return lines[: {random.randint(1, 100)}]\n",
        f"    try:\n        value = float({a}) / max(1, len({b}))\n    except (TypeError, ZeroDivisionError) as error:\n        raise ValueError(f\"bad input: {{error}}\") from error\n    return value if value > 0 else -value\n",
    ])
    decorator = random.choice(["", "@functools.lru_cache(maxsize=128)\n", "@staticmethod\n" if indent else "", "@torch.no_grad()\n"])
    text = f"{decorator}def {n}({a}: list[float], {b}: dict[str, int] | None = None) -> float:\n    \"\"\"Compute {n.replace('_', ' ')}.\"\"\"\n{body}\n"
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))

def klass():
    n = "".join(w.title() for w in random.sample(words, 2))
    fields = "".join(f"    {name()}: int = {random.randint(0, 99)}\n" for _ in range(random.randint(2, 6)))
    methods = "".join(function("    ") for _ in range(random.randint(1, 3)))
    return f"@dataclasses.dataclass\nclass {n}:\n{fields}\n{methods}\n"

def module():
    parts = ["\"\"\"Generated module.\"\"\"\nimport dataclasses\nimport functools\nimport logging\n\nimport numpy as np\nimport torch\n\nlogger = logging.getLogger(__name__)\n\n"]
    target = random.randint(60, 400)
    while sum(p.count("\n") for p in parts) < target:
        parts.append(klass() if random.random() < 0.3 else function())
    if random.random() < 0.2:
        parts.append(f"async def fetch_{name()}(session, url):\n    async with session.get(url) as response:\n        return await response.json()\n\n")
    return "".join(parts)

for i in range(count):
    package = os.path.join(repo, f"pkg{i // 50:03d}")
    os.makedirs(package, exist_ok=True)
    if i % 10 == 0:
        text = templates[(i // 10) % len(templates)].replace("def ", f"def v{i}_", 1)
    else:
        text = module()
    with open(os.path.join(package, f"mod{i:05d}.py"), "w") as f:
        f.write(text)
for n in os.listdir(corpus):
    if n.endswith(".ipynb"):
        shutil.copy(os.path.join(corpus, n), os.path.join(repo, n))
PY

if [[ "${GENERATE_ONLY:-}" == 1 ]]; then echo "$WORK/repo"; exit 0; fi

LINES=$(find "$WORK/repo" -name '*.py' -print0 | xargs -0 cat | wc -l)
BYTES=$(find "$WORK/repo" -name '*.py' -print0 | xargs -0 cat | wc -c)
echo "generated $FILES Python files ($LINES lines, $BYTES bytes) in $WORK/repo"

python3 - "$BULWARK" "$WORK" "$RUNS" "$FILES" "$RESULTS" "$LINES" "$BYTES" <<'PY'
import json, os, sys
sys.path.insert(0, "bench/lib")
import timing
bulwark, work, runs, files, results, lines, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
sarif = os.path.join(work, "out.sarif")
cmd = [bulwark, "code", "scan", os.path.join(work, "repo"), "--format", "sarif", "--output", sarif, "--no-progress"]
samples = timing.measure(cmd, runs)
wall = timing.median_wall(samples)
cpu = timing.median_cpu(samples)
report = json.load(open(sarif))
run = report["runs"][0]
findings = len(run["results"])
notes = run["invocations"][0].get("toolExecutionNotifications", [])
warnings = [n for n in notes if n["level"] in ("error", "warning")]
verdict = "PASS" if wall < 5.0 else "MISS" + (" on wall time; CPU time {:.3f} s is under 5 s".format(cpu) if cpu < 5.0 else "")
text = "\n".join([
    "code scan speed (bench/code-scan.sh)",
    f"machine: {timing.machine()}",
    f"command: bulwark code scan REPO --format sarif --output FILE  (REPO: {files} Python files, {lines} lines, {size} bytes, + 2 notebooks)",
    f"runs: {runs} after one warm-up; wall times (s): {', '.join(f'{s.wall:.3f}' for s in samples)}",
    f"median wall {wall:.3f} s, median CPU {cpu:.3f} s, peak RSS {timing.peak_rss_mb(samples):.0f} MB (whole process, .NET start-up included)",
    f"findings: {findings}, warning/error notices: {len(warnings)}",
    f"target: {files} Python files in under 5 s: {verdict}",
    ""])
print(text)
if results:
    open(results, "w").write(text)
PY
