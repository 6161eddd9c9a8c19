#!/usr/bin/env bash
# Sign-in log benchmark: Triage against DuckDB on a generated 1,000,000-event
# Graph sign-in log (see bench/README.md). Extra arguments go to
# bench/signin/compare, e.g. -n 200000 -runs 3.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go run ./bench/signin/compare "$@"
