#!/usr/bin/env bash
# Runs every test of the solution (unit, integration with real git repositories, end-to-end on the built
# binary, the server against SQLite and a throwaway PostgreSQL). The last line printed is the summary over all
# test projects.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v git >/dev/null || { echo "test.sh: git is required (apt-get install git)" >&2; exit 2; }
dotnet build Bulwark.slnx -c Release --nologo -v quiet || exit 1
# Storage and API tests also run against a real PostgreSQL: a throwaway cluster on loopback unless one is given.
if [ -z "${BULWARK_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/bulwark-pg.XXXXXX)
  if BULWARK_TEST_POSTGRES=$(scripts/postgres-throwaway.sh start "$pgdir"); then
    export BULWARK_TEST_POSTGRES
    trap 'scripts/postgres-throwaway.sh stop "$pgdir"' EXIT
  else
    echo "test.sh: could not start PostgreSQL; the PostgreSQL tests will fail" >&2
  fi
fi
log=$(mktemp)
dotnet test Bulwark.slnx -c Release --no-build --nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
if [ "$((passed + failed + skipped))" -eq 0 ]; then status=1; fi
echo "Test summary: total $((passed + failed + skipped)), passed $passed, failed $failed, skipped $skipped"
exit "$status"
