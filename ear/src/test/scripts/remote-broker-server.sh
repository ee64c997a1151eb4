#!/usr/bin/env bash
# The integration tests' server on the standalone broker pair: a copy of the configured server the build provisioned
# (SRC, embedded broker) with apply.sh --broker remote on top, in DEST (wiped first): standalone-full.xml for
# BrokerFailoverIT, and standalone-full-ha.xml with --ha as well, the cluster nodes of ClusterIT.
#
#   remote-broker-server.sh SRC DEST POSTGRESQL_JAR
set -euo pipefail
src=$1 dest=$2 pg_jar=$3
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
cp -a "$src" "$dest"
rm -rf "$dest/standalone/data" "$dest/standalone/log" "$dest/standalone/tmp" "$dest/standalone/configuration/standalone_xml_history"
log="$dest/apply.log"
bash "$top/wildfly-config/apply.sh" --jboss-home "$dest" --postgresql-jar "$pg_jar" --broker remote > "$log" 2>&1 \
    || { cat "$log" >&2; echo "remote-broker-server.sh: apply.sh failed" >&2; exit 1; }
bash "$top/wildfly-config/apply.sh" --jboss-home "$dest" --postgresql-jar "$pg_jar" --broker remote --ha >> "$log" 2>&1 \
    || { cat "$log" >&2; echo "remote-broker-server.sh: apply.sh --ha failed" >&2; exit 1; }
grep -v '"outcome" => "success"' "$log"
