import { ClientError, type ChannelHandle } from 'socketstream/client';
import { FakeServer, next, sleep, until } from './fake-server';

/** Collects what a handle delivers, as 'event:data'. */
function record(room: ChannelHandle, ...events: string[]): string[] {
  const seen: string[] = [];
  for (const event of events) room.on(event, (data: unknown) => seen.push(data === undefined ? event : `${event}:${JSON.stringify(data)}`));
  return seen;
}

describe('channels', () => {
  test('ss.channel returns the same handle for the same name, and refuses an empty name', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    expect(ss.channel('room:lobby')).toBe(ss.channel('room:lobby'));
    expect(ss.channel('room:lobby')).not.toBe(ss.channel('room:42'));
    expect(ss.channel('room:42').name).toBe('room:42');
    expect(() => ss.channel('')).toThrow(ClientError);
    expect(() => ss.channel('')).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_CHANNEL' }));
    await next(ss, 'ready');
    expect(server.frames).toEqual([]);
  });

  test('join() joins from the channel\'s latest message, so history from before the join is not replayed', async () => {
    await using server = await FakeServer.start();
    server.publish('room:lobby', 'message', 'old 1');
    server.publish('room:lobby', 'message', 'old 2');
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    expect(room.joined).toBe(false);
    expect(room.lastSeq).toBeUndefined();
    await expect(room.join()).resolves.toBeUndefined();
    expect(server.channelFrames).toEqual([{ t: 'join', id: expect.anything(), c: 'room:lobby' }]);
    expect(room.joined).toBe(true);
    expect(room.lastSeq).toBe(2);
    server.publish('room:lobby', 'message', 'new');
    await until(() => seen.length === 1);
    expect(seen).toEqual(['message:"new"']);
    expect(room.lastSeq).toBe(3);
  });

  test('join() while joined or joining sends no second join frame', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    await Promise.all([room.join(), room.join()]);
    await room.join();
    expect(server.channelFrames.filter((f) => f.t === 'join')).toHaveLength(1);
  });

  test('a handle receives only its own channel\'s events, and presence changes as $join and $leave', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const lobby = ss.channel('room:lobby');
    const other = ss.channel('room:42');
    const seen = record(lobby, 'message', '$join', '$leave');
    const elsewhere = record(other, 'message');
    await Promise.all([lobby.join(), other.join()]);
    server.publish('room:lobby', '$join', { socketId: 's9', userId: 'bob' });
    server.publish('room:42', 'message', 'not for lobby');
    server.publish('room:lobby', 'message', 'hi');
    server.broadcast({ t: 'ev', e: 'message', d: 'global, no channel' });
    server.publish('room:lobby', '$leave', { socketId: 's9', userId: 'bob' });
    await until(() => seen.length === 3);
    expect(seen).toEqual(['$join:{"socketId":"s9","userId":"bob"}', 'message:"hi"', '$leave:{"socketId":"s9","userId":"bob"}']);
    expect(elsewhere).toEqual(['message:"not for lobby"']);
  });

  test('once and off on a handle', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen: unknown[] = [];
    const onMessage = (data: unknown): void => void seen.push(`on ${String(data)}`);
    room.once('message', (data) => seen.push(`once ${String(data)}`)).on('message', onMessage);
    await room.join();
    server.publish('room:lobby', 'message', 1);
    server.publish('room:lobby', 'message', 2);
    await until(() => seen.length === 3);
    room.off('message', onMessage);
    server.publish('room:lobby', 'message', 3);
    await until(() => room.lastSeq === 3);
    expect(seen).toEqual(['once 1', 'on 1', 'on 2']);
  });

  test('join() rejects with the RpcError of a refusal, e.g. FORBIDDEN from canJoin, and the handle stays not joined', async () => {
    await using server = await FakeServer.start();
    const { RpcError } = await import('socketstream/client');
    server.refuse['room:secret'] = new RpcError('FORBIDDEN', 'joining room:secret was refused');
    const ss = server.connect();
    const room = ss.channel('room:secret');
    await expect(room.join()).rejects.toMatchObject({ name: 'RpcError', code: 'FORBIDDEN', message: 'joining room:secret was refused' });
    expect(room.joined).toBe(false);
    delete server.refuse['room:secret'];
    await expect(room.join()).resolves.toBeUndefined();
    expect(room.joined).toBe(true);
  });

  test('messages the handle already saw are dropped when the server sends them again', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    await room.join();
    for (const s of [1, 2, 3, 2, 3, 4, 1, 5]) server.broadcast({ t: 'ev', c: 'room:lobby', s, e: 'message', d: s });
    await until(() => room.lastSeq === 5);
    expect(seen).toEqual(['message:1', 'message:2', 'message:3', 'message:4', 'message:5']);
  });

  test('a message older than one already delivered is never delivered out of order', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    await room.join();
    // 3 is missing for this client (e.g. a broadcast with exceptSelf): delivery does not stall on it.
    for (const s of [1, 2, 4, 3, 5]) server.broadcast({ t: 'ev', c: 'room:lobby', s, e: 'message', d: s });
    await until(() => room.lastSeq === 5);
    expect(seen).toEqual(['message:1', 'message:2', 'message:4', 'message:5']);
  });

  test('after a dropped connection the client rejoins with s: lastSeq as soon as the hello arrives, and missed messages reach the handle once, in order', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const ss = server.connect({ reconnect: { minDelay: 30, maxDelay: 30 } });
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    const global: string[] = [];
    ss.event.on('message', (data, channel) => global.push(`${String(channel)}:${String(data)}`));
    await room.join();
    server.publish('room:lobby', 'message', 1);
    server.publish('room:lobby', 'message', 2);
    await until(() => seen.length === 2);
    server.dropAll();
    await next(ss, 'disconnect');
    for (const n of [3, 4, 5]) server.publish('room:lobby', 'message', n);
    const queued = ss.rpc('math.double', 21);
    await next(ss, 'reconnect');
    await expect(queued).resolves.toBe(42);
    await until(() => seen.length === 5);
    server.publish('room:lobby', 'message', 6);
    await until(() => seen.length === 6);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((n) => `message:${n}`));
    expect(global).toEqual([1, 2, 3, 4, 5, 6].map((n) => `room:lobby:${n}`));
    expect(room.joined).toBe(true);
    expect(room.lastSeq).toBe(6);
    const joins = server.frames.filter((f) => f.t === 'join');
    expect(joins).toEqual([
      { t: 'join', id: expect.anything(), c: 'room:lobby' },
      { t: 'join', id: expect.anything(), c: 'room:lobby', s: 2 },
    ]);
    // The rejoin goes out before the calls queued during the outage.
    expect(server.frames.map((f) => f.t)).toEqual(['join', 'join', 'rpc']);
  });

  test('live messages that arrive before the rejoin reply wait for the replay, so each is delivered once and in order', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    await room.join();
    server.publish('room:lobby', 'message', 1);
    await until(() => seen.length === 1);
    server.dropAll();
    await next(ss, 'disconnect');
    server.publish('room:lobby', 'message', 2);
    server.publish('room:lobby', 'message', 3);
    // The session's server-side membership is restored first, so newer messages overtake the replay.
    server.beforeJoinReply = (socket, frame) => {
      server.addMember(socket, frame.c);
      server.publish('room:lobby', 'message', 4);
      server.publish('room:lobby', 'message', 5);
    };
    await next(ss, 'reconnect');
    await until(() => seen.length === 5);
    server.publish('room:lobby', 'message', 6);
    await until(() => seen.length === 6);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((n) => `message:${n}`));
  });

  test('a message held during the rejoin that the replay does not repeat is delivered once the replay is done', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    await room.join();
    server.publish('room:lobby', 'message', 1);
    await until(() => seen.length === 1);
    server.dropAll();
    await next(ss, 'disconnect');
    server.publish('room:lobby', 'message', 2);
    server.publish('room:lobby', 'message', 3);
    // Another node delivered 4 live before this node's history knew of it.
    server.beforeJoinReply = (socket, frame) => socket.send(JSON.stringify({ t: 'ev', c: frame.c, s: 4, e: 'message', d: 4 }));
    await next(ss, 'reconnect');
    await until(() => seen.length === 4);
    expect(seen).toEqual([1, 2, 3, 4].map((n) => `message:${n}`));
    expect(room.lastSeq).toBe(4);
  });

  test('a gap frame emits gap on the handle, and later messages continue from its sequence number', async () => {
    await using server = await FakeServer.start();
    server.historyLimit = 2;
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message', 'gap');
    await room.join();
    server.publish('room:lobby', 'message', 1);
    await until(() => seen.length === 1);
    server.dropAll();
    await next(ss, 'disconnect');
    for (const n of [2, 3, 4, 5]) server.publish('room:lobby', 'message', n);
    await until(() => seen.length === 2);
    expect(room.lastSeq).toBe(5);
    server.publish('room:lobby', 'message', 6);
    await until(() => seen.length === 3);
    expect(seen).toEqual(['message:1', 'gap', 'message:6']);
    expect(server.frames.filter((f) => f.t === 'join').at(-1)).toMatchObject({ s: 1 });
  });

  test('when the server lost its history (its numbering went back), the handle emits gap and follows the new numbering', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message', 'gap');
    await room.join();
    for (const n of [1, 2, 3]) server.publish('room:lobby', 'message', n);
    await until(() => seen.length === 3);
    server.dropAll();
    server.forgetHistory();
    await next(ss, 'reconnect');
    await until(() => seen.length === 4);
    expect(room.lastSeq).toBe(0);
    server.publish('room:lobby', 'message', 'after restart');
    await until(() => seen.length === 5);
    expect(seen).toEqual(['message:1', 'message:2', 'message:3', 'gap', 'message:"after restart"']);
  });

  test('a rejoin the server now refuses leaves the handle not joined and emits error with the RpcError', async () => {
    await using server = await FakeServer.start();
    const { RpcError } = await import('socketstream/client');
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const errors: unknown[] = [];
    room.on('error', (error) => errors.push(error));
    await room.join();
    server.refuse['room:lobby'] = new RpcError('FORBIDDEN', 'banned');
    server.dropAll();
    await next(ss, 'reconnect');
    await until(() => errors.length === 1);
    expect(errors[0]).toBeInstanceOf(RpcError);
    expect(errors[0]).toMatchObject({ code: 'FORBIDDEN', message: 'banned' });
    expect(room.joined).toBe(false);
    server.dropAll();
    await next(ss, 'reconnect');
    await sleep(20);
    expect(server.frames.filter((f) => f.t === 'join')).toHaveLength(2);
  });

  test('after leave() the channel is no longer rejoined on reconnect, and its messages stop', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    await room.join();
    await expect(room.leave()).resolves.toBeUndefined();
    expect(room.joined).toBe(false);
    server.publish('room:lobby', 'message', 'after leave');
    server.dropAll();
    await next(ss, 'reconnect');
    await sleep(20);
    expect(server.frames.map((f) => f.t)).toEqual(['join', 'leave']);
    expect(seen).toEqual([]);
  });

  test('leave() made while disconnected cancels the rejoin', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect({ reconnect: { minDelay: 30, maxDelay: 30 } });
    const room = ss.channel('room:lobby');
    await room.join();
    server.dropAll();
    await next(ss, 'disconnect');
    const left = room.leave();
    await next(ss, 'reconnect');
    await left;
    expect(server.frames.map((f) => f.t)).toEqual(['join', 'leave']);
  });

  test('send() resolves with the @Subscribe handler\'s result and rejects with the server\'s RpcError', async () => {
    await using server = await FakeServer.start();
    const { RpcError } = await import('socketstream/client');
    server.handlers.typing = (data, channel) => ({ echoed: data, channel });
    server.handlers.shout = () => {
      throw new RpcError('VALIDATION_FAILED', 'too loud', [{ property: 'text' }]);
    };
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    await expect(room.send('typing', { on: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await room.join();
    await expect(room.send('typing', { on: true })).resolves.toEqual({ echoed: { on: true }, channel: 'room:lobby' });
    await expect(room.send('shout', 'HI')).rejects.toMatchObject({ name: 'RpcError', code: 'VALIDATION_FAILED', details: [{ property: 'text' }] });
    await expect(room.send('unknown')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(server.channelFrames.filter((f) => f.t === 'push')[1]).toEqual({ t: 'push', id: expect.anything(), c: 'room:lobby', e: 'typing', d: { on: true } });
  });

  test('presence() lists who is in the channel', async () => {
    await using server = await FakeServer.start();
    const alice = server.connect();
    const bob = server.connect();
    await Promise.all([alice.channel('room:lobby').join(), bob.channel('room:lobby').join()]);
    const members = await alice.channel('room:lobby').presence();
    expect(members.map((m) => m.socketId).sort()).toEqual([alice.socketId, bob.socketId].sort());
    expect(members[0]).toEqual({ socketId: expect.any(String), userId: null });
  });

  test('channel calls made while disconnected are queued, time out like rpc calls, and reject with UNAVAILABLE when the connection drops', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    const ss = server.connect({ timeout: 50 });
    const room = ss.channel('room:lobby');
    await expect(room.join()).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('join room:lobby') });
    const queued = room.join();
    await until(() => server.sockets.size === 1);
    server.broadcast({ t: 'hello', v: 1, socketId: 'late' });
    await expect(queued).resolves.toBeUndefined();
    server.beforeJoinReply = () => new Promise(() => {});
    const other = ss.channel('room:42');
    const inFlight = other.join();
    await until(() => server.channelFrames.length === 2);
    server.dropAll();
    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(other.joined).toBe(false);
  });

  test('close() rejects channel calls with UNAVAILABLE', async () => {
    await using server = await FakeServer.start();
    server.sendHello = false;
    const ss = server.connect();
    const join = ss.channel('room:lobby').join();
    await ss.close();
    await expect(join).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(ss.channel('room:lobby').send('typing')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  test('events of a channel whose handle was never joined still reach the handle and ss.event', async () => {
    await using server = await FakeServer.start();
    const ss = server.connect();
    const room = ss.channel('room:lobby');
    const seen = record(room, 'message');
    const global: unknown[] = [];
    ss.event.on('message', (data, channel) => global.push([data, channel]));
    await next(ss, 'ready');
    server.broadcast({ t: 'ev', c: 'room:lobby', s: 4, e: 'message', d: 'server-side member' });
    await until(() => seen.length === 1);
    expect(global).toEqual([['server-side member', 'room:lobby']]);
    expect(room.lastSeq).toBe(4);
    expect(room.joined).toBe(false);
  });
});
