import { IsString, Length } from 'class-validator';
import { type CanJoin, type ChannelContext, RpcError, Service } from 'socketstream';
import { Channel, Ctx, Rpc, RpcService, Subscribe } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { eventually } from '../support/eventually';
import { openRaw, type RawSocket } from '../support/raw-socket';
import { gatedChannel } from './gated-channel';

class Typing {
  @IsString() @Length(1, 20) text!: string;
}

@Channel('room:{id}', { presence: true })
class RoomChannel extends Service implements CanJoin<{ id: string }> {
  canJoin({ id }: { id: string }, ctx: ChannelContext) {
    if (id === 'vault') throw new RpcError('UNAUTHENTICATED', 'log in first');
    return id !== 'secret' && ctx.channel === `room:${id}`;
  }

  @Subscribe('typing')
  async typing(msg: Typing, @Ctx() ctx: ChannelContext) {
    await ctx.broadcast('typing', { text: msg.text, from: ctx.socketId }, { exceptSelf: true });
    return { echoed: msg.text, room: ctx.params.id };
  }

  @Subscribe('shout')
  async shout(text: string, @Ctx() ctx: ChannelContext) {
    await ctx.broadcast('shout', text);
  }
}

@RpcService('rooms')
class RoomsService extends Service {
  @Rpc() async post(room: string, text: string) {
    await this.publish.channel(`room:${room}`, 'message', { text });
  }
}

const app = () => startApp({ services: [RoomsService], channels: [RoomChannel] });

type Frame = Record<string, unknown>;
let ids = 100;
/** Frames read while waiting for a reply, kept for `until`. */
const backlog = new WeakMap<RawSocket, Frame[]>();

function nextFrame(socket: RawSocket): Promise<Frame> {
  const kept = backlog.get(socket);
  return kept?.length ? Promise.resolve(kept.shift() as Frame) : socket.next();
}

async function request(socket: RawSocket, frame: Frame): Promise<Frame> {
  const id = ++ids;
  socket.send({ ...frame, id });
  const skipped: Frame[] = [];
  for (;;) {
    const reply = await socket.next();
    if (reply.id === id) {
      backlog.set(socket, [...(backlog.get(socket) ?? []), ...skipped]);
      return reply;
    }
    skipped.push(reply);
  }
}

/** Frames until one matches, returning everything seen (ordered). */
async function until(socket: RawSocket, match: (f: Frame) => boolean): Promise<Frame[]> {
  const seen: Frame[] = [];
  for (;;) {
    const f = await nextFrame(socket);
    seen.push(f);
    if (match(f)) return seen;
  }
}

