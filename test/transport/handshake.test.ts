import { createHmac } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import WebSocket from 'ws';
import { MemorySessionStore, type SessionRecord } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw } from '../support/raw-socket';
import { ACCEPT, exchange, request } from './raw-handshake';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

/** The server's first frame after the 101 response (unmasked, short), or undefined. */
function firstFrame(received: Buffer): { opcode: number; text: string } | undefined {
  const start = received.indexOf('\r\n\r\n') + 4;
  if (start < 4 || received.length < start + 2) return undefined;
  const length = received[start + 1];
  if (length >= 126 || received.length < start + 2 + length) return undefined;
  return { opcode: received[start] & 0x0f, text: received.toString('utf8', start + 2, start + 2 + length) };
}

describe('the WebSocket handshake', () => {
  it('answers an RFC 6455 request with the accept key, a session cookie and then the hello frame', async () => {
    await using s = await startApp({ services: [MathService] });
    const { received } = await exchange(s.url, request(), (r) => firstFrame(r) !== undefined);
    const head = received.toString('latin1', 0, received.indexOf('\r\n\r\n'));
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    expect(head).toContain(`Sec-WebSocket-Accept: ${ACCEPT}`);
    expect(head).toMatch(/\r\nSet-Cookie: [^=]+=[^;]+; .*HttpOnly/i);
    const frame = firstFrame(received);
    expect(frame?.opcode).toBe(1);
    expect(JSON.parse(frame?.text ?? '')).toEqual({ t: 'hello', v: 1, socketId: expect.any(String), c: expect.stringMatching(/^[\w-]{12}$/) });
  });

  it('echoes the first subprotocol a client offers, so clients that ask for one can connect', async () => {
    await using s = await startApp({ services: [MathService] });
    const { socket } = await openRaw(s.url, { protocols: ['chat', 'superchat'] } as WebSocket.ClientOptions);
    await using _ = socket;
    expect(socket.ws.protocol).toBe('chat');
    const ws = new WebSocket(s.url.replace(/^http/, 'ws') + '/_ss/ws', ['v2.json']);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(ws.protocol).toBe('v2.json');
    ws.terminate();
  });

  it('answers a frame the client sent in the same packet as its request', async () => {
    await using s = await startApp({ services: [MathService] });
    const payload = Buffer.from(JSON.stringify({ t: 'rpc', id: 1, m: 'math.add', a: [2, 3] }));
    // A masked client text frame; a zero mask leaves the payload as it is.
    const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
    const { received } = await exchange(s.url, Buffer.concat([Buffer.from(request()), frame]), (r) => r.includes('"t":"res"'));
    expect(received.toString('latin1')).toContain('{"t":"res","id":1,"r":5}');
  });

  it.each([
    ['a method other than GET', 405, 'Invalid HTTP method', request({}, 'POST')],
    ['an Upgrade other than websocket', 400, 'Invalid Upgrade header', request({ Upgrade: 'h2c' })],
    ['a missing key', 400, 'Missing or invalid Sec-WebSocket-Key header', request({ 'Sec-WebSocket-Key': null })],
    ['a malformed key', 400, 'Missing or invalid Sec-WebSocket-Key header', request({ 'Sec-WebSocket-Key': 'not-a-nonce' })],
    ['an unsupported version', 400, 'Missing or invalid Sec-WebSocket-Version header', request({ 'Sec-WebSocket-Version': '12' })],
    ['a repeated subprotocol', 400, 'Invalid Sec-WebSocket-Protocol header', request({ 'Sec-WebSocket-Protocol': 'chat,\tchat' })],
    ['a malformed subprotocol list', 400, 'Invalid Sec-WebSocket-Protocol header', request({ 'Sec-WebSocket-Protocol': 'chat, two words' })],
  ])('refuses %s with %i, says why, closes the socket and keeps serving', async (_what, status, reason, bytes) => {
    await using s = await startApp({ services: [MathService] });
    const { received, closedByServer } = await exchange(s.url, bytes);
    const text = received.toString('latin1');
    expect(text.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(text.endsWith(`\r\n\r\n${reason}`)).toBe(true);
    if (status === 400 && reason.includes('Version')) expect(text).toContain('Sec-WebSocket-Version: 13, 8');
    expect(closedByServer).toBe(true);
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 1] });
    expect(await socket.next()).toEqual({ t: 'res', id: 1, r: 2 });
  });

  describe('while the session named by the cookie is being looked up', () => {
    /** A store whose reads wait until the test lets them go. */
    class GatedStore extends MemorySessionStore {
      release!: () => void;
      readonly reading: Promise<void>;
      private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
      private started!: () => void;
      constructor() {
        super();
        this.reading = new Promise((resolve) => (this.started = resolve));
      }
      override async get(id: string): Promise<SessionRecord | undefined> {
        this.started();
        await this.gate;
        return super.get(id);
      }
    }
    const cookie = (secret: string) => `ss.sid=someone.${createHmac('sha256', secret).update('someone').digest('base64url')}`;

    it('answers 503 when the app began closing meanwhile, and the close finishes', async () => {
      const store = new GatedStore();
      const s = await startApp({ services: [MathService], session: { secret: 'k', store } });
      const answer = exchange(s.url, request({ Cookie: cookie('k') }));
      await store.reading;
      const closing = s.app.close();
      store.release();
      const { received, closedByServer } = await answer;
      expect(received.toString('latin1')).toMatch(/^HTTP\/1.1 503 /);
      expect(closedByServer).toBe(true);
      await expect(closing).resolves.toBeUndefined();
    });

    it('opens no connection when the client went away meanwhile, and keeps serving', async () => {
      const store = new GatedStore();
      await using s = await startApp({ services: [MathService], session: { secret: 'k', store } });
      const { port } = new URL(s.url);
      const socket = connectTcp(Number(port), '127.0.0.1', () => socket.write(request({ Cookie: cookie('k') })));
      await store.reading;
      socket.destroy();
      await new Promise((r) => setTimeout(r, 20));
      store.release();
      await new Promise((r) => setTimeout(r, 20));
      expect(s.app.connections).toBe(0);
      const { socket: other } = await openRaw(s.url);
      await using _ = other;
      other.send({ t: 'rpc', id: 1, m: 'math.add', a: [2, 2] });
      expect(await other.next()).toEqual({ t: 'res', id: 1, r: 4 });
      expect(s.app.connections).toBe(1);
    });
  });
});
