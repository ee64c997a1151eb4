#!/usr/bin/env bash
# Reveille's highly available broker outside the application servers: a primary/backup pair of standalone Apache
# ActiveMQ Artemis brokers with replication, on one machine or two (docs/cluster.md).
#
#   broker-pair.sh create    --home ARTEMIS_HOME --dir DIR [--host H] [--port P] [--backup-host H] [--backup-port P]
#                            [--memory SIZE] [--dev-users]
#   broker-pair.sh configure --dir DIR            render Reveille's destinations again (the brokers reload them)
#   broker-pair.sh start     --dir DIR [primary|backup|both]     (default both; waits until each accepts connections)
#   broker-pair.sh stop      --dir DIR [primary|backup|both]     (a clean shutdown)
#   broker-pair.sh kill      --dir DIR primary|backup            (kill -9: what a crash does)
#   broker-pair.sh status    --dir DIR [--wait-redundant SECONDS]
#                            each broker's state (active, backup synchronised, ...) and whether the pair is redundant;
#                            with --wait-redundant, waits until it is (exit 1 if not within SECONDS)
#
# create makes DIR/primary and DIR/backup (artemis create), each with Reveille's queues, dead-letter queues, address
# settings and permissions rendered from artemis-config/reveille-destinations.conf, the one definition the embedded
# broker uses too. Defaults: primary 127.0.0.1:61616, backup 127.0.0.1:61716, 512 MiB heap each. Passwords come from
# REVEILLE_BROKER_PASSWORD (the servers' user "reveille", role reveille-server) and REVEILLE_BROKER_CLUSTER_PASSWORD
# (primary <-> backup replication); without them create refuses, unless --dev-users, which also creates the README's
# development users admin and inventory for JMS clients and uses development passwords: never in production.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

command=${1-}; [ -n "$command" ] || usage; shift
home="" dir="" host=127.0.0.1 port=61616 backup_host=127.0.0.1 backup_port=61716 memory=512m dev_users=false which="" wait_redundant=""
while [ $# -gt 0 ]; do
    case "$1" in
        --home) home=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --host) host=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --backup-host) backup_host=$2; shift 2 ;;
        --backup-port) backup_port=$2; shift 2 ;;
        --memory) memory=$2; shift 2 ;;
        --dev-users) dev_users=true; shift ;;
        --wait-redundant) wait_redundant=$2; shift 2 ;;
        primary|backup|both) which=$1; shift ;;
        -h|--help) usage ;;
        *) echo "broker-pair.sh: unknown option '$1'" >&2; usage ;;
    esac
done
[ -n "$dir" ] || { echo "broker-pair.sh: --dir is required" >&2; exit 2; }

members() {
    case "${which:-both}" in
        both) echo primary backup ;;
        *) echo "$which" ;;
    esac
}
pid_of() { local f="$dir/$1/data/artemis.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }
port_of() { sed -n 's#.*<acceptor name="artemis">tcp://[^:]*:\([0-9]*\).*#\1#p' "$dir/$1/etc/broker.xml"; }
# A running broker's state, from the last of the console lines that change it: active (AMQ221007), a backup
# synchronised with its primary (AMQ221024), a backup waiting for a primary (AMQ221109), or starting (a backup's
# start or restart in its JVM, AMQ221000/AMQ221039, or the supervisor starting it again).
state_of() {
    local line
    line=$(grep -E "AMQ221007|AMQ221024|AMQ221109|AMQ221000|AMQ221039|AMQ221002|broker-pair.sh: starting the" \
        "$dir/$1/log/console.log" 2>/dev/null | tail -n 1)
    case "$line" in
        *AMQ221007*) echo active ;;
        *AMQ221024*) echo synchronised-backup ;;
        *AMQ221109*) echo waiting-backup ;;
        *AMQ221002*) echo stopping ;;
        *) echo starting ;;
    esac
}
host_of() { sed -n 's#.*<acceptor name="artemis">tcp://\([^:]*\):.*#\1#p' "$dir/$1/etc/broker.xml"; }

# Reveille's destinations into an instance: rendered files included by broker.xml (xi:include), replacing the
# sections artemis create wrote. Artemis re-reads them while it runs (configuration-file-refresh-period).
render() {
    local etc="$dir/$1/etc" part
    for part in addresses address-settings security-settings; do
        "$here/destinations.sh" broker-xml "$part" > "$etc/reveille-$part.xml.new"
        mv "$etc/reveille-$part.xml.new" "$etc/reveille-$part.xml"
        # an absolute href: Artemis resolves a relative one against its working directory, not broker.xml's
        perl -0pi -e "s#<$part>.*?</$part>#<xi:include href=\"$etc/reveille-$part.xml\"/>#s" "$etc/broker.xml"
    done
}

