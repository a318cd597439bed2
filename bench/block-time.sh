#!/usr/bin/env bash
# Block-time benchmark on the dev node and on the four-validator zombienet network.
# Writes p50/p99 block interval and finality lag to bench/RESULTS.md.
#   bench/block-time.sh [dev|zombienet|all] [blocks]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$SLUICE_ROOT"
npm_install e2e
what="${1:-all}"
blocks="${2:-130}"

if [ "$what" = dev ] || [ "$what" = all ]; then
	node bench/block-time.mjs --dev --blocks "$blocks"
fi

if [ "$what" = zombienet ] || [ "$what" = all ]; then
	npm_install zombienet
	use_fresh_chain_specs
	log="$(mktemp)"
	(cd zombienet && exec npx zombienet spawn --provider native local.toml) >"$log" 2>&1 &
	zpid=$!
	stop_network() {
		kill -INT "$zpid" 2>/dev/null || true
		# zombienet stops its nodes on SIGINT; kill any that are still there after 10 s.
		for _ in $(seq 1 10); do
			pgrep -f "$SLUICE_NODE.*zombie" >/dev/null || return 0
			sleep 1
		done
		pkill -KILL -f "$SLUICE_NODE.*zombie" || true
	}
	trap 'stop_network; rm -rf "$SLUICE_CHAIN_SPECS"' EXIT
	for _ in $(seq 1 180); do
		grep -q "Network launched" "$log" && break
		kill -0 "$zpid" 2>/dev/null || { cat "$log"; exit 1; }
		sleep 1
	done
	node bench/block-time.mjs --ws ws://127.0.0.1:9944 --label zombienet --blocks "$blocks"
fi
