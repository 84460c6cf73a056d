import { type RpcContext } from 'socketstream';
import { Ctx, Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw, type RawSocket } from '../support/raw-socket';

@RpcService('follow')
class FollowService {
  @Rpc() async start(channel: string, @Ctx() ctx: RpcContext) {
    await ctx.session.channels.join(channel);
    return ctx.session.channels.list();
  }
  @Rpc() async stop(channel: string, @Ctx() ctx: RpcContext) {
    await ctx.session.channels.leave(channel);
  }
}

async function reply(socket: RawSocket, id: number): Promise<Record<string, unknown>> {
  for (;;) {
    const f = await socket.next();
    if (f.id === id) return f;
  }
}

async function nextEvent(socket: RawSocket): Promise<Record<string, unknown>> {
  for (;;) {
    const f = await socket.next();
    if (f.t === 'ev' && f.e === 'news') return f;
  }
}

describe('session.channels', () => {
  it('joins every connection of the session server-side, and restores the membership on reconnect', async () => {
    await using s = await startApp({ services: [FollowService] });
    let cookie: string;
    {
      const { socket } = await openRaw(s.url);
      await using _ = socket;
      cookie = String(socket.upgradeHeaders['set-cookie']).split(';')[0];
      const second = await openRaw(s.url, { headers: { cookie } });
      await using __ = second.socket;
      socket.send({ t: 'rpc', id: 1, m: 'follow.start', a: ['feed:sport'] });
      expect(await reply(socket, 1)).toEqual({ t: 'res', id: 1, r: ['feed:sport'] });
      await s.app.publish.channel('feed:sport', 'news', { score: 1 });
      expect(await nextEvent(socket)).toMatchObject({ c: 'feed:sport', d: { score: 1 } });
      expect(await nextEvent(second.socket)).toMatchObject({ c: 'feed:sport', d: { score: 1 } });
    }
    const { socket } = await openRaw(s.url, { headers: { cookie } });
    await using _ = socket;
    await s.app.publish.channel('feed:sport', 'news', { score: 2 });
    expect(await nextEvent(socket)).toMatchObject({ c: 'feed:sport', d: { score: 2 } });

    socket.send({ t: 'rpc', id: 2, m: 'follow.stop', a: ['feed:sport'] });
    await reply(socket, 2);
    await s.app.publish.channel('feed:sport', 'news', { score: 3 });
    await s.app.publish.all('news', { marker: true });
    expect(await nextEvent(socket)).toEqual({ t: 'ev', e: 'news', d: { marker: true } });
  });
});
