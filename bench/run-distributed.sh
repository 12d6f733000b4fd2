#!/usr/bin/env bash
# Distributed-mode figures: starts a throwaway PostgreSQL and RabbitMQ, then runs bench/RecruitRegistry.Bench.Distributed
# for ROUNDS rounds. Each round starts Licensing, WorkerContracts and FeeAudits as three processes (own databases, one
# virtual host) and measures a raw RabbitMQ publish-to-consume round trip, the lag of events between the services
# one registration at a time, then registrations at rising offered rates until the consumers no longer keep up: the
# highest rate kept up with, its lags and queue depths, and each service's resident memory under it. Prints medians.
# Usage: bench/run-distributed.sh [ROUNDS] [-- --seconds 15 --idle 100 --rates 25,50,100,150,200,300]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

bench_servers postgres rabbitmq
dotnet build bench/RecruitRegistry.Bench.Distributed -c Release -nologo -v quiet

mapfile -t results < <(dotnet bench/RecruitRegistry.Bench.Distributed/bin/Release/net10.0/RecruitRegistry.Bench.Distributed.dll --rounds "$rounds" "$@")
(( ${#results[@]} > 0 )) || { echo "the benchmark produced no results" >&2; exit 1; }
field() { bench_field "$1" "${results[@]}"; }
show() { bench_ratio "$1" "$2" "${results[@]}"; }
per_round() { bench_rounds "$1" "${results[@]}"; }

echo
echo "| lag (median of ${#results[@]} rounds) | p50 ms | p99 ms |"
echo "|---|---|---|"
echo "| raw RabbitMQ publish → consume (quorum queue, persistent, confirms) | $(field raw_p50) | $(field raw_p99) |"
echo "| idle: registration answered → its audit visible in FeeAudits | $(field idle_audit_p50) | $(field idle_audit_p99) |"
echo "| idle: registration answered → the audit outcome visible in WorkerContracts | $(field idle_back_p50) | $(field idle_back_p99) |"
echo "| idle: licence decision answered → WorkerContracts' replica has it | $(field idle_licence_p50) | $(field idle_licence_p99) |"
echo "| at the sustained rate: registration → audit in FeeAudits | $(field load_audit_p50) | $(field load_audit_p99) |"
echo "| at the sustained rate: registration → audit outcome in WorkerContracts | $(field load_back_p50) | $(field load_back_p99) |"
echo
echo "| sustained load | per round | median |"
echo "|---|---|---|"
echo "| highest offered rate kept up with (registrations/s) | $(per_round sustained) | $(field sustained) |"
echo "| achieved at that rate (/s) | $(per_round load_achieved) | $(field load_achieved) |"
echo "| RegisterContract p99 at that rate (ms) | $(per_round load_register_p99) | $(field load_register_p99) |"
echo "| most messages ready in the queues at once | $(per_round load_max_ready) | $(field load_max_ready) |"
echo "| Licensing resident memory, max (MiB) | $(per_round rss_licensing) | $(field rss_licensing) |"
echo "| WorkerContracts resident memory, max (MiB) | $(per_round rss_contracts) | $(field rss_contracts) |"
echo "| FeeAudits resident memory, max (MiB) | $(per_round rss_audits) | $(field rss_audits) |"
echo
echo "| ratio | per round | median |"
echo "|---|---|---|"
echo "| idle audit lag p50 / raw round trip p50 | $(show idle_audit_p50 raw_p50) |"
echo "| idle licence-replica lag p50 / raw round trip p50 | $(show idle_licence_p50 raw_p50) |"
