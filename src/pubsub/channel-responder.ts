import type { Logger } from '../logging/logger';
import { errorFrame, gapFrame, memberFrame, resultFrame } from '../protocol/encode';
import { readChannelFrame } from '../protocol/codec';
import { type FrameEnvelope, type JoinFrame, type LeaveFrame, PRESENCE_PAGE_SIZE, type PresenceEntry, type PresenceFrame, type PushFrame, type ResumeFrame } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { ErrorMapper } from '../invocation/error-mapper';
import { invoke, runGuards } from '../invocation/invocation';
import type { FrameResponder } from '../responders/frame-responder';
import type { SessionConnection as Connection } from '../session/session-connection';
import type { ChannelContext } from '../invocation/channel-context';
import type { ChannelDefinition } from './channel-table';
import type { LocalFanout } from './local-fanout';
import { checkChannelName, type PubSub, quoteName } from './pubsub';
import type { PubSubTransport } from './pubsub-transport';

/** A frame this responder serves. */
export type ChannelFrame = JoinFrame | ResumeFrame | LeaveFrame | PushFrame | PresenceFrame;

/** Presence events, published into the channel like any other message. */
export const PRESENCE_JOIN = '$join';
export const PRESENCE_LEAVE = '$leave';

/** The per-connection limits a {@link ChannelResponder} enforces (from `createApp({ ws })`). */
export interface ChannelLimits {
  /** Channels one connection may be a member of at once (`ws.maxChannels`); further joins are refused `FORBIDDEN`. Default 1000. */
  maxChannels?: number;
  /** Calls one connection may have running at once, RPC and channel frames together (`ws.maxInFlight`). Default 256. */
  maxInFlight?: number;
}

/**
 * Milliseconds a channel frame refused for `maxInFlight` suggests waiting (`details.retryAfter`).
 * Channel calls finish in milliseconds unless `canJoin` is slow, and the client asks again after
 * this long for a refused rejoin (a reconnect sends every rejoin at once).
 */
const IN_FLIGHT_RETRY_AFTER = 100;

/** `$leave` announcements made per turn of the event loop when a connection closes. */
const LEAVES_PER_TURN = 64;

/** One channel frame being served: its reply is sent once, and ends its count in `conn.inFlight`. */
interface ChannelCall {
  readonly conn: Connection;
  answered: boolean;
}

/** A join in progress on one connection. */
interface JoinAttempt {
  readonly state: JoinState;
  cancelled: boolean;
  /** Whether it holds one of the connection's `maxChannels` places until it is a member. */
  reserved: boolean;
}

/** What the responder keeps per connection while joins run. */
interface JoinState {
  readonly pending: Map<string, JoinAttempt>;
  /** Places held by joins of channels the connection is not yet a member of. */
  reserved: number;
}

/**
 * Serves channel frames: `join` (guards, `canJoin`, membership, history replay), `resume` (history
 * replay of a server-side membership), `leave`, `push` (to the channel's `@Subscribe` handler)
 * and `presence`. Each frame counts as a call in flight (`maxInFlight`, shared with RPC) until it
 * is answered.
 */
