import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Middleware, Next } from 'koa';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Session } from '../session/session';

/**
 * The `next` a Connect/Express middleware is given: `next()` continues with the middleware after
 * it (Koa or Connect), `next(err)` hands `err` to Koa's error handling. Express's
 * `next('route')` and `next('router')` mean `next()` here: there are no routers to skip.
 */
export type ConnectNext = (err?: unknown) => void;

/** The request a Connect middleware sees: Node's, with the app's session as `req.session`. */
export interface ConnectRequest extends IncomingMessage {
  /** The request's session, the same object as Koa's `ctx.session` (made on first read, like it). */
  readonly session: Session;
}

/** The response a Connect middleware sees: Node's, with Koa's `ctx.state` as Express's `res.locals`. */
export interface ConnectResponse extends ServerResponse {
  locals: Record<string, unknown>;
}

/**
 * A Connect/Express middleware, `(req, res, next)`. Any return value is ignored except a promise,
 * whose rejection is `next(err)` (as Express 5 does). `Req` and `Res` let middleware typed for
 * Express (`express.RequestHandler`) or for Node's types be passed as they are.
 */
export type ConnectMiddleware<Req extends IncomingMessage = ConnectRequest, Res extends ServerResponse = ConnectResponse> = (
  req: Req,
  res: Res,
  next: ConnectNext,
) => unknown;

/**
 * A Connect/Express error middleware, `(err, req, res, next)`: told apart by its four declared
 * parameters, as Express does.
 */
export type ConnectErrorMiddleware<Req extends IncomingMessage = ConnectRequest, Res extends ServerResponse = ConnectResponse, E = unknown> = (
  err: E,
  req: Req,
  res: Res,
  next: ConnectNext,
) => unknown;

/** Any Connect middleware, plain or error (what {@link fromConnect} and `app.useConnect` take). */
export type AnyConnectMiddleware = ConnectMiddleware<never, never> | ConnectErrorMiddleware<never, never, never>;

/**
 * Turns a Connect/Express middleware into Koa middleware, so `(req, res, next)` middleware from
 * the Express ecosystem (compression, helmet, cors, morgan…) runs in a Koa chain, in
 * order with Koa middleware.
 *
 * - `next()` continues the Koa chain; the Koa middleware's promise follows the rest of it, so
 *   whatever the Koa middleware after it answers goes through this one's patches of `res`
 *   (compression's `res.write`/`res.end` compress Koa's buffer, string, JSON and stream bodies).
 * - `next(err)`, a synchronous throw and a rejected returned promise all reject into Koa's error
 *   handling: a 500 (or the error's `status`), and the app's `http.on('error')` logs it.
 * - A middleware that answers by itself (`res.end`) ends the Koa chain: the Koa middleware after
 *   it does not run, `ctx.respond` becomes false, and the status it set reaches the client. Koa
 *   starts every response at 404; a Connect middleware starts it at 200, as under Connect, and
 *   the 404 is put back when it calls `next()` without having set a status of its own.
 * - `req.session` is the request's session (the same object as `ctx.session`, and made on first
 *   read like it) and `res.locals` is `ctx.state`.
 * - An error middleware (four declared parameters, `(err, req, res, next)`) runs when the
 *   middleware after it throws or rejects: Koa errors flow back up through `try/catch`, so it
 *   must be added *before* what it guards, where Express has it last. It finds the response's
 *   status at 500 (or the error's 4xx/5xx `status`) and the failed body's headers
 *   (`Content-Type`, `Content-Length`, `ETag`…) removed; it either answers, or calls `next(err)`
 *   to hand an error on to Koa's error handling (`next()` hands the original one on: the
 *   middleware after it has already run, there is nothing to resume). It is not called when the
 *   response's headers are already sent.
 * - An error passed or thrown after the middleware has continued or answered cannot change the
 *   response any more: it is reported through the app's `error` event.
 *
 * Connect middleware that is mounted at a path (`app.use('/api', mw)`) is not supported as such:
 * check `ctx.path` in a Koa middleware around it.
 */
