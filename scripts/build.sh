#!/usr/bin/env bash
# Builds the node (and the wasm runtime it embeds) in release mode.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$SLUICE_ROOT"
cargo build --release --workspace --locked "$@"
