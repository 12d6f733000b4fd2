#!/usr/bin/env bash
# CheckAuthorization benchmark: starts a throwaway PostgreSQL cluster, runs bench/RecruitRegistry.Bench.Licensing
# RUNS times (default 3; each run loads 10,000 agencies and 30,000 licences into a fresh database and measures a bare
# gRPC echo and CheckAuthorization with 16 concurrent callers), and prints medians and the per-run ratios.
# Usage: bench/run-licensing.sh [RUNS] [-- --seconds 10 --callers 16]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

bench_servers postgres
dotnet build bench/RecruitRegistry.Bench.Licensing -c Release -nologo -v quiet

results=()
for ((i = 1; i <= runs; i++)); do
  echo "run $i of $runs" >&2
  results+=("$(dotnet bench/RecruitRegistry.Bench.Licensing/bin/Release/net10.0/RecruitRegistry.Bench.Licensing.dll "$@" | tail -n 1)")
  echo "  ${results[-1]}" >&2
done

field() { bench_field "$1" "${results[@]}"; }
ratios=$(for r in "${results[@]}"; do
  e=$(sed -n 's/.*\becho=\([0-9]*\).*/\1/p' <<<"$r"); c=$(sed -n 's/.*\bcheck=\([0-9]*\).*/\1/p' <<<"$r")
  awk -v e="$e" -v c="$c" 'BEGIN { printf "%.0f\n", 100 * c / e }'
done)
echo
echo "| measure (median of $runs runs, 16 callers) | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
echo "| bare gRPC echo | $(field echo) | $(field echo_p50) | $(field echo_p99) |"
echo "| CheckAuthorization (10,000 agencies, 30,000 licences) | $(field check) | $(field check_p50) | $(field check_p99) |"
echo "| CheckAuthorization / echo, per run: $(echo $ratios | sed 's/ /%, /g')% | median $(median <<<"$ratios")% | | |"
