// Waits for N new blocks and checks that the median interval between their timestamps is
// 1000 ms ± 100 ms. Returns the median in ms.
const { connect } = require("./common.js");

async function run(nodeName, networkInfo, args) {
  const count = parseInt(args[0] || "30", 10);
  const api = await connect(networkInfo.nodesByName[nodeName].wsUri);
  const stamps = [];
  await new Promise((resolve, reject) => {
    api.rpc.chain
      .subscribeNewHeads(async (header) => {
        try {
          const at = await api.at(header.hash);
          stamps.push((await at.query.timestamp.now()).toNumber());
          if (stamps.length > count) resolve();
        } catch (e) {
          reject(e);
        }
      })
      .catch(reject);
  });
  await api.disconnect();
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  const median = intervals[Math.floor(intervals.length / 2)];
  console.log(`${nodeName}: ${intervals.length} intervals, median ${median} ms, max ${intervals[intervals.length - 1]} ms`);
  if (median < 900 || median > 1100) throw new Error(`median block interval ${median} ms is not 1000 ± 100 ms`);
  return median;
}

module.exports = { run };
