#!/usr/bin/env bash
# Runs a provisioned Reveille server in the foreground: run.sh JBOSS_HOME EAR DATA_DIR [DEMO SIMULATOR_JAR]
# (what `./mvnw -Prun` calls once the build has provisioned the server). DEMO=true (./mvnw -Prun -Dreveille.demo)
# also starts the simulated demo fleet of demo.sh next to it.
set -euo pipefail
jboss_home=${1:?JBOSS_HOME} ear=${2:?EAR} data=${3:?DATA_DIR} demo=${4:-false} simulator_jar=${5:-}
shift $(( $# < 5 ? $# : 5 ))
mkdir -p "$data"
cp "$ear" "$jboss_home/standalone/deployments/reveille.ear"
cat <<BANNER

  Reveille is starting (WildFly ${jboss_home##*/wildfly-}, embedded H2 database and Artemis broker).
    REST API       http://localhost:8080/api          (HTTP BASIC)
    OpenAPI        http://localhost:8080/openapi
    Health         http://localhost:8080/health/ready  (server: http://localhost:9990/health)
    Data           $data
  Development users (never use them in production):
    admin / reveille-admin        all roles
    operator / reveille-operator  wake, read everything
    inventory / reveille-inventory  inventory upserts and wake submissions
  Stop with Ctrl+C.

BANNER
if [ "$demo" = true ] || [ "$demo" = "" ]; then
    "$(dirname "$0")/demo.sh" "$jboss_home" "$simulator_jar" "$data" &
    demo_pid=$!
    trap 'kill $demo_pid 2>/dev/null || true' EXIT
    "$jboss_home/bin/standalone.sh" -c standalone-full.xml -Djboss.server.data.dir="$data" "$@"
else
    exec "$jboss_home/bin/standalone.sh" -c standalone-full.xml -Djboss.server.data.dir="$data" "$@"
fi
