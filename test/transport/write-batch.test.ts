import { createServer, type Server, type Socket, connect } from 'node:net';
import { WriteBatch } from '../../src/transport/write-batch';

/** A connected pair of TCP sockets on 127.0.0.1; `received` collects what the far end read. */
async function socketPair(): Promise<{ near: Socket; received: Buffer[]; reads: () => number; [Symbol.asyncDispose](): Promise<void> }> {
  const received: Buffer[] = [];
  let far: Socket | undefined;
  const server: Server = createServer((s) => {
    far = s;
    s.on('data', (chunk) => received.push(chunk));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const near = connect(port, '127.0.0.1');
  await new Promise<void>((r) => near.once('connect', r));
  while (!far) await new Promise((r) => setImmediate(r));
  return {
    near,
    received,
    reads: () => received.length,
    async [Symbol.asyncDispose]() {
      near.destroy();
      far?.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('WriteBatch', () => {
  it('sends everything written to a socket in one turn of the event loop as one write, in order', async () => {
    await using pair = await socketPair();
    const writes: number[] = [];
    const original = pair.near._writev?.bind(pair.near);
    pair.near._writev = (chunks, cb) => {
      writes.push(chunks.length);
      original?.(chunks, cb);
    };
    const batch = new WriteBatch();
    for (let i = 0; i < 100; i++) {
      batch.hold(pair.near);
      pair.near.write(`${i},`);
    }
    expect(pair.received).toEqual([]);
    await settle();
    expect(writes).toEqual([100]);
    expect(Buffer.concat(pair.received).toString()).toBe(Array.from({ length: 100 }, (_, i) => `${i},`).join(''));
  });

  it('flushes each batch on its own, and leaves sockets of another batch alone', async () => {
    await using a = await socketPair();
    await using b = await socketPair();
    const first = new WriteBatch();
    const second = new WriteBatch();
    first.hold(a.near);
    a.near.write('one');
    second.hold(b.near);
    b.near.write('two');
    second.flush();
    expect(b.near.writableCorked).toBe(0);
    expect(a.near.writableCorked).toBe(1);
    await settle();
    expect(Buffer.concat(b.received).toString()).toBe('two');
    expect(Buffer.concat(a.received).toString()).toBe('one');
    first.hold(a.near);
    a.near.write('three');
    expect(a.near.writableCorked).toBe(1);
    await settle();
    expect(Buffer.concat(a.received).toString()).toBe('onethree');
  });

  it('ignores a socket destroyed before the batch flushes', async () => {
    await using pair = await socketPair();
    const batch = new WriteBatch();
    batch.hold(pair.near);
    pair.near.write('lost');
    pair.near.destroy();
    expect(() => batch.flush()).not.toThrow();
  });
});
