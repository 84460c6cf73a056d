import { Guard, MemorySessionStore, type RpcContext, type SessionRecord } from 'socketstream';
import { Ctx, Rpc, RpcService, UseGuards } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { type Caller, caller } from '../support/rpc-call';
import { AuthBase } from './auth-service';

class LoggedIn extends Guard {
  canActivate(ctx: RpcContext) {
    return ctx.session.userId !== null;
  }
}

@RpcService('auth')
class AuthService extends AuthBase {
  @Rpc() async signOut(@Ctx() ctx: RpcContext) {
    await ctx.session.setUserId(null);
  }
  @UseGuards(LoggedIn) @Rpc() secret() {
    return 'the victim’s secret';
  }
  @Rpc() async dm(user: string, text: string) {
    await this.publish.user(user, 'dm', { text });
  }
}

const cookieOf = (c: Caller): string => String(c.socket.upgradeHeaders['set-cookie']).split(';')[0];
const cookieFrom = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0];

/** Logs `c` in and returns the token of its `session` frame (which comes before the reply). */
async function logIn(c: Caller, user: string, id = 100): Promise<string> {
  c.socket.send({ t: 'rpc', id, m: 'auth.login', a: [user] });
  const notice = await c.socket.next<{ t: string; token: string }>();
  expect(notice.t).toBe('session');
  expect(await c.socket.next()).toEqual({ t: 'res', id, r: user });
  return notice.token;
}

function redeem(url: string, token: string, cookie: string): Promise<Response> {
  return fetch(`${url}/_ss/session?token=${encodeURIComponent(token)}`, { headers: { cookie } });
}

describe('a login never carries other holders of the pre-login session along', () => {
  it('leaves an attacker who planted the session id anonymous while the victim logs in', async () => {
    await using s = await startApp({ services: [AuthService] });
    // The attacker gets a fresh session and keeps its socket open.
    await using attacker = await caller(s.url);
    const planted = cookieOf(attacker);
    // The victim's browser is made to carry the same cookie, and the victim logs in.
    await using victim = await caller(s.url, planted);
    const token = await logIn(victim, 'alice');

    // The attacker's next frame is the reply to its own call: no session frame, no login.
    expect(await attacker.call('auth.whoami')).toMatchObject({ t: 'res', r: { userId: null } });
    expect(await attacker.call('auth.secret')).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN' } });
    expect(await victim.call('auth.secret')).toMatchObject({ t: 'res', r: 'the victim’s secret' });

    // The victim's browser trades its token for the new cookie; its other tabs then share it.
    const refreshed = await redeem(s.url, token, planted);
    expect(refreshed.status).toBe(204);
    await using otherTab = await caller(s.url, cookieFrom(refreshed));
    expect(await otherTab.call('auth.whoami')).toMatchObject({ r: { userId: 'alice' } });
    // The planted id is worth nothing after the login, even on a new connection.
    await using again = await caller(s.url, planted);
    expect(await again.call('auth.whoami')).toMatchObject({ r: { userId: null } });
  });

  it('does not deliver the victim’s publish.user events to the attacker’s socket', async () => {
    await using s = await startApp({ services: [AuthService] });
    await using attacker = await caller(s.url);
    await using victim = await caller(s.url, cookieOf(attacker));
    await logIn(victim, 'alice');
    await using sender = await caller(s.url);
    expect(await sender.call('auth.dm', 'alice', 'hello alice')).toMatchObject({ t: 'res' });
    expect(await victim.socket.next()).toMatchObject({ t: 'ev', e: 'dm', d: { text: 'hello alice' } });
    // A round trip the attacker makes after the publish: the dm would have come before its reply.
    expect(await attacker.call('auth.whoami')).toMatchObject({ t: 'res', r: { userId: null } });
  });

  it('keeps the pre-login anonymous data for the holders left behind, and none of the logged-in data reaches them', async () => {
    await using s = await startApp({ services: [AuthService] });
    await using first = await caller(s.url);
    await using second = await caller(s.url, cookieOf(first));
    await first.call('auth.remember', 'cart', 'two apples');
    await logIn(second, 'alice');
    await second.call('auth.remember', 'card', 'alice’s card');
    expect(await first.call('auth.whoami')).toMatchObject({ r: { userId: null, data: { cart: 'two apples' } } });
    expect(await second.call('auth.whoami')).toMatchObject({ r: { userId: 'alice', data: { cart: 'two apples', card: 'alice’s card' } } });
  });

  it('accepts a refresh token once', async () => {
    await using s = await startApp({ services: [AuthService] });
    await using c = await caller(s.url);
    const before = cookieOf(c);
    const token = await logIn(c, 'alice');
    expect((await redeem(s.url, token, before)).status).toBe(204);
    const second = await redeem(s.url, token, before);
    expect(second.status).toBe(400);
    expect(second.headers.get('set-cookie')).toBeNull();
  });
});

/** Two connections of one browser logged in as `user`: A logged in, B connected with the cookie A then fetched. */
async function twoLoggedInTabs(url: string, user: string) {
  const tabA = await caller(url);
  const token = await logIn(tabA, user);
  const loggedIn = cookieFrom(await redeem(url, token, cookieOf(tabA)));
  const tabB = await caller(url, loggedIn);
  return { tabA, tabB, loggedIn, [Symbol.asyncDispose]: () => Promise.all([tabA, tabB].map((t) => t[Symbol.asyncDispose]())).then(() => undefined) };
}

