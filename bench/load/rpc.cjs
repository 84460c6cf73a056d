// Load generator for the rpc scenario: `clients` connections × `inflight` calls of add(a, b) kept
// in flight; after `warmupMs` it prints "measure-start", after `measureMs` more "measure-end",
// then a JSON line with calls, latency percentiles and its own CPU. Every loop stops by itself.
const { performance } = require('node:perf_hooks');
const { target, openMany, sleep, percentile, cpuShare } = require('./common.cjs');

const [name, port, clients, inflight, warmupMs, measureMs] = process.argv.slice(2);

let phase = 'warmup';
let calls = 0;
let errors = 0;
const latencies = [];

function drive(client) {
  let next = 1;
  const send = () => {
    const a = next++ % 100;
    // A float clock: hrtime.bigint() would allocate two BigInts per call in the generator.
    const started = performance.now();
    client.add(a, 2, (r) => {
      if (r !== a + 2) errors++;
      if (phase === 'measure') {
        calls++;
        latencies.push((performance.now() - started) * 1000);
      }
      if (phase !== 'done') send();
    });
  };
  for (let i = 0; i < Number(inflight); i++) send();
}

(async () => {
  const all = await openMany(target(name), [port], Number(clients), 64);
  all.forEach(drive);
  await sleep(Number(warmupMs));
  console.log('measure-start');
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  phase = 'measure';
  await sleep(Number(measureMs));
  phase = 'done';
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const loadCpuShare = cpuShare(cpuStart, seconds);
  console.log('measure-end');
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      calls,
      errors,
      seconds,
      callsPerSecond: calls / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      loadCpuShare,
    }),
  );
  for (const c of all) c.close();
  process.exit(0);
})();
