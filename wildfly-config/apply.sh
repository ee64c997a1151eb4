#!/usr/bin/env bash
# Applies Reveille's server configuration (wildfly-config/reveille.cli and the broker scripts of artemis-config/) to a WildFly 39
# installation: offline to a stopped server (embedded CLI, what the build does), or to a running one.
#
#   apply.sh --jboss-home DIR --postgresql-jar JAR [--connect [--controller HOST:PORT] [--user U --password P]]
#            [--dev-users] [--heap SIZE] [--broker embedded|remote] [--ha] [--ldap] [--agent-tls] [--server-config FILE]
#
# --broker embedded (the default) defines Reveille's queues on WildFly's embedded broker; remote removes it and points
# the server at the standalone primary/backup pair of artemis-config/broker-pair.sh (docs/cluster.md).
# --ha makes the node of a cluster (docs/cluster.md, "The nodes"): WildFly's standalone-full-ha.xml with JGroups over TCP,
# its members found through PostgreSQL (wildfly-config/reveille-ha.cli); it needs --broker remote.
# --ldap signs the API and the console in against an LDAP directory or Active Directory (wildfly-config/ldap-realm.cli,
# docs/security.md, "Directory sign-in"), configured at start by the REVEILLE_LDAP_* variables that script lists.
# --agent-tls names the agent listener's TLS key stores for secureTransport=encrypted (wildfly-config/agent-tls.cli,
# docs/security.md, "TLS on the agent listener"), from the REVEILLE_AGENT_TLS_* variables that script lists.
# --server-config is the configuration file changed offline (default standalone-full.xml, with --ha standalone-full-ha.xml).
# --dev-users also creates the documented development users (never use them in production).
# --heap sets the server JVM's heap in bin/standalone.conf (-Xms and -Xmx, default 1g) while that file still has
# WildFly's own default (-Xmx512m); a sizing chosen there by hand, or JBOSS_JAVA_SIZING at start, is kept.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
jboss_home="" pg_jar="" connect=false controller="" user="" password="" dev_users=false heap=1g broker=embedded
server_config="" ha=false ldap=false agent_tls=false

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --jboss-home) jboss_home=$2; shift 2 ;;
        --postgresql-jar) pg_jar=$2; shift 2 ;;
        --connect) connect=true; shift ;;
        --controller) controller=$2; shift 2 ;;
        --user) user=$2; shift 2 ;;
        --password) password=$2; shift 2 ;;
        --dev-users) dev_users=true; shift ;;
        --heap) heap=$2; shift 2 ;;
        --broker) broker=$2; shift 2 ;;
        --ha) ha=true; shift ;;
        --ldap) ldap=true; shift ;;
        --agent-tls) agent_tls=true; shift ;;
        --server-config) server_config=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "apply.sh: unknown option '$1'" >&2; usage ;;
    esac
done
[ -n "$jboss_home" ] && [ -x "$jboss_home/bin/jboss-cli.sh" ] || { echo "apply.sh: --jboss-home must name a WildFly installation" >&2; exit 2; }
[ -n "$pg_jar" ] && [ -f "$pg_jar" ] || { echo "apply.sh: --postgresql-jar must name the PostgreSQL JDBC jar" >&2; exit 2; }
case "$broker" in
    embedded) scripts=("$top/wildfly-config/reveille.cli" "$top/artemis-config/reveille-messaging.cli") ;;
    remote) scripts=("$top/wildfly-config/reveille.cli" "$top/artemis-config/reveille-remote-broker.cli" "$top/artemis-config/reveille-remote-destinations.cli") ;;
    *) echo "apply.sh: --broker must be embedded or remote, not '$broker'" >&2; exit 2 ;;
esac
if $ha; then
    [ "$broker" = remote ] || { echo "apply.sh: --ha needs --broker remote (the nodes of a cluster share the standalone broker pair)" >&2; exit 2; }
    scripts+=("$top/wildfly-config/reveille-ha.cli")
    server_config=${server_config:-standalone-full-ha.xml}
