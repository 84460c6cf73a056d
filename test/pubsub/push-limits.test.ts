import { monitorEventLoopDelay } from 'node:perf_hooks';
import { IsObject, IsString } from 'class-validator';
import { Channel, Subscribe } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw, type RawSocket } from '../support/raw-socket';

class Note {
  @IsString() text!: string;
  @IsObject() meta!: Record<string, unknown>;
}

@Channel('board:{id}')
class BoardChannel {
  canJoin() {
    return true;
  }

  @Subscribe('note')
  note(note: Note) {
    return { keys: Object.keys(note.meta).length };
  }
}

/** `n` keys `k0…` with the value 1. */
function keys(n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) out[`k${i}`] = 1;
  return out;
}

let ids = 0;

/** Sends `frame` with a fresh id and returns the reply to it, skipping anything else the server sent. */
async function request(socket: RawSocket, frame: Record<string, unknown>): Promise<Record<string, unknown>> {
  const id = ++ids;
  socket.send({ ...frame, id });
  for (;;) {
    const reply = await socket.next(10_000);
    if (reply.id === id) return reply;
  }
}

async function joined(url: string): Promise<RawSocket> {
  const { socket } = await openRaw(url);
  expect(await request(socket, { t: 'join', c: 'board:1' })).toMatchObject({ t: 'res' });
  return socket;
}

describe('data pushed into a channel', () => {
  it('is refused before transforming when it has 50,000 keys, without stalling the event loop', async () => {
    await using s = await startApp({ channels: [BoardChannel] });
    await using socket = await joined(s.url);
    const frame = { t: 'push', c: 'board:1', e: 'note', d: { text: 'x', meta: keys(50_000) } };
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    let reply: Record<string, unknown>;
    try {
      reply = await request(socket, frame);
    } finally {
      histogram.disable();
    }
    // Transforming it took seconds before the limit. The bound is far from that and far above the
    // ~10 ms it takes here, as a CI machine running browser tests on both cores can take 235 ms.
    expect(histogram.max / 1e6).toBeLessThan(1000);
    expect(reply).toMatchObject({ e: { code: 'VALIDATION_FAILED', details: [{ argument: 0, property: 'meta', constraints: { maxKeys: 'more than 1000 keys' } }] } });
  });

  it('is held to the limits given to createApp', async () => {
    await using s = await startApp({ channels: [BoardChannel], validation: { maxKeys: 5 } });
    await using socket = await joined(s.url);
    expect(await request(socket, { t: 'push', c: 'board:1', e: 'note', d: { text: 'x', meta: keys(5) } })).toMatchObject({ r: { keys: 5 } });
    expect(await request(socket, { t: 'push', c: 'board:1', e: 'note', d: { text: 'x', meta: keys(6) } })).toMatchObject({
      e: { code: 'VALIDATION_FAILED', details: [{ property: 'meta', constraints: { maxKeys: 'more than 5 keys' } }] },
    });
  });
});
