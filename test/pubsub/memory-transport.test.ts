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

  it('numbers a channel whose history was dropped above every number used before, so an old sequence is told about the gap', async () => {
    const transport = new MemoryTransport({ maxAge: 10 });
    for (let i = 0; i < 3; i++) await transport.publishToChannel('game:1', '"e":"x"');
    await eventually(() => expect(transport.channelCounts.histories).toBe(0));
    expect(await transport.history('game:1', 2)).toEqual({ messages: [], gap: true, latest: 3 });
    expect(await transport.history('game:1', 3)).toEqual({ messages: [], gap: false, latest: 3 });
    expect(await transport.publishToChannel('game:1', '"e":"x"')).toBe(4);
    // One number for every dropped channel, not one per channel: a new name starts above it too.
    expect(await transport.publishToChannel('game:2', '"e":"x"')).toBe(4);
    expect(await transport.history('game:1', 2)).toMatchObject({ gap: true, latest: 4 });
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
