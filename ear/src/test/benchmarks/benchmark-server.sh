#!/usr/bin/env bash
# One command for the server benchmarks (docs/benchmarks.md):
#   ear/src/test/benchmarks/benchmark-server.sh [h2|postgresql] [inventory|discovery|poll|heartbeat|hostile|all] [size] [seconds]
#   ear/src/test/benchmarks/benchmark-server.sh [h2|postgresql] [machines]      (the inventory suite, as before)
# size: machines (inventory, default 100000), subnets (discovery 1000, poll 50000, heartbeat 10000); seconds: the
# heartbeat measurement (default 60). The build's smoke run (benchmark-smoke.sh) passes tiny ones.
# Builds and provisions the server (tests skipped; SKIP_BUILD=1 skips this), then for each suite boots a fresh
# server with fresh data and the EAR deployed, times boot + deploy, runs the suite's client on 127.0.0.1 and stops
# the server:
#   inventory  InventoryBenchmark: upsert of 100,000 machines, then name look-ups
#   discovery  AgentListBenchmark: 1,000 simulated subnets found by ONE Agent State Manager poll
#   poll       AgentListBenchmark: Agent State Manager polls over 50,000 subnets
#   heartbeat  AgentListBenchmark: 20,000 registered agents heartbeating once a minute, server CPU per thread from
#              /proc: HEARTBEAT_WARMUP_ROUNDS (1) rounds open the agents' kept connections, HEARTBEAT_ROUNDS (3) more are measured (per
#              heartbeat, median of the rounds, with and without the JIT compiler threads), then an idle interval;
#              HEARTBEAT_CONNECTIONS=new sends each heartbeat on a new connection instead (agents before issue 12)
#   hostile    AgentListBenchmark: 1,000 idle or trickling connections from 10 loopback addresses held for 60 s
#              while 2,000 registered agents heartbeat (3 each); p99 round trip, refused and lost heartbeats
#              (HOSTILE_ARGS="subnets hostile sources seconds per-agent" overrides 1000 1000 10 60 3)
# PostgreSQL: the local server on 127.0.0.1:5432 with trust authentication; every suite gets a fresh database
# reveille_bench. With BENCH_LOCK=FILE every suite runs under `flock FILE` (taken per suite, not for all of them),
# so that it never shares the ports or the database with another server run.
# SERVER_OPTS="-Dreveille.agent-listener.gather-ms=0" passes system properties to the server.
# SERVER_TREE=DIR boots the server built in another checkout (e.g. `git worktree add /tmp/before main`, for a figure
# before a change) while the benchmark client and its simulator jar come from this one.
set -euo pipefail
# fail loudly: any failing step names itself
trap 'status=$?; echo "benchmark-server.sh: FAILED (exit $status) at line $LINENO: $BASH_COMMAND" >&2' ERR
db=${1:-h2}
suite=${2:-inventory}
size=${3:-}
seconds=${4:-60}
if [[ $suite =~ ^[0-9]+$ ]]; then size=$suite suite=inventory; fi
[ -z "$size" ] || [[ $size =~ ^[1-9][0-9]*$ ]] || { echo "size must be a positive number, not $size" >&2; exit 2; }
case $db in h2|postgresql) ;; *) echo "database must be h2 or postgresql, not $db" >&2; exit 2 ;; esac
case $suite in inventory|discovery|poll|heartbeat|hostile|all) ;; *) echo "unknown suite $suite" >&2; exit 2 ;; esac
top=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$top"
server_top=${SERVER_TREE:-$top}
if [ "${SKIP_BUILD:-}" != 1 ]; then
    ./mvnw -q -pl ear -am package -DskipTests
    [ "$server_top" = "$top" ] || (cd "$server_top" && ./mvnw -q -pl ear -am package -DskipTests)
fi
export SKIP_BUILD=1

if [ "$suite" = all ]; then
    for s in inventory discovery poll heartbeat hostile; do
        "$0" "$db" "$s" $size ${size:+"$seconds"}
    done
    exit 0
fi
if [ -n "${BENCH_LOCK:-}" ]; then
    exec env -u BENCH_LOCK flock "$BENCH_LOCK" "$0" "$db" "$suite" $size ${size:+"$seconds"}
