#!/usr/bin/env bash
# One command for the wake-up benchmarks of issue 5 (docs/benchmarks.md, "Wake-ups: bulk, latency, heap"):
#   ear/src/test/benchmarks/benchmark-wake.sh [h2|postgresql|cluster] [subnets] [sleepingPerSubnet] [latencyRequests]
# cluster (issue 13, docs/benchmarks.md "The cluster against one server"): instead of the single server, the cluster of
# wildfly-config/cluster.sh (the standalone broker pair, two nodes of the HA configuration on PostgreSQL database
# reveille_bench_cluster, agent listeners 127.0.0.1 and 127.0.0.2); the bulk goes to the pair, the agents know both
# nodes, the REST calls and the heap figures are the first node's, the CPU account adds up both nodes and the brokers.
# Builds and provisions the server (tests skipped), then, holding /tmp/reveille-it.lock (the lock every WildFly run
# and PostgreSQL user on this machine takes), boots it with the EAR deployed and runs WakeBenchmark against it on
# loopback: a simulated fleet of 2,000 subnets x (2 agents + 50 sleeping machines) from 127.120.0.0, one bulk JMS
# wake of all 100,000 sleeping machines, 1,000 single wake-ups, the server heap throughout. It stops the server and
# removes its data afterwards. The server runs with the JVM options of bin/standalone.conf (no JAVA_OPTS) unless
# JBOSS_JAVA_SIZING is set, e.g. JBOSS_JAVA_SIZING="-Xms64m -Xmx1g". The last three arguments make it small: the build's
# smoke run (ear/src/test/benchmarks/benchmark-smoke.sh) uses 4 subnets x 3 sleeping machines and 5 single wake-ups. WAKE_BENCH_JFR=/tmp/bulk.jfr records the bulk
# phase on the server with Java Flight Recorder (profile settings), WAKE_BENCH_JFR_LATENCY=/tmp/latency.jfr the latency
# phase; WAKE_BENCH_ROUNDS (default 2) is how many bulk wakes of every machine run: the first after the boot (cold) and
# then warm ones; WAKE_BENCH_LATENCY_ROUNDS (default 4) how many passes of single wake-ups (the last is the warm figure);
# WAKE_BENCH_PAIRED=1 pairs every subnet with an "unauthenticated" subnet (issue 16: two packets per target, both
# observed; docs/benchmarks.md "Paired subnets"). More than 100,000 machines
# go as one JMS message per 100,000. The 1,000,000-machine run of issue 12 (docs/benchmarks.md):
#   WAKE_BENCH_AGENTS_PER_SUBNET=1 WAKE_BENCH_ROUNDS=1 ear/src/test/benchmarks/benchmark-wake.sh postgresql 4100 244
# The boot/stop part repeats benchmark-server.sh on purpose (a separate script keeps the two benchmarks' branches
# apart); keep the two in step.
set -euo pipefail
# fail loudly: any failing step names itself (a bare exit status once hid a failed classpath resolution)
trap 'status=$?; echo "benchmark-wake.sh: FAILED (exit $status) at line $LINENO: $BASH_COMMAND" >&2' ERR
case "${1:-h2}" in h2|postgresql|cluster) ;; *) echo "benchmark-wake.sh: the first argument is h2, postgresql or cluster, not '$1'" >&2; exit 2 ;; esac
db=${1:-h2} subnets=${2:-2000} sleeping=${3:-50} latency=${4:-1000}
top=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$top"
lock=/tmp/reveille-it.lock
if [ -z "${REVEILLE_BENCH_LOCKED:-}" ]; then
    # One reactor build packages every module and, in the same run, writes the benchmark's classpath
    # (ear/target/wake-benchmark.classpath, execution wake-benchmark-classpath of ear/pom.xml): the reactor supplies
    # this work tree's modules, so a fresh clone needs no earlier `install`.
    [ "${SKIP_BUILD:-}" = 1 ] || ./mvnw -q -pl ear -am package -DskipTests
    echo "waiting for $lock ..."
    REVEILLE_BENCH_LOCKED=1 exec flock "$lock" "$0" "$@"
