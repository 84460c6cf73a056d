// `npm run bench:build`: how long a production build of the sample takes, `ss build` beside
// `vite build` of the same page (the sample's view, stylesheet and code with its templates and
// lazily loaded class-validator chunk; Vite from npm, a devDependency of the bench only). Each
// run builds a fresh copy of the sample in a temporary folder, as a user's CI would: `ss build`
// in a new process (server code, every client, .gz/.br siblings, manifest), `vite build` through
// its API in a new process too (the same page, socketstream's browser files aliased). `ss build`
// runs from dist/ (`npm run build` first), as an installed package's CLI does. Prints
// the median wall time of `--runs N` (default 5) with the range, and each output's total gzip size.
//
// Usage: npm run build && node bench/build.mjs [--runs N]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

/** A copy of the whole sample app, with node_modules linking the repository's packages and socketstream itself. */
function sampleCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'ss-bench-build-'));
  for (const part of ['app.ts', 'server', 'client', 'shared']) cpSync(join(root, 'sample', part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  symlinkSync(root, join(dir, 'node_modules', 'socketstream'), 'dir');
  return dir;
}

/** Total gzip size of the .js, .css and .html files under `dir`. */
function gzipTotal(dir) {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(name));
    if (statSync(path).isFile() && /\.(js|css|html)$/.test(path)) total += gzipSync(readFileSync(path)).length;
  }
  return total;
}

function ssBuild() {
  const dir = sampleCopy();
  const t0 = performance.now();
  // The compiled CLI, as an installed package runs it (bin/ss.js in a checkout compiles the CLI's sources first).
  const cli = `require(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'main.js'))}).main(['build', '--root', ${JSON.stringify(dir)}]).then((code) => { process.exitCode = code; })`;
  execFileSync(process.execPath, ['-e', cli], { stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  const size = gzipTotal(join(dir, 'build', 'public'));
  rmSync(dir, { recursive: true, force: true });
  return { ms, size };
}

function viteBuild() {
  const dir = sampleCopy();
  const view = readFileSync(join(dir, 'client/views/main.html'), 'utf8')
    .replace('</head>', '<link rel="stylesheet" href="/client/css/app.css"></head>')
    .replace('</body>', '<script type="module" src="/client/code/main/entry.ts"></script></body>');
  writeFileSync(join(dir, 'index.html'), view);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true, target: 'es2022' } }));
  const script = `
    const { build } = await import('vite');
    await build({ root: ${JSON.stringify(dir)}, configFile: false, logLevel: 'silent',
      resolve: { alias: { 'socketstream/client': ${JSON.stringify(join(root, 'src/client/browser.ts'))}, 'socketstream/decorators': ${JSON.stringify(join(root, 'decorators/browser.ts'))} } },
      build: { outDir: 'dist', sourcemap: true } });`;
  const t0 = performance.now();
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'pipe' });
  const ms = performance.now() - t0;
  const size = gzipTotal(join(dir, 'dist'));
  rmSync(dir, { recursive: true, force: true });
  return { ms, size };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(name, build) {
  build(); // warm-up: the file system cache, not the tools (each run is a new process)
  const results = Array.from({ length: runs }, build);
  const times = results.map((r) => r.ms);
  return `| ${name} | ${(median(times) / 1000).toFixed(2)} s (${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)}) | ${(results[0].size / 1024).toFixed(1)} KiB |`;
}

console.log(`production build of the sample: ${runs} runs after one warm-up; node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| build | wall time, median (range) | output .js/.css/.html, gzip total |');
console.log('|---|---|---|');
console.log(measure('ss build', ssBuild));
console.log(measure('vite build', viteBuild));
