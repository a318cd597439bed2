#!/usr/bin/env bash
# The try-runtime check of the runtime's next release against a dev chain with activity in all
# four capabilities:
#   1. the next release built wasm-only with `try-runtime` (scripts/wasm-only.sh, cached by the
#      sources' hash);
#   2. a dev node (the node just built) on a fresh base path; e2e/scripts/activity.js stakes,
#      deposits into a reactor and votes, creates and joins an index fund, restakes and delegates,
#      submits a referendum, then lets 40 blocks pass; the node is stopped (by its PID);
#   3. `sluice-node export-state` writes the chain's state at its best block;
#   4. `sluice-node try-upgrade` runs `TryRuntime_on_runtime_upgrade(All)` of the try-runtime wasm on
#      that state: the next release's migrations with their pre_upgrade/post_upgrade, the storage
#      version checks, then every pallet's try_state; NetworkParams must end at storage version 1;
#   5. the same on that state with the network's settings deleted must fail NetworkParams' try_state.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
wasm="$(scripts/wasm-only.sh try-upgrade try-runtime next-release)"
npm_install e2e
dir="$(mktemp -d)"
node_pid=""
cleanup() {
	if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
		kill -INT "$node_pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$node_pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$SLUICE_NODE" --dev --base-path "$dir/chain" --rpc-port "$port" --port 0 --no-prometheus \
	--no-telemetry --no-mdns >"$dir/node.log" 2>&1 &
node_pid=$!
(cd e2e && node scripts/activity.js "ws://127.0.0.1:$port") || { tail -50 "$dir/node.log"; exit 1; }
kill -INT "$node_pid"
wait "$node_pid" || true
node_pid=""
"$SLUICE_NODE" export-state --chain dev --base-path "$dir/chain" >"$dir/state.json" 2>"$dir/export.log" ||
	{ cat "$dir/export.log"; exit 1; }
"$SLUICE_NODE" try-upgrade --runtime "$wasm" --state "$dir/state.json" --checks all \
	--expect-version NetworkParams=1
# The checks can fail: the same state without the network's settings (a chain whose genesis
# skipped them) must be refused by NetworkParams' try_state.
key="$(cd e2e && node -e 'const { xxhashAsHex } = require("@polkadot/util-crypto");
	console.log(xxhashAsHex("NetworkParams", 128) + xxhashAsHex("CurrentSettings", 128).slice(2));')"
python3 - "$dir/state.json" "$dir/broken.json" "$key" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
top = spec["genesis"]["raw"]["top"]
assert sys.argv[3] in top, "no settings in the exported state"
del top[sys.argv[3]]
json.dump(spec, open(sys.argv[2], "w"))
PY
if "$SLUICE_NODE" try-upgrade --runtime "$wasm" --state "$dir/broken.json" --checks all \
	>"$dir/broken.log" 2>&1; then
	cat "$dir/broken.log"
	echo "try-runtime: a state without settings passed the checks" >&2
	exit 1
fi
grep -q "no settings are stored" "$dir/broken.log" || { cat "$dir/broken.log"; exit 1; }
echo "try-runtime: a state without settings is refused (NetworkParams try_state: no settings are stored)"
