#!/usr/bin/env bash
# Shared by the bench/run-*.sh scripts: throwaway servers for one benchmark run, and medians.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/servers.sh"

# bench_servers postgres [rabbitmq]: starts them under a fresh directory; they stop when the script exits.
bench_servers() {
  BENCH_RUN_DIR=$(mktemp -d /tmp/recruit-bench.XXXXXX); chmod 755 "$BENCH_RUN_DIR"
  servers_init "$BENCH_RUN_DIR/servers"
  trap 'servers_stop; rmdir "$BENCH_RUN_DIR" 2>/dev/null || true' EXIT
  for server in "$@"; do "servers_start_$server"; done
}

# Median of the numbers on standard input, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# bench_values NAME RESULT...: the NAME=<number> of each result line, one a line.
bench_values() {
  local name=$1; shift
  for r in "$@"; do sed -n "s/.*\\b$name=\\([0-9.]*\\).*/\\1/p" <<<"$r"; done
}

# bench_field NAME RESULT...: the median of NAME over the result lines.
bench_field() { bench_values "$@" | median; }

# bench_rounds NAME RESULT...: NAME of each result line, as "r1, r2, r3" (a per-round cell of the tables).
bench_rounds() { bench_values "$@" | paste -sd, | sed 's/,/, /g'; }

# bench_ratio A B RESULT...: 100*A/B for each result line, as "r1%, r2% | median m%" (a ratio row of the tables).
bench_ratio() {
  local a=$1 b=$2; shift 2
  local values
  values=$(for r in "$@"; do
    awk -v a="$(bench_values "$a" "$r")" -v b="$(bench_values "$b" "$r")" \
      'BEGIN { printf "%.0f\n", 100 * a / b }'
  done)
  echo "$(echo $values | sed 's/ /%, /g')% | median $(median <<<"$values")%"
}
