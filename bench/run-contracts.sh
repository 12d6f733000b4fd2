#!/usr/bin/env bash
# WorkerContracts benchmark: starts a throwaway PostgreSQL cluster, runs bench/RecruitRegistry.Bench.WorkerContracts
# once (it loads 10,000 contracts into one database and 1,000,000 into another, then measures ROUNDS rounds, each:
# a bare gRPC echo, the same echo served by the WorkerContracts host, VerifyContract at 10,000, VerifyContract at
# 1,000,000, its SQL statement alone, RegisterContract, and a raw Npgsql transaction writing the same rows in one batch,
# 16 concurrent callers), and prints
# medians, the CPU time per call (the benchmark process, which holds callers and hosts alike; and PostgreSQL), the bytes
# the process allocated per call, the context switches of its threads per call and the per-round ratios.
# Usage: bench/run-contracts.sh [ROUNDS] [-- --seconds 10 --callers 16 --large 1000000 --phases echo,pipeline,small,large,sql,register,raw]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-3}; shift || true; [[ ${1:-} == -- ]] && shift

bench_servers postgres
dotnet build bench/RecruitRegistry.Bench.WorkerContracts -c Release -nologo -v quiet

mapfile -t results < <(dotnet bench/RecruitRegistry.Bench.WorkerContracts/bin/Release/net10.0/RecruitRegistry.Bench.WorkerContracts.dll --rounds "$rounds" "$@")
(( ${#results[@]} > 0 )) || { echo "the benchmark produced no results" >&2; exit 1; }
field() { bench_field "$1" "${results[@]}"; }
show() { bench_ratio "$1" "$2" "${results[@]}"; }
# With --phases, only the rows whose phases were measured are printed.
row() { grep -q "\b$1=" <<<"${results[0]}" && echo "$2"; true; }
ratio() { grep -q "\b$1=" <<<"${results[0]}" && grep -q "\b$2=" <<<"${results[0]}" && echo "| $3 | $(show "$1" "$2") |"; true; }

echo
echo "| measure (median of ${#results[@]} rounds, 16 callers) | req/s | p50 ms | p99 ms | CPU µs per call: .NET | PostgreSQL | KiB allocated per call | context switches per call |"
echo "|---|---|---|---|---|---|---|---|"
row echo "| bare gRPC echo | $(field echo) | $(field echo_p50) | $(field echo_p99) | $(field echo_cpu) | $(field echo_dbcpu) | $(field echo_kib) | $(field echo_cs) |"
row pipeline "| the same echo served by the WorkerContracts host (its authentication, authorization, interceptor, routing) | $(field pipeline) | $(field pipeline_p50) | $(field pipeline_p99) | $(field pipeline_cpu) | $(field pipeline_dbcpu) | $(field pipeline_kib) | $(field pipeline_cs) |"
row small "| VerifyContract, 10,000 contracts | $(field small) | $(field small_p50) | $(field small_p99) | $(field small_cpu) | $(field small_dbcpu) | $(field small_kib) | $(field small_cs) |"
row large "| VerifyContract, 1,000,000 contracts | $(field large) | $(field large_p50) | $(field large_p99) | $(field large_cpu) | $(field large_dbcpu) | $(field large_kib) | $(field large_cs) |"
row sql "| the verification statement alone, raw Npgsql, 1,000,000 contracts | $(field sql) | $(field sql_p50) | $(field sql_p99) | $(field sql_cpu) | $(field sql_dbcpu) | $(field sql_kib) | $(field sql_cs) |"
row raw "| raw Npgsql: the six rows of a registration, one batch, one transaction | $(field raw) | $(field raw_p50) | $(field raw_p99) | $(field raw_cpu) | $(field raw_dbcpu) | $(field raw_kib) | $(field raw_cs) |"
row register "| RegisterContract | $(field register) | $(field register_p50) | $(field register_p99) | $(field register_cpu) | $(field register_dbcpu) | $(field register_kib) | $(field register_cs) |"
echo
echo "| ratio | per round | median |"
echo "|---|---|---|"
ratio large echo "VerifyContract at 1,000,000 / echo"
ratio small echo "VerifyContract at 10,000 / echo"
ratio pipeline echo "echo through the WorkerContracts pipeline / bare echo"
ratio small pipeline "VerifyContract at 10,000 / echo through the same pipeline"
ratio echo_cost pipeline_cost "echo through the WorkerContracts pipeline / bare echo, by CPU per call"
ratio large sql "VerifyContract at 1,000,000 / its statement alone"
# What the rates would be on two cores doing nothing else: the inverse ratio of CPU per call (.NET and PostgreSQL).
ratio echo_cost large_cost "VerifyContract at 1,000,000 / echo, by CPU per call"
ratio echo_cost small_cost "VerifyContract at 10,000 / echo, by CPU per call"
ratio raw_cost register_cost "RegisterContract / raw Npgsql, by CPU per call"
ratio large_p99 small_p99 "p99 at 1,000,000 / p99 at 10,000"
ratio register raw "RegisterContract / raw Npgsql"
