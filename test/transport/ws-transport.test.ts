import { connect as connectTcp } from 'node:net';
import WebSocket from 'ws';
import { type Logger } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { eventually } from '../support/eventually';
import { openRaw, RawSocket } from '../support/raw-socket';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

/** Answers after 100 ms: a call still in flight when the app starts closing. */
@RpcService('slow')
class SlowService {
  @Rpc() async wait() {
    await new Promise((r) => setTimeout(r, 100));
    return 'finished';
  }
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
}

describe('the WebSocket endpoint', () => {
  it('greets each connection with a hello frame carrying its socket id and the protocol version', async () => {
    await using s = await startApp({ services: [MathService] });
    const { socket, hello } = await openRaw(s.url);
    await using _ = socket;
    const second = await openRaw(s.url);
    await using __ = second.socket;
    expect(hello).toEqual({ t: 'hello', v: 1, socketId: expect.any(String), c: s.app.contract });
    expect(second.hello.socketId).not.toBe(hello.socketId);
  });

  it('answers each request with the id it carried, even out of order', async () => {
    await using s = await startApp({ services: [MathService] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'rpc', id: 'b', m: 'math.add', a: [2, 2] });
    socket.send({ t: 'rpc', id: 7, m: 'math.add', a: [1, 2] });
    const replies = [await socket.next(), await socket.next()];
    expect(replies).toEqual(expect.arrayContaining([{ t: 'res', id: 'b', r: 4 }, { t: 'res', id: 7, r: 3 }]));
  });

  it.each([
    ['bad JSON', '{"t":"rpc",', null, 'not valid JSON'],
    ['a JSON array', '[1,2]', null, 'JSON object'],
    ['an unknown frame type', '{"t":"nope","id":3}', 3, 'unknown frame type "nope"'],
    ['an rpc frame without a method', '{"t":"rpc","id":4}', 4, '"m"'],
    ['arguments that are not an array', '{"t":"rpc","id":5,"m":"math.add","a":{"x":1}}', 5, 'array of arguments'],
    ['an id that is an object', '{"t":"rpc","id":{},"m":"math.add","a":[]}', null, '"id"'],
  ])('answers %s with BAD_REQUEST, logs it, and keeps the connection usable', async (_label, text, id, message) => {
    const log = recordingLogger();
    await using s = await startApp({ services: [MathService], logger: log });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send(text);
    expect(await socket.next()).toEqual({ t: 'err', id, e: { code: 'BAD_REQUEST', message: expect.stringContaining(message) } });
    expect(log.warnings.join('\n')).toContain('malformed frame');
    socket.send({ t: 'rpc', id: 9, m: 'math.add', a: [1, 1] });
    expect(await socket.next()).toEqual({ t: 'res', id: 9, r: 2 });
  });

  it('refuses binary frames with BAD_REQUEST', async () => {
    await using s = await startApp({ services: [MathService] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.ws.send(Buffer.from([1, 2, 3]));
    expect(await socket.next()).toMatchObject({ t: 'err', id: null, e: { code: 'BAD_REQUEST' } });
  });

  it('closes a connection that sends a frame above maxPayload with 1009, and stays up for others', async () => {
    await using s = await startApp({ services: [MathService], ws: { maxPayload: 1024 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'rpc', id: 1, m: 'math.add', a: ['x'.repeat(2000)] });
    expect((await socket.closed).code).toBe(1009);
    const other = await openRaw(s.url);
    await using __ = other.socket;
    other.socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 1] });
    expect(await other.socket.next()).toEqual({ t: 'res', id: 1, r: 2 });
  });

  it('terminates a peer that stops answering pings', async () => {
    await using s = await startApp({ services: [MathService], ws: { heartbeat: 50 } });
    const deaf = new RawSocket(s.url, { autoPong: false });
    await using _ = deaf;
    await deaf.opened;
    const live = await openRaw(s.url);
    await using __ = live.socket;
    const { code } = await deaf.closed;
    expect(code).toBe(1006);
    expect(live.socket.ws.readyState).toBe(WebSocket.OPEN);
    await eventually(() => expect(s.app.connections).toBe(1));
  });

  it('tells clients to reconnect and closes them with 1012 when the app closes', async () => {
    const s = await startApp({ services: [MathService] });
    const { socket } = await openRaw(s.url);
    const closing = s.app.close();
    expect(await socket.next()).toEqual({ t: 'bye', reason: 'restart' });
    expect((await socket.closed).code).toBe(1012);
    await closing;
  });

  it('survives peers that reset the connection in the middle of a handshake', async () => {
    await using s = await startApp({ services: [MathService], ws: { origins: () => true } });
    const { port } = new URL(s.url);
    for (const path of ['/_ss/ws', '/elsewhere']) {
      await new Promise<void>((resolve) => {
        const socket = connectTcp(Number(port), '127.0.0.1', () => {
          socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
          socket.resetAndDestroy();
          resolve();
        });
      });
    }
    await new Promise((r) => setTimeout(r, 50));
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 1] });
    expect(await socket.next()).toEqual({ t: 'res', id: 1, r: 2 });
  });

  it('lets calls in flight answer before closing on app.close()', async () => {
    const s = await startApp({ services: [SlowService] });
    const { socket } = await openRaw(s.url);
    socket.send({ t: 'rpc', id: 1, m: 'slow.wait', a: [] });
    await new Promise((r) => setTimeout(r, 20));
    const closing = s.app.close();
    expect(await socket.next()).toEqual({ t: 'bye', reason: 'restart' });
    socket.send({ t: 'rpc', id: 2, m: 'slow.wait', a: [] });
    const replies = [await socket.next(), await socket.next()];
    expect(replies).toEqual(expect.arrayContaining([{ t: 'res', id: 1, r: 'finished' }, { t: 'err', id: 2, e: expect.objectContaining({ code: 'UNAVAILABLE' }) }]));
    expect((await socket.closed).code).toBe(1012);
    await closing;
  });

  it('terminates a connection that leaves more than maxBuffered bytes unread', async () => {
    @RpcService('big')
    class BigService {
      @Rpc() blob() {
        return 'x'.repeat(256 * 1024);
      }
    }
    await using s = await startApp({ services: [BigService], ws: { maxBuffered: 64 * 1024 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    (socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let id = 1; id <= 200; id++) socket.send({ t: 'rpc', id, m: 'big.blob', a: [] });
    await eventually(() => expect(s.app.connections).toBe(0), 5000);
  });

  it('does not take replies held back to be written together for bytes the peer left unread', async () => {
    @RpcService('chunk')
    class ChunkService {
      @Rpc() get() {
        return 'y'.repeat(16 * 1024);
      }
    }
    const log = recordingLogger();
    await using s = await startApp({ services: [ChunkService], ws: { maxBuffered: 40 * 1024 }, logger: log });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    // One TCP write, so the server reads every frame at once and answers them in one batch.
    const tcp = (socket.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    tcp.cork();
    for (let id = 1; id <= 10; id++) socket.send({ t: 'rpc', id, m: 'chunk.get', a: [] });
    tcp.uncork();
    for (let id = 1; id <= 10; id++) expect(await socket.next()).toMatchObject({ t: 'res', id });
    expect(s.app.connections).toBe(1);
    expect(log.warnings).toEqual([]);
  });

  it('refuses origins outside the allow-list with 403', async () => {
    await using s = await startApp({ services: [MathService], ws: { origins: ['https://good.example'] } });
    const bad = new RawSocket(s.url, { origin: 'https://evil.example' });
    await expect(bad.opened).rejects.toThrow(/403/);
    const good = new RawSocket(s.url, { origin: 'https://good.example' });
    await using _ = good;
    await good.opened;
    expect(await good.next()).toMatchObject({ t: 'hello' });
  });

  it('in production accepts only the origin of the host the page came from', async () => {
    await using s = await startApp({ services: [MathService], production: true, session: { secret: 'x'.repeat(32) } });
    const host = new URL(s.url).host;
    const bad = new RawSocket(s.url, { origin: 'http://other.example' });
    await expect(bad.opened).rejects.toThrow(/403/);
    const good = new RawSocket(s.url, { origin: `http://${host}` });
    await using _ = good;
    await good.opened;
  });

  it('refuses more calls in flight than maxInFlight with RATE_LIMITED', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    @RpcService('slow')
    class SlowService {
      @Rpc() async wait() {
        await gate;
        return 'done';
      }
    }
    await using s = await startApp({ services: [SlowService], ws: { maxInFlight: 2 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    for (const id of [1, 2, 3]) socket.send({ t: 'rpc', id, m: 'slow.wait', a: [] });
    expect(await socket.next()).toEqual({ t: 'err', id: 3, e: { code: 'RATE_LIMITED', message: expect.any(String) } });
    release();
    expect([await socket.next(), await socket.next()]).toEqual([{ t: 'res', id: 1, r: 'done' }, { t: 'res', id: 2, r: 'done' }]);
  });

  it('does not count calls answered synchronously against maxInFlight, however many arrive at once', async () => {
    await using s = await startApp({ services: [MathService], ws: { maxInFlight: 2 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    for (let id = 1; id <= 20; id++) socket.send({ t: 'rpc', id, m: 'math.add', a: [id, 1] });
    const replies = [];
    for (let id = 1; id <= 20; id++) replies.push(await socket.next());
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => ({ t: 'res', id: i + 1, r: i + 2 })));
  });

  describe('ws.rateLimit', () => {
    it('answers frames over the limit with RATE_LIMITED and when to retry, per connection, and lets them through once refilled', async () => {
      const log = recordingLogger();
      await using s = await startApp({ services: [MathService], logger: log, ws: { rateLimit: { perSecond: 5, burst: 3 } } });
      const { socket } = await openRaw(s.url);
      await using _ = socket;
      for (let id = 1; id <= 5; id++) socket.send({ t: 'rpc', id, m: 'math.add', a: [id, 1] });
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await socket.next());
      expect(replies.slice(0, 3)).toEqual([1, 2, 3].map((id) => ({ t: 'res', id, r: id + 1 })));
      for (const [i, reply] of replies.slice(3).entries()) {
        expect(reply).toEqual({ t: 'err', id: 4 + i, e: { code: 'RATE_LIMITED', message: expect.stringContaining('5 frames per second'), details: { retryAfter: expect.any(Number) } } });
      }
      expect(log.warnings.filter((w) => w.includes('ws.rateLimit'))).toHaveLength(1);
      // Another connection has a bucket of its own.
      const other = await openRaw(s.url);
      await using __ = other.socket;
      other.socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 1] });
      expect(await other.socket.next()).toEqual({ t: 'res', id: 1, r: 2 });
      await new Promise((r) => setTimeout(r, 450));
      socket.send({ t: 'rpc', id: 6, m: 'math.add', a: [6, 1] });
      expect(await socket.next()).toEqual({ t: 'res', id: 6, r: 7 });
    });

    it('drops frames without an id over the limit instead of answering them', async () => {
      await using s = await startApp({ services: [MathService], ws: { rateLimit: { perSecond: 5, burst: 1 } } });
      const { socket } = await openRaw(s.url);
      await using _ = socket;
      socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 1] });
      // Under the limit a binary frame is answered with BAD_REQUEST; over it, nothing comes back.
      socket.ws.send(Buffer.from([1, 2, 3]));
      expect(await socket.next()).toEqual({ t: 'res', id: 1, r: 2 });
      await new Promise((r) => setTimeout(r, 250));
      socket.send({ t: 'rpc', id: 2, m: 'math.add', a: [2, 1] });
      expect(await socket.next()).toEqual({ t: 'res', id: 2, r: 3 });
    });

    it('answers calls sent after the bye with UNAVAILABLE, not RATE_LIMITED, however many', async () => {
      const s = await startApp({ services: [SlowService], ws: { rateLimit: { perSecond: 1, burst: 1 } } });
      const { socket } = await openRaw(s.url);
      socket.send({ t: 'rpc', id: 1, m: 'slow.wait', a: [] });
      await new Promise((r) => setTimeout(r, 20));
      const closing = s.app.close();
      expect(await socket.next()).toEqual({ t: 'bye', reason: 'restart' });
      for (const id of [2, 3, 4]) socket.send({ t: 'rpc', id, m: 'slow.wait', a: [] });
      const replies = [await socket.next(), await socket.next(), await socket.next(), await socket.next()];
      const codes = replies.filter((r) => (r as { t: string }).t === 'err').map((r) => (r as { e: { code: string } }).e.code);
      expect(codes).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
      await closing;
    });

    it('is off by default: five hundred calls sent at once are all answered', async () => {
      await using s = await startApp({ services: [MathService] });
      const { socket } = await openRaw(s.url);
      await using _ = socket;
      for (let id = 1; id <= 500; id++) socket.send({ t: 'rpc', id, m: 'math.add', a: [id, 0] });
      const ids = [];
      for (let i = 0; i < 500; i++) ids.push((await socket.next()) as { id: number });
      expect(ids.map((r) => r.id)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    });

    it('refuses a rate of zero at createApp, naming the option', async () => {
      await expect(startApp({ services: [MathService], ws: { rateLimit: { perSecond: 0 } } })).rejects.toThrow(/ws\.rateLimit\.perSecond/);
    });
  });
});
