#!/usr/bin/env bash
# Installs what a fresh machine needs to build and test Sluice. Idempotent: it skips what is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

need_apt=()
# What the scripts call that a bare Debian lacks.
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v pgrep >/dev/null 2>&1 || need_apt+=(procps)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
	echo "setup: installing apt packages: ${need_apt[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# rust-toolchain.toml pins the exact toolchain. Where rustup does not have it, it is installed;
# where nothing can be fetched (these machines), the machine's stable toolchain is linked under the
# pinned name if it is that version.
pinned="$(sed -n 's/^channel = "\(.*\)"$/\1/p' "$root/rust-toolchain.toml")"
# Outside the checkout, rustc is the machine's default toolchain (not the pinned one).
host="$(cd / && rustc -vV | sed -n 's/^host: //p')"
toolchains="${RUSTUP_HOME:-$HOME/.rustup}/toolchains"
if [ ! -e "$toolchains/$pinned-$host" ] &&
	! (cd / && rustup toolchain install "$pinned" --profile minimal >/dev/null 2>&1); then
	default="$(cd / && rustc --version | cut -d' ' -f2)"
	if [ "$default" != "$pinned" ]; then
		echo "setup: rust-toolchain.toml pins $pinned, which cannot be installed here, and the default toolchain is $default" >&2
		exit 1
	fi
	ln -s "$(cd / && rustc --print sysroot)" "$toolchains/$pinned-$host"
fi

installed_targets="$(rustup target list --installed)"
for target in wasm32-unknown-unknown wasm32v1-none; do
	grep -qx "$target" <<<"$installed_targets" || rustup target add "$target"
done
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

# e2e and zombienet run on Node.js 20.10 or later (the test runner's features they use).
command -v node >/dev/null 2>&1 || { echo "setup: Node.js (>= 20.10) is required for e2e and zombienet" >&2; exit 1; }
node -e '
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 10)) {
  console.error(`setup: Node.js ${process.versions.node} is too old: e2e and zombienet need >= 20.10`);
  process.exit(1);
}'

