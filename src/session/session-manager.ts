import { randomBytes } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Logger } from '../logging/logger';
import { CookieSigner } from './cookie-signer';
import { MemorySessionStore } from './memory-session-store';
import { RandomIds } from './random-ids';
import { RefreshTokens } from './refresh-token';
import { Session, type SessionOwner } from './session';
import type { SessionOptions } from './session-options';
import type { SessionRecord, SessionStore } from './session-store';

const DAY = 24 * 60 * 60 * 1000;

function resolveSecrets(options: SessionOptions, env: NodeJS.ProcessEnv, production: boolean, log: Logger): string[] {
  const given = options.secret ?? env.SS_SECRET;
  const list = (Array.isArray(given) ? given : given ? [given] : []).filter((s) => typeof s === 'string' && s.length > 0);
  if (list.length > 0) return list;
  if (production) {
    throw new SocketStreamError('SS_ERR_NO_SECRET', 'createApp: a session secret is required in production (NODE_ENV=production); set session.secret or SS_SECRET');
  }
  log.debug('no session secret given: using a random one, so sessions end when the process restarts');
  return [randomBytes(32).toString('base64url')];
}

interface Live {
  session: Session;
  refs: number;
}

/**
 * Loads, creates, rotates and persists the sessions of one app. Connections on this process that
 * share a session id share one `Session` object, so a change made through one is seen by all.
 */
export class SessionManager implements SessionOwner {
  readonly cookieName: string;
  readonly store: SessionStore;
  readonly ttl: number;
  private readonly signer: CookieSigner;
  private readonly tokens: RefreshTokens;
  private readonly live = new Map<string, Live>();
  private readonly ids = new RandomIds();

