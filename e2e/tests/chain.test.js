// Chain identity, metadata and staking state of a fresh dev node.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDevNode } from "../lib/node.js";
import { devAccounts, SLC } from "../lib/tx.js";

describe("dev chain", () => {
  const node = useDevNode(before, after);
  let api;
  before(() => {
    api = node().api;
  });

  it("reports SLC with 12 decimals and SS58 prefix 42", async () => {
    const properties = await api.rpc.system.properties();
    assert.deepEqual(properties.tokenSymbol.unwrap().map((s) => s.toString()), ["SLC"]);
    assert.deepEqual(properties.tokenDecimals.unwrap().map((d) => d.toNumber()), [12]);
    assert.equal(properties.ss58Format.unwrap().toNumber(), 42);
    assert.equal(api.registry.chainDecimals[0], 12);
    assert.equal((await api.rpc.system.chain()).toString(), "Sluice Development");
    assert.equal(api.runtimeVersion.specName.toString(), "sluice");
  });

  it("has every runtime pallet in its metadata", () => {
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    const expected = [
      "System", "Timestamp", "Utility", "Sudo", "Balances", "TransactionPayment", "Authorship",
      "Staking", "Session", "Historical", "Aura", "Grandpa", "Assets", "PoolAssets",
      "AssetConversion", "Oracle", "LiquidStaking", "BlockAuction", "IndexFunds", "Reactors", "Restaking",
      "OracleFeeds", "NetworkParams", "Offences", "Scheduler", "Preimage", "Referenda", "ConvictionVoting",
      "Origins", "Treasury", "Proxy", "Multisig", "Identity",
    ];
    for (const name of expected) assert.ok(pallets.includes(name), `pallet ${name} missing from metadata`);
    assert.equal(pallets.length, expected.length, `unexpected pallets: ${pallets}`);
  });

  it("declares the runtime APIs clients need", () => {
    for (const section of ["assetConversionApi", "stakingApi", "oracleApi", "transactionPaymentApi", "liquidStakingApi", "blockAuctionApi", "indexFundsApi", "reactorsApi", "restakingApi"]) {
      assert.ok(api.call[section], `runtime API ${section} missing`);
    }
  });

  it("has Alice as the bonded, elected validator", async () => {
    const { alice } = devAccounts();
    const activeEra = await api.query.staking.activeEra();
    assert.ok(activeEra.isSome, "no active era");
    const validators = (await api.query.session.validators()).map((v) => v.toString());
    assert.deepEqual(validators, [alice.address]);
    const ledger = (await api.query.staking.ledger(alice.address)).unwrap();
    assert.equal(ledger.active.toBigInt(), 100_000n * SLC);
    const prefs = await api.query.staking.validators(alice.address);
    assert.ok(prefs.commission !== undefined);
    assert.equal((await api.query.staking.validatorCount()).toNumber(), 1);
  });

  it("finalizes blocks close behind the best block", async () => {
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    // Wait for a few blocks, then compare best and finalized.
    for (;;) {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      if (best >= start + 5) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    assert.ok(best - finalized <= 3, `finality lag ${best - finalized} blocks`);
  });
});
