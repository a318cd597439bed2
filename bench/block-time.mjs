// Measures block intervals (from each block's `timestamp.now`) and finality lag over N blocks,
// then writes p50/p99 figures to bench/RESULTS.md under the given label.
//
//   node bench/block-time.mjs --dev [--blocks 130]            starts sluice-node --dev --tmp
//   node bench/block-time.mjs --ws ws://127.0.0.1:9944 --label zombienet [--blocks 130]
// With --no-record it prints the figures (one JSON line) without writing RESULTS.md.

import { connect, startDevNode } from "../e2e/lib/node.js";
import { machine, percentile, writeSection } from "./lib.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const blocks = parseInt(opt("--blocks", "130"), 10);
const dev = args.includes("--dev");
const label = opt("--label", dev ? "dev" : "network");
const command = `node bench/block-time.mjs ${args.join(" ")}`;
// --no-record: print the figures only (bench/latency.sh collects them into its own table).
const recordResults = !args.includes("--no-record");

async function measure(api) {
  let finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const unsubFinal = await api.rpc.chain.subscribeFinalizedHeads((h) => {
    finalized = Math.max(finalized, h.number.toNumber());
  });
  const lags = [];
  let first = null;
  let last = null;
  await new Promise((resolve) => {
    let unsub;
    api.rpc.chain
      .subscribeNewHeads((header) => {
        const n = header.number.toNumber();
        if (first === null) first = n;
        if (last !== null && n <= last) return; // re-org or repeat: keep the highest seen
        last = n;
        lags.push(n - finalized);
        if (last - first >= blocks) {
          unsub();
          resolve();
        }
      })
      .then((u) => {
        unsub = u;
      });
  });
  unsubFinal();
  // Timestamps of the canonical chain between first and last.
  const stamps = [];
  // Genesis has no timestamp (0): intervals start at block #1.
  for (let n = Math.max(first, 1); n <= last; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    stamps.push((await (await api.at(hash)).query.timestamp.now()).toNumber());
  }
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  const sortedLags = [...lags].sort((a, b) => a - b);
  return {
    range: [first, last],
    intervals: intervals.length,
    p50: percentile(intervals, 50),
    p99: percentile(intervals, 99),
    max: intervals[intervals.length - 1],
    lagP50: percentile(sortedLags, 50),
    lagP99: percentile(sortedLags, 99),
    lagMax: sortedLags[sortedLags.length - 1],
  };
}

function record(result) {
  writeSection(`block-time:${label}`, [
    `## Block time: ${label}`,
    "",
    `Command: \`${command}\`  `,
    `Measured ${new Date().toISOString()} on ${machine()}; blocks #${result.range[0]}–#${result.range[1]} (${result.intervals} intervals, from block timestamps).`,
    "",
    "| metric | p50 | p99 | max |",
    "|---|---|---|---|",
    `| block interval (ms) | ${result.p50} | ${result.p99} | ${result.max} |`,
    `| finality lag (blocks, best − finalized at each new block) | ${result.lagP50} | ${result.lagP99} | ${result.lagMax} |`,
    "",
    "Finality lag is sampled when each new best block arrives, before it can be finalized: 1 means its parent was already final.",
  ]);
}

const node = dev ? await startDevNode() : null;
const api = node ? node.api : await connect(opt("--ws", "ws://127.0.0.1:9944"));
try {
  const result = await measure(api);
  console.log(JSON.stringify({ label, ...result }));
  if (recordResults) record(result);
} finally {
  if (node) await node.stop();
  else await api.disconnect();
}
