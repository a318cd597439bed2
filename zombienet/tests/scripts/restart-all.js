// For the stop-everything test: "save" records the finalized block (number, hash) and a sample of
// balances as alice sees them; "check" (after every node was killed and restarted from its base
// path) requires every node to have the same block finalized at that number, report the same
// balances at it, and finalize at least 5 blocks beyond it.
const { account, assertSameView, connectAll, disconnectAll, finalizedNumber, viewAt, waitFinalized } = require("./common.js");

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
      saved = { number, ...(await viewAt(api, number, addresses)) };
      console.log(`saved finalized #${number} ${saved.hash} and ${addresses.length} accounts`);
      return number;
    }
    if (args[0] !== "check") throw new Error(`restart-all.js: unknown command ${args[0]}`);
    if (!saved) throw new Error("nothing saved");
    for (const [name, api] of Object.entries(apis)) {
      await waitFinalized(api, saved.number + 5);
      assertSameView(name, await viewAt(api, saved.number, addresses), saved, "before the restart", saved.number, addresses);
      console.log(`${name}: finalized ${await finalizedNumber(api)}, #${saved.number} and its balances as before the restart`);
    }
    return saved.number;
  } finally {
    await disconnectAll(apis);
  }
}

module.exports = { run };
