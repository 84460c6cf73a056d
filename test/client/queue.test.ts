import { connect } from 'socketstream/client';
import { FakeServer, NO_REPLY, next, sleep, until } from './fake-server';

describe('queueing, timeouts and lost connections', () => {
  test('calls made before the hello are queued and sent in order once it arrives', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect();
    const calls = [ss.rpc('math.double', 1), ss.rpc('math.double', 2), ss.rpc('math.double', 3)];
    await until(() => server.sockets.size === 1);
    await sleep(20);
    expect(server.received).toEqual([]);
    expect(ss.connected).toBe(false);
    server.broadcast({ t: 'hello', v: 1, socketId: 'late' });
    await expect(Promise.all(calls)).resolves.toEqual([2, 4, 6]);
    expect(server.received.map((f) => f.a[0])).toEqual([1, 2, 3]);
  });

  test('calls made while reconnecting are queued and sent after the reconnect', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect({ reconnect: { minDelay: 50, maxDelay: 50 } });
    await next(ss, 'ready');
    const disconnected = next(ss, 'disconnect');
    server.dropAll();
    await disconnected;
    expect(ss.connected).toBe(false);
    const call = ss.rpc('math.double', 21);
    await expect(call).resolves.toBe(42);
    expect(server.upgrades).toHaveLength(2);
  });

  test('beyond queueLimit a call made while disconnected rejects at once with UNAVAILABLE', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    const ss = server.connect({ queueLimit: 2 });
    const queued = [ss.rpc('a.b'), ss.rpc('a.b')];
    await expect(ss.rpc('a.b')).rejects.toMatchObject({ name: 'RpcError', code: 'UNAVAILABLE' });
    await ss.close();
    await expect(Promise.all(queued)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  test('the queue bound does not apply once connected', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect({ queueLimit: 0 });
    await expect(ss.rpc('math.double', 1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await next(ss, 'ready');
    await expect(Promise.all([ss.rpc('math.double', 1), ss.rpc('math.double', 2)])).resolves.toEqual([2, 4]);
  });

  test('a call without a reply in time rejects with TIMEOUT and its late reply is dropped', async () => {
    await using server = await FakeServer.start();
    server.methods['slow.answer'] = async () => {
      await sleep(80);
      return 'late';
    };
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect({ timeout: 30 });
    await next(ss, 'ready');
    await expect(ss.rpc('slow.answer')).rejects.toMatchObject({ name: 'RpcError', code: 'TIMEOUT', message: expect.stringContaining('slow.answer') });
    await sleep(80);
    await expect(ss.rpc('math.double', 4)).resolves.toBe(8);
  });

  test('time spent queued counts toward the timeout', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    const ss = server.connect({ timeout: 30 });
    const started = Date.now();
    await expect(ss.rpc('never.sent')).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(500);
    server.broadcast({ t: 'hello', v: 1, socketId: 'late' });
    await sleep(20);
    expect(server.received).toEqual([]);
  });

  test('timeout 0 turns the limit off', async () => {
    await using server = await FakeServer.start();
    server.methods['slow.answer'] = async () => {
      await sleep(50);
      return 'done';
    };
    const ss = server.connect({ timeout: 0 });
    await expect(ss.rpc('slow.answer')).resolves.toBe('done');
  });

  test('calls in flight when the connection drops reject with UNAVAILABLE and are not sent again', async () => {
    await using server = await FakeServer.start();
    server.methods['slow.never'] = () => NO_REPLY;
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect();
    await next(ss, 'ready');
    const inFlight = ss.rpc('slow.never');
    await until(() => server.received.length === 1);
    server.dropAll();
    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('may or may not have run') });
    await next(ss, 'reconnect');
    await expect(ss.rpc('math.double', 5)).resolves.toBe(10);
    expect(server.received.map((f) => f.m)).toEqual(['slow.never', 'math.double']);
  });

  test('close() rejects pending calls with UNAVAILABLE, closes the socket and stops reconnecting', async () => {
    await using server = await FakeServer.start();
    server.methods['slow.never'] = () => NO_REPLY;
    const ss = server.connect();
    await next(ss, 'ready');
    const pending = ss.rpc('slow.never');
    await until(() => server.received.length === 1);
    await ss.close();
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await until(() => server.sockets.size === 0);
    await expect(ss.rpc('math.double', 1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(ss.connected).toBe(false);
    await sleep(50);
    expect(server.upgrades).toHaveLength(1);
    await expect(ss.close()).resolves.toBeUndefined();
  });

  test('close() while still connecting resolves and leaves nothing running', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    const ss = server.connect();
    const queued = ss.rpc('a.b');
    await ss.close();
    await expect(queued).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  test('with reconnect off, a lost connection rejects queued calls and the client stays down', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect({ reconnect: false });
    await next(ss, 'ready');
    server.dropAll();
    await next(ss, 'disconnect');
    await expect(ss.rpc('a.b')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('reconnect is off') });
    await sleep(30);
    expect(server.upgrades).toHaveLength(1);
  });

  test('a server that is not there yet is retried until it answers', async () => {
    const probe = await FakeServer.start();
    const port = probe.port;
    await probe[Symbol.asyncDispose]();
    // Nothing listens on `port` now; the client keeps trying with backoff.
    const ss = connect(`ws://127.0.0.1:${port}`, { reconnect: { minDelay: 5, maxDelay: 10 }, timeout: 0 });
    try {
      const call = ss.rpc('math.double', 4);
      await sleep(40);
      expect(ss.connected).toBe(false);
      await using server = await startOn(port);
      server.methods['math.double'] = (n: number) => n * 2;
      await expect(call).resolves.toBe(8);
    } finally {
      await ss.close();
    }
  });
});

async function startOn(port: number): Promise<FakeServer> {
  // Port reuse right after close is allowed on loopback; retry briefly if the OS disagrees.
  for (let i = 0; ; i++) {
    try {
      return await FakeServer.start(port);
    } catch (error) {
      if (i > 20) throw error;
      await sleep(10);
    }
  }
}
