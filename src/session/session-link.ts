import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logging/logger';
import { sessionFrame } from '../protocol/encode';
import type { HandshakeHook, HandshakeResult } from '../transport/handshake-hook';
import { kUnwatch, kWatch, type Session, type SessionWatcherEvents } from './session';
import type { SessionConnection } from './session-connection';
import type { SessionManager } from './session-manager';

/** What the layers above do when a connection's session changes under it. */
export interface SessionChangeHooks {
  /** The session's user changed, with or without an id change (a login, a logout here or elsewhere). */
  userChanged(conn: SessionConnection): void;
  /** A server-side membership (`session.channels`) changed; resolves once the connection followed it (never rejects). */
  channelsChanged(conn: SessionConnection, channel: string, joined: boolean): Promise<void> | void;
}

/** Cookie ids remembered per connection: the client's cookie refreshes asynchronously, so it may still name an older one. */
const COOKIE_IDS = 8;

/**
 * The sessions' side of the WebSocket transport (its handshake hook): finds or makes the
 * session of each upgrade (its cookie on the 101 when new), holds it while the connection is
 * open, extends its life as frames arrive, and tells the client how to fetch a new cookie when
 * its id changes.
 *
 * @internal made by the app
 */
export class SessionLink implements HandshakeHook<Session>, SessionWatcherEvents {
  /** Ids each connection's cookie may name, newest last; only for connections whose session changed id. */
  private readonly cookieIds = new Map<SessionConnection, string[]>();

  constructor(
    private readonly sessions: SessionManager,
    private readonly hooks: SessionChangeHooks,
    private readonly log: Logger,
  ) {
    // The app's sessions and transport live and die together: nothing to detach.
    sessions.watch(this);
  }

  handshake(req: IncomingMessage, encrypted: boolean): HandshakeResult<Session> | Promise<HandshakeResult<Session>> {
    const cookie = req.headers.cookie;
    // No cookie, nothing to look up: a page's first connection needs no promise.
    if (cookie === undefined) return this.created(this.sessions.newForHandshake(), req, encrypted);
    return this.sessions.forHandshake(cookie).then((found) => (found.created ? this.created(found.session, req, encrypted) : { session: found.session }));
  }

  private created(session: Session, req: IncomingMessage, encrypted: boolean): HandshakeResult<Session> {
    const secure = this.sessions.isSecure(encrypted, req.headers['x-forwarded-proto']);
    return { session, setCookie: this.sessions.setCookieHeader(session, secure) };
  }

  hold(found: Session): Session {
    return this.sessions.hold(found);
  }

  opened(conn: SessionConnection): void {
    conn.session[kWatch](conn);
  }

  activity(conn: SessionConnection): void {
    if (this.sessions.touchDue(conn.session)) this.touch(conn);
  }

  closed(conn: SessionConnection): void {
    this.cookieIds.delete(conn);
    conn.session[kUnwatch](conn);
    this.sessions.release(conn.session);
  }

  /** Extends the session's life in the store and refreshes the client's cookie, whose Max-Age was fixed when it was set. */
  private touch(conn: SessionConnection): void {
    this.sessions.touch(conn.session).then(
      () => conn.send(sessionFrame(this.sessions.refreshToken(conn.session, this.idsOf(conn)))),
      (err: unknown) => this.log.warn('session touch failed', err),
    );
  }

  private idsOf(conn: SessionConnection): readonly string[] {
    return this.cookieIds.get(conn) ?? [conn.session.id];
  }

  /** When the session id changes, tell the client how to fetch the new cookie. */
  idChanged(watcher: object, session: Session, previousId: string): void {
    const conn = watcher as SessionConnection;
    this.hooks.userChanged(conn);
    const ids = [...(this.cookieIds.get(conn) ?? [previousId]).slice(-(COOKIE_IDS - 1)), session.id];
    this.cookieIds.set(conn, ids);
    conn.send(sessionFrame(this.sessions.refreshToken(session, ids), true));
  }

  userChanged(watcher: object): void {
    this.hooks.userChanged(watcher as SessionConnection);
  }

  channelsChanged(watcher: object, _session: Session, channel: string, joined: boolean): Promise<void> | void {
    return this.hooks.channelsChanged(watcher as SessionConnection, channel, joined);
  }
}
