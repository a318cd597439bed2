// A swap through assetConversion against the genesis SLC/USDS pool, at the runtime API's quote.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { assetBalance, devAccounts, feePaid, freeBalance, SLC, submit } from "../lib/tx.js";

const USDS = 1;
const NATIVE = { Native: null };
const usds = { WithId: USDS };

describe("DEX (asset conversion)", () => {
  const node = useDevNode(before, after);
  const { ferdie } = devAccounts();
  let api;
  before(() => {
    api = node().api;
  });

  it("has the seeded SLC/USDS pool with metadata", async () => {
    const reserves = await api.call.assetConversionApi.getReserves(NATIVE, usds);
    assert.ok(reserves.isSome, "no SLC/USDS pool");
    const [slc, usd] = reserves.unwrap();
    assert.equal(slc.toBigInt(), 100_000n * SLC);
    assert.equal(usd.toBigInt(), 100_000n * 1_000_000n);
    const meta = await api.query.assets.metadata(USDS);
    assert.equal(meta.symbol.toUtf8(), "USDS");
    assert.equal(meta.decimals.toNumber(), 6);
  });

  it("swaps SLC for USDS at the quoted amount", async () => {
    const amountIn = 50n * SLC;
    const quote = (await api.call.assetConversionApi.quotePriceExactTokensForTokens(NATIVE, usds, amountIn, true))
      .unwrap()
      .toBigInt();
    assert.ok(quote > 0n);
    const [slcBefore, usdBefore] = [await freeBalance(api, ferdie.address), await assetBalance(api, USDS, ferdie.address)];
    const { events, error } = await submit(
      api,
      api.tx.assetConversion.swapExactTokensForTokens([NATIVE, usds], amountIn, quote, ferdie.address, true),
      ferdie,
    );
    assert.equal(error, null);
    const swap = events.find((e) => e.section === "assetConversion" && e.method === "SwapExecuted");
    assert.ok(swap, "no SwapExecuted event");
    assert.equal(swap.data.amountIn.toBigInt(), amountIn);
    assert.equal(swap.data.amountOut.toBigInt(), quote);
    assert.equal(await assetBalance(api, USDS, ferdie.address), usdBefore + quote);
    assert.equal(await freeBalance(api, ferdie.address), slcBefore - amountIn - feePaid(events));
  });

  it("refuses a swap whose minimum output cannot be met, moving nothing but the fee", async () => {
    const amountIn = 10n * SLC;
    const quote = (await api.call.assetConversionApi.quotePriceExactTokensForTokens(NATIVE, usds, amountIn, true))
      .unwrap()
      .toBigInt();
    const usdBefore = await assetBalance(api, USDS, ferdie.address);
    const slcBefore = await freeBalance(api, ferdie.address);
    const { events, error } = await submit(
      api,
      api.tx.assetConversion.swapExactTokensForTokens([NATIVE, usds], amountIn, quote + 1n, ferdie.address, true),
      ferdie,
    );
    assert.deepEqual({ section: error.section, name: error.name }, { section: "assetConversion", name: "ProvidedMinimumNotSufficientForSwap" });
    assert.equal(await assetBalance(api, USDS, ferdie.address), usdBefore);
    assert.equal(await freeBalance(api, ferdie.address), slcBefore - feePaid(events));
  });
});
