// Activity in all four capabilities on a dev node, for the try-runtime check to run its upgrade
// checks against (scripts/try-runtime.sh): the oracle fed; liquid staking (a stake and a queued
// unstake); a reactor with a deposit, a director's stake and vote; an index fund created and
// joined; restaking (an operator registered, SLC deposited and delegated to it); a referendum submitted with its preimage. Then 40 blocks so that a reactor
// cycle rolls over and eras pass with the pool's stake in them.
//
//   node scripts/activity.js ws://127.0.0.1:9944

import { connect } from "../lib/node.js";
import { devAccounts, SLC, submit, waitBlocks } from "../lib/tx.js";

const ONE = 10n ** 18n; // FixedU128
const USDS = 10n ** 6n;
const WETH = 10n ** 18n;
const NATIVE = { Native: null };
const USD = { WithId: 1 };
const ETH = { WithId: 2 };

async function ok(api, what, tx, signer) {
  const { error, events } = await submit(api, tx, signer);
  if (error) throw new Error(`${what}: ${JSON.stringify(error)}`);
  const sudid = events.find((e) => e.section === "sudo" && e.method === "Sudid");
  if (sudid && sudid.data[0].isErr) throw new Error(`${what}: sudo: ${sudid.data[0].toString()}`);
  console.log(`activity: ${what}`);
}

export async function activity(api) {
  const { alice, bob, charlie, dave, eve } = devAccounts();
  const price = (kind, dollars) => [{ Price: kind }, dollars * ONE];
  await ok(api, "oracle fed", api.tx.oracleFeeds.feed([
    price(NATIVE, 1n), price(USD, 1n), price(ETH, 3000n),
    [{ Supply: NATIVE }, 1_000_000n * ONE], [{ Supply: USD }, 2_000_000n * ONE], [{ Supply: ETH }, 1_000n * ONE],
  ]), alice);

  // Liquid staking.
  await ok(api, "liquid staking: Bob stakes 10 000 SLC", api.tx.liquidStaking.stake(10_000n * SLC), bob);
  await ok(api, "liquid staking: Bob unstakes 1 000 vSLC", api.tx.liquidStaking.unstake(1_000n * SLC), bob);

  // Reactors.
  const admin = api.tx.utility.batchAll([
    api.tx.reactors.createReactor(NATIVE), api.tx.reactors.createReactor(USD), api.tx.reactors.addVenue(0, 1, "Dex"),
  ]);
  await ok(api, "reactors: SLC and USDS reactors with a DEX venue", api.tx.sudo.sudo(admin), alice);
  await ok(api, "reactors: Charlie deposits 1 000 SLC", api.tx.reactors.deposit(0, 1_000n * SLC), charlie);
  await ok(api, "reactors: Dave stakes 100 SLC as a director", api.tx.reactors.stake(0, 100n * SLC), dave);
  await ok(api, "reactors: Dave votes the venue", api.tx.reactors.vote([[0, 0, 1_000_000_000]]), dave);

  // Index funds.
  await ok(api, "index funds: a market-cap fund", api.tx.indexFunds.createIndex(
    [NATIVE, USD, ETH], [340_000_000, 330_000_000, 330_000_000], [340n * SLC, 330n * USDS, (11n * WETH) / 100n],
    "MarketCap", { swap: 3_000_000, join: 1_000_000, exit: 2_000_000 }, alice.address, "Sluice Top 3", "STOP3",
  ), alice);
  const quote = await api.call.indexFundsApi.quoteJoin(0, 5n * SLC);
  if (!quote.isOk) throw new Error(`quoteJoin: ${quote.toString()}`);
  const [amounts] = quote.asOk;
  await ok(api, "index funds: Bob joins for 5 index tokens", api.tx.indexFunds.join(0, 5n * SLC, amounts), bob);

  // Restaking.
  await ok(api, "restaking: Charlie registers as an operator", api.tx.restaking.registerOperator(50_000_000, 1_000n * SLC), charlie);
  await ok(api, "restaking: Eve deposits 4 000 SLC", api.tx.restaking.deposit(NATIVE, 4_000n * SLC), eve);
  await ok(api, "restaking: Eve delegates 2 000 SLC to Charlie", api.tx.restaking.delegate(charlie.address, NATIVE, 2_000n * SLC), eve);

  // Governance: a referendum on the protocol-admin track, with its preimage.
  const proposal = api.tx.reactors.createReactor(ETH);
  await ok(api, "governance: preimage noted", api.tx.preimage.notePreimage(proposal.method.toHex()), bob);
  await ok(api, "governance: referendum submitted", api.tx.referenda.submit(
    { Origins: "ProtocolAdmin" },
    { Lookup: { hash: proposal.method.hash.toHex(), len: proposal.method.encodedLength } },
    { After: 1 },
  ), bob);

  await waitBlocks(api, 40);
  console.log(`activity: done at #${(await api.rpc.chain.getHeader()).number.toNumber()}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? "ws://127.0.0.1:9944";
  const api = await connect(url);
  await waitBlocks(api, 1);
  try {
    await activity(api);
  } finally {
    await api.disconnect();
  }
}