export class ChannelResponder implements FrameResponder<ChannelFrame> {
  readonly name = 'channels';
  readonly frameTypes = ['join', 'resume', 'leave', 'push', 'presence'] as const;
  private readonly maxChannels: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly channels: readonly ChannelDefinition[],
    private readonly fanout: LocalFanout,
    private readonly transport: PubSubTransport,
    private readonly pubsub: PubSub,
    private readonly errors: ErrorMapper,
    private readonly log: Logger,
    limits: ChannelLimits = {},
  ) {
    this.maxChannels = limits.maxChannels ?? 1000;
    this.maxInFlight = limits.maxInFlight ?? 256;
  }

  read(frame: FrameEnvelope): ChannelFrame {
    return readChannelFrame(frame);
  }

  /** A new connection follows its session's server-side memberships (`session.channels`). */
  connected(conn: Connection): void {
    for (const channel of conn.session.channelNames()) void this.follow(conn, channel, true);
  }

  /** Server-side membership (`session.channels`) reaches every connection of the session; resolves once done (never rejects). */
  follow(conn: Connection, channel: string, joined: boolean): Promise<void> {
    return (joined ? this.joinTrusted(conn, channel) : this.leave(conn, channel)).catch((err: unknown) =>
      this.log.warn(`socket ${conn.id} could not ${joined ? 'join' : 'leave'} ${quoteName(channel)}`, err),
    );
  }

  /** Serves a channel frame; never rejects. */
  async receive(frame: ChannelFrame, conn: Connection): Promise<void> {
    if (conn.inFlight >= this.maxInFlight) {
      const details = { limit: this.maxInFlight, retryAfter: IN_FLIGHT_RETRY_AFTER };
      conn.send(errorFrame(frame.id, new RpcError('RATE_LIMITED', `more than ${this.maxInFlight} calls in flight on this connection`, details)));
      return;
    }
    conn.inFlight++;
    const call: ChannelCall = { conn, answered: false };
    try {
      checkName(frame.c);
      switch (frame.t) {
        case 'join':
          await this.join(frame, call);
          break;
        case 'resume':
          await this.resume(frame, call);
          break;
        case 'leave':
          await this.leave(conn, frame.c);
          answer(call, resultFrame(frame.id, undefined));
          break;
        case 'push':
          answer(call, resultFrame(frame.id, await this.push(frame, conn)));
          break;
        case 'presence':
          answer(call, resultFrame(frame.id, await this.presence(frame, conn)));
          break;
      }
    } catch (err) {
      const error = this.errors.toWire(err, `${frame.t} ${quoteName(frame.c)}`);
      // A failure after the reply (a join's announcement) was logged above; the client has its answer.
      if (!call.answered) answer(call, errorFrame(frame.id, error));
    } finally {
      // Whatever happened, the frame stops counting against maxInFlight.
      if (!call.answered) answer(call, undefined);
    }
  }

  /** Joins a connection to a channel without `canJoin` (server-side membership kept in the session). */
  async joinTrusted(conn: Connection, channel: string): Promise<void> {
    if (conn.channels.has(channel) || conn.closed) return;
    await this.fanout.join(conn, channel);
    if (conn.closed) {
      this.fanout.leave(conn, channel);
      return;
    }
    // The client follows the channel from here, so it can resume it after a reconnect even if
    // nothing is published before the connection drops. Messages up to `latest` are from before
    // the membership, as for a client's own join.
    const { latest } = await this.transport.history(channel, Number.MAX_SAFE_INTEGER);
    if (!conn.closed && conn.channels.has(channel)) conn.send(memberFrame(channel, latest));
    await this.announce(channel, PRESENCE_JOIN, conn);
    if (conn.closed) await this.announce(channel, PRESENCE_LEAVE, conn);
  }

  /** Ends a membership (or cancels a join still in progress) and tells the other members. */
  async leave(conn: Connection, channel: string): Promise<void> {
    const pending = this.joins.get(conn)?.pending.get(channel);
    if (pending) pending.cancelled = true;
    if (!conn.channels.has(channel)) return;
    this.fanout.leave(conn, channel);
    await this.announce(channel, PRESENCE_LEAVE, conn);
  }

  /**
   * A connection closed: it leaves its channels at once, and the other members of its presence
   * channels learn it left, a few channels per turn of the event loop so that a connection that
   * held many does not stall everyone else.
   */
  disconnected(conn: Connection): void {
    // Before the events responder (registered earlier, told later) takes the connection out of its channels.
    const announced = [...conn.channels].filter((channel) => this.tracksPresence(channel));
    if (announced.length > 0) void this.announceLeaves(conn, announced);
  }

  private async announceLeaves(conn: Connection, channels: readonly string[]): Promise<void> {
    for (let i = 0; i < channels.length; i += LEAVES_PER_TURN) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(
        channels.slice(i, i + LEAVES_PER_TURN).map((channel) =>
          this.announce(channel, PRESENCE_LEAVE, conn).catch((err: unknown) => this.log.warn(`could not announce a leave in ${quoteName(channel)}`, err)),
        ),
      );
    }
  }

  private async join(frame: JoinFrame, call: ChannelCall): Promise<void> {
    const conn = call.conn;
    const state = this.joinState(conn);
    if (state.pending.has(frame.c)) throw new RpcError('CONFLICT', `a join of ${quoteName(frame.c)} is already in progress on this connection`);
    // Checked before guards and canJoin run: a join that cannot succeed costs the app nothing.
    const reserved = !conn.channels.has(frame.c);
    if (reserved && conn.channels.size + state.reserved >= this.maxChannels) {
      throw new RpcError('FORBIDDEN', `this connection is in (or joining) ${this.maxChannels} channels, the most it may be (ws.maxChannels); leave one first`, { limit: this.maxChannels });
    }
    const attempt: JoinAttempt = { state, cancelled: false, reserved };
    if (reserved) state.reserved++;
    state.pending.set(frame.c, attempt);
    try {
      await this.joinChecked(frame, call, attempt);
    } finally {
      state.pending.delete(frame.c);
      unreserve(attempt);
    }
  }

  /** The join itself; after every wait it checks that the connection is still open and did not leave meanwhile. */
  private async joinChecked(frame: JoinFrame, call: ChannelCall, attempt: JoinAttempt): Promise<void> {
    const conn = call.conn;
    const abandoned = (): boolean => conn.closed || attempt.cancelled;
    const { def, params } = this.find(frame.c);
    const ctx = this.context(conn, frame.c, params);
    await runGuards(def.guards, ctx, `joining ${quoteName(frame.c)}`);
    // An RpcError thrown by canJoin refuses with its code; anything else is an INTERNAL failure, logged.
    if (def.canJoin && (await def.canJoin(params, ctx)) !== true) throw new RpcError('FORBIDDEN', `joining ${quoteName(frame.c)} was refused`);
    if (abandoned()) throw new RpcError('CONFLICT', `left ${quoteName(frame.c)} before the join completed`);
    const fresh = !conn.channels.has(frame.c);
    const replayFrom = typeof frame.s === 'number' && Number.isSafeInteger(frame.s) && frame.s >= 0 ? frame.s : undefined;
    await this.replay(
      frame,
      call,
      replayFrom,
      () => {
        // The membership is added before join() first waits: from there it counts in conn.channels.
        const joined = this.fanout.join(conn, frame.c);
        unreserve(attempt);
        return joined;
      },
      abandoned,
      // Undo only what this join added: a failed rejoin keeps an existing membership.
      () => (fresh || abandoned()) && this.fanout.leave(conn, frame.c),
    );
    if (fresh) await this.announce(frame.c, PRESENCE_JOIN, conn);
    if (conn.closed) await this.announce(frame.c, PRESENCE_LEAVE, conn);
  }

  /**
   * Continues a server-side membership after a reconnect: the connection was joined to the
   * channel when it opened (`connected`), and the client says where it was. What it missed is
   * replayed as for a rejoin, without `canJoin`: the session holds the membership. Live messages
   * the connection received before this frame are the client's to merge (it holds them until the
   * reply, by sequence number).
   */
  private async resume(frame: ResumeFrame, call: ChannelCall): Promise<void> {
    const conn = call.conn;
    if (!conn.channels.has(frame.c) || !conn.session.channelNames().includes(frame.c)) {
      throw new RpcError('FORBIDDEN', `this session is not in ${quoteName(frame.c)} (session.channels): nothing to resume`);
    }
    const state = this.joinState(conn);
    if (state.pending.has(frame.c)) throw new RpcError('CONFLICT', `a join of ${quoteName(frame.c)} is already in progress on this connection`);
    const attempt: JoinAttempt = { state, cancelled: false, reserved: false };
    state.pending.set(frame.c, attempt);
    try {
      const abandoned = (): boolean => conn.closed || attempt.cancelled;
      // join() adds nothing here; it waits for this node's subscription, which may still be in progress.
      await this.replay(frame, call, frame.s, () => this.fanout.join(conn, frame.c), abandoned, () => undefined);
    } finally {
      state.pending.delete(frame.c);
    }
  }

  /**
   * Answers a join or resume with the channel's latest sequence number and, when the client
   * sent `from`, the messages after it that are still kept (or a `gap` frame). Live messages of
   * the channel wait meanwhile, so the replay is never overtaken by newer ones nor repeated.
   *
   * @param member makes or confirms the membership; resolves once this node receives the channel
   * @param undo on failure, before the held messages are let go
   */
  private async replay(
    frame: JoinFrame | ResumeFrame,
    call: ChannelCall,
    from: number | undefined,
    member: () => Promise<void>,
    abandoned: () => boolean,
    undo: () => unknown,
  ): Promise<void> {
    const conn = call.conn;
    const channel = frame.c;
    this.fanout.hold(conn, channel);
    let latest = 0;
    try {
      await member();
      const history = await this.transport.history(channel, from ?? Number.MAX_SAFE_INTEGER);
      if (abandoned()) throw new RpcError('CONFLICT', `left ${quoteName(channel)} before the ${frame.t} completed`);
      latest = history.latest;
      answer(call, resultFrame(frame.id, { s: latest }));
      if (from !== undefined) {
        // A client ahead of the history (the history was lost, e.g. a single node restarted) has a gap too.
        if (history.gap || from > latest) conn.send(gapFrame(channel, latest));
        else for (const m of history.messages) this.fanout.sendChannelMessage(conn, channel, m);
      }
    } catch (err) {
      undo();
      throw err;
    } finally {
      this.fanout.release(conn, channel, latest);
    }
  }

  private readonly joins = new WeakMap<Connection, JoinState>();

  private joinState(conn: Connection): JoinState {
    let state = this.joins.get(conn);
    if (!state) this.joins.set(conn, (state = { pending: new Map(), reserved: 0 }));
    return state;
  }

  private async push(frame: PushFrame, conn: Connection): Promise<unknown> {
    if (!conn.channels.has(frame.c)) throw new RpcError('FORBIDDEN', `join ${quoteName(frame.c)} before sending to it`);
    if (typeof frame.e !== 'string') throw new RpcError('BAD_REQUEST', 'push frame needs "e", the event name');
    const { def, params } = this.find(frame.c);
    const handler = def.handlers.get(frame.e);
    if (!handler) throw new RpcError('NOT_FOUND', `channel ${quoteName(frame.c)} does not handle ${quoteName(frame.e)}`);
    return invoke(handler, def.instance, frame.d === undefined ? [] : [frame.d], this.context(conn, frame.c, params));
  }

  /** One page of members: a reply stays small however many there are (each page is a frame of its own, under ws.rateLimit). */
  private presence(frame: PresenceFrame, conn: Connection): Promise<PresenceEntry[]> {
    const { c: channel, after } = frame;
    if (after !== undefined && (typeof after !== 'string' || after.length > MAX_SOCKET_ID)) {
      throw new RpcError('BAD_REQUEST', `presence "after" must be the socketId that ended the previous page`);
    }
    if (!conn.channels.has(channel)) throw new RpcError('FORBIDDEN', `join ${quoteName(channel)} before asking who is in it`);
    if (!this.tracksPresence(channel)) throw new RpcError('NOT_FOUND', `${quoteName(channel)} does not track presence (its class needs @Channel(pattern, { presence: true }))`);
    return this.transport.presencePage(channel, after, PRESENCE_PAGE_SIZE);
  }

  /** Records the membership change where every node sees it, then tells the members. */
  private async announce(channel: string, event: string, conn: Connection): Promise<void> {
    if (!this.tracksPresence(channel)) return;
    const entry: PresenceEntry = { socketId: conn.id, userId: conn.session.userId };
    if (event === PRESENCE_JOIN) await this.transport.presenceAdd(channel, entry);
    else await this.transport.presenceRemove(channel, conn.id);
    await this.pubsub.channel(channel, event, entry);
  }

  /** Whether `channel` belongs to a class declared with `presence: true` (a trusted join may name a channel no class serves). */
  private tracksPresence(channel: string): boolean {
    for (const def of this.channels) if (def.pattern.match(channel)) return def.presence;
    return false;
  }

  private find(channel: string): { def: ChannelDefinition; params: Record<string, string> } {
    for (const def of this.channels) {
      const params = def.pattern.match(channel);
      if (params) return { def, params };
    }
    throw new RpcError('NOT_FOUND', `no channel matches ${quoteName(channel)}`);
  }

  private context(conn: Connection, channel: string, params: Record<string, string>): ChannelContext {
    const pubsub = this.pubsub;
    return {
      kind: 'channel',
      session: conn.session,
      socketId: conn.id,
      channel,
      params,
      log: this.log,
      broadcast: (event, data, options) => (options?.exceptSelf ? pubsub.channelExcept(channel, event, data, conn.id) : pubsub.channel(channel, event, data)),
    } as ChannelContext;
  }
}

/** Longer than any socket id (`<node>.<random>`): a longer `after` cannot be one. */
const MAX_SOCKET_ID = 64;

/** Gives back the place a join held, once it is a member (or failed). */
function unreserve(attempt: JoinAttempt): void {
  if (!attempt.reserved) return;
  attempt.reserved = false;
  attempt.state.reserved--;
}

/** Sends a call's reply (none when `text` is undefined) and ends its count in flight. */
function answer(call: ChannelCall, text: string | undefined): void {
  call.answered = true;
  // Before the send: a draining connection closes once a send finds nothing in flight.
  call.conn.inFlight--;
  if (text !== undefined) call.conn.send(text);
}

function checkName(name: unknown): void {
  try {
    checkChannelName(name);
  } catch (err) {
    throw new RpcError('BAD_REQUEST', (err as Error).message);
  }
}
