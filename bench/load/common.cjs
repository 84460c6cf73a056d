// Helpers shared by the load generators.
const readline = require('node:readline');
const { performance } = require('node:perf_hooks');
const { targets } = require('./targets/index.cjs');

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
exports.now = () => performance.timeOrigin + performance.now();

exports.sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The client adapter of `name`, or exit with a clear message. */
exports.target = (name) => {
  const t = targets[name];
  if (!t) {
    console.error(`unknown target "${name}"; known: ${Object.keys(targets).join(', ')}`);
    process.exit(2);
  }
  return t;
};

/** Opens `count` connections `batch` at a time, spread round-robin over `ports`. */
exports.openMany = async (target, ports, count, batch) => {
  const clients = [];
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    clients.push(...(await Promise.all(Array.from({ length: n }, (_, j) => target.open(ports[(i + j) % ports.length])))));
  }
  return clients;
};

/** Resolves when the runner writes `line` on stdin (or after `timeoutMs`, so no run hangs). */
exports.waitForLine = (line, timeoutMs) =>
  new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin });
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      rl.close();
      resolve();
    }
    rl.on('line', (l) => l.trim() === line && done());
  });

exports.percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** CPU seconds this process used since `start`, as a share of `seconds` of wall time. */
exports.cpuShare = (start, seconds) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6 / seconds;
};
