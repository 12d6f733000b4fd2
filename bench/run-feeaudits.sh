#!/usr/bin/env bash
# FeeAudits benchmarks: starts a throwaway PostgreSQL cluster and RabbitMQ node, runs bench/RecruitRegistry.Bench.FeeAudits
# once (it loads 1,000,000 audited contracts, then measures ROUNDS rounds, each: the corridor report through gRPC next to
# its aggregates as one SQL statement and the contract aggregate alone; then 20,000 ContractChanged drained by a no-op
# MassTransit consumer and by FeeAudits), and prints medians and the per-round ratios.
# Usage: bench/run-feeaudits.sh [ROUNDS] [-- --contracts 1000000 --repeats 5 --messages 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

bench_servers postgres rabbitmq
dotnet build bench/RecruitRegistry.Bench.FeeAudits -c Release -nologo -v quiet

mapfile -t results < <(dotnet bench/RecruitRegistry.Bench.FeeAudits/bin/Release/net10.0/RecruitRegistry.Bench.FeeAudits.dll --rounds "$rounds" "$@")
(( ${#results[@]} > 0 )) || { echo "the benchmark produced no results" >&2; exit 1; }
field() { bench_field "$1" "${results[@]}"; }
show() { bench_ratio "$1" "$2" "${results[@]}"; }

echo
echo "| measure (median of ${#results[@]} rounds) | value |"
echo "|---|---|"
echo "| GetCorridorReport over gRPC, 1,000,000 audited contracts (ms) | $(field report_ms) |"
echo "| the same five aggregates as one SQL statement, raw Npgsql (ms) | $(field sql_all_ms) |"
echo "| the contract aggregate alone, raw Npgsql (ms) | $(field sql_contracts_ms) |"
echo "| no-op MassTransit consumer draining ContractChanged (messages/s) | $(field noop) |"
echo "| FeeAudits auditing ContractChanged (audits/s) | $(field audits) |"
echo "| … and every ContractAudited relayed from the outbox (audits/s) | $(field audits_relayed) |"
echo
echo "| ratio | per round | median |"
echo "|---|---|---|"
echo "| report time / one-statement time | $(show report_ms sql_all_ms) |"
echo "| report time / contract aggregate time | $(show report_ms sql_contracts_ms) |"
echo "| audits/s / no-op messages/s | $(show audits noop) |"
echo "| audits relayed/s / no-op messages/s | $(show audits_relayed noop) |"
