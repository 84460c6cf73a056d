// `npm run bench`: runs each scenario against each target, every server in its own process and
// the load generator in another, on 127.0.0.1 only, with bounded loops and timeouts. Prints one
// Markdown table per scenario with each figure beside its ratio to raw ws.
//
// Usage: node bench/run.mjs [--runs N] [--quick] [--only rpc,fanout,...] [--targets ws,socketstream,...]
// Scenarios: rpc, rpc-seq, fanout, memory, connect, client-size, cross-node.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs')) || 1;
const quick = args.includes('--quick');
const allScenarios = ['rpc', 'rpc-seq', 'fanout', 'memory', 'connect', 'client-size', 'cross-node'];
const scenarios = option('--only')?.split(',') ?? allScenarios;
const targets = option('--targets')?.split(',') ?? ['ws', 'socketstream', 'socketio', 'nest'];
const size = quick
  ? { warmup: 500, measure: 2000, seqMeasure: 1000, subscribers: 1000, messages: 100, idle: 1000, connect: 500 }
  : { warmup: 2000, measure: 8000, seqMeasure: 3000, subscribers: 1000, messages: 500, idle: 5000, connect: 2000 };

for (const s of scenarios) if (!allScenarios.includes(s)) fail(`unknown scenario "${s}"; known: ${allScenarios.join(', ')}`);
if (!targets.includes('ws')) fail('the ws target is the baseline of every ratio; keep it in --targets');
if (!existsSync(join(root, 'dist', 'src', 'index.js'))) fail('run `npm run build` first (the SocketStream server uses dist/)');

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** A child process speaking line-based JSON; `next()` resolves with its next stdout line (or fails after `timeoutMs`). */
function child(file, argv, { nodeArgs = [], env } = {}) {
  const proc = spawn(process.execPath, [...nodeArgs, file, ...argv], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  const lines = [];
  const waiters = [];
  createInterface({ input: proc.stdout }).on('line', (line) => (waiters.length ? waiters.shift()(line) : lines.push(line)));
  const next = (timeoutMs = 180_000) =>
    lines.length
      ? Promise.resolve(lines.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${file} said nothing for ${timeoutMs} ms`)), timeoutMs);
          waiters.push((line) => {
            clearTimeout(timer);
            resolve(line);
          });
        });
  const ask = async (command) => {
    proc.stdin.write(command + '\n');
    return JSON.parse(await next());
  };
  const expect = async (line) => {
    const got = await next();
    if (got !== line) throw new Error(`${file}: expected "${line}", got "${got}"`);
  };
  return { proc, next, ask, expect, say: (line) => proc.stdin.write(line + '\n') };
}

async function startServer(target, env) {
  const server = child(join(here, 'servers', `${target}.cjs`), [], { nodeArgs: ['--expose-gc'], env });
  const port = (await server.next()).split(' ')[1];
  return { ...server, port };
}

const load = (scenario, argv) => child(join(here, 'load', `${scenario}.cjs`), argv);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function rpc(target, clients, inflight, measure) {
  const server = await startServer(target);
  const gen = load('rpc', [target, server.port, String(clients), String(inflight), String(size.warmup), String(measure)]);
  await gen.expect('measure-start');
  await server.ask('mark');
  await gen.expect('measure-end');
  const { cpuMicros } = await server.ask('report');
  const r = JSON.parse(await gen.next());
  await server.ask('close');
  if (r.errors) throw new Error(`${target}: ${r.errors} wrong results`);
  return {
    'calls/s': r.callsPerSecond,
    'p50 µs': r.p50,
    'p99 µs': r.p99,
    'server µs/call': cpuMicros / r.calls,
    'server CPU': cpuMicros / 1e6 / r.seconds,
    'load CPU': r.loadCpuShare,
  };
}

/** Fan-out of `size.messages` messages to `size.subscribers` subscribers spread over `servers`, published by the first. */
async function fanout(target, servers) {
  const gen = load('fanout', [target, servers.map((s) => s.port).join(','), String(size.subscribers), String(size.messages)]);
  await gen.expect('ready');
  for (const s of servers) await s.ask('mark');
  await servers[0].ask(`burst ${size.messages} 100`);
  const r = JSON.parse(await gen.next());
  let cpuMicros = 0;
  for (const s of servers) cpuMicros += (await s.ask('report')).cpuMicros;
  for (const s of servers) await s.ask('close');
  return {
    'delivered/s': r.deliveredPerSecond,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    lost: r.lost,
    duplicated: r.duplicated,
    'out of order': r.outOfOrder,
    'server µs/msg': cpuMicros / (size.subscribers * size.messages),
    'server CPU': cpuMicros / 1e6 / r.seconds,
    'load CPU': r.loadCpuShare,
  };
}

async function memory(target) {
  const server = await startServer(target);
  const before = await server.ask('memory');
  const gen = load('idle', [target, server.port, String(size.idle)]);
  await gen.expect('ready');
  await sleep(1000);
  const after = await server.ask('memory');
  gen.say('close');
  await server.ask('close');
  return {
    'heap KB/conn': (after.heapUsed - before.heapUsed) / size.idle / 1024,
    'RSS KB/conn': (after.rss - before.rss) / size.idle / 1024,
  };
}

async function connect(target) {
  const server = await startServer(target);
  await server.ask('mark');
  const gen = load('connect', [target, server.port, String(size.connect), '50']);
  const r = JSON.parse(await gen.next());
  const { cpuMicros } = await server.ask('report');
  gen.say('close');
  await server.ask('close');
  return {
    'conn/s': r.connectionsPerSecond,
    'server µs/conn': cpuMicros / r.connections,
    'server CPU': cpuMicros / 1e6 / r.seconds,
    'load CPU': r.loadCpuShare,
  };
}

async function clientSize() {
  const { bundleBrowserCode } = require(join(root, 'dist', 'src', 'build', 'bundle-browser-code.js'));
  const { code } = await bundleBrowserCode({ entry: join(root, 'src', 'client', 'browser.ts') });
  const ours = gzipSync(code, { level: 9 }).length;
  const sio = gzipSync(readFileSync(join(root, 'node_modules', 'socket.io-client', 'dist', 'socket.io.min.js')), { level: 9 }).length;
  return { socketstream: { 'min+gzip bytes': ours }, socketio: { 'min+gzip bytes': sio } };
}

/** A redis-server of our own on a free port, for the cross-node scenario. */
async function startRedis() {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.add(proc);
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (ok) break;
    await sleep(50);
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.kill() };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => (Math.min(...values) > 0 ? Math.max(...values) / Math.min(...values) - 1 : 0);

/** Runs `measure()` `runs` times and keeps the median of each figure, and the spread of `headline`. */
async function repeated(measure, headline) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measure());
  const out = Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((s) => s[k]))]));
  if (runs > 1 && headline) out.spread = spread(samples.map((s) => s[headline]));
  return out;
}

const fmt = (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
};
const shareColumns = new Set(['server CPU', 'load CPU', 'spread']);
const ratioColumns = new Set(['calls/s', 'p50 µs', 'p99 µs', 'server µs/call', 'delivered/s', 'server µs/msg', 'heap KB/conn', 'RSS KB/conn', 'conn/s', 'server µs/conn', 'min+gzip bytes']);

function table(title, rows) {
  const columns = Object.keys(Object.values(rows)[0]);
  const base = rows.ws ?? rows.socketstream;
  const head = ['target'];
  for (const c of columns) head.push(c, ...(ratioColumns.has(c) && rows.ws ? ['× ws'] : []));
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const [target, r] of Object.entries(rows)) {
    const cells = [target];
    for (const c of columns) {
      cells.push(shareColumns.has(c) ? `${fmt(r[c] * 100)} %` : fmt(r[c]));
      if (ratioColumns.has(c) && rows.ws) cells.push(fmt(r[c] / base[c]));
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
}

console.log(`bench: ${runs} run(s)${quick ? ' (quick)' : ''}, median of each figure; node ${process.version}, nproc ${os.availableParallelism()}, ${new Date().toISOString()}`);
for (const scenario of scenarios) {
  const rows = {};
  if (scenario === 'client-size') {
    Object.assign(rows, await clientSize());
    table('client size: browser runtime bundled, minified, gzip -9', rows);
    continue;
  }
  if (scenario === 'cross-node') {
    const redis = await startRedis();
    try {
      rows.ws = await repeated(async () => fanout('ws', [await startServer('ws')]), 'server µs/msg');
      rows['socketstream ×1'] = await repeated(async () => fanout('socketstream', [await startServer('socketstream')]), 'server µs/msg');
      rows['socketstream ×2 + redis'] = await repeated(
        async () => fanout('socketstream', [await startServer('socketstream', { REDIS_URL: redis.url }), await startServer('socketstream', { REDIS_URL: redis.url })]),
        'server µs/msg',
      );
    } finally {
      redis.stop();
    }
    table(`cross-node fan-out: ${size.subscribers} subscribers split over two SocketStream processes sharing Redis, ${size.messages} messages published on one (server CPU of both)`, rows);
    continue;
  }
  for (const target of targets) {
    if (scenario === 'rpc') rows[target] = await repeated(() => rpc(target, 64, 8, size.measure), 'server µs/call');
    if (scenario === 'rpc-seq') rows[target] = await repeated(() => rpc(target, 1, 1, size.seqMeasure), 'p50 µs');
    if (scenario === 'fanout') rows[target] = await repeated(async () => fanout(target, [await startServer(target)]), 'server µs/msg');
    if (scenario === 'memory') rows[target] = await repeated(() => memory(target), 'heap KB/conn');
    if (scenario === 'connect') rows[target] = await repeated(() => connect(target), 'conn/s');
  }
  const titles = {
    rpc: 'rpc: 64 clients × 8 calls in flight, add(a, b)',
    'rpc-seq': 'rpc-seq: one client, one call at a time',
    fanout: `fanout: ${size.subscribers} subscribers of one channel, ${size.messages} messages of ~100 bytes published in a burst`,
    memory: `memory: ${size.idle} idle connections, growth after gc`,
    connect: `connect: ${size.connect} connections in batches of 50 (SocketStream: until the hello, session included)`,
  };
  table(titles[scenario], rows);
}
process.exit(0);
