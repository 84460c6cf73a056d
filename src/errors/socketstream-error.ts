/**
 * Stable codes of the errors SocketStream throws at developers (misconfiguration, wiring
 * mistakes). They never travel over the wire; clients see `RpcError` codes instead.
 */
export type SocketStreamErrorCode =
  | 'SS_ERR_INVALID_OPTION'
  | 'SS_ERR_INVALID_ARGUMENT'
  | 'SS_ERR_NO_SECRET'
  | 'SS_ERR_DUPLICATE_SERVICE'
  | 'SS_ERR_INVALID_NAME'
  | 'SS_ERR_NOT_A_SERVICE'
  | 'SS_ERR_NOT_A_GUARD'
  | 'SS_ERR_DISCOVERY_IMPORT'
  | 'SS_ERR_UNRESOLVABLE_PARAMETER'
  /** A decorated class or method has parameters but no `design:paramtypes`: compiled without decorator metadata (tsx, esbuild, or the option off). */
  | 'SS_ERR_NO_DECORATOR_METADATA'
  /** A parameter's recorded type is `Function`: a class imported with `import type` (tsc), or a function type. */
  | 'SS_ERR_TYPE_ONLY_PARAMETER'
  /** A `@Channel` class has neither `canJoin` nor a guard, so anyone could join. */
  | 'SS_ERR_OPEN_CHANNEL'
  | 'SS_ERR_UNKNOWN_OVERRIDE'
  | 'SS_ERR_ALREADY_STARTED'
  | 'SS_ERR_NOT_STARTED'
  /** The installed ws lacks what the transport builds on (its server-side socket adoption). */
  | 'SS_ERR_WS_INCOMPATIBLE'
  /** `session.save()` (or a login) refused data that cannot be stored as JSON; the data was restored to what the store holds. */
  | 'SS_ERR_SESSION_DATA'
  /** A Redis command failed or Redis is unreachable (the ioredis error is the `cause`). */
  | 'SS_ERR_REDIS'
  /** A PubSub transport instance was given to a second app while the first still uses it. */
  | 'SS_ERR_TRANSPORT_IN_USE'
  /** `createApp` was given a key that is not an option (a typo); the message names the closest option. */
  | 'SS_ERR_UNKNOWN_OPTION'
  /** Two `Responder`s of one app have the same `name`. */
  | 'SS_ERR_DUPLICATE_RESPONDER'
  /** A class in `createApp({ responders })` does not extend `Responder`. */
  | 'SS_ERR_NOT_A_RESPONDER'
  /** Two built-in or plug-in responders serve one frame type. */
  | 'SS_ERR_DUPLICATE_FRAME_TYPE';

/** An error thrown at a developer; `code` is stable, the message names the thing at fault. */
export class SocketStreamError extends Error {
  override readonly name = 'SocketStreamError';
  constructor(
    readonly code: SocketStreamErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
