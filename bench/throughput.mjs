// Throughput of a pallet's hot call next to `balances.transfer_keep_alive`, in one run on one dev
// node: pre-signs every extrinsic from many funded accounts, submits them as fast as the pool
// takes them, then counts the included ones from block contents and block timestamps.
//
//   node bench/throughput.mjs [--accounts 80] [--per-account 50]
//
// Writes the table to bench/RESULTS.md (section `throughput:dev`).

import { startDevNode } from "../e2e/lib/node.js";
import { accountFromUri, SLC, submit } from "../e2e/lib/tx.js";
import { machine, percentile, writeSection } from "./lib.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const accountsCount = parseInt(opt("--accounts", "80"), 10);
const perAccount = parseInt(opt("--per-account", "50"), 10);
const command = `node bench/throughput.mjs ${args.join(" ")}`.trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The workloads: a label, the pallet/method counted in blocks, and the call to sign. */
const workloads = (api, sink) => [
  {
    label: "balances.transfer_keep_alive",
    section: "balances",
    method: "transferKeepAlive",
    call: () => api.tx.balances.transferKeepAlive(sink, SLC / 100n),
  },
  {
    label: "liquidStaking.stake",
    section: "liquidStaking",
    method: "stake",
    call: () => api.tx.liquidStaking.stake(SLC),
  },
  {
    label: "indexFunds.swap (SLC → USDS, 3-asset fund)",
    section: "indexFunds",
    method: "swap",
    setup: () => createIndex(api),
    call: () => api.tx.indexFunds.swap(0, { Native: null }, SLC, { WithId: USDS_ID }, 0),
  },
  {
    label: "reactors.deposit (SLC reactor)",
    section: "reactors",
    method: "deposit",
    setup: () => createReactor(api),
    call: () => api.tx.reactors.deposit(0, SLC / 10n),
  },
  {
    label: "indexFunds.join (all 3 constituents)",
    section: "indexFunds",
    method: "join",
    call: () => api.tx.indexFunds.join(0, SLC / 1000n, [10n * SLC, 10n * 10n ** 6n, 10n ** 16n]),
  },
];

const USDS_ID = 1;
const WETH_ID = 2;
const ONE = 10n ** 18n;

/** Root (Alice, sudo) creates reactor 0 for SLC. */
async function createReactor(api) {
  const alice = accountFromUri("//Alice");
  const { error } = await submit(api, api.tx.sudo.sudo(api.tx.reactors.createReactor({ Native: null })), alice);
  if (error) throw new Error(`creating the reactor failed: ${JSON.stringify(error)}`);
}

/** Alice feeds the oracle and creates fund 0: 100 000 SLC, 100 000 USDS, 33 WETH at $1 / $1 / $3 000. */
async function createIndex(api) {
  const alice = accountFromUri("//Alice");
  const price = (kind, dollars) => [{ Price: kind }, dollars * ONE];
  const fed = await submit(
    api,
    api.tx.oracle.feedValues([
      price({ Native: null }, 1n),
      price({ WithId: USDS_ID }, 1n),
      price({ WithId: WETH_ID }, 3000n),
    ]),
    alice,
  );
  if (fed.error) throw new Error(`oracle feed failed: ${JSON.stringify(fed.error)}`);
  const { error } = await submit(
    api,
    api.tx.indexFunds.createIndex(
      [{ Native: null }, { WithId: USDS_ID }, { WithId: WETH_ID }],
      [340_000_000, 330_000_000, 330_000_000],
      [102_000n * SLC, 99_000n * 10n ** 6n, 33n * 10n ** 18n],
      "Fixed",
      { swap: 3_000_000, join: 0, exit: 0 },
      alice.address,
    ),
    alice,
  );
  if (error) throw new Error(`creating the index failed: ${JSON.stringify(error)}`);
}

async function fund(api, alice, accounts) {
  const transfers = accounts.flatMap((a) => [
    api.tx.balances.transferKeepAlive(a.address, 1_000n * SLC),
    // For the index-fund join: USDS and WETH.
    api.tx.assets.transferKeepAlive(USDS_ID, a.address, 1_000n * 10n ** 6n),
    api.tx.assets.transferKeepAlive(WETH_ID, a.address, 10n ** 18n),
  ]);
  const { error } = await submit(api, api.tx.utility.batchAll(transfers), alice);
  if (error) throw new Error(`funding failed: ${JSON.stringify(error)}`);
}

