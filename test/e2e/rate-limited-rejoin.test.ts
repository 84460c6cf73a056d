import { Channel } from 'socketstream/decorators';
import { connect } from 'socketstream/client';
import { startApp } from '../support/app-fixture';
import { eventually } from '../support/eventually';
import { TcpProxy } from '../support/tcp-proxy';

@Channel('feed:{id}')
class FeedChannel {
  canJoin() {
    return true;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a reconnect under ws.rateLimit', () => {
  it('keeps every channel: rejoins the server refused are asked for again when it says', async () => {
    await using s = await startApp({ channels: [FeedChannel], ws: { rateLimit: { perSecond: 4, burst: 2 } } });
    await using proxy = await TcpProxy.start(Number(new URL(s.url).port));
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    try {
      const names = ['feed:1', 'feed:2', 'feed:3', 'feed:4'];
      const received: string[] = [];
      const errors: unknown[] = [];
      for (const name of names) {
        const channel = client.channel(name);
        channel.on('tick', () => received.push(name));
        channel.on('error', (e: unknown) => errors.push(e));
        await channel.join();
        await sleep(300); // stays under the limit while joining
      }

      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      proxy.cut();
      await reconnected;
      // Four rejoins at once against a burst of two: two are refused with RATE_LIMITED first.
      await eventually(async () => {
        received.length = 0;
        for (const name of names) await s.app.publish.channel(name, 'tick', {});
        await sleep(50);
        expect([...received].sort()).toEqual(names);
      }, 5000);
      expect(errors).toEqual([]);
      expect(names.every((name) => client.channel(name).joined)).toBe(true);
    } finally {
      await client.close();
    }
  });
});
