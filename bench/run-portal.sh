#!/usr/bin/env bash
# Worker portal benchmark: runs bench/RecruitRegistry.Bench.Portal once (the standalone process with 200 contracts;
# ROUNDS rounds, each: the JSON verify endpoint, the verify page, the gRPC call inside it and the empty form page,
# 16 callers, 10 s each) and prints medians and the
# per-round ratio of the page's rate to the JSON endpoint's. Nothing to start: the standalone process runs on SQLite.
# Usage: bench/run-portal.sh [ROUNDS] [-- --seconds 10 --callers 16 --contracts 200]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

dotnet build bench/RecruitRegistry.Bench.Portal -c Release -nologo -v quiet
mapfile -t results < <(dotnet bench/RecruitRegistry.Bench.Portal/bin/Release/net10.0/RecruitRegistry.Bench.Portal.dll --rounds "$rounds" "$@")
(( ${#results[@]} > 0 )) || { echo "the benchmark produced no results" >&2; exit 1; }
field() { bench_field "$1" "${results[@]}"; }

echo
echo "| measure (median of ${#results[@]} rounds, 16 callers) | req/s | p50 ms | p99 ms | CPU µs per call (the benchmark process: callers and host) |"
echo "|---|---|---|---|---|"
echo "| POST /v1/contracts/{reference}:verify, JSON | $(field json) | $(field json_p50) | $(field json_p99) | $(field json_cpu) |"
echo "| POST /verify, the portal's page (HTML) | $(field page) | $(field page_p50) | $(field page_p99) | $(field page_cpu) |"
echo "| VerifyContract over gRPC, one shared channel (the call inside the page) | $(field grpc) | $(field grpc_p50) | $(field grpc_p99) | $(field grpc_cpu) |"
echo "| GET /verify, the empty form (a page without a call) | $(field form) | $(field form_p50) | $(field form_p99) | $(field form_cpu) |"
echo
echo "| ratio | per round | median |"
echo "|---|---|---|"
echo "| verify page / JSON endpoint (floor 50%) | $(bench_ratio page json "${results[@]}") |"
