import type { Session } from './session';
import type { SessionRecord, SessionStore } from './session-store';

/** What an app exposes of its sessions (`app.sessions`): enough for scripts and tests, nothing that could unbalance live connections. */
export interface AppSessions {
  /** The store sessions live in. */
  readonly store: SessionStore;
  /** Name of the session cookie. */
  readonly cookieName: string;
  /** Creates and stores a session, e.g. to log a test client in. */
  create(initial?: Partial<Pick<SessionRecord, 'userId' | 'data'>>): Promise<Session>;
  /** The session with this id, or undefined when the store does not know it. */
  load(id: string): Promise<Session | undefined>;
  /** A `Cookie` header naming `session`, for Node clients and tests. */
  cookieHeader(session: Session): string;
  /** The session id a `Cookie` header names, when its signature is valid. */
  idFromCookieHeader(header: string | undefined): string | undefined;
}