export function fromConnect<Req extends IncomingMessage = ConnectRequest, Res extends ServerResponse = ConnectResponse>(middleware: ConnectMiddleware<Req, Res>): Middleware;
export function fromConnect<Req extends IncomingMessage = ConnectRequest, Res extends ServerResponse = ConnectResponse, E = unknown>(
  middleware: ConnectErrorMiddleware<Req, Res, E>,
): Middleware;
export function fromConnect(middleware: AnyConnectMiddleware): Middleware {
  if (typeof middleware !== 'function') {
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `useConnect(middleware): middleware must be a function (req, res, next) or (err, req, res, next), got ${typeof middleware}`);
  }
  if (middleware.length === 4) {
    const handler = middleware as ConnectErrorMiddleware;
    return async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        if (ctx.res.headersSent || !ctx.writable) throw err;
        prepareErrorResponse(ctx.res, err);
        await run(ctx, (req, res, done) => handler(err, req, res, done), (passed) => passed ?? err, undefined);
      }
    };
  }
  const handler = middleware as ConnectMiddleware;
  return (ctx, next) => run(ctx, handler, (passed) => passed, next);
}

/**
 * Runs one Connect call. Settles once: when the middleware continues (`onward` runs the rest of
 * the Koa chain), passes an error, throws, or ends the response itself.
 *
 * @param errorOf the error to reject with for a `next(passed)`, or undefined to continue
 * @param onward the rest of the Koa chain; undefined for an error middleware, whose `next()` is an error
 */
function run(
  ctx: Context,
  call: (req: ConnectRequest, res: ConnectResponse, next: ConnectNext) => unknown,
  errorOf: (passed: unknown) => unknown,
  onward: Next | undefined,
): Promise<void> {
  const req = exposeSession(ctx);
  const res = exposeLocals(ctx);
  // Koa's 404 until something answers; Connect middleware expects Node's 200.
  const koaDefault = !res.headersSent && res.statusCode === 404 && !(ctx.response as { _explicitStatus?: boolean })._explicitStatus;
  if (koaDefault) res.statusCode = 200;

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      res.off('finish', answered);
      res.off('close', answered);
      return true;
    };
    /** The response ended (or the client went away) without `next`: Koa must not answer again. */
    function answered(): void {
      if (!settle()) return;
      ctx.respond = false;
      resolve();
    }
    const late = (err: unknown): void => {
      ctx.app.emit('error', err instanceof Error ? err : new Error(`a Connect middleware failed with a non-error: ${String(err)}`), ctx);
    };
    const next: ConnectNext = (passed) => {
      const failed = passed !== undefined && passed !== null && passed !== false && passed !== 'route' && passed !== 'router' ? passed : undefined;
      if (res.writableEnded) {
        // It answered, then called next: the answer stands, an error is only reported.
        answered();
        if (failed !== undefined) late(failed);
        return;
      }
      const err = errorOf(failed);
      if (!settle()) {
        if (failed !== undefined) late(failed);
        return;
      }
      if (err !== undefined || !onward) {
        reject(err);
        return;
      }
      if (koaDefault && !res.headersSent) {
        // Back to Koa's 404 unless the middleware chose a status; one it chose stays explicit,
        // so a body set later does not turn it into a 200.
        if (res.statusCode === 200) res.statusCode = 404;
        else ctx.status = res.statusCode;
      }
      resolve(onward());
    };
    res.on('finish', answered);
    res.on('close', answered);
    try {
      const out = call(req, res, next);
      if (isThenable(out)) out.then(undefined, (err: unknown) => next(err ?? new Error('a Connect middleware returned a promise rejected without a reason')));
    } catch (err) {
      if (settle()) reject(err);
      else late(err);
    }
  });
}

function exposeSession(ctx: Context): ConnectRequest {
  const req = ctx.req;
  if (!Object.prototype.hasOwnProperty.call(req, 'session')) {
    // A getter, so a request whose middleware never reads the session creates none; not
    // enumerable, so logging or copying `req` does not read it either.
    Object.defineProperty(req, 'session', { configurable: true, enumerable: false, get: () => ctx.session });
  }
  return req as ConnectRequest;
}

function exposeLocals(ctx: Context): ConnectResponse {
  const res = ctx.res as ServerResponse & { locals?: Record<string, unknown> };
  if (res.locals === undefined) res.locals = ctx.state as Record<string, unknown>;
  return res as ConnectResponse;
}

/** Headers that described the body the failed middleware was sending, not an error page. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-disposition', 'content-range', 'etag', 'last-modified'];

function prepareErrorResponse(res: ServerResponse, err: unknown): void {
  for (const name of BODY_HEADERS) res.removeHeader(name);
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  res.statusCode = typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
