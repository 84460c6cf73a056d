// Load generator for the connect scenario. Warm-up: opens `warmup` connections 50 at a time and
// closes them (every server gets the same chance to compile its handshake path), prints
// "warmed", and waits for "go". Then opens `count` connections `batch` at a time (a batch starts
// when the previous one is usable: for SocketStream, hello received, so the session exists),
// prints a JSON line with connections/s, waits for "close" and closes them all.
const { target, openMany, waitForLine, cpuShare, sleep } = require('./common.cjs');

const [name, port, count, batch, warmup] = process.argv.slice(2);

(async () => {
  const adapter = target(name);
  const warm = await openMany(adapter, [port], Number(warmup), 50);
  for (const c of warm) c.close();
  await sleep(300);
  console.log('warmed');
  await waitForLine('go', 60_000);
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  const clients = await openMany(adapter, [port], Number(count), Number(batch));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ connections: clients.length, seconds, connectionsPerSecond: clients.length / seconds, loadCpuShare: cpuShare(cpuStart, seconds) }));
  await waitForLine('close', 120_000);
  for (const c of clients) c.close();
  process.exit(0);
})();
