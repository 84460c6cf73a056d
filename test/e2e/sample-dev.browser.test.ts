import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { type App, createApp } from 'socketstream';
import { RoomChannel } from '../../sample/server/channels/room';
import { LatencyResponder } from '../../sample/server/responders/latency';
import { AuthService } from '../../sample/server/rpc/auth';
import { ChatService } from '../../sample/server/rpc/chat';
import { launchChromium } from '../support/chromium';

const repo = join(__dirname, '..', '..');

/**
 * Issue 12's "Done when", on the sample's own page: a copy of sample/client and sample/shared
 * (so the test may edit them) served with the sample's server classes, in development.
 */
describe('the sample page in development, in Chromium', () => {
  let root: string;
  let app: App;
  let browser: Browser;
  const file = (path: string) => join(root, path);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ss-sample-dev-'));
    cpSync(join(repo, 'sample', 'client'), file('client'), { recursive: true });
    cpSync(join(repo, 'sample', 'shared'), file('shared'), { recursive: true });
    cpSync(join(repo, 'sample', 'server'), file('server'), { recursive: true });
    // The client's npm packages (class-validator) resolve from the copy as from the sample.
    symlinkSync(join(repo, 'node_modules'), file('node_modules'), 'dir');
    app = createApp({
      root,
      services: [AuthService, ChatService],
      channels: [RoomChannel],
      responders: [LatencyResponder],
      env: { NODE_ENV: 'test' },
      logLevel: 'silent',
      clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'], workers: ['words.ts'] } },
    });
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('calls an RPC, renders a @View, uses a worker and a lazy chunk, applies a CSS edit in place, reloads for code, and shows and clears a syntax error', async () => {
    const url = await app.start();
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator('#status').filter({ hasText: 'connected (socket' }).waitFor();

    // An RPC (login), a message rendered by the @View template, the worker, the lazy DTO check.
    await page.fill('#login input', 'ada');
    await page.click('#login button');
    await page.locator('#user-name').filter({ hasText: 'ada' }).waitFor();
    await page.fill('#send input', 'hello there');
    await page.locator('#words').filter({ hasText: '2 words' }).waitFor();
    await page.click('#send button');
    await page.locator('#messages li').filter({ hasText: 'hello there' }).locator('b').filter({ hasText: 'ada' }).waitFor();

    // A stylesheet edit: the new style, same page.
    await page.evaluate(() => ((window as { marker?: number }).marker = 1));
    writeFileSync(file('client/css/app.css'), `${readFileSync(file('client/css/app.css'), 'utf8')}\nh1 { color: rgb(0, 128, 0); }\n`);
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1') as HTMLElement).color === 'rgb(0, 128, 0)');
    expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBe(1);

    // A code edit: the page reloads (and, with its session cookie, is still logged in).
    const entry = readFileSync(file('client/code/main/entry.ts'), 'utf8');
    writeFileSync(file('client/code/main/entry.ts'), `${entry}\ndocument.body.dataset.edited = 'yes';\n`);
    await page.waitForSelector('body[data-edited="yes"]');
    expect(await page.evaluate(() => (window as { marker?: number }).marker)).toBeUndefined();
    await page.locator('#user-name').filter({ hasText: 'ada' }).waitFor();

    // A syntax error: the overlay; fixed: the page recovers by itself.
    writeFileSync(file('client/code/main/entry.ts'), `${entry}\nconst broken = ;\n`);
    const overlay = page.locator('#ss-build-error');
    await overlay.waitFor();
    expect(await overlay.textContent()).toMatch(/client\/code\/main\/entry\.ts:\d+:/);
    writeFileSync(file('client/code/main/entry.ts'), `${entry}\ndocument.body.dataset.edited = 'again';\n`);
    await page.waitForSelector('body[data-edited="again"]');
    expect(await overlay.count()).toBe(0);
    await page.close();
  });
});
