// Helpers shared by the zombienet js-scripts. `zombie` is the global zombienet provides
// (ApiPromise, WsProvider, Keyring, util = @polkadot/util-crypto).

const SLC = 10n ** 12n;

async function connect(wsUri) {
  const provider = new zombie.WsProvider(wsUri);
  const api = await zombie.ApiPromise.create({ provider, noInitWarn: true });
  // For submitting without @polkadot/api's logging of every refusal (see submitRaw).
  api.wsProvider = provider;
  return api;
}

/** Submits a signed extrinsic (hex) through `author_submitExtrinsic`; rejects if refused. */
function submitRaw(api, hex) {
  return api.wsProvider.send("author_submitExtrinsic", [hex]);
}

/** Connections to every node of the network, by name. */
async function connectAll(networkInfo) {
  const names = Object.keys(networkInfo.nodesByName).sort();
  const apis = await Promise.all(names.map((n) => connect(networkInfo.nodesByName[n].wsUri)));
  return Object.fromEntries(names.map((n, i) => [n, apis[i]]));
}

async function disconnectAll(apis) {
  await Promise.all(Object.values(apis).map((api) => api.disconnect()));
}

async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  const header = await api.rpc.chain.getHeader(hash);
  return header.number.toNumber();
}

async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Waits until the node's finalized head reaches `number`, polling every 500 ms. */
async function waitFinalized(api, number) {
  while ((await finalizedNumber(api)) < number) await sleep(500);
}

/** sr25519 key pair of a secret URI ("//Alice", "//Sluice//load//3"). */
async function account(uri) {
  await zombie.util.cryptoWaitReady();
  return new zombie.Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(uri);
}

/** Signs and submits `tx`, resolving with the events once it is in a block; rejects if it failed. */
function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      // A status stream may skip InBlock and go straight to Finalized (seen with a runtime
      // upgrade's block); either means the extrinsic is in a block.
      if (status.isInBlock || status.isFinalized) {
        if (unsub) unsub();
        if (dispatchError) {
          const why = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule).name : dispatchError.type;
          reject(new Error(`${tx.method.section}.${tx.method.method} failed: ${why}`));
        } else resolve({ blockHash: status.isInBlock ? status.asInBlock : status.asFinalized, events: events.map(({ event }) => event) });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        if (unsub) unsub();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}

/** The SCALE-encoded `system.account` of each address at block `hash`, as hex strings. */
async function accountsAt(api, hash, addresses) {
  const at = await api.at(hash);
  return (await at.query.system.account.multi(addresses)).map((a) => a.toHex());
}

/** The hash of block #`number` on `api` and the `system.account` of `addresses` at it. */
async function viewAt(api, number, addresses) {
  const hash = (await api.rpc.chain.getBlockHash(number)).toHex();
  return { hash, accounts: await accountsAt(api, hash, addresses) };
}

/** Throws unless `view` (of node `name`) has the block and accounts of `reference` (`against`). */
function assertSameView(name, view, reference, against, number, addresses) {
  if (view.hash !== reference.hash) throw new Error(`${name} has ${view.hash} at #${number}, ${against} ${reference.hash}`);
  view.accounts.forEach((acc, i) => {
    if (acc !== reference.accounts[i]) throw new Error(`${name} reports ${addresses[i]} as ${acc}, ${against} ${reference.accounts[i]}`);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = {
  SLC,
  account,
  accountsAt,
  assertSameView,
  bestNumber,
  connect,
  connectAll,
  disconnectAll,
  finalizedNumber,
  sleep,
  submit,
  submitRaw,
  viewAt,
  waitFinalized,
};
