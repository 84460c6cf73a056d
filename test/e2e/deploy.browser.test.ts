/**
 * Issue 13's "Done when": an app made by `ss new`, with its dependencies, passes its tests; `ss
 * build` makes its production build; `ss start --workers 2` serves it with a redis-server this
 * test started; Chromium loads the page from the built assets, and receives a channel event
 * published by a call that another worker ran (through Redis). Then a deploy that adds a method:
 * the open page is told its wire contract is stale when it reconnects, and reloads once.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { connect, type SocketStreamClient } from 'socketstream/client';
import { startRedis, type RedisServer } from '../support/redis-server';
import { REPO } from './support/build-if-stale';
import { killAll, runToExit, startUntil, succeeded, type Started } from './support/child-processes';
import { scaffoldApp } from './support/scaffolded-app';
import { freePort } from '../support/free-port';
import { launchChromium } from '../support/chromium';

const node = process.execPath;
const ss = join(REPO, 'bin', 'ss.js');
let root: string;
let app: string;
let redis: RedisServer;
let browser: Browser;
let server: Started | undefined;
const clients: SocketStreamClient[] = [];
let openPage: Page | undefined;
let serverPort = 0;


beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ss-deploy-e2e-'));
  [{ app }, redis, browser] = await Promise.all([
    scaffoldApp(root),
    startRedis(),
    launchChromium(),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await browser?.close();
  killAll();
  await redis?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('an app from ss new, built and started on two workers', () => {
  it('passes its own tests', async () => {
    const end = await runToExit('npm', ['test'], { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' }, timeoutMs: 60_000 });
    expect({ code: end.code, out: end.code === 0 ? '' : end.stdout + end.stderr }).toEqual({ code: 0, out: '' });
  }, 60_000);

  it('ss build writes the server, the hashed and precompressed assets, the pages and the manifest, and prints their sizes', async () => {
    const out = succeeded(await runToExit(node, [ss, 'build'], { cwd: app, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 90_000 }));
    expect(out).toMatch(/gzip/);
    expect(out).toMatch(/built build\/ in/);
    expect(existsSync(join(app, 'build', 'server', 'app.js'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(app, 'build', 'manifest.json'), 'utf8')) as { contract?: string };
    expect(manifest.contract).toMatch(/^[\w-]{12}$/);
  }, 90_000);

  it('ss start --workers 2 serves the built page in Chromium, which gets the channel event of a call run by the other worker', async () => {
    const port = await freePort();
    server = await startUntil(node, [ss, 'start', '--workers', '2', '--port', String(port)], /listening on (http:\/\/\S+) \(2 workers/, {
      cwd: app,
      env: { ...process.env, NO_COLOR: '1', REDIS_URL: redis.url, SS_SECRET: 'the deploy test secret' },
    });
    const url = `http://127.0.0.1:${port}`;
    const page = await browser.newPage();
    const pageSocket = new Promise<string>((resolve) => {
      page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          const frame = JSON.parse(String(payload)) as { t: string; socketId?: string };
          if (frame.t === 'hello' && frame.socketId) resolve(frame.socketId);
        }),
      );
    });
    await page.goto(url);
    await page.locator('#status').filter({ hasText: 'connected' }).waitFor();
    // The page's assets are the build's: hashed names, cached for good, served precompressed.
    const script = await page.locator('script[type=module]').getAttribute('src');
    expect(script).toMatch(/^\/_ss\/assets\/main\/main-[\w-]+\.js$/);
    const asset = await fetch(url + script!, { headers: { 'accept-encoding': 'br' } });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');

    // A Node client on the other worker (socket ids start with the node's id).
    const nodeOf = (id: string): string => id.slice(0, id.indexOf('.'));
    const pageNode = nodeOf(await pageSocket);
    let other: SocketStreamClient | undefined;
    for (let attempt = 0; attempt < 20 && !other; attempt++) {
      const client = connect(url);
      clients.push(client);
      await client.rpc('hello.greet', { name: 'probe' }).catch(() => undefined);
      if (client.socketId && nodeOf(client.socketId) !== pageNode) other = client;
    }
    expect(other).toBeDefined();
    await other!.rpc('hello.greet', { name: 'from the other worker' });
    await page.locator('#greetings li').filter({ hasText: 'from the other worker' }).waitFor();
    openPage = page;
    serverPort = port;
  }, 60_000);

  it('after a deploy that changes a method, the open page is told on reconnect and reloads into the new build', async () => {
    const page = openPage!;
    let loads = 0;
    page.on('load', () => loads++);
    const reloaded = new Promise<void>((resolve) => page.once('load', () => resolve()));
    // The new version: one more method, so another wire contract.
    const service = join(app, 'server', 'rpc', 'hello.ts');
    writeFileSync(service, readFileSync(service, 'utf8').replace(/\n}\s*$/, "\n  @Rpc()\n  async version(): Promise<number> {\n    return 2;\n  }\n}\n"));
    succeeded(await runToExit(node, [ss, 'build'], { cwd: app, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 90_000 }));
    server!.child.kill('SIGTERM');
    expect(await server!.exited).toMatchObject({ code: 0, signal: null });
    server = await startUntil(node, [ss, 'start', '--workers', '2', '--port', String(serverPort)], /listening on (http:\/\/\S+) \(2 workers/, {
      cwd: app,
      env: { ...process.env, NO_COLOR: '1', REDIS_URL: redis.url, SS_SECRET: 'the deploy test secret' },
    });
    await reloaded;
    await page.locator('#status').filter({ hasText: 'connected' }).waitFor();
    expect(loads).toBe(1);
    await page.close();
    server.child.kill('SIGTERM');
    const end = await server.exited;
    expect({ code: end.code, signal: end.signal }).toEqual({ code: 0, signal: null });
  }, 120_000);
});
