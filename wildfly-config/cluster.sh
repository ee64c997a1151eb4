#!/usr/bin/env bash
# A whole Reveille cluster on one machine, on loopback (docs/cluster.md, "A cluster on one machine"): the standalone
# broker pair, the local PostgreSQL server and N WildFly nodes of the HA configuration (apply.sh --broker remote --ha).
# `./mvnw -Pcluster` runs it (run) once the build has made the installation; the tests (ClusterIT) use start and stop.
#
#   cluster.sh run   --home JBOSS_HOME --ear EAR --artemis-home DIR --dir DIR [options]   start, print, wait; Ctrl+C stops all
#   cluster.sh start --home JBOSS_HOME --ear EAR --artemis-home DIR --dir DIR [options]   start and return
#   cluster.sh stop  --dir DIR                                                            stop the nodes, then the pair
#
# options: --nodes N (2)          how many WildFly nodes
#          --port-offset N (0)    node i's WildFly port offset is N + 100 * (i - 1): HTTP 8080, management 9990, JGroups 7600
#          --broker-port P (61616) the primary broker; the backup listens on P + 100
#          --listeners A,B,...    node i's agent listener address (default 127.0.0.i: every node on port 1777)
#          --database NAME (reveille_cluster)  on PostgreSQL at 127.0.0.1:5432 (trust authentication, as .ci/run sets
#                                 it up): database and login role NAME (password NAME) are created when missing
#          --server-direct-node NAME  the node that sends the server's own magic packets while it is up
#                                 (reveille-i; default: the oldest node), docs/cluster.md "Server-direct from one node"
#          --extra "ARGS"         more server arguments for every node
#
# Development settings throughout (the broker pair's --dev-users, the database's password): for trying a cluster out
# and for tests, never for production (docs/cluster.md says how to set up real nodes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
command=$1; shift
home="" ear="" artemis_home="" dir="" nodes=2 port_offset=0 broker_port=61616 listeners="" database=reveille_cluster extra="" direct_node=""
while [ $# -gt 0 ]; do
    case "$1" in
        --home) home=$2; shift 2 ;;
        --ear) ear=$2; shift 2 ;;
        --artemis-home) artemis_home=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --nodes) nodes=$2; shift 2 ;;
        --port-offset) port_offset=$2; shift 2 ;;
        --broker-port) broker_port=$2; shift 2 ;;
        --listeners) listeners=$2; shift 2 ;;
        --database) database=$2; shift 2 ;;
        --extra) extra=$2; shift 2 ;;
        --server-direct-node) direct_node=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "cluster.sh: unknown option '$1'" >&2; usage ;;
    esac
