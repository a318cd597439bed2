#!/usr/bin/env bash
# Prints the path of the forkless-upgrade test's wasm: the next release of this runtime
# (feature `next-release`: spec_version + 1 and its storage migration), building it when the
# cached one does not match the sources. Building it re-links the node with the bumped runtime, so the script builds
# the workspace again without the bump before it returns; a cached wasm costs nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
key="$(sources_key)"
cache="$HOME/.cache/sluice/upgrade"
out="$cache/sluice_runtime-spec-bump-$key.compact.compressed.wasm"
if [ ! -f "$out" ]; then
	mkdir -p "$cache"
	cargo build --release --workspace --locked --features sluice-runtime/next-release >&2
	cp "$CARGO_TARGET_DIR/release/wbuild/sluice-runtime/sluice_runtime.compact.compressed.wasm" "$out.tmp"
	cargo build --release --workspace --locked >&2
	find "$cache" -name 'sluice_runtime-spec-bump-*.wasm' ! -name "$(basename "$out")" -delete
	mv "$out.tmp" "$out"
fi
echo "$out"
