import { FakeServer, next } from './fake-server';

describe("the server's wire contract, told in every hello", () => {
  test('a client made for another contract emits outdated before it sends its queued calls', async () => {
    await using server = await FakeServer.start();
    server.contract = 'new-contract';
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect({ contract: 'old-contract' });
    const order: string[] = [];
    ss.server.on('outdated', () => order.push(`outdated, ${server.received.length} calls received`));
    const call = ss.rpc('math.double', 2).then((r) => order.push(`result ${String(r)}`));
    await call;
    expect(order).toEqual(['outdated, 0 calls received', 'result 4']);
    await ss.close();
  });

  test('without one, a client keeps the first server\'s contract and is outdated when a reconnect meets another', async () => {
    await using server = await FakeServer.start();
    server.contract = 'v1';
    const ss = server.connect({ reconnect: { minDelay: 1, maxDelay: 1 } });
    let outdated = 0;
    ss.server.on('outdated', () => outdated++);
    await next(ss, 'ready');
    // Same contract after a reconnect: nothing to tell.
    server.dropAll();
    await next(ss, 'reconnect');
    expect(outdated).toBe(0);
    server.contract = 'v2';
    server.dropAll();
    await next(ss, 'reconnect');
    expect(outdated).toBe(1);
    // v2 is now the contract it knows.
    server.dropAll();
    await next(ss, 'reconnect');
    expect(outdated).toBe(1);
    await ss.close();
  });

  test('a client made for the server\'s contract is never outdated', async () => {
    await using server = await FakeServer.start();
    server.contract = 'same';
    server.methods['a.b'] = () => 'ok';
    const ss = server.connect({ contract: 'same' });
    let outdated = 0;
    ss.server.on('outdated', () => outdated++);
    await expect(ss.rpc('a.b')).resolves.toBe('ok');
    expect(outdated).toBe(0);
    await ss.close();
  });
});
