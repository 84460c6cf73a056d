// `npm run bench`: runs each scenario against each target, every server in its own process and
// the load generator in another, on 127.0.0.1 only, with bounded loops. Prints a table with each
// figure as a ratio to raw ws. Usage: node bench/run.mjs [--runs N] [--quick]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 1;
const quick = args.includes('--quick');
const timing = quick ? { warmup: 500, measure: 2000 } : { warmup: 2000, measure: 8000 };
const targets = ['ws', 'socketstream', 'socketio'];

if (!existsSync(join(here, '..', 'dist', 'src', 'index.js'))) {
  console.error('bench: run `npm run build` first (the SocketStream server uses dist/)');
  process.exit(1);
}

/** A child process speaking line-based JSON; `next()` resolves with its next stdout line. */
function child(file, argv, nodeArgs = []) {
  const proc = spawn(process.execPath, [...nodeArgs, file, ...argv], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  createInterface({ input: proc.stdout }).on('line', (line) => (waiters.length ? waiters.shift()(line) : lines.push(line)));
  const next = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => waiters.push(r)));
  const ask = async (command) => {
    proc.stdin.write(command + '\n');
    return JSON.parse(await next());
  };
  return { proc, next, ask };
}

async function rpcScenario(target) {
  const server = child(join(here, 'servers', `${target}.cjs`), [], ['--expose-gc']);
  const port = (await server.next()).split(' ')[1];
  const load = child(join(here, 'load', 'rpc.cjs'), [target, port, '64', '8', String(timing.warmup), String(timing.measure)]);
  if ((await load.next()) !== 'measure-start') throw new Error('load generator did not start');
  await server.ask('mark');
  if ((await load.next()) !== 'measure-end') throw new Error('load generator did not finish');
  const { cpuMicros } = await server.ask('report');
  const result = JSON.parse(await load.next());
  await server.ask('close').catch(() => undefined);
  return {
    callsPerSecond: result.callsPerSecond,
    p50: result.p50,
    p99: result.p99,
    serverMicrosPerCall: cpuMicros / result.calls,
    serverCpuShare: cpuMicros / 1e6 / result.seconds,
    loadCpuShare: result.loadCpuShare,
    errors: result.errors,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = {};
for (const target of targets) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await rpcScenario(target));
  const keys = Object.keys(samples[0]);
  results[target] = Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))]));
  results[target].spread = Math.max(...samples.map((s) => s.serverMicrosPerCall)) / Math.min(...samples.map((s) => s.serverMicrosPerCall)) - 1;
}

const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
console.log(`rpc: 64 clients × 8 in flight, add(a, b); ${runs} run(s), median; node ${process.version}`);
console.log('target        calls/s   ×ws   p50 µs  p99 µs  server µs/call  ×ws   server CPU  load CPU  spread');
for (const target of targets) {
  const r = results[target];
  const base = results.ws;
  console.log(
    [
      target.padEnd(12),
      fmt(r.callsPerSecond, 0).padStart(8),
      fmt(r.callsPerSecond / base.callsPerSecond, 2).padStart(5),
      fmt(r.p50, 0).padStart(8),
      fmt(r.p99, 0).padStart(7),
      fmt(r.serverMicrosPerCall, 2).padStart(15),
      fmt(r.serverMicrosPerCall / base.serverMicrosPerCall, 2).padStart(5),
      `${fmt(r.serverCpuShare * 100, 0)}%`.padStart(11),
      `${fmt(r.loadCpuShare * 100, 0)}%`.padStart(9),
      `${fmt(r.spread * 100, 0)}%`.padStart(7),
    ].join(' '),
  );
}
