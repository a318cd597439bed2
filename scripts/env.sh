# Sourced by the scripts: the persistent cargo target dir and the node binary path.
# CI runs in a fresh clone; keeping the target dir outside the clone makes warm runs incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
export SLUICE_NODE="${SLUICE_NODE:-$CARGO_TARGET_DIR/release/sluice-node}"
SLUICE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SLUICE_ROOT
export SLUICE_CHAIN_SPECS="$SLUICE_ROOT/chain-specs"

# The wasm runtime embeds source paths (panic locations). Remap the checkout and the cargo
# registry so the wasm, and the chain specs that contain it, are the same from any clone.
export WASM_BUILD_RUSTFLAGS="--remap-path-prefix=$SLUICE_ROOT=/sluice --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=/cargo-registry"

# Prints a timestamped step banner.
step() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# npm ci in a directory, skipped when node_modules already matches the lock file.
npm_install() {
	local dir="$1"
	if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
		(cd "$dir" && npm ci --no-audit --no-fund)
	fi
}
