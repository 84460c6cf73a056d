import Koa from 'koa';
import type { SessionManager } from '../session/session-manager';
import { sessionMiddleware } from '../session/session.middleware';

/**
 * The app's Koa application, with the session middleware first so every later middleware sees
 * `ctx.session`. Users add their own middleware and routes to it through `app.http`.
 */
export function createHttpApp(sessions: SessionManager, trustProxy: boolean): Koa {
  const koa = new Koa({ proxy: trustProxy });
  koa.silent = true;
  koa.use(sessionMiddleware(sessions));
  return koa;
}
