#!/usr/bin/env bash
# Four validators (Alice, Bob, Charlie, Dave on the `local` chain) with real network latency
# between them, at each one-way delay given (default 0 50 100 200 ms): block interval p50/p99 and
# finality lag, idle and under the transfer load, as one table in bench/RESULTS.md
# (section `latency`). A benchmark run by its own command, not a step of the test suite.
#   bench/latency.sh [--blocks 60] [--accounts 40] [--per-account 50] [DELAY_MS ...]
#
# This kernel has no `netem` qdisc, so the delay is made in user space: each validator runs in its
# own network namespace, joined to the host by a veth pair (host 10.77.<i>.1, validator
# 10.77.<i>.2), and bench/delay-relay.py listens on 10.77.<i>.1:30333 and forwards to the
# validator's p2p port, holding every chunk for the delay. IP forwarding stays off, so a validator
# reaches another only through that one's relay: the bootnodes and public addresses name the
# relays, and the validators' own addresses, which libp2p's identify spreads, lead nowhere. Every
# connection between two validators crosses one relay, so a message takes the delay once.
# RPC (port 9944) is reached on 10.77.<i>.2 from the host, without delay; the load goes to Alice.
# Needs root (ip netns, veth); it stops only the processes it started, by PID, and removes only
# the namespaces and links it created.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$SLUICE_ROOT"

blocks=60
accounts=40
per_account=50
delays=()
while [ $# -gt 0 ]; do
	case "$1" in
	--blocks) blocks="$2"; shift 2 ;;
	--accounts) accounts="$2"; shift 2 ;;
	--per-account) per_account="$2"; shift 2 ;;
	*) delays+=("$1"); shift ;;
	esac
done
[ ${#delays[@]} -gt 0 ] || delays=(0 50 100 200)
[ "$(id -u)" -eq 0 ] || { echo "latency: needs root (network namespaces)" >&2; exit 1; }

scripts/build.sh
npm_install e2e

names=(alice bob charlie dave)
work="$(mktemp -d)"
results="$work/results.jsonl"
pids=()
namespaces=()
links=()

stop_network() {
	local pid
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for _ in $(seq 1 20); do
		local alive=0
		for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
		[ "$alive" -eq 0 ] && break
		sleep 0.5
	done
	for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
	pids=()
	local link ns
	for link in "${links[@]}"; do ip link del "$link" 2>/dev/null || true; done
	for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	links=()
	namespaces=()
}
trap 'stop_network; rm -rf "$work"' EXIT

"$SLUICE_NODE" build-spec --chain local --raw >"$work/local-raw.json" 2>/dev/null
peers=()
for i in 0 1 2 3; do
	"$SLUICE_NODE" key generate-node-key --file "$work/node-key-$i" 2>/dev/null
	peers+=("$("$SLUICE_NODE" key inspect-node-key --file "$work/node-key-$i")")
done

start_network() {
	local delay="$1" i ns host_link
	for i in 0 1 2 3; do
		ns="sluice-lat-$i"
		host_link="sllat${i}h"
		if ip netns list | grep -qw "$ns" || ip link show "$host_link" >/dev/null 2>&1; then
			echo "latency: $ns or $host_link exists already (another run?)" >&2
			return 1
		fi
		ip netns add "$ns"
		namespaces+=("$ns")
		ip link add "$host_link" type veth peer name "sllat${i}n"
		links+=("$host_link")
		ip link set "sllat${i}n" netns "$ns"
		ip addr add "10.77.$i.1/24" dev "$host_link"
		ip link set "$host_link" up
		ip netns exec "$ns" ip addr add "10.77.$i.2/24" dev "sllat${i}n"
		ip netns exec "$ns" ip link set "sllat${i}n" up
		ip netns exec "$ns" ip link set lo up
		ip netns exec "$ns" ip route add default via "10.77.$i.1"
	done
	local pairs=()
	for i in 0 1 2 3; do pairs+=("10.77.$i.1:30333=10.77.$i.2:30333"); done
	python3 bench/delay-relay.py --delay-ms "$delay" "${pairs[@]}" >"$work/relay.log" 2>&1 &
	pids+=($!)
	for i in 0 1 2 3; do
		local boot=() j
		for j in 0 1 2 3; do
			[ "$j" -eq "$i" ] || boot+=("/ip4/10.77.$j.1/tcp/30333/p2p/${peers[$j]}")
		done
		# `ip netns exec` execs the node: the PID is the node's.
		ip netns exec "sluice-lat-$i" "$SLUICE_NODE" \
			--chain "$work/local-raw.json" --base-path "$work/db-$delay-$i" "--${names[$i]}" \
			--node-key-file "$work/node-key-$i" \
			--listen-addr /ip4/10.77.$i.2/tcp/30333 --public-addr /ip4/10.77.$i.1/tcp/30333 \
			--bootnodes "${boot[@]}" --no-mdns --allow-private-ip --no-prometheus --no-telemetry \
			--rpc-port 9944 --unsafe-rpc-external --rpc-cors all \
			--pool-limit=20000 --rpc-max-connections=1000 \
			>"$work/node-$delay-$i.log" 2>&1 &
		pids+=($!)
	done
}

for delay in "${delays[@]}"; do
	step "four validators at $delay ms one-way delay"
	start_network "$delay"
	ws="ws://10.77.0.2:9944"
	# The harness waits (60 s) for Alice's RPC to open.
	if ! idle="$(node bench/block-time.mjs --ws "$ws" --label "latency-${delay}ms" --blocks "$blocks" --no-record | grep '^{')"; then
		tail -20 "$work/node-$delay-0.log" >&2
		exit 1
	fi
	# The harness's own budget is not this table's: latency-table.mjs judges the figures.
	loaded="$( (node bench/throughput.mjs --ws "$ws" --label "latency-${delay}ms" --workloads transfer \
		--accounts "$accounts" --per-account "$per_account" --no-record || true) | grep '^{')"
	printf '{"delay": %s, "idle": %s, "loaded": %s}\n' "$delay" "$idle" "$loaded" >>"$results"
	stop_network
done

node bench/latency-table.mjs "$results" "bench/latency.sh $*"
