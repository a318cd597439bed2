// The block auction on the dev node: a winning bundle runs in the bundle inherent at the top of
// the next block; a deeply nested bundle (within the 256-level decode limit) runs or is left
// out without stopping the chain; a winner pays its whole bid whether or not its calls succeed.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { devAccounts, feePaid, freeBalance, SLC, submit, waitBlocks } from "../lib/tx.js";

/** The auction's events in block `hash`. */
async function auctionEvents(api, hash) {
  const records = await (await api.at(hash)).query.system.events();
  return records.map(({ event }) => event).filter((e) => e.section === "blockAuction");
}

/** The hash of the block after `hash` on the best chain, once it exists. */
async function nextBlockHash(api, hash) {
  const number = (await api.rpc.chain.getHeader(hash)).number.toNumber() + 1;
  for (;;) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    if (best >= number) return api.rpc.chain.getBlockHash(number);
    await waitBlocks(api, 1);
  }
}

describe("block auction", () => {
  const node = useDevNode(before, after);
  const { dave, eve } = devAccounts();
  let api;
  before(() => {
    api = node().api;
  });

  it("runs a bundle nested 250 levels deep, or leaves it out, and the chain goes on", { timeout: 120_000 }, async () => {
    // utility.batch inside utility.batch, 250 levels: each level is one nested Vec of calls.
    let call = api.tx.system.remark("deep");
    for (let i = 0; i < 250; i++) call = api.tx.utility.batch([call]);
    const bid = 1n * SLC;
    const before = await freeBalance(api, dave.address);
    const submitted = await submit(api, api.tx.blockAuction.submitBundle([call], bid), dave);
    assert.equal(submitted.error, null);
    const won = await nextBlockHash(api, submitted.blockHash);
    const events = await auctionEvents(api, won);
    const methods = events.map((e) => e.method);
    assert.ok(methods.includes("BundleWon"), `no BundleWon in the next block: ${methods}`);
    assert.ok(
      methods.includes("BundleExecuted") || methods.includes("BundleSkipped"),
      `the bundle neither ran nor was skipped: ${methods}`,
    );
    // The bid is paid whatever happened to the calls, and blocks keep coming.
    assert.equal(await freeBalance(api, dave.address), before - bid - feePaid(submitted.events));
    const height = (await api.rpc.chain.getHeader(won)).number.toNumber();
    await waitBlocks(api, 3);
    assert.ok((await api.rpc.chain.getHeader()).number.toNumber() >= height + 3);
  });

  it("charges the whole bid of a winner whose calls fail", { timeout: 60_000 }, async () => {
    // Eve transfers more than she holds: the call fails, the bundle is rolled back.
    const free = await freeBalance(api, eve.address);
    const calls = [api.tx.balances.transferKeepAlive(dave.address, free * 2n)];
    const bid = 2n * SLC;
    const submitted = await submit(api, api.tx.blockAuction.submitBundle(calls, bid), eve);
    assert.equal(submitted.error, null);
    const won = await nextBlockHash(api, submitted.blockHash);
    const failed = (await auctionEvents(api, won)).find((e) => e.method === "BundleFailed");
    assert.ok(failed, "no BundleFailed event");
    assert.equal(failed.data.bid.toBigInt(), bid);
    assert.equal(await freeBalance(api, eve.address), free - bid - feePaid(submitted.events));
  });
});