fi
server_config=${server_config:-standalone-full.xml}
! $ldap || scripts+=("$top/wildfly-config/ldap-realm.cli")
! $agent_tls || scripts+=("$top/wildfly-config/agent-tls.cli")
[[ $heap =~ ^[0-9]+[mMgG]$ ]] || { echo "apply.sh: --heap must be a size such as 1g or 2048m, not '$heap'" >&2; exit 2; }
pg_jar=$(cd "$(dirname "$pg_jar")" && pwd)/$(basename "$pg_jar")

script=$(mktemp "${TMPDIR:-/tmp}/reveille-config.XXXXXX.cli")
trap 'rm -f "$script"' EXIT
{
    if $connect; then
        echo "connect${controller:+ $controller}"
    else
        echo "embed-server --server-config=$server_config --std-out=discard"
    fi
    # the driver's module once per installation: a second "module add" fails (wildfly-config/postgresql-module.cli)
    [ -d "$jboss_home/modules/org/postgresql" ] || scripts=("$top/wildfly-config/postgresql-module.cli" "${scripts[@]}")
    for f in "${scripts[@]}"; do
        echo "# ---- $f"
        cat "$f"
        echo
    done
    if $connect; then echo "reload"; else echo "stop-embedded-server"; fi
} > "$script"

args=(--file="$script" -Dreveille.postgresql.jar="$pg_jar")
[ -n "$user" ] && args+=(--user="$user" --password="$password")
echo "Applying Reveille configuration to $jboss_home ($($connect && echo running server || echo "offline, $server_config"), $broker broker$($ha && echo ", cluster node")$($ldap && echo ", directory sign-in")$($agent_tls && echo ", agent listener TLS"))"
JAVA_OPTS="${JAVA_OPTS:-} -Djava.awt.headless=true" "$jboss_home/bin/jboss-cli.sh" "${args[@]}"

# Metrics in a session of their own: the base metrics subsystem removed above held the /metrics context until now.
# Micrometer's Prometheus registry is of "community" stability (wildfly-config/metrics.cli).
metrics=$(mktemp "${TMPDIR:-/tmp}/reveille-metrics.XXXXXX.cli")
trap 'rm -f "$script" "$metrics"' EXIT
{
    if $connect; then
        echo "connect${controller:+ $controller}"
    else
        echo "embed-server --server-config=$server_config --std-out=discard --stability=community"
    fi
    cat "$top/wildfly-config/metrics.cli"
    echo
    if $connect; then echo "reload"; else echo "stop-embedded-server"; fi
} > "$metrics"
margs=(--file="$metrics")
[ -n "$user" ] && margs+=(--user="$user" --password="$password")
JAVA_OPTS="${JAVA_OPTS:-} -Djava.awt.headless=true" "$jboss_home/bin/jboss-cli.sh" "${margs[@]}"

# The heap: WildFly's default -Xmx512m made G1 collect every 0.3 s during a 100,000-machine wake (docs/benchmarks.md)
conf="$jboss_home/bin/standalone.conf"
if grep -q '^   JBOSS_JAVA_SIZING="-Xms64m -Xmx512m' "$conf"; then
    sed -i "s/^   JBOSS_JAVA_SIZING=\"-Xms64m -Xmx512m/   JBOSS_JAVA_SIZING=\"-Xms$heap -Xmx$heap/" "$conf"
    echo "Server heap set to $heap in $conf (Reveille's default; JBOSS_JAVA_SIZING overrides it at start)"
fi

# The stability level metrics.cli needs, for every start through bin/standalone.sh (run.sh, cluster.sh, the tests' servers)
if ! grep -q 'jboss.stability=community' "$conf"; then
    printf '\n# Reveille: Micrometer'"'"'s Prometheus registry (wildfly-config/metrics.cli) is of community stability\nJAVA_OPTS="$JAVA_OPTS -Djboss.stability=community"\n' >> "$conf"
    echo "Stability level community set in $conf (for Reveille's metrics endpoint)"
fi

if $dev_users; then
    # Development users of the application realm; README lists them. Production: see wildfly-config/README.md.
    cfg="$jboss_home/standalone/configuration"
    while read -r name pass roles; do
        "$jboss_home/bin/add-user.sh" -a -s -u "$name" -p "$pass" -g "$roles" -sc "$cfg" >/dev/null
    done <<'USERS'
admin reveille-admin admin,operator,inventory
operator reveille-operator operator
inventory reveille-inventory inventory
USERS
    echo "Development users created: admin, operator, inventory"
fi
