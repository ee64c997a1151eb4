#!/usr/bin/env bash
# An installation of the integration tests derived from the configured server the build provisioned (SRC): a copy in
# DEST (wiped first) with wildfly-config/apply.sh run on it once for each set of options given, in order. The build
# makes two (ear/pom.xml): the servers on the standalone broker pair ("--broker remote", then "--broker remote --ha":
# standalone-full.xml for BrokerFailoverIT, standalone-full-ha.xml for the cluster nodes of ClusterIT), and the server
# with directory sign-in ("--ldap", for LdapSignInIT).
#
#   derived-server.sh SRC DEST POSTGRESQL_JAR "APPLY OPTIONS" ["MORE APPLY OPTIONS" ...]
set -euo pipefail
src=$1 dest=$2 pg_jar=$3
shift 3
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
cp -a "$src" "$dest"
rm -rf "$dest/standalone/data" "$dest/standalone/log" "$dest/standalone/tmp" "$dest/standalone/configuration/standalone_xml_history"
log="$dest/apply.log"
: > "$log"
for options in "$@"; do
    # shellcheck disable=SC2086
    bash "$top/wildfly-config/apply.sh" --jboss-home "$dest" --postgresql-jar "$pg_jar" $options >> "$log" 2>&1 \
        || { cat "$log" >&2; echo "derived-server.sh: apply.sh $options failed" >&2; exit 1; }
done
grep -v '"outcome" => "success"' "$log"
