import { type RpcContext, Service, createApp } from 'socketstream';
import { Channel, Ctx, Rpc, RpcService } from 'socketstream/decorators';
import { connect, type SocketStreamClient } from 'socketstream/client';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * A server-side membership (session.channels.join) that saw no message before the connection
 * dropped is still recovered: the server tells the client it is a member (the `member` frame,
 * with the channel's latest sequence number), so the client resumes it after the reconnect.
 */

@RpcService('relay')
class RelayService extends Service {
  @Rpc() async follow(channel: string, @Ctx() ctx: RpcContext): Promise<void> {
    await ctx.session.channels.join(channel);
  }
}

@Channel('room:{id}')
class RoomChannel {
  canJoin() {
    return true;
  }
}

function eventOf(client: SocketStreamClient, event: string, channel: string, text: string): Promise<unknown> {
  return new Promise((resolve) => {
    const listener = (data: unknown, from?: string): void => {
      if (from !== channel || (data as { text?: string }).text !== text) return;
      client.event.off(event, listener);
      resolve(data);
    };
    client.event.on(event, listener);
  });
}

describe('recovery of a server-side membership that was quiet before the disconnect', () => {
  it('delivers the messages missed while away (or a $gap), as it does for a client join', async () => {
    const app = createApp({ services: [RelayService], channels: [RoomChannel], session: { secret: 'test-secret' }, logLevel: 'silent' });
    const url = await app.start();
    const proxy = await TcpProxy.start(Number(new URL(url).port));
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    try {
      const seen: string[] = [];
      client.event.on('message', (data, channel) => channel === 'room:quiet' && seen.push((data as { text: string }).text));
      client.event.on('$gap', (_d, channel) => channel === 'room:quiet' && seen.push('$gap'));
      // The server joins the session; nothing is published in the channel yet.
      await client.rpc('relay.follow', 'room:quiet');

      const disconnected = new Promise<void>((resolve) => client.server.once('disconnect', resolve));
      proxy.pause();
      proxy.cut();
      await disconnected;
      for (const text of ['missed 1', 'missed 2']) await app.publish.channel('room:quiet', 'message', { text });

      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      proxy.resume();
      await reconnected;
      const last = eventOf(client, 'message', 'room:quiet', 'after');
      await app.publish.channel('room:quiet', 'message', { text: 'after' });
      await last;
      // Either every missed message once and in order, or a gap: never a silent loss.
      expect([['missed 1', 'missed 2', 'after'], ['$gap', 'after']]).toContainEqual(seen);
    } finally {
      await client.close();
      await proxy[Symbol.asyncDispose]();
      await app.close();
    }
  });
});
