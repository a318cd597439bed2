// Background transfer load, for the fault tests. The load lives in this module's state, which
// persists between js-script steps (zombienet `require`s the same file), so a later step can
// kill a validator while it runs.
//
//   load.js with "start,<seconds>,<per second>"  funds 20 accounts from Alice, then starts
//                                                 submitting 1-SLC transfers to a fresh sink,
//                                                 spread over alice, bob and charlie; returns
//   load.js with "stop"                           waits for the load to end and for every
//                                                 accepted transfer to be finalized, then checks
//                                                 that every node reports the same balances
//                                                 (the sink, the 20 senders, Alice) at one
//                                                 finalized block, and the sink received exactly
//                                                 one SLC per accepted transfer
const { SLC, account, assertSameView, connect, connectAll, disconnectAll, finalizedNumber, sleep, submit, submitRaw, viewAt, waitFinalized } = require("./common.js");

const SENDERS = 20;
const AMOUNT = SLC;
let load = null;

async function start(networkInfo, seconds, perSecond) {
  const alice = await account("//Alice");
  const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => account(`//Sluice//load//${i}`)));
  const sink = await account(`//Sluice//load//sink//${Date.now()}`);
  const targets = ["alice", "bob", "charlie"];
  const apis = await Promise.all(targets.map((n) => connect(networkInfo.nodesByName[n].wsUri)));
  const [api] = apis;
  await submit(api, api.tx.utility.batchAll(senders.map((s) => api.tx.balances.transferKeepAlive(s.address, 1_000n * SLC))), alice);
  const nonces = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
  const stats = { accepted: 0, refused: 0, errors: new Map() };
  const run = (async () => {
    const end = Date.now() + seconds * 1000;
    let i = 0;
    const pending = [];
    while (Date.now() < end) {
      const tick = Date.now();
      for (let k = 0; k < perSecond / 10; k++, i++) {
        const s = i % SENDERS;
        const target = apis[s % apis.length];
        const tx = await api.tx.balances.transferKeepAlive(sink.address, AMOUNT).signAsync(senders[s], { nonce: nonces[s]++, era: 0 });
        pending.push(
          submitRaw(target, tx.toHex())
            .then(() => stats.accepted++)
            .catch((e) => {
              stats.refused++;
              stats.errors.set(e.message, (stats.errors.get(e.message) || 0) + 1);
            }),
        );
      }
      await sleep(Math.max(0, 100 - (Date.now() - tick)));
    }
    await Promise.all(pending);
  })();
  load = { run, stats, sink, senders, alice, apis };
  console.log(`load: ${perSecond} transfers/s for ${seconds} s from ${SENDERS} accounts to ${sink.address}`);
  return 1;
}

async function stop(networkInfo) {
  if (!load) throw new Error("no load running");
  await load.run;
  const { stats, sink, senders, alice } = load;
  await Promise.all(load.apis.map((api) => api.disconnect()));
  load = null;
  console.log(`load: ${stats.accepted} accepted, ${stats.refused} refused ${JSON.stringify([...stats.errors])}`);
  if (stats.refused > 0) throw new Error(`${stats.refused} valid transfers were refused`);
  const apis = await connectAll(networkInfo);
  try {
    // Every accepted transfer reaches the sink in a finalized block.
    const expected = BigInt(stats.accepted) * AMOUNT;
    const api = apis.alice;
    let received = 0n;
    for (let i = 0; i < 240; i++) {
      const at = await api.at(await api.rpc.chain.getFinalizedHead());
      received = (await at.query.system.account(sink.address)).data.free.toBigInt();
      if (received >= expected) break;
      await sleep(500);
    }
    if (received !== expected) throw new Error(`sink holds ${received}, expected ${expected} (${stats.accepted} transfers)`);
    // Every node reports the same balances at one finalized block.
    const target = await finalizedNumber(api);
    await Promise.all(Object.values(apis).map((a) => waitFinalized(a, target)));
    const addresses = [sink.address, alice.address, ...senders.map((s) => s.address)];
    const views = {};
    for (const [name, a] of Object.entries(apis)) views[name] = await viewAt(a, target, addresses);
    const [first, ...rest] = Object.entries(views);
    for (const [name, view] of rest) assertSameView(name, view, first[1], first[0], target, addresses);
    console.log(`load: sink received ${stats.accepted} SLC; ${Object.keys(views).length} nodes agree on ${addresses.length} accounts at #${target}`);
    return stats.accepted;
  } finally {
    await disconnectAll(apis);
  }
}

async function run(_nodeName, networkInfo, args) {
  const [what, seconds, perSecond] = args;
  if (what === "start") return start(networkInfo, parseInt(seconds || "40", 10), parseInt(perSecond || "30", 10));
  if (what === "stop") return stop(networkInfo);
  throw new Error(`load.js: unknown command ${what}`);
}

module.exports = { run };
