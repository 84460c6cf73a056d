import { FakeServer, next, until } from './fake-server';

describe('session cookie in Node', () => {
  test('the cookie given in options is sent when connecting', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect({ cookie: 'ss.sid=abc' });
    await next(ss, 'ready');
    expect(server.upgrades[0].headers.cookie).toBe('ss.sid=abc');
    expect(ss.cookie).toBe('ss.sid=abc');
  });

  test('a cookie set on the WebSocket upgrade is sent again on the next connection', async () => {
    await using server = await FakeServer.start();
    server.upgradeCookies = ['ss.sid=first; Path=/; HttpOnly; SameSite=Lax'];
    const ss = server.connect();
    await next(ss, 'ready');
    expect(server.upgrades[0].headers.cookie).toBeUndefined();
    expect(ss.cookie).toBe('ss.sid=first');
    server.upgradeCookies = [];
    server.dropAll();
    await next(ss, 'reconnect');
    expect(server.upgrades[1].headers.cookie).toBe('ss.sid=first');
  });

  test('a session frame makes the client fetch /_ss/session with the token and use the new cookie from then on', async () => {
    await using server = await FakeServer.start();
    server.sessionCookies['tok/1+'] = 'ss.sid=rotated; Path=/; HttpOnly';
    server.sessionDelay = 100;
    const ss = server.connect({ cookie: 'ss.sid=old; theme=dark' });
    await next(ss, 'ready');
    server.broadcast({ t: 'session', token: 'tok/1+' });
    // Dropping right after the rotation: the reconnection must wait for the refresh.
    server.dropAll();
    await next(ss, 'reconnect');
    expect(server.sessionRequests).toHaveLength(1);
    expect(new URL(server.sessionRequests[0].url ?? '', server.url).searchParams.get('token')).toBe('tok/1+');
    expect(ss.cookie).toBe('ss.sid=rotated; theme=dark');
    expect(server.upgrades[1].headers.cookie).toBe('ss.sid=rotated; theme=dark');
  });

  test('a refused session refresh is reported as an error event and the client carries on', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect({ cookie: 'ss.sid=old' });
    await next(ss, 'ready');
    const error = next(ss, 'error');
    server.broadcast({ t: 'session', token: 'expired' });
    const [e] = await error;
    expect(e).toMatchObject({ name: 'RpcError', code: 'BAD_REQUEST', details: { status: 400 } });
    expect(ss.cookie).toBe('ss.sid=old');
    await expect(ss.rpc('math.double', 2)).resolves.toBe(4);
  });

  test('a cookie the server expires is no longer sent', async () => {
    await using server = await FakeServer.start();
    server.upgradeCookies = ['ss.sid=gone; Path=/; Max-Age=0'];
    const ss = server.connect({ cookie: 'ss.sid=abc; theme=dark' });
    await next(ss, 'ready');
    expect(ss.cookie).toBe('theme=dark');
    server.upgradeCookies = ['theme=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'];
    server.dropAll();
    await next(ss, 'reconnect');
    expect(server.upgrades[1].headers.cookie).toBe('theme=dark');
    expect(ss.cookie).toBeUndefined();
    server.upgradeCookies = [];
    server.dropAll();
    await until(() => server.upgrades.length === 3);
    expect(server.upgrades[2].headers.cookie).toBeUndefined();
  });
});