create_one() {
    local role=$1 own_host=$2 own_port=$3 other_host=$4 other_port=$5 instance="$dir/$1"
    local args=(create "$instance" --silent --force --name "reveille-$role" --host "$own_host" --default-port "$own_port"
        --user reveille --password "$password" --role reveille-server --require-login
        --replicated --clustered --cluster-user reveille-cluster --cluster-password "$cluster_password"
        --static-cluster "tcp://$other_host:$other_port" --failover-on-shutdown
        --no-web --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor --no-autocreate
        --nio --java-memory "$memory")
    [ "$role" = backup ] && args+=(--backup)
    "$home/bin/artemis" "${args[@]}" > "$dir/$role-create.log" 2>&1 \
        || { cat "$dir/$role-create.log" >&2; exit 1; }
    local xml="$instance/etc/broker.xml"
    # the heap: artemis create sets -Xmx from --java-memory but keeps -Xms512M, which a smaller -Xmx refuses
    perl -pi -e "s/-Xms\\S+/-Xms$memory/" "$instance/etc/artemis.profile"
    # Only the core protocol, which the servers and JMS clients speak; nothing else listens.
    perl -pi -e 's#(<acceptor name="artemis">tcp://[^?]*\?)[^<]*#${1}tcpSendBufferSize=1048576;tcpReceiveBufferSize=1048576;protocols=CORE;useEpoll=true#' "$xml"
    # After a failover the pair comes back to its roles: a restarted primary asks whether the backup is active, copies
    # its journal and takes over again; the backup then waits as backup (allow-failback).
    if [ "$role" = primary ]; then
        perl -0pi -e 's#<primary>\s*<vote-on-replication-failure>true</vote-on-replication-failure>\s*</primary>#<primary>\n               <check-for-active-server>true</check-for-active-server>\n               <vote-on-replication-failure>false</vote-on-replication-failure>\n            </primary>#s' "$xml"
    else
        perl -0pi -e 's#<backup\s*/>#<backup>\n               <allow-failback>true</allow-failback>\n            </backup>#s' "$xml"
    fi
    render "$role"
    if $dev_users; then
        # `artemis user add` needs a running broker: the hashed entries are written into the properties files instead
        local name pass
        sed -i -e '$a\' "$instance/etc/artemis-users.properties" "$instance/etc/artemis-roles.properties"
        for name in admin inventory; do
            pass=reveille-$name
            echo "$name = ENC($("$home/bin/artemis" mask --hash "$pass" | sed -n 's/^result: //p'))" >> "$instance/etc/artemis-users.properties"
            echo "$name = $name" >> "$instance/etc/artemis-roles.properties"    # role = its users
        done
    fi
}

