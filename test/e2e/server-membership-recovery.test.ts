import { type App, type HistoryOptions, type RpcContext, Service, createApp } from 'socketstream';
import { Channel, Ctx, Rpc, RpcService } from 'socketstream/decorators';
import { connect, type SocketStreamClient } from 'socketstream/client';
import { openRaw, type RawSocket } from '../support/raw-socket';
import { type RedisServer, startRedis } from '../support/redis-server';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Issue 11: recovery after a reconnect covers channels the server joined the session to
 * (`session.channels.join`) exactly as it covers channels the client joined itself: every missed
 * message once and in order, or a gap the app is told of.
 */

@RpcService('relay')
class RelayService extends Service {
  @Rpc() async follow(channel: string, @Ctx() ctx: RpcContext): Promise<void> {
    await ctx.session.channels.join(channel);
  }

  @Rpc() async unfollow(channel: string, @Ctx() ctx: RpcContext): Promise<void> {
    await ctx.session.channels.leave(channel);
  }
}

@Channel('room:{id}')
class RoomChannel {
  canJoin() {
    return true;
  }
}

interface Node {
  app: App;
  url: string;
  port: number;
  [Symbol.asyncDispose](): Promise<void>;
}

/** One node of the app: its own process state, sessions and pubsub in the shared Redis. */
async function startNode(redisUrl: string | undefined, history?: HistoryOptions, port = 0): Promise<Node> {
  const app = createApp({
    services: [RelayService],
    channels: [RoomChannel],
    redis: redisUrl,
    session: { secret: 'server-membership-recovery-secret' },
    pubsub: history ? { history } : undefined,
    logLevel: 'silent',
  });
  const url = await app.start(port);
  let closed: Promise<void> | undefined;
  return { app, url, port: Number(new URL(url).port), [Symbol.asyncDispose]: () => (closed ??= app.close()) };
}

/** Resolves with the first `ss.event` `event` of `channel` whose data satisfies `match`. */
function eventOf(client: SocketStreamClient, event: string, channel: string, match: (data: unknown) => boolean = () => true): Promise<unknown> {
  return new Promise((resolve) => {
    const listener = (data: unknown, from?: string): void => {
      if (from !== channel || !match(data)) return;
      client.event.off(event, listener);
      resolve(data);
    };
    client.event.on(event, listener);
  });
}

/** Records every `message` (by its text) and `$gap` that `ss.event` delivers, per channel. */
function recordEvents(client: SocketStreamClient): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const add = (channel: string | undefined, entry: string): void => {
    if (channel === undefined) return;
    if (!seen.has(channel)) seen.set(channel, []);
    seen.get(channel)?.push(entry);
  };
  client.event.on('message', (data, channel) => add(channel, (data as { text: string }).text));
  client.event.on('$gap', (_data, channel) => add(channel, '$gap'));
  return seen;
}

const textIs = (text: string) => (data: unknown) => (data as { text?: string } | undefined)?.text === text;

