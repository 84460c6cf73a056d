import type { Middleware } from 'koa';
import type { Session } from './session';
import type { SessionManager } from './session-manager';

declare module 'koa' {
  interface DefaultContext {
    /**
     * The request's session: the one the signed cookie names, or a new one created (and its
     * cookie set) the first time this property is read.
     */
    session: Session;
  }
}

/** Path of the endpoint that trades a refresh token for the current session cookie. */
export const SESSION_REFRESH_PATH = '/_ss/session';

/**
 * Gives every request `ctx.session`, shared with the WebSocket. Requests that never read
 * `ctx.session` and carry no session cookie create nothing, so static files cost no session.
 */
export function sessionMiddleware(manager: SessionManager): Middleware {
  return async (ctx, next) => {
    const secure = manager.isSecure(ctx.req.socket && 'encrypted' in ctx.req.socket && ctx.req.socket.encrypted === true, ctx.get('x-forwarded-proto'));
    if (ctx.path === SESSION_REFRESH_PATH) {
      const token = ctx.query.token;
      const id = typeof token === 'string' ? await manager.redeemRefreshToken(token, ctx.get('cookie')) : undefined;
      const session = id === undefined ? undefined : await manager.load(id);
      ctx.set('Cache-Control', 'no-store');
      if (!session) {
        ctx.status = 400;
        ctx.body = { code: 'BAD_REQUEST', message: 'invalid or expired session token' };
        return;
      }
      ctx.append('Set-Cookie', manager.setCookieHeader(session, secure));
      ctx.status = 204;
      return;
    }

    const id = manager.idFromCookieHeader(ctx.get('cookie'));
    const loaded = id === undefined ? undefined : await manager.load(id);
    // Held while the request runs, like a connection: a logout elsewhere meanwhile detaches it
    // too, so a save() at the end cannot store the logged-out user again.
    let session = loaded && manager.hold(loaded);
    const initialId = session?.id;
    let fresh = false;
    /** The session id whose cookie this response already carries. */
    let cookieFor: string | undefined;
    const setCookie = (current: Session): void => {
      const header = manager.setCookieHeader(current, secure);
      const prefix = `${manager.cookieName}=`;
      const others = ([] as string[]).concat(ctx.response.get('Set-Cookie') || []).filter((c) => !c.startsWith(prefix));
      ctx.set('Set-Cookie', [...others, header]);
      cookieFor = current.id;
    };
    Object.defineProperty(ctx, 'session', {
      configurable: true,
      enumerable: true,
      get(): Session {
        if (!session) {
          session = manager.createUnsaved();
          fresh = true;
          // Now, while the headers can still change: middleware that answers by itself (Connect's
          // res.end) sends them before the code after next() runs.
          if (!ctx.headerSent) setCookie(session);
        }
        return session;
      },
    });
    try {
      await next();
      if (!session) return;
      if (fresh) await session.save();
      if ((fresh || session.id !== initialId) && cookieFor !== session.id && !ctx.headerSent) setCookie(session);
    } finally {
      if (loaded) manager.release(loaded);
    }
  };
}
