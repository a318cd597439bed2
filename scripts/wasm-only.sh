#!/usr/bin/env bash
# Builds the runtime's wasm alone, with extra features, and prints the path of the blob: no
# native build of the runtime or its pallets. Usage:
#   scripts/wasm-only.sh NAME [FEATURE...]     e.g. scripts/wasm-only.sh try-upgrade try-runtime next-release
# It writes a project like the one the wasm builder writes for the node's build (same profile,
# same RUSTFLAGS, the runtime with `metadata-hash` and FEATURE...) and builds it in the builder's
# own target dir, so that the registry crates are the builder's artifacts and only the Sluice
# crates (built here from this checkout, not from the builder's copy of it, see runtime/build.rs)
# are compiled; the blob's name (sluice_runtime_NAME.wasm) is its own, so the builder's is never
# overwritten. The result is cached in ~/.cache/sluice/wasm/ under a hash of the runtime's sources
# and the features. The blob is the raw (bloaty) wasm, which the executor runs as it is; it has
# no metadata hash built in (CheckMetadataHash mode 1 is refused by it), and it is not meant to
# be reproducible (it names this checkout's path).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
name="$1"
shift
features=("metadata-hash" "$@")

builder="$CARGO_TARGET_DIR/release/wbuild/sluice-runtime"
if [ ! -d "$builder/target" ] || [ ! -f "$builder.rustflags" ]; then
	echo "wasm-only: the wasm builder's target dir or flags ($builder.rustflags) are missing: build the node first (scripts/build.sh)" >&2
	exit 1
fi
remaps="$(cat "$builder.rustflags")"
key="$(sources_key "$name ${features[*]} $remaps ${WASM_BUILD_RUSTFLAGS:-}")"
cache="$HOME/.cache/sluice/wasm"
out="$cache/sluice_runtime_${name//-/_}-$key.wasm"
if [ ! -f "$out" ]; then
	project="$CARGO_TARGET_DIR/wasm-only/$name"
	lib="sluice_runtime_${name//-/_}"
	mkdir -p "$project/src" "$cache"
	quoted="$(printf '"%s", ' "${features[@]}")"
	cat >"$project/Cargo.toml" <<TOML
# Written by scripts/wasm-only.sh: the wasm builder's project for the runtime with extra features.
[profile.release]
panic = "abort"
lto = "thin"

[profile.production]
inherits = "release"
lto = "fat"
codegen-units = 1

[profile.dev]
panic = "abort"

[package]
name = "sluice-runtime-$name-blob"
version = "1.0.0"
edition = "2021"

[lib]
name = "$lib"
crate-type = ["cdylib"]

[dependencies.wasm-project]
package = "sluice-runtime"
path = "$SLUICE_ROOT/runtime"
default-features = false
features = [${quoted%, }]

[workspace]
resolver = "2"
TOML
	echo '#![no_std] #![allow(unused_imports)] pub use wasm_project::*;' >"$project/src/lib.rs"
	cp "$SLUICE_ROOT/Cargo.lock" "$project/Cargo.lock"
	# The builder's RUSTFLAGS (runtime/build.rs: its path remaps, which it records, then heap base
	# and imported memory), so its artifacts are reused.
	RUSTFLAGS="-C link-arg=--export-table $remaps -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime ${WASM_BUILD_RUSTFLAGS:-}" \
		CARGO_TARGET_DIR="$builder/target" SKIP_WASM_BUILD= \
		cargo rustc --offline --target=wasm32v1-none --manifest-path="$project/Cargo.toml" --profile release >&2
	cp "$builder/target/wasm32v1-none/release/$lib.wasm" "$out.tmp"
	find "$cache" -name "sluice_runtime_${name//-/_}-*.wasm" ! -name "$(basename "$out")" -delete
	mv "$out.tmp" "$out"
fi
echo "$out"
