import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import compression from 'compression';
import helmet from 'helmet';
import { type App, createApp, type Logger, type Session } from 'socketstream';
import type { ConnectErrorMiddleware, ConnectRequest } from '../../src/http/connect-middleware';
import { rawRequest } from './raw-request';

interface Started extends AsyncDisposable {
  app: App;
  url: string;
  /** What the app logged with `log.error`, message and first meta. */
  errors: Array<{ message: string; meta: unknown }>;
}

async function start(setup: (app: App) => void): Promise<Started> {
  const errors: Started['errors'] = [];
  const noop = (): void => undefined;
  const logger: Logger = { debug: noop, info: noop, warn: noop, error: (message, meta) => errors.push({ message, meta }) };
  const app = createApp({ services: [], channels: [], responders: [], env: { NODE_ENV: 'test' }, logger });
  setup(app);
  const url = await app.start();
  return { app, url, errors, [Symbol.asyncDispose]: () => app.close() };
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!header) throw new Error('no Set-Cookie header');
  return header.split(';')[0];
}

const LARGE_TEXT = 'SocketStream streams everything over one socket. '.repeat(400);

describe('app.useConnect with compression', () => {
  it('gzips a large text body set by Koa after it, without the Content-Length Koa set', async () => {
    await using s = await start((app) =>
      app.useConnect(compression()).http.use((ctx) => {
        ctx.type = 'text/plain';
        ctx.body = LARGE_TEXT;
      }),
    );
    const res = await rawRequest(s.url, '/', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body.length).toBeLessThan(LARGE_TEXT.length / 10);
    expect(gunzipSync(res.body).toString()).toBe(LARGE_TEXT);

    const plain = await rawRequest(s.url, '/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(String(LARGE_TEXT.length));
    expect(plain.body.toString()).toBe(LARGE_TEXT);
  });

  it('gzips a JSON body', async () => {
    const data = { messages: Array.from({ length: 300 }, (_, i) => ({ id: i, text: 'hello over the socket' })) };
    await using s = await start((app) =>
      app.useConnect(compression()).http.use((ctx) => {
        ctx.body = data;
      }),
    );
    const res = await rawRequest(s.url, '/', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-length']).toBeUndefined();
    expect(JSON.parse(gunzipSync(res.body).toString())).toEqual(data);
  });

  it('gzips a stream body', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => `chunk ${i}: ${'x'.repeat(1000)}\n`);
    await using s = await start((app) =>
      app.useConnect(compression()).http.use((ctx) => {
        ctx.type = 'text/plain';
        ctx.body = Readable.from(chunks);
      }),
    );
    const res = await rawRequest(s.url, '/', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe(chunks.join(''));
  });
});

describe('app.useConnect with helmet', () => {
  it("puts helmet's headers, its Content-Security-Policy included, on a Koa response", async () => {
    await using s = await start((app) =>
      app.useConnect(helmet()).http.use((ctx) => {
        ctx.body = 'page';
      }),
    );
    const res = await fetch(s.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('page');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('gives helmet res.locals (Koa ctx.state) for a per-request CSP nonce', async () => {
    await using s = await start((app) => {
      app.http.use(async (ctx, next) => {
        ctx.state.nonce = 'abc123';
        await next();
      });
      app.useConnect(
        helmet({
          contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (_req, res) => `'nonce-${String((res as ServerResponse & { locals: { nonce: string } }).locals.nonce)}'`] } },
        }),
      );
      app.http.use((ctx) => {
        ctx.body = 'ok';
      });
    });
    const res = await fetch(s.url);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-abc123'/);
  });
});

describe('app.useConnect: a middleware that answers by itself', () => {
  it('sends its status and body, and the Koa middleware after it does not run', async () => {
    let after = false;
    let upstreamDone = false;
    await using s = await start((app) => {
      app.http.use(async (_ctx, next) => {
        await next();
        upstreamDone = true;
      });
      app.useConnect((_req, res) => {
        res.statusCode = 202;
        res.setHeader('content-type', 'text/plain');
        res.end('accepted by connect');
      });
      app.http.use((ctx) => {
        after = true;
        ctx.body = 'koa';
      });
    });
    const res = await fetch(s.url);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('accepted by connect');
    expect(after).toBe(false);
    expect(upstreamDone).toBe(true);
    expect(s.errors).toEqual([]);
  });

  it("answers 200, not Koa's default 404, when it sets no status, also when it answers later", async () => {
    await using s = await start((app) =>
      app.useConnect((req, res) => {
        if (req.url === '/later') setImmediate(() => res.end('later'));
        else res.end('now');
      }),
    );
    for (const path of ['/now', '/later']) {
      const res = await fetch(s.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(path.slice(1));
    }
  });

  it('keeps its answer when it calls next() after answering: the Koa middleware after it does not run', async () => {
    let after = false;
    await using s = await start((app) => {
      app.useConnect((_req, res, next) => {
        res.end('answered');
        next();
      });
      app.http.use((ctx) => {
        after = true;
        ctx.status = 500;
      });
    });
    const res = await fetch(s.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('answered');
    expect(after).toBe(false);
  });

  it('ends the Koa chain when the client goes away before it answers', async () => {
    let called!: () => void;
    const middlewareCalled = new Promise<void>((resolve) => (called = resolve));
    let resumed!: (respond: boolean | undefined) => void;
    const upstreamResumed = new Promise<boolean | undefined>((resolve) => (resumed = resolve));
    await using s = await start((app) => {
      app.http.use(async (ctx, next) => {
        await next();
        resumed(ctx.respond);
      });
      app.useConnect(() => called());
    });
    const { hostname, port } = new URL(s.url);
    const req = request({ host: hostname, port, path: '/hang', agent: false });
    req.on('error', () => undefined);
    req.end();
    await middlewareCalled;
    req.destroy();
    expect(await upstreamResumed).toBe(false);
  });
});

describe('app.useConnect: next()', () => {
  it('runs Koa and Connect middleware in the order they were added', async () => {
    const order: string[] = [];
    await using s = await start((app) => {
      app.http.use(async (_ctx, next) => {
        order.push('koa 1');
        await next();
        order.push('koa 1 after');
      });
      app
        .useConnect((_req, _res, next) => {
          order.push('connect 1');
          next();
        })
        .http.use(async (_ctx, next) => {
          order.push('koa 2');
          await next();
          order.push('koa 2 after');
        });
      app.useConnect((_req, _res, next) => {
        order.push('connect 2');
        setImmediate(next);
      });
      app.http.use((ctx) => {
        order.push('koa 3');
        ctx.body = 'end';
      });
    });
    const res = await fetch(s.url);
    expect(await res.text()).toBe('end');
    expect(order).toEqual(['koa 1', 'connect 1', 'koa 2', 'connect 2', 'koa 3', 'koa 2 after', 'koa 1 after']);
  });

  it("leaves Koa's 404 when nothing answers, and keeps a status the Connect middleware set", async () => {
    await using s = await start((app) => {
      app.useConnect((req, res, next) => {
        if (req.url === '/teapot') res.statusCode = 418;
        next();
      });
      app.http.use((ctx, next) => {
        if (ctx.path === '/teapot') ctx.body = 'short and stout';
        return next();
      });
    });
    const missing = await fetch(s.url + '/missing');
    expect(missing.status).toBe(404);
    const teapot = await fetch(s.url + '/teapot');
    expect(teapot.status).toBe(418);
    expect(await teapot.text()).toBe('short and stout');
  });
});

describe('app.useConnect: errors', () => {
  it.each([
    ['next(err)', (_req: IncomingMessage, _res: ServerResponse, next: (err?: unknown) => void) => next(new Error('boom'))],
    ['a synchronous throw', () => {
      throw new Error('boom');
    }],
    ['a rejected promise', async () => {
      await Promise.resolve();
      throw new Error('boom');
    }],
  ])("%s reaches Koa's error handling: a 500 and the app's error log", async (_, middleware) => {
    let after = false;
    await using s = await start((app) => {
      app.useConnect(middleware);
      app.http.use((ctx) => {
        after = true;
        ctx.body = 'not reached';
      });
    });
    const res = await fetch(s.url);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    expect(after).toBe(false);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0].message).toBe('HTTP request failed');
    expect((s.errors[0].meta as Error).message).toBe('boom');
  });

  it("keeps an error's status, as Koa does", async () => {
    await using s = await start((app) =>
      app.useConnect((_req, _res, next) => next(Object.assign(new Error('no entry'), { status: 403, expose: true }))),
    );
    const res = await fetch(s.url);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('no entry');
  });

  it('reports an error passed after the middleware already answered', async () => {
    await using s = await start((app) =>
      app.useConnect((_req, res, next) => {
        res.end('done');
        next(new Error('too late'));
      }),
    );
    const res = await fetch(s.url);
    expect(await res.text()).toBe('done');
    expect(s.errors.map((e) => (e.meta as Error).message)).toEqual(['too late']);
  });

  it('runs an error middleware (four parameters) when what comes after it throws', async () => {
    const seen: unknown[] = [];
    const onError: ConnectErrorMiddleware = (err, _req, res, _next) => {
      seen.push(err);
      res.setHeader('content-type', 'text/plain');
      res.end(`handled: ${(err as Error).message} (${res.statusCode})`);
    };
    await using s = await start((app) => {
      app.useConnect(onError);
      app.http.use((ctx) => {
        ctx.body = 'a body that never goes out';
        throw new Error('kaput');
      });
    });
    const res = await fetch(s.url);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('handled: kaput (500)');
    expect(seen).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });

  it("lets an error middleware hand the error on to Koa's error handling", async () => {
    const passOn = (err: Error, _req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
      res.setHeader('x-seen', err.message);
      next(err);
    };
    const handOriginal: ConnectErrorMiddleware = (_err, _req, _res, next) => next();
    await using s = await start((app) => {
      app.useConnect(passOn).useConnect(handOriginal);
      app.http.use(() => {
        throw Object.assign(new Error('gone'), { status: 410 });
      });
    });
    const res = await fetch(s.url);
    expect(res.status).toBe(410);
    expect(s.errors.map((e) => (e.meta as Error).message)).toEqual(['gone']);
  });
});

describe('app.useConnect: the session', () => {
  it('is req.session, the same object as ctx.session, and res.locals is ctx.state', async () => {
    const checks: Array<{ same: boolean; theme: unknown; locals: boolean }> = [];
    await using s = await start((app) => {
      app.http.use(async (ctx, next) => {
        if (ctx.path === '/login') {
          ctx.session.data.theme = 'dark';
          await ctx.session.setUserId('ada');
          ctx.body = 'ok';
          return;
        }
        ctx.state.koaSession = ctx.session;
        await next();
      });
      app.useConnect((req, res, next) => {
        checks.push({ same: req.session === res.locals.koaSession, theme: req.session.data.theme, locals: res.locals.koaSession !== undefined });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ userId: req.session.userId }));
        next();
      });
    });
    const login = await fetch(`${s.url}/login`);
    const cookie = cookieOf(login.headers.get('set-cookie') ?? undefined);
    const res = await fetch(`${s.url}/me`, { headers: { cookie } });
    expect(await res.json()).toEqual({ userId: 'ada' });
    expect(checks).toEqual([{ same: true, theme: 'dark', locals: true }]);
  });

  it('is made on first read by Connect middleware, and its cookie is set when Koa answers', async () => {
    let made: Session | undefined;
    await using s = await start((app) => {
      app.useConnect((req: ConnectRequest, _res, next) => {
        made = req.session;
        next();
      });
      app.http.use((ctx) => {
        ctx.body = ctx.session === made ? 'same' : 'other';
      });
    });
    const res = await fetch(s.url);
    expect(await res.text()).toBe('same');
    const cookie = cookieOf(res.headers.get('set-cookie') ?? undefined);
    expect(s.app.sessions.idFromCookieHeader(cookie)).toBe(made?.id);
  });

  it('gets its cookie when the Connect middleware that made it answers by itself, and the next request finds it', async () => {
    await using s = await start((app) => {
      app.useConnect((req: ConnectRequest, res) => res.end(req.session.id));
    });
    const first = await fetch(s.url);
    const id = await first.text();
    const cookie = cookieOf(first.headers.get('set-cookie') ?? undefined);
    expect(s.app.sessions.idFromCookieHeader(cookie)).toBe(id);
    // The memory store has saved it by the time the answer arrives (a write of a few microtasks).
    const second = await fetch(s.url, { headers: { cookie } });
    expect(await second.text()).toBe(id);
    expect(second.headers.get('set-cookie')).toBeNull();
  });

  it('sends one session cookie, for the new id, when a request makes a session and then logs in', async () => {
    await using s = await start((app) => {
      app.http.use(async (ctx) => {
        void ctx.session;
        await ctx.session.setUserId('ada');
        ctx.body = ctx.session.id;
      });
    });
    const res = await fetch(s.url);
    const id = await res.text();
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith('ss.sid='));
    expect(cookies).toHaveLength(1);
    expect(s.app.sessions.idFromCookieHeader(cookies[0].split(';')[0])).toBe(id);
  });

  it('is not made for a request whose Connect middleware never reads it', async () => {
    await using s = await start((app) => app.useConnect(helmet()).useConnect((_req, res) => res.end('static')));
    const res = await fetch(s.url);
    expect(await res.text()).toBe('static');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('app.useConnect', () => {
  it('refuses what is not a function', () => {
    const app = createApp({ services: [], channels: [], responders: [], env: { NODE_ENV: 'test' } });
    expect(() => app.useConnect('compression' as never)).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_ARGUMENT' }));
  });
});
