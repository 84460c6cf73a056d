import { randomBytes } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { SocketStreamError } from '../errors/socketstream-error';
import { RpcError } from '../protocol/rpc-error';
import type { Logger } from '../logging/logger';
import { CookieSigner } from './cookie-signer';
import { MemorySessionStore } from './memory-session-store';
import { RandomIds } from '../transport/random-ids';
import { RefreshTokens } from './refresh-token';
import { NO_DATA, Session, type SessionOwner, type SessionWatcherEvents } from './session';
import type { SessionOptions } from './session-options';
import type { SessionRecord, SessionStore } from './session-store';

const DAY = 24 * 60 * 60 * 1000;
/** How long a retired id is remembered: longer than any session lookup of a handshake or request may take. */
const RETIRED_WINDOW = 60_000;

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

/** The holders of one session id on this process (its open connections) and the record they share. */
interface Live {
  record: SessionRecord;
  holders: Session[];
}

/**
 * Loads, creates, rotates and persists the sessions of one app.
 *
 * Every holder of a session (an open connection, an HTTP request) has its own `Session` object;
 * the connections on this process that hold one id share its record, so a `data` change made
 * through one is seen by all. A login, logout or destroy moves only the holder it was made
 * through: the others, on every node, are detached. They keep the old id, which the store no
 * longer has, and the record as it was when it was anonymous; a logged-in record becomes an
 * empty anonymous one, so a logout is never left behind on another tab. A socket that shared an
 * id before a login (a planted cookie: session fixation) is therefore never carried into the
 * logged-in session; the browser's other tabs follow the login when they reconnect with the
 * cookie the browser now has.
 */