  constructor(
    private readonly options: SessionOptions,
    env: NodeJS.ProcessEnv,
    production: boolean,
    private readonly log: Logger,
  ) {
    const secrets = resolveSecrets(options, env, production, log);
    this.signer = new CookieSigner(secrets);
    this.tokens = new RefreshTokens(secrets);
    this.cookieName = options.cookieName ?? 'ss.sid';
    this.ttl = options.ttl ?? 14 * DAY;
    this.store = options.store ?? new MemorySessionStore();
    if (!Number.isFinite(this.ttl) || this.ttl <= 0) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `createApp: session.ttl must be a positive number of milliseconds, got ${String(options.ttl)}`);
    }
  }

  /** The session id named by a Cookie header, when its signature is valid. */
  idFromCookieHeader(header: string | undefined): string | undefined {
    if (!header) return undefined;
    const signed = parseCookies(header)[this.cookieName];
    return signed ? this.signer.unsign(signed) : undefined;
  }

  /** Loads a session by id, or undefined when the store does not know it. Never creates one. */
  async load(id: string): Promise<Session | undefined> {
    const live = this.live.get(id);
    if (live) return live.session;
    const record = await this.store.get(id);
    if (!record) return undefined;
    void this.store.touch(id, this.ttl).catch((err: unknown) => this.log.warn('session touch failed', err));
    return new Session(this, id, record);
  }

  /** Whether the store's expiry of `session` is due to be extended (at most every tenth of the ttl). */
  touchDue(session: Session): boolean {
    return session.stored && Date.now() - session.touchedAt > this.ttl / 10;
  }

  /** Extends the life of `session` in the store by the ttl from now. */
  async touch(session: Session): Promise<void> {
    session.touchedAt = Date.now();
    await this.store.touch(session.id, this.ttl);
  }

  /** A new anonymous session; stored at once when `persist` is true. */
  async create(initial: Partial<Pick<SessionRecord, 'userId' | 'data'>> = {}): Promise<Session> {
    const session = this.createUnsaved(initial);
    await this.persist(session);
    return session;
  }

  /** A new session not yet in the store (HTTP creates them lazily and saves after the response). */
  createUnsaved(initial: Partial<Pick<SessionRecord, 'userId' | 'data'>> = {}): Session {
    const record: SessionRecord = { userId: initial.userId ?? null, data: initial.data ?? {}, createdAt: Date.now() };
    return new Session(this, this.newSessionId(), record);
  }

  /**
   * The session a WebSocket handshake carries: the one its cookie names when the store knows
   * it (or a connection on this process holds it), else a new one whose cookie goes on the 101
   * response. A client-chosen id the store does not know is never adopted.
   */
  async forHandshake(cookieHeader: string | undefined): Promise<{ session: Session; created: boolean }> {
    const id = this.idFromCookieHeader(cookieHeader);
    const known = id === undefined ? undefined : await this.load(id);
    if (known) return { session: known, created: false };
    return { session: this.newForHandshake(), created: true };
  }

  /** A new session for a handshake that named none; stored on its first write, so anonymous sockets that never write cost the store nothing. */
  newForHandshake(): Session {
    const session = this.createUnsaved();
    session.stored = false;
    return session;
  }

  /**
   * Registers an open connection's hold on `session` and returns the object to use: when another
   * connection on this process already holds the same id, both share its `Session`. Call
   * `release` when the connection ends.
   */
  hold(session: Session): Session {
    const live = this.live.get(session.id);
    if (live) {
      live.refs++;
      return live.session;
    }
    this.live.set(session.id, { session, refs: 1 });
    return session;
  }

  /** Ends one connection's hold on a session. */
  release(session: Session): void {
    const live = this.live.get(session.id);
    if (live && live.session === session && --live.refs <= 0) this.live.delete(session.id);
  }

  /** `Set-Cookie` header value for `session`. */
  setCookieHeader(session: Session, secure: boolean): string {
    // The signed value is base64url and a dot: nothing to encode. The attributes never change,
    // so the cookie library formats (and validates) them once instead of once per connection.
    this.cookieAttributes ??= [false, true].map((s) => this.cookieAttributesFor(s)) as [string, string];
    return `${this.cookieName}=${this.signer.sign(session.id)}${this.cookieAttributes[secure ? 1 : 0]}`;
  }

  private cookieAttributes: [string, string] | undefined;

  private cookieAttributesFor(secure: boolean): string {
    const placeholder = 'v';
    const header = serializeCookie(this.cookieName, placeholder, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: Math.ceil(this.ttl / 1000),
      secure,
    });
    return header.slice(this.cookieName.length + 1 + placeholder.length);
  }

  /** `Cookie` header value naming `session`, for Node clients and tests. */
  cookieHeader(session: Session): string {
    return serializeCookie(this.cookieName, this.signer.sign(session.id));
  }

  /** Whether cookies for a request should be `Secure`. */
  isSecure(encrypted: boolean, forwardedProto: string | string[] | undefined): boolean {
    const secure = this.options.secure ?? 'auto';
    if (secure !== 'auto') return secure;
    if (encrypted) return true;
    const proto = Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto;
    return this.options.trustProxy === true && proto?.split(',')[0].trim() === 'https';
  }

  /**
   * A short-lived token the client trades for the current cookie of `session` over HTTP. Only a
   * request whose cookie names one of `cookieIds` (ids this client has held) can redeem it, so
   * another site cannot plant this session in a victim's browser.
   */
  refreshToken(session: Session, cookieIds: readonly string[]): string {
    return this.tokens.issue(cookieIds, session.id);
  }

  /** The session id a refresh token stands for, when valid, unexpired and presented with the cookie it was made for. */
  redeemRefreshToken(token: string, cookieHeader: string | undefined): string | undefined {
    const cookieId = this.idFromCookieHeader(cookieHeader);
    return cookieId === undefined ? undefined : this.tokens.redeem(token, cookieId);
  }

  /** @internal (SessionOwner) writes `session` to the store */
  async persist(session: Session): Promise<void> {
    await this.store.set(session.id, session.snapshot(), this.ttl);
    session.stored = true;
    session.touchedAt = Date.now();
  }

  /** @internal (SessionOwner) stores `record` under a new id, forgets the old one, then switches `session` over */
  async rotate(session: Session, record: SessionRecord): Promise<void> {
    const oldId = session.id;
    const newId = this.newSessionId();
    await this.store.set(newId, record, this.ttl);
    if (session.stored) await this.store.destroy(oldId);
    session.stored = true;
    this.rekey(session, oldId, newId, record);
  }

  /** @internal (SessionOwner) forgets `session` and turns it into a new anonymous one */
  async remove(session: Session): Promise<void> {
    const oldId = session.id;
    if (session.stored) await this.store.destroy(oldId);
    const record: SessionRecord = { userId: null, data: {}, createdAt: Date.now() };
    session.stored = false;
    this.rekey(session, oldId, this.newSessionId(), record);
  }

  private rekey(session: Session, oldId: string, newId: string, record: SessionRecord, local = true): void {
    const live = this.live.get(oldId);
    if (live && live.session === session) {
      this.live.delete(oldId);
      this.live.set(newId, live);
    }
    session.replace(newId, record);
    if (local) this.onRotated?.(oldId, newId);
  }

  /** Told of every id change made on this node, so other nodes holding the session can follow. */
  onRotated: ((oldId: string, newId: string) => void) | undefined;

  /**
   * Another node changed the id of a session (login, logout): connections here that hold the old
   * id move to the new one, with its user, so `publish.user` and guards see the change at once.
   */
  async followRemoteRotation(oldId: string, newId: string): Promise<void> {
    const live = this.live.get(oldId);
    if (!live) return;
    const record = (await this.store.get(newId)) ?? { userId: null, data: {}, createdAt: Date.now() };
    if (this.live.get(oldId) !== live) return; // changed again meanwhile
    live.session.stored = true;
    this.rekey(live.session, oldId, newId, record, false);
  }

  /** 24 random bytes: a session id nobody can guess. */
  private newSessionId(): string {
    return this.ids.next(24);
  }

  /** Forgets live sessions and closes the store. */
  async close(): Promise<void> {
    this.live.clear();
    await this.store.close();
  }
}
