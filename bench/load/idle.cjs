// Load generator for the memory scenario: opens `count` connections, 100 at a time, prints
// "ready", keeps them idle until the runner writes "close" (or 120 s pass), then closes them.
const { target, openMany, waitForLine } = require('./common.cjs');

const [name, port, count] = process.argv.slice(2);

(async () => {
  const clients = await openMany(target(name), [port], Number(count), 100);
  console.log('ready');
  await waitForLine('close', 120_000);
  for (const c of clients) c.close();
  process.exit(0);
})();
