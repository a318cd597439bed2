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
	spawn_zombienet
	node bench/block-time.mjs --ws ws://127.0.0.1:9944 --label zombienet --blocks "$blocks"
fi
