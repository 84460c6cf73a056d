import { inject } from 'tsyringe';
import { createApp } from 'socketstream';
import { Injectable, Rpc, RpcService } from 'socketstream/decorators';

@Injectable()
class Clock {
  now() {
    return 42;
  }
}

@Injectable()
class MessageStore {
  readonly items: string[] = [];
  constructor(readonly clock: Clock) {}
}

@RpcService('chat')
class ChatService {
  constructor(readonly store: MessageStore) {}
  @Rpc() count() {
    return this.store.items.length;
  }
}

@RpcService('audit')
class AuditService {
  constructor(readonly store: MessageStore) {}
  @Rpc() noop() {}
}

describe('the app container', () => {
  it('injects constructor dependencies and shares one instance of each within an app', async () => {
    const app = createApp({ services: [ChatService, AuditService], logLevel: 'silent' });
    try {
      const chat = app.container.resolve(ChatService);
      const audit = app.container.resolve(AuditService);
      expect(chat.store).toBeInstanceOf(MessageStore);
      expect(chat.store.clock.now()).toBe(42);
      expect(audit.store).toBe(chat.store);
      expect(app.container.resolve(ChatService)).toBe(chat);
    } finally {
      await app.close();
    }
  });

  it('never shares instances or registrations between two apps in one process', async () => {
    const a = createApp({ services: [ChatService], logLevel: 'silent' });
    const b = createApp({ services: [ChatService], providers: [{ provide: 'region', useValue: 'eu' }], logLevel: 'silent' });
    try {
      const chatA = a.container.resolve(ChatService);
      const chatB = b.container.resolve(ChatService);
      expect(chatA).not.toBe(chatB);
      expect(chatA.store).not.toBe(chatB.store);
      chatA.store.items.push('only in a');
      expect(chatB.store.items).toEqual([]);
      expect(b.container.isRegistered('region')).toBe(true);
      expect(a.container.isRegistered('region')).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('injects string tokens registered by a provider', async () => {
    @RpcService('config')
    class ConfigService {
      constructor(@inject('region') readonly region: string) {}
      @Rpc() get() {
        return this.region;
      }
    }
    const app = createApp({ services: [ConfigService], providers: [{ provide: 'region', useValue: 'eu' }], logLevel: 'silent' });
    try {
      expect(app.container.resolve(ConfigService).region).toBe('eu');
    } finally {
      await app.close();
    }
  });

  it('names the class and parameter position when a dependency is an interface', () => {
    interface Mailer {
      send(): void;
    }
    @RpcService('signup')
    class SignupService {
      constructor(
        readonly store: MessageStore,
        readonly mailer: Mailer,
      ) {}
      @Rpc() go() {}
    }
    expect(() => createApp({ services: [SignupService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_UNRESOLVABLE_PARAMETER', message: expect.stringContaining('parameter #1 of SignupService') }),
    );
  });

  it('names a token that no provider registers', () => {
    @RpcService('db')
    class DbService {
      constructor(@inject('database') readonly db: unknown) {}
      @Rpc() go() {}
    }
    expect(() => createApp({ services: [DbService], logLevel: 'silent' })).toThrow(/parameter #0 of DbService: token "database", which no provider registers/);
  });

  it('asks for a decorator when a dependency with constructor parameters has none', () => {
    class Undecorated {
      constructor(readonly clock: Clock) {}
    }
    @RpcService('x')
    class XService {
      constructor(readonly dep: Undecorated) {}
      @Rpc() go() {}
    }
    expect(() => createApp({ services: [XService], logLevel: 'silent' })).toThrow(/Undecorated has constructor parameters but no decorator.*@Injectable\(\).*needed by XService/);
  });
});