describe('channels', () => {
  it('let a client join a channel matching a pattern, and deliver its messages with sequence numbers', async () => {
    await using s = await app();
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:lobby' })).toMatchObject({ t: 'res', r: { s: 0 } });
    await s.app.publish.channel('room:lobby', 'message', { text: 'one' });
    await s.app.publish.channel('room:other', 'message', { text: 'not for us' });
    await s.app.publish.channel('room:lobby', 'message', { text: 'two' });
    const frames = await until(socket, (f) => (f.d as { text?: string })?.text === 'two');
    expect(frames.filter((f) => f.e === 'message')).toEqual([
      { t: 'ev', c: 'room:lobby', s: 2, e: 'message', d: { text: 'one' } },
      { t: 'ev', c: 'room:lobby', s: 3, e: 'message', d: { text: 'two' } },
    ]);
  });

  it('refuse a join when canJoin returns false (FORBIDDEN) or throws an RpcError (its code)', async () => {
    await using s = await app();
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:secret' })).toMatchObject({ t: 'err', e: { code: 'FORBIDDEN' } });
    expect(await request(socket, { t: 'join', c: 'room:vault' })).toMatchObject({ t: 'err', e: { code: 'UNAUTHENTICATED', message: 'log in first' } });
    expect(await request(socket, { t: 'join', c: 'nothing:here' })).toMatchObject({ t: 'err', e: { code: 'NOT_FOUND' } });
  });

  it('run the @Subscribe handler for a pushed event, with validated data, params and broadcast to the others', async () => {
    await using s = await app();
    const a = await openRaw(s.url);
    await using _a = a.socket;
    const b = await openRaw(s.url);
    await using _b = b.socket;
    await request(a.socket, { t: 'join', c: 'room:42' });
    await request(b.socket, { t: 'join', c: 'room:42' });
    expect(await request(a.socket, { t: 'push', c: 'room:42', e: 'typing', d: { text: 'hi' } })).toMatchObject({ t: 'res', r: { echoed: 'hi', room: '42' } });
    const seenByB = await until(b.socket, (f) => f.e === 'typing');
    expect(seenByB.at(-1)).toMatchObject({ c: 'room:42', e: 'typing', d: { text: 'hi', from: a.hello.socketId } });
    // exceptSelf: the sender gets the next broadcast (shout) but never its own typing
    await request(a.socket, { t: 'push', c: 'room:42', e: 'shout', d: 'HEY' });
    const seenByA = await until(a.socket, (f) => f.e === 'shout');
    expect(seenByA.some((f) => f.e === 'typing')).toBe(false);
    expect(await request(a.socket, { t: 'push', c: 'room:42', e: 'typing', d: { text: '' } })).toMatchObject({ e: { code: 'VALIDATION_FAILED', details: [{ property: 'text' }] } });
    expect(await request(a.socket, { t: 'push', c: 'room:42', e: 'dance', d: {} })).toMatchObject({ e: { code: 'NOT_FOUND' } });
  });

  it('refuse pushes into a channel the client has not joined', async () => {
    await using s = await app();
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'push', c: 'room:1', e: 'shout', d: 'x' })).toMatchObject({ e: { code: 'FORBIDDEN' } });
  });

  it('stop delivering after leave', async () => {
    await using s = await app();
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    await request(socket, { t: 'join', c: 'room:a' });
    await request(socket, { t: 'join', c: 'room:b' });
    await request(socket, { t: 'leave', c: 'room:a' });
    await s.app.publish.channel(['room:a', 'room:b'], 'message', { text: 'x' });
    const frames = await until(socket, (f) => f.c === 'room:b' && f.e === 'message');
    expect(frames.some((f) => f.c === 'room:a' && f.e === 'message')).toBe(false);
  });

  it('tell members who joins and leaves, and list who is in', async () => {
    await using s = await app();
    const a = await openRaw(s.url);
    await using _a = a.socket;
    await request(a.socket, { t: 'join', c: 'room:p' });
    const b = await openRaw(s.url);
    await request(b.socket, { t: 'join', c: 'room:p' });
    const joined = await until(a.socket, (f) => f.e === '$join' && (f.d as { socketId: string }).socketId === b.hello.socketId);
    expect(joined.at(-1)).toMatchObject({ c: 'room:p', d: { socketId: b.hello.socketId, userId: null } });
    const presence = await request(a.socket, { t: 'presence', c: 'room:p' });
    expect((presence.r as Array<{ socketId: string }>).map((p) => p.socketId).sort()).toEqual([a.hello.socketId, b.hello.socketId].sort());
    await b.socket[Symbol.asyncDispose]();
    const left = await until(a.socket, (f) => f.e === '$leave');
    expect(left.at(-1)).toMatchObject({ d: { socketId: b.hello.socketId } });
  });

  it('publish no joins or leaves, and refuse presence requests, for a channel declared without presence', async () => {
    @Channel('quiet:{id}')
    class QuietChannel {
      canJoin() {
        return true;
      }
    }
    await using s = await startApp({ services: [RoomsService], channels: [QuietChannel] });
    const a = await openRaw(s.url);
    await using _a = a.socket;
    await request(a.socket, { t: 'join', c: 'quiet:1' });
    const b = await openRaw(s.url);
    expect(await request(b.socket, { t: 'join', c: 'quiet:1' })).toMatchObject({ t: 'res', r: { s: 0 } });
    await b.socket[Symbol.asyncDispose]();
    await eventually(() => expect(s.app.connections).toBe(1));
    await s.app.publish.channel('quiet:1', 'message', { text: 'first' });
    const frames = await until(a.socket, (f) => f.e === 'message');
    expect(frames).toEqual([{ t: 'ev', c: 'quiet:1', s: 1, e: 'message', d: { text: 'first' } }]);
    const presence = await request(a.socket, { t: 'presence', c: 'quiet:1' });
    expect(presence).toMatchObject({ t: 'err', e: { code: 'NOT_FOUND', message: expect.stringContaining('presence: true') } });
  });

  it('replay, after a rejoin with the last sequence seen, every message missed, in order and once', async () => {
    await using s = await app();
    let last: number;
    {
      const { socket } = await openRaw(s.url);
      await using _ = socket;
      await request(socket, { t: 'join', c: 'room:r' });
      await s.app.publish.channel('room:r', 'message', { text: 'seen' });
      const seen = await until(socket, (f) => f.e === 'message');
      last = seen.at(-1)?.s as number;
    }
    for (const text of ['missed 1', 'missed 2', 'missed 3']) await s.app.publish.channel('room:r', 'message', { text });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:r', s: last })).toMatchObject({ t: 'res' });
    await s.app.publish.channel('room:r', 'message', { text: 'live' });
    const frames = await until(socket, (f) => (f.d as { text?: string })?.text === 'live');
    const texts = frames.filter((f) => f.e === 'message').map((f) => (f.d as { text: string }).text);
    expect(texts).toEqual(['missed 1', 'missed 2', 'missed 3', 'live']);
    const seqs = frames.filter((f) => f.c === 'room:r').map((f) => f.s as number);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('send a gap frame when the missed messages are no longer kept', async () => {
    await using s = await startApp({ services: [RoomsService], channels: [RoomChannel], pubsub: { history: { size: 2 } } });
    for (let i = 0; i < 5; i++) await s.app.publish.channel('room:g', 'message', { i });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:g', s: 1 })).toMatchObject({ r: { s: 5 } });
    expect(await socket.next()).toEqual({ t: 'gap', c: 'room:g', s: 5 });
  });

  it('send a gap frame to a client that saw more than the history holds (the history was lost)', async () => {
    await using s = await app();
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    expect(await request(socket, { t: 'join', c: 'room:fresh', s: 40 })).toMatchObject({ r: { s: 0 } });
    expect(await nextFrame(socket)).toEqual({ t: 'gap', c: 'room:fresh', s: 0 });
  });

  it('cancel a join that is still running when the client leaves, keeping no membership', async () => {
    const { SlowChannel, open } = gatedChannel();
    await using s = await startApp({ services: [RoomsService], channels: [SlowChannel] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'join', id: 1, c: 'slow:1' });
    socket.send({ t: 'leave', id: 2, c: 'slow:1' });
    expect(await nextFrame(socket)).toEqual({ t: 'res', id: 2 });
    open();
    expect(await nextFrame(socket)).toMatchObject({ t: 'err', id: 1, e: { code: 'CONFLICT' } });
    await s.app.publish.channel('slow:1', 'message', { text: 'not for a client that left' });
    await s.app.publish.all('marker', {});
    expect(await nextFrame(socket)).toMatchObject({ t: 'ev', e: 'marker' });
  });

  it('keep nothing for a connection that closes while its join is running', async () => {
    const { SlowChannel, open } = gatedChannel();
    await using s = await startApp({ services: [RoomsService], channels: [SlowChannel] });
    const { socket } = await openRaw(s.url);
    socket.send({ t: 'join', id: 1, c: 'slow:2' });
    await new Promise((r) => setTimeout(r, 20));
    await socket[Symbol.asyncDispose]();
    await eventually(() => expect(s.app.connections).toBe(0));
    open();
    const watcher = await openRaw(s.url);
    await using __ = watcher.socket;
    expect(await request(watcher.socket, { t: 'join', c: 'slow:2' })).toMatchObject({ t: 'res' });
    const presence = await request(watcher.socket, { t: 'presence', c: 'slow:2' });
    expect((presence.r as Array<{ socketId: string }>).map((p) => p.socketId)).toEqual([watcher.hello.socketId]);
  });

  it('refuse a second join of the same channel while the first is running', async () => {
    await using s = await app();
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send({ t: 'join', id: 1, c: 'room:twice' });
    socket.send({ t: 'join', id: 2, c: 'room:twice' });
    const replies = [await nextFrame(socket), await nextFrame(socket)].filter((f) => f.id !== undefined);
    expect(replies.map((r) => r.t).sort()).toEqual(['err', 'res']);
  });

  it('are discovered under server/channels', async () => {
    const { createApp } = await import('socketstream');
    const { join } = await import('node:path');
    const discovered = createApp({ root: join(__dirname, 'fixtures', 'channel-app'), logLevel: 'silent' });
    const url = await discovered.start();
    try {
      const { socket } = await openRaw(url);
      await using _ = socket;
      expect(await request(socket, { t: 'join', c: 'game:7' })).toMatchObject({ t: 'res' });
    } finally {
      await discovered.close();
    }
  });
});
