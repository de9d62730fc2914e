#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: 127.0.0.1 only, on a port and data directory of our own,
# run as the `postgres` user when we are root. Installs Debian's server package if it is missing.
#   scripts/pg.sh start   -> prints the connection URL on stdout
#   scripts/pg.sh stop
set -euo pipefail
cmd=${1:-start}
port=${NEWSGRAPH_PG_PORT:-54329}
dir=${NEWSGRAPH_PG_DIR:-/tmp/newsgraph-pg-$port}
db=newsgraph_test

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ] && [ "$cmd" = start ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pg.sh: installing Debian's postgresql package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    bin=$(find_bin)
  fi
  [ -n "$bin" ] || { echo "pg.sh: no PostgreSQL server binaries (initdb, pg_ctl) and cannot install them" >&2; exit 3; }
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      chmod 700 "$dir"
      as_pg "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
        || as_pg "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync -E UTF8 >"$dir.initdb.log" 2>&1 \
        || { cat "$dir.initdb.log" >&2; exit 4; }
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >&2 \
        || { tail -n 20 "$dir/server.log" >&2; exit 5; }
    fi
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" postgres \
      | grep -q 1 || as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    echo "postgresql://postgres@127.0.0.1:$port/$db"
    ;;
  stop)
    [ -n "$bin" ] && [ -f "$dir/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >&2 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
