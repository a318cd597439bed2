#!/usr/bin/env bash
# Four-validator network under zombienet (native provider), using the workspace's node binary.
#   scripts/zombienet.sh spawn   start the network and keep it running (Ctrl-C stops it)
#   scripts/zombienet.sh test    run zombienet/tests/*.zndsl
set -euo pipefail
source "$(dirname "$0")/env.sh"
npm_install "$SLUICE_ROOT/zombienet"
use_fresh_chain_specs
cd "$SLUICE_ROOT/zombienet"
case "${1:-test}" in
	spawn) npx zombienet spawn --provider native local.toml ;;
	test)
		for t in tests/*.zndsl; do
			npx zombienet test --provider native "$t"
		done
		;;
	*) echo "usage: $0 spawn|test" >&2; exit 2 ;;
esac
