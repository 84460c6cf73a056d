// The control channel between the runner and a server process, over stdin/stdout lines:
//   runner → server: "mark" (start measuring CPU), "report" (CPU used since mark),
//                    "memory" (gc, then heap and RSS), "publish <json>" (one message),
//                    "burst <count> <bytes>" (publish `count` numbered messages of about `bytes`
//                    bytes each, as fast as the server takes them), "close"
//   server → runner: "ready <port>", then one JSON line per request.
// With BENCH_PROFILE set to a file name, a V8 CPU profile is recorded from "mark" to "report"
// and written there: only the measured window, not start-up, warm-up or shutdown.
const readline = require('node:readline');
const { performance } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');
const inspector = require('node:inspector');

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();

/** Starts the profiler; the returned function stops it and writes the profile to `file`. */
function startProfile(file) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
  return () =>
    new Promise((resolve) =>
      session.post('Profiler.stop', (err, result) => {
        if (!err) writeFileSync(file, JSON.stringify(result.profile));
        session.disconnect();
        resolve();
      }),
    );
}

exports.serve = function serve(port, { publish, close }) {
  let mark = process.cpuUsage();
  let stopProfile;
  const out = (value) => process.stdout.write(JSON.stringify(value) + '\n');
  readline.createInterface({ input: process.stdin }).on('line', async (line) => {
    const [command, ...rest] = line.split(' ');
    if (command === 'mark') {
      if (process.env.BENCH_PROFILE && !stopProfile) stopProfile = startProfile(process.env.BENCH_PROFILE);
      mark = process.cpuUsage();
      out({ ok: true });
    } else if (command === 'report') {
      const used = process.cpuUsage(mark);
      if (stopProfile) await stopProfile();
      stopProfile = undefined;
      out({ cpuMicros: used.user + used.system });
    } else if (command === 'memory') {
      if (global.gc) for (let i = 0; i < 3; i++) global.gc();
      const m = process.memoryUsage();
      out({ heapUsed: m.heapUsed, rss: m.rss });
    } else if (command === 'publish') {
      await publish(JSON.parse(rest.join(' ')));
      out({ ok: true });
    } else if (command === 'burst') {
      const count = Number(rest[0]);
      const pad = 'x'.repeat(Math.max(0, Number(rest[1]) - 40));
      const pending = [];
      for (let n = 1; n <= count; n++) pending.push(publish({ n, at: now(), pad }));
      await Promise.all(pending);
      out({ ok: true });
    } else if (command === 'close') {
      await close();
      out({ ok: true });
      process.exit(0);
    }
  });
  process.stdout.write(`ready ${port}\n`);
};
