#!/usr/bin/env bash
# Throwaway PostgreSQL and RabbitMQ servers on free loopback ports, for tests, benchmarks and the distributed run.
# Source it, then:
#   servers_init DIR            where data, logs and the env file go (deleted by servers_stop unless KEEP_SERVERS_DIR=1)
#   servers_start_postgres      exports RECRUIT_PG_PORT, RECRUIT_TEST_POSTGRES (an admin connection string)
#   servers_start_rabbitmq      exports RECRUIT_RABBITMQ_PORT, RECRUIT_TEST_RABBITMQ (host:port), RECRUIT_RABBITMQCTL (a wrapper);
#                               with SERVERS_RABBITMQ_MANAGEMENT=1 also the management plugin, on loopback, and
#                               RECRUIT_RABBITMQ_MANAGEMENT (its HTTP API's base address)
#   servers_stop                stops exactly what was started here, by PID (call it from an EXIT trap)
# Ports are chosen below 32768: the ephemeral range starts there, and a server port in it can be taken by an
# outgoing connection at any moment (see ../shared/MACHINE.md).

SERVERS_DIR=""
SERVERS_PG_DATA=""
SERVERS_RABBIT_PID=""
SERVERS_EPMD_PORT=""

servers_log() { echo "[servers] $*" >&2; }

# A TCP port in [20000, 32000) that nothing listens on now.
servers_free_port() {
  local port tries=0
  while (( tries < 200 )); do
    port=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && ! ss -ltnH 2>/dev/null | awk '{print $4}' | grep -q ":$port\$"; then
      echo "$port"; return 0
    fi
    tries=$((tries + 1))
  done
  servers_log "no free port found"; return 1
}

servers_init() {
  SERVERS_DIR=$1
  mkdir -p "$SERVERS_DIR"
  chmod 755 "$SERVERS_DIR"
  : > "$SERVERS_DIR/servers.env"
  export RECRUIT_SERVERS_ENV="$SERVERS_DIR/servers.env"
}

servers_export() {
  export "$1=$2"
  printf 'export %s=%q\n' "$1" "$2" >> "$SERVERS_DIR/servers.env"
}

