#!/usr/bin/env bash
# The throughput benchmark in one command: builds the node, then loads
#   dev        one `sluice-node --dev` with every workload (transfer baseline, liquid-staking
#              stake, index swap and join, reactor deposit, restaking delegate, asset-conversion
#              swap, mixed), and
#   zombienet  the four-validator network (zombienet/local.toml, submitting to Alice) with the
#              transfer baseline and the mixed workload,
# writing the tables to bench/RESULTS.md and the plots to bench/throughput-<label>.png. Fails if
# the mixed load's median block interval exceeds 1 050 ms or its finality lag 3 blocks.
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
