#!/usr/bin/env bash
# Fails the build when a server the integration tests ran logged an internal error: REVEILLE00004 means a request was
# answered 500, a defect even when every test passed (see docs/reliability.md). Runs in the verify phase, after all
# failsafe executions (H2, PostgreSQL, the fresh server and TwoServersIT's second server write to the logs checked here).
#
#   check-server-logs.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: check-server-logs.sh TARGET_DIR}

shopt -s nullglob
logs=("$target"/server/*/standalone/log/server.log* "$target"/server-b/log/server.log*)
if [ ${#logs[@]} -eq 0 ]; then
    echo "[check-server-logs] no server log under $target: no integration test ran"
    exit 0
fi
found=0
for log in "${logs[@]}"; do
    hits=$(grep -c 'REVEILLE00004' "$log" || true)
    if [ "$hits" -gt 0 ]; then
        found=$((found + hits))
        echo "[check-server-logs] $log: $hits internal error(s) (REVEILLE00004, answered 500):" >&2
        grep -n -A3 'REVEILLE00004' "$log" | head -60 >&2
    fi
done
if [ "$found" -gt 0 ]; then
    echo "[check-server-logs] FAILED: $found request(s) answered 500 during the integration tests; find each cause" >&2
    exit 1
fi
echo "[check-server-logs] ${#logs[@]} server log(s) checked: no internal error (REVEILLE00004)"