# Runs a command as the given system user when we are root (initdb refuses root), as ourselves otherwise.
servers_as() {
  local user=$1; shift
  if [[ $(id -u) -eq 0 ]]; then
    su "$user" -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

servers_pg_bin() {
  local tool=$1
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
  local found; found=$(ls -d /usr/lib/postgresql/*/bin/"$tool" 2>/dev/null | sort -V | tail -n 1)
  [[ -n $found ]] || { servers_log "PostgreSQL's $tool is not installed (apt-get install postgresql)"; return 1; }
  echo "$found"
}

servers_start_postgres() {
  local initdb pg_ctl port
  initdb=$(servers_pg_bin initdb) && pg_ctl=$(servers_pg_bin pg_ctl) || return 1
  port=$(servers_free_port) || return 1
  SERVERS_PG_DATA="$SERVERS_DIR/postgres"
  mkdir -p "$SERVERS_PG_DATA"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$SERVERS_PG_DATA"
  servers_as postgres "$initdb" -D "$SERVERS_PG_DATA" -A trust -U recruit -E UTF8 --no-instructions >"$SERVERS_DIR/initdb.log" 2>&1 \
    || { servers_log "initdb failed:"; cat "$SERVERS_DIR/initdb.log" >&2; return 1; }
  # Enough connections for parallel tests and benchmarks; fsync stays on: tests see real durability.
  # RECRUIT_PG_OPTIONS adds server options for profiling, e.g. "-c shared_preload_libraries=pg_stat_statements".
  servers_as postgres "$pg_ctl" -D "$SERVERS_PG_DATA" -w -t 60 -l "$SERVERS_PG_DATA/server.log" \
    -o "-p $port -k $SERVERS_PG_DATA -c listen_addresses=127.0.0.1 -c max_connections=500 ${RECRUIT_PG_OPTIONS:-}" start >/dev/null \
    || { servers_log "PostgreSQL did not start:"; cat "$SERVERS_PG_DATA/server.log" >&2; return 1; }
  servers_export RECRUIT_PG_PORT "$port"
  servers_export RECRUIT_PG_DATA "$SERVERS_PG_DATA"
  servers_export RECRUIT_PG_CTL "$pg_ctl"
  servers_export RECRUIT_TEST_POSTGRES "Host=127.0.0.1;Port=$port;Username=recruit;Database=postgres"
  servers_log "PostgreSQL on 127.0.0.1:$port (data $SERVERS_PG_DATA)"
}

servers_ensure_rabbitmq_installed() {
  command -v rabbitmq-server >/dev/null 2>&1 && return 0
  servers_log "installing rabbitmq-server (apt-get)"
  if [[ $(id -u) -ne 0 ]]; then servers_log "rabbitmq-server is missing and we are not root: apt-get install rabbitmq-server"; return 1; fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server) >"$SERVERS_DIR/apt.log" 2>&1 \
    || { servers_log "apt-get install rabbitmq-server failed:"; tail -20 "$SERVERS_DIR/apt.log" >&2; return 1; }
  # The package starts a default node on 5672; we use our own throwaway node, so stop theirs if it runs.
  if command -v systemctl >/dev/null 2>&1; then systemctl stop rabbitmq-server >/dev/null 2>&1 || true; fi
}

servers_start_rabbitmq() {
  servers_ensure_rabbitmq_installed || return 1
  local dir="$SERVERS_DIR/rabbitmq" port dist epmd node management=""
  port=$(servers_free_port) || return 1
  dist=$(servers_free_port) || return 1
  epmd=$(servers_free_port) || return 1
  node="recruit$$@localhost"
  mkdir -p "$dir/mnesia" "$dir/log" "$dir/home"
  cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users = none
CONF
  if [[ ${SERVERS_RABBITMQ_MANAGEMENT:-0} == 1 ]]; then
    management=$(servers_free_port) || return 1
    printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$management" >> "$dir/rabbitmq.conf"
    echo "[rabbitmq_management]." > "$dir/enabled_plugins"
  else
    echo "[]." > "$dir/enabled_plugins"
  fi
  # A quorum queue reports its depth to rabbitmqctl list_queues (and the management API) only on its Raft tick, every
  # 5 s by default: a drained queue would still show messages for up to 5 s. RabbitMQ's own test suites tick at 256 ms.
  echo "[{rabbit, [{quorum_tick_interval, 250}]}]." > "$dir/advanced.config"
  [[ $(id -u) -eq 0 ]] && chown -R rabbitmq:rabbitmq "$dir"
  # Every variable the node and rabbitmqctl need, in a wrapper that tests and scripts call.
  cat > "$dir/env.sh" <<ENV
export RABBITMQ_NODENAME=$node
export RABBITMQ_MNESIA_BASE=$dir/mnesia
export RABBITMQ_LOG_BASE=$dir/log
export RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf
export RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config
export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins
export RABBITMQ_DIST_PORT=$dist
export ERL_EPMD_PORT=$epmd
export HOME=$dir/home
ENV
  cat > "$dir/rabbitmqctl" <<CTL
#!/usr/bin/env bash
source "$dir/env.sh"
exec rabbitmqctl -n "$node" "\$@"
CTL
  chmod 755 "$dir/rabbitmqctl"
  [[ $(id -u) -eq 0 ]] && chown -R rabbitmq:rabbitmq "$dir"
  SERVERS_EPMD_PORT=$epmd
  ( source "$dir/env.sh"; exec rabbitmq-server ) >"$dir/server.out" 2>&1 &
  SERVERS_RABBIT_PID=$!
  # await_startup fails at once while the node is not yet registered with epmd: ask again until a deadline.
  local deadline=$((SECONDS + 90))
  until "$dir/rabbitmqctl" await_startup --timeout 30 >/dev/null 2>&1; do
    if (( SECONDS >= deadline )) || ! kill -0 "$SERVERS_RABBIT_PID" 2>/dev/null; then
      servers_log "RabbitMQ did not start:"; tail -30 "$dir/server.out" >&2; tail -30 "$dir"/log/*.log >&2 2>/dev/null
      return 1
    fi
    sleep 1
  done
  servers_export RECRUIT_RABBITMQ_PORT "$port"
  servers_export RECRUIT_TEST_RABBITMQ "127.0.0.1:$port"
  servers_export RECRUIT_RABBITMQCTL "$dir/rabbitmqctl"
  [[ -n $management ]] && servers_export RECRUIT_RABBITMQ_MANAGEMENT "http://127.0.0.1:$management/"
  servers_log "RabbitMQ on 127.0.0.1:$port (node $node)"
}

servers_stop() {
  if [[ -n $SERVERS_RABBIT_PID ]]; then
    "$SERVERS_DIR/rabbitmq/rabbitmqctl" stop >/dev/null 2>&1 || kill "$SERVERS_RABBIT_PID" 2>/dev/null || true
    wait "$SERVERS_RABBIT_PID" 2>/dev/null || true
    # The epmd that our node started listens on our own port; stop only that one.
    if [[ -n $SERVERS_EPMD_PORT ]]; then ERL_EPMD_PORT=$SERVERS_EPMD_PORT epmd -kill >/dev/null 2>&1 || true; fi
    SERVERS_RABBIT_PID=""
  fi
  if [[ -n $SERVERS_PG_DATA && -f $SERVERS_PG_DATA/postmaster.pid ]]; then
    servers_as postgres "$(servers_pg_bin pg_ctl)" -D "$SERVERS_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  SERVERS_PG_DATA=""
  if [[ -n $SERVERS_DIR && ${KEEP_SERVERS_DIR:-0} != 1 ]]; then rm -rf "$SERVERS_DIR"; fi
}
