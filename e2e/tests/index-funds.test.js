// Index funds on the dev node: the oracle feeder posts prices and supplies, Alice creates a
// market-cap fund of SLC / USDS / WETH, Bob joins and swaps at the runtime API's quotes, Charlie
// pokes and the weights move, a price jump trips the circuit breaker until a poke (after which
// the oracle bound holds the pool's old price against buyers until the weights catch up), and Bob
// exits at the quote; then the basket changes, in a second, fixed-weight fund of SLC and USDS
// (whose weights sit at their targets, so each change is a short move): Alice binds vSLC and its
// weight ramps up, then removes it, and Bob buys its remainder out at the oracle's value.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { assetBalance, devAccounts, okValue, SLC, submit, waitBlocks } from "../lib/tx.js";

const USDS_ID = 1;
const WETH_ID = 2;
const USDS = 10n ** 6n;
const WETH = 10n ** 18n;
const ONE = 10n ** 18n; // FixedU128 and weights
const INDEX_TOKEN = 2000;

const SLC_KIND = { Native: null };
const USD = { WithId: USDS_ID };
const ETH = { WithId: WETH_ID };

describe("index funds", () => {
  const node = useDevNode(before, after);
  const { alice, bob, charlie } = devAccounts();
  let api;
  before(() => {
    api = node().api;
  });

  const event = (events, method) => events.find((e) => e.section === "indexFunds" && e.method === method);
  const view = async (index = 0) => (await api.call.indexFundsApi.index(index)).unwrap();
  const big = (vec) => vec.map((x) => x.toBigInt());

  /** Alice, the dev chain's only oracle feeder, posts `values` ([key, FixedU128 inner]). */
  const feed = async (values) => {
    const { error } = await submit(api, api.tx.oracleFeeds.feed(values), alice);
    assert.equal(error, null);
  };
  const price = (kind, dollars) => [{ Price: kind }, dollars * ONE];

  it("creates a market-cap fund priced by the oracle", async () => {
    await feed([
      price(SLC_KIND, 1n),
      price(USD, 1n),
      price(ETH, 3000n),
      [{ Supply: SLC_KIND }, 1_000_000n * ONE],
      [{ Supply: USD }, 2_000_000n * ONE],
      [{ Supply: ETH }, 1_000n * ONE],
    ]);
    const missing = await api.call.indexFundsApi.index(0);
    assert.ok(missing.isNone);
    const { events, error } = await submit(
      api,
      api.tx.indexFunds.createIndex(
        [SLC_KIND, USD, ETH],
        [340_000_000, 330_000_000, 330_000_000],
        [340n * SLC, 330n * USDS, (11n * WETH) / 100n],
        "MarketCap",
        { swap: 3_000_000, join: 1_000_000, exit: 2_000_000 },
        alice.address,
        "Sluice Top 3",
        "STOP3",
      ),
      alice,
    );
    assert.equal(error, null);
    const created = event(events, "IndexCreated").data;
    assert.equal(created.token.toNumber(), INDEX_TOKEN);
    // The index token has metadata, as wallets and Polkadot.js apps read it.
    const metadata = await api.query.assets.metadata(INDEX_TOKEN);
    assert.equal(metadata.name.toUtf8(), "Sluice Top 3");
    assert.equal(metadata.symbol.toUtf8(), "STOP3");
    assert.equal(metadata.decimals.toNumber(), 12);
    const fund = await view();
    assert.deepEqual(big(fund.weights), [34n * ONE / 100n, 33n * ONE / 100n, 33n * ONE / 100n]);
    assert.equal(fund.supply.toBigInt(), 100n * SLC);
    // $1 000 of constituents over 100 index tokens.
    assert.equal(okValue(await api.call.indexFundsApi.nav(0)).toBigInt(), 10n * ONE);
  });

  it("refuses malformed funds with named errors", async () => {
    const create = (weights) =>
      api.tx.indexFunds.createIndex([USD, ETH], weights, [USDS, WETH / 1000n], "Tvl", { swap: 0, join: 0, exit: 0 }, alice.address, "Bad", "BAD");
    let { error } = await submit(api, create([500_000_000, 400_000_000]), alice);
    assert.equal(error.name, "WeightsNotNormalized");
    ({ error } = await submit(api, create([990_000_000, 10_000_000]), alice));
    assert.equal(error.name, "WeightOutOfBounds");
  });

  it("joins at the quoted amounts", async () => {
    const [amounts, minted] = okValue(await api.call.indexFundsApi.quoteJoin(0, 5n * SLC));
    const { events, error } = await submit(api, api.tx.indexFunds.join(0, 5n * SLC, amounts), bob);
    assert.equal(error, null);
    const joined = event(events, "Joined").data;
    assert.deepEqual(big(joined.amountsIn), big(amounts));
    assert.equal(joined.minted.toBigInt(), minted.toBigInt());
    assert.equal(await assetBalance(api, INDEX_TOKEN, bob.address), minted.toBigInt());
    const { error: tight } = await submit(
      api,
      api.tx.indexFunds.join(0, 5n * SLC, big(amounts).map((a) => a - 1n)),
      bob,
    );
    assert.equal(tight.name, "SlippageExceeded");
  });

  it("swaps at the quoted amount", async () => {
    const amountIn = 10n * USDS;
    const quote = okValue(await api.call.indexFundsApi.quoteSwap(0, USD, amountIn, ETH)).toBigInt();
    // About $10 of WETH at $3 000, less the fee and price impact.
    assert.ok(quote > WETH / 310n && quote < WETH / 300n, `quote ${quote}`);
    const before = await assetBalance(api, WETH_ID, bob.address);
    const { events, error } = await submit(api, api.tx.indexFunds.swap(0, USD, amountIn, ETH, quote, null), bob);
    assert.equal(error, null);
    assert.equal(event(events, "Swapped").data.amountOut.toBigInt(), quote);
    assert.equal(await assetBalance(api, WETH_ID, bob.address), before + quote);
    const same = await submit(api, api.tx.indexFunds.swap(0, USD, amountIn, USD, 0, null), bob);
    assert.equal(same.error.name, "SameAsset");
    const greedy = await submit(api, api.tx.indexFunds.swap(0, USD, amountIn, ETH, WETH, null), bob);
    assert.equal(greedy.error.name, "SlippageExceeded");
  });

  it("pokes toward market-cap targets and the weights move block by block", async () => {
    const { events, error } = await submit(api, api.tx.indexFunds.poke(0), charlie);
    assert.equal(error, null);
    // The poke re-anchors the weights to the value shares at the oracle's prices; from there
    // they move toward the targets.
    const before = big((await view()).weights);
    const target = big(event(events, "Poked").data.target);
    // Caps $1 M, $2 M, $3 M.
    assert.ok(target[0] < target[1] && target[1] < target[2], `targets ${target}`);
    assert.equal(target.reduce((a, b) => a + b, 0n), ONE);
    const again = await submit(api, api.tx.indexFunds.poke(0), charlie);
    assert.equal(again.error.name, "TooEarly");
    await waitBlocks(api, 2);
    const now = big((await view()).weights);
    assert.notDeepEqual(now, before);
    now.forEach((w, i) => {
      assert.ok(absDiff(w, target[i]) < absDiff(before[i], target[i]), `weight ${i} moved away`);
    });
  });

  it("stops swaps on a price jump until a poke", async () => {
    await feed([price(ETH, 3500n)]);
    const quote = await api.call.indexFundsApi.quoteSwap(0, USD, USDS, ETH);
    assert.ok(quote.isErr);
    const { error } = await submit(api, api.tx.indexFunds.swap(0, USD, USDS, ETH, 0, null), bob);
    assert.equal(error.name, "PriceJump");
    const poked = await submit(api, api.tx.indexFunds.poke(0), charlie);
    assert.equal(poked.error, null);
    // The poke resets the breaker, but the weights catch up with the new price only as fast
    // as weights may move: buying WETH at the pool's old price would pay out more than the
    // oracle bound allows, selling it there is the seller's loss and goes through.
    const buy = await submit(api, api.tx.indexFunds.swap(0, USD, USDS, ETH, 0, null), bob);
    assert.equal(buy.error.name, "PriceOutOfBound");
    const sell = await submit(api, api.tx.indexFunds.swap(0, ETH, WETH / 1000n, USD, 0, null), bob);
    assert.equal(sell.error, null);
  });

  it("exits at the quoted amounts", async () => {
    const held = await assetBalance(api, INDEX_TOKEN, bob.address);
    const amounts = okValue(await api.call.indexFundsApi.quoteExit(0, held));
    const before = await assetBalance(api, USDS_ID, bob.address);
    const { events, error } = await submit(api, api.tx.indexFunds.exit(0, held, amounts), bob);
    assert.equal(error, null);
    assert.deepEqual(big(event(events, "Exited").data.amountsOut), big(amounts));
    assert.equal(await assetBalance(api, USDS_ID, bob.address), before + amounts[1].toBigInt());
    assert.equal(await assetBalance(api, INDEX_TOKEN, bob.address), 0n);
    const { error: none } = await submit(api, api.tx.indexFunds.exit(0, SLC, amounts), bob);
    assert.equal(none.name, "InsufficientIndexTokens");
  });

  const VSLC = { WithId: 1000 };
  /** Fund 1: SLC and USDS at fixed weights, where the basket changes. */
  const BASKET = 1;
  /** The current weight of asset `id` in fund 1, or null when it is not a constituent. */
  const weightOf = async ({ WithId: id }) => {
    const fund = await view(BASKET);
    const at = fund.assets.findIndex((a) => a.isWithId && a.asWithId.toNumber() === id);
    return at < 0 ? null : fund.weights[at].toBigInt();
  };
  const feedAll = () =>
    feed([price(SLC_KIND, 1n), price(USD, 1n), price(ETH, 3500n), price(VSLC, 1n)]);

  it("creates a fixed-weight fund whose basket will change", async () => {
    const { events, error } = await submit(
      api,
      api.tx.indexFunds.createIndex(
        [SLC_KIND, USD],
        [500_000_000, 500_000_000],
        [500n * SLC, 500n * USDS],
        "Fixed",
        { swap: 0, join: 0, exit: 0 },
        alice.address,
        "Sluice Basket",
        "SBSK",
      ),
      alice,
    );
    assert.equal(error, null);
    assert.equal(event(events, "IndexCreated").data.index.toNumber(), BASKET);
  });

  it("binds a constituent at the oracle's value and its weight ramps up", async () => {
    // Alice stakes for vSLC (1 : 1 at first) and binds 40 of it ($40, 3.8 % of the $1 040
    // fund) with a 5 % target: SLC and USDS make room, 50 % to 47.5 % each.
    let { error } = await submit(api, api.tx.liquidStaking.stake(100n * SLC), alice);
    assert.equal(error, null);
    await feedAll();
    const result = await submit(api, api.tx.indexFunds.bind(BASKET, VSLC, 40n * SLC, 50_000_000), alice);
    assert.equal(result.error, null);
    const bound = event(result.events, "Bound").data;
    assert.ok(bound.minted.toBigInt() > 0n, "no index tokens for the manager");
    const first = await weightOf(VSLC);
    assert.ok(first > 2n * ONE / 100n && first < 5n * ONE / 100n, `weight ${first}`);
    await waitBlocks(api, 3);
    const later = await weightOf(VSLC);
    assert.ok(later > first, `the weight did not ramp: ${first} -> ${later}`);
    ({ error } = await submit(api, api.tx.indexFunds.bind(BASKET, VSLC, 40n * SLC, 50_000_000), alice));
    assert.equal(error.name, "DuplicateAsset");
  });

  it("removes a constituent: down to the minimum weight, then bought out at the oracle's value", async () => {
    let { events, error } = await submit(api, api.tx.indexFunds.unbind(BASKET, VSLC), alice);
    assert.equal(error, null);
    const end = event(events, "UnbindStarted").data.end.toNumber();
    const start = await weightOf(VSLC);
    await waitBlocks(api, 3);
    const falling = await weightOf(VSLC);
    assert.ok(falling < start, `the weight did not fall: ${start} -> ${falling}`);
    ({ error } = await submit(api, api.tx.indexFunds.finishUnbind(BASKET), bob));
    assert.equal(error.name, "StillRemoving");
    // The move takes five minutes (the runtime's shortest re-targeting; vSLC's fall to the 2 %
    // minimum and SLC's and USDS's rise back are shorter at 0.01 % a second).
    const now = async () => (await api.query.timestamp.now()).toNumber() / 1000;
    while ((await now()) < end) await waitBlocks(api, 10);
    await feedAll();
    const vslc = await assetBalance(api, 1000, bob.address);
    ({ events, error } = await submit(api, api.tx.indexFunds.finishUnbind(BASKET), bob));
    assert.equal(error, null);
    const unbound = event(events, "Unbound").data;
    assert.ok(unbound.remainder.toBigInt() >= 40n * SLC);
    assert.ok((await assetBalance(api, 1000, bob.address)) > vslc);
    assert.equal(await weightOf(VSLC), null);
    assert.equal((await view(BASKET)).assets.length, 2);
  });
});

function absDiff(a, b) {
  return a > b ? a - b : b - a;
}