export class SessionManager implements SessionOwner {
  readonly cookieName: string;
  readonly store: SessionStore;
  readonly ttl: number;
  /** `session.maxDataBytes`. */
  readonly maxDataBytes: number;
  private readonly signer: CookieSigner;
  private readonly tokens: RefreshTokens;
  private readonly live = new Map<string, Live>();
  /**
   * Ids a login, logout or destroy left behind (here or, as announced, on another node), with
   * when to forget them: a handshake or request that read such an id's record from the store
   * just before it was retired must not hold on to its login.
   */
  private readonly retired = new Map<string, number>();
  private readonly ids = new RandomIds();
  private events: SessionWatcherEvents | undefined;

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
    this.maxDataBytes = options.maxDataBytes ?? 64 * 1024;
    if (!Number.isSafeInteger(this.maxDataBytes) || this.maxDataBytes < 2) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `createApp: session.maxDataBytes must be a whole number of bytes of at least 2, got ${String(options.maxDataBytes)}`);
    }
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

  /**
   * Loads a session by id, or undefined when the store does not know it. Never creates one. An id
   * held by a connection on this process gives a new holder sharing its record.
   */
  async load(id: string): Promise<Session | undefined> {
    const live = this.live.get(id);
    if (live) return new Session(this, id, live.record);
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
    const record: SessionRecord = { userId: initial.userId ?? null, data: initial.data ?? NO_DATA, createdAt: Date.now() };
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
   * Registers an open connection's hold on `session` and returns the object to use (its own):
   * when another connection on this process already holds the same id, they share its record.
   * Call `release` when the connection ends.
   */
  hold(session: Session): Session {
    if (session.userId !== null && this.isRetired(session.id)) {
      session.stored = false;
      session.replace(session.id, { userId: null, data: NO_DATA, createdAt: Date.now() });
    }
    const live = this.live.get(session.id);
    if (!live) {
      this.live.set(session.id, { record: session.shared, holders: [session] });
      return session;
    }
    // Loaded before the other holder's connection opened: take the record they share.
    if (session.shared !== live.record) session.replace(session.id, live.record);
    live.holders.push(session);
    return session;
  }

  /** @internal (SessionOwner) told of the changes of watched sessions: the WebSocket side's session link */
  get watcherEvents(): SessionWatcherEvents | undefined {
    return this.events;
  }

  /**
   * @internal Makes `events` hear of the changes of every watched session (the WebSocket side's
   * session link does, for its connections). One listener at a time: a second is refused.
   *
   * @returns a detach
   */
  watch(events: SessionWatcherEvents): () => void {
    if (this.events !== undefined) throw new SocketStreamError('SS_ERR_ALREADY_STARTED', 'SessionManager.watch(): the sessions are already watched (one WebSocket transport per app)');
    this.events = events;
    return () => {
      if (this.events === events) this.events = undefined;
    };
  }

  /** Ends one connection's hold on a session. */
  release(session: Session): void {
    this.unlist(session, session.id);
  }

  private unlist(session: Session, id: string): void {
    const live = this.live.get(id);
    const at = live?.holders.indexOf(session) ?? -1;
    if (!live || at < 0) return;
    live.holders.splice(at, 1);
    if (live.holders.length === 0) this.live.delete(id);
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

  /**
   * The session id a refresh token stands for, when valid, unexpired, presented with the cookie
   * it was made for, and not redeemed before: a token works once (on every node sharing the store).
   */
  async redeemRefreshToken(token: string, cookieHeader: string | undefined): Promise<string | undefined> {
    const cookieId = this.idFromCookieHeader(cookieHeader);
    const redeemed = cookieId === undefined ? undefined : this.tokens.redeem(token, cookieId);
    if (redeemed === undefined) return undefined;
    const first = await this.store.useOnce(`refresh:${redeemed.nonce}`, redeemed.expiresAt - Date.now() + 1000);
    return first ? redeemed.sessionId : undefined;
  }

  /** @internal (SessionOwner) writes `session` to the store */
  async persist(session: Session): Promise<void> {
    const record = await this.storable(session, session.snapshot());
    await this.store.set(session.id, record, this.ttl);
    session.stored = true;
    session.touchedAt = Date.now();
  }

  /** @internal (SessionOwner) stores `record` under a new id, forgets the old one, then switches `session` over */
  async rotate(session: Session, record: SessionRecord): Promise<void> {
    // A copy: the holders left on the old id must not share data objects with the new session.
    const copy = JSON.parse(JSON.stringify(await this.storable(session, record))) as SessionRecord;
    const oldId = session.id;
    const newId = this.newSessionId();
    await this.store.set(newId, copy, this.ttl);
    if (session.stored) await this.store.destroy(oldId);
    session.stored = true;
    this.rekey(session, oldId, newId, copy);
  }

  /**
   * `record` when the store can keep it: JSON-serialisable, `data` at most `maxDataBytes`. Else
   * `session.data` goes back to what the store holds (so the session keeps working) and the
   * write is refused: `PAYLOAD_TOO_LARGE` for size, `SS_ERR_SESSION_DATA` for what JSON cannot
   * carry (a cycle, a BigInt, nesting too deep to encode).
   */
  private async storable(session: Session, record: SessionRecord): Promise<SessionRecord> {
    let refusal: Error | undefined;
    try {
      // Server-side memberships are stored with the data and count against the same limit.
      const bytes = Buffer.byteLength(JSON.stringify(record.data) ?? '') + (record.channels ? Buffer.byteLength(JSON.stringify(record.channels)) : 0);
      if (bytes > this.maxDataBytes) {
        refusal = new RpcError('PAYLOAD_TOO_LARGE', `session data of ${bytes} bytes is over the ${this.maxDataBytes} allowed (session.maxDataBytes)`, { size: bytes, limit: this.maxDataBytes });
      }
    } catch (err) {
      refusal = new SocketStreamError('SS_ERR_SESSION_DATA', `session.data cannot be stored as JSON (${err instanceof Error ? err.message : String(err)}); it was restored to what the store holds`, { cause: err });
    }
    if (refusal === undefined) return record;
    const stored = session.stored ? await this.store.get(session.id).catch(() => undefined) : undefined;
    session.data = stored?.data ?? {};
    throw refusal;
  }

  /** @internal (SessionOwner) forgets `session` and turns it into a new anonymous one */
  async remove(session: Session): Promise<void> {
    const oldId = session.id;
    if (session.stored) await this.store.destroy(oldId);
    const record: SessionRecord = { userId: null, data: NO_DATA, createdAt: Date.now() };
    session.stored = false;
    this.rekey(session, oldId, this.newSessionId(), record);
  }

  /** Moves `session` alone to `newId`; every other holder of `oldId`, here and on other nodes, is detached. */
  private rekey(session: Session, oldId: string, newId: string, record: SessionRecord): void {
    const held = this.live.get(oldId)?.holders.includes(session) === true;
    if (held) this.unlist(session, oldId);
    session.replace(newId, record);
    if (held) this.hold(session);
    this.detach(oldId);
    this.onRotated?.(oldId, newId);
  }

  /**
   * The holders of `oldId` on this process lose it to a login, logout or destroy made through
   * another holder: they stay on `oldId` (which the store no longer has, so a later write stores
   * it anew), anonymous. An anonymous record is kept as it is; a logged-in one is replaced by an
   * empty anonymous record, memberships included.
   */
  private detach(oldId: string): void {
    this.retire(oldId);
    const live = this.live.get(oldId);
    if (!live) return;
    if (live.record.userId !== null) live.record = { userId: null, data: NO_DATA, createdAt: Date.now() };
    for (const holder of live.holders.slice()) {
      holder.stored = false;
      holder.replace(oldId, live.record);
    }
  }

  /** @internal (SessionOwner) the holders sharing `session`'s record hear of a membership change made through any of them */
  async channelsChanged(session: Session, channel: string, joined: boolean): Promise<void> {
    const live = this.live.get(session.id);
    const holders = live?.record === session.shared ? live.holders.slice() : [session];
    await Promise.all(holders.map((holder) => holder.channelsChanged(channel, joined)));
  }

  private retire(id: string): void {
    const now = Date.now();
    // Expired entries go as new ones come: the map holds at most a window's worth of logins.
    for (const [old, until] of this.retired) {
      if (until > now) break;
      this.retired.delete(old);
    }
    this.retired.set(id, now + RETIRED_WINDOW);
  }

  private isRetired(id: string): boolean {
    const until = this.retired.get(id);
    return until !== undefined && until > Date.now();
  }

  /** Told of every id change made on this node, so other nodes can detach their holders of the old id. */
  onRotated: ((oldId: string, newId: string) => void) | undefined;

  /**
   * Another node moved a holder of `oldId` to a new id (login, logout, destroy): connections here
   * that hold `oldId` are detached from it, as the other holders on that node were.
   */
  detachRemote(oldId: string): void {
    this.detach(oldId);
  }

  /** 24 random bytes: a session id nobody can guess. */
  private newSessionId(): string {
    return this.ids.next(24);
  }

  /** Forgets live sessions and closes the store. */
  /** Forgets the live sessions and closes the store (unless `closeStore` is false: `ss dev` keeps it for the app after a restart). */
  async close(closeStore = true): Promise<void> {
    this.live.clear();
    if (closeStore) await this.store.close();
  }
}
