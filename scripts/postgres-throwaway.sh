#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the tests and prints its connection string;
# `stop DIR` stops it and deletes its files. Trust authentication is safe here: it listens on loopback only
# and lives as long as one test run.
#   conn=$(scripts/postgres-throwaway.sh start /tmp/pg.XXXX)   ...   scripts/postgres-throwaway.sh stop /tmp/pg.XXXX
set -euo pipefail
action=${1:?start|stop}; dir=${2:?folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n "$bin" && -x "$bin/initdb" ]] || { echo "postgres-throwaway: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 2; }
as_owner() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"; [[ $(id -u) == 0 ]] && chown postgres:postgres "$dir"
    port=55432; while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Maximum Pool Size=20"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
