import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import compression from 'compression';
import { type App, createApp } from 'socketstream';
import { serveStatic, type StaticOptions } from '../../src/http/static-files';
import { type RawResponse, rawRequest } from './raw-request';

const SECRET = 'TOP-SECRET-do-not-serve-4f1c';
const FALLTHROUGH = 'next middleware';

let base: string;
let dir: string;
/** Every body any test received: the secret must be in none. */
const bodies: Buffer[] = [];

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'ss-static-')));
  dir = join(base, 'static');
  mkdirSync(join(dir, 'css'), { recursive: true });
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(base, 'secret'), SECRET);
  writeFileSync(join(dir, 'hello.txt'), 'hello, static');
  writeFileSync(join(dir, 'css', 'app.css'), 'body { color: teal }');
  writeFileSync(join(dir, 'page.html'), '<p>hi</p>');
  writeFileSync(join(dir, 'data.json'), '{"a":1}');
  writeFileSync(join(dir, 'script.js'), 'console.log(1)');
  writeFileSync(join(dir, 'LICENSE'), 'MIT');
  writeFileSync(join(dir, 'blob.unknownext'), 'bytes');
  writeFileSync(join(dir, '.env'), 'SS_SECRET=shh');
  writeFileSync(join(dir, '%2e%2e'), 'a file really named %2e%2e');
  writeFileSync(join(dir, 'sub', 'nested.txt'), 'nested');
  writeFileSync(join(dir, 'big.txt'), 'static bytes '.repeat(2000));
  // Symlinks: one to a file outside, one to the folder's parent, one to a file inside.
  symlinkSync(join(base, 'secret'), join(dir, 'out-link'));
  symlinkSync(base, join(dir, 'out-dir'));
  symlinkSync(join(dir, 'hello.txt'), join(dir, 'in-link.txt'));
  const old = new Date('2024-01-02T03:04:05Z');
  utimesSync(join(dir, 'hello.txt'), old, old);
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  for (const body of bodies) expect(body.toString('latin1')).not.toContain(SECRET);
});

interface Started extends AsyncDisposable {
  app: App;
  url: string;
  get(path: string, headers?: Record<string, string>, method?: string): Promise<RawResponse>;
}

async function serve(options?: StaticOptions, folder = dir, setup?: (app: App) => void): Promise<Started> {
  const app = createApp({ services: [], channels: [], responders: [], env: { NODE_ENV: 'test' }, logLevel: 'silent' });
  setup?.(app);
  app.http.use(serveStatic(folder, options));
  app.http.use((ctx) => {
    ctx.body = FALLTHROUGH;
  });
  const url = await app.start();
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> => {
    const res = await rawRequest(url, path, { headers, method });
    bodies.push(res.body);
    return res;
  };
  return { app, url, get, [Symbol.asyncDispose]: () => app.close() };
}