describe('a logout', () => {
  it('takes the login away from every other connection of the session instead of leaving it logged in', async () => {
    await using s = await startApp({ services: [AuthService] });
    await using tabs = await twoLoggedInTabs(s.url, 'bob');
    const { tabA, tabB } = tabs;
    expect(await tabB.call('auth.secret')).toMatchObject({ t: 'res' });

    tabA.socket.send({ t: 'rpc', id: 7, m: 'auth.signOut', a: [] });
    const notice = await tabA.socket.next<{ t: string; token: string }>();
    expect(notice.t).toBe('session');
    expect(await tabA.socket.next()).toEqual({ t: 'res', id: 7 });

    // Tab B gets no token for tab A's new session, and is no longer logged in.
    expect(await tabB.call('auth.whoami')).toEqual({ t: 'res', id: 2, r: { userId: null, data: {} } });
    expect(await tabB.call('auth.secret')).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN' } });
    // Nor does publish.user reach it any more.
    await using sender = await caller(s.url);
    await sender.call('auth.dm', 'bob', 'after logout');
    expect(await tabB.call('auth.whoami')).toMatchObject({ t: 'res', id: 4 });
  });

  it('by destroy() does the same', async () => {
    await using s = await startApp({ services: [AuthService] });
    await using tabs = await twoLoggedInTabs(s.url, 'bob');
    const { tabA, tabB, loggedIn } = tabs;
    await tabB.call('auth.remember', 'k', 'v');
    tabA.socket.send({ t: 'rpc', id: 8, m: 'auth.logout', a: [] });
    expect(await tabA.socket.next()).toMatchObject({ t: 'session' });
    expect(await tabA.socket.next()).toEqual({ t: 'res', id: 8 });
    expect(await tabB.call('auth.whoami')).toMatchObject({ r: { userId: null, data: {} } });
    // The logged-in cookie no longer opens the session either.
    await using later = await caller(s.url, loggedIn);
    expect(await later.call('auth.whoami')).toMatchObject({ r: { userId: null } });
  });
});

/** A memory store whose next `get` of an id waits until `release()`: a slow store read, on cue. */
class HeldStore extends MemorySessionStore {
  private hold: { id: string; gate: Promise<void>; reached: () => void } | undefined;

  /** Holds the next read of `id`; resolves `reached` when it starts, reads on once `release` is called. */
  holdNextGet(id: string): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (reached = resolve));
    this.hold = { id, gate, reached };
    return { reached: started, release };
  }

  override async get(id: string): Promise<SessionRecord | undefined> {
    const hold = this.hold;
    if (hold?.id === id) {
      this.hold = undefined;
      const record = await super.get(id);
      hold.reached();
      await hold.gate;
      return record;
    }
    return super.get(id);
  }
}

describe('a logout racing with a slow read of the same session', () => {
  /** Logs `user` in over a socket, trades the token for the cookie, closes the socket: the cookie's session then lives only in the store. */
  async function loggedInCookie(url: string, user: string): Promise<string> {
    await using c = await caller(url);
    const token = await logIn(c, user);
    return cookieFrom(await redeem(url, token, cookieOf(c)));
  }

  it('does not let an HTTP request that began before the logout store the logged-out user again', async () => {
    let entered!: () => void;
    let proceed!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    await using s = await startApp({ services: [AuthService] }, (app) =>
      app.http.use(async (ctx, next) => {
        if (ctx.path === '/slow-save') {
          entered();
          await gate;
          ctx.session.data.note = 'saved late';
          await ctx.session.save();
          ctx.body = { userId: ctx.session.userId };
          return;
        }
        if (ctx.path === '/logout') {
          await ctx.session.destroy();
          ctx.status = 204;
          return;
        }
        await next();
      }),
    );
    const cookie = await loggedInCookie(s.url, 'bob');
    const slow = fetch(`${s.url}/slow-save`, { headers: { cookie } });
    await inHandler;
    expect((await fetch(`${s.url}/logout`, { headers: { cookie } })).status).toBe(204);
    proceed();
    expect(await (await slow).json()).toEqual({ userId: null });
    // The logged-in cookie opens nothing.
    await using later = await caller(s.url, cookie);
    expect(await later.call('auth.whoami')).toMatchObject({ r: { userId: null } });
  });

  it('does not give a socket whose handshake read the session just before the logout the logged-in user', async () => {
    const store = new HeldStore();
    await using s = await startApp({ services: [AuthService], session: { store } }, (app) =>
      app.http.use(async (ctx, next) => {
        if (ctx.path !== '/logout') return next();
        await ctx.session.destroy();
        ctx.status = 204;
      }),
    );
    const cookie = await loggedInCookie(s.url, 'bob');
    const id = s.app.sessions.idFromCookieHeader(cookie) as string;
    const held = store.holdNextGet(id);
    const late = caller(s.url, cookie);
    await held.reached;
    expect((await fetch(`${s.url}/logout`, { headers: { cookie } })).status).toBe(204);
    held.release();
    await using socket = await late;
    expect(await socket.call('auth.whoami')).toMatchObject({ r: { userId: null } });
    expect(await socket.call('auth.secret')).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN' } });
  });
});