fi
[ -s ear/target/wake-benchmark.classpath ] && [ -f ear/target/reveille.ear ] \
    || { echo "benchmark-wake.sh: ear/target/reveille.ear or ear/target/wake-benchmark.classpath is missing: run it without SKIP_BUILD=1 once (or ./mvnw -pl ear -am package -DskipTests)" >&2; exit 1; }
home=$top/ear/target/server/wildfly-39.0.1.Final
cp=$(cat ear/target/wake-benchmark.classpath)
data=$(mktemp -d /tmp/reveille-bench-wake.XXXXXX)
start=$(date +%s%N)
if [ "$db" = cluster ]; then
    cluster=$data/cluster
    stop() {
        bash wildfly-config/cluster.sh stop --dir "$cluster" > /dev/null 2>&1 || true
        [ -z "${KEEP_LOG:-}" ] || cp "$cluster/node-1/log/server.log" "$KEEP_LOG" 2>/dev/null || true
        rm -rf "$data"
    }
    trap stop EXIT
    bash ear/src/test/scripts/reset-postgresql.sh reveille_bench_cluster
    bash wildfly-config/cluster.sh start --home "$top/ear/target/server/remote-broker/wildfly-39.0.1.Final" \
        --ear ear/target/reveille.ear --artemis-home "$top/ear/target/server/apache-artemis-2.56.0" --dir "$cluster" \
        --database reveille_bench_cluster > "$data/cluster.out" 2>&1 \
        || { echo "benchmark-wake.sh: the cluster did not start:" >&2; cat "$data/cluster.out" >&2; exit 1; }
    key=$cluster/reveille-agent.key
    pids=$(cat "$cluster/node-1/server.pid"),$(cat "$cluster/node-2/server.pid")
    export WAKE_BENCH_BROKER=tcp://127.0.0.1:61616 WAKE_BENCH_LISTENERS=127.0.0.1,127.0.0.2 \
        WAKE_BENCH_BROKER_PIDS=$(cat "$cluster/brokers/primary/data/artemis.pid"),$(cat "$cluster/brokers/backup/data/artemis.pid")
    echo "cluster (broker pair, PostgreSQL, two nodes) until both nodes' /health/ready are UP: $(( ($(date +%s%N) - start) / 1000000 )) ms"
else
    args=(-Dreveille.agent-listener.bind=127.0.0.1)
    if [ "$db" = postgresql ]; then
        bash ear/src/test/scripts/reset-postgresql.sh reveille_bench
        args+=(-Dreveille.db.kind=postgresql -Dreveille.db.url=jdbc:postgresql://127.0.0.1:5432/reveille_bench
               -Dreveille.db.user=reveille_bench -Dreveille.db.password=reveille_bench)
    fi
    cp ear/target/reveille.ear "$home/standalone/deployments/"
    stop() {
        [ -f "$data/server.pid" ] && kill "$(cat "$data/server.pid")" 2>/dev/null
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
    echo "boot + deploy until /health/ready is UP: $(( ($(date +%s%N) - start) / 1000000 )) ms ($db)"
    key=$data/reveille-agent.key
    pids=$(cat "$data/server.pid")
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# the simulator binds 127.x.y.255 and so needs dual-stack sockets: no -Djava.net.preferIPv4Stack=true here
# WAKE_BENCH_FLEET_JFR=/tmp/fleet.jfr records this JVM (the simulated fleet and the benchmark) for the whole run;
# WAKE_BENCH_FLEET_JAVA_OPTS adds options to it
java -Xmx2g ${WAKE_BENCH_FLEET_JFR:+-XX:StartFlightRecording=filename=$WAKE_BENCH_FLEET_JFR,settings=profile} \
    ${WAKE_BENCH_FLEET_JAVA_OPTS:-} \
    -cp "$cp" ear/src/test/benchmarks/WakeBenchmark.java http://127.0.0.1:8080 \
    "$key" "$pids" "$subnets" "$sleeping" "$latency"
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
