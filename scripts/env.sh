# Sourced by the scripts: the persistent cargo target dir and the node binary path.
# CI runs in a fresh clone; keeping the target dir outside the clone makes warm runs incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
export SLUICE_NODE="${SLUICE_NODE:-$CARGO_TARGET_DIR/release/sluice-node}"
SLUICE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SLUICE_ROOT
export SLUICE_CHAIN_SPECS="$SLUICE_ROOT/chain-specs"

# Prints a timestamped step banner.
step() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# npm ci in a directory, skipped when node_modules already matches the lock file.
npm_install() {
	local dir="$1"
	if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
		(cd "$dir" && npm ci --no-audit --no-fund)
	fi
}

# Points SLUICE_CHAIN_SPECS at specs generated from the node just built (removed on exit), so a
# network started from them runs the current runtime rather than the checked-in wasm.
use_fresh_chain_specs() {
	SLUICE_CHAIN_SPECS="$(mktemp -d)"
	export SLUICE_CHAIN_SPECS
	trap 'rm -rf "$SLUICE_CHAIN_SPECS"' EXIT
	"$SLUICE_ROOT/scripts/chain-specs.sh" --out "$SLUICE_CHAIN_SPECS" >/dev/null
}

# Starts the four-validator zombienet network (zombienet/local.toml) in the background from
# fresh chain specs, waits until it is launched, and stops it (and any node left) on exit.
spawn_zombienet() {
	npm_install "$SLUICE_ROOT/zombienet"
	use_fresh_chain_specs
	local log
	log="$(mktemp)"
	(cd "$SLUICE_ROOT/zombienet" && exec npx zombienet spawn --provider native local.toml) >"$log" 2>&1 &
	ZOMBIENET_PID=$!
	trap 'stop_zombienet; rm -rf "$SLUICE_CHAIN_SPECS"' EXIT
	for _ in $(seq 1 180); do
		grep -q "Network launched" "$log" && return 0
		kill -0 "$ZOMBIENET_PID" 2>/dev/null || { cat "$log"; return 1; }
		sleep 1
	done
	cat "$log"
	return 1
}

# Stops the network spawn_zombienet started; zombienet stops its nodes on SIGINT, and any node
# still there after 10 s is killed.
stop_zombienet() {
	kill -INT "$ZOMBIENET_PID" 2>/dev/null || true
	for _ in $(seq 1 10); do
		pgrep -f "$SLUICE_NODE.*zombie" >/dev/null || return 0
		sleep 1
	done
	pkill -KILL -f "$SLUICE_NODE.*zombie" || true
}
