import { createApp, Guard } from 'socketstream';
import { Channel, Injectable, Rpc, RpcService, UseGuards } from 'socketstream/decorators';

const NO_METADATA = 'the compiler emitted no decorator metadata: enable emitDecoratorMetadata (tsc), decoratorMetadata (swc); tsx and esbuild do not emit it';

@Injectable()
class TodoStore {
  readonly items: string[] = [];
}

/** What tsx and esbuild leave on a class: its decorators ran, but no design:paramtypes was emitted. */
function withoutMetadata<T extends object>(cls: T): T {
  Reflect.deleteMetadata('design:paramtypes', cls);
  return cls;
}

describe('constructor parameter types missing from a decorated class', () => {
  it('name the missing decorator metadata, not a missing @Injectable(), for an @RpcService class', () => {
    @RpcService('todos')
    class TodoService {
      constructor(readonly store: TodoStore) {}
      @Rpc() count() {
        return this.store.items.length;
      }
    }
    withoutMetadata(TodoService);
    let err: { code?: string; message: string } | undefined;
    try {
      createApp({ services: [TodoService], logLevel: 'silent' });
    } catch (e) {
      err = e as { code?: string; message: string };
    }
    expect(err?.code).toBe('SS_ERR_NO_DECORATOR_METADATA');
    expect(err?.message).toContain('TodoService is decorated and has constructor parameters');
    expect(err?.message).toContain(NO_METADATA);
    expect(err?.message).not.toContain('add @Injectable()');
  });

  it('name the missing decorator metadata for an @Injectable dependency, with the class that needs it', () => {
    @Injectable()
    class Clock {
      constructor(readonly zone: TodoStore) {}
    }
    withoutMetadata(Clock);
    @RpcService('time')
    class TimeService {
      constructor(readonly clock: Clock) {}
      @Rpc() now() {
        return 0;
      }
    }
    expect(() => createApp({ services: [TimeService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NO_DECORATOR_METADATA', message: expect.stringContaining(`Clock is decorated and has constructor parameters, but no parameter types were recorded for the container (design:paramtypes): ${NO_METADATA} (in plain JavaScript, record them as TypeScript would: Reflect.defineMetadata('design:paramtypes', [Dependency], Clock)) (needed by TimeService)`) }),
    );
  });

  it('name the missing decorator metadata for a @Channel class and a decorated guard', () => {
    @Channel('list:{id}')
    class ListChannel {
      constructor(readonly store: TodoStore) {}
      canJoin() {
        return true;
      }
    }
    withoutMetadata(ListChannel);
    expect(() => createApp({ services: [], channels: [ListChannel], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NO_DECORATOR_METADATA', message: expect.stringContaining(`ListChannel is decorated and has constructor parameters`) }),
    );

    @Injectable()
    class OwnerGuard extends Guard {
      constructor(readonly store: TodoStore) {
        super();
      }
      canActivate() {
        return true;
      }
    }
    withoutMetadata(OwnerGuard);
    @RpcService('owned')
    @UseGuards(OwnerGuard)
    class OwnedService {
      @Rpc() go() {}
    }
    expect(() => createApp({ services: [OwnedService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NO_DECORATOR_METADATA', message: expect.stringContaining(`OwnerGuard is decorated and has constructor parameters`) }),
    );
  });

  it('still ask for @Injectable() on a class with no decorator, and name the compiler as the cause should it have one', () => {
    class Plain {
      constructor(readonly store: TodoStore) {}
    }
    @RpcService('plain')
    class PlainService {
      constructor(readonly dep: Plain) {}
      @Rpc() go() {}
    }
    expect(() => createApp({ services: [PlainService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_UNRESOLVABLE_PARAMETER', message: expect.stringContaining(`add @Injectable() from 'socketstream/decorators' (if it has a decorator already, ${NO_METADATA}) (needed by PlainService)`) }),
    );
  });

  it('refuse a constructor parameter recorded as Function, as tsc records a class imported with `import type`, naming the fix', () => {
    @RpcService('todos')
    class TodoService {
      constructor(readonly store: TodoStore) {}
      @Rpc() count() {
        return this.store.items.length;
      }
    }
    Reflect.defineMetadata('design:paramtypes', [Function], TodoService);
    expect(() => createApp({ services: [TodoService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({
        code: 'SS_ERR_TYPE_ONLY_PARAMETER',
        message: expect.stringContaining('Cannot inject parameter #0 of TodoService: its recorded type is Function, which TypeScript records for a class imported with `import type`'),
      }),
    );
  });
});
