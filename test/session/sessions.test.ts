import { type App, type AppOptions, MemorySessionStore } from 'socketstream';
import { RpcService } from 'socketstream/decorators';
import { connect } from 'socketstream/client';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';
import { AuthBase } from './auth-service';

@RpcService('auth')
class AuthService extends AuthBase {}

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!header) throw new Error('no Set-Cookie header');
  return header.split(';')[0];
}

async function app(options: AppOptions = {}, setup?: (app: App) => void) {
  return startApp({ services: [AuthService], ...options }, setup);
}

describe('sessions over WebSocket', () => {
  it('gives a connection without a cookie a new session and sets an httpOnly, SameSite=Lax cookie on the upgrade', async () => {
    await using s = await app();
    await using c = await caller(s.url);
    const header = String(c.socket.upgradeHeaders['set-cookie']);
    expect(header).toMatch(/^ss\.sid=[^;]+; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await c.call('auth.whoami')).toMatchObject({ r: { userId: null, data: {} } });
  });

  it('keeps the session for a client that reconnects with its cookie', async () => {
    await using s = await app();
    let cookie: string;
    {
      await using first = await caller(s.url);
      cookie = sessionCookie(first.socket.upgradeHeaders['set-cookie']);
      await first.call('auth.remember', 'theme', 'dark');
    }
    await using second = await caller(s.url, cookie);
    expect(second.socket.upgradeHeaders['set-cookie']).toBeUndefined();
    expect(await second.call('auth.whoami')).toMatchObject({ r: { data: { theme: 'dark' } } });
  });

  it('never adopts a session id the store does not know, even when validly signed', async () => {
    const store = new MemorySessionStore();
    await using s = await app({ session: { store, secret: 'shh' } });
    let cookie: string;
    {
      await using first = await caller(s.url);
      cookie = sessionCookie(first.socket.upgradeHeaders['set-cookie']);
    }
    const id = s.app.sessions.idFromCookieHeader(cookie) as string;
    await store.destroy(id);
    await using second = await caller(s.url, cookie);
    const fresh = sessionCookie(second.socket.upgradeHeaders['set-cookie']);
    expect(fresh).not.toBe(cookie);
    expect(await store.get(id)).toBeUndefined();
  });

  it('ignores a cookie with a forged signature', async () => {
    await using s = await app();
    await using c = await caller(s.url, 'ss.sid=attacker-chosen-id.forgedsignature');
    expect(c.socket.upgradeHeaders['set-cookie']).toBeDefined();
    expect(sessionCookie(c.socket.upgradeHeaders['set-cookie'])).not.toContain('attacker-chosen-id');
  });

  it('rotates the id on login, tells the client, and hands the new cookie out over HTTP for the token', async () => {
    await using s = await app();
    await using c = await caller(s.url);
    const before = sessionCookie(c.socket.upgradeHeaders['set-cookie']);
    c.socket.send({ t: 'rpc', id: 1, m: 'auth.login', a: ['alice'] });
    const notice = await c.socket.next<{ t: string; token: string }>();
    expect(notice).toEqual({ t: 'session', token: expect.any(String), changed: true });
    expect(await c.socket.next()).toEqual({ t: 'res', id: 1, r: 'alice' });

    const res = await fetch(`${s.url}/_ss/session?token=${encodeURIComponent(notice.token)}`, { headers: { cookie: before } });
    expect(res.status).toBe(204);
    const after = sessionCookie(res.headers.get('set-cookie') ?? undefined);
    expect(after).not.toBe(before);

    await using old = await caller(s.url, before);
    expect(await old.call('auth.whoami')).toMatchObject({ r: { userId: null } });
    await using renewed = await caller(s.url, after);
    expect(await renewed.call('auth.whoami')).toMatchObject({ r: { userId: 'alice' } });
  });

  it('refuses a refresh token presented with another session cookie, so no site can plant its session in a browser', async () => {
    await using s = await app();
    await using attacker = await caller(s.url);
    attacker.socket.send({ t: 'rpc', id: 1, m: 'auth.login', a: ['mallory'] });
    const { token } = await attacker.socket.next<{ token: string }>();
    await using victim = await caller(s.url);
    const victimCookie = sessionCookie(victim.socket.upgradeHeaders['set-cookie']);
    const planted = await fetch(`${s.url}/_ss/session?token=${encodeURIComponent(token)}`, { headers: { cookie: victimCookie } });
    expect(planted.status).toBe(400);
    expect(planted.headers.get('set-cookie')).toBeNull();
    const cookieless = await fetch(`${s.url}/_ss/session?token=${encodeURIComponent(token)}`);
    expect(cookieless.status).toBe(400);
  });

  it('stores nothing for anonymous connections that never write to their session', async () => {
    const store = new MemorySessionStore();
    await using s = await app({ session: { store } });
    for (let i = 0; i < 20; i++) {
      await using c = await caller(s.url);
      await c.call('auth.whoami');
    }
    expect(store.size).toBe(0);
  });

  it('rotates once per login even when two logins race, leaving no orphaned session', async () => {
    const store = new MemorySessionStore();
    await using s = await app({ session: { store } });
    {
      await using c = await caller(s.url);
      c.socket.send({ t: 'rpc', id: 1, m: 'auth.login', a: ['a'] });
      c.socket.send({ t: 'rpc', id: 2, m: 'auth.login', a: ['b'] });
      const frames = [await c.socket.next(), await c.socket.next(), await c.socket.next(), await c.socket.next()];
      expect(frames.filter((f) => f.t === 'res').map((f) => f.r)).toEqual(['a', 'b']);
      expect(await c.call('auth.whoami')).toMatchObject({ r: { userId: 'b' } });
      expect(store.size).toBe(1);
    }
  });

  it('refuses a forged refresh token', async () => {
    await using s = await app();
    const res = await fetch(`${s.url}/_ss/session?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('makes a destroyed session a new anonymous one', async () => {
    await using s = await app();
    await using c = await caller(s.url);
    c.socket.send({ t: 'rpc', id: 1, m: 'auth.login', a: ['bob'] });
    await c.socket.next();
    await c.socket.next();
    c.socket.send({ t: 'rpc', id: 2, m: 'auth.logout', a: [] });
    expect(await c.socket.next()).toMatchObject({ t: 'session' });
    expect(await c.socket.next()).toEqual({ t: 'res', id: 2 });
    expect(await c.call('auth.whoami')).toMatchObject({ r: { userId: null, data: {} } });
  });

  it('shares one session between two connections with the same cookie', async () => {
    await using s = await app();
    await using a = await caller(s.url);
    const cookie = sessionCookie(a.socket.upgradeHeaders['set-cookie']);
    await using b = await caller(s.url, cookie);
    await a.call('auth.remember', 'k', 'v');
    expect(await b.call('auth.whoami')).toMatchObject({ r: { data: { k: 'v' } } });
  });

  it('expires sessions idle longer than the ttl', async () => {
    await using s = await app({ session: { ttl: 50 } });
    let cookie: string;
    {
      await using c = await caller(s.url);
      cookie = sessionCookie(c.socket.upgradeHeaders['set-cookie']);
      await c.call('auth.remember', 'k', 'v');
    }
    await new Promise((r) => setTimeout(r, 80));
    await using again = await caller(s.url, cookie);
    expect(await again.call('auth.whoami')).toMatchObject({ r: { data: {} } });
  });
});

describe('session lifetime', () => {
  it('is extended by activity over the WebSocket, and the client is given a fresh cookie', async () => {
    await using s = await app({ session: { ttl: 200 } });
    const client = connect(s.url);
    try {
      await client.rpc('auth.remember', 'k', 'still here');
      const deadline = Date.now() + 500;
      while (Date.now() < deadline) {
        await client.rpc('auth.whoami');
        await new Promise((r) => setTimeout(r, 40));
      }
      const cookie = client.cookie as string;
      await client.close(); // the live session of an open connection would hide an expired store entry
      await using again = await caller(s.url, cookie.split(';')[0]);
      expect(await again.call('auth.whoami')).toMatchObject({ r: { data: { k: 'still here' } } });
    } finally {
      await client.close();
    }
  });
});

describe('sessions over HTTP', () => {
  it('are the same sessions the WebSocket sees', async () => {
    await using s = await app({}, (a) =>
      a.http.use(async (ctx) => {
        if (ctx.path === '/login') {
          await ctx.session.setUserId('carol');
          ctx.body = 'ok';
        }
      }),
    );
    const res = await fetch(`${s.url}/login`);
    const cookie = sessionCookie(res.headers.get('set-cookie') ?? undefined);
    await using c = await caller(s.url, cookie);
    expect(await c.call('auth.whoami')).toMatchObject({ r: { userId: 'carol' } });
  });

  it('creates no session for a request that never reads ctx.session', async () => {
    const store = new MemorySessionStore();
    await using s = await app({ session: { store } }, (a) =>
      a.http.use((ctx) => {
        ctx.body = 'static';
      }),
    );
    const res = await fetch(`${s.url}/logo.png`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(store.size).toBe(0);
  });

  it.each([
    ['the app', { trustProxy: true }],
    ['session', { session: { trustProxy: true } }],
  ])('marks the cookie Secure behind a TLS-terminating proxy when %s sets trustProxy', async (_, options: AppOptions) => {
    await using s = await app(options, (a) =>
      a.http.use((ctx) => {
        ctx.body = ctx.session.id ? 'ok' : 'no';
      }),
    );
    const res = await fetch(`${s.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await fetch(`${s.url}/`);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('accepts cookies signed with a previous secret after the secret is rotated', async () => {
    const store = new MemorySessionStore();
    let cookie: string;
    {
      await using before = await app({ session: { store, secret: 'old-secret' } });
      await using c = await caller(before.url);
      cookie = sessionCookie(c.socket.upgradeHeaders['set-cookie']);
      await c.call('auth.remember', 'k', 'kept');
    }
    await using after = await app({ session: { store, secret: ['new-secret', 'old-secret'] } });
    await using c = await caller(after.url, cookie);
    expect(c.socket.upgradeHeaders['set-cookie']).toBeUndefined();
    expect(await c.call('auth.whoami')).toMatchObject({ r: { data: { k: 'kept' } } });
  });
});

describe('the session secret', () => {
  it('is required in production, and named in the error', async () => {
    await expect(startApp({ services: [AuthService], production: true, env: {} })).rejects.toMatchObject({ code: 'SS_ERR_NO_SECRET', message: expect.stringContaining('SS_SECRET') });
  });

  it('can come from SS_SECRET', async () => {
    await using s = await startApp({ services: [AuthService], production: true, env: { SS_SECRET: 'from-env' } });
    expect(s.app.production).toBe(true);
  });
});
