import { MemoryTransport } from '../../src/pubsub/memory-transport';
import type { HistoryOptions, PubSubTransport, SequencedMessage } from '../../src/pubsub/pubsub-transport';
import { RedisTransport } from '../../src/pubsub/redis-transport';
import { eventually } from '../support/eventually';
import { type RedisServer, startRedis } from '../support/redis-server';

/** What a transport under test delivered to its listener. */
class Recorder {
  readonly messages: Array<[topic: string, body: string]> = [];
  readonly channelMessages: Array<[channel: string, message: SequencedMessage]> = [];

  attach(transport: PubSubTransport): void {
    transport.attach(
      {
        message: (topic, body) => this.messages.push([topic, body]),
        // Only the contract's fields: MemoryTransport hands over its stored entry, `at` included.
        channelMessage: (channel, { seq, body }) => this.channelMessages.push([channel, { seq, body }]),
      },
      'test-node',
    );
  }
}

interface Flavour {
  name: string;
  /** Makes a started transport; `shared` ones are several nodes on one backend (Redis only). */
  make(history?: HistoryOptions): Promise<PubSubTransport>;
  shared: boolean;
  beforeAll(): Promise<void>;
  afterAll(): Promise<void>;
}

let redis: RedisServer | undefined;
let prefixes = 0;

const flavours: Flavour[] = [
  {
    name: 'MemoryTransport',
    make: async (history) => new MemoryTransport(history),
    shared: false,
    beforeAll: async () => {},
    afterAll: async () => {},
  },
  {
    name: 'RedisTransport',
    // Each test gets its own prefix: tests share one redis-server and must not see each other.
    make: async (history) => {
      const transport = new RedisTransport(redis!.url, { prefix: `contract${++prefixes}:`, history });
      await transport.start();
      return transport;
    },
    shared: true,
    beforeAll: async () => {
      redis = await startRedis();
    },
    afterAll: async () => {
      await redis?.stop();
    },
  },
];

