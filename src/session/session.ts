import { SocketStreamError } from '../errors/socketstream-error';
import type { SessionRecord } from './session-store';

/** What a `Session` needs from whoever owns it (the app's session manager). */
export interface SessionOwner {
  persist(session: Session): Promise<void>;
  /** Moves `session` to a new id, storing `record` under it. */
  rotate(session: Session, record: SessionRecord): Promise<void>;
  remove(session: Session): Promise<void>;
  /** A server-side membership of `session` changed: every holder of its id on this process is told; resolves once their connections followed. */
  channelsChanged(session: Session, channel: string, joined: boolean): Promise<void>;
  /** @internal where a session's watchers (its connections) are told of changes; undefined when nothing watches */
  readonly watcherEvents: SessionWatcherEvents | undefined;
}

/** @internal starts telling the owner's {@link SessionWatcherEvents} about a session's changes, for `watcher` */
export const kWatch = Symbol('socketstream.session.watch');
/** @internal stops telling them */
export const kUnwatch = Symbol('socketstream.session.unwatch');

/**
 * @internal Told about changes of a session on behalf of each object watching it (the
 * connections of that session). One handler for every watcher, rather than an object or closures
 * per connection: 5000 idle connections should cost as little memory as ws's own.
 */
export interface SessionWatcherEvents {
  /** The session's id changed: a login, logout or destroy made through this holder. */
  idChanged(watcher: object, session: Session, previousId: string): void;
  /** The user changed without an id change: another holder of the id logged out, so this one lost the login. */
  userChanged(watcher: object, session: Session): void;
  /** A server-side channel membership changed (`session.channels.join/leave`); resolves once the watcher followed it (never rejects). */
  channelsChanged(watcher: object, session: Session, channel: string, joined: boolean): Promise<void> | void;
}

/** Server-side channel membership kept in the session (`session.channels`). */
export interface SessionChannels {
  /** Makes every connection of this session (now and after reconnecting, on any node) a member of `channel`, without `canJoin`. */
  join(channel: string): Promise<void>;
  /** Ends that membership. */
  leave(channel: string): Promise<void>;
  /** The channels joined this way. */
  list(): string[];
}

/**
 * A user's session, shared by HTTP requests and WebSocket connections carrying the same signed
 * cookie. `data` changes are kept when `save()` is called; `setUserId` and `destroy` persist on
 * their own.
 */
export class Session {
  private currentId: string;
  private record: SessionRecord;
  /** Made on first use, like `membership` and `pending`: most sessions never need them. */
  private watchers: object[] | undefined;
  private membership: SessionChannels | undefined;
  /** Id-changing operations run one after another, so two logins at once cannot both rotate the same id. */
  private pending: Promise<void> | undefined;
  /** @internal whether the store holds this session (new handshake sessions are stored on their first write) */
  stored = true;
  /** @internal epoch ms of the last time the store's expiry was extended */
  touchedAt = Date.now();

  /** @internal sessions are made by the app's session manager */
  constructor(
    private readonly owner: SessionOwner,
    id: string,
    record: SessionRecord,
  ) {
    this.currentId = id;
    this.record = withPrototypeFreeData(record);
  }

  /**
   * Server-side channel membership, as SocketStream had it: stored in the session and restored
   * when the same session reconnects, on any node.
   */
  get channels(): SessionChannels {
    return (this.membership ??= {
      join: (channel) => this.changeChannels(channel, true),
      leave: (channel) => this.changeChannels(channel, false),
      list: () => [...(this.record.channels ?? [])],
    });
  }

  /** The session id (the cookie's value before signing). Changes on `setUserId` and `destroy`. */
  get id(): string {
    return this.currentId;
  }

  /** The logged-in user's id, or null. */
  get userId(): string | null {
    return this.record.userId;
  }

  /**
   * Application data kept with the session; call `save()` after changing it. A prototype-free
   * object (`Object.create(null)`), so any key, `__proto__` included, is plain data. It must be
   * JSON-serialisable and at most `session.maxDataBytes` once encoded (default 64 KiB), or
   * `save()` refuses it.
   */
  get data(): Record<string, unknown> {
    const data = this.record.data;
    // Made on first use: a prototype-free object is a dictionary, ~200 bytes per idle session.
    return data === NO_DATA ? (this.record.data = Object.create(null) as Record<string, unknown>) : data;
  }

  /** Replaces `data`; its keys are copied into a prototype-free object, as `data` always is. */
  set data(value: Record<string, unknown>) {
    this.record.data = prototypeFree(value);
  }

  /** Epoch milliseconds when the session was created. */
  get createdAt(): number {
    return this.record.createdAt;
  }

