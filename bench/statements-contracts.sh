#!/usr/bin/env bash
# What PostgreSQL executes per RegisterContract: runs bench/run-contracts.sh for one round of the register phase with
# pg_stat_statements loaded, resets the statistics once the warm-up is over, and after 15 s of the timed window prints
# the statements by total execution time (calls, µs per call, rows, buffers, WAL records).
# Usage: bench/statements-contracts.sh [PHASE]   (PHASE: register (default), raw, raw1, small, large)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
phase=${1:-register}
log=$(mktemp -d /tmp/recruit-bench-statements.XXXXXX)
export RECRUIT_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
# In a process group of its own: if this script ends early, the benchmark and its servers end with it (its EXIT trap
# stops the servers it started).
setsid bench/run-contracts.sh 1 -- --seconds 30 --phases "$phase" --small 1000 --large 1000 >"$log/out" 2>"$log/err" &
bench=$!
trap 'kill -TERM -- -"$bench" 2>/dev/null || true; rm -rf "$log"' EXIT
until grep -q "warm-up" "$log/err" 2>/dev/null; do
  kill -0 "$bench" 2>/dev/null || { cat "$log/err" >&2; exit 1; }
  sleep 1
done
port=$(sed -n 's/.*PostgreSQL on 127.0.0.1:\([0-9]*\).*/\1/p' "$log/err")
psql=("$(servers_pg_bin psql)" -h 127.0.0.1 -p "$port" -U recruit -d postgres -X -q)
"${psql[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
sleep 8 # the warm-up line comes when it ends, or before the JIT has settled: wait into the timed window
"${psql[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
sleep 15
"${psql[@]}" -c "
  SELECT calls, round(total_exec_time::numeric) AS exec_ms, round((1000 * total_exec_time / calls)::numeric) AS us_per_call,
         rows, shared_blks_hit + shared_blks_read AS buffers, wal_records,
         left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS statement
  FROM pg_stat_statements WHERE calls > 10 ORDER BY total_exec_time DESC LIMIT 20"
wait "$bench"
grep "^round" "$log/err"
