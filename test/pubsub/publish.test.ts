import * as ws from 'ws';
import { PubSub, type RpcContext, Service } from 'socketstream';
import { Ctx, Injectable, Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw, type RawSocket } from '../support/raw-socket';

@RpcService('news')
class NewsService extends Service {
  @Rpc() async everyone(text: string) {
    await this.publish.all('news', { text });
  }
  @Rpc() async toUser(userId: string, text: string) {
    await this.publish.user(userId, 'dm', { text });
  }
  @Rpc() async toSocket(socketId: string) {
    await this.publish.socket(socketId, 'ping', 1);
  }
  @Rpc() async login(user: string, @Ctx() ctx: RpcContext) {
    await ctx.session.setUserId(user);
  }
  @Rpc() async channels(names: string[]) {
    await this.publish.channel(names, 'tick', { n: 1 });
  }
}

@Injectable()
class Announcer {
  constructor(readonly pubsub: PubSub) {}
}

async function framesOf(socket: RawSocket, count: number) {
  const frames: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) frames.push(await socket.next());
  return frames;
}

describe('publishing', () => {
  it('publish.all reaches every connection as an ev frame without a channel', async () => {
    await using s = await startApp({ services: [NewsService] });
    const a = await openRaw(s.url);
    await using _a = a.socket;
    const b = await openRaw(s.url);
    await using _b = b.socket;
    a.socket.send({ t: 'rpc', id: 1, m: 'news.everyone', a: ['hello'] });
    expect(await framesOf(a.socket, 2)).toEqual(expect.arrayContaining([{ t: 'ev', e: 'news', d: { text: 'hello' } }, { t: 'res', id: 1 }]));
    expect(await b.socket.next()).toEqual({ t: 'ev', e: 'news', d: { text: 'hello' } });
  });

  it('publish.user reaches only the connections of that user, and follows login', async () => {
    await using s = await startApp({ services: [NewsService] });
    const alice = await openRaw(s.url);
    await using _a = alice.socket;
    const other = await openRaw(s.url);
    await using _o = other.socket;
    alice.socket.send({ t: 'rpc', id: 1, m: 'news.login', a: ['alice'] });
    await framesOf(alice.socket, 2); // session notice and reply
    other.socket.send({ t: 'rpc', id: 1, m: 'news.toUser', a: ['alice', 'psst'] });
    expect(await other.socket.next()).toEqual({ t: 'res', id: 1 });
    expect(await alice.socket.next()).toEqual({ t: 'ev', e: 'dm', d: { text: 'psst' } });
    other.socket.send({ t: 'rpc', id: 2, m: 'news.everyone', a: ['marker'] });
    expect(await other.socket.next()).toMatchObject({ t: 'ev', e: 'news' });
  });

  it('publish.socket reaches exactly one connection', async () => {
    await using s = await startApp({ services: [NewsService] });
    const target = await openRaw(s.url);
    await using _t = target.socket;
    const sender = await openRaw(s.url);
    await using _s = sender.socket;
    sender.socket.send({ t: 'rpc', id: 1, m: 'news.toSocket', a: [target.hello.socketId] });
    expect(await sender.socket.next()).toEqual({ t: 'res', id: 1 });
    expect(await target.socket.next()).toEqual({ t: 'ev', e: 'ping', d: 1 });
  });

  it('rejects a publish whose data cannot be encoded, naming the event', async () => {
    await using s = await startApp({ services: [NewsService] });
    await expect(s.app.publish.all('bad', { n: 1n })).rejects.toMatchObject({ code: 'SS_ERR_INVALID_ARGUMENT', message: expect.stringContaining('"bad"') });
    await expect(s.app.publish.socket('nonsense', 'x')).rejects.toMatchObject({ code: 'SS_ERR_INVALID_ARGUMENT' });
  });

  it('is injectable as PubSub, the same instance the app publishes with', async () => {
    await using s = await startApp({ services: [NewsService], providers: [Announcer] });
    expect(s.app.container.resolve(Announcer).pubsub).toBe(s.app.publish);
  });

  it('frames a publish once for all local recipients, and each still receives it intact', async () => {
    await using s = await startApp({ services: [NewsService] });
    const sockets = await Promise.all(Array.from({ length: 20 }, () => openRaw(s.url)));
    const frame = jest.spyOn((ws as unknown as { Sender: { frame: (...a: unknown[]) => unknown } }).Sender, 'frame');
    try {
      await s.app.publish.all('wide', { text: 'x'.repeat(200) });
      for (const { socket } of sockets) expect(await socket.next()).toEqual({ t: 'ev', e: 'wide', d: { text: 'x'.repeat(200) } });
      expect(frame).toHaveBeenCalledTimes(1);
    } finally {
      frame.mockRestore();
      await Promise.all(sockets.map(({ socket }) => socket[Symbol.asyncDispose]()));
    }
  });

  it('encodes the data of a publish once, however many connections receive it', async () => {
    await using s = await startApp({ services: [NewsService] });
    const sockets = await Promise.all(Array.from({ length: 20 }, () => openRaw(s.url)));
    const data = { payload: 'same for everyone' };
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      await s.app.publish.all('shared', data);
      for (const { socket } of sockets) expect(await socket.next()).toEqual({ t: 'ev', e: 'shared', d: data });
      expect(stringify.mock.calls.filter(([value]) => value === data)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
      await Promise.all(sockets.map(({ socket }) => socket[Symbol.asyncDispose]()));
    }
  });
});
