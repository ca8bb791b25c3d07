#!/usr/bin/env bash
# Times `bulwark eval gate` on large metrics files (generated here): 100 metrics × 100 slices (10,100 values) and
# 1,000 metrics × 500 slices (501,000 values, about 12 MB; the reader refuses files over 16 MiB), each against a
# baseline of the same shape with a regression planted in every 97th metric; records wall time, CPU time and peak
# RSS to bench/results/eval-gate.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build src/Bulwark.Cli -c Release -v q --nologo >/dev/null
python3 - "$WORK" <<'PY'
import json, random, sys
work = sys.argv[1]
def write(name, metrics, slices, seed, worse):
    r = random.Random(seed)
    names = [f"metric_{i}" for i in range(metrics)]
    doc = {
        "model": {"name": "model.onnx", "sha256": f"{seed:064x}"},
        "metrics": {n: round(0.9 - (0.05 if worse and i % 97 == 0 else 0) + r.random() * 1e-4, 6) for i, n in enumerate(names)},
        "slices": {f"region={s}": {n: round(0.85 + r.random() * 1e-4, 6) for n in names} for s in range(slices)},
        "benchmarks": ["holdout"],
    }
    with open(f"{work}/{name}", "w") as f:
        json.dump(doc, f)
for label, metrics, slices in (("small", 100, 100), ("large", 1000, 500)):
    write(f"{label}-baseline.json", metrics, slices, 1, False)
    write(f"{label}-metrics.json", metrics, slices, 2, True)
PY
BIN=src/Bulwark.Cli/bin/Release/net10.0/bulwark.dll
{
  echo "bulwark eval gate: metrics vs baseline (default rules: every metric and slice metric checked for regression)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1 /proc/loadavg)"
  for label in small large; do
    code=0
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" dotnet "$BIN" eval gate --metrics "$WORK/$label-metrics.json" \
      --baseline "$WORK/$label-baseline.json" --format sarif --output "$WORK/$label.sarif" 2>"$WORK/stderr" || code=$?
    if [ "$code" -gt 1 ]; then
      echo "bulwark exited $code: $(cat "$WORK/stderr")" >&2
      exit 1
    fi
    # /usr/bin/time puts "Command exited with non-zero status 1" first when the gate fails (exit 1)
    read -r WALL USER SYS RSS < <(tail -1 "$WORK/time")
    CPU=$(python3 -c "print(f'{$USER + $SYS:.2f}')")
    VALUES=$(python3 -c "import json;d=json.load(open('$WORK/$label-metrics.json'));print(len(d['metrics'])+sum(len(v) for v in d['slices'].values()))")
    SIZE=$(du -h "$WORK/$label-metrics.json" | cut -f1)
    FOUND=$(python3 -c "import json;r=json.load(open('$WORK/$label.sarif'))['runs'][0]['results'];print(len(r))")
    echo "$label: $VALUES values ($SIZE per file): wall ${WALL} s, CPU ${CPU} s, peak RSS $((RSS / 1024)) MiB, exit $code, $FOUND findings"
  done
} | tee bench/results/eval-gate.txt
