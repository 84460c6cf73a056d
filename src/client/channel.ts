import { type ClientFrame, type EventFrame, PRESENCE_PAGE_SIZE, type PresenceEntry } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import { Emitter } from './emitter';

/**
 * The listener type for channel event `K`: `gap` gets nothing, `error` the `RpcError` of a failed
 * automatic rejoin, `$join` / `$leave` the member, any other event its data.
 */
export type ChannelListener<K extends string> = K extends 'gap'
  ? () => void
  : K extends 'error'
    ? (error: RpcError) => void
    : K extends '$join' | '$leave'
      ? (member: PresenceEntry) => void
      : (data: unknown) => void;

/**
 * One channel as the client sees it, from `ss.channel(name)` (the same handle for the same name).
 *
 * Events: every event published into the channel, by its name, with its data; `$join` / `$leave`
 * with `{ socketId, userId }` when a member comes or goes; `gap` when messages missed during a
 * disconnect were no longer kept (refetch the state; `ss.event` hears it as `$gap`); `error` with
 * the `RpcError` of an automatic rejoin the server refused. `gap` and `error` are therefore
 * reserved as event names.
 *
 * Messages are delivered in sequence order and at most once: the handle drops any whose number
 * is not above {@link lastSeq}. After a reconnect the client rejoins every channel it had joined,
 * sending `lastSeq`, and the server replays what was missed. A channel the server joined the
 * session to (`session.channels`) is resumed the same way, whether or not it has a handle.
 */
export interface ChannelHandle {
  /** The channel's name, e.g. `'room:lobby'`. */
  readonly name: string;
  /** True from a successful `join()` until `leave()`, or until an automatic rejoin is refused. */
  readonly joined: boolean;
  /** Sequence number of the last message delivered (or skipped by a `gap`); undefined before any. */
  readonly lastSeq: number | undefined;
  /**
   * Joins the channel (`canJoin` and guards run on the server). Resolves at once when already
   * joined, and with the pending join when one is in flight.
   *
   * @throws RpcError (as a rejection) with the refusing code (e.g. `FORBIDDEN`), `TIMEOUT` or
   *   `UNAVAILABLE` like any call
   */
  join(): Promise<void>;
  /** Leaves the channel; it is no longer rejoined after a reconnect. */
  leave(): Promise<void>;
  /**
   * Sends `event` with `data` into the channel, for its `@Subscribe(event)` handler.
   *
   * @returns the handler's result
   * @throws RpcError (as a rejection): `FORBIDDEN` when not joined, `NOT_FOUND` without a handler,
   *   the handler's error, `TIMEOUT` or `UNAVAILABLE`
   */
  send(event: string, data?: unknown): Promise<unknown>;
  /**
   * Who is in the channel now (the client must have joined it), ordered by `socketId`. The
   * server answers 100 members per request: a crowded channel takes one request per 100, each
   * counted by the server's rate limit.
   */
  presence(): Promise<PresenceEntry[]>;
  /**
   * One page of {@link presence}: up to 100 members ordered by `socketId`, those after `after`.
   * `next`, when present, is the `after` of the following page.
   */
  presencePage(after?: string): Promise<{ members: PresenceEntry[]; next?: string }>;
  /** Calls `listener` every time `event` arrives in this channel. */
  on<K extends string>(event: K, listener: ChannelListener<K>): this;
  /** Calls `listener` the next time `event` arrives in this channel, then forgets it. */
  once<K extends string>(event: K, listener: ChannelListener<K>): this;
  /** Removes every registration of `listener` for `event`. */
  off<K extends string>(event: K, listener: ChannelListener<K>): this;
}

/** A client frame before the client gives it an id. */
export type UnsentFrame = Exclude<ClientFrame, { t: 'msg' }> extends infer F ? (F extends unknown ? Omit<F, 'id'> : never) : never;

/** How the handle stores listeners of every kind. */
type AnyListener = (...args: unknown[]) => void;

/** What a channel needs from its client. */
export interface ChannelLink {
  /**
   * Sends `frame` as a call: queued while disconnected, timed out, rejected on a drop. The
   * callbacks run as the reply is read, before any later frame.
   */
  call(frame: UnsentFrame, resolve: (value: unknown) => void, reject: (error: Error) => void): void;
  /** Whether a connection is up (said hello): a retried rejoin waits for the next one otherwise. */
  connected(): boolean;
  /** Emits a delivered channel event on `ss.event`. */
  publish(event: string, data: unknown, channel: string): void;
}

