/**
 * Every metadata key SocketStream records, namespaced so they cannot collide with other
 * libraries' keys. The composition root reads them; decorators only write them. Internal: no
 * package entry exports it, so the keys can change without a breaking release.
 */
export const METADATA = {
  /** On a class: {@link RpcServiceMetadata}. */
  rpcService: 'socketstream:rpc-service',
  /** On a prototype (own): the names of the methods decorated with `@Rpc` there. */
  rpcMethods: 'socketstream:rpc-methods',
  /** On (prototype, method): {@link RpcOptions}. */
  rpc: 'socketstream:rpc',
  /** On (prototype, method): index of the `@Ctx()` parameter. */
  ctxParam: 'socketstream:ctx-param',
  /** On a class or (prototype, method): guard classes, outermost first. */
  guards: 'socketstream:guards',
  /** On a class: {@link ChannelMetadata}. */
  channel: 'socketstream:channel',
  /** On a prototype (own): `{ event, method }` pairs recorded by `@Subscribe`. */
  subscriptions: 'socketstream:subscriptions',
  /** On a class: {@link ViewOptions}. */
  view: 'socketstream:view',
  /** On a class: marks it injectable (no options yet). */
  injectable: 'socketstream:injectable',
} as const;

/** What `@RpcService(name?)` records. */
export interface RpcServiceMetadata {
  /** Explicit service name, or undefined to derive it from the file path or class name. */
  name?: string;
}

/** Options of `@Rpc()`. */
export interface RpcOptions {
  /** Name the method is callable by. Default: the method's own name. */
  name?: string;
}

/** What `@Channel(pattern)` records. */
export interface ChannelMetadata {
  /** A topic pattern such as `room:{id}`. */
  pattern: string;
  /** Whether the channels of this class track presence. Default false. */
  presence: boolean;
}

/** Options of `@Channel(pattern, options)`. */
export interface ChannelOptions {
  /**
   * Track who is joined: joins and leaves are published into the channel as `$join` and
   * `$leave` events and the `presence` request lists the members. Off by default because every
   * join then reaches every member, which costs O(members²) frames as a channel fills up.
   * Default false.
   */
  presence?: boolean;
}

/** What `@Subscribe(event)` records, one per handled event. */
export interface SubscriptionMetadata {
  /** The event name clients push into the channel. */
  event: string;
  /** The method handling it. */
  method: string | symbol;
}

/** Options of `@View()`. */
export interface ViewOptions {
  /** Template path under `client/templates`, without extension, e.g. `chat/message`. */
  template: string;
}
