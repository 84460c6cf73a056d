// `npm run bench:live-reload`: time from saving a file to the change in an open page, for
// SocketStream's development server (createApp with live reload, from dist/) and Vite's dev
// server, on the same page: the sample's (view, stylesheet, code with its templates, worker and
// shared DTO). Each server gets a fresh copy of it in a temporary folder; Chromium (/usr/bin/chromium, headless) watches
// the page. Measured: a stylesheet edit until the new color is computed (no reload for either),
// and a code edit until the reloaded page shows the new version. One warm-up edit of each kind
// first, then `--edits N` (default 10); medians and the spread (min–max) are printed.
//
// Usage: npm run build && node bench/live-reload.mjs [--edits N]
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
/* global document, getComputedStyle -- functions passed to page.waitForFunction run in the page */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const edits = Number(process.argv[process.argv.indexOf('--edits') + 1]) || 10;
const { chromium } = require('playwright-core');

/** A copy of the sample's page (view, stylesheet, code, templates, worker, shared/) in a temporary folder. */
function sampleCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'ss-bench-live-'));
  cpSync(join(root, 'sample', 'client'), join(dir, 'client'), { recursive: true });
  cpSync(join(root, 'sample', 'shared'), join(dir, 'shared'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The edits: the stylesheet gets a new body color, the entry a new version marker. */
function editor(cssFile, entryFile) {
  const css = readFileSync(cssFile, 'utf8');
  const entry = readFileSync(entryFile, 'utf8');
  return {
    css: (n) => writeFileSync(cssFile, `${css}\nbody { color: rgb(${n}, 0, 0); }\n`),
    // First, so the marker is set even where the page's later code fails (under Vite, ss.worker has no registered worker).
    code: (v) => writeFileSync(entryFile, `document.body.dataset.version = '${v}';\n${entry}`),
  };
}

/** The sample's page served by SocketStream in development (createApp from dist/, live reload on). */
async function socketstream() {
  const dir = sampleCopy();
  const edit = editor(join(dir, 'client/css/app.css'), join(dir, 'client/code/main/entry.ts'));
  edit.code('0');
  const { createApp } = require(join(root, 'dist', 'src', 'index.js'));
  const app = createApp({ root: dir, services: [], channels: [], responders: [], logLevel: 'error', env: { NODE_ENV: 'development' }, clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'], workers: ['words.ts'] } } });
  const url = await app.start();
  return { url, ...edit, close: async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * The same page served by Vite's dev server: the sample's view with a stylesheet link and a
 * module script, its code with socketstream's browser files aliased (Vite compiles them as it
 * compiles the page's own), decorators as TypeScript's experimental ones.
 */
async function vite() {
  const dir = sampleCopy();
  const view = readFileSync(join(dir, 'client/views/main.html'), 'utf8')
    .replace('</head>', '<link rel="stylesheet" href="/client/css/app.css"></head>')
    .replace('</body>', '<script type="module" src="/client/code/main/entry.ts"></script></body>');
  writeFileSync(join(dir, 'index.html'), view);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true, target: 'es2022' } }));
  const edit = editor(join(dir, 'client/css/app.css'), join(dir, 'client/code/main/entry.ts'));
  edit.code('0');
  const { createServer } = await import('vite');
  const server = await createServer({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0 },
    resolve: { alias: { 'socketstream/client': join(root, 'src/client/browser.ts'), 'socketstream/decorators': join(root, 'decorators/browser.ts') } },
  });
  await server.listen();
  return { url: server.resolvedUrls.local[0], ...edit, close: async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(name, start, browser) {
  const target = await start();
  const page = await browser.newPage();
  try {
    await page.goto(target.url);
    await page.waitForFunction(() => document.body.dataset.version === '0', undefined, { timeout: 20000 });
    const times = { css: [], code: [] };
    for (let i = 1; i <= edits + 1; i++) {
      let t0 = performance.now();
      target.css(i);
      await page.waitForFunction((c) => getComputedStyle(document.body).color === c, `rgb(${i}, 0, 0)`, { polling: 'raf', timeout: 10000 });
      const cssMs = performance.now() - t0;
      t0 = performance.now();
      target.code(String(i));
      await page.waitForFunction((v) => document.body?.dataset.version === v, String(i), { polling: 'raf', timeout: 10000 });
      const codeMs = performance.now() - t0;
      // The first edit of each kind warms the server up (first compile, first watcher event).
      if (i > 1) {
        times.css.push(cssMs);
        times.code.push(codeMs);
      }
    }
    const row = (xs) => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    return `| ${name} | ${row(times.css)} | ${row(times.code)} |`;
  } finally {
    await page.close();
    await target.close();
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  console.log(`live reload: ${edits} edits of each kind after one warm-up; node ${process.version}, ${new Date().toISOString()}\n`);
  console.log('| server | stylesheet saved → new style computed | code saved → reloaded page shows it |');
  console.log('|---|---|---|');
  console.log(await measure('socketstream', socketstream, browser));
  console.log(await measure('vite', vite, browser));
} finally {
  await browser.close();
}
