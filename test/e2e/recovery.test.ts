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

describe('recovery after a forced disconnect', () => {
  it('delivers every channel message exactly once and in order to a client that lost its connection', async () => {
    await using s = await startApp({ channels: [FeedChannel] });
    await using proxy = await TcpProxy.start(Number(new URL(s.url).port));
    const client = connect(proxy.url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    try {
      const received: number[] = [];
      const feed = client.channel('feed:1');
      feed.on('tick', (d) => received.push((d as { n: number }).n));
      await feed.join();

      for (let n = 1; n <= 3; n++) await s.app.publish.channel('feed:1', 'tick', { n });
      await eventually(() => expect(received).toEqual([1, 2, 3]));

      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      proxy.pause();
      proxy.cut();
      await eventually(() => expect(s.app.connections).toBe(0));
      for (let n = 4; n <= 6; n++) await s.app.publish.channel('feed:1', 'tick', { n });
      proxy.resume();
      await reconnected;
      for (let n = 7; n <= 8; n++) await s.app.publish.channel('feed:1', 'tick', { n });

      await eventually(() => expect(received).toEqual([1, 2, 3, 4, 5, 6, 7, 8]));
    } finally {
      await client.close();
    }
  });
});
