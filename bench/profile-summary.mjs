// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
// idle excluded. Open the same file in Chrome DevTools (Performance panel) for a flame graph.
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

/** Self time per function, in milliseconds, heaviest first. */
export function selfTimes(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    const where = url ? ` ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|bench)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  });
  return { busyMs: busy / 1000, rows: [...byFunction].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000 })) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { busyMs, rows } = selfTimes(process.argv[2]);
  console.log(`busy ${busyMs.toFixed(0)} ms`);
  for (const r of rows.slice(0, Number(process.argv[3] ?? 30))) console.log(`${r.ms.toFixed(1).padStart(8)} ms  ${(100 * r.ms / busyMs).toFixed(1).padStart(5)} %  ${r.name}`);
}
