import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';

class BaseGreeter {
  @Rpc() hello(name: string) {
    return `hello ${name}`;
  }
  @Rpc() bye() {
    return 'bye';
  }
}

@RpcService('greeter')
class Greeter extends BaseGreeter {
  secretField = 'never';
  override bye() {
    return 'bye from the subclass';
  }
  @Rpc({ name: 'wave' }) waveHand() {
    return 'wave';
  }
  undecorated() {
    return 'must not be callable';
  }
  get accessor() {
    return 'must not be callable';
  }
}

describe('what an RPC client can call', () => {
  it('calls @Rpc methods inherited from a base class', async () => {
    await using s = await startApp({ services: [Greeter] });
    await using c = await caller(s.url);
    expect(await c.call('greeter.hello', 'ann')).toMatchObject({ t: 'res', r: 'hello ann' });
  });

  it('keeps an overridden @Rpc method exposed and runs the override', async () => {
    await using s = await startApp({ services: [Greeter] });
    await using c = await caller(s.url);
    expect(await c.call('greeter.bye')).toMatchObject({ r: 'bye from the subclass' });
  });

  it('calls a method by the name given in @Rpc({ name }) and not by its own name', async () => {
    await using s = await startApp({ services: [Greeter] });
    await using c = await caller(s.url);
    expect(await c.call('greeter.wave')).toMatchObject({ r: 'wave' });
    expect(await c.call('greeter.waveHand')).toMatchObject({ e: { code: 'NOT_FOUND' } });
  });

  it.each(['constructor', '__proto__', 'accessor', 'undecorated', 'secretField', 'toString', 'hasOwnProperty', 'prototype'])(
    'refuses greeter.%s with NOT_FOUND',
    async (member) => {
      await using s = await startApp({ services: [Greeter] });
      await using c = await caller(s.url);
      expect(await c.call(`greeter.${member}`)).toEqual({ t: 'err', id: 1, e: { code: 'NOT_FOUND', message: `no RPC method "greeter.${member}"` } });
    },
  );

  it('refuses an unknown service with NOT_FOUND naming it', async () => {
    await using s = await startApp({ services: [Greeter] });
    await using c = await caller(s.url);
    expect(await c.call('nosuch.hello')).toMatchObject({ e: { code: 'NOT_FOUND', message: 'no RPC method "nosuch.hello"' } });
  });
});

describe('start-up checks of RPC methods', () => {
  it('fail when a subclass turns an @Rpc method into an accessor, naming it', async () => {
    @RpcService('shadow')
    class Shadowed extends BaseGreeter {}
    // TypeScript refuses an accessor overriding a method; plain JavaScript (or a mixin) does not.
    Object.defineProperty(Shadowed.prototype, 'bye', { get: () => () => 'not a method' });
    await expect(startApp({ services: [Shadowed] })).rejects.toMatchObject({ code: 'SS_ERR_NOT_A_METHOD', message: expect.stringContaining('Shadowed.bye') });
  });
});
