#!/usr/bin/env bash
# Four-validator network under zombienet (native provider), using the workspace's node binary.
#   scripts/zombienet.sh spawn        start the network and keep it running (Ctrl-C stops it)
#   scripts/zombienet.sh test [FILE]  run zombienet/tests/*.zndsl (or one file): four validators
#                                     and a validator down; faults (a validator killed under load,
#                                     all stopped and restarted, an invalid-extrinsic flood); a
#                                     forkless runtime upgrade (wasm from scripts/upgrade-wasm.sh)
set -euo pipefail
source "$(dirname "$0")/env.sh"
npm_install "$SLUICE_ROOT/zombienet"
case "${1:-test}" in
	spawn)
		use_fresh_chain_specs
		cd "$SLUICE_ROOT/zombienet"
		npx zombienet spawn --provider native local.toml
		;;
	test)
		SLUICE_UPGRADE_WASM="$("$SLUICE_ROOT/scripts/upgrade-wasm.sh")"
		export SLUICE_UPGRADE_WASM
		use_fresh_chain_specs
		cd "$SLUICE_ROOT/zombienet"
		for t in ${2:-tests/*.zndsl}; do
			step "zombienet test $t"
			npx zombienet test --provider native "$t"
		done
		;;
	*) echo "usage: $0 spawn|test [tests/FILE.zndsl]" >&2; exit 2 ;;
esac
