#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the store and jobs tests and
# prints the shell lines that point the tests at it:
#
#   eval "$(.ci/postgres.sh)"          # start; sets TRIAGE_TEST_PG_DSN
#   go test ./internal/store/ ./internal/jobs/
#   .ci/postgres.sh stop               # stop it and delete its files
#
# The cluster lives in a new temporary directory, listens on 127.0.0.1 only
# (plus a Unix socket inside that directory), on a free port, and trusts
# local connections: it holds nothing but test data and dies with `stop`.
# Only `export` lines go to stdout, so the output is safe to eval; progress
# and errors go to stderr.
#
# PostgreSQL refuses to run as root. Run as root (as in CI containers), the
# script runs the server as the `postgres` user the Debian package creates,
# or, when that user is missing, as a system user `triage-pg` it creates.
#
# Environment:
#   PG_BIN                the directory of initdb and pg_ctl (default: found
#                         with pg_config, else /usr/lib/postgresql/15/bin)
#   PG_USER               run as root: the user to run the server as (default
#                         postgres when it exists, else triage-pg; created
#                         when missing)
#   TRIAGE_TEST_PG_DIR    for `stop`: the cluster directory (the start
#                         output exports it)
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; fi
  done | sort -V | tail -n 1
}

# as_owner runs a command as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

pick_owner() {
  if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
  local user="${PG_USER:-}"
  if [ -z "$user" ]; then
    if id postgres >/dev/null 2>&1; then echo postgres; return; fi
    user=triage-pg
  fi
  if ! id "$user" >/dev/null 2>&1; then
    log "creating system user $user to run the server (PostgreSQL refuses root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  echo "$user"
}

# port_free reports whether nothing accepts connections on 127.0.0.1:$1.
port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop() {
  local dir="${TRIAGE_TEST_PG_DIR:-}"
  if [ -z "$dir" ] || [ ! -f "$dir/data/PG_VERSION" ]; then
    log "stop: TRIAGE_TEST_PG_DIR does not name a cluster started by this script"; exit 2
  fi
  bin=$(find_bin)
  owner=$(stat -c %U "$dir/data")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  rm -rf "$dir"
  echo "unset TRIAGE_TEST_PG_DSN TRIAGE_TEST_PG_DIR"
}

start() {
  bin=$(find_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    log "no PostgreSQL server binaries found: apt-get install postgresql-15 (or set PG_BIN)"; exit 2
  fi
  owner=$(pick_owner)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/triage-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$owner" "$dir"; fi

  as_owner "$bin/initdb" -D "$dir/data" -U triage --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { log "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }

  # A port picked at random can be taken between the check and the start,
  # so a failed start tries another.
  local port started=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    # fsync off: the data is thrown away, and tests run much faster.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
      started=1; break
    fi
  done
  if [ -z "$started" ]; then
    log "the server did not start; its log:"; cat "$dir/server.log" >&2 || true; rm -rf "$dir"; exit 1
  fi

  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U triage triage_test
  log "PostgreSQL $("$bin/postgres" --version | awk "{print \$3}") on 127.0.0.1:$port, files in $dir (stop with: .ci/postgres.sh stop)"
  echo "export TRIAGE_TEST_PG_DSN='postgres://triage@127.0.0.1:$port/triage_test?sslmode=disable'"
  echo "export TRIAGE_TEST_PG_DIR='$dir'"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 [start|stop]"; exit 2 ;;
esac
