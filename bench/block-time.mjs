// Measures block intervals (from each block's `timestamp.now`) and finality lag over N blocks,
// then writes p50/p99 figures to bench/RESULTS.md under the given label.
//
//   node bench/block-time.mjs --dev [--blocks 130]            starts sluice-node --dev --tmp
//   node bench/block-time.mjs --ws ws://127.0.0.1:9944 --label zombienet [--blocks 130]

import { execSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connect, startDevNode } from "../e2e/lib/node.js";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const blocks = parseInt(opt("--blocks", "130"), 10);
const dev = args.includes("--dev");
const label = opt("--label", dev ? "dev" : "network");
const command = `node bench/block-time.mjs ${args.join(" ")}`;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

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
  for (let n = first; n <= last; n++) {
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

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  let commit = "uncommitted";
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {}
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, commit ${commit}`;
}

function record(result) {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "RESULTS.md");
  const header = "# Sluice benchmark results\n\nFigures as measured by the commands shown, on the machine shown.\n";
  let text = existsSync(file) ? readFileSync(file, "utf8") : header;
  const begin = `<!-- block-time:${label} -->`;
  const end = `<!-- /block-time:${label} -->`;
  const section = [
    begin,
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
    end,
  ].join("\n");
  const at = text.indexOf(begin);
  if (at >= 0) {
    text = text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length);
  } else {
    text = `${text.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(file, text);
}

const node = dev ? await startDevNode() : null;
const api = node ? node.api : await connect(opt("--ws", "ws://127.0.0.1:9944"));
try {
  const result = await measure(api);
  console.log(JSON.stringify({ label, ...result }));
  record(result);
} finally {
  if (node) await node.stop();
  else await api.disconnect();
}
