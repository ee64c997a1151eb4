#!/usr/bin/env bash
# The integration tests' server with directory sign-in: a copy of the configured server the build provisioned (SRC)
# with apply.sh --ldap on top, in DEST (wiped first), for LdapSignInIT, which starts it against an in-memory directory.
#
#   ldap-server.sh SRC DEST POSTGRESQL_JAR
set -euo pipefail
src=$1 dest=$2 pg_jar=$3
top=$(cd "$(dirname "$0")/../../../.." && pwd)
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
cp -a "$src" "$dest"
rm -rf "$dest/standalone/data" "$dest/standalone/log" "$dest/standalone/tmp" "$dest/standalone/configuration/standalone_xml_history"
log="$dest/apply.log"
bash "$top/wildfly-config/apply.sh" --jboss-home "$dest" --postgresql-jar "$pg_jar" --ldap > "$log" 2>&1 \
    || { cat "$log" >&2; echo "ldap-server.sh: apply.sh --ldap failed" >&2; exit 1; }
grep -v '"outcome" => "success"' "$log"