done
[ -n "$dir" ] || { echo "cluster.sh: --dir is required" >&2; exit 2; }
[[ $nodes =~ ^[1-9]$ ]] || { echo "cluster.sh: --nodes must be 1 to 9" >&2; exit 2; }
[ -z "$direct_node" ] || [[ $direct_node =~ ^reveille-[1-9]$ ]] || { echo "cluster.sh: --server-direct-node must name a node, reveille-1 to reveille-9" >&2; exit 2; }
[[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "cluster.sh: --database must be a plain lower-case name" >&2; exit 2; }
backup_port=$((broker_port + 100))
IFS=, read -r -a listener_list <<< "$listeners"

stop_all() {
    local pid
    for pidfile in "$dir"/node-*/server.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
    done
    for pidfile in "$dir"/node-*/server.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
    [ -d "$dir/brokers" ] && bash "$top/artemis-config/broker-pair.sh" stop --dir "$dir/brokers" || true
}

if [ "$command" = stop ]; then
    stop_all
    echo "Reveille cluster in $dir stopped"
    exit 0
fi
[ "$command" = start ] || [ "$command" = run ] || usage
[ -x "$home/bin/standalone.sh" ] && [ -f "$home/standalone/configuration/standalone-full-ha.xml" ] \
    || { echo "cluster.sh: --home must name the installation configured with apply.sh --broker remote --ha" >&2; exit 2; }
grep -q 'stack name="reveille"' "$home/standalone/configuration/standalone-full-ha.xml" \
    || { echo "cluster.sh: $home has no cluster configuration: run wildfly-config/apply.sh --broker remote --ha on it" >&2; exit 2; }
[ -f "$ear" ] || { echo "cluster.sh: --ear must name reveille.ear" >&2; exit 2; }
[ -x "$artemis_home/bin/artemis" ] || { echo "cluster.sh: --artemis-home must name an Apache Artemis distribution" >&2; exit 2; }
for i in $(seq 1 "$nodes"); do
    [ -f "$dir/node-$i/server.pid" ] && kill -0 "$(cat "$dir/node-$i/server.pid")" 2>/dev/null \
        && { echo "cluster.sh: node $i of $dir is running; cluster.sh stop --dir $dir first" >&2; exit 1; }
done

# --- PostgreSQL: the local server, the database and its role when missing ---
pg_isready -q -h 127.0.0.1 -p 5432 \
    || { echo "cluster.sh: no PostgreSQL on 127.0.0.1:5432; start it (.ci/run shows how, with trust authentication)" >&2; exit 1; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"; }
psql_admin -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$database') THEN CREATE ROLE $database LOGIN PASSWORD '$database'; END IF; END \$\$"
psql_admin -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $database OWNER $database"

# --- the broker pair ---
mkdir -p "$dir"
trap 'echo "cluster.sh: starting failed; stopping what started" >&2; stop_all' ERR
if [ ! -d "$dir/brokers/primary" ]; then
    bash "$top/artemis-config/broker-pair.sh" create --home "$artemis_home" --dir "$dir/brokers" --port "$broker_port" \
        --backup-port "$backup_port" --memory 256m --dev-users
fi
bash "$top/artemis-config/broker-pair.sh" start --dir "$dir/brokers"

# --- the nodes: each a base directory of its own (a copy of the installation's standalone/, its data kept across runs) ---
# and one agent key for all (the agents hold one copy; the first node to start generates it, docs/cluster.md)
for i in $(seq 1 "$nodes"); do
    base=$dir/node-$i
    if [ ! -d "$base/configuration" ]; then
        mkdir -p "$base"
        cp -a "$home/standalone/configuration" "$base/"
        rm -rf "$base/configuration/standalone_xml_history"
    fi
    mkdir -p "$base/deployments"
    cp "$ear" "$base/deployments/reveille.ear"
    listener=${listener_list[$((i - 1))]:-127.0.0.$i}
    # shellcheck disable=SC2086
    LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$base/server.pid" JBOSS_HOME="$home" \
        "$home/bin/standalone.sh" -c standalone-full-ha.xml -Djboss.server.base.dir="$base" \
        -Djboss.node.name="reveille-$i" -Dreveille.node-id="reveille-$i" \
        -Djboss.socket.binding.port-offset=$((port_offset + 100 * (i - 1))) -Djava.net.preferIPv4Stack=true \
        -Dreveille.agent-listener.bind="$listener" -Dreveille.agent-listener.advertised-host="$listener" \
        -Dreveille.agent.key-file="$dir/reveille-agent.key" \
        -Dreveille.db.kind=postgresql -Dreveille.db.url="jdbc:postgresql://127.0.0.1:5432/$database" \
        -Dreveille.db.user="$database" -Dreveille.db.password="$database" \
        -Dreveille.broker.password=reveille-broker -Dreveille.broker.primary.port="$broker_port" \
        -Dreveille.broker.backup.port="$backup_port" ${direct_node:+-Dreveille.server-direct.node="$direct_node"} $extra > "$base/console.log" 2>&1 &
done
for i in $(seq 1 "$nodes"); do
    http=$((8080 + port_offset + 100 * (i - 1)))
    for _ in $(seq 1 240); do
        curl -sf "http://127.0.0.1:$http/health/ready" >/dev/null 2>&1 && break
        [ -f "$dir/node-$i/server.pid" ] && ! kill -0 "$(cat "$dir/node-$i/server.pid")" 2>/dev/null \
            && { echo "cluster.sh: node $i exited; see $dir/node-$i/log/server.log" >&2; false; }
        sleep 1
    done
    curl -sf "http://127.0.0.1:$http/health/ready" >/dev/null \
        || { echo "cluster.sh: node $i was not ready within 240 s; see $dir/node-$i/log/server.log" >&2; false; }
done
trap - ERR

echo
echo "  Reveille cluster in $dir: $nodes node(s), the broker pair, PostgreSQL database $database"
for i in $(seq 1 "$nodes"); do
    offset=$((port_offset + 100 * (i - 1)))
    echo "    node reveille-$i  REST API http://127.0.0.1:$((8080 + offset))/api  console http://127.0.0.1:$((8080 + offset))/" \
         " management http://127.0.0.1:$((9990 + offset))  agents ${listener_list[$((i - 1))]:-127.0.0.$i}:1777" \
         " JGroups 127.0.0.1:$((7600 + offset))  log $dir/node-$i/log/server.log"
done
echo "    brokers          primary 127.0.0.1:$broker_port, backup 127.0.0.1:$backup_port  ($dir/brokers)"
echo "    database         jdbc:postgresql://127.0.0.1:5432/$database"
echo "    agent key        $dir/reveille-agent.key (every node's)"
agents=$(for i in $(seq 1 "$nodes"); do printf '%s%s:1777' "$([ "$i" -gt 1 ] && echo ,)" "${listener_list[$((i - 1))]:-127.0.0.$i}"; done)
echo "    agents connect with --server $agents;  the development users of the README sign in on every node"
if [ "$command" = start ]; then
    echo "  Stop it with: wildfly-config/cluster.sh stop --dir $dir"
    exit 0
fi
echo "  Stop with Ctrl+C."
trap 'echo; echo "stopping the cluster ..."; stop_all; exit 0' INT TERM
while true; do sleep 3600 & wait $!; done
