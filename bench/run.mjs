// `npm run bench`: runs each scenario against each target, every server in its own process and
// the load generator in another, on 127.0.0.1 only, with bounded loops and timeouts. Prints one
// Markdown table per scenario with each figure beside its ratio to raw ws.
//
// Usage: node bench/run.mjs [--runs N] [--quick] [--only rpc,fanout,...] [--targets ws,socketstream,...] [--profile]
// Scenarios: rpc, rpc-seq, connect, fanout, memory, client-size, cross-node.
// --profile records a CPU profile of every server over its measured window (from "mark" to
// "report", so start-up, warm-up and shutdown are left out) into bench/profiles/ and prints each
// profile's heaviest functions (open the files in Chrome DevTools for flame graphs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import os from 'node:os';
import { selfTimes } from './profile-summary.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs')) || 1;
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const profileDir = join(here, 'profiles');
/** Names the next profile: the scenario being run and a count. */
let profileTag = '';
let profileCount = 0;
// connect runs before the scenarios that open thousands of sockets: their TIME_WAIT entries slow new connects for a minute.
const allScenarios = ['rpc', 'rpc-seq', 'connect', 'fanout', 'memory', 'client-size', 'cross-node'];
const scenarios = option('--only')?.split(',') ?? allScenarios;
const targets = option('--targets')?.split(',') ?? ['ws', 'socketstream', 'socketio', 'nest'];
const size = quick
  ? { warmup: 500, measure: 2000, seqMeasure: 1000, subscribers: 1000, messages: 100, idle: 1000, connect: 500, connectWarmup: 100 }
  : { warmup: 2000, measure: 8000, seqMeasure: 3000, subscribers: 1000, messages: 500, idle: 5000, connect: 2000, connectWarmup: 200 };

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
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  exited.then(() => children.delete(proc));
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
  /** Resolves when the process has exited, so its CPU use cannot spill into the next measurement. */
  const done = () => Promise.race([exited, sleep(30_000).then(() => proc.kill('SIGKILL'))]);
  return { proc, next, ask, expect, done, say: (line) => proc.stdin.write(line + '\n') };
}

async function startServer(target, env) {
  const nodeArgs = ['--expose-gc'];
  if (profile) env = { ...env, BENCH_PROFILE: join(profileDir, `${profileTag}-${target}-${++profileCount}.cpuprofile`) };
  const server = child(join(here, 'servers', `${target}.cjs`), [], { nodeArgs, env });
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
  await Promise.all([gen.done(), server.done()]);
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
  await Promise.all([gen.done(), ...servers.map((s) => s.done())]);
  return {
    'delivered/s': r.deliveredPerSecond,
    'burst s': r.seconds,
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
  await Promise.all([gen.done(), server.done()]);
  return {
    'heap KB/conn': (after.heapUsed - before.heapUsed) / size.idle / 1024,
    'RSS KB/conn': (after.rss - before.rss) / size.idle / 1024,
  };
}

async function connect(target) {
  const server = await startServer(target);
  const gen = load('connect', [target, server.port, String(size.connect), '50', String(size.connectWarmup)]);
  await gen.expect('warmed');
  await server.ask('mark');
  gen.say('go');
  const r = JSON.parse(await gen.next());
  const { cpuMicros } = await server.ask('report');
  gen.say('close');
  await server.ask('close');
  await Promise.all([gen.done(), server.done()]);
  return {
    'conn/s': r.connectionsPerSecond,
    'server µs/conn': cpuMicros / r.connections,
    'server CPU': cpuMicros / 1e6 / r.seconds,
    'load CPU': r.loadCpuShare,
  };
}

async function clientSize() {
  const { bundleBrowserCode } = require(join(root, 'dist', 'src', 'build', 'bundle-browser-code.js'));
  // A page's module using the default client, as a user's bundler sees it (test/client/browser-size.test.ts).
  const { code } = await bundleBrowserCode({ entry: join(root, 'test', 'client', 'fixtures', 'size-page.ts') });
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

/** The median of every figure over `samples`, and the spread of `headline` between them. */
function summarize(samples, headline) {
  const out = Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((s) => s[k]))]));
  if (samples.length > 1 && headline) out.spread = spread(samples.map((s) => s[headline]));
  return out;
}

