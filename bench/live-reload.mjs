// `npm run bench:live-reload`: time from saving a file to the change in an open page, for
// SocketStream's development server (createApp with live reload, from dist/) and Vite's dev
// server, on the same page: a view, a stylesheet and an entry of ~300 lines. Each server gets a
// fresh copy of the page in a temporary folder; Chromium (/usr/bin/chromium, headless) watches
// the page. Measured: a stylesheet edit until the new color is computed (no reload for either),
// and a code edit until the reloaded page shows the new version. One warm-up edit of each kind
// first, then `--edits N` (default 10); medians and the spread (min–max) are printed.
//
// Usage: npm run build && node bench/live-reload.mjs [--edits N]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** An entry of about 300 lines: the version marker, then filler functions a page might hold. */
function entry(version) {
  const filler = Array.from({ length: 60 }, (_, i) => `export function helper${i}(items: number[]): number {\n  let total = ${i};\n  for (const item of items) total += item * ${i + 1};\n  return total;\n}`).join('\n');
  return `document.body.dataset.version = '${version}';\n${filler}\n`;
}
const css = (n) => `body { color: rgb(${n}, 0, 0); font: 15px/1.4 system-ui, sans-serif; }\nul { list-style: none; }\n`;

function folder(files) {
  const dir = mkdtempSync(join(tmpdir(), 'ss-bench-live-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

async function socketstream() {
  const dir = folder({
    'client/views/main.html': '<!doctype html><html><head><title>bench</title></head><body><ul id="list"></ul></body></html>',
    'client/css/app.css': css(0),
    'client/code/main/entry.ts': entry('0'),
  });
  const { createApp } = require(join(root, 'dist', 'src', 'index.js'));
  const app = createApp({ root: dir, services: [], channels: [], responders: [], logLevel: 'warn', env: { NODE_ENV: 'development' }, clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'] } } });
  const url = await app.start();
  return { url, css: (n) => writeFileSync(join(dir, 'client/css/app.css'), css(n)), code: (v) => writeFileSync(join(dir, 'client/code/main/entry.ts'), entry(v)), close: async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function vite() {
  const dir = folder({
    'index.html': '<!doctype html><html><head><title>bench</title><link rel="stylesheet" href="/app.css"></head><body><ul id="list"></ul><script type="module" src="/main.ts"></script></body></html>',
    'app.css': css(0),
    'main.ts': entry('0'),
  });
  const { createServer } = await import('vite');
  const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  return { url: server.resolvedUrls.local[0], css: (n) => writeFileSync(join(dir, 'app.css'), css(n)), code: (v) => writeFileSync(join(dir, 'main.ts'), entry(v)), close: async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); } };
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
