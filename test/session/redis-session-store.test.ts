import { Redis } from 'ioredis';
import { RedisSessionStore, type RedisSessionStoreOptions } from '../../src/session/redis-session-store';
import type { SessionRecord } from '../../src/session/session-store';
import { eventually } from '../support/eventually';
import { type RedisServer, startRedis } from '../support/redis-server';

const record = (userId: string | null, data: Record<string, unknown> = {}): SessionRecord => ({
  userId,
  data,
  createdAt: 1_700_000_000_000,
  channels: ['room:lobby'],
});

describe('RedisSessionStore', () => {
  let redis: RedisServer;
  const open: Array<{ close(): Promise<unknown> }> = [];
  const store = (options?: RedisSessionStoreOptions) => {
    const s = new RedisSessionStore(redis.url, options);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('sets, gets and destroys a session as JSON at <prefix>sess:<id>', async () => {
    const sessions = store();
    await expect(sessions.get('s1')).resolves.toBeUndefined();
    await sessions.set('s1', record('alice', { theme: 'dark', n: 1 }), 60_000);
    await expect(sessions.get('s1')).resolves.toEqual(record('alice', { theme: 'dark', n: 1 }));

    const raw = new Redis(redis.url);
    open.push({ close: () => raw.quit() });
    expect(JSON.parse((await raw.get('ss:sess:s1'))!)).toEqual(record('alice', { theme: 'dark', n: 1 }));
    const ttl = await raw.pttl('ss:sess:s1');
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    await sessions.destroy('s1');
    await expect(sessions.get('s1')).resolves.toBeUndefined();
    await expect(sessions.destroy('never-existed')).resolves.toBeUndefined();
  });

  it('keeps apps apart by prefix', async () => {
    const a = store({ prefix: 'a:' });
    const b = store({ prefix: 'b:' });
    await a.set('same', record('alice'), 60_000);
    await expect(b.get('same')).resolves.toBeUndefined();
  });

  it('forgets a session when its ttl runs out, and touch extends it', async () => {
    const sessions = store();
    await sessions.set('short', record('a'), 150);
    await sessions.set('touched', record('b'), 150);
    await new Promise((r) => setTimeout(r, 100));
    await sessions.touch('touched', 1000);
    await sessions.touch('unknown', 1000); // a no-op, not an error
    await new Promise((r) => setTimeout(r, 150));
    await expect(sessions.get('short')).resolves.toBeUndefined();
    await expect(sessions.get('touched')).resolves.toEqual(record('b'));
    await expect(sessions.get('unknown')).resolves.toBeUndefined();
  });

  it('shares sessions between two stores (two nodes) on one Redis', async () => {
    const nodeA = store();
    const nodeB = store();
    await nodeA.set('shared', record('alice', { cart: [1, 2] }), 60_000);
    await expect(nodeB.get('shared')).resolves.toEqual(record('alice', { cart: [1, 2] }));
    await nodeB.set('shared', record('alice', { cart: [1, 2, 3] }), 60_000);
    await expect(nodeA.get('shared')).resolves.toEqual(record('alice', { cart: [1, 2, 3] }));
    await nodeA.destroy('shared');
    await expect(nodeB.get('shared')).resolves.toBeUndefined();
  });

  it('waits for the first connection: a call made right after construction succeeds', async () => {
    const sessions = store();
    await expect(sessions.set('early', record(null), 60_000)).resolves.toBeUndefined();
  });

  it('rejects promptly while Redis is down and works again once it is back', async () => {
    const sessions = store();
    await sessions.set('before', record('a'), 60_000);

    await redis.stop();
    const began = Date.now();
    await expect(sessions.get('before')).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(sessions.set('during', record('b'), 60_000)).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(sessions.touch('before', 60_000)).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    await expect(sessions.destroy('before')).rejects.toMatchObject({ code: 'SS_ERR_REDIS' });
    expect(Date.now() - began).toBeLessThan(2000);

    await redis.restart();
    await eventually(() => sessions.set('after', record('c'), 60_000), 8000);
    await expect(sessions.get('after')).resolves.toEqual(record('c'));
  });

  it('leaves a client passed in open on close()', async () => {
    const client = new Redis(redis.url);
    open.push({ close: () => client.quit() });
    const sessions = new RedisSessionStore(client, { prefix: 'mine:' });
    await sessions.set('x', record('a'), 60_000);
    await sessions.close();
    expect(await client.get('mine:sess:x')).not.toBeNull();
  });
});
