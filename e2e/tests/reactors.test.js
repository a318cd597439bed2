// Reactors on the dev node (30-block cycles): root creates an SLC and a USDS reactor paired in
// the SLC/USDS pool; LPs deposit, LDs stake and vote; the rollover deploys into the pool; swaps
// earn fees that the next rollover sweeps to the reactors' PCV; a withdrawal is paid and rewards
// are claimed; a price move makes the USDS side lose, and the USDS reactor's LD stake buys the
// loss back through the pool; a recount lowers the LD's votes. Then two attacks fail: a deposit
// and request in the block before a rollover earns nothing, and a 10 % push of the pool before a
// rollover leaves the reactors as they were and costs the pusher. Runtime-API figures are checked
// against storage.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { assetBalance, devAccounts, freeBalance, feePaid, SLC, submit } from "../lib/tx.js";

const USDS_ID = 1;
const USDS = 10n ** 6n;
const ONE = 10n ** 18n;
const USD = { WithId: USDS_ID };
const NATIVE = { Native: null };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe("reactors", () => {
  const node = useDevNode(before, after);
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  let api;
  before(() => {
    api = node().api;
  });

  const event = (events, method) => events.find((e) => e.section === "reactors" && e.method === method);
  const ok = async (tx, signer) => {
    const result = await submit(api, tx, signer);
    assert.equal(result.error, null, JSON.stringify(result.error));
    return result;
  };
  /** Waits until the rollover of a cycle above `cycle` has completed. */
  const rolledOverPast = async (cycle) => {
    for (let i = 0; i < 90; i++) {
      const [now, phase] = await api.call.reactorsApi.cycle();
      if (now.toNumber() > cycle && phase.isIdle) return now.toNumber();
      await sleep(1000);
    }
    throw new Error("no rollover within 90 s");
  };

  it("root creates reactors and a venue; the oracle prices them", async () => {
    const calls = [
      api.tx.reactors.createReactor(NATIVE),
      api.tx.reactors.createReactor(USD),
      api.tx.reactors.addVenue(0, 1, "Dex"),
    ];
    const { events } = await ok(api.tx.sudo.sudo(api.tx.utility.batchAll(calls)), alice);
    assert.ok(event(events, "VenueAdded"));
    await ok(api.tx.oracleFeeds.feed([[{ Price: NATIVE }, ONE], [{ Price: USD }, ONE]]), alice);
    const denied = await submit(api, api.tx.reactors.createReactor({ WithId: 2 }), bob);
    assert.equal(denied.error.other, "BadOrigin");
  });

  it("LPs deposit for tAssets, LDs stake and vote", async () => {
    const { events } = await ok(api.tx.reactors.deposit(0, 1_000n * SLC), bob);
    assert.equal(event(events, "Deposited").data.amount.toBigInt(), 1_000n * SLC);
    await ok(api.tx.reactors.deposit(1, 1_000n * USDS), charlie);
    assert.equal(await assetBalance(api, 3001, charlie.address), 1_000n * USDS);
    for (const [ld, reactor] of [[dave, 0], [eve, 1]]) {
      await ok(api.tx.reactors.stake(reactor, 100n * SLC), ld);
      await ok(api.tx.reactors.vote([[reactor, 0, 1_000_000_000]]), ld);
    }
    const small = await submit(api, api.tx.reactors.deposit(0, 1n), bob);
    assert.equal(small.error.name, "AmountTooSmall");
    const powerless = await submit(api, api.tx.reactors.vote([[0, 0, 1_000_000_000]]), ferdie);
    assert.equal(powerless.error.name, "NoVotingPower");
    await ok(api.tx.reactors.requestWithdrawal(0, 100n * SLC), bob);
    const early = await submit(api, api.tx.reactors.withdraw(0), bob);
    assert.ok(["RequestNotDue", "RolloverInProgress"].includes(early.error.name), early.error.name);
  });

  it("the rollover deploys by the votes; the API matches storage", async () => {
    await rolledOverPast(0);
    const view = (await api.call.reactorsApi.reactor(0)).unwrap();
    const stored = (await api.query.reactors.reactors(0)).unwrap();
    assert.equal(view.deployed.toBigInt(), stored.deployed.toBigInt());
    assert.equal(view.idle.toBigInt(), stored.idle.toBigInt());
    assert.equal(view.deployed.toBigInt(), 900n * SLC);
    assert.equal(view.idle.toBigInt(), 100n * SLC);
    const venue = (await api.query.reactors.venues(0)).unwrap();
    assert.equal(venue.deployedA.toBigInt(), 900n * SLC);
    assert.equal(venue.deployedB.toBigInt(), 900n * USDS);

    const before = await freeBalance(api, bob.address);
    const { events } = await ok(api.tx.reactors.withdraw(0), bob);
    assert.equal(event(events, "Withdrawn").data.amount.toBigInt(), 100n * SLC);
    assert.equal(await freeBalance(api, bob.address), before + 100n * SLC - feePaid(events));
  });

  it("fees earned in the pool are swept to the PCV; rewards are claimed", async () => {
    const [cycle] = await api.call.reactorsApi.cycle();
    // Each round trip sells back what it bought, so the pool ends near the oracle's price (the
    // rollover trades through a pool only within 2 % of it).
    for (let i = 0; i < 3; i++) {
      const usds = await assetBalance(api, USDS_ID, ferdie.address);
      await ok(api.tx.assetConversion.swapExactTokensForTokens([NATIVE, USD], 20_000n * SLC, 1, ferdie.address, true), ferdie);
      const bought = (await assetBalance(api, USDS_ID, ferdie.address)) - usds;
      await ok(api.tx.assetConversion.swapExactTokensForTokens([USD, NATIVE], bought, 1, ferdie.address, true), ferdie);
    }
    await rolledOverPast(cycle.toNumber());
    const revenue = (await api.query.reactors.revenue(0)).toBigInt() + (await api.query.reactors.revenue(1)).toBigInt();
    assert.ok(revenue > 0n, "no fees swept");
    const ratio = await api.call.reactorsApi.singularityRatio();
    assert.ok(ratio.isSome && ratio.unwrap().toBigInt() > 0n);

    const pending = (await api.call.reactorsApi.position(0, dave.address)).pendingRewards.toBigInt();
    assert.ok(pending > 0n);
    const { events } = await ok(api.tx.reactors.claim(0), dave);
    assert.ok(event(events, "Claimed").data.amount.toBigInt() >= pending);
    const again = await submit(api, api.tx.reactors.claim(0), ferdie);
    assert.equal(again.error.name, "NothingToClaim");
  });

  it("a venue loss is bought back with the LD stake; a recount lowers the votes", async () => {
    // Ferdie buys USDS with 5 000 SLC: the pool keeps less USDS (a loss larger than the USDS
    // reserve and revenue built so far, within what half the LD stake buys back), and the
    // oracle follows the new price.
    const price = async () => (await api.call.assetConversionApi.quotePriceExactTokensForTokens(USD, NATIVE, USDS, false)).unwrap().toBigInt();
    const before = await price();
    await ok(api.tx.assetConversion.swapExactTokensForTokens([NATIVE, USD], 5_000n * SLC, 1, ferdie.address, true), ferdie);
    const slcPerUsd = await price();
    assert.ok(slcPerUsd > before, "USDS got dearer");
    await ok(api.tx.oracleFeeds.feed([[{ Price: NATIVE }, ONE], [{ Price: USD }, (slcPerUsd * ONE) / SLC]]), alice);
    const stakeBefore = (await api.query.reactors.reactors(1)).unwrap().staked.toBigInt();
    const [cycle] = await api.call.reactorsApi.cycle();
    await rolledOverPast(cycle.toNumber());

    const stored = (await api.query.reactors.reactors(1)).unwrap();
    const view = (await api.call.reactorsApi.reactor(1)).unwrap();
    const spent = stakeBefore - stored.staked.toBigInt();
    assert.ok(spent > 0n && spent <= stakeBefore / 2n, `spent ${spent}`);
    assert.equal(stored.shortfall.toBigInt(), 0n);
    assert.equal(view.staked.toBigInt(), stored.staked.toBigInt());
    assert.equal(view.shortfall.toBigInt(), 0n);
    // Eve is the only LD on USDS: her stake is all of it.
    const eveView = await api.call.reactorsApi.position(1, eve.address);
    assert.equal(eveView.staked.toBigInt(), stored.staked.toBigInt());

    // Her votes still count 100 SLC until someone asks for a recount.
    const power = async () => (await api.query.reactors.allocations(eve.address)).unwrap()[0].toBigInt();
    assert.equal(await power(), 100n * SLC);
    const none = await submit(api, api.tx.reactors.recount(1, ferdie.address), ferdie);
    assert.equal(none.error.name, "NoStake");
    const { events } = await ok(api.tx.reactors.recount(1, eve.address), ferdie);
    assert.equal(event(events, "Recounted").data.staked.toBigInt(), stored.staked.toBigInt());
    assert.equal(await power(), stored.staked.toBigInt());
    assert.equal((await api.query.reactors.tally(1, 0)).live.toBigInt(), stored.staked.toBigInt());
  });

  /** The number of the block `hash` names. */
  const numberOf = async (hash) => (await api.rpc.chain.getHeader(hash)).number.toNumber();
  /** The reactors' events in block `n`. */
  const eventsAt = async (n) => {
    const hash = await api.rpc.chain.getBlockHash(n);
    const records = await api.query.system.events.at(hash);
    return records.map(({ event }) => event).filter((e) => e.section === "reactors");
  };
  /** Waits until the best block is `n` or later. */
  const untilBlock = async (n) => {
    for (let i = 0; i < 120; i++) {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      if (best >= n) return best;
      await sleep(250);
    }
    throw new Error(`block ${n} not reached`);
  };
  const CYCLE = 30;

  it("a deposit and request in the block before a rollover earns nothing", async () => {
    // Ferdie's batch must land in the last block of a cycle; a slot missed is tried again.
    let landed = null;
    for (let attempt = 0; attempt < 3 && landed === null; attempt++) {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      const rollover = (Math.floor(best / CYCLE) + 1) * CYCLE + (attempt === 0 && best % CYCLE > CYCLE - 4 ? CYCLE : 0);
      await untilBlock(rollover - 2);
      const bobBefore = (await api.call.reactorsApi.position(0, bob.address)).pendingRewards.toBigInt();
      const batch = api.tx.utility.batchAll([api.tx.reactors.deposit(0, 1_000n * SLC), api.tx.reactors.requestWithdrawal(0, 1_000n * SLC)]);
      const result = await ok(batch, ferdie);
      const n = await numberOf(result.blockHash);
      if (n === rollover - 1) landed = { rollover, bobBefore };
      else {
        // Too late for this rollover: take it back out once due and try the next one.
        await rolledOverPast((await api.call.reactorsApi.cycle())[0].toNumber());
        await ok(api.tx.reactors.withdraw(0), ferdie);
      }
    }
    assert.ok(landed, "the batch never landed in the block before a rollover");
    await untilBlock(landed.rollover);
    await rolledOverPast(landed.rollover / CYCLE - 1);
    const emitted = (await eventsAt(landed.rollover)).find((e) => e.method === "Emitted" && e.data.reactor.toNumber() === 0);
    assert.ok(emitted && emitted.data.lp.toBigInt() > 0n, "the rollover paid reactor 0's LPs");
    await ok(api.tx.reactors.withdraw(0), ferdie);
    // Ferdie earned nothing; Bob, deployed all cycle, earned the LP emission.
    assert.equal((await api.call.reactorsApi.position(0, ferdie.address)).pendingRewards.toBigInt(), 0n);
    const nothing = await submit(api, api.tx.reactors.claim(0), ferdie);
    assert.equal(nothing.error.name, "NothingToClaim");
    const bobAfter = (await api.call.reactorsApi.position(0, bob.address)).pendingRewards.toBigInt();
    assert.ok(bobAfter > landed.bobBefore, "Bob earned");
  });

  it("a 10 % push of the pool before a rollover leaves the reactors as they were and costs the pusher", async () => {
    const state = async () => {
      const [a, b] = [(await api.query.reactors.reactors(0)).unwrap(), (await api.query.reactors.reactors(1)).unwrap()];
      return [a.deployed, a.shortfall, a.staked, b.deployed, b.shortfall, b.staked].map((x) => x.toBigInt());
    };
    const [cycle] = await api.call.reactorsApi.cycle();
    const before = await state();
    const slc = await freeBalance(api, ferdie.address);
    const usds = await assetBalance(api, USDS_ID, ferdie.address);
    // About 5 % of the pool's SLC: USDS about 10 % dearer in the pool than the oracle says.
    const [reserveSlc] = (await api.call.assetConversionApi.getReserves(NATIVE, USD)).unwrap().map((x) => x.toBigInt());
    const push = await ok(api.tx.assetConversion.swapExactTokensForTokens([NATIVE, USD], reserveSlc / 20n, 1, ferdie.address, true), ferdie);
    const pushedAt = await numberOf(push.blockHash);
    const rollover = (Math.floor(pushedAt / CYCLE) + 1) * CYCLE;
    await untilBlock(rollover);
    await rolledOverPast(Math.max(cycle.toNumber(), rollover / CYCLE - 1));
    const skipped = (await eventsAt(rollover)).find((e) => e.method === "VenueSkipped");
    assert.ok(skipped, "the venue was traded through");
    assert.equal(skipped.data.reason.toString(), "OffOracle");
    const bought = (await assetBalance(api, USDS_ID, ferdie.address)) - usds;
    const back = await ok(api.tx.assetConversion.swapExactTokensForTokens([USD, NATIVE], bought, 1, ferdie.address, true), ferdie);
    // The reactors' books did not move; Ferdie has his USDS and less SLC than he started with,
    // beyond the two fees.
    assert.deepEqual(await state(), before);
    assert.equal(await assetBalance(api, USDS_ID, ferdie.address), usds);
    const fees = feePaid(push.events) + feePaid(back.events);
    assert.ok((await freeBalance(api, ferdie.address)) < slc - fees, "the push paid for itself");
  });
});
