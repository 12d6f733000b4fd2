#!/usr/bin/env bash
# Runs every test of RecruitRegistry against real servers: starts a throwaway PostgreSQL cluster and RabbitMQ node
# on free loopback ports (installing rabbitmq-server with apt-get if it is missing, and Debian's chromium with the Noto
# fonts for the worker portal's browser tests), runs `dotnet test` on the
# whole solution, stops both servers whatever happens, and ends with the line "tests: N passed, M failed".
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Outbox]
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/servers.sh

run_dir=$(mktemp -d /tmp/recruit-test.XXXXXX)
chmod 755 "$run_dir" # the servers run as the postgres and rabbitmq users
servers_init "$run_dir/servers"
trap servers_stop EXIT
trap 'exit 130' INT TERM

fail() { echo "test.sh: $*" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }

# The worker portal's tests drive Debian's chromium (Playwright's own browser download is not reachable here), with
# the Noto fonts of the portal's scripts (Devanagari, Bengali, Sinhala, Arabic, Nastaliq).
ensure_browser() {
  [[ -x /usr/bin/chromium ]] && dpkg -s fonts-noto-core >/dev/null 2>&1 && return 0
  [[ $(id -u) -eq 0 ]] || { echo "test.sh: chromium or fonts-noto-core is missing and we are not root: apt-get install chromium fonts-noto-core" >&2; return 1; }
  echo "test.sh: installing chromium and fonts-noto-core (apt-get)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-core) \
    >"$run_dir/apt-browser.log" 2>&1 || { tail -20 "$run_dir/apt-browser.log" >&2; return 1; }
}
ensure_browser || fail "chromium could not be installed"
export RECRUIT_CHROMIUM=/usr/bin/chromium
# The portal tests keep a screenshot of each page they check there (the README's come from it).
export RECRUIT_PORTAL_SCREENSHOTS="$run_dir/screenshots"

servers_start_postgres || fail "PostgreSQL could not be started"
# The management plugin's HTTP API creates and deletes each test's virtual host in milliseconds; rabbitmqctl takes
# about 1.5 s of CPU per call (it boots an Erlang VM), three calls per test.
SERVERS_RABBITMQ_MANAGEMENT=1 servers_start_rabbitmq || fail "RabbitMQ could not be started"

dotnet build RecruitRegistry.sln -c Release -warnaserror -nologo -v quiet || fail "the build failed"

# One test project at a time: fault tests stop and restart the shared servers (RabbitMQ, PostgreSQL), which
# would break another project's tests running beside them. Inside a project, tests on the servers share one
# xunit collection and so run one at a time too.
results="$run_dir/results"
# The fault suite (tests/RecruitRegistry.EndToEnd.Tests) appends a row per fault: the table of docs/reliability.md.
export RECRUIT_RELIABILITY_REPORT="$run_dir/reliability.md"
# ... and keeps each service's log of each fault there, for a look at a slow run afterwards.
export RECRUIT_FAULT_LOGS="$run_dir/fault-logs"
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
done

if [[ -s $RECRUIT_RELIABILITY_REPORT ]]; then
  echo "fault suite (docs/reliability.md):"
  echo "| fault | operations | answers | lost | duplicated | time to converge |"
  echo "|---|---|---|---|---|---|"
  cat "$RECRUIT_RELIABILITY_REPORT"
  echo "the services' logs of each fault: $RECRUIT_FAULT_LOGS"
fi
if compgen -G "$RECRUIT_PORTAL_SCREENSHOTS/*.png" >/dev/null; then
  echo "the worker portal's screenshots: $RECRUIT_PORTAL_SCREENSHOTS"
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if (( failed > 0 )); then
  # The failures again, at the end, where a CI log's tail shows them (the console logger printed them mid-stream).
  echo "failed tests:"
  for trx in "$results"/*.trx; do
    [[ -f $trx ]] || continue
    awk '
      /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
      want && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print "  " name ": " substr($0, 1, 400); want = 0 }
    ' "$trx" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
  done
fi
if (( status != 0 && failed == 0 )); then
  echo "test.sh: dotnet test exited with $status although no test reported a failure (a test host crashed?)" >&2
  failed=1
fi
echo "tests: $passed passed, $failed failed"
(( status == 0 && failed == 0 ))
