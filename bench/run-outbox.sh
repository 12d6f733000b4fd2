#!/usr/bin/env bash
# Outbox throughput benchmark: starts throwaway PostgreSQL and RabbitMQ servers (as the tests do), runs the benchmark
# RUNS times (default 3), each with fresh databases and a fresh virtual host, and prints the medians and ratios.
# Usage: bench/run-outbox.sh [RUNS] [-- benchmark arguments: --seconds 10 --events 20000 --writers 16]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

bench_servers postgres rabbitmq
dotnet build bench/RecruitRegistry.Bench.Outbox -c Release -nologo -v quiet

results=()
for ((i = 1; i <= runs; i++)); do
  echo "run $i of $runs" >&2
  results+=("$(dotnet bench/RecruitRegistry.Bench.Outbox/bin/Release/net10.0/RecruitRegistry.Bench.Outbox.dll "$@" | tail -n 1)")
  echo "  ${results[-1]}" >&2
done

field() { bench_field "$1" "${results[@]}"; }
# The ratio is taken within each run (both ceilings and the outbox measured minutes apart on the same machine),
# then the median of those ratios is reported: the machine is shared and its speed drifts between runs.
ratios=$(for r in "${results[@]}"; do
  n=$(sed -n 's/.*npgsql=\([0-9]*\).*/\1/p' <<<"$r"); m=$(sed -n 's/.*masstransit=\([0-9]*\).*/\1/p' <<<"$r"); o=$(sed -n 's/.*outbox=\([0-9]*\).*/\1/p' <<<"$r")
  awk -v n="$n" -v m="$m" -v o="$o" 'BEGIN { c = (n < m) ? n : m; printf "%.0f\n", 100 * o / c }'
done)
echo
echo "| measure (median of $runs runs) | per second |"
echo "|---|---|"
echo "| raw Npgsql: probe row + outbox row per transaction, 16 writers | $(field npgsql) |"
echo "| raw MassTransit publish with confirms to a quorum queue, 256 in flight | $(field masstransit) |"
echo "| platform unit of work alone (Dapper, JSON, outbox row; no relay) | $(field unitofwork) |"
echo "| outbox end to end (16 writers commit → relay → RabbitMQ confirms) | $(field outbox) |"
echo "| outbox / slower ceiling, per run: $(echo $ratios | sed 's/ /%, /g')% | median $(median <<<"$ratios")% |"
