import { RpcError } from 'socketstream/client';
import { FakeServer, next } from './fake-server';

describe('rpc', () => {
  test('a call resolves with the result the server sends back', async () => {
    await using server = await FakeServer.start();
    server.methods['math.add'] = (a: number, b: number) => a + b;
    const ss = server.connect();
    await expect(ss.rpc('math.add', 2, 3)).resolves.toBe(5);
    expect(server.received).toEqual([{ t: 'rpc', id: expect.any(Number), m: 'math.add', a: [2, 3] }]);
  });

  test('a method that returns nothing resolves with undefined', async () => {
    await using server = await FakeServer.start();
    server.methods['log.write'] = () => undefined;
    const ss = server.connect();
    await expect(ss.rpc('log.write', 'x')).resolves.toBeUndefined();
  });

  test('a failed call rejects with an RpcError carrying the code, message and details of the server', async () => {
    await using server = await FakeServer.start();
    server.methods['chat.send'] = () => {
      throw new RpcError('VALIDATION_FAILED', 'text is too long', [{ field: 'text', constraints: { length: 'too long' } }]);
    };
    const ss = server.connect();
    const error: unknown = await ss.rpc('chat.send', { text: 'x'.repeat(600) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'text is too long',
      details: [{ field: 'text', constraints: { length: 'too long' } }],
    });
  });

  test('an error code this client does not know arrives as INTERNAL instead of breaking the client', async () => {
    await using server = await FakeServer.start();
    server.methods['x.y'] = () => new Promise(() => {});
    const ss = server.connect();
    await next(ss, 'ready');
    const call = ss.rpc('x.y');
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.broadcast({ t: 'err', id: server.received[0].id, e: { code: 'SOMETHING_NEW', message: 'from the future' } });
    await expect(call).rejects.toMatchObject({ code: 'INTERNAL', message: 'from the future' });
  });

  test('calls run concurrently and each gets its own reply', async () => {
    await using server = await FakeServer.start();
    server.methods['slow.echo'] = async (value: string, ms: number) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return value;
    };
    const ss = server.connect();
    await expect(Promise.all([ss.rpc('slow.echo', 'a', 30), ss.rpc('slow.echo', 'b', 1), ss.rpc('slow.echo', 'c', 10)])).resolves.toEqual(['a', 'b', 'c']);
  });

  test('an error frame without a call id is emitted as an error event on server and nothing throws', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    await next(ss, 'ready');
    const error = next(ss, 'error');
    server.broadcast({ t: 'err', id: null, e: { code: 'BAD_REQUEST', message: 'frame is not valid JSON' } });
    const [e] = await error;
    expect(e).toBeInstanceOf(RpcError);
    expect(e).toMatchObject({ code: 'BAD_REQUEST', message: 'frame is not valid JSON' });
  });

  test('frames of unknown types and malformed frames are ignored', async () => {
    await using server = await FakeServer.start();
    server.methods['math.add'] = (a: number, b: number) => a + b;
    const ss = server.connect();
    await next(ss, 'ready');
    server.broadcast({ t: 'future-thing', x: 1 });
    for (const socket of server.sockets) {
      socket.send('not json');
      socket.send('[1,2]');
      socket.send(Buffer.from('binary'), { binary: true });
    }
    await expect(ss.rpc('math.add', 1, 1)).resolves.toBe(2);
    expect(ss.connected).toBe(true);
  });

  test('a reply for a call the client never made is ignored', async () => {
    await using server = await FakeServer.start();
    server.methods['math.add'] = (a: number, b: number) => a + b;
    const ss = server.connect();
    await next(ss, 'ready');
    server.broadcast({ t: 'res', id: 999, r: 'stray' });
    await expect(ss.rpc('math.add', 1, 2)).resolves.toBe(3);
  });

  test('arguments that cannot be encoded reject the call instead of throwing', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    await expect(ss.rpc('x.y', 1n)).rejects.toThrow(TypeError);
  });
});
