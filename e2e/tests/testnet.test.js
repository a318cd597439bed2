// A node of the `testnet` chain spec (the public network's grid and settings, no sudo key):
// started as Alice, one of its four validators, it authors her slots on its own.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDevNode } from "../lib/node.js";

describe("testnet chain", () => {
  let node;
  let api;
  before(async () => {
    // Alice holds one of the four authority keys; with no peers she authors only if forced. A
    // validator of a live chain needs a network key: this throw-away node makes one.
    node = await startDevNode({
      chain: [
        "--chain", "testnet", "--alice", "--validator", "--force-authoring",
        "--unsafe-force-node-key-generation",
      ],
      timeoutMs: 90_000,
    });
    api = node.api;
  });
  after(async () => {
    if (node) await node.stop();
  });

  it("starts and produces blocks in Alice's slots", async () => {
    assert.equal((await api.rpc.system.chain()).toString(), "Sluice Testnet");
    const first = (await api.rpc.chain.getHeader()).number.toNumber();
    // Alice has one slot in four (one-second slots): two more blocks within 20 s.
    const deadline = Date.now() + 20_000;
    let now = first;
    while (now < first + 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      now = (await api.rpc.chain.getHeader()).number.toNumber();
    }
    assert.ok(now >= first + 2, `only ${now - first} blocks after block ${first}`);
  });

  it("runs on the public grid with no sudo key and no invulnerable validator", async () => {
    const grid = (await api.query.networkParams.grid()).toJSON();
    assert.deepEqual(grid, {
      sessionPeriod: 3600,
      sessionsPerEra: 24,
      bondingDuration: 14,
      slashDeferDuration: 7,
      cycleLength: 86400,
      stakeWarmup: 3600,
      governanceHour: 3600,
    });
    assert.ok((await api.query.sudo.key()).isNone);
    assert.equal((await api.query.staking.invulnerables()).length, 0);
    assert.equal((await api.query.session.validators()).length, 4);
  });
});
