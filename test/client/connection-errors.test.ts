import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { connect, RpcError, type SocketStreamClient } from 'socketstream/client';
import { FakeServer, next } from './fake-server';

type PackageEntry = typeof import('../../src/client/index');

/** A port nothing listens on: one the OS handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}

const clients: SocketStreamClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});


describe('connection failures carry their cause', () => {
  test('with reconnect off, a refused connection rejects calls with UNAVAILABLE naming the URL, the cause in message and `cause`', async () => {
    const port = await closedPort();
    const ss = connect(`http://127.0.0.1:${port}`, { reconnect: false });
    clients.push(ss);
    const error: unknown = await ss.rpc('math.add', 1, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      message: `cannot connect to ws://127.0.0.1:${port}/_ss/ws and reconnect is off (connect ECONNREFUSED 127.0.0.1:${port})`,
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
  });

  test('each failed attempt is an error event with the cause, while the client keeps trying', async () => {
    const port = await closedPort();
    const ss = connect(`http://127.0.0.1:${port}`, { reconnect: { minDelay: 5, maxDelay: 10 } });
    clients.push(ss);
    const [first] = await next(ss, 'error');
    const [second] = await next(ss, 'error');
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED'), cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
    }
  });

  test('a queued call that times out because the client cannot connect says so, with the cause', async () => {
    const port = await closedPort();
    const ss = connect(`http://127.0.0.1:${port}`, { timeout: 100, reconnect: { minDelay: 5, maxDelay: 10 } });
    clients.push(ss);
    const error: unknown = await ss.rpc('math.add', 1, 2).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^math\.add: not sent within 100 ms, the client cannot connect \(connect ECONNREFUSED/),
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
  });

  test('a server that answers the upgrade with an HTTP status is named with that status (a wrong path)', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect({ path: '/wrong', reconnect: false });
    const error: unknown = await ss.rpc('math.add', 1, 2).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('/wrong and reconnect is off (Unexpected server response: 400)') });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  test('when ws cannot be loaded, calls reject at once with UNAVAILABLE carrying the load error, and an error event says so', async () => {
    let entry: PackageEntry | undefined;
    jest.isolateModules(() => {
      jest.doMock('ws', () => {
        throw new Error("Cannot find module 'ws'");
      });
      entry = jest.requireActual<PackageEntry>('../../src/client/index');
    });
    // The client requires ws when it connects, that is at once.
    let ss: SocketStreamClient;
    try {
      ss = entry!.connect('http://127.0.0.1:1');
    } finally {
      jest.dontMock('ws');
    }
    clients.push(ss);
    const event = next(ss, 'error');
    const error: unknown = await ss.rpc('math.add', 1, 2).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: "cannot connect to ws://127.0.0.1:1/_ss/ws (Cannot find module 'ws')", cause: expect.objectContaining({ message: "Cannot find module 'ws'" }) });
    await expect(event).resolves.toEqual([error]);
  });
});
