import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MemoryTransport } from 'socketstream';
import { Channel, Rpc, RpcService } from 'socketstream/decorators';
import { connect } from 'socketstream/client';
import { startApp } from '../support/app-fixture';
import { eventually } from '../support/eventually';
import { openRaw, type RawSocket } from '../support/raw-socket';
import { TcpProxy } from '../support/tcp-proxy';
import { gatedChannel } from './gated-channel';

@Channel('room:{id}', { presence: true })
class RoomChannel {
  canJoin() {
    return true;
  }
}

@Channel('feed:{id}')
class FeedChannel {
  canJoin() {
    return true;
  }
}

@RpcService('ping')
class PingService {
  @Rpc() ping() {
    return 'pong';
  }
}

type Frame = Record<string, unknown>;

let ids = 0;

/** Sends `frame` with a fresh id and returns the reply to it, skipping (and dropping) channel events. */
async function request(socket: RawSocket, frame: Frame): Promise<Frame> {
  const id = ++ids;
  socket.send({ ...frame, id });
  for (;;) {
    const reply = await socket.next();
    if (reply.id === id) return reply;
  }
}

/** The raw text of the reply to `frame`, to measure what the server sends back. */
function rawReply(socket: RawSocket, frame: Frame): Promise<string> {
  const id = ++ids;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const text = String(data);
      if ((JSON.parse(text) as Frame).id !== id) return;
      socket.ws.off('message', onMessage);
      resolve(text);
    };
    socket.ws.on('message', onMessage);
    socket.send({ ...frame, id });
  });
}

/**
 * Joins every channel in `names` with at most `window` joins outstanding, reading replies off
 * the socket directly (tens of thousands of frames), and resolves when all were answered.
 */
function joinAll(socket: RawSocket, names: readonly string[], window: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    const base = ids;
    ids += names.length;
    const sendNext = (): void => {
      if (sent < names.length) socket.send({ t: 'join', id: base + ++sent, c: names[sent - 1] });
    };
    const onMessage = (data: Buffer): void => {
      const frame = JSON.parse(String(data)) as Frame;
      if (typeof frame.id !== 'number' || frame.id <= base || frame.id > base + names.length) return;
      if (frame.t !== 'res') {
        socket.ws.off('message', onMessage);
        reject(new Error(`join refused: ${JSON.stringify(frame)}`));
        return;
      }
      if (++answered === names.length) {
        socket.ws.off('message', onMessage);
        resolve();
      } else sendNext();
    };
    socket.ws.on('message', onMessage);
    for (let i = 0; i < window; i++) sendNext();
  });
}