fi

home=$server_top/ear/target/server/wildfly-39.0.1.Final
jar=$top/agent-client/simulator/target/reveille-simulator.jar   # simulator, agent and protocol in one jar
if curl -s -o /dev/null http://127.0.0.1:8080/ || curl -s -o /dev/null http://127.0.0.1:9990/; then
    echo "another server is listening on 127.0.0.1:8080 or :9990; run under flock, or wait for it to stop" >&2
    exit 1
fi
data=$(mktemp -d /tmp/reveille-bench.XXXXXX)
args=()
if [ "$db" = postgresql ]; then
    bash ear/src/test/scripts/reset-postgresql.sh reveille_bench
    args=(-Dreveille.db.kind=postgresql -Dreveille.db.url=jdbc:postgresql://127.0.0.1:5432/reveille_bench
          -Dreveille.db.user=reveille_bench -Dreveille.db.password=reveille_bench)
fi
# SERVER_OPTS="-Dname=value ..." passes system properties to the server, e.g. -Dreveille.agent-listener.gather-ms=0
# shellcheck disable=SC2206
[ -z "${SERVER_OPTS:-}" ] || args+=($SERVER_OPTS)
cp "$server_top/ear/target/reveille.ear" "$home/standalone/deployments/"
start=$(date +%s%N)
stop() {
    if [ -f "$data/server.pid" ]; then
        local pid
        pid=$(cat "$data/server.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    wait 2>/dev/null || true
    [ -z "${KEEP_LOG:-}" ] || cp "$data/server.out" "$KEEP_LOG" 2>/dev/null || true
    rm -rf "$data" "$home"/standalone/deployments/reveille.ear*
}
trap stop EXIT
LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$data/server.pid" \
    "$home/bin/standalone.sh" -c standalone-full.xml -Djboss.server.data.dir="$data" "${args[@]}" > "$data/server.out" 2>&1 &
until curl -sf http://127.0.0.1:8080/health/ready >/dev/null; do
    sleep 0.2
    if [ $(( ($(date +%s%N) - start) / 1000000000 )) -gt 120 ]; then echo "server not ready in 120 s; its output:" >&2; grep -E "ERROR|WFLYSRV0010|REVEILLE" "$data/server.out" | head -20 >&2; exit 1; fi
done
echo "boot + deploy until /health/ready is UP: $(( ($(date +%s%N) - start) / 1000000 )) ms ($db, suite $suite)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"

pid=$(cat "$data/server.pid")
[ "$(cat "/proc/$pid/comm")" = java ] || { echo "pid $pid in $data/server.pid is not the server's JVM" >&2; exit 1; }
key=$data/reveille-agent.key   # the server keeps its agent key in its data directory
case $suite in
    inventory) java ear/src/test/benchmarks/InventoryBenchmark.java http://127.0.0.1:8080 "${size:-100000}" 5000 1000 ;;
    discovery) java -cp "$jar" ear/src/test/benchmarks/AgentListBenchmark.java discovery http://127.0.0.1:8080 "$key" "${size:-1000}" ;;
    poll)      java -cp "$jar" ear/src/test/benchmarks/AgentListBenchmark.java poll http://127.0.0.1:8080 "${size:-50000}" 5 ;;
    heartbeat) echo "open files limit: client $(ulimit -n), server $(awk '/Max open files/{print $4}' "/proc/$pid/limits");" \
                    "heartbeat connections: ${HEARTBEAT_CONNECTIONS:-kept}"
               java -cp "$jar" ear/src/test/benchmarks/AgentListBenchmark.java heartbeat http://127.0.0.1:8080 "$key" \
                   "$pid" "$(getconf CLK_TCK)" "${size:-10000}" "$seconds" $([ "$db" = postgresql ] && echo reveille_bench) ;;
    hostile)   echo "open files limit: $(ulimit -n)"
               # shellcheck disable=SC2086
               java -cp "$jar" ear/src/test/benchmarks/AgentListBenchmark.java hostile http://127.0.0.1:8080 "$key" \
                   ${HOSTILE_ARGS:-1000 1000 10 60 3} ;;
esac
