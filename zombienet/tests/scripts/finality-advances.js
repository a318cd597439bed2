// Checks that the node's finalized head advances by at least N blocks (args[0]).
const { connect, finalizedNumber, sleep } = require("./common.js");

async function run(nodeName, networkInfo, args) {
  const want = parseInt(args[0] || "5", 10);
  const api = await connect(networkInfo.nodesByName[nodeName].wsUri);
  const start = await finalizedNumber(api);
  let now = start;
  while (now - start < want) {
    await sleep(500);
    now = await finalizedNumber(api);
  }
  await api.disconnect();
  console.log(`${nodeName}: finalized ${start} -> ${now}`);
  return now - start;
}

module.exports = { run };
