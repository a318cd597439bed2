#!/usr/bin/env bash
# Throughput of the pallets' hot calls next to a transfer, on one dev node; writes bench/RESULTS.md.
#   bench/throughput.sh [--accounts 80] [--per-account 50]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$SLUICE_ROOT"
npm_install e2e
exec node bench/throughput.mjs "$@"
