// Signed transfers: one that lands, and bad input that is refused without moving funds.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { devAccounts, feePaid, freeBalance, SLC, submit, unfundedAccount } from "../lib/tx.js";

describe("transfers", () => {
  const node = useDevNode(before, after);
  const { bob, charlie, dave, eve } = devAccounts();
  let api;
  before(() => {
    api = node().api;
  });

  it("a signed transfer lands and its events decode", async () => {
    const amount = 12n * SLC;
    const [bobBefore, charlieBefore] = [await freeBalance(api, bob.address), await freeBalance(api, charlie.address)];
    const { events, error } = await submit(api, api.tx.balances.transferKeepAlive(charlie.address, amount), bob);
    assert.equal(error, null);
    const transfer = events.find((e) => e.section === "balances" && e.method === "Transfer");
    assert.ok(transfer, "no Balances.Transfer event");
    assert.equal(transfer.data.from.toString(), bob.address);
    assert.equal(transfer.data.to.toString(), charlie.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);
    assert.ok(events.some((e) => e.section === "system" && e.method === "ExtrinsicSuccess"));
    const fee = feePaid(events);
    assert.ok(fee > 0n);
    assert.equal(await freeBalance(api, charlie.address), charlieBefore + amount);
    assert.equal(await freeBalance(api, bob.address), bobBefore - amount - fee);
  });

  it("a transfer above the balance fails with FundsUnavailable and moves nothing but the fee", async () => {
    const [daveBefore, eveBefore] = [await freeBalance(api, dave.address), await freeBalance(api, eve.address)];
    const { events, error } = await submit(
      api,
      api.tx.balances.transferKeepAlive(eve.address, daveBefore + SLC),
      dave,
    );
    assert.deepEqual(error, { token: "FundsUnavailable" });
    assert.ok(events.some((e) => e.section === "system" && e.method === "ExtrinsicFailed"));
    assert.ok(!events.some((e) => e.section === "balances" && e.method === "Transfer"));
    assert.equal(await freeBalance(api, eve.address), eveBefore);
    assert.equal(await freeBalance(api, dave.address), daveBefore - feePaid(events));
  });

  it("an account that cannot pay the fee is refused by the pool and nothing changes", async () => {
    const nobody = unfundedAccount();
    const eveBefore = await freeBalance(api, eve.address);
    await assert.rejects(
      submit(api, api.tx.balances.transferKeepAlive(eve.address, SLC), nobody),
      /1010: Invalid Transaction: Inability to pay some fees/,
    );
    assert.equal(await freeBalance(api, nobody.address), 0n);
    assert.equal(await freeBalance(api, eve.address), eveBefore);
  });

  it("a stale nonce is refused as outdated and nothing changes", async () => {
    // Make sure Charlie has used nonce 0 at least once.
    await submit(api, api.tx.system.remark("0x00"), charlie);
    const [charlieBefore, eveBefore] = [await freeBalance(api, charlie.address), await freeBalance(api, eve.address)];
    await assert.rejects(
      submit(api, api.tx.balances.transferKeepAlive(eve.address, SLC), charlie, { nonce: 0 }),
      /1010: Invalid Transaction: Transaction is outdated/,
    );
    assert.equal(await freeBalance(api, charlie.address), charlieBefore);
    assert.equal(await freeBalance(api, eve.address), eveBefore);
  });

  it("a bad signature is refused and nothing changes", async () => {
    const [bobBefore, eveBefore] = [await freeBalance(api, bob.address), await freeBalance(api, eve.address)];
    const tx = api.tx.balances.transferKeepAlive(eve.address, SLC);
    await tx.signAsync(bob);
    const bytes = tx.toU8a();
    const signature = tx.signature.toU8a();
    const at = Buffer.from(bytes).indexOf(Buffer.from(signature));
    assert.ok(at > 0, "signature not found in the encoded extrinsic");
    bytes[at + 10] ^= 0xff;
    await assert.rejects(
      api.rpc.author.submitExtrinsic(bytes),
      /1010: Invalid Transaction: Transaction has a bad signature/,
    );
    assert.equal(await freeBalance(api, bob.address), bobBefore);
    assert.equal(await freeBalance(api, eve.address), eveBefore);
  });
});
