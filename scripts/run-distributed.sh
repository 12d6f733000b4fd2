#!/usr/bin/env bash
# The distributed mode on this machine: PostgreSQL (one database per service), RabbitMQ and the three services as
# separate processes, configured like docker-compose.yml (the same ports, the same settings, secrets generated here).
#
#   scripts/run-distributed.sh          build, start everything, wait until each service reports SERVING on
#                                       grpc.health.v1, print the endpoints, and stay in the foreground;
#                                       Ctrl-C stops everything it started
#   scripts/run-distributed.sh stop     stops a run started from another terminal (everything it started, by PID)
#
# PostgreSQL and RabbitMQ are throwaway servers on free loopback ports (scripts/lib/servers.sh); their data lives in
# $RECRUIT_RUN_DIR (default /tmp/recruit-distributed) until the run stops. Service logs: $RECRUIT_RUN_DIR/<service>.log.
# The services listen where docker-compose.yml puts them: gRPC 5101 (Licensing), 5102 (WorkerContracts),
# 5103 (FeeAudits); JSON 5181, 5182, 5183.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run_dir=${RECRUIT_RUN_DIR:-/tmp/recruit-distributed}
pid_file="$run_dir/run.pid"

if [[ ${1:-} == stop ]]; then
  if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    pid=$(cat "$pid_file")
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { echo "stopped"; exit 0; }; sleep 1; done
    echo "the run (PID $pid) did not stop within 60 s" >&2; exit 1
  fi
  echo "no distributed run is going (no live PID in $pid_file)"; exit 0
