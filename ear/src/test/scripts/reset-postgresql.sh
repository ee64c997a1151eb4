#!/usr/bin/env bash
# Gives the PostgreSQL integration tests a fresh, empty database and its own login role.
# Usage: reset-postgresql.sh NAME  (database and role NAME, password NAME). Local server, trust authentication.
set -euo pipefail
name=${1:?database name}
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"; }
psql_admin -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$name' AND pid <> pg_backend_pid()" >/dev/null
psql_admin -c "DROP DATABASE IF EXISTS $name"
psql_admin -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$name') THEN CREATE ROLE $name LOGIN PASSWORD '$name'; END IF; END \$\$"
psql_admin -c "ALTER ROLE $name LOGIN"
psql_admin -c "CREATE DATABASE $name OWNER $name"
echo "PostgreSQL database $name is fresh"
