import { type AppOptions, MemorySessionStore, type RpcContext } from 'socketstream';
import { Ctx, Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';

@RpcService('data')
class DataService {
  @Rpc() async put(key: string, size: number, @Ctx() ctx: RpcContext) {
    ctx.session.data[key] = 'x'.repeat(size);
    await ctx.session.save();
  }
  @Rpc() async putProto(value: string, @Ctx() ctx: RpcContext) {
    ctx.session.data['__proto__'] = { value };
    await ctx.session.save();
  }
  @Rpc() async putDeep(depth: number, @Ctx() ctx: RpcContext) {
    let value: Record<string, unknown> = {};
    for (let i = 0; i < depth; i++) value = { value };
    ctx.session.data.deep = value;
    await ctx.session.save();
  }
  @Rpc() async login(user: string, size: number, @Ctx() ctx: RpcContext) {
    if (size > 0) ctx.session.data.unsaved = 'x'.repeat(size);
    await ctx.session.setUserId(user);
  }
  @Rpc() async follow(channel: string, @Ctx() ctx: RpcContext) {
    await ctx.session.channels.join(channel);
  }
  @Rpc() following(@Ctx() ctx: RpcContext) {
    return ctx.session.channels.list();
  }
  @Rpc() user(@Ctx() ctx: RpcContext) {
    return ctx.session.userId;
  }
  @Rpc() keys(@Ctx() ctx: RpcContext) {
    return Object.keys(ctx.session.data).map((k) => [k, String(ctx.session.data[k]).length]);
  }
  @Rpc() proto(@Ctx() ctx: RpcContext) {
    const data = ctx.session.data;
    return { prototype: Object.getPrototypeOf(data) === null ? null : 'Object.prototype', own: Object.keys(data), value: (data['__proto__'] as { value?: string } | undefined)?.value };
  }
}

async function app(options: AppOptions = {}) {
  return startApp({ services: [DataService], ...options });
}

describe('session data', () => {
  it('refuses a save over session.maxDataBytes with PAYLOAD_TOO_LARGE and keeps what was stored', async () => {
    const store = new MemorySessionStore();
    await using s = await app({ session: { store, maxDataBytes: 10_000 } });
    await using c = await caller(s.url);
    expect(await c.call('data.put', 'small', 100)).toMatchObject({ t: 'res' });
    const refused = await c.call('data.put', 'big', 20_000);
    expect(refused).toMatchObject({ t: 'err', e: { code: 'PAYLOAD_TOO_LARGE', details: { limit: 10_000 } } });
    // The session still works: the refused value is gone and later saves succeed.
    expect(await c.call('data.keys')).toMatchObject({ r: [['small', 100]] });
    expect(await c.call('data.put', 'other', 100)).toMatchObject({ t: 'res' });
    expect(await c.call('data.keys')).toMatchObject({ r: [['small', 100], ['other', 100]] });
  });

  it('caps session data at 64 KiB by default, so repeated large writes cannot grow a session', async () => {
    await using s = await app();
    await using c = await caller(s.url);
    expect(await c.call('data.put', 'a', 60_000)).toMatchObject({ t: 'res' });
    expect(await c.call('data.put', 'b', 10_000)).toMatchObject({ t: 'err', e: { code: 'PAYLOAD_TOO_LARGE', details: { limit: 65_536 } } });
    expect(await c.call('data.put', 'c', 1_000_000)).toMatchObject({ t: 'err', e: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await c.call('data.keys')).toMatchObject({ r: [['a', 60_000]] });
  });

  it('refuses too much data at login too, and the session stays anonymous and usable', async () => {
    await using s = await app({ session: { maxDataBytes: 1000 } });
    await using c = await caller(s.url);
    expect(await c.call('data.login', 'ada', 2000)).toMatchObject({ t: 'err', e: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await c.call('data.user')).toMatchObject({ t: 'res', r: null });
    expect(await c.call('data.keys')).toMatchObject({ r: [] });
    expect(await c.call('data.login', 'ada', 0)).toMatchObject({ t: 'session' });
  });

  it('counts server-side channel names against maxDataBytes, and a refused join leaves the memberships as they were', async () => {
    await using s = await app({ session: { maxDataBytes: 250 } });
    await using c = await caller(s.url);
    const name = (i: number) => `feed:${'x'.repeat(60)}${i}`;
    for (let i = 0; i < 3; i++) {
      // The join resolves once this connection is a member: the server says so before the reply.
      expect(await c.call('data.follow', name(i))).toMatchObject({ t: 'member', c: name(i), s: 0 });
      expect(await c.socket.next()).toMatchObject({ t: 'res' });
    }
    expect(await c.call('data.follow', name(3))).toMatchObject({ t: 'err', e: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await c.call('data.following')).toMatchObject({ r: [name(0), name(1), name(2)] });
  });

  it('keeps __proto__ as a plain key in a data object without a prototype', async () => {
    await using s = await app();
    let cookie: string;
    {
      await using c = await caller(s.url);
      cookie = String(c.socket.upgradeHeaders['set-cookie']).split(';')[0];
      expect(await c.call('data.putProto', 'kept')).toMatchObject({ t: 'res' });
      expect(await c.call('data.proto')).toMatchObject({ r: { prototype: null, own: ['__proto__'], value: 'kept' } });
      await c.socket.ws.close();
      await c.socket.closed;
    }
    // Read back from the store (no connection holds the session any more).
    await using again = await caller(s.url, cookie);
    expect(await again.call('data.proto')).toMatchObject({ r: { prototype: null, own: ['__proto__'], value: 'kept' } });
  });

  it('refuses a value JSON cannot carry at save() without breaking later saves of the session', async () => {
    await using s = await app();
    await using c = await caller(s.url);
    expect(await c.call('data.put', 'before', 10)).toMatchObject({ t: 'res' });
    expect(await c.call('data.putDeep', 200_000)).toMatchObject({ t: 'err', e: { code: 'INTERNAL', message: expect.stringContaining('session.data cannot be stored as JSON') } });
    expect(await c.call('data.put', 'after', 10)).toMatchObject({ t: 'res' });
    expect(await c.call('data.keys')).toMatchObject({ r: [['before', 10], ['after', 10]] });
  });
});
