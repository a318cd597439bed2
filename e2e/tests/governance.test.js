// Governance on the dev node, driven through @polkadot/api as Polkadot.js apps' Governance pages
// drive it: the tracks' shapes read from `referenda.tracks`, `preimage.notePreimage`, `referenda.submit`
// with the track's origin ({ Origins: "ProtocolAdmin" }), `referenda.placeDecisionDeposit`,
// `convictionVoting.vote`, then the scheduler enacts the proposal. The dev chain's governance hour
// is one block, so a protocol-admin referendum prepares for 1 block, confirms for 3 and enacts 1
// block after approval.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { accountFromUri, devAccounts, feePaid, freeBalance, SLC, submit } from "../lib/tx.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe("governance", () => {
  const node = useDevNode(before, after);
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  // Alice seeded the DEX pools and bonds as validator: her stash account votes instead.
  const voters = [bob, charlie, dave, eve, ferdie, accountFromUri("//Alice//stash")];
  let api;
  before(() => {
    api = node().api;
  });
  const ok = async (tx, signer) => {
    const result = await submit(api, tx, signer);
    assert.equal(result.error, null, JSON.stringify(result.error));
    return result;
  };

  it("lists the tracks sized in governance hours", async () => {
    const tracks = api.consts.referenda.tracks.map(([id, info]) => [
      id.toNumber(),
      new TextDecoder().decode(info.name.toU8a(true)).replace(/\0+$/, ""),
      info.preparePeriod.toNumber(),
      info.confirmPeriod.toNumber(),
      info.minEnactmentPeriod.toNumber(),
    ]);
    // The metadata shows the public network's hour (3 600 blocks), as on every chain: its hash
    // is built into the runtime (see metadata-hash.test.js).
    const h = 3_600;
    assert.deepEqual(tracks, [
      [0, "root", 2 * h, 24 * h, 24 * h],
      [1, "protocol_admin", h, 3 * h, h],
      [2, "staking_admin", h, 3 * h, h],
      [3, "slash_veto", h, h, 1],
      [4, "treasurer", 2 * h, 24 * h, 24 * h],
      [5, "referendum_canceller", h, 3 * h, 1],
      [6, "referendum_killer", h, 3 * h, 1],
    ]);
    // This chain's governance hour is one block: its referenda run on that.
    assert.equal((await api.query.networkParams.grid()).governanceHour.toNumber(), 1);
  });

  it("refuses a signed account's reactor", async () => {
    const result = await submit(api, api.tx.reactors.createReactor({ Native: null }), bob);
    assert.deepEqual(result.error, { other: "BadOrigin" });
    assert.ok((await api.query.reactors.reactors(0)).isNone);
  });

  it("a referendum on the protocol-admin track creates a reactor", async () => {
    const proposal = api.tx.reactors.createReactor({ Native: null });
    // The call's encoding, as hex (a Uint8Array would be read as already length-prefixed).
    const bytes = proposal.method.toHex();
    const len = proposal.method.encodedLength;
    const hash = proposal.method.hash.toHex();
    const bobBefore = await freeBalance(api, bob.address);
    let bobFees = 0n;

    bobFees += feePaid((await ok(api.tx.preimage.notePreimage(bytes), bob)).events);
    const index = (await api.query.referenda.referendumCount()).toNumber();
    const submitted = await ok(
      api.tx.referenda.submit({ Origins: "ProtocolAdmin" }, { Lookup: { hash, len } }, { After: 1 }),
      bob,
    );
    bobFees += feePaid(submitted.events);
    assert.ok(submitted.events.some((e) => e.section === "referenda" && e.method === "Submitted"));
    bobFees += feePaid((await ok(api.tx.referenda.placeDecisionDeposit(index), bob)).events);

    // Six accounts vote 700 000 SLC aye each: 34 % of the issuance, above the track's 25 %.
    const vote = { Standard: { vote: { aye: true, conviction: "Locked1x" }, balance: 700_000n * SLC } };
    const votes = await Promise.all(
      voters.map((who) => submit(api, api.tx.convictionVoting.vote(index, vote), who)),
    );
    for (const v of votes) assert.equal(v.error, null, JSON.stringify(v.error));
    bobFees += feePaid(votes[0].events);

    // Approved and enacted within 20 blocks of the last vote.
    let reactor = null;
    for (let i = 0; i < 20 && !reactor; i++) {
      await sleep(1000);
      const r = await api.query.reactors.reactors(0);
      if (r.isSome) reactor = r.unwrap();
    }
    assert.ok(reactor, "no reactor within 20 s");
    assert.deepEqual(reactor.asset.toJSON(), { native: null });
    assert.ok((await api.query.referenda.referendumInfoFor(index)).unwrap().isApproved);

    // Bob takes back both deposits and the preimage's: he is down exactly his fees.
    bobFees += feePaid((await ok(api.tx.referenda.refundDecisionDeposit(index), bob)).events);
    bobFees += feePaid((await ok(api.tx.referenda.refundSubmissionDeposit(index), bob)).events);
    bobFees += feePaid((await ok(api.tx.preimage.unnotePreimage(hash), bob)).events);
    assert.equal(await freeBalance(api, bob.address), bobBefore - bobFees);
  });

  it("keeps sudo on the dev chain", async () => {
    // Alice's sudo is Root: it registers an oracle feed.
    const key = { Price: { WithId: 7 } };
    const result = await ok(api.tx.sudo.sudo(api.tx.oracleFeeds.registerFeed(key)), alice);
    const sudid = result.events.find((e) => e.section === "sudo" && e.method === "Sudid");
    assert.ok(sudid.data.sudoResult.isOk, sudid.data.sudoResult.toString());
    // Bob's signed call is refused.
    const refused = await submit(api, api.tx.oracleFeeds.registerFeed({ Price: { WithId: 8 } }), bob);
    assert.deepEqual(refused.error, { other: "BadOrigin" });
  });
});
