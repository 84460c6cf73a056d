import { MemoryTransport } from 'socketstream';
import { eventually } from '../support/eventually';

describe('MemoryTransport', () => {
  it('forgets the history of a quiet channel nobody subscribes to once it aged out, with no later publish, so one-off channel names do not pile up', async () => {
    const transport = new MemoryTransport({ maxAge: 10 });
    await transport.publishToChannel('game:1', '"e":"x"');
    await transport.subscribeChannel('busy');
    await transport.publishToChannel('busy', '"e":"y"');
    await eventually(() => expect(transport.channelCounts.histories).toBe(1));
    expect((await transport.history('busy', 0)).latest).toBe(1);
    await transport.close();
  });

  it('continues the numbering of a channel whose history was dropped, so an old sequence is told about the gap', async () => {
    const transport = new MemoryTransport({ maxAge: 10 });
    for (let i = 0; i < 3; i++) await transport.publishToChannel('game:1', '"e":"x"');
    await eventually(() => expect(transport.channelCounts.histories).toBe(0));
    expect(await transport.history('game:1', 2)).toEqual({ messages: [], gap: true, latest: 3 });
    expect(await transport.history('game:1', 3)).toEqual({ messages: [], gap: false, latest: 3 });
    expect(await transport.publishToChannel('game:1', '"e":"x"')).toBe(4);
    expect(await transport.history('game:1', 2)).toMatchObject({ gap: true, latest: 4 });
    await transport.close();
  });

  it('tells a client rejoining a quiet channel about no gap when only other channels\' histories were dropped', async () => {
    const transport = new MemoryTransport({ maxAge: 10 });
    expect(await transport.history('quiet', 0)).toEqual({ messages: [], gap: false, latest: 0 });
    await transport.publishToChannel('game:1', '"e":"x"');
    await eventually(() => expect(transport.channelCounts.histories).toBe(0));
    expect(await transport.history('quiet', 0)).toEqual({ messages: [], gap: false, latest: 0 });
    // A channel that was never published to starts at 1, whatever other channels used.
    expect(await transport.publishToChannel('game:2', '"e":"x"')).toBe(1);
    expect(await transport.history('game:1', 0)).toEqual({ messages: [], gap: true, latest: 1 });
    await transport.close();
  });

  it('still reports the gap to an old sequence once a dropped channel is too old to be remembered by name', async () => {
    const transport = new MemoryTransport({ maxAge: 10 });
    await transport.publishToChannel('first', '"e":"x"');
    await transport.publishToChannel('first', '"e":"x"');
    for (let i = 0; i < 10_000; i++) await transport.publishToChannel(`game:${i}`, '"e":"x"');
    await eventually(() => expect(transport.channelCounts.histories).toBe(0));
    expect(await transport.history('first', 1)).toEqual({ messages: [], gap: true, latest: 2 });
    expect(await transport.publishToChannel('first', '"e":"x"')).toBe(3);
    expect(await transport.history('game:9999', 0)).toEqual({ messages: [], gap: true, latest: 1 });
    await transport.close();
  });

  it('keeps nothing for a channel that is subscribed and left without a message', async () => {
    const transport = new MemoryTransport();
    await transport.subscribeChannel('room:1');
    expect(await transport.history('room:1', 0)).toEqual({ messages: [], gap: false, latest: 0 });
    await transport.unsubscribeChannel('room:1');
    expect(transport.channelCounts).toEqual({ histories: 0, subscribed: 0 });
    await transport.close();
  });
});
