#!/usr/bin/env bash
# Installs what is missing, builds the node and runs the one-node dev chain on ws://127.0.0.1:9944.
# Extra arguments go to sluice-node (e.g. `--base-path /tmp/sluice` instead of the throwaway --tmp).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$SLUICE_ROOT/scripts/setup.sh"
"$SLUICE_ROOT/scripts/build.sh"
if [ "$#" -eq 0 ]; then set -- --tmp; fi
exec "$SLUICE_NODE" --dev --rpc-cors all --rpc-port 9944 "$@"
