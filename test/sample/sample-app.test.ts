import { connect, type SocketStreamClient } from 'socketstream/client';
import app from '../../sample/app';
import type { ChatService } from '../../sample/server/rpc/chat';

let url: string;
let clients: SocketStreamClient[] = [];

beforeAll(async () => {
  url = await app.start();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});
afterAll(() => app.close());

function client(): SocketStreamClient {
  const c = connect(url);
  clients.push(c);
  return c;
}

describe('the sample chat app', () => {
  it('answers latency pings on the socket that sent them (its custom message type, discovered under sample/server/responders)', async () => {
    const latency = client().responder('latency');
    const echo = new Promise((resolve) => latency.on(resolve));
    latency.send({ sent: 12.5 });
    await expect(echo).resolves.toEqual({ sent: 12.5 });
    expect(app.responderNames).toContain('latency');
  });

  it('serves the services found under sample/server/rpc', () => {
    expect(app.methods.sort()).toEqual(['auth.login', 'auth.logout', 'auth.me', 'chat.history', 'chat.send']);
  });

  it('refuses to post before login, then posts and lists messages after', async () => {
    const ss = client();
    const chat = ss.service<ChatService>('chat');
    await expect(chat.send({ room: 'lobby', text: 'hi' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(ss.rpc('auth.login', { name: 'ada' })).resolves.toEqual({ userId: 'ada' });
    const { id } = await chat.send({ room: 'lobby', text: 'hello from the test' });
    const history = await chat.history('lobby');
    expect(history).toContainEqual(expect.objectContaining({ id, user: 'ada', text: 'hello from the test' }));
  });

  it('delivers posted messages to the members of the room channel, which only logged-in users may join', async () => {
    const reader = client();
    const room = reader.channel('room:lobby');
    await expect(room.join()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await reader.rpc('auth.login', { name: 'reader' });
    await room.join();
    const received = new Promise((resolve) => room.once('message', resolve));
    const writer = client();
    await writer.rpc('auth.login', { name: 'writer' });
    await writer.rpc('chat.send', { room: 'lobby', text: 'to the room' });
    await expect(received).resolves.toMatchObject({ user: 'writer', text: 'to the room' });
  });

  it('reports invalid messages field by field', async () => {
    const ss = client();
    await ss.rpc('auth.login', { name: 'bob' });
    await expect(ss.rpc('chat.send', { room: 'Not A Room!', text: '' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([expect.objectContaining({ property: 'room' }), expect.objectContaining({ property: 'text' })]),
    });
    await expect(ss.rpc('auth.login', { name: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ property: 'name' })] });
  });

  it('answers a client that sends more than 50 frames a second (100 at once) with RATE_LIMITED', async () => {
    const ss = client();
    await ss.rpc('auth.me');
    const results = await Promise.allSettled(Array.from({ length: 150 }, () => ss.rpc('auth.me')));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(99);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: expect.any(Number) } });
  });
});
