# Sourced by the scripts: the persistent cargo target dir and the node binary path.
# CI runs in a fresh clone; keeping the target dir outside the clone makes warm runs incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
export SLUICE_NODE="${SLUICE_NODE:-$CARGO_TARGET_DIR/release/sluice-node}"
SLUICE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SLUICE_ROOT
export SLUICE_CHAIN_SPECS="$SLUICE_ROOT/chain-specs"

# A hash of the runtime's sources in the current directory's checkout (the files' contents,
# tracked or not, committed or not; not a commit) and of "$1": the cache key of the wasm builds
# made beside the node's (scripts/upgrade-wasm.sh, scripts/wasm-only.sh).
sources_key() {
	local sources=(runtime pallets primitives math Cargo.toml Cargo.lock rust-toolchain.toml)
	{
		git ls-files -co --exclude-standard -z -- "${sources[@]}" | sort -z | xargs -0 sha256sum
		printf '%s\n' "${1:-}"
	} | sha256sum | cut -c1-16
}

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
		if grep -q "Network launched" "$log"; then
			# The nodes, recorded now: if zombienet dies, its nodes are no longer its children.
			ZOMBIENET_NODES="$(descendants "$ZOMBIENET_PID")"
			return 0
		fi
		kill -0 "$ZOMBIENET_PID" 2>/dev/null || { cat "$log"; return 1; }
		sleep 1
	done
	cat "$log"
	return 1
}

# Every descendant of process $1, found through the parent links (pgrep -P), children first.
descendants() {
	local child
	for child in $(pgrep -P "$1" || true); do
		echo "$child"
		descendants "$child"
	done
}

# Stops the network spawn_zombienet started, and only it: the nodes are the processes zombienet
# spawned (its descendants when the network launched and when it is asked to stop, so that none is
# lost if it exits first). Zombienet stops its nodes on SIGINT; any of them still there after 10 s is killed.
# Nothing is matched by name: another checkout's network runs the same binary.
stop_zombienet() {
	local pids alive pid node
	pids="$(descendants "$ZOMBIENET_PID")"
	# A node recorded at launch counts only while it still runs the node binary (its PID may
	# have been reused since, e.g. after a test killed it).
	node="$(readlink -f "$SLUICE_NODE")"
	for pid in ${ZOMBIENET_NODES:-}; do
		[ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = "$node" ] && pids="$pids $pid"
	done
	kill -INT "$ZOMBIENET_PID" 2>/dev/null || true
	for _ in $(seq 1 10); do
		alive=""
		for pid in $pids; do
			kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
		done
		[ -z "$alive" ] && return 0
		sleep 1
	done
	# shellcheck disable=SC2086 # a list of PIDs
	kill -KILL $alive 2>/dev/null || true
}
