import { createApp } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { createRedisClient } from '../../src/redis/redis-options';

// Counted on globalThis: the mock factory runs while the imports above are evaluated.
const loads = (): number => (globalThis as { ioredisLoads?: number }).ioredisLoads ?? 0;
jest.mock('ioredis', () => {
  const g = globalThis as { ioredisLoads?: number };
  g.ioredisLoads = (g.ioredisLoads ?? 0) + 1;
  return jest.requireActual('ioredis');
});

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

// Loading ioredis slows every string method in the process (see redis-options.ts).
describe('ioredis', () => {
  it('is not loaded by an app that does not use Redis', async () => {
    const app = createApp({ services: [MathService], logLevel: 'silent' });
    await app.start();
    await app.close();
    expect(loads()).toBe(0);
  });

  it('is loaded when a Redis client is made', () => {
    const client = createRedisClient('redis://127.0.0.1:1', { lazyConnect: true });
    expect(loads()).toBe(1);
    client.disconnect();
  });
});
