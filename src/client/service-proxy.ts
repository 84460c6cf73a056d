import type { ContextMarker } from '../protocol/context-marker';

type AnyFunction = (...args: never[]) => unknown;

// `any` extends everything, ContextMarker included; a parameter typed `any` must stay.
type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * The parameters a client passes for a server method with parameters `P`: trailing parameters
 * whose type is a server context (`RpcContext`, `ChannelContext`, anything extending
 * `ContextMarker`) are filled in by the server, so they are dropped.
 */
export type WireArgs<P extends readonly unknown[]> = P extends readonly [...infer Rest, infer Last]
  ? IsAny<Last> extends true
    ? P
    : [Last] extends [ContextMarker]
      ? WireArgs<Rest>
      : P
  : P extends readonly [...infer Rest, (infer Last)?]
    ? IsAny<Last> extends true
      ? P
      : [Exclude<Last, undefined>] extends [ContextMarker]
        ? WireArgs<Rest>
        : P
    : P;

/**
 * The client's view of a server service `T`: each method becomes an RPC returning a promise of
 * its awaited result, without its context parameters. Non-function members are dropped, and so
 * is `then`, so that the proxy is never mistaken for a promise.
 *
 * @example
 * const chat = ss.service<ChatService>('chat');
 * const { id } = await chat.send({ room: 'lobby', text: 'hi' });
 */
export type ServiceProxy<T> = {
  readonly [K in keyof T as K extends 'then' ? never : K extends string ? (T[K] extends AnyFunction ? K : never) : never]: T[K] extends (
    ...args: infer P
  ) => infer R
    ? (...args: WireArgs<P>) => Promise<Awaited<R>>
    : never;
};

/** The untyped shape of a service, what `service(name)` gives without a type argument. */
export type AnyService = Record<string, (...args: unknown[]) => unknown>;

/**
 * A proxy whose property `m` calls `call(name + '.' + m, ...args)`. The functions are made once
 * per method name and kept on the proxy's target.
 */
export function createServiceProxy(name: string, call: (method: string, ...args: unknown[]) => Promise<unknown>): object {
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get(methods, m) {
      // `await proxy` reads `then`; symbols are runtime probes (inspect, iterators), not methods.
      if (typeof m !== 'string' || m === 'then') return undefined;
      return (methods[m] ??= (...args: unknown[]) => call(`${name}.${m}`, ...args));
    },
  });
}