describe('recovery of server-side channel memberships', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  /** What a test started, closed after it whether it passed, failed or timed out. */
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /**
   * Two nodes on one Redis; a client reaches node B through a proxy (its load balancer), joins
   * room:1 itself and is joined to room:2 by the server. Node B dies (the connection is cut, no
   * goodbye), `missed` messages are published to each room on node A, node B comes back on the
   * same port and the client reconnects to it with its session. `recovered`, called before the
   * reconnect, returns what to wait for before the last messages are published.
   */
  async function nodeRestartScenario(history: HistoryOptions | undefined, missed: number, recovered?: (client: SocketStreamClient) => Promise<unknown>) {
    const a = await startNode(redis.url, history);
    cleanups.push(async () => a[Symbol.asyncDispose]());
    let b = await startNode(redis.url, history);
    cleanups.push(async () => b[Symbol.asyncDispose]());
    const proxy = await TcpProxy.start(b.port);
    cleanups.push(() => proxy[Symbol.asyncDispose]());
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    cleanups.push(() => client.close());

    const seen = recordEvents(client);
    const room1 = client.channel('room:1');
    const handleLog: string[] = [];
    room1.on('message', (m) => handleLog.push((m as { text: string }).text));
    room1.on('gap', () => handleLog.push('gap'));
    await room1.join();
    await client.rpc('relay.follow', 'room:2');

    const before = Promise.all([eventOf(client, 'message', 'room:1', textIs('before')), eventOf(client, 'message', 'room:2', textIs('before'))]);
    await a.app.publish.channel('room:1', 'message', { text: 'before' });
    await a.app.publish.channel('room:2', 'message', { text: 'before' });
    await before;
    const cookie = client.cookie;

    // Node B is killed: the client's connection drops without a bye, and B is gone.
    const disconnected = new Promise<void>((resolve) => client.server.once('disconnect', resolve));
    proxy.pause();
    proxy.cut();
    await disconnected;
    await b[Symbol.asyncDispose]();

    for (let i = 1; i <= missed; i++) {
      await a.app.publish.channel('room:1', 'message', { text: `missed ${i}` });
      await a.app.publish.channel('room:2', 'message', { text: `missed ${i}` });
    }

    // Node B restarts on the same port; the client reconnects through the proxy.
    b = await startNode(redis.url, history, b.port);
    const recovery = recovered?.(client);
    const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
    proxy.resume();
    await reconnected;
    await recovery;

    const after = Promise.all([eventOf(client, 'message', 'room:1', textIs('after 2')), eventOf(client, 'message', 'room:2', textIs('after 2'))]);
    for (const text of ['after 1', 'after 2']) {
      await a.app.publish.channel('room:1', 'message', { text });
      await a.app.publish.channel('room:2', 'message', { text });
    }
    await after;
    // The session survived the restart (it lives in Redis).
    expect(client.cookie).toBe(cookie);
    return { seen, handleLog };
  }

  it('delivers the messages missed while the node was down once and in order, for server-joined and client-joined channels', async () => {
    const { seen, handleLog } = await nodeRestartScenario(undefined, 2);
    const expected = ['before', 'missed 1', 'missed 2', 'after 1', 'after 2'];
    expect(seen.get('room:2')).toEqual(expected);
    expect(seen.get('room:1')).toEqual(expected);
    expect(handleLog).toEqual(expected);
  });

  it('tells the app of a gap when the missed messages fell out of the history window, through ss.event "$gap" and the handle', async () => {
    // Messages published before the gap is known would be part of it: wait for both gaps first.
    const { seen, handleLog } = await nodeRestartScenario({ size: 1 }, 3, (client) =>
      Promise.all([eventOf(client, '$gap', 'room:1'), eventOf(client, '$gap', 'room:2')]),
    );
    const expected = ['before', '$gap', 'after 1', 'after 2'];
    expect(seen.get('room:2')).toEqual(expected);
    expect(seen.get('room:1')).toEqual(expected);
    expect(handleLog).toEqual(['before', 'gap', 'after 1', 'after 2']);
  });

  it('recovers a server-joined channel the client holds a handle on but never joined itself (single node, memory transport)', async () => {
    await using node = await startNode(undefined);
    await using proxy = await TcpProxy.start(node.port);
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    try {
      const feed = client.channel('room:feed');
      const got: string[] = [];
      feed.on('message', (m) => got.push((m as { text: string }).text));
      await client.rpc('relay.follow', 'room:feed');
      const first = eventOf(client, 'message', 'room:feed', textIs('1'));
      await node.app.publish.channel('room:feed', 'message', { text: '1' });
      await first;

      const disconnected = new Promise<void>((resolve) => client.server.once('disconnect', resolve));
      proxy.pause();
      proxy.cut();
      // Whether or not the server noticed the drop yet, these do not reach the client live.
      await disconnected;
      for (const text of ['2', '3']) await node.app.publish.channel('room:feed', 'message', { text });
      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      proxy.resume();
      await reconnected;
      const last = eventOf(client, 'message', 'room:feed', textIs('4'));
      await node.app.publish.channel('room:feed', 'message', { text: '4' });
      await last;
      expect(got).toEqual(['1', '2', '3', '4']);
      expect(feed.joined).toBe(false);
      expect(feed.lastSeq).toBe(4);
    } finally {
      await client.close();
    }
  });

  it('does not replay a channel the session left while the client was away, and reports no error for it', async () => {
    await using node = await startNode(undefined);
    await using proxy = await TcpProxy.start(node.port);
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    // Failed attempts to reconnect while the proxy refuses are UNAVAILABLE errors; a refused resume must add none.
    const refusals: unknown[] = [];
    client.server.on('error', (error) => error.code !== 'UNAVAILABLE' && refusals.push(error));
    try {
      const seen = recordEvents(client);
      await client.rpc('relay.follow', 'room:gone');
      const first = eventOf(client, 'message', 'room:gone', textIs('1'));
      await node.app.publish.channel('room:gone', 'message', { text: '1' });
      await first;

      const disconnected = new Promise<void>((resolve) => client.server.once('disconnect', resolve));
      proxy.pause();
      proxy.cut();
      await disconnected;
      // The session leaves the channel through another of its connections.
      const other = connect(node.url, { cookie: client.cookie });
      try {
        await other.rpc('relay.unfollow', 'room:gone');
      } finally {
        await other.close();
      }
      await node.app.publish.channel('room:gone', 'message', { text: '2' });
      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      proxy.resume();
      await reconnected;

      // Following it again starts afresh: '3' arrives, '2' (published while the session was out) never does.
      await client.rpc('relay.follow', 'room:gone');
      const third = eventOf(client, 'message', 'room:gone', textIs('3'));
      await node.app.publish.channel('room:gone', 'message', { text: '3' });
      await third;
      expect(seen.get('room:gone')).toEqual(['1', '3']);
      expect(refusals).toEqual([]);
    } finally {
      await client.close();
    }
  });

  describe('the resume frame, on the wire', () => {
    /** A raw socket of a session that follows `channel`; returns its cookie. */
    async function followingSession(url: string, channel: string): Promise<string> {
      const { socket } = await openRaw(url);
      await using _ = socket;
      const cookie = String(socket.upgradeHeaders['set-cookie']).split(';')[0];
      socket.send({ t: 'rpc', id: 1, m: 'relay.follow', a: [channel] });
      await replyTo(socket, 1);
      return cookie;
    }

    /** A raw socket of the session: the first frame after its hello is the membership the server restored, at the channel's latest number. */
    async function openMember(url: string, cookie: string, channel: string, latest: number): Promise<{ socket: RawSocket }> {
      const raw = await openRaw(url, { headers: { cookie } });
      expect(await raw.socket.next()).toEqual({ t: 'member', c: channel, s: latest });
      return raw;
    }

    async function replyTo(socket: RawSocket, id: number): Promise<Record<string, unknown>> {
      for (;;) {
        const frame = await socket.next();
        if (frame.id === id) return frame;
      }
    }

    it('replays after s in order, then continues live; a client that sends no resume gets live messages only, as before', async () => {
      await using node = await startNode(undefined);
      const cookie = await followingSession(node.url, 'room:wire');
      for (let n = 1; n <= 3; n++) await node.app.publish.channel('room:wire', 'message', { text: String(n) });

      const old = await openMember(node.url, cookie, 'room:wire', 3);
      await using _old = old.socket;
      const resumed = await openMember(node.url, cookie, 'room:wire', 3);
      await using _resumed = resumed.socket;
      resumed.socket.send({ t: 'resume', id: 7, c: 'room:wire', s: 1 });
      expect(await resumed.socket.next()).toEqual({ t: 'res', id: 7, r: { s: 3 } });
      expect(await resumed.socket.next()).toMatchObject({ t: 'ev', c: 'room:wire', s: 2, d: { text: '2' } });
      expect(await resumed.socket.next()).toMatchObject({ t: 'ev', c: 'room:wire', s: 3, d: { text: '3' } });

      await node.app.publish.channel('room:wire', 'message', { text: '4' });
      expect(await resumed.socket.next()).toMatchObject({ t: 'ev', c: 'room:wire', s: 4 });
      expect(await old.socket.next()).toMatchObject({ t: 'ev', c: 'room:wire', s: 4 });
    });

    it('refuses to resume a channel the session does not hold, and checks s', async () => {
      await using node = await startNode(undefined);
      const url = node.url;
      const cookie = await followingSession(url, 'room:held');
      const { socket } = await openMember(url, cookie, 'room:held', 0);
      await using _ = socket;
      socket.send({ t: 'resume', id: 1, c: 'room:other', s: 0 });
      expect(await socket.next()).toMatchObject({ t: 'err', id: 1, e: { code: 'FORBIDDEN' } });
      socket.send({ t: 'resume', id: 2, c: 'room:held', s: -1 });
      expect(await socket.next()).toMatchObject({ t: 'err', id: 2, e: { code: 'BAD_REQUEST' } });
      socket.send({ t: 'resume', id: 3, c: 'room:held' });
      expect(await socket.next()).toMatchObject({ t: 'err', id: 3, e: { code: 'BAD_REQUEST' } });
      socket.send({ t: 'resume', id: 4, c: 'room:held', s: 0 });
      expect(await socket.next()).toEqual({ t: 'res', id: 4, r: { s: 0 } });
    });

    it('sends a gap when the messages after s are no longer kept', async () => {
      await using node = await startNode(undefined, { size: 1 });
      const url = node.url;
      const cookie = await followingSession(url, 'room:small');
      for (let n = 1; n <= 3; n++) await node.app.publish.channel('room:small', 'message', { text: String(n) });
      const { socket } = await openMember(url, cookie, 'room:small', 3);
      await using _ = socket;
      socket.send({ t: 'resume', id: 1, c: 'room:small', s: 1 });
      expect(await socket.next()).toEqual({ t: 'res', id: 1, r: { s: 3 } });
      expect(await socket.next()).toEqual({ t: 'gap', c: 'room:small', s: 3 });
    });
  });
});
