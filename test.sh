#!/usr/bin/env bash
# Runs every test of the solution (unit, integration with real git repositories, end-to-end on the built
# binary). The last line printed is the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v git >/dev/null || { echo "test.sh: git is required (apt-get install git)" >&2; exit 2; }
dotnet build Bulwark.slnx -c Release --nologo -v quiet
dotnet test Bulwark.slnx -c Release --no-build --nologo --logger "console;verbosity=minimal" 2>&1 | tee artifacts-test.log
status=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' artifacts-test.log | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' artifacts-test.log | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' artifacts-test.log | awk '{s+=$2} END {print s+0}')
rm -f artifacts-test.log
echo "Test summary: total $((passed + failed + skipped)), passed $passed, failed $failed, skipped $skipped"
exit "$status"
