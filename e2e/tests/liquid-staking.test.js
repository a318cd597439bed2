// Liquid staking and MEV on the dev node: stake, unstake, cancel, instant unstake, a winning
// bundle whose bid is held for the pool, withdraw after the bonding duration, and the runtime API.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { assetBalance, devAccounts, feePaid, freeBalance, okValue, SLC, submit, waitBlocks } from "../lib/tx.js";

const VSLC = 1000;

describe("liquid staking and MEV", () => {
  const node = useDevNode(before, after);
  const { bob, charlie, dave } = devAccounts();
  let api;
  before(() => {
    api = node().api;
  });

  const rate = async () => (await api.call.liquidStakingApi.poolInfo()).exchangeRate.toBigInt();
  const event = (events, method) => events.find((e) => e.section === "liquidStaking" && e.method === method);

  it("stakes SLC for vSLC at the quoted amount", async () => {
    const amount = 1_000n * SLC;
    const quote = okValue(await api.call.liquidStakingApi.quoteStake(amount)).toBigInt();
    const before = await assetBalance(api, VSLC, bob.address);
    const slcBefore = await freeBalance(api, bob.address);
    const { events, error } = await submit(api, api.tx.liquidStaking.stake(amount), bob);
    assert.equal(error, null);
    assert.equal(event(events, "Staked").data.vslc.toBigInt(), quote);
    assert.equal(await assetBalance(api, VSLC, bob.address), before + quote);
    assert.equal(await freeBalance(api, bob.address), slcBefore - amount - feePaid(events));
    const meta = await api.query.assets.metadata(VSLC);
    assert.equal(meta.symbol.toUtf8(), "vSLC");
  });

  it("refuses a stake below the minimum with a named error", async () => {
    const { error } = await submit(api, api.tx.liquidStaking.stake(SLC / 2n), bob);
    assert.equal(error.name, "BelowMinimumStake");
    const quote = await api.call.liquidStakingApi.quoteStake(SLC / 2n);
    assert.ok(quote.isErr);
  });

  it("unstakes into a withdrawal request and cancels it back into vSLC", async () => {
    const vslc = 100n * SLC;
    const [amount, era] = okValue(await api.call.liquidStakingApi.quoteUnstake(vslc));
    const { events, error } = await submit(api, api.tx.liquidStaking.unstake(vslc), bob);
    assert.equal(error, null);
    const unstaked = event(events, "Unstaked").data;
    assert.equal(unstaked.amount.toBigInt(), amount.toBigInt());
    assert.equal(unstaked.claimableEra.toNumber(), era.toNumber());
    const requests = await api.call.liquidStakingApi.withdrawals(bob.address);
    const request = requests.find((r) => r.id.eq(unstaked.id));
    assert.ok(request, "the request is not listed by the runtime API");
    assert.equal(request.amount.toBigInt(), amount.toBigInt());
    assert.equal(request.claimableNow.isTrue, false);

    const before = await assetBalance(api, VSLC, bob.address);
    const cancelled = await submit(api, api.tx.liquidStaking.cancelUnstake(unstaked.id), bob);
    assert.equal(cancelled.error, null);
    const minted = event(cancelled.events, "UnstakeCancelled").data.vslc.toBigInt();
    assert.ok(minted > 0n && minted <= vslc);
    assert.equal(await assetBalance(api, VSLC, bob.address), before + minted);
    const again = await submit(api, api.tx.liquidStaking.cancelUnstake(unstaked.id), bob);
    assert.equal(again.error.name, "RequestNotFound");
  });

  it("instant-unstakes from the buffer at the quoted amount", { timeout: 120_000 }, async () => {
    const vslc = 10n * SLC;
    // This era's stakes do not pay instant unstakes: wait for an era's start to keep a buffer.
    let quote = await api.call.liquidStakingApi.quoteInstantUnstake(vslc);
    for (let i = 0; i < 50 && quote.isErr; i++) {
      await waitBlocks(api, 2);
      quote = await api.call.liquidStakingApi.quoteInstantUnstake(vslc);
    }
    const [paid, fee] = okValue(quote);
    assert.ok(fee.toBigInt() > 0n);
    const slcBefore = await freeBalance(api, bob.address);
    const { events, error } = await submit(api, api.tx.liquidStaking.instantUnstake(vslc), bob);
    assert.equal(error, null);
    assert.equal(event(events, "InstantUnstaked").data.amount.toBigInt(), paid.toBigInt());
    assert.equal(await freeBalance(api, bob.address), slcBefore + paid.toBigInt() - feePaid(events));
  });

  it("runs a winning bundle at the top of the next block and pays its bid into the pool", async () => {
    const before = await rate();
    const calls = [api.tx.system.remarkWithEvent("searcher was here")];
    const { error, blockHash } = await submit(api, api.tx.blockAuction.submitBundle(calls, 5n * SLC), dave);
    assert.equal(error, null);
    // In the block that took the bid, the runtime API names it as the bid to beat.
    const best = await (await api.at(blockHash)).call.blockAuctionApi.bestBid();
    assert.ok(best.isSome, "no best bid reported");
    assert.equal(best.unwrap()[0].toString(), dave.address);
    assert.equal(best.unwrap()[1].toBigInt(), 5n * SLC);
    // The next block's events start with the bundle.
    const executed = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no BundleExecuted event")), 20_000);
      api.query.system.events((records) => {
        const found = records.find(({ event }) => event.section === "blockAuction" && event.method === "BundleExecuted");
        if (found) {
          clearTimeout(timer);
          resolve(found.event);
        }
      });
    });
    assert.equal(executed.data.searcher.toString(), dave.address);
    assert.equal(executed.data.bid.toBigInt(), 5n * SLC);
    // The bid is held for the pool (4.5 SLC after the protocol fee): the rate moves only when
    // it is released, an era later.
    const info = await api.call.liquidStakingApi.poolInfo();
    assert.ok(info.held.toBigInt() >= (9n * SLC) / 2n, "the bid is not held for the pool");
    assert.ok((await rate()) >= before);
    const eras = await api.call.liquidStakingApi.eras();
    assert.ok(eras.some(([, record]) => record.bids.toBigInt() >= 5n * SLC), "the bid is not recorded");
  });

  it("refuses a bundle that does not outbid the best one, or bids below the minimum", async () => {
    const calls = [api.tx.system.remark("x")];
    // Both bids in one block (one batch): the second must beat the first; all of it reverts.
    const batch = api.tx.utility.batchAll([
      api.tx.blockAuction.submitBundle(calls, 3n * SLC),
      api.tx.blockAuction.submitBundle(calls, 1n * SLC),
    ]);
    const { error } = await submit(api, batch, charlie);
    assert.equal(error.name, "BidNotHigher");
    const tooLow = await submit(api, api.tx.blockAuction.submitBundle(calls, 1n), dave);
    assert.equal(tooLow.error.name, "BidTooLow");
  });

  it("pays a withdrawal after the bonding duration", { timeout: 600_000 }, async () => {
    const { events, error } = await submit(api, api.tx.liquidStaking.unstake(50n * SLC), bob);
    assert.equal(error, null);
    const { id, amount, claimableEra } = event(events, "Unstaked").data;
    const early = await submit(api, api.tx.liquidStaking.withdraw(id), bob);
    assert.equal(early.error.name, "NotClaimable");
    // Wait for the era (dev eras are 30 s; the bonding duration is 4 eras).
    for (;;) {
      const era = (await api.query.staking.currentEra()).unwrap().toNumber();
      if (era >= claimableEra.toNumber()) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const listed = (await api.call.liquidStakingApi.withdrawals(bob.address)).find((r) => r.id.eq(id));
    assert.equal(listed.claimableNow.isTrue, true);
    const slcBefore = await freeBalance(api, bob.address);
    const paid = await submit(api, api.tx.liquidStaking.withdraw(id), bob);
    assert.equal(paid.error, null);
    assert.equal(event(paid.events, "Withdrawn").data.amount.toBigInt(), amount.toBigInt());
    // The request's value and its 0.1 SLC deposit come back.
    const deposit = SLC / 10n;
    assert.equal(await freeBalance(api, bob.address), slcBefore + amount.toBigInt() + deposit - feePaid(paid.events));
    const apr = await api.call.liquidStakingApi.apr();
    assert.ok(apr.eras.toNumber() >= 1, "no completed era in the APR estimate");
  });
});
