#!/usr/bin/env bash
# recruitctl import benchmark: starts a throwaway PostgreSQL cluster, runs bench/RecruitRegistry.Bench.Import RUNS times
# (default 3; each run registers --rows agencies, default 100,000, twice on fresh databases: RegisterAgency called
# directly with --parallel at once, default 8, then recruitctl agencies import of the same rows as a CSV at the same
# --parallel), and prints medians and the per-run ratio.
# Usage: bench/run-import.sh [RUNS] [-- --rows 100000 --parallel 8]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

bench_servers postgres
dotnet build bench/RecruitRegistry.Bench.Import -c Release -nologo -v quiet
dotnet build tools/RecruitRegistry.Ctl -c Release -nologo -v quiet

results=()
for ((i = 1; i <= runs; i++)); do
  echo "run $i of $runs" >&2
  results+=("$(dotnet bench/RecruitRegistry.Bench.Import/bin/Release/net10.0/RecruitRegistry.Bench.Import.dll \
    --recruitctl tools/RecruitRegistry.Ctl/bin/Release/net10.0/recruitctl.dll "$@" | tail -n 1)")
  echo "  ${results[-1]}" >&2
done

echo
echo "| measure (median of $runs runs) | rows/s | per run |"
echo "|---|---|---|"
echo "| RegisterAgency called directly | $(bench_field direct "${results[@]}") | $(bench_rounds direct "${results[@]}") |"
echo "| recruitctl agencies import | $(bench_field import "${results[@]}") | $(bench_rounds import "${results[@]}") |"
echo "| import / direct | | $(bench_ratio import direct "${results[@]}") |"
