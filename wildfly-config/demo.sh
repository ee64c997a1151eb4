#!/usr/bin/env bash
# The newcomer's demo: run.sh starts this next to the server when asked for it (./mvnw -Prun -Dreveille.demo).
# It waits for the server, starts a simulated fleet on loopback (127.20.0.0/16: 20 subnets, two real agents,
# one dead host and ten sleeping machines each; a woken machine boots and starts its agent 3 s later), loads the
# matching inventory, a collection and a boundary, points the magic packets at the simulated segments, and asks the
# Agent State Manager for a poll, so that the Agents view fills within a minute. Loopback only.
# Usage: demo.sh JBOSS_HOME SIMULATOR_JAR DATA_DIR (agent-client/simulator/target/reveille-simulator.jar)
set -euo pipefail
jboss_home=${1:?JBOSS_HOME} simulator_jar=${2:?SIMULATOR_JAR} data=${3:?DATA_DIR}
api=http://127.0.0.1:8080/api
auth=admin:reveille-admin
wol_port=24009   # below the ephemeral port range (32768-60999)
log=$data/demo-fleet.log

until curl -sf http://127.0.0.1:8080/health/ready >/dev/null 2>&1; do sleep 1; done
key=$data/reveille-agent.key   # the server keeps its agent key in its data directory
inventory=$data/demo-inventory.json
java -cp "$simulator_jar" org.reveille.sim.FleetSimulatorMain --subnets 20 --first-subnet 127.20.0.0 --agents-per-subnet 2 \
    --dead-per-subnet 1 --sleeping-per-subnet 10 --server 127.0.0.1:1777 --key-file "$key" --wol-port "$wol_port" \
    --boot-on-wake-ms 3000 --heartbeat 60 --inventory "$inventory" < <(tail -f /dev/null) > "$log" 2>&1 &
fleet=$!
trap 'kill $fleet 2>/dev/null || true' EXIT
until [ -s "$inventory" ]; do sleep 0.5; kill -0 $fleet 2>/dev/null || { echo "demo fleet failed, see $log" >&2; exit 1; }; done

call() { # METHOD PATH [BODY]: fails loudly on a 5xx, tolerates 409 (already there from an earlier demo run)
    local status
    status=$(curl -s -o "$data/demo-last-response.json" -w '%{http_code}' -u "$auth" -X "$1" -H 'Content-Type: application/json' \
        ${3:+--data-binary "$3"} "$api$2")
    case $status in 2??|409) ;; *) echo "demo: $1 $2 answered $status: $(cat "$data/demo-last-response.json")" >&2; return 1;; esac
}
call PUT /inventory/machines "@$inventory"
call POST /boundaries '{"subnet":"127.20.0.0/16","source":"demo","description":"simulated demo fleet"}'
members=$(grep -o '"resourceId":"R-127\.20\.[0-2]\.[0-9]*"' "$inventory" | sed 's/"resourceId"://' | paste -sd, -)
call PUT /collections/Demo-Lab "{\"members\":[$members]}"
call PUT /settings "{\"magicPacketPort\":$wol_port,\"maxSubnetsPerPoll\":50,\"discoveryStrategy\":\"proactive\",\"probeMethod\":\"tcp\",\"pingTimeoutMillis\":300}"
call POST /agent-state-manager/poll ''
cat <<BANNER

  Reveille demo: 20 simulated subnets on 127.20.0.0/16 (fleet log: $log).
    Console        http://localhost:8080/           sign in as admin / reveille-admin
    Agents view    fills with subnets, each with its Primary and Alternate agent, within a minute
    Try a wake     collection "Demo-Lab" (the machines of the first three subnets), or a name like PC-127-20-5-13
  The magic packets go to UDP port $wol_port of the simulated segments, never to a real network.

BANNER
wait $fleet
