#!/usr/bin/env bash
# Runs every benchmark command of docs/benchmarks.md at a tiny size, so that none of them can silently break (issue
# 11, item 16): the agent benchmarks and the fleet simulator, then benchmark-server.sh (each suite) and
# benchmark-wake.sh, which boot their own WildFly on the ITs' fixed ports. Seconds per benchmark, not minutes; the
# figures it prints mean nothing. It expects a built tree (ear/target/reveille.ear, the provisioned server and
# ear/target/wake-benchmark.classpath): the build runs it in the ear module's post-integration-test phase, after
# failsafe stopped its servers (-Dreveille.bench.smoke.skip=true skips it). By hand, after a build:
#   flock /tmp/reveille-it.lock ear/src/test/benchmarks/benchmark-smoke.sh
# The caller holds the machine's server lock (/tmp/reveille-it.lock) or knows that no other server runs: the
# benchmarks are told not to take it again (it would wait for itself). Any failure stops it with the command named.
set -euo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$top"
bench=ear/src/test/benchmarks
current="(start)"
trap 'status=$?; echo "benchmark-smoke.sh: FAILED (exit $status): $current" >&2' ERR
run() { # DESCRIPTION COMMAND...: runs one benchmark, its output indented, and says how long it took
    current="$1: ${*:2}"
    echo "[bench-smoke] $current"
    local began=$SECONDS
    "${@:2}" 2>&1 | sed 's/^/    /'
    echo "[bench-smoke] ok in $(( SECONDS - began )) s"
}
for needed in agent-client/simulator/target/reveille-simulator.jar ear/target/reveille.ear ear/target/wake-benchmark.classpath; do
    [ -e "$needed" ] || { echo "benchmark-smoke.sh: $needed is missing; build first (./mvnw -pl ear -am package -DskipTests)" >&2; exit 1; }
done
export SKIP_BUILD=1 REVEILLE_BENCH_LOCKED=1
unset BENCH_LOCK
classes=agent-client/simulator/target/reveille-simulator.jar   # simulator, agent and protocol in one jar

# docs/benchmarks.md, "Agent, protocol and simulator"
run "magic packets" java -cp $classes org.reveille.bench.MagicPacketBenchmark 1000
run "magic packets through one agent" java -cp $classes org.reveille.bench.AgentWakeBenchmark 2
run "decoder" taskset -c 0 java -Xmx2g -cp $classes org.reveille.bench.DecoderBenchmark 20000
run "fleet simulator" bash -o pipefail -c "echo quit | /usr/bin/time -v java -Xmx2g -cp $classes org.reveille.sim.FleetSimulatorMain \
    --subnets 5 --first-subnet 127.100.0.0 --agents-per-subnet 2 --dead-per-subnet 1 \
    --sleeping-per-subnet 3 --server 127.0.0.1:41777 --wake-all"
run "agent footprint" java -cp $classes org.reveille.bench.AgentFootprintBenchmark 1

# "Agent list" and "Inventory": one server per suite
run "inventory suite" $bench/benchmark-server.sh h2 inventory 200
run "discovery suite" $bench/benchmark-server.sh h2 discovery 3
run "poll suite" $bench/benchmark-server.sh h2 poll 20
run "heartbeat suite" $bench/benchmark-server.sh h2 heartbeat 5 3
# 3 subnets (6 agents) heartbeating twice while 40 hostile connections from 2 addresses are held for 3 s
run "hostile suite" env HOSTILE_ARGS="3 40 2 3 2" REVEILLE_BENCH_SMOKE=1 $bench/benchmark-server.sh h2 hostile

# "Wake-ups": a bulk JMS wake of 4 subnets x 3 sleeping machines and 5 single wake-ups
run "wake benchmark" $bench/benchmark-wake.sh h2 4 3 5
# "Paired subnets": the same with every subnet paired (two packets per target, both received)
run "wake benchmark, paired subnets" env WAKE_BENCH_PAIRED=1 WAKE_BENCH_LATENCY_ROUNDS=1 $bench/benchmark-wake.sh h2 4 3 5
echo "[bench-smoke] every benchmark of docs/benchmarks.md ran"
