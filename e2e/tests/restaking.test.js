// Restaking and the oracle on the dev node. vSLC from liquid staking is delegated to two new
// operators of the oracle service (service 0), and an operator with only the minimum stake joins
// too: it cannot move the stake-weighted median against the genesis feeder. One operator feeds
// an outlier, is reported and loses 10 % at once (its delegators and a queued withdrawal with
// it); the slash is settled to the treasury after the 60-block veto window. The first and the
// last honest feeders in a price move cannot be reported. Rewards stream to the delegators.
// Runtime-API figures are checked against storage.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { accountFromUri, assetBalance, devAccounts, feePaid, freeBalance, SLC, submit, waitBlocks } from "../lib/tx.js";

const VSLC_ID = 1000;
const VSLC = { WithId: VSLC_ID };
const NATIVE = { Native: null };
const USDS = { WithId: 1 };
const ONE = 10n ** 18n;
const ORACLE = 0;
const ALL = 1_000_000_000; // Perbill 100 %

describe("restaking", () => {
  const node = useDevNode(before, after);
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  // An operator with the oracle's minimum: 1 000 SLC.
  const minimal = accountFromUri("//Sluice//e2e//minimal-operator");
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
  const failsWith = async (tx, signer, name) => {
    const { error } = await submit(api, tx, signer);
    assert.equal(error?.name, name);
  };
  const staker = (who) => api.call.restakingApi.staker(who.address);
  const delegated = async (who, operator, asset) => {
    const view = await staker(who);
    const same = (a) => (asset.Native !== undefined ? a.isNative : a.isWithId && a.asWithId.toNumber() === asset.WithId);
    const entry = view.delegations.find(([o, a]) => o.toString() === operator.address && same(a));
    return entry ? entry[2].toBigInt() : 0n;
  };
  const feeders = async () => (await api.call.restakingApi.oracleFeeders()).map(([a, w]) => [a.toString(), w.toBigInt()]);
  const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const waitUntil = async (block) => {
    for (let now = await head(); now < block; now = await head()) await waitBlocks(api, Math.min(10, block - now));
  };
  const feed = (values, who) => ok(api.tx.oracleFeeds.feed(values), who);
  const value = async (key) => {
    const v = await api.query.oracle.values(key);
    return v.isSome ? v.unwrap().value.toBigInt() : null;
  };
  const report = (who, key) => api.tx.restaking.reportOutlier(who.address, key);

  it("Alice is the genesis feeder; new operators join the oracle service once their stake has warmed up", async () => {
    assert.deepEqual(await feeders(), [[alice.address, 10_000n * SLC]]);
    await ok(api.tx.balances.transferKeepAlive(minimal.address, 1_100n * SLC), alice);
    await ok(api.tx.liquidStaking.stake(20_000n * SLC), bob);
    // Bob keeps 1 % of his vSLC (its account must stay alive) and restakes the rest.
    vslc = ((await assetBalance(api, VSLC_ID, bob.address)) / 100n) * 99n;
    for (const op of [charlie, dave]) {
      const { events } = await ok(api.tx.restaking.registerOperator(100_000_000, 100n * SLC), op);
      assert.ok(event(events, "OperatorRegistered"));
    }
    await failsWith(api.tx.restaking.registerOperator(0, 10n * SLC), eve, "SelfBondTooLow");
    await ok(api.tx.restaking.registerOperator(0, 1_000n * SLC), minimal);
    await failsWith(api.tx.restaking.registerOperator(0, 100n * SLC), charlie, "AlreadyOperator");
    await failsWith(api.tx.restaking.allocate(ORACLE, ALL), bob, "NotOperator");
    // Stake counts only once it has warmed up: no seat in the oracle service yet.
    await failsWith(api.tx.restaking.allocate(ORACLE, ALL), minimal, "BelowMinAllocation");

    await ok(api.tx.restaking.deposit(VSLC, vslc), bob);
    await ok(api.tx.restaking.delegate(charlie.address, VSLC, vslc / 2n), bob);
    await ok(api.tx.restaking.delegate(dave.address, VSLC, vslc / 2n), bob);
    await failsWith(api.tx.restaking.deposit({ WithId: 1 }, 1_000_000n), eve, "AssetNotRestakeable");
    await ok(api.tx.restaking.deposit(NATIVE, 4_000n * SLC), eve);
    await ok(api.tx.restaking.delegate(dave.address, NATIVE, 4_000n * SLC), eve);
    const { events } = await ok(api.tx.restaking.queueWithdrawal(dave.address, NATIVE, 1_000n * SLC), eve);
    assert.equal(event(events, "WithdrawalQueued").data.amount.toBigInt(), 1_000n * SLC);

    // Stake delegated now counts from the start of the 30-block epoch after next.
    await waitUntil((Math.floor((await head()) / 30) + 2) * 30);
    for (const op of [charlie, dave, minimal]) await ok(api.tx.restaking.allocate(ORACLE, ALL), op);
    // The allocations apply 30 blocks later; the oracle's snapshot follows every 10 blocks.
    await waitUntil((await head()) + 31);
    await waitUntil(Math.ceil(((await head()) + 1) / 10) * 10);
    const now = (await feeders()).map(([a]) => a).sort();
    assert.deepEqual(now, [alice.address, charlie.address, dave.address, minimal.address].sort());
    assert.equal((await feeders()).find(([a]) => a === minimal.address)[1], 1_000n * SLC);
    const snapshot = (await api.query.oracleFeeds.feeders()).map(([a]) => a.toString()).sort();
    assert.deepEqual(snapshot, now);
    const view = (await api.call.restakingApi.operator(dave.address)).unwrap();
    const pool = (await api.query.restaking.pools(dave.address, NATIVE)).unwrap();
    assert.equal(view.stake.find(([a]) => a.isNative)[1].toBigInt(), pool.stake.toBigInt());
  });

  it("an operator with the minimum stake does not move the median against the genesis feeder", async () => {
    const unpriced = await submit(api, api.tx.oracleFeeds.feed([[{ Price: { WithId: 4242 } }, 3n * ONE]]), minimal);
    assert.equal(unpriced.error.name, "UnknownFeed");
    await feed([[{ Price: USDS }, 3n * ONE]], minimal);
    await feed([[{ Price: USDS }, ONE]], alice);
    assert.notEqual(await value({ Price: USDS }), 3n * ONE);
    await feed([[{ Price: USDS }, ONE]], charlie);
    await feed([[{ Price: USDS }, ONE]], dave);
    assert.equal(await value({ Price: USDS }), ONE);
    // The direct upstream call is filtered out.
    const direct = await submit(api, api.tx.oracle.feedValues([[{ Price: USDS }, 3n * ONE]]), minimal);
    assert.equal(direct.error.name, "CallFiltered");
  });

  it("an outlier feeder is reported and slashed at once; the slash is settled after the veto window", async () => {
    // Dave feeds $2, then Alice and Charlie $1: against what the others fed after him, he strays.
    for (const [who, price] of [[dave, 2n], [alice, 1n], [charlie, 1n]]) await feed([[{ Price: NATIVE }, price * ONE]], who);
    // Charlie fed last: nothing to judge him by.
    await failsWith(report(charlie, { Price: NATIVE }), ferdie, "NoReference");
    const bobDave = await delegated(bob, dave, VSLC);
    const { events } = await ok(report(dave, { Price: NATIVE }), ferdie);
    const requested = event(events, "SlashRequested").data;
    assert.equal(requested.fraction.toNumber(), 100_000_000);
    // Taken at once: 10 % of Dave's pools, Eve's queued withdrawal included.
    assert.equal(await delegated(eve, dave, NATIVE), 2_700n * SLC);
    assert.equal((await staker(eve)).withdrawals[0][3].toBigInt(), 900n * SLC);
    assert.equal(await delegated(bob, dave, VSLC), bobDave - (bobDave + 9n) / 10n);
    assert.equal(await delegated(bob, charlie, VSLC), vslc / 2n);
    await failsWith(report(dave, { Price: NATIVE }), ferdie, "AlreadyReported");
    const pending = await api.call.restakingApi.pendingSlashes();
    assert.equal(pending.length, 1);
    await failsWith(api.tx.restaking.settleSlash(dave.address, ORACLE), ferdie, "SlashNotDue");

    await waitUntil(requested.due.toNumber());
    const settled = await ok(api.tx.restaking.settleSlash(dave.address, ORACLE), ferdie);
    const paid = settled.events.filter((e) => e.section === "restaking" && e.method === "SlashSettled");
    const slc = paid.find((e) => e.data.asset.isNative).data;
    // 10 % of Dave's 100 and Eve's 4 000 SLC; Ferdie, the reporter, gets 10 % of Dave's own 10.
    assert.equal(slc.treasury.toBigInt() + slc.reporter.toBigInt(), 410n * SLC);
    assert.equal(slc.reporter.toBigInt(), SLC);
    assert.equal((await api.call.restakingApi.pendingSlashes()).length, 0);
  });

  it("the first and the last honest feeders in a price move cannot be reported", async () => {
    // SLC moves 20 %: Alice is first with $1.20 and is reported at once.
    await feed([[{ Price: NATIVE }, (12n * ONE) / 10n]], alice);
    await failsWith(report(alice, { Price: NATIVE }), ferdie, "NoReference");
    // Charlie's $1 was fed more than 12 s before the move: it is judged only against what was
    // fed in the 12 s after it, and nothing was.
    await failsWith(report(charlie, { Price: NATIVE }), ferdie, "NoReference");
    // Charlie and Dave catch up: Alice is within the bound of what they fed after her, and
    // Charlie has only Dave's stake after him (no quorum).
    await feed([[{ Price: NATIVE }, (12n * ONE) / 10n]], charlie);
    await feed([[{ Price: NATIVE }, (12n * ONE) / 10n]], dave);
    await failsWith(report(alice, { Price: NATIVE }), ferdie, "NotAnOutlier");
    await failsWith(report(charlie, { Price: NATIVE }), ferdie, "NoReference");
    assert.equal((await api.call.restakingApi.pendingSlashes()).length, 0);
  });

  it("rewards stream to the operators' delegators", async () => {
    const { events } = await ok(api.tx.restaking.distributeRewards(ORACLE, 1_000n * SLC), ferdie);
    assert.ok(event(events, "RewardsDistributed"));
    await waitBlocks(api, 3);
    const pending = (await staker(bob)).pendingRewards.find(([a]) => a.isNative)?.[1].toBigInt() ?? 0n;
    assert.ok(pending > 0n);
    const before = await freeBalance(api, bob.address);
    const claimed = await ok(api.tx.restaking.claim(NATIVE), bob);
    const amount = event(claimed.events, "Claimed").data.amount.toBigInt();
    // What had streamed by the claim's block: at least what the view showed a block earlier.
    assert.ok(amount >= pending);
    assert.equal(await freeBalance(api, bob.address), before + amount - feePaid(claimed.events));
  });
});
