import { FakeServer } from './fake-server';

interface Ctx {
  readonly kind: 'rpc';
}

class MathService {
  unit = 'none';
  add(a: number, b: number): number {
    return a + b;
  }
  async greet(name: string, _ctx?: Ctx): Promise<{ text: string }> {
    return { text: `hi ${name}` };
  }
}

describe('service proxies', () => {
  test('a method of the proxy calls service.method with the same positional arguments', async () => {
    await using server = await FakeServer.start();
    server.methods['math.add'] = (a: number, b: number) => a + b;
    server.methods['math.greet'] = (name: string) => ({ text: `hi ${name}` });
    const ss = server.connect();
    const math = ss.service<MathService>('math');
    await expect(math.add(20, 22)).resolves.toBe(42);
    await expect(math.greet('ada')).resolves.toEqual({ text: 'hi ada' });
    expect(server.received.map((f) => [f.m, f.a])).toEqual([
      ['math.add', [20, 22]],
      ['math.greet', ['ada']],
    ]);
  });

  test('a service proxy is not thenable, so awaiting it gives the proxy back instead of hanging', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const math = ss.service<MathService>('math');
    expect((math as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(Promise.resolve(math)).resolves.toBe(math);
    expect(await math).toBe(math);
  });

  test('the same service name gives the same proxy, and a method is the same function each time', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    expect(ss.service('math')).toBe(ss.service('math'));
    expect(ss.service<MathService>('math').add).toBe(ss.service<MathService>('math').add);
  });

  test('an untyped proxy calls any method name', async () => {
    await using server = await FakeServer.start();
    server.methods['misc.echo'] = (value: unknown) => value;
    const ss = server.connect();
    await expect(ss.service('misc').echo({ a: 1 })).resolves.toEqual({ a: 1 });
  });
});
