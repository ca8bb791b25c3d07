#!/usr/bin/env bash
# Times `bulwark data check` on 1,000,000 rows × 20 columns (a reference and a candidate of that size, generated
# here), recording wall time, CPU time and peak RSS to bench/results/data-check.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build src/Bulwark.Cli -c Release -v q --nologo >/dev/null
python3 - "$WORK" "$ROWS" <<'PY'
import random, sys
work, rows = sys.argv[1], int(sys.argv[2])
cities = ["paris", "lyon", "nice", "lille", "nantes", "brest", "metz"]
def write(name, seed):
    r = random.Random(seed)
    with open(f"{work}/{name}", "w") as f:
        f.write(",".join([f"x{i}" for i in range(17)] + ["city", "segment", "label"]) + "\n")
        for _ in range(rows):
            base = r.gauss(0, 1)
            xs = [base * 0.5 + r.gauss(0, 1) if i < 8 else r.random() * 100 for i in range(17)]
            label = 1 if base + r.gauss(0, 1) > 0 else 0
            f.write(",".join(f"{x:.5f}" for x in xs) + f",{r.choice(cities)},s{r.randint(0, 20)},{label}\n")
write("reference.csv", 1)
write("candidate.csv", 2)
PY
BIN=src/Bulwark.Cli/bin/Release/net10.0/bulwark.dll
SIZE=$(du -h "$WORK/candidate.csv" | cut -f1)
/usr/bin/time -f "%e %U %S %M" -o "$WORK/time" dotnet "$BIN" data check --reference "$WORK/reference.csv" \
  --candidate "$WORK/candidate.csv" --label-column label --format sarif --output "$WORK/report.sarif" || true
# GNU time puts "Command exited with non-zero status N" first when the check fails the gate: the figures are the last line.
read -r WALL USER SYS RSS < <(tail -1 "$WORK/time")
CPU=$(python3 -c "print(f'{$USER + $SYS:.2f}')")
{
  echo "bulwark data check: $ROWS rows x 20 columns per file (reference and candidate, $SIZE each), CSV"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1 /proc/loadavg)"
  echo "wall ${WALL} s, CPU ${CPU} s, peak RSS $((RSS / 1024)) MiB"
  echo "findings: $(python3 -c "import json;r=json.load(open('$WORK/report.sarif'))['runs'][0]['results'];print(len(r), 'results,', sum(1 for x in r if x['level']=='error'), 'at level error')")"
} | tee bench/results/data-check.txt
