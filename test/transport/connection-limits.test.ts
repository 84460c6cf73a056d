import { createHmac } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { MemorySessionStore, type SessionRecord } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { eventually } from '../support/eventually';
import { openRaw, RawSocket } from '../support/raw-socket';
import { exchange, request, upgradeStatus } from './raw-handshake';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

/** A store whose reads never answer. */
class HungStore extends MemorySessionStore {
  override get(): Promise<SessionRecord | undefined> {
    return new Promise(() => undefined);
  }
}

/** A store that is down: every read fails. */
class DownStore extends MemorySessionStore {
  override get(): Promise<SessionRecord | undefined> {
    return Promise.reject(new Error('connection refused'));
  }
}

/** A cookie naming session `someone`, signed with `secret`: the upgrade must look it up. */
const cookie = (secret: string) => `ss.sid=someone.${createHmac('sha256', secret).update('someone').digest('base64url')}`;

describe('ws.handshakeTimeout', () => {
  it('closes a connection whose upgrade headers never complete, with 408, after handshakeTimeout', async () => {
    await using s = await startApp({ services: [MathService], ws: { handshakeTimeout: 200 } });
    const socket = connectTcp(Number(new URL(s.url).port), '127.0.0.1', () => socket.write('GET /_ss/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    // Node's own default (60 s) would outlast the test's timeout: the close proves the option applied.
    await new Promise((resolve) => socket.on('close', resolve));
    expect(received).toMatch(/^HTTP\/1.1 408 /);
  });

  it('is the HTTP server headersTimeout, and 0 keeps Node’s defaults', async () => {
    await using s = await startApp({ services: [MathService] });
    expect(s.app.server?.headersTimeout).toBe(10_000);
    await using off = await startApp({ services: [MathService], ws: { handshakeTimeout: 0 } });
    expect(off.app.server?.headersTimeout).toBe(60_000);
  });

  it('answers 503 and closes an upgrade whose session lookup outlasts handshakeTimeout, and keeps serving', async () => {
    await using s = await startApp({ services: [MathService], session: { secret: 'k', store: new HungStore() }, ws: { handshakeTimeout: 200 } });
    const { received, closedByServer } = await exchange(s.url, request({ Cookie: cookie('k') }));
    expect(received.toString('latin1')).toMatch(/^HTTP\/1.1 503 /);
    expect(closedByServer).toBe(true);
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 2] });
    expect(await socket.next()).toEqual({ t: 'res', id: 1, r: 3 });
  });

  it('refuses a value that is not a whole number of ms at createApp, naming the option', async () => {
    await expect(startApp({ services: [MathService], ws: { handshakeTimeout: 1.5 } })).rejects.toMatchObject({
      code: 'SS_ERR_INVALID_OPTION',
      message: expect.stringContaining('ws.handshakeTimeout'),
    });
  });
});

describe('ws.maxConnectionsPerAddress', () => {
  it('refuses the upgrade over the cap with 429, and accepts one again once a connection of the address closes', async () => {
    await using s = await startApp({ services: [MathService], ws: { maxConnectionsPerAddress: 2 } });
    const first = await openRaw(s.url);
    const second = await openRaw(s.url);
    await using _ = second.socket;
    await expect(new RawSocket(s.url).opened).rejects.toThrow(/429/);
    first.socket.ws.close();
    await first.socket.closed;
    await eventually(() => expect(s.app.connections).toBe(1));
    const third = await openRaw(s.url);
    await using __ = third.socket;
    expect(third.hello).toMatchObject({ t: 'hello' });
  });

  it('with trustProxy, counts the right-most X-Forwarded-For address, the one the proxy appended', async () => {
    await using s = await startApp({ services: [MathService], trustProxy: true, ws: { maxConnectionsPerAddress: 1 } });
    const via = (forwardedFor: string) => new RawSocket(s.url, { headers: { 'X-Forwarded-For': forwardedFor } });
    const a = via('203.0.113.7');
    await using _ = a;
    await a.opened;
    await expect(via('198.51.100.1, 203.0.113.7').opened).rejects.toThrow(/429/);
    const b = via('203.0.113.7, 198.51.100.2');
    await using __ = b;
    await b.opened;
  });

  it('without trustProxy, ignores X-Forwarded-For and counts the peer address', async () => {
    await using s = await startApp({ services: [MathService], ws: { maxConnectionsPerAddress: 1 } });
    const a = new RawSocket(s.url, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    await using _ = a;
    await a.opened;
    await expect(new RawSocket(s.url, { headers: { 'X-Forwarded-For': '198.51.100.2' } }).opened).rejects.toThrow(/429/);
  });

  it('releases the count of an upgrade refused after it was counted', async () => {
    await using s = await startApp({ services: [MathService], session: { secret: 'k', store: new HungStore() }, ws: { maxConnectionsPerAddress: 1, handshakeTimeout: 100 } });
    expect(await upgradeStatus(s.url, { Cookie: cookie('k') })).toBe(503);
    await eventually(async () => expect(await upgradeStatus(s.url, {})).toBe(101));
  });

  it('logs refusals in bounded lines, not one per upgrade', async () => {
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (m: string) => warnings.push(m) };
    const s = await startApp({ services: [MathService], trustProxy: true, logger, ws: { maxConnectionsPerAddress: 1 } });
    const address = 'a'.repeat(10_000);
    const held = new RawSocket(s.url, { headers: { 'X-Forwarded-For': address } });
    await held.opened;
    for (let i = 0; i < 20; i++) expect(await upgradeStatus(s.url, { 'X-Forwarded-For': address })).toBe(429);
    await s.app.close();
    expect(warnings).toEqual([expect.stringContaining('429'), expect.stringContaining('19 more')]);
    for (const line of warnings) expect(line.length).toBeLessThan(500);
  });

  it('refuses a cap that is not a whole number at createApp, naming the option', async () => {
    await expect(startApp({ services: [MathService], ws: { maxConnectionsPerAddress: -2 } })).rejects.toMatchObject({
      code: 'SS_ERR_INVALID_OPTION',
      message: expect.stringContaining('ws.maxConnectionsPerAddress'),
    });
  });
});

describe('a session store that is down while clients reconnect', () => {
  it('answers each upgrade 503 and is logged in bounded lines, the first with its error', async () => {
    const errors: unknown[][] = [];
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (...args: unknown[]) => errors.push(args) };
    const s = await startApp({ services: [MathService], logger, session: { secret: 'k', store: new DownStore() } });
    for (let i = 0; i < 20; i++) expect(await upgradeStatus(s.url, { Cookie: cookie('k') })).toBe(503);
    await s.app.close();
    expect(errors).toEqual([
      [expect.stringContaining('connection refused'), expect.objectContaining({ message: 'connection refused' })],
      [expect.stringContaining('19 more')],
    ]);
  });
});
