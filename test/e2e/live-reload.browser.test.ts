import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser } from 'playwright-core';
import { type App, createApp } from 'socketstream';
import { launchChromium } from '../support/chromium';

const entry = (version: string) =>
  [
    "import ss from 'socketstream/client';",
    `(document.getElementById('title') as HTMLElement).textContent = '${version}';`,
    "ss.server.on('ready', () => (document.body.dataset.ready = 'yes'));",
  ].join('\n');

describe('live reload in Chromium', () => {
  let root: string;
  let app: App;
  let browser: Browser;
  let url: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ss-live-'));
    write('client/views/main.html', '<!doctype html><html><head><title>live</title></head><body><h1 id="title">…</h1></body></html>');
    write('client/css/app.css', 'h1 { color: rgb(255, 0, 0); }');
    write('client/code/main/entry.ts', entry('v1'));
    app = createApp({ root, services: [], channels: [], responders: [], env: { NODE_ENV: 'test' }, logLevel: 'silent', clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'] } } });
    browser = await launchChromium();
    url = await app.start();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('swaps a changed stylesheet without reloading, reloads for code, and shows a compile error until it is fixed', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="yes"]');
    await page.evaluate(() => ((window as { marker?: number }).marker = 1));
    const color = () => page.evaluate(() => getComputedStyle(document.getElementById('title') as HTMLElement).color);
    expect(await color()).toBe('rgb(255, 0, 0)');

    write('client/css/app.css', 'h1 { color: rgb(0, 0, 255); }');
    await page.waitForFunction(() => getComputedStyle(document.getElementById('title') as HTMLElement).color === 'rgb(0, 0, 255)');
    expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBe(1);

    write('client/code/main/entry.ts', entry('v2'));
    await page.waitForFunction(() => document.getElementById('title')?.textContent === 'v2' && document.body.dataset.ready === 'yes');
    expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBeUndefined();

    write('client/code/main/entry.ts', 'const broken = ;');
    const overlay = page.locator('#ss-build-error');
    await overlay.waitFor();
    expect(await overlay.textContent()).toMatch(/client\/code\/main\/entry\.ts:1:/);

    write('client/code/main/entry.ts', entry('v3'));
    await page.waitForFunction(() => document.getElementById('title')?.textContent === 'v3');
    expect(await overlay.count()).toBe(0);
    await page.close();
  });

  it('reloads a page once for a change whose code throws as it boots, and never again by itself', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="yes"]');
    let loads = 0;
    page.on('load', () => loads++);
    write(
      'client/code/main/entry.ts',
      ["import ss from 'socketstream/client';", "ss.server.on('ready', () => (document.body.dataset.ready = 'yes'));", "document.body.dataset.boot = 'broken';", "throw new Error('boom at boot');"].join('\n'),
    );
    await page.waitForSelector('body[data-boot="broken"][data-ready="yes"]');
    // A later message on the same socket: once the stylesheet is swapped, any reload loop would have shown.
    write('client/css/app.css', 'h1 { color: rgb(0, 128, 0); }');
    await page.waitForFunction(() => getComputedStyle(document.getElementById('title') as HTMLElement).color === 'rgb(0, 128, 0)');
    expect(loads).toBe(1);
    await page.close();
  });
});
