#!/usr/bin/env bash
# One command for the server benchmarks (docs/benchmarks.md):
#   ear/src/test/benchmarks/benchmark-server.sh [h2|postgresql] [machines]
# Builds and provisions the server (tests skipped), boots it with the EAR deployed and times boot + deploy,
# then runs InventoryBenchmark against it on 127.0.0.1 and stops the server. PostgreSQL: the local server on
# 127.0.0.1:5432 with trust authentication; a fresh database reveille_bench is created.
set -euo pipefail
db=${1:-h2} machines=${2:-100000}
top=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$top"
[ "${SKIP_BUILD:-}" = 1 ] || ./mvnw -q -pl ear -am package -DskipTests
home=$top/ear/target/server/wildfly-39.0.1.Final
data=$(mktemp -d /tmp/reveille-bench.XXXXXX)
args=()
if [ "$db" = postgresql ]; then
    bash ear/src/test/scripts/reset-postgresql.sh reveille_bench
    args=(-Dreveille.db.kind=postgresql -Dreveille.db.url=jdbc:postgresql://127.0.0.1:5432/reveille_bench
          -Dreveille.db.user=reveille_bench -Dreveille.db.password=reveille_bench)
fi
cp ear/target/reveille.ear "$home/standalone/deployments/"
start=$(date +%s%N)
stop() {
    [ -f "$data/server.pid" ] && kill "$(cat "$data/server.pid")" 2>/dev/null
    wait 2>/dev/null || true
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

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java ear/src/test/benchmarks/InventoryBenchmark.java http://127.0.0.1:8080 "$machines" 5000 1000