describe.each(flavours)('PubSubTransport contract: $name', (flavour) => {
  const open: PubSubTransport[] = [];
  const make = async (history?: HistoryOptions) => {
    const transport = await flavour.make(history);
    open.push(transport);
    return transport;
  };

  beforeAll(() => flavour.beforeAll());
  afterAll(() => flavour.afterAll());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('delivers a topic only when subscribed to it', async () => {
    const transport = await make();
    const seen = new Recorder();
    seen.attach(transport);
    await transport.subscribe('all');
    await transport.publish('user:bob', '"e":"x"');
    await transport.publish('all', '"e":"hello"');
    await eventually(() => expect(seen.messages).toEqual([['all', '"e":"hello"']]));
    expect(seen.channelMessages).toEqual([]);
  });

  it('numbers channel messages 1, 2, 3 … and delivers them in order', async () => {
    const transport = await make();
    const seen = new Recorder();
    seen.attach(transport);
    await transport.subscribeChannel('room:1');
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => transport.publishToChannel('room:1', `"n":${i}`)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await eventually(() => expect(seen.channelMessages).toHaveLength(50));
    expect(seen.channelMessages.map(([, m]) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Each body went out with the number its publish got.
    for (const [channel, message] of seen.channelMessages) {
      expect(channel).toBe('room:1');
      expect(seqs[Number(message.body.slice(4))]).toBe(message.seq);
    }
    // Channels are numbered independently.
    await expect(transport.publishToChannel('room:2', '"n":0')).resolves.toBe(1);
  });

  it('does not deliver channels it did not subscribe to, nor channel messages as topics', async () => {
    const transport = await make();
    const seen = new Recorder();
    seen.attach(transport);
    await transport.subscribeChannel('room:a');
    await transport.subscribe('room:b');
    await transport.publishToChannel('room:b', '"x":1');
    await transport.publishToChannel('room:a', '"x":2');
    await eventually(() => expect(seen.channelMessages).toEqual([['room:a', { seq: 1, body: '"x":2' }]]));
    expect(seen.messages).toEqual([]);
  });

  it('returns the history after a sequence, without a gap inside the window', async () => {
    const transport = await make({ size: 10 });
    for (let i = 1; i <= 5; i++) await transport.publishToChannel('h', `"i":${i}`);
    await expect(transport.history('h', 2)).resolves.toEqual({
      messages: [
        { seq: 3, body: '"i":3' },
        { seq: 4, body: '"i":4' },
        { seq: 5, body: '"i":5' },
      ],
      gap: false,
      latest: 5,
    });
    await expect(transport.history('h', 5)).resolves.toEqual({ messages: [], gap: false, latest: 5 });
    await expect(transport.history('h', 0)).resolves.toMatchObject({ gap: false, latest: 5 });
    await expect(transport.history('never-used', 0)).resolves.toEqual({ messages: [], gap: false, latest: 0 });
  });

  it('reports a gap when messages after the sequence fell out of the size window', async () => {
    const transport = await make({ size: 3 });
    for (let i = 1; i <= 6; i++) await transport.publishToChannel('h', `"i":${i}`);
    const result = await transport.history('h', 1);
    expect(result).toEqual({
      messages: [
        { seq: 4, body: '"i":4' },
        { seq: 5, body: '"i":5' },
        { seq: 6, body: '"i":6' },
      ],
      gap: true,
      latest: 6,
    });
    // Right at the edge of the window nothing is missing.
    await expect(transport.history('h', 3)).resolves.toMatchObject({ gap: false, latest: 6 });
    await expect(transport.history('h', 6)).resolves.toEqual({ messages: [], gap: false, latest: 6 });
  });

  it('reports a gap when messages after the sequence are older than the age window', async () => {
    const transport = await make({ size: 100, maxAge: 300 });
    await transport.publishToChannel('h', '"i":1');
    await transport.publishToChannel('h', '"i":2');
    await new Promise((r) => setTimeout(r, 400));
    await transport.publishToChannel('h', '"i":3');
    await expect(transport.history('h', 0)).resolves.toEqual({ messages: [{ seq: 3, body: '"i":3' }], gap: true, latest: 3 });
    await expect(transport.history('h', 2)).resolves.toEqual({ messages: [{ seq: 3, body: '"i":3' }], gap: false, latest: 3 });
    // Once everything aged out, the numbering still goes on and `latest` is still known.
    await new Promise((r) => setTimeout(r, 400));
    await expect(transport.history('h', 1)).resolves.toEqual({ messages: [], gap: true, latest: 3 });
    await expect(transport.history('h', 3)).resolves.toEqual({ messages: [], gap: false, latest: 3 });
    await expect(transport.publishToChannel('h', '"i":4')).resolves.toBe(4);
  });

  it('stops delivering after unsubscribe', async () => {
    const transport = await make();
    const seen = new Recorder();
    seen.attach(transport);
    await transport.subscribe('all');
    await transport.subscribeChannel('room');
    await transport.publish('all', '"n":1');
    await transport.publishToChannel('room', '"n":1');
    await eventually(() => expect(seen.messages.length + seen.channelMessages.length).toBe(2));
    await transport.unsubscribe('all');
    await transport.unsubscribeChannel('room');
    await transport.publish('all', '"n":2');
    await transport.publishToChannel('room', '"n":2');
    // A marker on a topic still subscribed proves the earlier publishes had their chance to arrive.
    await transport.subscribe('marker');
    await transport.publish('marker', 'end');
    await eventually(() => expect(seen.messages.at(-1)).toEqual(['marker', 'end']));
    expect(seen.messages).toEqual([['all', '"n":1'], ['marker', 'end']]);
    expect(seen.channelMessages).toEqual([['room', { seq: 1, body: '"n":1' }]]);
  });

  if (flavour.shared) {
    it('delivers a publish made on either of two nodes to both, with one numbering', async () => {
      const prefix = `shared${++prefixes}:`;
      const a = new RedisTransport(redis!.url, { prefix });
      const b = new RedisTransport(redis!.url, { prefix });
      open.push(a, b);
      await Promise.all([a.start(), b.start()]);
      const seenA = new Recorder();
      const seenB = new Recorder();
      seenA.attach(a);
      seenB.attach(b);
      for (const t of [a, b]) {
        await t.subscribe('all');
        await t.subscribeChannel('room');
      }
      await a.publish('all', '"from":"a"');
      await b.publish('all', '"from":"b"');
      await a.publishToChannel('room', '"from":"a"');
      await b.publishToChannel('room', '"from":"b"');
      for (const seen of [seenA, seenB]) {
        await eventually(() => {
          expect(seen.messages).toEqual([
            ['all', '"from":"a"'],
            ['all', '"from":"b"'],
          ]);
          expect(seen.channelMessages).toEqual([
            ['room', { seq: 1, body: '"from":"a"' }],
            ['room', { seq: 2, body: '"from":"b"' }],
          ]);
        });
      }
      await expect(b.history('room', 0)).resolves.toMatchObject({ latest: 2, gap: false });
    });
  }
});
