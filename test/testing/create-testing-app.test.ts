import { inject } from 'tsyringe';
import { type RpcContext, RpcError, Service } from 'socketstream';
import { Ctx, Injectable, Rpc, RpcService } from 'socketstream/decorators';
import { createTestingApp } from 'socketstream/testing';

@Injectable()
class MessageStore {
  async add(_room: string, _user: string, _text: string): Promise<{ id: string }> {
    throw new Error('the real store needs a database');
  }
}

@Injectable()
class Clock {
  now() {
    return 'real time';
  }
}

@Injectable()
class Notifier {
  constructor(
    readonly store: MessageStore,
    readonly clock: Clock,
  ) {}
  notify() {
    return 'real';
  }
}

@RpcService('chat')
class ChatService extends Service {
  constructor(
    private readonly store: MessageStore,
    private readonly notifier: Notifier,
    @inject('greeting') private readonly greeting: string,
  ) {
    super();
  }

  @Rpc() async send(room: string, text: string, @Ctx() ctx: RpcContext) {
    if (!ctx.session.userId) throw new RpcError('UNAUTHENTICATED', 'log in first');
    return this.store.add(room, ctx.session.userId, text);
  }

  @Rpc() hello(@Ctx() ctx: RpcContext) {
    return `${this.greeting} ${ctx.session.userId ?? 'stranger'} (${this.notifier.notify()})`;
  }
}

const greeting = { provide: 'greeting', useValue: 'hello' };

describe('createTestingApp', () => {
  it('starts the app and connects clients speaking the real protocol', async () => {
    await using app = await createTestingApp({ services: [ChatService], providers: [greeting] })
      .override(MessageStore)
      .useValue({ add: async () => ({ id: '1' }) })
      .start();
    const alice = await app.connect({ session: { userId: 'alice' } });
    await expect(alice.rpc('chat.send', 'lobby', 'hi')).resolves.toEqual({ id: '1' });
    const stranger = await app.connect();
    await expect(stranger.rpc('chat.send', 'lobby', 'hi')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(stranger.rpc('chat.hello')).resolves.toBe('hello stranger (real)');
  });

  it('replaces a dependency with a class, whose own dependencies are injected', async () => {
    @Injectable()
    class FakeNotifier {
      readonly clock = new Clock();
      constructor(readonly store: MessageStore) {}
      notify() {
        return this.store instanceof MessageStore ? 'fake with a store' : 'broken';
      }
    }
    await using app = await createTestingApp({ services: [ChatService], providers: [greeting] }).override(Notifier).useClass(FakeNotifier).start();
    const client = await app.connect({ session: { userId: 'bob' } });
    await expect(client.rpc('chat.hello')).resolves.toBe('hello bob (fake with a store)');
  });

  it('replaces a dependency with what a factory returns, called once', async () => {
    const factory = jest.fn(() => 'hi');
    await using app = await createTestingApp({ services: [ChatService], providers: [greeting] }).override('greeting').useFactory(factory).start();
    const client = await app.connect();
    await client.rpc('chat.hello');
    await client.rpc('chat.hello');
    await expect(client.rpc('chat.hello')).resolves.toBe('hi stranger (real)');
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it('refuses to override a token nothing in the app registers or depends on, naming it', async () => {
    class Unrelated {}
    await expect(createTestingApp({ services: [ChatService], providers: [greeting] }).override(Unrelated).useValue({}).start()).rejects.toMatchObject({
      code: 'SS_ERR_UNKNOWN_OVERRIDE',
      message: expect.stringContaining('Unrelated'),
    });
    await expect(createTestingApp({ services: [ChatService], providers: [greeting] }).override('greting').useValue('typo').start()).rejects.toThrow(/"greting"/);
  });

  it('accepts overriding a dependency that only a dependency of a service needs', async () => {
    await using app = await createTestingApp({ services: [ChatService], providers: [greeting] })
      .override(Clock)
      .useValue({ now: () => 'frozen time' })
      .start();
    expect(app.container.resolve(Notifier).clock.now()).toBe('frozen time');
  });

  it('refuses an override after start(), which could no longer reach the running app', async () => {
    const builder = createTestingApp({ services: [ChatService], providers: [greeting] });
    await using _app = await builder.start();
    expect(() => builder.override(Clock)).toThrow(expect.objectContaining({ code: 'SS_ERR_ALREADY_STARTED', message: expect.stringContaining('override(Clock)') }) as Error);
  });

  it('exposes the container so a service can be unit-tested without a socket', async () => {
    await using app = await createTestingApp({ services: [ChatService], providers: [greeting] }).start();
    expect(app.container.resolve(ChatService)).toBeInstanceOf(ChatService);
  });

  it('closes its clients and the app when disposed', async () => {
    let client;
    {
      await using app = await createTestingApp({ services: [ChatService], providers: [greeting] }).start();
      client = await app.connect();
    }
    await expect(client.rpc('chat.hello')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
