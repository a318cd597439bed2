#!/usr/bin/env bash
# The whole test suite: formatting, lints, cargo tests (pallets, math, runtime integration),
# chain-spec freshness (the wasm included), the reproducible-wasm check, the try-runtime upgrade
# checks, e2e against a real dev node, and the four-validator zombienet tests.
# Installs what it needs first; idempotent.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
started=$(date +%s)

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "build (release: node + wasm runtime)"
scripts/build.sh

step "cargo clippy -D warnings"
cargo clippy --release --workspace --all-targets --locked -- -D warnings
# The next release's layout and migration (compiled only with the feature).
cargo clippy --release --locked -p pallet-network-params --features next-release --all-targets -- -D warnings

step "cargo test"
cargo test --release --workspace --locked

step "pallet benchmarks, run as tests on the mock runtimes"
cargo test --release --locked -p pallet-liquid-staking -p pallet-block-auction -p pallet-index-funds -p pallet-reactors -p pallet-restaking -p pallet-network-params \
	--features runtime-benchmarks --lib benchmarking

step "the next release's migration, on the network-params mock"
cargo test --release --locked -p pallet-network-params --features next-release --lib

step "chain specs are up to date"
scripts/chain-specs.sh --check

step "reproducible wasm: a second build from another checkout path gives the node's blob"
scripts/reproducible-wasm.sh

step "try-runtime: the next release's upgrade checks against a dev chain with activity"
scripts/try-runtime.sh

step "e2e (@polkadot/api against sluice-node --dev)"
npm_install e2e
(cd e2e && npm test)

step "zombienet (four validators)"
scripts/zombienet.sh test

step "all passed in $(( $(date +%s) - started )) s"
