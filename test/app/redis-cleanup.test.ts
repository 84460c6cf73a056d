import Redis from 'ioredis';
import { createApp, MemorySessionStore } from 'socketstream';
import { createTestingApp } from 'socketstream/testing';
import { Rpc, RpcService } from 'socketstream/decorators';
import { eventually } from '../support/eventually';
import { type RedisServer, startRedis } from '../support/redis-server';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

describe('an app that fails to build', () => {
  let redis: RedisServer;
  let observer: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    observer = new Redis(redis.url, { connectionName: 'observer' });
  });
  afterAll(async () => {
    observer.disconnect();
    await redis.stop();
  });

  /** Connections to the test's Redis other than the observer's own. */
  const others = async (): Promise<number> => {
    const list = (await observer.client('LIST')) as string;
    return list.split('\n').filter((line) => line.includes('id=') && !line.includes('name=observer')).length;
  };

  it('closes the Redis clients it made when a later step throws (no secret in production)', async () => {
    expect(() => createApp({ services: [MathService], redis: redis.url, production: true, env: {}, logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NO_SECRET' }),
    );
    // Long enough for a client left behind to have connected.
    await new Promise((r) => setTimeout(r, 200));
    await eventually(async () => expect(await others()).toBe(0));
  });

  it('closes the session store and the PubSub transport it made when an override names nothing', async () => {
    class Unrelated {}
    await expect(createTestingApp({ services: [MathService], redis: redis.url }).override(Unrelated).useValue({}).start()).rejects.toMatchObject({
      code: 'SS_ERR_UNKNOWN_OVERRIDE',
    });
    await new Promise((r) => setTimeout(r, 200));
    await eventually(async () => expect(await others()).toBe(0));
  });

  it('leaves a session store the user passed alone: the app never took it over', async () => {
    class OwnStore extends MemorySessionStore {
      closed = false;
      override async close(): Promise<void> {
        this.closed = true;
      }
    }
    const store = new OwnStore();
    expect(() => createApp({ services: [MathService], session: { store }, production: true, env: {}, logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NO_SECRET' }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(store.closed).toBe(false);
  });
});
