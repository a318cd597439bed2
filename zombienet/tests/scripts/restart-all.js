// For the stop-everything test: "save" records the finalized block (number, hash) and a sample of
// balances as alice sees them; "check" (after every node was killed and restarted from its base
// path) requires every node to have the same block finalized at that number, report the same
// balances at it, and finalize at least 5 blocks beyond it.
const { account, accountsAt, connectAll, disconnectAll, finalizedNumber, waitFinalized } = require("./common.js");

let saved = null;

async function sample() {
  const names = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];
  const dev = await Promise.all(names.map((n) => account(`//${n}`)));
  const load = await Promise.all(Array.from({ length: 20 }, (_, i) => account(`//Sluice//load//${i}`)));
  return [...dev, ...load].map((a) => a.address);
}

async function run(_nodeName, networkInfo, args) {
  const apis = await connectAll(networkInfo);
  try {
    const addresses = await sample();
    if (args[0] === "save") {
      const api = apis.alice;
      const number = await finalizedNumber(api);
      const hash = await api.rpc.chain.getBlockHash(number);
      saved = { number, hash: hash.toHex(), accounts: await accountsAt(api, hash, addresses) };
      console.log(`saved finalized #${number} ${saved.hash} and ${addresses.length} accounts`);
      return number;
    }
    if (args[0] !== "check") throw new Error(`restart-all.js: unknown command ${args[0]}`);
    if (!saved) throw new Error("nothing saved");
    for (const [name, api] of Object.entries(apis)) {
      await waitFinalized(api, saved.number + 5);
      const hash = (await api.rpc.chain.getBlockHash(saved.number)).toHex();
      if (hash !== saved.hash) throw new Error(`${name} has ${hash} at #${saved.number}, not the finalized ${saved.hash}`);
      const accounts = await accountsAt(api, hash, addresses);
      accounts.forEach((acc, i) => {
        if (acc !== saved.accounts[i]) throw new Error(`${name} reports ${addresses[i]} as ${acc}, before the restart ${saved.accounts[i]}`);
      });
      console.log(`${name}: finalized ${await finalizedNumber(api)}, #${saved.number} and its balances as before the restart`);
    }
    return saved.number;
  } finally {
    await disconnectAll(apis);
  }
}

module.exports = { run };
