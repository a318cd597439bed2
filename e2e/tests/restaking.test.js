// Restaking on the dev node: vSLC from liquid staking is deposited and delegated to two new
// operators of the oracle service (service 0); one feeds an outlier, is reported, and after the
// 60-block veto window its delegators and a queued withdrawal lose 10 %; rewards paid to the
// service reach the honest operator's delegators. Runtime-API figures are checked against
// storage.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { assetBalance, devAccounts, feePaid, freeBalance, SLC, submit, waitBlocks } from "../lib/tx.js";

const VSLC_ID = 1000;
const VSLC = { WithId: VSLC_ID };
const NATIVE = { Native: null };
const ONE = 10n ** 18n;
const ORACLE = 0;

describe("restaking", () => {
  const node = useDevNode(before, after);
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  let api;
  let vslc;
  before(() => {
    api = node().api;
  });

  const event = (events, method) => events.find((e) => e.section === "restaking" && e.method === method);
  const ok = async (tx, signer) => {
    const result = await submit(api, tx, signer);
    assert.equal(result.error, null, JSON.stringify(result.error));
    return result;
  };
  const staker = (who) => api.call.restakingApi.staker(who.address);
  const delegated = async (who, operator, asset) => {
    const view = await staker(who);
    const same = (a) => (asset.Native !== undefined ? a.isNative : a.isWithId && a.asWithId.toNumber() === asset.WithId);
    const entry = view.delegations.find(([o, a]) => o.toString() === operator.address && same(a));
    return entry ? entry[2].toBigInt() : 0n;
  };

  it("Alice is the genesis feeder; new operators join the oracle service after the delay", async () => {
    const feeders = (await api.call.restakingApi.oracleFeeders()).map((a) => a.toString());
    assert.deepEqual(feeders, [alice.address]);
    await ok(api.tx.liquidStaking.stake(20_000n * SLC), bob);
    // Bob keeps 1 % of his vSLC (its account must stay alive) and restakes the rest.
    vslc = ((await assetBalance(api, VSLC_ID, bob.address)) / 100n) * 99n;
    for (const op of [charlie, dave]) {
      const { events } = await ok(api.tx.restaking.registerOperator(100_000_000), op);
      assert.ok(event(events, "OperatorRegistered"));
    }
    const again = await submit(api, api.tx.restaking.registerOperator(0), charlie);
    assert.equal(again.error.name, "AlreadyOperator");
    const notOperator = await submit(api, api.tx.restaking.allocate(ORACLE, 1_000_000_000), bob);
    assert.equal(notOperator.error.name, "NotOperator");
    // Without stake an operator cannot take a seat in the oracle service.
    const empty = await submit(api, api.tx.restaking.allocate(ORACLE, 1_000_000_000), charlie);
    assert.equal(empty.error.name, "BelowMinAllocation");

    await ok(api.tx.restaking.deposit(VSLC, vslc), bob);
    await ok(api.tx.restaking.delegate(charlie.address, VSLC, vslc / 2n), bob);
    await ok(api.tx.restaking.delegate(dave.address, VSLC, vslc / 2n), bob);
    const bad = await submit(api, api.tx.restaking.deposit({ WithId: 1 }, 1_000_000n), eve);
    assert.equal(bad.error.name, "AssetNotRestakeable");
    await ok(api.tx.restaking.deposit(NATIVE, 4_000n * SLC), eve);
    await ok(api.tx.restaking.delegate(dave.address, NATIVE, 4_000n * SLC), eve);
    const { events } = await ok(api.tx.restaking.queueWithdrawal(dave.address, NATIVE, 1_000n * SLC), eve);
    assert.equal(event(events, "WithdrawalQueued").data.amount.toBigInt(), 1_000n * SLC);
    for (const op of [charlie, dave]) await ok(api.tx.restaking.allocate(ORACLE, 1_000_000_000), op);

    await waitBlocks(api, 31);
    const now = (await api.call.restakingApi.oracleFeeders()).map((a) => a.toString()).sort();
    assert.deepEqual(now, [alice.address, charlie.address, dave.address].sort());
    const view = (await api.call.restakingApi.operator(dave.address)).unwrap();
    const pool = (await api.query.restaking.pools(dave.address, NATIVE)).unwrap();
    assert.equal(view.stake.find(([a]) => a.isNative)[1].toBigInt(), pool.stake.toBigInt());
  });

  it("an outlier feeder is reported and slashed after the veto window", async () => {
    for (const [who, price] of [[alice, 1n], [charlie, 1n], [dave, 2n]]) {
      await ok(api.tx.oracle.feedValues([[{ Price: NATIVE }, price * ONE]]), who);
    }
    const honest = await submit(api, api.tx.restaking.reportOutlier(charlie.address, { Price: NATIVE }), ferdie);
    assert.equal(honest.error.name, "NotAnOutlier");
    const bobDave = await delegated(bob, dave, VSLC);
    const { events } = await ok(api.tx.restaking.reportOutlier(dave.address, { Price: NATIVE }), ferdie);
    const requested = event(events, "SlashRequested").data;
    assert.equal(requested.portion.toNumber(), 100_000_000);
    const twice = await submit(api, api.tx.restaking.reportOutlier(dave.address, { Price: NATIVE }), ferdie);
    assert.equal(twice.error.name, "AlreadyReported");
    const pending = await api.call.restakingApi.pendingSlashes();
    assert.equal(pending.length, 1);

    const due = requested.due.toNumber();
    for (;;) {
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      if (head >= due) break;
      await waitBlocks(api, Math.min(10, due - head));
    }
    assert.equal((await api.call.restakingApi.pendingSlashes()).length, 0);
    assert.equal(await delegated(eve, dave, NATIVE), 2_700n * SLC);
    const withdrawal = (await staker(eve)).withdrawals[0];
    assert.equal(withdrawal[3].toBigInt(), 900n * SLC);
    assert.equal(await delegated(bob, dave, VSLC), bobDave - (bobDave + 9n) / 10n);
    assert.equal(await delegated(bob, charlie, VSLC), vslc / 2n);
  });

  it("rewards reach the honest operator's delegators", async () => {
    const { events } = await ok(api.tx.restaking.distributeRewards(ORACLE, 1_000n * SLC), ferdie);
    assert.ok(event(events, "RewardsDistributed"));
    const pending = (await staker(bob)).pendingRewards.find(([a]) => a.isNative)[1].toBigInt();
    assert.ok(pending > 0n);
    const before = await freeBalance(api, bob.address);
    const claimed = await ok(api.tx.restaking.claim(NATIVE), bob);
    assert.equal(event(claimed.events, "Claimed").data.amount.toBigInt(), pending);
    assert.equal(await freeBalance(api, bob.address), before + pending - feePaid(claimed.events));
    const nothing = await submit(api, api.tx.restaking.claim(NATIVE), bob);
    assert.equal(nothing.error.name, "NothingToClaim");
  });
});
