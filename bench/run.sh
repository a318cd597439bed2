#!/usr/bin/env bash
# The throughput benchmark in one command: builds the node, then loads
#   dev        one `sluice-node --dev` with every workload (transfer baseline, liquid-staking
#              stake, index swap and join, reactor deposit, restaking delegate, asset-conversion
#              swap, mixed), and
#   zombienet  the four-validator network (zombienet/local.toml, submitting to Alice) with the
#              transfer baseline and the mixed workload,
# writing the tables to bench/RESULTS.md and the plots to bench/throughput-<label>.png. Fails if
# any workload misses its budget: p99 block interval ≤ 1 100 ms and finality lag ≤ 2 on dev, ≤ 1 200 ms
# and ≤ 3 on the network, and no extrinsic the pool accepted missing from the chain.
#   bench/run.sh [dev|zombienet|all] [--accounts 80] [--per-account 50]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$SLUICE_ROOT"
what="${1:-all}"
shift || true
scripts/setup.sh
python3 -c "import matplotlib" 2>/dev/null || python3 -m pip install --quiet --user matplotlib
scripts/build.sh
npm_install e2e

if [ "$what" = dev ] || [ "$what" = all ]; then
	node bench/throughput.mjs --plot "$@"
fi

if [ "$what" = zombienet ] || [ "$what" = all ]; then
	spawn_zombienet
	node bench/throughput.mjs --ws ws://127.0.0.1:9944 --label zombienet --workloads transfer,mixed --plot "$@"
fi
