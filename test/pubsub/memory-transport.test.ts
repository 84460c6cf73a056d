import { MemoryTransport } from 'socketstream';

describe('MemoryTransport', () => {
  it('forgets the history of a quiet channel nobody subscribes to, so one-off channel names do not pile up', async () => {
    const transport = new MemoryTransport({ maxAge: 10 });
    await transport.publishToChannel('game:1', '"e":"x"');
    await transport.subscribeChannel('busy');
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 1000; i++) await transport.publishToChannel('busy', '"e":"y"');
    expect((await transport.history('game:1', 0)).latest).toBe(0);
    expect((await transport.history('busy', 0)).latest).toBe(1000);
    await transport.close();
  });
});