case "$command" in
    create)
        [ -n "$home" ] && [ -x "$home/bin/artemis" ] || { echo "broker-pair.sh: --home must name an Apache Artemis installation" >&2; exit 2; }
        password=${REVEILLE_BROKER_PASSWORD-} cluster_password=${REVEILLE_BROKER_CLUSTER_PASSWORD-}
        if $dev_users; then
            password=${password:-reveille-broker} cluster_password=${cluster_password:-reveille-cluster}
        fi
        [ -n "$password" ] && [ -n "$cluster_password" ] \
            || { echo "broker-pair.sh: set REVEILLE_BROKER_PASSWORD and REVEILLE_BROKER_CLUSTER_PASSWORD (or --dev-users)" >&2; exit 2; }
        for m in primary backup; do
            [ -z "$(pid_of $m 2>/dev/null)" ] || { echo "broker-pair.sh: the $m in $dir is running; stop it first" >&2; exit 2; }
        done
        mkdir -p "$dir"
        create_one primary "$host" "$port" "$backup_host" "$backup_port"
        create_one backup "$backup_host" "$backup_port" "$host" "$port"
        echo "Broker pair created in $dir: primary tcp://$host:$port, backup tcp://$backup_host:$backup_port" ;;
    supervise)
        # Runs one broker (bin/artemis execs the JVM: data/artemis.pid is the broker's own pid) and starts it again
        # when it ends by itself with status 0: what a backup's JVM can do when its primary comes back and it hands the
        # journal over (fail-back), instead of waiting again as backup. A broker killed or failed (another status), or
        # stopped by `stop` (data/stop-requested), stays down.
        m=$which
        while :; do
            "$dir/$m/bin/artemis" run >> "$dir/$m/log/console.log" 2>&1 &
            jvm=$!
            echo "$jvm" > "$dir/$m/data/artemis.pid"
            status=0; wait "$jvm" || status=$?
            echo "broker-pair.sh: the $m's JVM (pid $jvm) ended with status $status at $(date -u +%FT%TZ)" >> "$dir/$m/log/console.log"
            [ ! -f "$dir/$m/data/stop-requested" ] && [ "$status" -eq 0 ] || break
            echo "broker-pair.sh: starting the $m again" >> "$dir/$m/log/console.log"
            sleep 1
        done ;;
    configure)
        for m in primary backup; do render $m; done
        echo "Reveille's destinations rendered into $dir/primary and $dir/backup" ;;
    start)
        declare -A log_lines
        for m in $(members); do
            if [ -n "$(pid_of "$m")" ]; then echo "$m already running (pid $(pid_of "$m"))"; continue; fi
            log_lines[$m]=0
            # the console (everything the broker prints; artemis.log can stop after a backup's restart in its JVM)
            [ ! -f "$dir/$m/log/console.log" ] || log_lines[$m]=$(wc -l < "$dir/$m/log/console.log")
            rm -f "$dir/$m/data/stop-requested" "$dir/$m/data/artemis.pid"
            mkdir -p "$dir/$m/log" "$dir/$m/data"
            nohup bash "$0" supervise --dir "$dir" "$m" > /dev/null 2>&1 &
        done
        for m in "${!log_lines[@]}"; do
            # started: the primary active (AMQ221007), or the backup synchronised with an active primary (AMQ221024)
            # or active itself; a backup whose primary is down waits for it (AMQ221109) and counts as started too
            deadline=$((SECONDS + 90))
            until tail -n "+$((log_lines[$m] + 1))" "$dir/$m/log/console.log" 2>/dev/null \
                    | grep -qE "AMQ221007|AMQ221024$( [ "$m" = backup ] && [ -z "$(pid_of primary)" ] && echo '|AMQ221109')"; do
                [ ! -f "$dir/$m/data/artemis.pid" ] || [ -n "$(pid_of "$m")" ] || { echo "broker-pair.sh: the $m exited:" >&2; tail -5 "$dir/$m/log/console.log" >&2; exit 1; }
                [ $SECONDS -lt $deadline ] || { echo "broker-pair.sh: the $m did not start within 90 s; see $dir/$m/log/console.log" >&2; exit 1; }
                sleep 0.5
            done
            echo "$m started (pid $(pid_of "$m")), tcp://$(host_of $m):$(port_of $m)"
        done ;;
    stop)
        # the backup first: a primary stopped while its backup runs hands over to it (failover-on-shutdown)
        for m in $(members | tr ' ' '\n' | sort); do
            pid=$(pid_of "$m" || true)
            [ -n "$pid" ] || { echo "$m not running"; continue; }
            touch "$dir/$m/data/stop-requested"
            kill "$pid"
            for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
            echo "$m stopped"
        done ;;
    kill)
        [ -n "$which" ] && [ "$which" != both ] || { echo "broker-pair.sh: kill needs primary or backup" >&2; exit 2; }
        pid=$(pid_of "$which" || true)
        [ -n "$pid" ] || { echo "$which not running"; exit 1; }
        kill -9 "$pid"; echo "$which killed (pid $pid)" ;;
    status)
        # A pair is redundant when one broker is active and the other a backup synchronised with it: only then does
        # the loss of the active one fail over. After a start or a fail-back the backup needs a few seconds to copy
        # the journal (AMQ221024); a primary lost before that leaves no broker until it comes back (docs/cluster.md).
        deadline=$((SECONDS + ${wait_redundant:-0}))
        while :; do
            report="" states=""
            for m in primary backup; do
                [ -d "$dir/$m" ] || continue
                pid=$(pid_of "$m" || true)
                if [ -n "$pid" ]; then state=$(state_of "$m"); else state=stopped; fi
                states="$states $state"
                report="$report$m: $state$([ -n "$pid" ] && echo ", pid $pid"), tcp://$(host_of $m):$(port_of $m)"$'\n'
            done
            case "$states" in
                " active synchronised-backup"|" synchronised-backup active") redundant=yes ;;
                *) redundant=no ;;
            esac
            if [ -z "$wait_redundant" ] || [ "$redundant" = yes ] || [ $SECONDS -ge $deadline ]; then break; fi
            sleep 0.5
        done
        printf '%sredundant: %s\n' "$report" "$redundant"
        [ -z "$wait_redundant" ] || [ "$redundant" = yes ] || exit 1 ;;
    *) usage ;;
esac