  /**
   * Logs a user in (or out, with null). The session gets a new id, so an id an attacker planted
   * before login is worthless afterwards; connected clients are sent the new cookie.
   */
  async setUserId(userId: string | null): Promise<void> {
    if (userId !== null && (typeof userId !== 'string' || userId.length === 0)) {
      throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `session.setUserId(id): id must be a non-empty string or null, got ${JSON.stringify(userId)}`);
    }
    await this.serially(() => this.owner.rotate(this, { ...this.snapshot(), userId }));
  }

  /** Writes `data` (and the rest of the session) to the store. */
  async save(): Promise<void> {
    await this.serially(() => this.owner.persist(this));
  }

  /** Ends the session: the store forgets it and this object becomes a new, empty, anonymous session. */
  async destroy(): Promise<void> {
    await this.serially(() => this.owner.remove(this));
  }

  private async changeChannels(channel: string, joined: boolean): Promise<void> {
    if (typeof channel !== 'string' || channel.length === 0) {
      throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `session.channels.${joined ? 'join' : 'leave'}(channel): channel must be a non-empty string`);
    }
    const before = this.record.channels;
    const current = before ?? [];
    if (current.includes(channel) === joined) return;
    this.record.channels = joined ? [...current, channel] : current.filter((c) => c !== channel);
    try {
      await this.save();
    } catch (err) {
      // Refused (over maxDataBytes, the store down): the membership did not happen.
      this.record.channels = before;
      throw err;
    }
    // Resolves once this process's connections of the session are members (or have left).
    await this.owner.channelsChanged(this, channel, joined);
  }

  /** @internal tells this holder's watchers that a server-side membership changed; resolves once they followed */
  async channelsChanged(channel: string, joined: boolean): Promise<void> {
    const events = this.owner.watcherEvents;
    if (events) await Promise.all((this.watchers?.slice() ?? []).map((watcher) => events.channelsChanged(watcher, this, channel, joined)));
  }

  private serially(operation: () => Promise<void>): Promise<void> {
    const run = (this.pending ?? Promise.resolve()).then(operation);
    this.pending = run.catch(() => undefined);
    return run;
  }

  /** @internal the server-side memberships, without making the `channels` object */
  channelNames(): readonly string[] {
    return this.record.channels ?? [];
  }

  /** @internal a copy of what the store keeps */
  snapshot(): SessionRecord {
    const { userId, data, createdAt, channels } = this.record;
    return channels?.length ? { userId, data, createdAt, channels } : { userId, data, createdAt };
  }

  /** @internal the record this holder shares with the other holders of its id on this process */
  get shared(): SessionRecord {
    return this.record;
  }

  /**
   * @internal Moves this holder to `id` with `record`: its own login, logout or destroy (a new
   * id), or a detach (same id) when another holder logged out. Watchers hear of the id or user
   * change and of every server-side membership the change added or removed.
   */
  replace(id: string, record: SessionRecord): void {
    const previousId = this.currentId;
    const previous = this.record;
    this.currentId = id;
    this.record = withPrototypeFreeData(record);
    const watchers = this.watchers?.slice();
    const events = this.owner.watcherEvents;
    if (!watchers || !events) return;
    const before = previous.channels ?? [];
    const after = record.channels ?? [];
    for (const watcher of watchers) {
      if (id !== previousId) events.idChanged(watcher, this, previousId);
      else if (previous.userId !== record.userId) events.userChanged(watcher, this);
      for (const channel of before) if (!after.includes(channel)) events.channelsChanged(watcher, this, channel, false);
      for (const channel of after) if (!before.includes(channel)) events.channelsChanged(watcher, this, channel, true);
    }
  }

  /** @internal */
  [kWatch](watcher: object): void {
    (this.watchers ??= []).push(watcher);
  }

  /** @internal */
  [kUnwatch](watcher: object): void {
    const at = this.watchers?.indexOf(watcher) ?? -1;
    if (at >= 0) this.watchers?.splice(at, 1);
  }
}

/**
 * @internal The `data` of a session nobody has written to: shared, frozen and prototype-free;
 * `session.data` swaps it for an object of the session's own on first read.
 */
export const NO_DATA: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

/** A copy of `value`'s own keys in an object without a prototype (returned as is when it already has none). */
export function prototypeFree(value: Record<string, unknown>): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `session.data must be an object, got ${value === null ? 'null' : typeof value}`);
  }
  if (Object.getPrototypeOf(value) === null) return value;
  // Object.assign defines `__proto__` as a plain key on a target without a prototype.
  return Object.assign(Object.create(null) as Record<string, unknown>, value);
}

function withPrototypeFreeData(record: SessionRecord): SessionRecord {
  const data = record.data;
  if (Object.getPrototypeOf(data) !== null) record.data = Object.keys(data).length === 0 ? NO_DATA : prototypeFree(data);
  return record;
}
