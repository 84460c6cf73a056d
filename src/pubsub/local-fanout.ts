import type { Logger } from '../logging/logger';
import { channelFrame, eventFrame } from '../protocol/encode';
import type { SessionConnection as Connection } from '../session/session-connection';
import { shareFrame } from '../transport/shared-frame';
import { splitExcept } from './event-body';
import type { PubSubTransport, SequencedMessage, TransportListener } from './pubsub-transport';
import { ALL_TOPIC, nodeTopic, SESSIONS_TOPIC, userTopic } from './topics';

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
  return set.size === 1;
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  const set = map.get(key);
  if (!set || !set.delete(value)) return false;
  if (set.size === 0) map.delete(key);
  return set.size === 0;
}

/** Channels unsubscribed per turn of the event loop when a connection that held many closes. */
const CHANNELS_PER_TURN = 256;

/**
 * This node's side of PubSub: knows which local connections want which topic and channel,
 * subscribes the transport to exactly those, and writes each delivered message to its local
 * recipients as one frame string built once.
 */
export class LocalFanout implements TransportListener {
  private readonly sockets = new Map<string, Connection>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly byChannel = new Map<string, Set<Connection>>();
  private readonly userOf = new Map<Connection, string>();
  /** Channel messages held back per connection while its history replay is being sent. */
  private readonly held = new Map<Connection, Map<string, SequencedMessage[]>>();
  /** Channel subscriptions in progress, so that joins made meanwhile wait for them too. */
  private readonly subscribing = new Map<string, Promise<void>>();

  constructor(
    private readonly transport: PubSubTransport,
    readonly nodeId: string,
    private readonly log: Logger,
  ) {
    // Throws SS_ERR_TRANSPORT_IN_USE when another app holds the transport.
    this.detach = transport.attach(this, nodeId);
  }

  /** Lets the transport go, so that another app may attach it (the app's close, or a failed createApp). Idempotent. */
  readonly detach: () => void;

  /** Called with `(oldId, newId)` for session id changes announced by other nodes. */
  onRemoteRotation: ((oldId: string, newId: string) => void) | undefined;

  /** Subscribes the topics every node needs. */
  async start(): Promise<void> {
    await this.transport.start();
    await Promise.all([
      this.transport.subscribe(ALL_TOPIC),
      this.transport.subscribe(nodeTopic(this.nodeId)),
      this.transport.subscribe(SESSIONS_TOPIC),
    ]);
  }

  /** Tells the other nodes that a session changed id here. */
  announceRotation(oldId: string, newId: string): Promise<void> {
    return this.transport.publish(SESSIONS_TOPIC, `${this.nodeId}|${oldId}|${newId}`);
  }

  /** A connection opened. */
  add(conn: Connection): void {
    this.sockets.set(conn.id, conn);
    this.setUser(conn, conn.session.userId);
  }

  /**
   * A connection closed: it leaves its channels and topics at once. The transport unsubscribes
   * from the channels it was the last member of a batch per turn of the event loop, so that a
   * connection that held thousands does not stall everyone else.
   */
  remove(conn: Connection): void {
    this.sockets.delete(conn.id);
    this.held.delete(conn);
    this.setUser(conn, null);
    let emptied: string[] | undefined;
    for (const channel of conn.channels) if (removeFrom(this.byChannel, channel, conn)) (emptied ??= []).push(channel);
    conn.channels.clear();
    if (emptied) void this.unsubscribeChannels(emptied);
  }

  /** The connection's session now belongs to `userId` (login, logout). */
  setUser(conn: Connection, userId: string | null): void {
    const previous = this.userOf.get(conn);
    if (previous === (userId ?? undefined)) return;
    if (previous !== undefined) {
      this.userOf.delete(conn);
      if (removeFrom(this.byUser, previous, conn)) this.quietly(this.transport.unsubscribe(userTopic(previous)));
    }
    if (userId !== null && this.sockets.has(conn.id)) {
      this.userOf.set(conn, userId);
      if (addTo(this.byUser, userId, conn)) this.quietly(this.transport.subscribe(userTopic(userId)));
    }
  }

