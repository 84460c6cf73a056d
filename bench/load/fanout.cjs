// Load generator for the fan-out scenarios: `subscribers` connections (spread over the
// comma-separated `ports`) join channel feed:1 and print "ready"; then it counts the numbered
// messages the server publishes (see control.cjs "burst"): lost, duplicated and out-of-order ones
// per subscriber, and the delay from publish to delivery. It prints one JSON line when every
// subscriber has every message, or when nothing has arrived for 5 s (then `lost` says what is missing).
// Latency runs from each message's publish call: a server whose publish writes to every socket
// before returning (raw ws, Nest) stamps later messages later, so compare 'burst s' (first
// publish to last delivery) for how long the whole burst took.
const { target, openMany, now, percentile, cpuShare } = require('./common.cjs');

const [name, portList, subscriberCount, messageCount] = process.argv.slice(2);
const ports = portList.split(',');
const subscribers = Number(subscriberCount);
const messages = Number(messageCount);
const expected = subscribers * messages;

(async () => {
  const clients = await openMany(target(name), ports, subscribers, 100);
  await Promise.all(clients.map((c) => new Promise((resolve) => c.join('feed:1', resolve))));

  const latencies = new Float64Array(expected);
  let delivered = 0;
  let unique = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let firstPublishedAt = Infinity;
  let lastDeliveredAt = 0;
  let cpuStart;
  let quietTimer;

  const finish = () => {
    clearTimeout(quietTimer);
    const seconds = (lastDeliveredAt - firstPublishedAt) / 1000;
    const sorted = latencies.subarray(0, Math.min(delivered, expected)).sort();
    console.log(
      JSON.stringify({
        delivered,
        lost: expected - unique,
        duplicated,
        outOfOrder,
        seconds,
        deliveredPerSecond: unique / seconds,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        loadCpuShare: cpuStart ? cpuShare(cpuStart, seconds) : 0,
      }),
    );
    for (const c of clients) c.close();
    process.exit(0);
  };
  const quiet = () => {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(finish, 5000);
  };

  clients.forEach((client) => {
    const seen = new Uint8Array(messages + 1);
    let last = 0;
    client.onEvent((data) => {
      const at = now();
      if (cpuStart === undefined) cpuStart = process.cpuUsage();
      if (data.at < firstPublishedAt) firstPublishedAt = data.at;
      lastDeliveredAt = at;
      if (delivered < expected) latencies[delivered] = at - data.at;
      delivered++;
      if (seen[data.n]) duplicated++;
      else {
        seen[data.n] = 1;
        unique++;
        if (data.n < last) outOfOrder++;
      }
      last = Math.max(last, data.n);
      if (unique === expected) finish();
      else quiet();
    });
  });
  // A run where nothing at all arrives still ends.
  quietTimer = setTimeout(finish, 60_000);
  console.log('ready');
})();
