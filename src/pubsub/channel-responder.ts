import type { Logger } from '../logging/logger';
import type { JoinFrame, LeaveFrame, PresenceEntry, PresenceFrame, PushFrame } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { ErrorMapper } from '../rpc/error-mapper';
import { invoke, runGuards } from '../rpc/invocation';
import { errorFrame, resultFrame } from '../rpc/rpc-responder';
import type { Connection } from '../transport/connection';
import type { ChannelContext } from './channel-context';
import type { ChannelDefinition } from './channel-table';
import type { LocalFanout } from './local-fanout';
import { checkChannelName, type PubSub } from './pubsub';
import type { PubSubTransport } from './pubsub-transport';

/** A frame this responder serves. */
export type ChannelFrame = JoinFrame | LeaveFrame | PushFrame | PresenceFrame;

/** Presence events, published into the channel like any other message. */
export const PRESENCE_JOIN = '$join';
export const PRESENCE_LEAVE = '$leave';

/**
 * Serves channel frames: `join` (guards, `canJoin`, membership, history replay), `leave`,
 * `push` (to the channel's `@Subscribe` handler) and `presence`.
 */
export class ChannelResponder {
  constructor(
    private readonly channels: readonly ChannelDefinition[],
    private readonly fanout: LocalFanout,
    private readonly transport: PubSubTransport,
    private readonly pubsub: PubSub,
    private readonly errors: ErrorMapper,
    private readonly log: Logger,
  ) {}

  async handle(frame: ChannelFrame, conn: Connection): Promise<void> {
    let text: string | undefined;
    try {
      checkName(frame.c);
      switch (frame.t) {
        case 'join':
          await this.join(frame, conn);
          return;
        case 'leave':
          await this.leave(conn, frame.c);
          text = resultFrame(frame.id, undefined);
          break;
        case 'push':
          text = resultFrame(frame.id, await this.push(frame, conn));
          break;
        case 'presence':
          text = resultFrame(frame.id, await this.presence(frame.c, conn));
          break;
      }
    } catch (err) {
      text = errorFrame(frame.id, this.errors.toWire(err, `${frame.t} ${frame.c}`));
    }
    if (text !== undefined) conn.send(text);
  }

  /** Joins a connection to a channel without `canJoin` (server-side membership kept in the session). */
  async joinTrusted(conn: Connection, channel: string): Promise<void> {
    if (conn.channels.has(channel) || conn.closed) return;
    await this.fanout.join(conn, channel);
    if (conn.closed) {
      this.fanout.leave(conn, channel);
      return;
    }
    await this.announce(channel, PRESENCE_JOIN, conn);
    if (conn.closed) await this.announce(channel, PRESENCE_LEAVE, conn);
  }

  /** Ends a membership (or cancels a join still in progress) and tells the other members. */
  async leave(conn: Connection, channel: string): Promise<void> {
    const pending = this.joins.get(conn)?.get(channel);
    if (pending) pending.cancelled = true;
    if (!conn.channels.has(channel)) return;
    this.fanout.leave(conn, channel);
    await this.announce(channel, PRESENCE_LEAVE, conn);
  }

  /** A connection closed: the other members of its channels learn it left. */
  disconnected(conn: Connection): void {
    const channels = [...conn.channels];
    this.fanout.remove(conn);
    for (const channel of channels) this.announce(channel, PRESENCE_LEAVE, conn).catch((err: unknown) => this.log.warn(`could not announce a leave in ${channel}`, err));
  }

  private async join(frame: JoinFrame, conn: Connection): Promise<void> {
    const pending = this.pendingJoins(conn);
    if (pending.has(frame.c)) throw new RpcError('CONFLICT', `a join of ${frame.c} is already in progress on this connection`);
    const attempt = { cancelled: false };
    pending.set(frame.c, attempt);
    try {
      await this.joinChecked(frame, conn, attempt);
    } finally {
      pending.delete(frame.c);
    }
  }

