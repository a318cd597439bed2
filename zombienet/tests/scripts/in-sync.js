// Checks that this node has caught up with a reference node (args[0]): its finalized head is
// within 3 blocks of the reference's, and both agree on the hash of that block.
const { connect, finalizedNumber, sleep } = require("./common.js");

async function run(nodeName, networkInfo, args) {
  const reference = args[0] || "alice";
  const api = await connect(networkInfo.nodesByName[nodeName].wsUri);
  const ref = await connect(networkInfo.nodesByName[reference].wsUri);
  for (;;) {
    const [mine, theirs] = [await finalizedNumber(api), await finalizedNumber(ref)];
    if (theirs - mine <= 3) {
      const common = Math.min(mine, theirs);
      const [a, b] = [await api.rpc.chain.getBlockHash(common), await ref.rpc.chain.getBlockHash(common)];
      if (!a.eq(b)) throw new Error(`${nodeName} and ${reference} disagree on finalized block ${common}`);
      console.log(`${nodeName}: finalized ${mine}, ${reference}: finalized ${theirs}, same hash at ${common}`);
      await api.disconnect();
      await ref.disconnect();
      return theirs - mine;
    }
    await sleep(1000);
  }
}

module.exports = { run };
