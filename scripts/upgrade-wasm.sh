#!/usr/bin/env bash
# Prints the path of the forkless-upgrade test's wasm: this runtime with spec_version + 1
# (SLUICE_SPEC_VERSION_BUMP=1, see runtime/build.rs), building it when the cached one does not
# match the sources. Building it re-links the node with the bumped runtime, so the script builds
# the workspace again without the bump before it returns; a cached wasm costs nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
sources=(runtime pallets primitives math Cargo.toml Cargo.lock)
# The key hashes the files' contents (tracked or not, committed or not), not a commit.
key="$(git ls-files -co --exclude-standard -z -- "${sources[@]}" | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
cache="$HOME/.cache/sluice/upgrade"
out="$cache/sluice_runtime-spec-bump-$key.compact.compressed.wasm"
if [ ! -f "$out" ]; then
	mkdir -p "$cache"
	SLUICE_SPEC_VERSION_BUMP=1 cargo build --release --workspace --locked >&2
	cp "$CARGO_TARGET_DIR/release/wbuild/sluice-runtime/sluice_runtime.compact.compressed.wasm" "$out.tmp"
	cargo build --release --workspace --locked >&2
	find "$cache" -name 'sluice_runtime-spec-bump-*.wasm' ! -name "$(basename "$out")" -delete
	mv "$out.tmp" "$out"
fi
echo "$out"
