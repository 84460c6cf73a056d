/**
 * `ss new`, then `ss dev`, in Chromium (issue 13): the scaffolded page calls an RPC, renders the
 * reply's greeting through its @View template and receives it as a channel event; a saved
 * stylesheet reaches the page through live reload, and a saved server file restarts the server
 * while the page reconnects by itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { freePort } from '../support/free-port';
import { REPO } from './support/build-if-stale';
import { killAll, startUntil, type Started } from './support/child-processes';
import { scaffoldApp } from './support/scaffolded-app';
import { launchChromium } from '../support/chromium';

let root: string;
let app: string;
let browser: Browser;
let dev: Started | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ss-dev-browser-'));
  [{ app }, browser] = await Promise.all([
    scaffoldApp(root),
    launchChromium(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('serves the scaffolded page: an RPC, its @View and the channel event; live reload for CSS, a restart for server code', async () => {
  const port = await freePort();
  dev = await startUntil(process.execPath, [join(REPO, 'bin', 'ss.js'), 'dev', '--port', String(port), '--host', '127.0.0.1'], /ss dev (http:\/\/\S+)/, {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.locator('#status').filter({ hasText: 'connected' }).waitFor();
  await page.fill('#hello input', 'Ada');
  await page.click('#hello button');
  await page.locator('#reply').filter({ hasText: 'Hello, Ada!' }).waitFor();
  // The greeting came back as a channel event, rendered by the @View's template.
  await page.locator('#greetings li').filter({ hasText: 'Ada' }).waitFor();

  await page.evaluate(() => ((window as { marker?: number }).marker = 1));
  const css = join(app, 'client', 'css', 'app.css');
  writeFileSync(css, `${readFileSync(css, 'utf8')}\nh1 { color: rgb(0, 128, 0); }\n`);
  await page.waitForFunction(() => getComputedStyle(document.querySelector('h1') as HTMLElement).color === 'rgb(0, 128, 0)');

  const service = join(app, 'server', 'rpc', 'hello.ts');
  writeFileSync(service, readFileSync(service, 'utf8').replace('`Hello, ${msg.name}!`', '`Welcome, ${msg.name}!`'));
  await page.locator('#status').filter({ hasText: 'disconnected' }).waitFor();
  await page.locator('#status').filter({ hasText: /^connected/ }).waitFor();
  await page.fill('#hello input', 'Grace');
  await page.click('#hello button');
  await page.locator('#reply').filter({ hasText: 'Welcome, Grace!' }).waitFor();
  // Same page all along: the restart did not reload it.
  expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBe(1);
  await page.close();
  dev.child.kill('SIGINT');
  expect(await dev.exited).toMatchObject({ code: 0 });
}, 90_000);
