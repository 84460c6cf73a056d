import { Redis } from 'ioredis';
import type { SequencedMessage } from '../../src/pubsub/pubsub-transport';
import { RedisTransport, type RedisTransportOptions } from '../../src/pubsub/redis-transport';
import { eventually } from '../support/eventually';
import { type RedisServer, startRedis } from '../support/redis-server';

/** A started transport and what its listener received. */
async function node(url: string, options: RedisTransportOptions = {}) {
  const transport = new RedisTransport(url, options);
  const messages: Array<[string, string]> = [];
  const channelMessages: Array<[string, SequencedMessage]> = [];
  transport.attach(
    {
      message: (topic, body) => messages.push([topic, body]),
      channelMessage: (channel, message) => channelMessages.push([channel, message]),
    },
    'test-node',
  );
  await transport.start();
  return { transport, messages, channelMessages };
}

describe('RedisTransport', () => {
  let redis: RedisServer;
  const cleanups: Array<() => Promise<unknown>> = [];
  /** A plain client to look inside Redis; closed with the rest. */
  const inspect = () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    cleanups.push(async () => client.disconnect());
    return client;
  };
  const started = async (options?: RedisTransportOptions) => {
    const n = await node(redis.url, options);
    cleanups.push(() => n.transport.close());
    return n;
  };

  beforeEach(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
    await redis.stop();
  });

  it('subscribes only to what the node asked for: no firehose', async () => {
    const a = await started();
    const b = await started();
    await a.transport.subscribeChannel('room:a');
    await a.transport.subscribe('user:alice');
    await b.transport.subscribeChannel('room:b');

    await b.transport.publishToChannel('room:a', '"n":1');
    await b.transport.publish('user:alice', '"n":2');
    await a.transport.publishToChannel('room:b', '"n":3');
    await eventually(() => {
      expect(a.channelMessages).toEqual([['room:a', { seq: 1, body: '"n":1' }]]);
      expect(a.messages).toEqual([['user:alice', '"n":2']]);
      expect(b.channelMessages).toEqual([['room:b', { seq: 1, body: '"n":3' }]]);
    });
    expect(b.messages).toEqual([]);

    // Redis's own view: one exact subscription per need, no pattern subscriptions at all.
    const redisView = inspect();
    expect((await redisView.pubsub('CHANNELS')).sort()).toEqual(['ss:c:room:a', 'ss:c:room:b', 'ss:t:user:alice']);
    expect(await redisView.pubsub('NUMPAT')).toBe(0);
  });

  it('keeps the sequence forever and lets the history expire after maxAge of quiet', async () => {
    const { transport } = await started({ prefix: 'app1:', history: { size: 2, maxAge: 60_000 } });
    for (let i = 0; i < 5; i++) await transport.publishToChannel('room', `"i":${i}`);
    const redisView = inspect();
    expect(await redisView.get('app1:seq:room')).toBe('5');
    expect(await redisView.pttl('app1:seq:room')).toBe(-1);
    expect(await redisView.llen('app1:hist:room')).toBe(2);
    const ttl = await redisView.pttl('app1:hist:room');
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('rejects promptly while Redis is down, then recovers by itself with its subscriptions', async () => {
    const a = await started();
    const b = await started();
    await a.transport.subscribe('all');
    await a.transport.subscribeChannel('room');
    await a.transport.subscribe('gone');
    await b.transport.publishToChannel('room', '"before":1');
    await eventually(() => expect(a.channelMessages).toHaveLength(1));

    await redis.stop();
    const began = Date.now();
    await expect(a.transport.publish('all', '"x":1')).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(a.transport.publishToChannel('room', '"x":1')).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(a.transport.history('room', 0)).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(a.transport.subscribe('later')).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    expect(Date.now() - began).toBeLessThan(2000);
    // Leaving during the outage stops delivery at once; Redis hears of it after the reconnect.
    await a.transport.unsubscribe('gone');

    await redis.restart();
    // Nobody calls anything to make it reconnect: publishing just starts working again. Plain
    // pubsub keeps nothing for a subscriber still reconnecting, hence publish until one arrives.
    await eventually(async () => {
      await b.transport.publish('all', '"after":1');
      expect(a.messages).toContainEqual(['all', '"after":1']);
    }, 8000);
    // The Lua script is loaded again (NOSCRIPT fallback); this Redis kept no data, so numbering restarts.
    await expect(b.transport.publishToChannel('room', '"after":2')).resolves.toBe(1);
    await eventually(() => expect(a.channelMessages.at(-1)).toEqual(['room', { seq: 1, body: '"after":2' }]));
    await expect(a.transport.subscribe('later')).resolves.toBeUndefined();
    await b.transport.publish('later', '"n":1');
    await eventually(() => expect(a.messages).toContainEqual(['later', '"n":1']));
    const redisView = inspect();
    await eventually(async () => expect((await redisView.pubsub('CHANNELS')).sort()).toEqual(['ss:c:room', 'ss:t:all', 'ss:t:later']));
  });

  it('delivers channel messages published while only its subscriber connection was cut, in order and once', async () => {
    const a = await started();
    const b = await started();
    await a.transport.subscribeChannel('room');
    await b.transport.publishToChannel('room', '"n":1');
    await eventually(() => expect(a.channelMessages).toHaveLength(1));

    // Redis drops every subscriber connection; command connections (b's publishes) carry on.
    await inspect().call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    for (let n = 2; n <= 6; n++) await b.transport.publishToChannel('room', `"n":${n}`);
    await eventually(() => expect(a.channelMessages.map(([, m]) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]), 5000);
    await b.transport.publishToChannel('room', '"n":7');
    await eventually(() => expect(a.channelMessages).toHaveLength(7));
    expect(a.channelMessages.map(([, m]) => m.body)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `"n":${n}`));
  });

  it('start() rejects when Redis cannot be reached, and close() still resolves', async () => {
    await redis.stop();
    const transport = new RedisTransport(redis.url, { connectTimeout: 300 });
    await expect(transport.start()).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(transport.close()).resolves.toBeUndefined();
  });

  it('uses a client passed in for commands and leaves it open on close()', async () => {
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    cleanups.push(async () => client.quit());
    const transport = new RedisTransport(client, { prefix: 'own:' });
    const seen: string[] = [];
    transport.attach({ message: (_, body) => seen.push(body), channelMessage: () => {} }, 'test-node');
    await transport.start();
    await transport.subscribe('t');
    await transport.publish('t', 'hi');
    await eventually(() => expect(seen).toEqual(['hi']));
    await transport.close();
    expect(client.status).toBe('ready');
    await expect(client.ping()).resolves.toBe('PONG');
  });
});