/**
 * Runs `measure(target)` `runs` times per target, run by run, starting each run with the next
 * target: whichever goes first after a pause is measured on a cold machine (slower clock,
 * cold caches), and rotating keeps that from always penalising the same target.
 */
async function compare(names, measure, headline) {
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      samples[name].push(await measure(name));
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n], headline)]));
}

const fmt = (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
};
const shareColumns = new Set(['server CPU', 'load CPU', 'spread']);
const ratioColumns = new Set(['calls/s', 'p50 µs', 'p99 µs', 'server µs/call', 'delivered/s', 'burst s', 'server µs/msg', 'heap KB/conn', 'RSS KB/conn', 'conn/s', 'server µs/conn', 'min+gzip bytes']);

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
if (profile) {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir);
}
for (const scenario of scenarios) {
  profileTag = scenario;
  const rows = {};
  if (scenario === 'client-size') {
    Object.assign(rows, await clientSize());
    table('client size: browser runtime bundled, minified, gzip -9', rows);
    continue;
  }
  if (scenario === 'cross-node') {
    const redis = await startRedis();
    const setups = {
      ws: async () => [await startServer('ws')],
      'socketstream ×1': async () => [await startServer('socketstream')],
      'socketstream ×2 + redis': async () => [await startServer('socketstream', { REDIS_URL: redis.url }), await startServer('socketstream', { REDIS_URL: redis.url })],
    };
    try {
      Object.assign(rows, await compare(Object.keys(setups), async (name) => fanout(name === 'ws' ? 'ws' : 'socketstream', await setups[name]()), 'server µs/msg'));
    } finally {
      redis.stop();
    }
    table(`cross-node fan-out: ${size.subscribers} subscribers split over two SocketStream processes sharing Redis, ${size.messages} messages published on one (server CPU of both)`, rows);
    continue;
  }
  const measures = {
    rpc: (target) => rpc(target, 64, 8, size.measure),
    'rpc-seq': (target) => rpc(target, 1, 1, size.seqMeasure),
    fanout: async (target) => fanout(target, [await startServer(target)]),
    memory: (target) => memory(target),
    connect: (target) => connect(target),
  };
  const headlines = { rpc: 'server µs/call', 'rpc-seq': 'p50 µs', fanout: 'server µs/msg', memory: 'heap KB/conn', connect: 'conn/s' };
  Object.assign(rows, await compare(targets, measures[scenario], headlines[scenario]));
  const titles = {
    rpc: 'rpc: 64 clients × 8 calls in flight, add(a, b)',
    'rpc-seq': 'rpc-seq: one client, one call at a time',
    fanout: `fanout: ${size.subscribers} subscribers of one channel, ${size.messages} messages of ~100 bytes published in a burst`,
    memory: `memory: ${size.idle} idle connections, growth after gc`,
    connect: `connect: ${size.connect} connections in batches of 50 after ${size.connectWarmup} warm-up ones (SocketStream: until the hello, session included)`,
  };
  table(titles[scenario], rows);
}
if (profile) {
  for (const file of readdirSync(profileDir).sort()) {
    const { busyMs, rows } = selfTimes(join(profileDir, file));
    console.log(`\n${file}: ${busyMs.toFixed(0)} ms busy; heaviest self time:`);
    for (const r of rows.slice(0, 12)) console.log(`${r.ms.toFixed(1).padStart(8)} ms ${((100 * r.ms) / busyMs).toFixed(1).padStart(5)} %  ${r.name}`);
  }
}
process.exit(0);
