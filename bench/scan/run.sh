#!/usr/bin/env bash
# Compares Triage's external scan with nmap (open TCP ports, time) and
# testssl.sh (TLS protocol versions) on loopback test servers.
#
#   sudo bench/scan/run.sh            # needs root: the servers use ports 21-445
#
# It builds and starts bench/scan/servers (made-up practices on
# 127.0.0.2-127.0.0.6 and a DNS server on 127.0.0.1:5300), then:
#   1. scans 127.0.0.5 RUNS times each (default 5) with nmap -sT and Triage,
#      on the same TCP port list, alternating, and records wall-clock times;
#   2. runs testssl.sh -p on every TLS endpoint and Triage on the same
#      addresses, and compares the protocol versions each finds;
#   3. prints the comparison (bench/scan/compare) as Markdown tables.
# Every tool is told not to use DNS (nmap -n, testssl --nodns none), and
# Triage asks only the loopback DNS server, so nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS="${RUNS:-5}"
HOST=127.0.0.5
DNS=127.0.0.1:5300

for tool in nmap testssl; do
  if ! command -v "$tool" >/dev/null; then
    echo "run.sh: $tool is not installed (apt-get install nmap testssl.sh)" >&2
    exit 1
  fi
done
if [ "$(id -u)" != 0 ]; then
  echo "run.sh: run as root: the test servers listen on the real port numbers (21, 22, 443, ...)" >&2
  exit 1
fi

work=$(mktemp -d)
servers_pid=""
cleanup() {
  if [ -n "$servers_pid" ]; then kill "$servers_pid" 2>/dev/null || true; wait "$servers_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building" >&2
go build -o "$work/triage" ./cmd/triage
go build -o "$work/servers" ./bench/scan/servers
go build -o "$work/scanner" ./bench/scan/scanner
go build -o "$work/compare" ./bench/scan/compare

triage_scan=("$work/triage" scan --resolver "$DNS")

echo "== starting test servers" >&2
"$work/servers" -dns "$DNS" -ca "$work/ca.pem" -info "$work/info.json" >"$work/servers.log" 2>&1 &
servers_pid=$!
for _ in $(seq 50); do grep -q ready "$work/servers.log" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/servers.log" || { cat "$work/servers.log" >&2; exit 1; }
export TRIAGE_SCAN_ROOTS="$work/ca.pem"

ports=$("$work/compare" -ports)
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

echo "== exposure: $RUNS runs each on $HOST" >&2
# Wall-clock time of each process, and each tool's own account of its scan
# (nmap's runstats elapsed, Triage's "took"), which leaves out start-up.
: >"$work/times"
for i in $(seq "$RUNS"); do
  t0=$(now); nmap -sT -Pn -n -p "$ports" "$HOST" -oX "$work/nmap.xml" >/dev/null; t1=$(now)
  echo "nmap_-sT_one_host_wall $(elapsed "$t0" "$t1")" >>"$work/times"
  echo "nmap_-sT_one_host_self_reported $(grep -o 'elapsed="[0-9.]*"' "$work/nmap.xml" | tr -dc '0-9.')" >>"$work/times"
  t0=$(now); "${triage_scan[@]}" --ip "$HOST" --format text >"$work/triage-host.txt" 2>/dev/null; t1=$(now)
  echo "triage_scan_one_host_wall $(elapsed "$t0" "$t1")" >>"$work/times"
  echo "triage_scan_one_host_self_reported $(head -1 "$work/triage-host.txt" | grep -o 'took [^)]*' | cut -d' ' -f2)" >>"$work/times"
done
"${triage_scan[@]}" --ip "$HOST" --format json >"$work/triage-host.json" 2>/dev/null
# The port phase alone (connect to every port and identify what answers,
# without the TLS and HTTP probes of the web ports), from the driver's
# progress lines: the part that does what nmap -sT does.
for i in $(seq "$RUNS"); do
  "$work/scanner" --resolver "$DNS" --roots "$work/ca.pem" --ip "$HOST" -progress 2>&1 >/dev/null |
    awk '$2 == "ports" { gsub(/[()]/, "", $NF); print "triage_port_phase_self_reported", $NF }' >>"$work/times"
done

echo "== TLS: testssl.sh on each endpoint (slow)" >&2
mkdir -p "$work/testssl"
endpoints=$(sed -n '/"tls"/,/]/p' "$work/info.json" | grep -o '"127[^"]*"' | tr -d '"')
t0=$(now)
for ep in $endpoints; do
  testssl --quiet --warnings off --nodns none --color 0 -p \
    --jsonfile "$work/testssl/${ep/:/_}.json" "$ep" >/dev/null 2>&1 &
done
wait_pids=$(jobs -p | grep -v "^$servers_pid\$" || true)
for p in $wait_pids; do wait "$p" || true; done
t1=$(now)
echo "testssl_-p_all_endpoints_parallel $(elapsed "$t0" "$t1")" >>"$work/times"
ips=$(for ep in $endpoints; do echo "--ip ${ep%:*}"; done | sort -u)
t0=$(now)
# shellcheck disable=SC2086
"${triage_scan[@]}" $ips --format json >"$work/triage-tls.json" 2>/dev/null
t1=$(now)
echo "triage_scan_all_tls_hosts $(elapsed "$t0" "$t1")" >>"$work/times"

echo "== full Triage scan of the made-up practices (for reference)" >&2
domains=$(grep -o '"[a-z0-9]*\.example"' "$work/info.json" | tr -d '"' | sed 's/^/--domain /')
t0=$(now)
# shellcheck disable=SC2086
"${triage_scan[@]}" $domains --ip 127.0.0.5 --ip 127.0.0.6 --format text >"$work/triage-full.txt" 2>/dev/null
t1=$(now)
echo "triage_scan_9_domains_2_hosts $(elapsed "$t0" "$t1")" >>"$work/times"

echo
echo "nmap $(nmap --version | head -1 | awk '{print $3}'), testssl.sh $(testssl --version 2>/dev/null | grep -o '3\.[0-9.a-z+-]*' | head -1), $(go version | awk '{print $3}'), $(nproc) CPU"
echo
"$work/compare" -nmap "$work/nmap.xml" -triage-host "$work/triage-host.json" -host "$HOST" \
  -times "$work/times" -testssl "$work/testssl" -triage-tls "$work/triage-tls.json"
if [ -n "${SHOW_REPORT:-}" ]; then cat "$work/triage-full.txt"; fi
