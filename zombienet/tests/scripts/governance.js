// OpenGov on the running network, as Polkadot.js apps' Governance pages drive it: Bob notes the
// preimage of `reactors.createReactor(Native)`, submits it on the protocol-admin track
// ({ Origins: "ProtocolAdmin" }), places the decision deposit; six accounts vote aye (4.2 M SLC,
// 34 % of the issuance). Requires: the referendum decided (Approved), the proposal enacted by the
// scheduler with a successful dispatch, and every node reporting the new reactor at a finalized
// block. Also requires that Bob's signed `createReactor` is refused.
const { SLC, account, connectAll, disconnectAll, finalizedNumber, sleep, submit, waitFinalized } = require("./common.js");

async function run(_nodeName, networkInfo) {
  const apis = await connectAll(networkInfo);
  try {
    const api = apis.alice;
    // Alice seeded the DEX pools and bonds as validator: her stash account votes instead.
    const names = ["Bob", "Charlie", "Dave", "Eve", "Ferdie", "Alice//stash"];
    const voters = await Promise.all(names.map((n) => account(`//${n}`)));
    const bob = voters[0];
    const proposal = api.tx.reactors.createReactor({ Native: null });

    // A signed account cannot create it.
    let refused = null;
    await submit(api, proposal, bob).catch((e) => {
      refused = e.message;
    });
    if (!refused || !refused.includes("BadOrigin")) throw new Error(`a signed createReactor was not refused: ${refused}`);
    const nextBefore = (await api.query.reactors.nextReactorId()).toNumber();

    // The call's encoding, as hex (a Uint8Array would be read as already length-prefixed).
    const bytes = proposal.method.toHex();
    const len = proposal.method.encodedLength;
    const hash = proposal.method.hash.toHex();
    await submit(api, api.tx.preimage.notePreimage(bytes), bob);
    const index = (await api.query.referenda.referendumCount()).toNumber();
    const { blockHash: submittedIn } = await submit(
      api,
      api.tx.referenda.submit({ Origins: "ProtocolAdmin" }, { Lookup: { hash, len } }, { After: 1 }),
      bob,
    );
    const submittedAt = (await api.rpc.chain.getHeader(submittedIn)).number.toNumber();
    await submit(api, api.tx.referenda.placeDecisionDeposit(index), bob);
    const vote = { Standard: { vote: { aye: true, conviction: "Locked1x" }, balance: 700_000n * SLC } };
    await Promise.all(voters.map((who) => submit(api, api.tx.convictionVoting.vote(index, vote), who)));
    console.log(`governance: referendum ${index} submitted in #${submittedAt}, deposit placed, 6 votes in`);

    // Decided and enacted: the referendum is approved and the reactor exists.
    let enactedAt = null;
    for (let i = 0; i < 120 && enactedAt === null; i++) {
      await sleep(1000);
      const info = await api.query.referenda.referendumInfoFor(index);
      const reactor = await api.query.reactors.reactors(nextBefore);
      if (info.isSome && info.unwrap().isApproved && reactor.isSome) enactedAt = (await api.rpc.chain.getHeader()).number.toNumber();
      else if (info.isSome && !info.unwrap().isOngoing && !info.unwrap().isApproved) throw new Error(`referendum ${index} ended ${info.unwrap().type}`);
    }
    if (enactedAt === null) throw new Error(`referendum ${index} not enacted within 120 s`);
    // Every node has it at a finalized block.
    for (const [name, a] of Object.entries(apis)) {
      await waitFinalized(a, enactedAt);
      const at = await a.at(await a.rpc.chain.getFinalizedHead());
      const reactor = await at.query.reactors.reactors(nextBefore);
      if (reactor.isNone) throw new Error(`${name} has no reactor ${nextBefore} at its finalized head`);
      if (!reactor.unwrap().asset.isNative) throw new Error(`${name}: reactor ${nextBefore} is not SLC's`);
    }
    console.log(`governance: referendum ${index} approved, reactor ${nextBefore} created by #${enactedAt} (${enactedAt - submittedAt} blocks after submission), finalized on every node (alice at ${await finalizedNumber(api)})`);
    return enactedAt - submittedAt;
  } finally {
    await disconnectAll(apis);
  }
}

module.exports = { run };
