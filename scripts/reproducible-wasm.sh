#!/usr/bin/env bash
# Checks that the runtime's wasm does not depend on where the checkout is: builds it a second time
# from a copy of this checkout's sources at another path ($CARGO_TARGET_DIR/repro/checkout), with
# the node's own build script (runtime/build.rs, compiled by the node's build) run there by hand
# and its wasm builder in a target dir of its own ($CARGO_TARGET_DIR/repro/target, so that none of
# the first build's wasm artifacts is reused), and compares the result with the node's `:code`.
# Wasm-only: nothing native is compiled. The second blob is cached under a hash of the sources, so
# an unchanged runtime costs one comparison; the repro target dir persists like the main one, so a
# changed runtime recompiles only what changed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"

# The node's blob, as it puts it in genesis.
node_blob="$(mktemp)"
trap 'rm -f "$node_blob"' EXIT
"$SLUICE_NODE" build-spec --chain dev --raw 2>/dev/null | python3 -c '
import json, sys
code = json.load(sys.stdin)["genesis"]["raw"]["top"]["0x3a636f6465"]
sys.stdout.buffer.write(bytes.fromhex(code.removeprefix("0x")))' >"$node_blob"

# What else the second build depends on: where the copy is and the wasm builder's switches.
key="$(sources_key "repro ${SLUICE_WASM_SOURCE:-} $(env | grep '^WASM_BUILD_' | sort | tr '\n' ' ')")"
cache="$HOME/.cache/sluice/repro"
second="$cache/sluice_runtime-$key.compact.compressed.wasm"
if [ ! -f "$second" ]; then
	repro="$CARGO_TARGET_DIR/repro"
	rm -rf "$repro/checkout"
	mkdir -p "$repro/checkout" "$cache"
	# The checkout's files as they are (tracked files deleted in the worktree are left out).
	git ls-files -co --exclude-standard -z -- Cargo.toml Cargo.lock rust-toolchain.toml \
		math node pallets primitives runtime test-support |
		tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$repro/checkout"
	# This checkout's compiled build script of the runtime, as cargo reports it for the node's
	# build (scripts/build.sh, which is fresh by now: nothing is compiled). Other checkouts
	# sharing the target dir have their own. Its wasm features come from the environment below.
	script="$(cargo build --release --workspace --locked --message-format=json 2>/dev/null |
		python3 -c '
import json, sys
runtime = "path+file://" + sys.argv[1] + "/runtime#"
for line in sys.stdin:
    msg = json.loads(line)
    if (msg.get("reason") == "compiler-artifact" and msg["package_id"].startswith(runtime)
            and msg["target"]["kind"] == ["custom-build"]):
        print(msg["filenames"][0])' "$SLUICE_ROOT")"
	if [ ! -x "$script" ]; then
		echo "reproducible-wasm: cargo did not report this checkout's build script of the runtime" >&2
		exit 1
	fi
	out_dir="$repro/target/release/build/sluice-runtime-repro/out"
	wbuild="$repro/target/release/wbuild/sluice-runtime"
	blob="$wbuild/sluice_runtime.compact.compressed.wasm"
	mkdir -p "$out_dir"
	# All three blobs: the builder rewrites the compressed one only when the others changed.
	rm -f "$wbuild"/sluice_runtime{,.compact,.compact.compressed}.wasm
	log="$repro/build-script.log"
	# What cargo gives a build script of sluice-runtime with its default features, with the
	# toolchain rust-toolchain.toml pins (cargo's rustup proxy would export it).
	toolchain="$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)"
	if ! (cd "$repro/checkout/runtime" && env -u SKIP_WASM_BUILD -u SKIP_SLUICE_RUNTIME_WASM_BUILD \
		RUSTUP_TOOLCHAIN="$toolchain" CARGO="$(rustup which --toolchain "$toolchain" cargo)" \
		CARGO_MANIFEST_DIR="$repro/checkout/runtime" CARGO_PKG_NAME=sluice-runtime OUT_DIR="$out_dir" \
		CARGO_FEATURE_DEFAULT=1 CARGO_FEATURE_STD=1 CARGO_FEATURE_METADATA_HASH=1 \
		"$script") >"$log" 2>&1 || [ ! -f "$blob" ]; then
		cat "$log" >&2
		echo "reproducible-wasm: the second build failed" >&2
		exit 1
	fi
	cp "$blob" "$second.tmp"
	find "$cache" -name 'sluice_runtime-*.wasm' ! -name "$(basename "$second")" -delete
	mv "$second.tmp" "$second"
fi

first_hash="$(sha256sum <"$node_blob" | cut -d' ' -f1)"
second_hash="$(sha256sum <"$second" | cut -d' ' -f1)"
if [ "$first_hash" != "$second_hash" ]; then
	echo "reproducible-wasm: the node's wasm ($first_hash, $SLUICE_ROOT) differs from the one built at $CARGO_TARGET_DIR/repro/checkout ($second_hash, kept at $second); is the node built from these sources (scripts/build.sh)?" >&2
	exit 1
fi
echo "reproducible-wasm: the wasm built at $SLUICE_ROOT and at $CARGO_TARGET_DIR/repro/checkout is the same: sha256 $first_hash ($(stat -c %s "$second") bytes)"
