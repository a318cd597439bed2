// Writes the latency matrix (bench/latency.sh) to bench/RESULTS.md, section `latency`, from the
// JSON lines the runs printed: one line per delay with the idle block-time figures and the
// transfer load's figures. Exits non-zero when the 100 ms row misses its budget (p99 block
// interval ≤ 1 200 ms and finality lag ≤ 3, idle and loaded), after writing the table.
//   node bench/latency-table.mjs RESULTS.jsonl "COMMAND"

import { readFileSync } from "node:fs";
import { machine, writeSection } from "./lib.mjs";

const [file, command] = process.argv.slice(2);
const rows = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));

const BUDGET_DELAY_MS = 100;
const MAX_P99_MS = 1200;
const MAX_LAG = 3;

const failures = [];
const lines = rows.map(({ delay, idle, loaded }) => {
  if (delay === BUDGET_DELAY_MS) {
    for (const [what, p99, lag] of [
      ["idle", idle.p99, idle.lagMax],
      ["loaded", loaded.intervalP99, loaded.lagMax],
    ]) {
      if (p99 > MAX_P99_MS || lag > MAX_LAG) {
        failures.push(`${delay} ms ${what}: p99 ${p99} ms (budget ${MAX_P99_MS}), finality lag max ${lag} (budget ${MAX_LAG})`);
      }
    }
  }
  return `| ${delay} | ${idle.p50} / ${idle.p99} / ${idle.max} | ${idle.lagP50} / ${idle.lagMax} | ${loaded.intervalP50} / ${loaded.intervalP99} | ${loaded.lagP50} / ${loaded.lagMax} | ${loaded.included}/${loaded.submitted} | ${loaded.perSecond.toFixed(1)} |`;
});

writeSection("latency", [
  "## Four validators with network latency",
  "",
  `Command: \`${command.trim()}\`  `,
  `Measured ${new Date().toISOString()} on ${machine()}; four validators of the \`local\` chain on this one machine, each in its own network namespace behind bench/delay-relay.py, which holds every chunk between two validators for the one-way delay shown; idle: block timestamps over the blocks given, loaded: \`balances.transfer_keep_alive\` from the throughput harness, submitted to Alice.`,
  "",
  "| one-way delay (ms) | idle interval p50 / p99 / max (ms) | idle finality lag p50 / max | loaded interval p50 / p99 (ms) | loaded finality lag p50 / max | loaded included/submitted | loaded transfers/s |",
  "|---|---|---|---|---|---|---|",
  ...lines,
  "",
  `Budget at ${BUDGET_DELAY_MS} ms: p99 block interval ≤ ${MAX_P99_MS} ms and finality lag ≤ ${MAX_LAG}, idle and loaded.${failures.length ? ` Missed: ${failures.join("; ")}.` : " Met."}`,
]);
if (failures.length) {
  console.error(`latency: ${failures.join("; ")}`);
  process.exit(1);
}