describe('serveStatic: files', () => {
  it('serves a file with its Content-Type, Content-Length, a weak ETag, Last-Modified, Cache-Control and nosniff', async () => {
    await using s = await serve();
    const res = await s.get('/hello.txt');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello, static');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe('13');
    expect(res.headers.etag).toMatch(/^W\/"d-[0-9a-f]+"$/);
    expect(res.headers['last-modified']).toBe('Tue, 02 Jan 2024 03:04:05 GMT');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.each([
    ['/css/app.css', 'text/css; charset=utf-8'],
    ['/page.html', 'text/html; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/script.js', /^(application|text)\/javascript; charset=utf-8$/],
    ['/LICENSE', 'application/octet-stream'],
    ['/blob.unknownext', 'application/octet-stream'],
  ])('gives %s the type %s', async (path, type) => {
    await using s = await serve();
    const res = await s.get(path);
    expect(res.status).toBe(200);
    if (typeof type === 'string') expect(res.headers['content-type']).toBe(type);
    else expect(res.headers['content-type']).toMatch(type);
  });

  it('answers If-None-Match with the ETag, and If-Modified-Since, with a bodiless 304', async () => {
    await using s = await serve();
    const first = await s.get('/hello.txt');
    const etag = String(first.headers.etag);
    const byEtag = await s.get('/hello.txt', { 'if-none-match': etag });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    expect(byEtag.headers.etag).toBe(etag);
    const byDate = await s.get('/hello.txt', { 'if-modified-since': String(first.headers['last-modified']) });
    expect(byDate.status).toBe(304);
    const stale = await s.get('/hello.txt', { 'if-none-match': 'W/"0-0"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe('hello, static');
  });

  it('changes the ETag when the file changes', async () => {
    await using s = await serve();
    writeFileSync(join(dir, 'changing.txt'), 'one');
    const before = await s.get('/changing.txt');
    writeFileSync(join(dir, 'changing.txt'), 'number two');
    const after = await s.get('/changing.txt', { 'if-none-match': String(before.headers.etag) });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toBe('number two');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('answers HEAD with the headers and no body', async () => {
    await using s = await serve();
    const res = await s.get('/css/app.css', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-length']).toBe('20');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers.etag).toMatch(/^W\//);
  });

  it('takes a Cache-Control of its own, or none', async () => {
    {
      await using s = await serve({ cacheControl: 'public, max-age=60' });
      expect((await s.get('/hello.txt')).headers['cache-control']).toBe('public, max-age=60');
    }
    await using s = await serve({ cacheControl: false });
    expect((await s.get('/hello.txt')).headers['cache-control']).toBeUndefined();
  });

  it('serves a symlink to a file inside the folder, under the name asked for', async () => {
    await using s = await serve();
    const res = await s.get('/in-link.txt');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello, static');
  });

  it('streams through compression added with useConnect', async () => {
    await using s = await serve(undefined, dir, (app) => app.useConnect(compression()));
    const res = await s.get('/big.txt', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe('static bytes '.repeat(2000));
  });
});

describe('serveStatic: what goes on to the next middleware', () => {
  it.each([
    ['a missing file', 'GET', '/nope.txt'],
    ['a directory', 'GET', '/sub'],
    ['the root', 'GET', '/'],
    ['a POST', 'POST', '/hello.txt'],
    ['a dotfile', 'GET', '/.env'],
    ['a path through a file', 'GET', '/hello.txt/x'],
  ])('%s', async (_, method, path) => {
    await using s = await serve();
    const res = await s.get(path, {}, method);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(FALLTHROUGH);
  });

  it('a folder that does not exist', async () => {
    await using s = await serve(undefined, join(base, 'missing'));
    expect((await s.get('/hello.txt')).body.toString()).toBe(FALLTHROUGH);
  });

  it("serves dotfiles with dotfiles: 'allow'", async () => {
    await using s = await serve({ dotfiles: 'allow' });
    expect((await s.get('/.env')).body.toString()).toBe('SS_SECRET=shh');
  });
});

describe('serveStatic: path traversal', () => {
  it.each([
    ['..', '/../secret', 404],
    ['.. deeper', '/sub/../../secret', 404],
    ['%2e%2e', '/%2e%2e/secret', 404],
    ['%2E%2E', '/%2E%2E/secret', 404],
    ['..%2f', '/..%2fsecret', 404],
    ['%2e%2e%2f', '/%2e%2e%2fsecret', 404],
    ['.%2e', '/.%2e/secret', 404],
    ['a backslash', '/..\\secret', 404],
    ['%5c', '/..%5csecret', 404],
    ['a NUL byte', '/hello.txt%00.png', 400],
    ['a NUL byte after ..', '/%00/../secret', 400],
    ['a bad encoding', '/%E0%A4%A', 400],
    ['a lone %', '/%', 400],
    ['a symlink to a file outside', '/out-link', 404],
    ['a symlink to the parent folder', '/out-dir/secret', 404],
  ])('refuses %s (%s) with %d', async (_, path, status) => {
    await using s = await serve();
    const res = await s.get(path);
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toBe(FALLTHROUGH);
  });

  it('refuses .. in an absolute-form request target', async () => {
    await using s = await serve();
    const res = await s.get(`${s.url}/../secret`);
    expect(res.status).toBe(404);
  });

  it.each([
    ['//', '//etc/passwd'],
    ['an absolute path', () => `/${base}/secret`],
    ['an encoded absolute path', () => `/${encodeURIComponent(join(base, 'secret'))}`],
    ['%2f at the start', '/%2fetc%2fpasswd'],
    ['double encoding', '/%252e%252e/secret'],
    ['double encoding with %2f', '/%252e%252e%252fsecret'],
  ])('looks %s up inside the folder only', async (_, path) => {
    await using s = await serve();
    const res = await s.get(typeof path === 'string' ? path : path());
    expect(res.body.toString()).toBe(FALLTHROUGH);
    expect(res.body.toString()).not.toMatch(/root:/);
  });

  it('decodes once: %252e%252e is the file named %2e%2e', async () => {
    await using s = await serve();
    const res = await s.get('/%252e%252e');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('a file really named %2e%2e');
  });
});

describe('serveStatic: arguments', () => {
  it('refuses a bad folder or bad options', () => {
    expect(() => serveStatic('')).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_ARGUMENT' }));
    expect(() => serveStatic(dir, { cacheControl: 'no-cache\r\nX-Evil: 1' })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION' }));
    expect(() => serveStatic(dir, { dotfiles: 'deny' as never })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION' }));
  });
});