/** The client's side of one channel: membership, sequence tracking and recovery. */
export class Channel implements ChannelHandle {
  private readonly events = new Emitter<Record<string, AnyListener>>();
  private isJoined = false;
  private seq: number | undefined;
  private joining: Promise<void> | undefined;
  /** Bumped by every join() and leave(), so a reply to an outdated request changes nothing. */
  private version = 0;
  /** True while a rejoin is in flight: messages wait in `held` until its reply. */
  private rejoining = false;
  /** The last message a rejoin replays; messages held beyond it wait until it was delivered. */
  private replayEnd = -Infinity;
  /** Messages received out of turn, by sequence number. */
  private readonly held = new Map<number, EventFrame>();
  /** A rejoin the server's rate limit refused, to be tried again. */
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Messages came while not joined: the server joined the session (`session.channels`); resumed after a reconnect. */
  private following = false;

  constructor(
    readonly name: string,
    private readonly link: ChannelLink,
  ) {}

  get joined(): boolean {
    return this.isJoined;
  }

  get lastSeq(): number | undefined {
    return this.seq;
  }

  join(): Promise<void> {
    if (this.isJoined) return Promise.resolve();
    if (this.joining) return this.joining;
    const version = ++this.version;
    return (this.joining = new Promise((resolve, reject) =>
      this.link.call(
        { t: 'join', c: this.name },
        (reply) => {
          if (version === this.version) {
            this.isJoined = true;
            // History from before the join is not replayed: continue from the channel's latest.
            this.seq = latestOf(reply);
            this.answered();
          }
          resolve();
        },
        (error) => {
          if (version === this.version) this.answered();
          reject(error);
        },
      ),
    ));
  }

  /** A join answered. A resume in flight meanwhile is outdated: what it held goes out now, after `lastSeq`. */
  private answered(): void {
    this.joining = undefined;
    this.rejoining = false;
    this.flush();
  }

  leave(): Promise<void> {
    clearTimeout(this.retry);
    this.version++;
    this.isJoined = this.rejoining = this.following = false;
    this.joining = undefined;
    this.flush();
    return this.request({ t: 'leave', c: this.name }).then(() => undefined);
  }

  send(event: string, data?: unknown): Promise<unknown> {
    return this.request({ t: 'push', c: this.name, e: event, d: data });
  }

  async presence(): Promise<PresenceEntry[]> {
    const all: PresenceEntry[] = [];
    let after: string | undefined;
    do {
      const page = await this.presencePage(after);
      all.push(...page.members);
      // A next page must start further on; a server that repeats itself ends the list.
      after = page.next !== undefined && (after === undefined || page.next > after) ? page.next : undefined;
    } while (after !== undefined);
    return all;
  }

  async presencePage(after?: string): Promise<{ members: PresenceEntry[]; next?: string }> {
    const members = (await this.request({ t: 'presence', c: this.name, after })) as PresenceEntry[];
    // Only a full page can have more after it.
    return members.length < PRESENCE_PAGE_SIZE ? { members } : { members, next: members[members.length - 1].socketId };
  }

  on<K extends string>(event: K, listener: ChannelListener<K>): this {
    this.events.on(event, listener as AnyListener);
    return this;
  }

  once<K extends string>(event: K, listener: ChannelListener<K>): this {
    this.events.once(event, listener as AnyListener);
    return this;
  }

  off<K extends string>(event: K, listener: ChannelListener<K>): this {
    this.events.off(event, listener as AnyListener);
    return this;
  }

