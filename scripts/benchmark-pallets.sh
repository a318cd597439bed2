#!/usr/bin/env bash
# Runs the Sluice pallets' benchmarks on this machine and writes their generated weights to
# runtime/src/weights/<pallet>.rs (used by runtime/src/configs/).
#   scripts/benchmark-pallets.sh [pallet ...]     default: every Sluice pallet
# Builds the node with `--features runtime-benchmarks` (a separate set of artifacts in the same
# target dir; the benchmark binary is kept as sluice-node-benchmarks).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sluice/target}"
pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then pallets=(pallet_liquid_staking pallet_block_auction pallet_index_funds pallet_reactors pallet_restaking pallet_oracle_feeds pallet_network_params); fi

step "build sluice-node with runtime-benchmarks"
cargo build --release --locked -p sluice-node --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/release/sluice-node" "$CARGO_TARGET_DIR/release/sluice-node-benchmarks"
wasm="$CARGO_TARGET_DIR/release/sluice-runtime-benchmarks.wasm"
cp "$CARGO_TARGET_DIR/release/wbuild/sluice-runtime/sluice_runtime.compact.compressed.wasm" "$wasm"
# The plain node is rebuilt (relinked) by the next ./scripts/build.sh.

mkdir -p runtime/src/weights
for pallet in "${pallets[@]}"; do
	step "benchmark $pallet"
	"$CARGO_TARGET_DIR/release/sluice-node-benchmarks" benchmark pallet \
		--runtime "$wasm" \
		--genesis-builder=runtime \
		--genesis-builder-preset=development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps 20 \
		--repeat 10 \
		--header scripts/weights-header.txt \
		--output "runtime/src/weights/$pallet.rs"
done
