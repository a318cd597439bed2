// Signing with the metadata hash (RFC 78, `CheckMetadataHash` mode 1), as Ledger's and Vault's
// signers do: the wallet merkleizes the metadata the node serves, signs its digest with the
// transaction, and the runtime accepts the transaction only if that digest is the one its wasm
// was built with. The digest is computed here with @polkadot-api/merkleize-metadata, not read
// from the node. The runtime's metadata is the same on every chain it serves (the built-in,
// public network's values of the per-network constants), so this holds on the dev chain.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { merkleizeMetadata } from "@polkadot-api/merkleize-metadata";
import { u8aToHex } from "@polkadot/util";
import { useDevNode } from "../lib/node.js";
import { devAccounts, feePaid, freeBalance, SLC, submit } from "../lib/tx.js";

describe("metadata hash", () => {
  const node = useDevNode(before, after);
  const { bob, charlie } = devAccounts();
  let api;
  let digest;
  before(async () => {
    api = node().api;
    const metadata = (await api.call.metadata.metadataAtVersion(15)).unwrap();
    const version = api.runtimeVersion;
    digest = merkleizeMetadata(metadata.toU8a(true), {
      decimals: 12,
      tokenSymbol: "SLC",
      base58Prefix: api.consts.system.ss58Prefix.toNumber(),
      specName: version.specName.toString(),
      specVersion: version.specVersion.toNumber(),
    }).digest();
  });

  const transfer = () => api.tx.balances.transferKeepAlive(charlie.address, 3n * SLC);

  it("accepts a transfer signed with the metadata's digest", async () => {
    const [bobBefore, charlieBefore] = [
      await freeBalance(api, bob.address),
      await freeBalance(api, charlie.address),
    ];
    const result = await submit(api, transfer(), bob, { mode: 1, metadataHash: u8aToHex(digest) });
    assert.equal(result.error, null, JSON.stringify(result.error));
    const fee = feePaid(result.events);
    const [bobAfter, charlieAfter] = [
      await freeBalance(api, bob.address),
      await freeBalance(api, charlie.address),
    ];
    assert.equal(charlieAfter - charlieBefore, 3n * SLC);
    assert.equal(bobBefore - bobAfter, 3n * SLC + fee);
  });

  it("refuses one signed with a wrong digest", async () => {
    const wrong = Uint8Array.from(digest);
    wrong[0] ^= 0xff;
    const charlieBefore = await freeBalance(api, charlie.address);
    await assert.rejects(
      submit(api, transfer(), bob, { mode: 1, metadataHash: u8aToHex(wrong) }),
      /1010: Invalid Transaction: Transaction has a bad signature/,
    );
    assert.equal(await freeBalance(api, charlie.address), charlieBefore);
  });

  it("serves the public network's constants, the chain's own values in networkParams", async () => {
    // The metadata's tracks are in real hours (protocol_admin confirms for 3 h = 10 800 blocks);
    // the dev chain's grid has a one-block governance hour, which its referenda run on.
    const [, protocolAdmin] = api.consts.referenda.tracks[1];
    assert.equal(protocolAdmin.confirmPeriod.toNumber(), 10_800);
    assert.equal(api.consts.staking.bondingDuration.toNumber(), 14);
    const grid = await api.query.networkParams.grid();
    assert.equal(grid.governanceHour.toNumber(), 1);
    assert.equal(grid.bondingDuration.toNumber(), 4);
  });
});
