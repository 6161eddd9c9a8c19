#!/usr/bin/env bash
# Web workspace load test (bench/README.md, "Web workspace load"): for
# SQLite and for PostgreSQL, fills a database with bench/web/load, starts
# `triage serve` on loopback, signs in as the auditor and runs wrk against
# the practice list and one practice's results page.
#
#   bench/web/run.sh                    # both databases
#   bench/web/run.sh sqlite             # or just one: sqlite | postgres
#   PRACTICES=2000 AUDITS=10000 CONNS=32 DURATION=30s bench/web/run.sh
#
# Needs wrk (apt-get install -y wrk), curl and, for PostgreSQL, psql and
# the binaries .ci/postgres.sh uses. Run as root, postgres.sh runs the cluster
# as the postgres user.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

PRACTICES=${PRACTICES:-2000}
AUDITS=${AUDITS:-10000}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-30s}
PORT=${PORT:-18480}
EMAIL=auditor@bench.example
PASSWORD='bench password 12345'
dbs=("$@")
[ ${#dbs[@]} -gt 0 ] || dbs=(sqlite postgres)

command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }

work=$(mktemp -d /tmp/triage-webload.XXXXXX)
server_pid=
pg_started=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_started" ]; then "$root/.ci/postgres.sh" stop || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building (go build -o) in $work"
go build -o "$work/triage" ./cmd/triage
go build -o "$work/load" ./bench/web/load

# bench URL NAME: wrk with the session cookie; prints one summary line.
bench() {
  local url=$1 name=$2
  local out="$work/wrk-$db-$name.txt"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $cookie" "$url" >"$out"
  local p50 p90 p99 rps non2xx errs
  p50=$(awk '$1=="50%"{print $2}' "$out")
  p90=$(awk '$1=="90%"{print $2}' "$out")
  p99=$(awk '$1=="99%"{print $2}' "$out")
  rps=$(awk '/^Requests\/sec/{print $2}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/{print $NF}' "$out"); non2xx=${non2xx:-0}
  errs=$(awk '/Socket errors/{print $0}' "$out" | sed 's/^ *Socket errors: //'); errs=${errs:-none}
  printf '%-9s %-9s p50 %-9s p90 %-9s p99 %-9s req/s %-9s non-2xx/3xx %-5s socket errors: %s\n' \
    "$db" "$name" "$p50" "$p90" "$p99" "$rps" "$non2xx" "$errs"
  echo "$db $name p50=$p50 p90=$p90 p99=$p99 rps=$rps non2xx=$non2xx errors=$errs load=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/summary"
}

for db in "${dbs[@]}"; do
  case $db in
    sqlite) dsn="sqlite:$work/triage.db"; workers=1 ;;
    postgres)
      eval "$("$root/.ci/postgres.sh")"
      pg_started=1
      dsn=$TRIAGE_TEST_PG_DSN; workers=8 ;;
    *) echo "run.sh: unknown database $db (sqlite or postgres)" >&2; exit 2 ;;
  esac
  echo "== $db: loading $PRACTICES practices, $AUDITS audits"
  "$work/load" -db "$dsn" -practices "$PRACTICES" -audits "$AUDITS" -workers "$workers" \
    -email "$EMAIL" -password "$PASSWORD"
  if [ "$db" = postgres ]; then
    # After a bulk load PostgreSQL's autovacuum would otherwise vacuum and
    # analyse the new tables (over a gigabyte of saved reports) during the
    # measurement; do it first, as one would after loading real data.
    echo "   VACUUM ANALYZE"
    psql -q "$dsn" -c 'VACUUM ANALYZE' >/dev/null
  fi

  base="http://127.0.0.1:$PORT"
  "$work/triage" serve --addr "127.0.0.1:$PORT" --db "$dsn" >"$work/serve-$db.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "$base/signin" && break; sleep 0.1; done

  # Sign in: a same-origin form POST (the server's cross-origin protection
  # refuses a POST whose Origin is another site's).
  rm -f "$work/jar"
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "$work/jar" -H "Origin: $base" \
    --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$base/signin")
  [ "$code" = 303 ] || { echo "run.sh: signing in answered $code" >&2; cat "$work/serve-$db.log" >&2; exit 1; }
  cookie=$(awk '$6 ~ /triage_session$/ {print $6"="$7}' "$work/jar")
  [ -n "$cookie" ] || { echo "run.sh: no session cookie" >&2; exit 1; }

  # The practice in the middle of the list, and a check that both pages
  # answer 200 with the cookie (a redirect to /signin would count as a
  # success in wrk's figures).
  curl -fs -H "Cookie: $cookie" "$base/practices" >"$work/list.html"
  ids=($(grep -o 'href="/practices/[0-9]*"' "$work/list.html" | grep -o '[0-9]*' | awk '!seen[$0]++'))
  [ ${#ids[@]} -gt 0 ] || { echo "run.sh: no practices in the list" >&2; exit 1; }
  pid=${ids[$(( ${#ids[@]} / 2 ))]}
  # /practices/N/results redirects (303) to the latest audit's page,
  # /practices/N/audits/M, which renders the results: wrk measures that.
  results=$(curl -s -o /dev/null -w '%{redirect_url}' -H "Cookie: $cookie" "$base/practices/$pid/results")
  results=${results#"$base"}
  case $results in /practices/"$pid"/audits/*) ;; *) echo "run.sh: results redirect to '$results'" >&2; exit 1 ;; esac
  for path in /practices "$results"; do
    read -r code size < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' -H "Cookie: $cookie" "$base$path")
    echo "   GET $path -> $code, $size bytes"
    [ "$code" = 200 ] || { echo "run.sh: GET $path answered $code" >&2; exit 1; }
  done
  echo "   ${#ids[@]} practices listed; results page of practice $pid is $results; load average $(cut -d' ' -f1-3 /proc/loadavg)"

  bench "$base/practices" list
  bench "$base$results" results

  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  if [ "$db" = postgres ]; then "$root/.ci/postgres.sh" stop; pg_started=; fi
done

echo "== summary ($CONNS connections, $DURATION each; machine: $(nproc) CPUs)"
cat "$work/summary"