describe('channel limits', () => {
  it('refuse a join beyond ws.maxChannels with FORBIDDEN and the limit, and take it once a leave made room', async () => {
    await using s = await startApp({ channels: [FeedChannel], ws: { maxChannels: 3 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    for (const c of ['feed:1', 'feed:2', 'feed:3']) expect(await request(socket, { t: 'join', c })).toMatchObject({ t: 'res' });
    const refused = await request(socket, { t: 'join', c: 'feed:4' });
    expect(refused).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN', details: { limit: 3 } } });
    expect((refused.e as { message: string }).message).toContain('ws.maxChannels');
    // A channel it is already in can be joined again (a rejoin); it takes no new place.
    expect(await request(socket, { t: 'join', c: 'feed:2', s: 0 })).toMatchObject({ t: 'res' });
    expect(await request(socket, { t: 'leave', c: 'feed:1' })).toMatchObject({ t: 'res' });
    expect(await request(socket, { t: 'join', c: 'feed:4' })).toMatchObject({ t: 'res' });
    expect(await request(socket, { t: 'join', c: 'feed:5' })).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN' } });
  });

  it.each([
    ['maxChannels', Number.NaN],
    ['maxChannels', -1],
    ['maxChannels', 0],
    ['maxChannels', 2.5],
    ['maxInFlight', Number.NaN],
    ['maxInFlight', 0],
  ])('refuse ws.%s of %p at createApp, naming the option, rather than lifting the limit or refusing every frame', async (option, value) => {
    await expect(startApp({ channels: [FeedChannel], ws: { [option]: value } })).rejects.toMatchObject({
      code: 'SS_ERR_INVALID_OPTION',
      message: expect.stringContaining(`ws.${option} must be a whole number from 1 to`),
    });
  });

  it('count joins still running against ws.maxChannels, so a burst of joins cannot pass it', async () => {
    const { SlowChannel, open } = gatedChannel();
    await using s = await startApp({ channels: [SlowChannel], ws: { maxChannels: 2 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'join', id: 'a', c: 'slow:1' });
    socket.send({ t: 'join', id: 'b', c: 'slow:2' });
    expect(await request(socket, { t: 'join', c: 'slow:3' })).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN', details: { limit: 2 } } });
    open();
    const replies = [await socket.next(), await socket.next(), await socket.next(), await socket.next()].filter((f) => f.id !== undefined);
    expect(replies.map((f) => [f.id, f.t]).sort()).toEqual([
      ['a', 'res'],
      ['b', 'res'],
    ]);
  });

  it('count channel frames as calls in flight against ws.maxInFlight, together with RPC calls', async () => {
    const { SlowChannel, open } = gatedChannel();
    await using s = await startApp({ services: [PingService], channels: [SlowChannel], ws: { maxInFlight: 2 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'join', id: 'a', c: 'slow:1' });
    socket.send({ t: 'join', id: 'b', c: 'slow:2' });
    // Both joins wait on the gate: every further frame is refused at once, whatever its kind.
    for (const frame of [
      { t: 'join', c: 'slow:3' },
      { t: 'leave', c: 'slow:1' },
      { t: 'push', c: 'slow:1', e: 'x' },
      { t: 'presence', c: 'slow:1' },
      { t: 'rpc', m: 'ping.ping', a: [] },
    ]) {
      const reply = await request(socket, frame);
      expect(reply).toMatchObject({ t: 'err', e: { code: 'RATE_LIMITED', message: expect.stringContaining('in flight') } });
    }
    open();
    const replies = [await socket.next(), await socket.next(), await socket.next(), await socket.next()].filter((f) => f.id !== undefined);
    expect(replies.map((f) => [f.id, f.t]).sort()).toEqual([
      ['a', 'res'],
      ['b', 'res'],
    ]);
    // Answered, they count no more.
    expect(await request(socket, { t: 'rpc', m: 'ping.ping', a: [] })).toMatchObject({ t: 'res', r: 'pong' });
    expect(await request(socket, { t: 'presence', c: 'slow:1' })).toMatchObject({ t: 'res' });
  });

  it('rejoin every channel of a reconnecting client that has more channels than ws.maxInFlight', async () => {
    await using s = await startApp({ channels: [FeedChannel], ws: { maxInFlight: 3 } });
    await using proxy = await TcpProxy.start(Number(new URL(s.url).port));
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    try {
      const names = Array.from({ length: 10 }, (_, i) => `feed:${i}`);
      const received = new Set<string>();
      const errors: unknown[] = [];
      for (const name of names) {
        const feed = client.channel(name);
        feed.on('tick', () => received.add(name));
        feed.on('error', (e: unknown) => errors.push(e));
        await feed.join();
      }
      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      proxy.cut();
      await reconnected;
      // Ten rejoins at once against three in flight: the refused ones are asked for again.
      await eventually(async () => {
        for (const name of names) if (!received.has(name)) await s.app.publish.channel(name, 'tick', {});
        expect([...received].sort()).toEqual([...names].sort());
      }, 5000);
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('free what a closing connection held: memberships, subscriptions, presence and the histories nothing was published to', async () => {
    const transport = new MemoryTransport();
    await using s = await startApp({ channels: [FeedChannel, RoomChannel], pubsub: { transport }, ws: { maxChannels: 5000 } });
    const { socket } = await openRaw(s.url);
    const names = Array.from({ length: 2000 }, (_, i) => `feed:${i}`);
    await joinAll(socket, names, 100);
    expect(await request(socket, { t: 'join', c: 'room:kept' })).toMatchObject({ t: 'res' });
    expect(transport.channelCounts.subscribed).toBe(names.length + 1);
    await socket[Symbol.asyncDispose]();
    // Freeing 2001 memberships yields to the event loop between batches, so the counts settle over several turns.
    await eventually(async () => {
      expect(await transport.presenceList('room:kept')).toEqual([]);
      // Only the presence channel keeps a history (its $join and $leave), for a client reconnecting within the window.
      expect(transport.channelCounts).toEqual({ histories: 1, subscribed: 0 });
    });
  });

  it('drop the history of a channel nobody is in once its messages aged out, with no later publish needed', async () => {
    const transport = new MemoryTransport({ maxAge: 50 });
    await using s = await startApp({ channels: [RoomChannel], pubsub: { transport } });
    const { socket } = await openRaw(s.url);
    expect(await request(socket, { t: 'join', c: 'room:1' })).toMatchObject({ t: 'res' });
    await s.app.publish.channel('room:1', 'message', { text: 'hi' });
    await s.app.publish.channel('elsewhere:1', 'message', { text: 'nobody listens' });
    expect(transport.channelCounts.histories).toBe(2);
    await socket[Symbol.asyncDispose]();
    await eventually(() => expect(transport.channelCounts).toEqual({ histories: 0, subscribed: 0 }));
  });

  it('keep, within the history window, what a client reconnecting to a channel nobody else is in has missed', async () => {
    const transport = new MemoryTransport();
    await using s = await startApp({ channels: [FeedChannel], pubsub: { transport } });
    const first = await openRaw(s.url);
    expect(await request(first.socket, { t: 'join', c: 'feed:alone' })).toMatchObject({ t: 'res', r: { s: 0 } });
    await first.socket[Symbol.asyncDispose]();
    await eventually(() => expect(transport.channelCounts.subscribed).toBe(0));
    await s.app.publish.channel('feed:alone', 'tick', { n: 1 });
    const second = await openRaw(s.url);
    await using _ = second.socket;
    expect(await request(second.socket, { t: 'join', c: 'feed:alone', s: 0 })).toMatchObject({ t: 'res', r: { s: 1 } });
    expect(await second.socket.next()).toEqual({ t: 'ev', c: 'feed:alone', s: 1, e: 'tick', d: { n: 1 } });
  });

  it('keep the event loop responsive while a connection that held thousands of presence channels closes', async () => {
    const transport = new MemoryTransport();
    const count = 20_000;
    await using s = await startApp({ channels: [RoomChannel], pubsub: { transport }, ws: { maxChannels: count } });
    const { socket } = await openRaw(s.url);
    const names = Array.from({ length: count }, (_, i) => `room:${i}`);
    await joinAll(socket, names, 200);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await socket[Symbol.asyncDispose]();
    // The leaves are announced in join order: the last channel's is the last one.
    await eventually(async () => expect(await transport.presenceList(names[count - 1])).toEqual([]), 10_000);
    await eventually(() => expect(transport.channelCounts.subscribed).toBe(0));
    delay.disable();
    expect(await transport.presenceList(names[0])).toEqual([]);
    // A generous bound: only a freeze (all announcements in one turn) comes near it.
    expect(delay.max / 1e6).toBeLessThan(200);
  });
});

describe('presence requests', () => {
  /** An app with one connected member of room:big and 999 members on other nodes (entries in the shared presence). */
  async function crowdedRoom() {
    const transport = new MemoryTransport();
    const s = await startApp({ channels: [RoomChannel], pubsub: { transport } });
    for (let i = 0; i < 999; i++) await transport.presenceAdd('room:big', { socketId: `other.${String(i).padStart(4, '0')}`, userId: `user-${i}` });
    return { s, transport };
  }

  it('answer at most 100 members per request, ordered by socketId, and the next page after a given socketId', async () => {
    const { s } = await crowdedRoom();
    await using _s = s;
    const { socket, hello } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:big' })).toMatchObject({ t: 'res' });
    const first = await rawReply(socket, { t: 'presence', c: 'room:big' });
    expect(first.length).toBeLessThan(8 * 1024);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const reply = await request(socket, { t: 'presence', c: 'room:big', after });
      const members = reply.r as Array<{ socketId: string }>;
      expect(members.length).toBeLessThanOrEqual(100);
      seen.push(...members.map((m) => m.socketId));
      if (members.length < 100) break;
      after = members[members.length - 1].socketId;
    }
    expect(seen).toHaveLength(1000);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toContain(hello.socketId);
    expect(await request(socket, { t: 'presence', c: 'room:big', after: 'x'.repeat(1000) })).toMatchObject({ t: 'err', e: { code: 'BAD_REQUEST' } });
  });

  it('let the client list every member with presence(), a page per request, or one page with presencePage()', async () => {
    const { s } = await crowdedRoom();
    await using _s = s;
    const client = connect(s.url);
    try {
      const room = client.channel('room:big');
      await room.join();
      const members = await room.presence();
      expect(members).toHaveLength(1000);
      expect(new Set(members.map((m) => m.socketId)).size).toBe(1000);
      const page = await room.presencePage();
      expect(page.members).toHaveLength(100);
      expect(page.next).toBe(page.members[99].socketId);
      const second = await room.presencePage(page.next);
      expect(second.members[0].socketId > (page.next as string)).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('client-chosen names in replies', () => {
  it('quote at most a short prefix of a channel name, refusing names longer than 200 characters', async () => {
    await using s = await startApp({ channels: [RoomChannel] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    const huge = 'x'.repeat(1_000_000);
    for (const t of ['join', 'leave', 'push', 'presence']) {
      const reply = await rawReply(socket, { t, c: huge, e: 'typing' });
      expect(reply.length).toBeLessThan(1024);
      expect(JSON.parse(reply)).toMatchObject({ t: 'err', e: { code: 'BAD_REQUEST', message: expect.stringContaining('at most 200') } });
    }
    expect(await request(socket, { t: 'join', c: `room:${'y'.repeat(201)}` })).toMatchObject({ e: { code: 'BAD_REQUEST' } });
  });

  it('quote a channel name of the longest accepted length to its first 100 characters, in every reply that names it', async () => {
    await using s = await startApp({ channels: [RoomChannel, FeedChannel] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    const named = (prefix: string): string => `${prefix}"${'n'.repeat(199 - prefix.length)}`;
    const [room, feed, other] = [named('room:'), named('feed:'), named('nope:')];
    const refusals: [message: string, name: string][] = [];
    const refused = async (frame: Frame & { c: string }): Promise<void> => {
      const reply = await request(socket, frame);
      expect(reply).toMatchObject({ t: 'err' });
      refusals.push([(reply.e as { message: string }).message, frame.c]);
    };
    await refused({ t: 'join', c: other });
    await refused({ t: 'push', c: room, e: 'typing' });
    await refused({ t: 'presence', c: room });
    expect(await request(socket, { t: 'join', c: room })).toMatchObject({ t: 'res' });
    expect(await request(socket, { t: 'join', c: feed })).toMatchObject({ t: 'res' });
    await refused({ t: 'push', c: room, e: 'unknown' });
    await refused({ t: 'presence', c: feed });
    for (const [message, name] of refusals) {
      expect(message).not.toContain(name.slice(0, 101));
      expect(message).toContain(`${JSON.stringify(name.slice(0, 100))}… (200 characters)`);
    }
  });

  it('quote at most a short prefix of an event name pushed into a channel', async () => {
    await using s = await startApp({ channels: [RoomChannel] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:1' })).toMatchObject({ t: 'res' });
    const reply = await rawReply(socket, { t: 'push', c: 'room:1', e: 'e'.repeat(1_000_000) });
    expect(reply.length).toBeLessThan(1024);
    expect(JSON.parse(reply)).toMatchObject({ t: 'err', e: { code: 'NOT_FOUND' } });
  });
});
