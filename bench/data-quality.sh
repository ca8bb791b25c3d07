#!/usr/bin/env bash
# Detection quality of `bulwark data check` on labelled cases built from scikit-learn's bundled datasets: installs
# Debian's python3-sklearn if missing, builds the cases (bench/data_quality_cases.py), runs the built CLI on each
# with --format sarif, and writes bench/results/data-quality-sklearn.md (per-kind detection, clean false alarms,
# poisoned-row precision/recall).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's interpreter, where python3-sklearn installs (the python3 on PATH may be another one).
PY=/usr/bin/python3
if ! "$PY" -c "import sklearn" 2>/dev/null; then
  apt-get install -y python3-sklearn >/dev/null
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build src/Bulwark.Cli -c Release -v q --nologo >/dev/null
BIN=src/Bulwark.Cli/bin/Release/net10.0/bulwark.dll
"$PY" bench/data_quality_cases.py build "$WORK/cases"
for dir in "$WORK"/cases/*/; do
  code=0
  dotnet "$BIN" data check --reference "$dir/reference.csv" --candidate "$dir/candidate.csv" --label-column label \
    --format sarif --output "$dir/report.sarif" 2>"$dir/stderr" || code=$?
  if [ "$code" -gt 1 ]; then
    echo "bulwark exited $code on $dir: $(cat "$dir/stderr")" >&2
    exit 1
  fi
done
"$PY" bench/data_quality_cases.py report "$WORK/cases" bench/results/data-quality-sklearn.md
sed -n '/## Summary by kind/,/## Every case/p' bench/results/data-quality-sklearn.md
