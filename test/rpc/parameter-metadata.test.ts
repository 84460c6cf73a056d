import { IsString, Length } from 'class-validator';
import { type ChannelContext, createApp, type RpcContext } from 'socketstream';
import { Channel, Ctx, Rpc, RpcService, Subscribe } from 'socketstream/decorators';

class SendMessage {
  @IsString() @Length(1, 500) text!: string;
}

const NO_METADATA = 'the compiler emitted no decorator metadata: enable emitDecoratorMetadata (tsc), decoratorMetadata (swc); tsx and esbuild do not emit it';

/** What `createApp` throws, so that one test can check its code and several parts of its message. */
function startupError(start: () => unknown): { code?: string; message: string } {
  try {
    start();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('createApp did not refuse to start');
}

describe('recorded parameter types of RPC methods and channel handlers', () => {
  it('refuse to start when a DTO parameter was recorded as Function, as tsc records a class imported with `import type`, naming the class, method, position and the fix', () => {
    @RpcService('chat')
    class ChatService {
      @Rpc() send(@Ctx() _ctx: RpcContext, msg: SendMessage) {
        return msg.text;
      }
    }
    // What tsc emits for `import type { SendMessage }` (swc, which this suite runs on, emits Object).
    Reflect.defineMetadata('design:paramtypes', [Object, Function], ChatService.prototype, 'send');
    const err = startupError(() => createApp({ services: [ChatService], logLevel: 'silent' }));
    expect(err.code).toBe('SS_ERR_TYPE_ONLY_PARAMETER');
    expect(err.message).toContain('parameter #1 of ChatService.send (@Rpc)');
    expect(err.message).toContain('`import type`');
    expect(err.message).toContain('import the class as a value: `import { SendMessage } from …`, not `import type`');
    expect(err.message).toContain('a client can never send as JSON');
  });

  it('refuse to start when the data parameter of a @Subscribe handler was recorded as Function', () => {
    @Channel('room:{id}')
    class RoomChannel {
      canJoin() {
        return true;
      }
      @Subscribe('say') say(msg: SendMessage, @Ctx() ctx: ChannelContext) {
        ctx.broadcast('said', msg);
      }
    }
    Reflect.defineMetadata('design:paramtypes', [Function, Object], RoomChannel.prototype, 'say');
    const err = startupError(() => createApp({ services: [], channels: [RoomChannel], logLevel: 'silent' }));
    expect(err.code).toBe('SS_ERR_TYPE_ONLY_PARAMETER');
    expect(err.message).toContain('parameter #0 of RoomChannel.say (@Subscribe)');
    expect(err.message).toContain('`import { SendMessage } from …`, not `import type`');
  });

  it('refuse to start when a parameter is declared as a function type, which no client can send', () => {
    @RpcService('jobs')
    class JobService {
      @Rpc() run(callback: () => void) {
        callback();
      }
    }
    expect(() => createApp({ services: [JobService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_TYPE_ONLY_PARAMETER', message: expect.stringContaining('parameter #0 of JobService.run (@Rpc)') }),
    );
  });

  it('refuse to start when an @Rpc method has parameters but no recorded types, naming the method and the missing decorator metadata', () => {
    @RpcService('chat')
    class ChatService {
      @Rpc() send(msg: SendMessage, @Ctx() _ctx: RpcContext) {
        return msg.text;
      }
    }
    // What tsx and esbuild leave: the decorators ran, but no design:paramtypes was emitted.
    Reflect.deleteMetadata('design:paramtypes', ChatService.prototype, 'send');
    const err = startupError(() => createApp({ services: [ChatService], logLevel: 'silent' }));
    expect(err.code).toBe('SS_ERR_NO_DECORATOR_METADATA');
    expect(err.message).toContain('ChatService.send (@Rpc) has parameters but no recorded parameter types');
    expect(err.message).toContain(NO_METADATA);
    expect(err.message).toContain("in plain JavaScript, record them as TypeScript would: Reflect.defineMetadata('design:paramtypes', [String, Object], ChatService.prototype, 'send')");
  });

  it('refuse to start when a @Subscribe handler with a data parameter has no recorded types', () => {
    @Channel('room:{id}')
    class RoomChannel {
      canJoin() {
        return true;
      }
      @Subscribe('say') say(msg: SendMessage) {
        return msg;
      }
    }
    Reflect.deleteMetadata('design:paramtypes', RoomChannel.prototype, 'say');
    expect(() => createApp({ services: [], channels: [RoomChannel], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NO_DECORATOR_METADATA', message: expect.stringContaining(`RoomChannel.say (@Subscribe) has parameters but no recorded parameter types (design:paramtypes), so its arguments would reach it unvalidated: ${NO_METADATA}`) }),
    );
  });

  it('start when the only parameter without recorded types is @Ctx(), which the client never sends', async () => {
    @RpcService('who')
    class WhoService {
      @Rpc() me(@Ctx() ctx: RpcContext) {
        return ctx.session.userId;
      }
      @Rpc() ping() {
        return 'pong';
      }
    }
    Reflect.deleteMetadata('design:paramtypes', WhoService.prototype, 'me');
    Reflect.deleteMetadata('design:paramtypes', WhoService.prototype, 'ping');
    const app = createApp({ services: [WhoService], logLevel: 'silent' });
    try {
      expect(app.methods.sort()).toEqual(['who.me', 'who.ping']);
    } finally {
      await app.close();
    }
  });
});
