// Floods every node with invalid extrinsics for N seconds (args[0]) — bad signatures, stale
// nonces, an unfunded sender, oversized calls (a 4 MiB remark, beyond the block's length limit)
// and far-future nonces — while a valid transfer is sent every 2 s. Requires: every invalid
// extrinsic refused by the pool (the future-nonce ones may wait in its future queue, but are
// never included), every valid transfer included and finalized, and blocks and finality keeping
// pace: at least 80 % of the expected blocks produced and finalized, median interval ≤ 1 100 ms.
const { SLC, account, bestNumber, connectAll, disconnectAll, finalizedNumber, sleep, submit, submitRaw, waitFinalized } = require("./common.js");

const hex = (bytes) => `0x${Buffer.from(bytes).toString("hex")}`;

async function run(_nodeName, networkInfo, args) {
  const seconds = parseInt(args[0] || "20", 10);
  const apis = await connectAll(networkInfo);
  const nodes = Object.values(apis);
  const api = apis.alice;
  try {
    const alice = await account("//Alice");
    const flooder = await account(`//Sluice//flood//${Date.now()}`);
    const honest = await account(`//Sluice//honest//${Date.now()}`);
    const nobody = await account(`//Sluice//nobody//${Date.now()}`);
    const sink = await account(`//Sluice//flood//sink//${Date.now()}`);
    await submit(
      api,
      api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(flooder.address, 1_000n * SLC),
        api.tx.balances.transferKeepAlive(honest.address, 1_000n * SLC),
      ]),
      alice,
    );
    // The flooder spends nonces 0..4 so that low nonces are stale.
    for (let i = 0; i < 5; i++) await submit(api, api.tx.system.remark("0x00"), flooder);
    const transfer = (i) => api.tx.balances.transferKeepAlive(sink.address, SLC + BigInt(i));
    // A random 64-byte sr25519 "signature" for the flooder's account.
    const badSigner = {
      signPayload: async () => ({ id: 1, signature: hex([1, ...zombie.util.randomAsU8a(64)]) }),
    };
    const kinds = {
      "bad signature": async (i) => (await transfer(i).signAsync(flooder.address, { signer: badSigner, nonce: 5 + (i % 3), era: 0 })).toHex(),
      "stale nonce": async (i) => (await transfer(i).signAsync(flooder, { nonce: i % 5, era: 0 })).toHex(),
      "unfunded sender": async (i) => (await transfer(i).signAsync(nobody, { nonce: i, era: 0 })).toHex(),
      oversized: async (i) => (await api.tx.system.remark(hex(new Uint8Array(4 * 1024 * 1024).fill(i % 251))).signAsync(flooder, { nonce: 5, era: 0 })).toHex(),
      "future nonce": async (i) => (await transfer(i).signAsync(flooder, { nonce: 1_000 + i, era: 0 })).toHex(),
    };
    // Pre-sign distinct extrinsics of each kind (the oversized ones are few: each is 4 MiB); the
    // pool validates each the first time and bans it for a while after, as it would an attacker's.
    const pool = {};
    for (const [kind, make] of Object.entries(kinds)) {
      const n = kind === "oversized" ? 4 : kind === "future nonce" ? 64 : 1000;
      pool[kind] = await Promise.all(Array.from({ length: n }, (_, i) => make(i)));
    }
    const counts = Object.fromEntries(Object.keys(kinds).map((k) => [k, { sent: 0, refused: 0, accepted: 0 }]));
    const startBest = await bestNumber(api);
    const startFinal = await finalizedNumber(api);
    const startTime = (await api.query.timestamp.now()).toNumber();
    const end = Date.now() + seconds * 1000;
    // The honest sender submits a transfer every 2 s to Bob; none may be refused.
    let honestSent = 0;
    const honestRun = (async () => {
      while (Date.now() < end) {
        const tx = await apis.bob.tx.balances.transferKeepAlive(sink.address, SLC).signAsync(honest, { nonce: honestSent, era: 0 });
        await submitRaw(apis.bob, tx.toHex());
        honestSent++;
        await sleep(2000);
      }
    })();
    const worker = async (w) => {
      const names = Object.keys(kinds);
      for (let i = w; Date.now() < end; i += 8) {
        const kind = names[i % names.length];
        if (kind === "oversized" && i % 40 >= 5) continue; // at most one in eight rounds
        const list = pool[kind];
        const node = nodes[i % nodes.length];
        counts[kind].sent++;
        try {
          await submitRaw(node, list[i % list.length]);
          counts[kind].accepted++;
        } catch {
          counts[kind].refused++;
        }
      }
    };
    await Promise.all([...Array.from({ length: 8 }, (_, w) => worker(w)), honestRun]);
    const endBest = await bestNumber(api);
    const endFinal = await finalizedNumber(api);
    const endTime = (await api.query.timestamp.now()).toNumber();
    console.log(`flood: ${JSON.stringify(counts)}`);
    for (const [kind, c] of Object.entries(counts)) {
      if (c.sent === 0) throw new Error(`no ${kind} extrinsic was sent`);
      if (kind !== "future nonce" && c.accepted > 0) throw new Error(`${c.accepted} ${kind} extrinsics were accepted`);
    }
    const produced = endBest - startBest;
    const finalized = endFinal - startFinal;
    const expected = Math.floor((endTime - startTime) / 1000);
    console.log(`flood: ${seconds} s, ${produced} blocks produced, ${finalized} finalized (${expected} slots); ${honestSent} honest transfers sent`);
    if (produced < expected * 0.8) throw new Error(`only ${produced} blocks in ${expected} slots under the flood`);
    if (finalized < expected * 0.8) throw new Error(`only ${finalized} blocks finalized in ${expected} slots under the flood`);
    // Median interval of the blocks made during the flood, from their timestamps.
    const stamps = [];
    for (let n = startBest; n <= endBest; n++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(n));
      stamps.push((await at.query.timestamp.now()).toNumber());
    }
    const intervals = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const median = intervals[Math.floor(intervals.length / 2)];
    if (median > 1100) throw new Error(`median block interval ${median} ms under the flood`);
    // The honest transfers are final (at most 10 blocks after the flood), and no flooded
    // extrinsic made it into a block.
    let last = endBest;
    for (let i = 0; i < 10; i++) {
      const at = await api.at(await api.rpc.chain.getFinalizedHead());
      if ((await at.query.system.account(honest.address)).nonce.toNumber() >= honestSent) break;
      last = (await bestNumber(api)) + 1;
      await waitFinalized(api, last);
    }
    await waitFinalized(api, last);
    for (let n = startBest + 1; n <= last; n++) {
      const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
      for (const x of block.block.extrinsics) {
        if (x.isSigned && x.signer.toString() === flooder.address) throw new Error(`a flooded extrinsic is in block #${n}`);
        if (x.isSigned && x.signer.toString() === nobody.address) throw new Error(`an unfunded extrinsic is in block #${n}`);
      }
    }
    const final = await api.at(await api.rpc.chain.getFinalizedHead());
    const sinkFree = (await final.query.system.account(sink.address)).data.free.toBigInt();
    if (sinkFree !== BigInt(honestSent) * SLC) throw new Error(`the sink holds ${sinkFree} in a finalized block, not the ${honestSent} honest transfers`);
    console.log(`flood: median interval ${median} ms; every honest transfer included, no flooded extrinsic in any block`);
    return median;
  } finally {
    await disconnectAll(apis);
  }
}

module.exports = { run };
