import { FakeServer, next, until } from './fake-server';

type Seen = [event: string, data: unknown, channel?: string];

describe('ss.event', () => {
  test('receives events published to all, to a user and to a socket, with no channel', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const seen: Seen[] = [];
    ss.event.on('announcement', (data, channel) => seen.push(['announcement', data, channel]));
    ss.event.on('private', (data, channel) => seen.push(['private', data, channel]));
    await next(ss, 'ready');
    server.broadcast({ t: 'ev', e: 'announcement', d: { text: 'maintenance at 6' } });
    server.broadcast({ t: 'ev', e: 'private', d: 'for alice' });
    server.broadcast({ t: 'ev', e: 'private' });
    await until(() => seen.length === 3);
    expect(seen).toEqual([
      ['announcement', { text: 'maintenance at 6' }, undefined],
      ['private', 'for alice', undefined],
      ['private', undefined, undefined],
    ]);
  });

  test('receives channel events with the channel name, also for channels the client never joined itself', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const seen: Seen[] = [];
    ss.event.on('message', (data, channel) => seen.push(['message', data, channel]));
    await next(ss, 'ready');
    // Server-side membership (session.channels): the client has no handle for this channel.
    server.broadcast({ t: 'ev', c: 'room:lobby', s: 7, e: 'message', d: 'hi' });
    server.broadcast({ t: 'ev', c: 'room:42', s: 1, e: 'message', d: 'yo' });
    await until(() => seen.length === 2);
    expect(seen).toEqual([
      ['message', 'hi', 'room:lobby'],
      ['message', 'yo', 'room:42'],
    ]);
  });

  test('once listeners fire a single time and off removes a listener', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const seen: string[] = [];
    const onTick = (data: unknown): void => void seen.push(`on ${String(data)}`);
    ss.event.once('tick', (data) => seen.push(`once ${String(data)}`)).on('tick', onTick);
    await next(ss, 'ready');
    server.broadcast({ t: 'ev', e: 'tick', d: 1 });
    server.broadcast({ t: 'ev', e: 'tick', d: 2 });
    await until(() => seen.length === 3);
    ss.event.off('tick', onTick);
    server.broadcast({ t: 'ev', e: 'tick', d: 3 });
    server.broadcast({ t: 'ev', e: 'done' });
    await ss.rpc('nothing.here').catch(() => undefined);
    expect(seen).toEqual(['once 1', 'on 1', 'on 2']);
  });

  test('messages of a channel with a handle reach ss.event once and in order, as they reach the handle', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const global: unknown[] = [];
    const local: unknown[] = [];
    ss.event.on('message', (data, channel) => global.push(`${String(channel)} ${String(data)}`));
    const room = ss.channel('room:lobby');
    room.on('message', (data) => local.push(data));
    await room.join();
    for (const s of [1, 2, 1, 3, 2]) server.broadcast({ t: 'ev', c: 'room:lobby', s, e: 'message', d: `m${s}` });
    await until(() => local.length === 3);
    await ss.rpc('nothing.here').catch(() => undefined);
    expect(local).toEqual(['m1', 'm2', 'm3']);
    expect(global).toEqual(['room:lobby m1', 'room:lobby m2', 'room:lobby m3']);
  });

  test('event frames without an event name are ignored', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const seen: unknown[] = [];
    ss.event.on('undefined', (data) => seen.push(data));
    await next(ss, 'ready');
    server.broadcast({ t: 'ev', d: 'no name' });
    server.broadcast({ t: 'ev', e: 'undefined', d: 'named' });
    await until(() => seen.length === 1);
    expect(seen).toEqual(['named']);
  });
});
