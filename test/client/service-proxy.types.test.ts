/**
 * Compile-time checks of `ServiceProxy`: `tsc --noEmit` fails if a `@ts-expect-error` below stops
 * being an error or an `Equal` check stops holding. Jest only runs the one trivial test.
 */
import type { ServiceProxy, SocketStreamClient, WireArgs } from 'socketstream/client';
import type { ContextMarker } from '../../src/protocol';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

interface FakeRpcContext extends ContextMarker {
  readonly socketId: string;
}

class SendMessage {
  room!: string;
  text!: string;
}

class ChatService {
  readonly name = 'chat';
  protected secret = 1;
  async send(msg: SendMessage, ctx: FakeRpcContext): Promise<{ id: string }> {
    return { id: `${msg.room}:${ctx.socketId}` };
  }
  history(room: string, limit?: number): string[] {
    return [room, String(limit)];
  }
  whoami(ctx: FakeRpcContext): string {
    return ctx.socketId;
  }
  thenable(): PromiseLike<number> {
    return Promise.resolve(1);
  }
  optionalCtx(text: string, ctx?: FakeRpcContext): number {
    return text.length + (ctx ? 1 : 0);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checks that `any` parameters survive
  loose(value: any): void {
    void value;
  }
  then(): void {}
}

type Chat = ServiceProxy<ChatService>;

// Context parameters vanish, others stay as declared.
assertType<Equal<Parameters<Chat['send']>, [msg: SendMessage]>>();
assertType<Equal<Parameters<Chat['whoami']>, []>>();
assertType<Equal<Parameters<Chat['history']>, [room: string, limit?: number]>>();
assertType<Equal<Parameters<Chat['optionalCtx']>, [text: string]>>();
assertType<Equal<WireArgs<[a: number, b: FakeRpcContext, c: string]>, [a: number, b: FakeRpcContext, c: string]>>();
// A parameter typed `any` is not mistaken for a context.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
assertType<Equal<Parameters<Chat['loose']>, [value: any]>>();

// Results are Promise<Awaited<R>>.
assertType<Equal<ReturnType<Chat['send']>, Promise<{ id: string }>>>();
assertType<Equal<ReturnType<Chat['history']>, Promise<string[]>>>();
assertType<Equal<ReturnType<Chat['thenable']>, Promise<number>>>();
assertType<Equal<ReturnType<Chat['loose']>, Promise<void>>>();

// Only methods are kept, and never `then`.
assertType<Equal<keyof Chat, 'send' | 'history' | 'whoami' | 'thenable' | 'optionalCtx' | 'loose'>>();

// Never called: only compiled.
async function usage(ss: SocketStreamClient): Promise<void> {
  const chat = ss.service<ChatService>('chat');
  const sent: { id: string } = await chat.send({ room: 'lobby', text: 'hi' });
  void sent;
  // @ts-expect-error the argument must be a SendMessage
  await chat.send({ room: 'lobby' });
  // @ts-expect-error a wrong argument type does not compile
  await chat.history(42);
  // @ts-expect-error the context is supplied by the server, not by the caller
  await chat.whoami({ socketId: 'x' } as FakeRpcContext);
  // @ts-expect-error the result is a promise of the awaited value, not the value
  const direct: string[] = chat.history('lobby');
  void direct;
  // @ts-expect-error fields are not exposed
  void chat.name;
  // @ts-expect-error then is not part of the proxy
  void chat.then;
  // Untyped services accept anything and give unknown.
  const untyped: unknown = await ss.service('misc').anything(1, 'two');
  void untyped;
  // rpc stays untyped.
  const raw: Promise<unknown> = ss.rpc('chat.send', { room: 'lobby', text: 'hi' });
  void raw;
}

test('the type checks above compile (tsc --noEmit checks them)', () => {
  expect(typeof usage).toBe('function');
});
