// The control channel between the runner and a server process, over stdin/stdout lines:
//   runner → server: "mark" (start measuring CPU), "report" (print CPU used since mark),
//                    "memory" (gc, then print heap and RSS), "publish <json>" (fan-out), "close"
//   server → runner: "ready <port>", then one JSON line per request.
const readline = require('node:readline');

exports.serve = function serve(port, { publish, close }) {
  let mark = process.cpuUsage();
  const out = (value) => process.stdout.write(JSON.stringify(value) + '\n');
  readline.createInterface({ input: process.stdin }).on('line', async (line) => {
    const [command, ...rest] = line.split(' ');
    if (command === 'mark') {
      mark = process.cpuUsage();
      out({ ok: true });
    } else if (command === 'report') {
      const used = process.cpuUsage(mark);
      out({ cpuMicros: used.user + used.system });
    } else if (command === 'memory') {
      if (global.gc) for (let i = 0; i < 3; i++) global.gc();
      const m = process.memoryUsage();
      out({ heapUsed: m.heapUsed, rss: m.rss });
    } else if (command === 'publish') {
      await publish(JSON.parse(rest.join(' ')));
      out({ ok: true });
    } else if (command === 'close') {
      await close();
      out({ ok: true });
      process.exit(0);
    }
  });
  process.stdout.write(`ready ${port}\n`);
};
