#!/usr/bin/env bash
# Regenerates chain-specs/{dev,local,testnet}{,-raw}.json from the node's built-in presets.
# `--check` regenerates into a temporary dir and fails if the checked-in files differ in anything,
# the wasm blob included (its bytes do not depend on the checkout path: runtime/build.rs).
# `--out DIR` writes them to DIR instead (the zombienet script runs the network from there).
set -euo pipefail
source "$(dirname "$0")/env.sh"
mode="${1:-write}"
out="$SLUICE_CHAIN_SPECS"
case "$mode" in
	--check) out="$(mktemp -d)" ;;
	--out) out="$2" ;;
esac
mkdir -p "$out"
for chain in dev local testnet; do
	"$SLUICE_NODE" build-spec --chain "$chain" --disable-default-bootnode 2>/dev/null >"$out/$chain.json"
	"$SLUICE_NODE" build-spec --chain "$chain" --disable-default-bootnode --raw 2>/dev/null >"$out/$chain-raw.json"
done
if [ "$mode" = "--check" ]; then
	status=0
	for f in dev.json dev-raw.json local.json local-raw.json testnet.json testnet-raw.json; do
		if ! "$SLUICE_ROOT/scripts/chain-spec-diff.py" "$out/$f" "$SLUICE_CHAIN_SPECS/$f"; then
			echo "chain-specs/$f is stale: run scripts/chain-specs.sh and commit the result" >&2
			status=1
		fi
	done
	rm -rf "$out"
	exit "$status"
fi
echo "chain specs written to $out"
