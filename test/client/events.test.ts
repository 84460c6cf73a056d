import { FakeServer, NO_REPLY, next, sleep, until } from './fake-server';

describe('connection events', () => {
  test('ready fires after the first hello, disconnect when the connection drops, reconnect after the next hello', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const seen: string[] = [];
    ss.server.on('ready', () => seen.push(`ready ${ss.socketId}`));
    ss.server.on('disconnect', () => seen.push(`disconnect ${String(ss.socketId)}`));
    ss.server.on('reconnect', () => seen.push(`reconnect ${ss.socketId}`));
    expect(ss.socketId).toBeUndefined();
    expect(ss.connected).toBe(false);
    await next(ss, 'ready');
    expect(ss.connected).toBe(true);
    server.dropAll();
    await next(ss, 'reconnect');
    server.dropAll();
    await next(ss, 'reconnect');
    expect(seen).toEqual(['ready s1', 'disconnect undefined', 'reconnect s2', 'disconnect undefined', 'reconnect s3']);
  });

  test('a connection that closes before its hello emits no disconnect', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    const ss = server.connect();
    const seen: string[] = [];
    ss.server.on('disconnect', () => seen.push('disconnect'));
    await until(() => server.sockets.size === 1);
    server.dropAll();
    await until(() => server.upgrades.length === 2);
    server.sendHello = true;
    server.dropAll();
    await next(ss, 'ready');
    expect(seen).toEqual([]);
  });

  test('close() emits disconnect for an open connection', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    await next(ss, 'ready');
    const disconnected = next(ss, 'disconnect');
    await ss.close();
    await disconnected;
  });

  test('once listeners fire a single time and off removes a listener', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const seen: string[] = [];
    const onReconnect = (): void => void seen.push('on');
    ss.server.once('reconnect', () => seen.push('once')).on('reconnect', onReconnect);
    await next(ss, 'ready');
    server.dropAll();
    await next(ss, 'reconnect');
    ss.server.off('reconnect', onReconnect);
    server.dropAll();
    await next(ss, 'reconnect');
    expect(seen).toEqual(['once', 'on']);
  });

  test('a listener that throws does not stop the other listeners nor the client', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect();
    const errors: unknown[] = [];
    // The emitter rethrows listener errors on a microtask; catch them there instead of letting them crash jest.
    const queue = globalThis.queueMicrotask;
    const spy = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) =>
      queue(() => {
        try {
          task();
        } catch (error) {
          errors.push(error);
        }
      }),
    );
    try {
      ss.server.on('ready', () => {
        throw new Error('listener bug');
      });
      const ready = next(ss, 'ready');
      await ready;
      await expect(ss.rpc('math.double', 2)).resolves.toBe(4);
      await until(() => errors.length === 1);
      expect(errors[0]).toMatchObject({ message: 'listener bug' });
    } finally {
      spy.mockRestore();
    }
  });

  test('calls queued before ready are sent before those made in the ready listener', async () => {
    await using server = await FakeServer.start();
    server.methods['log.add'] = () => undefined;
    server.sendHello = false;
    const ss = server.connect();
    ss.server.on('ready', () => void ss.rpc('log.add', 'from ready'));
    const queued = ss.rpc('log.add', 'queued');
    await until(() => server.sockets.size === 1);
    server.broadcast({ t: 'hello', v: 1, socketId: 'x' });
    await queued;
    await until(() => server.received.length === 2);
    expect(server.received.map((f) => f.a[0])).toEqual(['queued', 'from ready']);
  });

  test('after a bye frame new calls wait for the next connection while calls in flight still get their replies', async () => {
    await using server = await FakeServer.start();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.methods['slow.finish'] = async () => {
      await released;
      return 'finished';
    };
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect();
    await next(ss, 'ready');
    const inFlight = ss.rpc('slow.finish');
    await until(() => server.received.length === 1);
    server.broadcast({ t: 'bye', reason: 'restart' });
    await until(() => !ss.connected);
    const afterBye = ss.rpc('math.double', 3);
    await sleep(20);
    expect(server.received).toHaveLength(1);
    expect(server.upgrades).toHaveLength(1);
    release();
    await expect(inFlight).resolves.toBe('finished');
    await next(ss, 'reconnect');
    await expect(afterBye).resolves.toBe(6);
    expect(server.upgrades).toHaveLength(2);
  });

  test('a bye frame with nothing in flight makes the client reconnect', async () => {
    await using server = await FakeServer.start();
    server.methods['slow.never'] = () => NO_REPLY;
    const ss = server.connect();
    await next(ss, 'ready');
    const reconnected = next(ss, 'reconnect');
    server.broadcast({ t: 'bye', reason: 'shutdown' });
    await reconnected;
    expect(ss.socketId).toBe('s2');
  });
});