  /** The join itself; after every wait it checks that the connection is still open and did not leave meanwhile. */
  private async joinChecked(frame: JoinFrame, conn: Connection, attempt: { cancelled: boolean }): Promise<void> {
    const abandoned = (): boolean => conn.closed || attempt.cancelled;
    const { def, params } = this.find(frame.c);
    const ctx = this.context(conn, frame.c, params);
    await runGuards(def.guards, ctx, `joining ${frame.c}`);
    // An RpcError thrown by canJoin refuses with its code; anything else is an INTERNAL failure, logged.
    if (def.canJoin && (await def.canJoin(params, ctx)) !== true) throw new RpcError('FORBIDDEN', `joining ${frame.c} was refused`);
    if (abandoned()) throw new RpcError('CONFLICT', `left ${frame.c} before the join completed`);
    const fresh = !conn.channels.has(frame.c);
    // Live messages wait while the history is read, so a replay is never overtaken by newer ones.
    this.fanout.hold(conn, frame.c);
    let latest = 0;
    try {
      await this.fanout.join(conn, frame.c);
      const replayFrom = typeof frame.s === 'number' && Number.isSafeInteger(frame.s) && frame.s >= 0 ? frame.s : undefined;
      const history = await this.transport.history(frame.c, replayFrom ?? Number.MAX_SAFE_INTEGER);
      if (abandoned()) throw new RpcError('CONFLICT', `left ${frame.c} before the join completed`);
      latest = history.latest;
      conn.send(resultFrame(frame.id, { s: latest }));
      if (replayFrom !== undefined) {
        // A client ahead of the history (the history was lost, e.g. a single node restarted) has a gap too.
        if (history.gap || replayFrom > latest) conn.send(JSON.stringify({ t: 'gap', c: frame.c, s: latest }));
        else for (const m of history.messages) this.fanout.sendChannelMessage(conn, frame.c, m);
      }
    } catch (err) {
      // Undo only what this join added: a failed rejoin keeps an existing membership.
      if (fresh || abandoned()) this.fanout.leave(conn, frame.c);
      throw err;
    } finally {
      this.fanout.release(conn, frame.c, latest);
    }
    if (fresh) await this.announce(frame.c, PRESENCE_JOIN, conn);
    if (conn.closed) await this.announce(frame.c, PRESENCE_LEAVE, conn);
  }

  private readonly joins = new WeakMap<Connection, Map<string, { cancelled: boolean }>>();

  private pendingJoins(conn: Connection): Map<string, { cancelled: boolean }> {
    let pending = this.joins.get(conn);
    if (!pending) this.joins.set(conn, (pending = new Map()));
    return pending;
  }

  private async push(frame: PushFrame, conn: Connection): Promise<unknown> {
    if (!conn.channels.has(frame.c)) throw new RpcError('FORBIDDEN', `join ${frame.c} before sending to it`);
    if (typeof frame.e !== 'string') throw new RpcError('BAD_REQUEST', 'push frame needs "e", the event name');
    const { def, params } = this.find(frame.c);
    const handler = def.handlers.get(frame.e);
    if (!handler) throw new RpcError('NOT_FOUND', `channel ${frame.c} does not handle "${frame.e.slice(0, 128)}"`);
    return invoke(handler, def.instance, frame.d === undefined ? [] : [frame.d], this.context(conn, frame.c, params));
  }

  private presence(channel: string, conn: Connection): Promise<PresenceEntry[]> {
    if (!conn.channels.has(channel)) throw new RpcError('FORBIDDEN', `join ${channel} before asking who is in it`);
    if (!this.tracksPresence(channel)) throw new RpcError('NOT_FOUND', `${channel} does not track presence (its class needs @Channel(pattern, { presence: true }))`);
    return this.transport.presenceList(channel);
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
    throw new RpcError('NOT_FOUND', `no channel matches "${channel}"`);
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

function checkName(name: unknown): void {
  try {
    checkChannelName(name);
  } catch (err) {
    throw new RpcError('BAD_REQUEST', (err as Error).message);
  }
}
