/**
 * Stable codes of the errors SocketStream throws at developers (misconfiguration, wiring
 * mistakes). They never travel over the wire; clients see `RpcError` codes instead.
 */
export type SocketStreamErrorCode =
  /** An option of `createApp` (or of a transport or store) is out of range or of the wrong type; the message names it. */
  | 'SS_ERR_INVALID_OPTION'
  /** A method of the framework (publish, session, …) was called with an argument it cannot take; the message names the method. */
  | 'SS_ERR_INVALID_ARGUMENT'
  /** No session secret: none given in production, or an empty one where a signing key is made. */
  | 'SS_ERR_NO_SECRET'
  /** Two RPC services have one name. */
  | 'SS_ERR_DUPLICATE_SERVICE'
  /** Two RPC methods have one wire name (`service.method`): an `@Rpc({ name })` or `@RpcService(name)` collides. */
  | 'SS_ERR_DUPLICATE_METHOD'
  /** Two `@Channel` classes of one app have the same pattern (parameter names aside), so the second would never serve. */
  | 'SS_ERR_DUPLICATE_CHANNEL'
  /** Two methods of one `@Channel` class handle the same `@Subscribe` event. */
  | 'SS_ERR_DUPLICATE_EVENT'
  /** A service name (given, or derived from a file path or class name) or a responder name is not of the allowed form. */
  | 'SS_ERR_INVALID_NAME'
  /** A `@Channel` pattern is malformed: a `{param}` not written as an identifier, or one appearing twice. */
  | 'SS_ERR_INVALID_PATTERN'
  /** An entry of `createApp({ services })` is not decorated with `@RpcService`. */
  | 'SS_ERR_NOT_A_SERVICE'
  /** An entry of `createApp({ channels })` is not a class decorated with `@Channel`. */
  | 'SS_ERR_NOT_A_CHANNEL'
  /** A member recorded by `@Rpc` or `@Subscribe` is not a method in the class served (a subclass's accessor or field shadows it). */
  | 'SS_ERR_NOT_A_METHOD'
  /** A `@Subscribe` handler declares more than one data parameter; a pushed event carries one (plus `@Ctx()`). */
  | 'SS_ERR_TOO_MANY_PARAMETERS'
  /**
   * `new RpcError(code)` with a code not in `ERROR_CODES`. `RpcError` is shared with the browser
   * client, so this one is a `TypeError` carrying the `code`, not a `SocketStreamError`.
   */
  | 'SS_ERR_INVALID_ERROR_CODE'
  /** The 101 response the transport writes itself could not be formed: a non-ASCII header (the session cookie) or hello frame, or a hello frame of 64 KiB or more. */
  | 'SS_ERR_HANDSHAKE_RESPONSE'
  /** Building browser assets failed: a formatter's compile error (the message starts `file:line:col:`, relative to the app), or a rollup warning or error (the message names the entry and module); the tool's error is the `cause`. */
  | 'SS_ERR_BUILD'
  /** A client bundle would pull in what only runs on the server (a Node built-in, a file under `server/`); the message gives the import chain from the entry. */
  | 'SS_ERR_SERVER_ONLY_IMPORT'
  /** Something used as a guard has no `canActivate(ctx)` method. */
  | 'SS_ERR_NOT_A_GUARD'
  /** A module under `server/` could not be imported during discovery (its error is the `cause`). */
  | 'SS_ERR_DISCOVERY_IMPORT'
  /** A directory under `server/` exists but could not be read during discovery (not a directory, no permission; the fs error is the `cause`). */
  | 'SS_ERR_DISCOVERY_READ'
  /** The container cannot build a constructor parameter (no decorator, an interface type, an import cycle, an unregistered token). */
  | 'SS_ERR_UNRESOLVABLE_PARAMETER'
  /** A decorated class or method has parameters but no `design:paramtypes`: compiled without decorator metadata (tsx, esbuild, or the option off). */
  | 'SS_ERR_NO_DECORATOR_METADATA'
  /** A parameter's recorded type is `Function`: a class imported with `import type` (tsc), or a function type. */
  | 'SS_ERR_TYPE_ONLY_PARAMETER'
  /** A `@Channel` class has neither `canJoin` nor a guard, so anyone could join. */
  | 'SS_ERR_OPEN_CHANNEL'
  /** `override(token)` names a token nothing in the app registers or depends on. */
  | 'SS_ERR_UNKNOWN_OVERRIDE'
  /** An entry of `createApp({ providers })` (or an override) is not a class or `{ provide, useValue | useClass | useFactory }`: no `provide`, none or several of the three, a `useClass` that is not a class. */
  | 'SS_ERR_INVALID_PROVIDER'
  /** Something that can happen once was asked twice (`app.listen()` on a listening app). */
  | 'SS_ERR_ALREADY_STARTED'
  /** Something was used before the app attached it (`this.publish` in a service constructor). */
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
  | 'SS_ERR_DUPLICATE_FRAME_TYPE'
  /** A formatter or template engine needs an npm package the app has not installed; the message names the package and the file that needs it. */
  | 'SS_ERR_MISSING_PACKAGE'
  /** An `ss` command (dev, build, start) found no app: no `app.ts` or `app.js` in `--root`, or in the working directory or a folder above it; the message names where it looked. */
  | 'SS_ERR_APP_NOT_FOUND'
  /** The app's module (`app.ts`, `build/server/app.js`) exports no app: it should `export default createApp(…)`. */
  | 'SS_ERR_NOT_AN_APP'
  /** `ss start` found no build of the app (no `build/manifest.json`): run `ss build` first. */
  | 'SS_ERR_NO_BUILD'
  /** `ss start --workers N` with N > 1 for an app whose sessions and PubSub live in one process's memory (no Redis). */
  | 'SS_ERR_WORKERS_NEED_REDIS'
  /** An asset of a production build weighs more (gzip) than a size budget allows; the message names the asset, its gzip size and the budget. */
  | 'SS_ERR_BUDGET';

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
