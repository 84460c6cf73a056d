import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Koa from 'koa';
import type { BuildReport, ManifestAsset } from '../../src/build/production';
import { builtAssets, chooseEncoding } from '../../src/http/built-assets';
import { ADMIN_FILES, APP_FILES, adminClient, build, fixtureApp, mainClient, type FixtureApp } from '../build/production/production-fixture';
import { rawRequest } from './raw-request';

let app: FixtureApp;
let report: BuildReport;
let server: Server;
let url: string;
let entry: ManifestAsset;
const bytesOf = (asset: ManifestAsset, suffix = ''): Buffer => readFileSync(join(app.root, 'build/public', asset.path + suffix));

beforeAll(async () => {
  app = fixtureApp({ ...APP_FILES, ...ADMIN_FILES });
  report = await build(app, { clients: [mainClient(app), adminClient(app)] });
  entry = report.assets.find((asset) => asset.name === 'main.js')!;
  const koa = new Koa();
  koa.use(builtAssets({ outDir: join(app.root, 'build') }));
  koa.use(async (ctx, next) => {
    // The app's own routes, which pages must not shadow.
    if (ctx.path === '/api/status') ctx.body = 'the app answers';
    else await next();
  });
  server = koa.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  app?.remove();
});

describe('builtAssets, serving a production build', () => {
  it('serves a hashed asset as brotli to a client accepting br, cacheable for a year, with its own type and Vary', async () => {
    const res = await rawRequest(url, `/${entry.path}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-length']).toBe(String(entry.brotli));
    expect(res.body.equals(bytesOf(entry, '.br'))).toBe(true);
    expect(brotliDecompressSync(res.body).equals(bytesOf(entry))).toBe(true);
  });

  it('serves gzip to a client accepting only gzip, and the file itself to one accepting neither', async () => {
    const gz = await rawRequest(url, `/${entry.path}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(bytesOf(entry))).toBe(true);
    const plain = await rawRequest(url, `/${entry.path}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers['content-length']).toBe(String(entry.raw));
    expect(plain.body.equals(bytesOf(entry))).toBe(true);
    const refused = await rawRequest(url, `/${entry.path}`, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers a matching If-None-Match with a bodiless 304, per variant', async () => {
    const first = await rawRequest(url, `/${entry.path}`, { headers: { 'accept-encoding': 'br' } });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+-br"$/);
    const again = await rawRequest(url, `/${entry.path}`, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const otherVariant = await rawRequest(url, `/${entry.path}`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(otherVariant.status).toBe(200);
    expect(otherVariant.headers.etag).not.toBe(etag);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await rawRequest(url, `/${entry.path}`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(entry.brotli));
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });

  it('serves the page at the client\'s route and its sub-paths (pushState) for requests accepting HTML, with no-cache', async () => {
    const page = report.assets.find((asset) => asset.path === 'pages/main.html')!;
    for (const path of ['/', '/rooms/lobby']) {
      const res = await rawRequest(url, path, { headers: { accept: 'text/html', 'accept-encoding': 'br' } });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(res.body).toString()).toContain(`<script type="module" src="${report.manifest.clients.main.entry}">`);
    }
    const res = await rawRequest(url, '/', { headers: { accept: 'text/html' } });
    expect(res.body.equals(bytesOf(page))).toBe(true);
    const again = await rawRequest(url, '/', { headers: { accept: 'text/html', 'if-none-match': String(res.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('serves each client\'s page at its routes, the longest route winning', async () => {
    const page = async (path: string): Promise<string> => (await rawRequest(url, path, { headers: { accept: 'text/html' } })).body.toString();
    expect(await page('/admin')).toContain('<title>admin</title>');
    expect(await page('/admin/users/7')).toContain('<title>admin</title>');
    expect(await page('/administrator')).toContain('<title>built</title>');
  });

  it('lets the app\'s routes win, and gives no page to a path that looks like a file or a request that does not accept HTML', async () => {
    expect((await rawRequest(url, '/api/status', { headers: { accept: 'text/html' } })).body.toString()).toBe('the app answers');
    expect((await rawRequest(url, '/missing.png', { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await rawRequest(url, '/', { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await rawRequest(url, `/${entry.path}`, { method: 'POST' })).status).toBe(404);
  });

  it('serves only the files the manifest lists: no traversal, no manifest, no page by its file path, no file added later', async () => {
    writeFileSync(join(app.root, 'build/public/_ss/assets/main/added.js'), 'not in the manifest');
    const paths = [
      '/_ss/assets/main/../../../manifest.json',
      '/_ss/assets/main/%2e%2e/%2e%2e/%2e%2e/manifest.json',
      '/_ss/assets/main/..%2f..%2f..%2fmanifest.json',
      '/_ss/assets/main/added.js',
      `/${entry.path}.br`,
      '/manifest.json',
      '/pages/main.html',
      `/${entry.path.replace('main/', 'main//')}`,
    ];
    for (const path of paths) {
      const res = await rawRequest(url, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body.toString()).not.toContain('"version"');
    }
  });

  it('refuses to start without a build, naming ss build', () => {
    expect(() => builtAssets({ outDir: join(app.root, 'no-build') })).toThrow(expect.objectContaining({ code: 'SS_ERR_NO_BUILD', message: expect.stringContaining('ss build') }));
  });
});

describe('chooseEncoding', () => {
  it('prefers brotli to gzip at equal weight, follows weights, and sends the file when neither is accepted or available', () => {
    expect(chooseEncoding('gzip, deflate, br', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('*', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('br', ['gzip'])).toBeUndefined();
    expect(chooseEncoding('gzip;q=0', ['br', 'gzip'])).toBeUndefined();
    expect(chooseEncoding(undefined, ['br', 'gzip'])).toBeUndefined();
    expect(chooseEncoding('identity', ['br', 'gzip'])).toBeUndefined();
  });
});