  /**
   * Makes `conn` a member of `channel` (at once), subscribing this node to it when it is the
   * first. Resolves once this node receives the channel, also when `conn` was a member already or
   * another member's subscription is still in progress: a history read after it cannot miss a
   * message that is neither in the history nor delivered live.
   */
  join(conn: Connection, channel: string): Promise<void> {
    if (!conn.channels.has(channel)) {
      conn.channels.add(channel);
      if (addTo(this.byChannel, channel, conn)) {
        const subscribed: Promise<void> = this.transport.subscribeChannel(channel).finally(() => {
          if (this.subscribing.get(channel) === subscribed) this.subscribing.delete(channel);
        });
        this.subscribing.set(channel, subscribed);
      }
    }
    return this.subscribing.get(channel) ?? Promise.resolve();
  }

  /** Ends `conn`'s membership of `channel`. */
  leave(conn: Connection, channel: string): void {
    if (!conn.channels.delete(channel)) return;
    this.dropMember(conn, channel);
  }


  /** Holds live messages of `channel` for `conn` until `release`, so a history replay cannot be overtaken. */
  hold(conn: Connection, channel: string): void {
    let channels = this.held.get(conn);
    if (!channels) this.held.set(conn, (channels = new Map()));
    channels.set(channel, []);
  }

  /** Sends the messages held for `conn` that come after `afterSeq`, then delivers live again. */
  release(conn: Connection, channel: string, afterSeq: number): void {
    const channels = this.held.get(conn);
    const messages = channels?.get(channel);
    if (!channels || !messages) return;
    channels.delete(channel);
    if (channels.size === 0) this.held.delete(conn);
    for (const m of messages) if (m.seq > afterSeq) this.sendChannelMessage(conn, channel, m);
  }

  /** Writes one channel message to one connection (replays use it too). */
  sendChannelMessage(conn: Connection, channel: string, message: SequencedMessage): void {
    const { except, body } = splitExcept(message.body);
    if (except !== conn.id) conn.send(channelFrame(channel, message.seq, body));
  }

  message(topic: string, body: string): void {
    if (topic === ALL_TOPIC) {
      writeToAll(this.sockets.values(), this.sockets.size, eventFrame(body));
    } else if (topic.startsWith('user:')) {
      const conns = this.byUser.get(topic.slice(5));
      if (conns) writeToAll(conns, conns.size, eventFrame(body));
    } else if (topic === SESSIONS_TOPIC) {
      const [node, oldId, newId] = body.split('|');
      if (node !== this.nodeId && oldId && newId) this.onRemoteRotation?.(oldId, newId);
    } else if (topic.startsWith('node:')) {
      const bar = body.indexOf('|');
      this.sockets.get(body.slice(0, bar))?.send(eventFrame(body.slice(bar + 1)));
    }
  }

  channelMessage(channel: string, message: SequencedMessage): void {
    const conns = this.byChannel.get(channel);
    if (!conns) return;
    const { except, body } = splitExcept(message.body);
    const text = channelFrame(channel, message.seq, body);
    // One recipient takes the plain path; more share one framed copy of the bytes.
    const shared = conns.size > 1 ? shareFrame(text) : undefined;
    // Held replays are rare: skip the per-recipient lookup when there are none.
    const anyHeld = this.held.size > 0;
    for (const conn of conns) {
      const held = anyHeld ? this.held.get(conn)?.get(channel) : undefined;
      if (held) held.push(message);
      else if (conn.id !== except) {
        if (shared) conn.sendShared(shared);
        else conn.send(text);
      }
    }
  }

  private async unsubscribeChannels(channels: readonly string[]): Promise<void> {
    for (let i = 0; i < channels.length; i += CHANNELS_PER_TURN) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (let j = i; j < Math.min(i + CHANNELS_PER_TURN, channels.length); j++) {
        // Someone may have joined it meanwhile: its subscription is theirs now.
        if (!this.byChannel.has(channels[j])) this.quietly(this.transport.unsubscribeChannel(channels[j]));
      }
    }
  }

  private dropMember(conn: Connection, channel: string): void {
    this.held.get(conn)?.delete(channel);
    if (removeFrom(this.byChannel, channel, conn)) this.quietly(this.transport.unsubscribeChannel(channel));
  }

  private quietly(operation: Promise<void>): void {
    operation.catch((err: unknown) => this.log.warn('pubsub subscription change failed', err));
  }
}

/** Writes one text frame to every connection, framing it once when there is more than one. */
function writeToAll(conns: Iterable<Connection>, count: number, text: string): void {
  if (count === 0) return;
  if (count === 1) {
    for (const conn of conns) conn.send(text);
    return;
  }
  const shared = shareFrame(text);
  for (const conn of conns) conn.sendShared(shared);
}
