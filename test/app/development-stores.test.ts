import { createApp, MemorySessionStore, MemoryTransport } from 'socketstream';
import { DEVELOPMENT_STORES, type DevelopmentStores } from '../../src/app/development-stores';

describe('the memory stores ss dev keeps across restarts', () => {
  const slot = globalThis as Record<symbol, DevelopmentStores | undefined>;
  afterEach(() => {
    delete slot[DEVELOPMENT_STORES];
  });

  it("an app of the dev runner's process uses them, and closing it leaves them open for the next app", async () => {
    const stores = { sessionStore: new MemorySessionStore(), pubsub: new MemoryTransport() };
    slot[DEVELOPMENT_STORES] = stores;
    const first = createApp({ services: [], channels: [], responders: [], logLevel: 'silent' });
    await first.start();
    await first.publish.channel('room:1', 'said', { text: 'before the restart' });
    await stores.sessionStore.set('a-session', { userId: 'ada', data: {}, createdAt: Date.now() }, 60_000);
    await first.close();

    const second = createApp({ services: [], channels: [], responders: [], logLevel: 'silent' });
    await second.start();
    const history = await stores.pubsub.history('room:1', 0);
    expect(history.messages).toHaveLength(1);
    expect(history.messages[0].body).toContain('before the restart');
    await expect(stores.sessionStore.get('a-session')).resolves.toMatchObject({ userId: 'ada' });
    await second.publish.channel('room:1', 'said', { text: 'after' });
    expect((await stores.pubsub.history('room:1', 0)).latest).toBe(2);
    await second.close();
  });

  it('an app in production, or given its own environment, never takes them', async () => {
    const stores = { sessionStore: new MemorySessionStore(), pubsub: new MemoryTransport() };
    slot[DEVELOPMENT_STORES] = stores;
    for (const options of [{ production: true, session: { secret: 'a secret for this test' } }, { env: { NODE_ENV: 'development' } }]) {
      const app = createApp({ services: [], channels: [], responders: [], logLevel: 'silent', ...options });
      await app.start();
      await app.publish.channel('room:2', 'said', {});
      await app.close();
    }
    expect((await stores.pubsub.history('room:2', 0)).latest).toBe(0);
  });
});