elif [[ $# -gt 0 ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2
fi

if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "a distributed run is already going (PID $(cat "$pid_file")); scripts/run-distributed.sh stop ends it" >&2; exit 1
fi

source scripts/lib/servers.sh
rm -rf "$run_dir"; mkdir -p "$run_dir"
echo $$ > "$pid_file"

service_pids=()
stop_all() {
  trap - EXIT INT TERM
  echo "stopping…" >&2
  for pid in "${service_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${service_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers_stop
  rm -f "$pid_file"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

servers_init "$run_dir/servers"
servers_start_postgres
servers_start_rabbitmq

echo "building the three hosts, the portal and the console…" >&2
for host in Licensing/RecruitRegistry.Licensing.Host WorkerContracts/RecruitRegistry.WorkerContracts.Host FeeAudits/RecruitRegistry.FeeAudits.Host Portal/RecruitRegistry.Portal.Host Console/RecruitRegistry.AuthorityConsole.Host; do
  dotnet build "services/$host" -c Release -nologo -v quiet >"$run_dir/build.log" 2>&1 \
    || { cat "$run_dir/build.log" >&2; exit 1; }
done

# Secrets, as docker-compose.yml takes them from the environment: given, or generated for this run.
signing_key=${RECRUIT_SIGNING_KEY:-$(head -c 32 /dev/urandom | base64)}
contracts_key=${RECRUIT_CONTRACTS_SECRET_KEY:-$(head -c 32 /dev/urandom | base64)}
# The standalone host's token command signs with <data-dir>/dev-signing-key: the run's key, so its tokens work here.
printf '%s\n' "$signing_key" > "$run_dir/dev-signing-key"; chmod 600 "$run_dir/dev-signing-key"

# start NAME PROJECT GRPC_PORT HTTP_PORT SECTION DATABASE
start() {
  local name=$1 project=$2 grpc=$3 http=$4 section=$5 database=$6
  (
    export Platform__Transport=RabbitMq Platform__RabbitMq__Host=127.0.0.1 Platform__RabbitMq__Port="$RECRUIT_RABBITMQ_PORT"
    export Auth__SigningKey="$signing_key" WorkerContracts__SecretKey="$contracts_key"
    export Platform__GrpcReflection=true # a local run: any gRPC client lists the services (off by default in the hosts)
    # The portal (on loopback) forwards each worker's address: the per-client limits count workers, not the portal.
    export Platform__ForwardedHeaders__Enabled=true Platform__ForwardedHeaders__KnownProxies__0=127.0.0.1
    export Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$grpc" Kestrel__Endpoints__Http__Url="http://127.0.0.1:$http"
    export "${section}__Database__Provider=Postgres"
    export "${section}__Database__ConnectionString=Host=127.0.0.1;Port=$RECRUIT_PG_PORT;Database=$database;Username=recruit"
    cd "$root/services/$project/bin/Release/net10.0"
    exec dotnet "$(basename "$project").dll"
  ) >"$run_dir/$name.log" 2>&1 &
  service_pids+=($!)
}

# SERVING on grpc.health.v1 (the overall status: the database, the bus), asked with curl over HTTP/2.
serving() {
  printf '\x00\x00\x00\x00\x00' | curl -s --max-time 2 --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary @- "http://127.0.0.1:$1/grpc.health.v1.Health/Check" 2>/dev/null | od -An -tx1 | tr -d ' \n' | grep -q '00000000020801'
}

start licensing Licensing/RecruitRegistry.Licensing.Host 5101 5181 Licensing licensing
start contracts WorkerContracts/RecruitRegistry.WorkerContracts.Host 5102 5182 WorkerContracts contracts
start feeaudits FeeAudits/RecruitRegistry.FeeAudits.Host 5103 5183 FeeAudits feeaudits

# The worker portal: pages over the three services' gRPC ports, no data of its own.
(
  export Portal__Licensing=http://127.0.0.1:5101 Portal__WorkerContracts=http://127.0.0.1:5102 Portal__FeeAudits=http://127.0.0.1:5103
  export Portal__KeysDirectory="$run_dir/portal-keys" Kestrel__Endpoints__Http__Url=http://127.0.0.1:5190
  cd "$root/services/Portal/RecruitRegistry.Portal.Host/bin/Release/net10.0"
  exec dotnet RecruitRegistry.Portal.Host.dll
) >"$run_dir/portal.log" 2>&1 &
service_pids+=($!)

# The authority console: a local run is a Development host, so it offers its development sign-in (a role and a country,
# marked on every page) and signs each call with the run's key; with an OpenID Connect issuer, set Auth__Authority.
(
  export ASPNETCORE_ENVIRONMENT=Development Auth__SigningKey="$signing_key"
  export Console__Licensing=http://127.0.0.1:5101 Console__WorkerContracts=http://127.0.0.1:5102 Console__FeeAudits=http://127.0.0.1:5103
  export Console__KeysDirectory="$run_dir/console-keys" Kestrel__Endpoints__Http__Url=http://127.0.0.1:5191
  cd "$root/services/Console/RecruitRegistry.AuthorityConsole.Host/bin/Release/net10.0"
  exec dotnet RecruitRegistry.AuthorityConsole.Host.dll
) >"$run_dir/console.log" 2>&1 &
service_pids+=($!)

names=(licensing contracts feeaudits portal console); ports=(5101 5102 5103)
deadline=$((SECONDS + 120))
for i in 0 1 2; do
  until serving "${ports[$i]}"; do
    if ! kill -0 "${service_pids[$i]}" 2>/dev/null || (( SECONDS >= deadline )); then
      echo "${names[$i]} did not report SERVING; its log ($run_dir/${names[$i]}.log) ends:" >&2
      tail -30 "$run_dir/${names[$i]}.log" >&2; exit 1
    fi
    sleep 1
  done
done
for i in 3 4; do
  port=$((5190 + i - 3))
  until curl -sf --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null; do
    if ! kill -0 "${service_pids[$i]}" 2>/dev/null || (( SECONDS >= deadline )); then
      echo "the ${names[$i]} did not answer; its log ($run_dir/${names[$i]}.log) ends:" >&2; tail -30 "$run_dir/${names[$i]}.log" >&2; exit 1
    fi
    sleep 1
  done
done

cat <<EOF

RecruitRegistry, distributed: every service SERVING.
  Licensing        gRPC 127.0.0.1:5101   JSON http://127.0.0.1:5181   PID ${service_pids[0]}
  WorkerContracts  gRPC 127.0.0.1:5102   JSON http://127.0.0.1:5182   PID ${service_pids[1]}
  FeeAudits        gRPC 127.0.0.1:5103   JSON http://127.0.0.1:5183   PID ${service_pids[2]}
  Worker portal    http://127.0.0.1:5190 (a browser)                PID ${service_pids[3]}
  Console          http://127.0.0.1:5191/console (development sign-in) PID ${service_pids[4]}
  PostgreSQL       127.0.0.1:$RECRUIT_PG_PORT (databases licensing, contracts, feeaudits; user recruit)
  RabbitMQ         127.0.0.1:$RECRUIT_RABBITMQ_PORT
Tokens: tools/RecruitRegistry.Ctl/bin/Debug/net10.0/recruitctl token --role authority --country NP --data-dir $run_dir
        (after dotnet build tools/RecruitRegistry.Ctl; docs/recruitctl.md)
Logs in $run_dir. Ctrl-C, or scripts/run-distributed.sh stop, stops everything.
EOF

# In the foreground until stopped; a service that dies ends the run.
while true; do
  for i in 0 1 2 3; do
    if ! kill -0 "${service_pids[$i]}" 2>/dev/null; then
      echo "${names[$i]} exited; its log ends:" >&2; tail -20 "$run_dir/${names[$i]}.log" >&2; exit 1
    fi
  done
  sleep 2
done