  /**
   * A new connection is up: if joined, asks the server to join again from `lastSeq`; if the
   * server had joined the session to the channel, asks it to resume from there. Messages
   * arriving before its reply are held, so the replay of older ones cannot be overtaken.
   *
   * @returns false when there is nothing to rejoin
   */
  rejoin(): boolean {
    clearTimeout(this.retry);
    const resume = !this.isJoined;
    if (resume && !this.following) return false;
    const version = this.version;
    const from = this.seq ?? 0;
    this.rejoining = true;
    this.link.call(
      { t: resume ? 'resume' : 'join', c: this.name, s: from },
      (reply) => {
        if (version !== this.version) return;
        this.rejoining = false;
        const latest = latestOf(reply);
        // The channel's count went back: the server lost its history (a restart in memory mode).
        if (latest < from) this.gap(latest);
        else this.replayed(latest);
      },
      (error: unknown) => {
        // UNAVAILABLE: the connection went again and the next one rejoins, or the client closed.
        if (version !== this.version || !(error instanceof RpcError) || error.code === 'UNAVAILABLE') return;
        if (error.code === 'RATE_LIMITED') {
          // The server's ws.rateLimit: a reconnect sends every rejoin and queued call at once. The
          // membership is kept and asked for again when the server says (the next connection
          // rejoins anyway if this one drops meanwhile).
          this.retry = setTimeout(() => version === this.version && this.link.connected() && this.rejoin(), retryAfterOf(error));
          (this.retry as { unref?: () => void }).unref?.();
          return;
        }
        this.isJoined = this.rejoining = this.following = false;
        // A resume refused: the session left the channel meanwhile. Start afresh should it come back.
        if (resume) this.seq = undefined;
        this.flush();
        if (!resume) this.events.emit('error', error);
      },
    );
    return true;
  }

  /** A channel message arrived: delivered in order, at most once. */
  receive(frame: EventFrame): void {
    const s = frame.s;
    if (typeof s !== 'number') return this.deliver(frame);
    if (!this.isJoined) this.following = true;
    if (this.rejoining) {
      this.held.set(s, frame);
      return;
    }
    // Messages held during the rejoin interleave with the replay by number.
    this.flush(s);
    this.held.delete(s);
    if (this.seq === undefined || s > this.seq) {
      this.seq = s;
      this.deliver(frame);
    }
    this.replayed(this.replayEnd);
  }

  /**
   * The server made this connection a member (`session.channels`) at sequence `s`: follow the
   * channel from there, so a reconnect resumes it even if no message came before. Nothing
   * changes for a channel already joined or followed (a message may have come first).
   */
  member(s: number): void {
    if (this.isJoined || this.following) return;
    this.following = true;
    this.seq = s;
  }

  /** Messages up to `s` are gone: continue from `s` and tell the app to refetch. */
  gap(s: number): void {
    this.seq = s;
    this.rejoining = false;
    this.replayEnd = -Infinity;
    for (const held of this.held.keys()) if (held <= s) this.held.delete(held);
    this.link.publish('$gap', undefined, this.name);
    this.events.emit('gap');
    this.flush();
  }

  private request(frame: UnsentFrame): Promise<unknown> {
    return new Promise((resolve, reject) => this.link.call(frame, resolve, reject));
  }

  /** Once the replay up to `end` is delivered, delivers whatever is still held. */
  private replayed(end: number): void {
    this.replayEnd = end;
    if ((this.seq ?? 0) >= end) {
      this.replayEnd = -Infinity;
      this.flush();
    }
  }

  /** Delivers, in order, the held messages numbered below `below` and above `lastSeq`. */
  private flush(below = Infinity): void {
    if (this.held.size === 0) return;
    for (const s of [...this.held.keys()].sort((a, b) => a - b)) {
      if (s >= below) break;
      const frame = this.held.get(s) as EventFrame;
      this.held.delete(s);
      if (this.seq === undefined || s > this.seq) {
        this.seq = s;
        this.deliver(frame);
      }
    }
  }

  private deliver(frame: EventFrame): void {
    this.link.publish(frame.e, frame.d, this.name);
    this.events.emit(frame.e, frame.d);
  }
}

/** The `s` of a join reply `{ s }`, 0 when absent. */
function latestOf(reply: unknown): number {
  const s = (reply as { s?: unknown } | undefined)?.s;
  return typeof s === 'number' ? s : 0;
}

/** The wait a RATE_LIMITED error asks for, in ms (1 s when it does not say), kept within 10 ms–1 min. */
function retryAfterOf(error: RpcError): number {
  const given = (error.details as { retryAfter?: unknown } | undefined)?.retryAfter;
  return typeof given === 'number' && Number.isFinite(given) ? Math.min(60_000, Math.max(10, given)) : 1000;
}