async function run(api, accounts, workload) {
  if (workload.setup) await workload.setup();
  // Pre-sign everything first so that signing does not limit the submission rate.
  const signed = [];
  for (const account of accounts) {
    let nonce = (await api.rpc.system.accountNextIndex(account.address)).toNumber();
    for (let i = 0; i < perAccount; i++) {
      signed.push((await workload.call().signAsync(account, { nonce: nonce++, era: 0 })).toHex());
    }
  }
  const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  // Submit with many requests in flight; the pool rejects nothing valid.
  let next = 0;
  let rejected = 0;
  const worker = async () => {
    while (next < signed.length) {
      const hex = signed[next++];
      try {
        await api.rpc.author.submitExtrinsic(hex);
      } catch {
        rejected++;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  // Wait until the pool is empty, then one more block.
  for (let i = 0; i < 600; i++) {
    if ((await api.rpc.author.pendingExtrinsics()).length === 0) break;
    await sleep(500);
  }
  const endWait = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
  while ((await api.rpc.chain.getHeader()).number.toNumber() < endWait) await sleep(200);
  // Count from block contents.
  const perBlock = [];
  let failed = 0;
  for (let n = startBlock + 1; n <= endWait; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const block = await api.rpc.chain.getBlock(hash);
    const at = await api.at(hash);
    const now = (await at.query.timestamp.now()).toNumber();
    // Only extrinsics of the workload that dispatched successfully count.
    const events = await at.query.system.events();
    const succeeded = new Set(
      events
        .filter(({ event, phase }) => phase.isApplyExtrinsic && api.events.system.ExtrinsicSuccess.is(event))
        .map(({ phase }) => phase.asApplyExtrinsic.toNumber()),
    );
    const matching = block.block.extrinsics
      .map((x, i) => ({ x, i }))
      .filter(({ x }) => x.method.section === workload.section && x.method.method === workload.method);
    const count = matching.filter(({ i }) => succeeded.has(i)).length;
    failed += matching.length - count;
    perBlock.push({ n, now, count });
  }
  const used = perBlock.filter((b) => b.count > 0);
  const included = used.reduce((s, b) => s + b.count, 0);
  const first = perBlock.findIndex((b) => b.count > 0);
  const last = perBlock.length - 1 - [...perBlock].reverse().findIndex((b) => b.count > 0);
  // The span starts at the block before the first one that included any (its slot began then).
  const spanMs = perBlock[last].now - (first > 0 ? perBlock[first - 1].now : perBlock[first].now - 1000);
  const intervals = perBlock.slice(1).map((b, i) => b.now - perBlock[i].now).sort((a, b) => a - b);
  return {
    label: workload.label,
    submitted: signed.length,
    rejected,
    failed,
    included,
    blocks: used.length,
    perSecond: (included * 1000) / spanMs,
    maxPerBlock: Math.max(...used.map((b) => b.count)),
    intervalP50: percentile(intervals, 50),
    intervalP99: percentile(intervals, 99),
  };
}

function record(results) {
  const base = results[0].perSecond;
  const rows = results.map(
    (r) =>
      `| ${r.label} | ${r.included}/${r.submitted} | ${r.perSecond.toFixed(1)} | ${(r.perSecond / base).toFixed(2)} | ${r.maxPerBlock} | ${r.intervalP50} / ${r.intervalP99} |`,
  );
  writeSection("throughput:dev", [
    "## Throughput: dev node",
    "",
    `Command: \`${command}\` (via \`bench/throughput.sh\`)  `,
    `Measured ${new Date().toISOString()} on ${machine()}; ${accountsCount} accounts × ${perAccount} pre-signed extrinsics per workload, submitted with 64 requests in flight to one \`sluice-node --dev\`; counted from block contents (successful dispatches only), over block timestamps.`,
    "",
    "| workload | included/submitted | extrinsics/s | ratio to transfer | max per block | block interval p50 / p99 (ms) |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "A block's capacity for each call follows from its generated weight (runtime/src/weights/); \"max per block\" shows where that capacity, not the submission rate, set the pace.",
  ]);
}

const node = await startDevNode();
try {
  const { api } = node;
  const alice = accountFromUri("//Alice");
  const accounts = Array.from({ length: accountsCount }, (_, i) => accountFromUri(`//Sluice//bench//${i}`));
  await fund(api, alice, accounts);
  const sink = accountFromUri("//Sluice//bench//sink").address;
  const results = [];
  for (const workload of workloads(api, sink)) {
    const result = await run(api, accounts, workload);
    console.log(JSON.stringify(result));
    results.push(result);
  }
  record(results);
} finally {
  await node.stop();
}
