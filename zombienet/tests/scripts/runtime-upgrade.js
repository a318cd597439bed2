// Forkless runtime upgrade on the running network: Alice (sudo) sets the code to the wasm at
// $SLUICE_UPGRADE_WASM (the runtime's next release: spec_version + 1 and a storage migration that
// moves the network's settings from NetworkParams.CurrentSettings to NetworkParams.SettingsInForce,
// built by scripts/upgrade-wasm.sh). Requires the migration done: the settings read under the new
// key equal to those under the old one before, the old key empty, the pallet at storage version 1.
// Requires: `system.CodeUpdated` in the block, every node reporting the new spec_version through
// state_getRuntimeVersion, blocks and finality continuing (10 more finalized blocks on every
// node), a transfer working under the new runtime, and state intact (accounts, an asset balance,
// the oracle operator's restaking record and the DEX pools read the same before and after).
// Eve and Ferdie hold no stake, so nothing but a transfer of theirs could change their accounts.
const fs = require("fs");

/** The raw storage key of `NetworkParams::<item>` (zombie.util is @polkadot/util-crypto). */
const networkParamsKey = (item) =>
  zombie.util.xxhashAsHex("NetworkParams", 128) + zombie.util.xxhashAsHex(item, 128).slice(2);
const { SLC, account, connectAll, disconnectAll, finalizedNumber, sleep, submit, waitFinalized } = require("./common.js");

async function snapshot(api, hash, who) {
  const at = await api.at(hash);
  const alice = who[0];
  return JSON.stringify({
    accounts: (await at.query.system.account.multi(who.slice(4))).map((a) => a.toHex()),
    usds: (await at.query.assets.account(1, who[5])).toHex(),
    operator: (await at.query.restaking.operators(alice)).toHex(),
    services: (await at.query.restaking.services(0)).toHex(),
    pools: (await at.query.assetConversion.pools.entries()).map(([k, v]) => k.toHex() + v.toHex()),
    issuanceOfUsds: (await at.query.assets.asset(1)).toHex(),
  });
}

async function run(_nodeName, networkInfo) {
  const path = process.env.SLUICE_UPGRADE_WASM;
  if (!path || !fs.existsSync(path)) throw new Error(`SLUICE_UPGRADE_WASM (${path}) is not a file`);
  const code = `0x${fs.readFileSync(path).toString("hex")}`;
  let apis = await connectAll(networkInfo);
  try {
    const api = apis.alice;
    const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
    const names = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];
    const who = (await Promise.all(names.map((n) => account(`//${n}`)))).map((a) => a.address);
    const alice = await account("//Alice");
    // The state before, at the best block on which the upgrade is built.
    const { blockHash, events } = await submit(
      api,
      api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCode(code), { refTime: 0, proofSize: 0 }),
      alice,
    );
    const header = await api.rpc.chain.getHeader(blockHash);
    const upgradeBlock = header.number.toNumber();
    const parent = header.parentHash;
    // The settings where the old runtime keeps them, raw, at the block before the upgrade.
    const oldSettings = (await api.rpc.state.getStorage(networkParamsKey("CurrentSettings"), parent)).toHex();
    if (oldSettings === "0x" || oldSettings.length < 10) throw new Error(`no settings under CurrentSettings: ${oldSettings}`);
    const sudid = events.find((e) => e.section === "sudo" && e.method === "Sudid");
    if (!sudid || !sudid.data[0].isOk) throw new Error(`sudo failed: ${sudid ? sudid.data[0].toString() : "no Sudid event"}`);
    if (!events.some((e) => e.section === "system" && e.method === "CodeUpdated")) throw new Error("no system.CodeUpdated event");
    console.log(`upgrade: code set in #${upgradeBlock} (${code.length / 2 - 1} bytes), spec_version was ${before}`);
    // Every node reports spec_version + 1.
    for (const [name, a] of Object.entries(apis)) {
      for (let i = 0; ; i++) {
        const version = (await a.rpc.state.getRuntimeVersion()).specVersion.toNumber();
        if (version === before + 1) break;
        if (i > 120) throw new Error(`${name} still reports spec_version ${version}`);
        await sleep(500);
      }
    }
    // Blocks and finality continue on every node.
    for (const a of Object.values(apis)) await waitFinalized(a, upgradeBlock + 10);
    // Fresh connections, with the new runtime's metadata: state intact and a transfer works.
    await disconnectAll(apis);
    apis = await connectAll(networkInfo);
    const fresh = apis.alice;
    const after = await snapshot(fresh, await fresh.rpc.chain.getFinalizedHead(), who);
    const was = await snapshot(fresh, parent, who);
    if (after !== was) throw new Error(`state changed across the upgrade:\nbefore ${was}\nafter  ${after}`);
    // The migration ran: the settings moved, unchanged, and the pallet is at storage version 1.
    const head = await fresh.rpc.chain.getFinalizedHead();
    const moved = (await fresh.query.networkParams.settingsInForce.at(head)).toHex();
    const rawMoved = (await fresh.rpc.state.getStorage(networkParamsKey("SettingsInForce"), head)).toHex();
    const left = await fresh.rpc.state.getStorage(networkParamsKey("CurrentSettings"), head);
    const version = (await fresh.rpc.state.getStorage(networkParamsKey(":__STORAGE_VERSION__:"), head)).toHex();
    if (rawMoved !== oldSettings || moved !== oldSettings) throw new Error(`settings after the move ${rawMoved} (${moved}), before ${oldSettings}`);
    if (!left.isEmpty) throw new Error(`CurrentSettings still holds ${left.toHex()}`);
    if (version !== "0x0100") throw new Error(`NetworkParams storage version ${version}, not 1`);
    console.log(`upgrade: settings moved to SettingsInForce (${moved.length / 2 - 1} bytes), storage version 1`);
    const sink = await account(`//Sluice//upgrade//${Date.now()}`);
    const { blockHash: tHash } = await submit(fresh, fresh.tx.balances.transferKeepAlive(sink.address, SLC), alice);
    const tBlock = (await fresh.rpc.chain.getHeader(tHash)).number.toNumber();
    await waitFinalized(fresh, tBlock);
    const got = (await fresh.query.system.account(sink.address)).data.free.toBigInt();
    if (got !== SLC) throw new Error(`a transfer under the new runtime left ${got}`);
    const versions = await Promise.all(Object.values(apis).map(async (a) => (await a.rpc.state.getRuntimeVersion()).specVersion.toNumber()));
    console.log(`upgrade: spec_version ${before} -> ${versions.join("/")} on every node; finalized ${await finalizedNumber(fresh)}; state intact; transfer in #${tBlock}`);
    return before + 1;
  } finally {
    await disconnectAll(apis);
  }
}

module.exports = { run };
