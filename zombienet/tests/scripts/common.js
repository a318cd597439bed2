// Helpers shared by the zombienet js-scripts. `zombie` is the global zombienet provides.

async function connect(wsUri) {
  const provider = new zombie.WsProvider(wsUri);
  return zombie.ApiPromise.create({ provider, noInitWarn: true });
}

async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  const header = await api.rpc.chain.getHeader(hash);
  return header.number.toNumber();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { connect, finalizedNumber, sleep };
