import { SocketStreamError } from '../errors/socketstream-error';
import type { PresenceEntry } from '../protocol/frames';

/** A channel message as a transport stores and delivers it. */
export interface SequencedMessage {
  /** Per-channel sequence number: 1, 2, 3 … with no holes, in publish order across all nodes. */
  seq: number;
  /**
   * The message, pre-encoded once by the publisher as a JSON object body without braces:
   * `"e":"message","d":{…}`. Nodes wrap it into frames; nobody parses it again.
   */
  body: string;
}

/** What `history` returns. */
export interface HistoryResult {
  /** Messages with a sequence above the one asked for, oldest first. */
  messages: SequencedMessage[];
  /** True when some messages after the one asked for are no longer kept (size or age window exceeded). */
  gap: boolean;
  /** The channel's latest sequence number (0 before the first message). */
  latest: number;
}

/** Receives what a transport delivers for the topics this node subscribed to. */
export interface TransportListener {
  /** A message published to `topic` with `publish`. */
  message(topic: string, body: string): void;
  /** A message published to channel `channel` with `publishToChannel`. */
  channelMessage(channel: string, message: SequencedMessage): void;
}

/** History limits of `createApp({ pubsub: { history } })`. */
export interface HistoryOptions {
  /** Messages kept per channel. Default 1000. */
  size?: number;
  /** Milliseconds a message is kept. Default 5 minutes. */
  maxAge?: number;
}

/**
 * The history window with its defaults (1000 messages, 5 minutes); throws `SS_ERR_INVALID_OPTION`
 * naming the bad value. `owner` (the transport's class) ends the message.
 */
export function resolveHistoryOptions(history: HistoryOptions = {}, owner: string): Required<HistoryOptions> {
  const size = history.size ?? 1000;
  const maxAge = history.maxAge ?? 5 * 60_000;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `pubsub.history.size must be a whole number of messages, 0 or more, got ${String(size)} (${owner})`);
  }
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0) {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `pubsub.history.maxAge must be a finite number of milliseconds, 0 or more, got ${String(maxAge)} (${owner})`);
  }
  return { size, maxAge };
}

/**
 * Carries publishes between the nodes of an app and keeps channel history. The built-ins (memory
 * for one process, Redis for many) extend it; so can a user's class. Topics are opaque strings
 * chosen by the app (`all`, `user:<id>`, `node:<id>`); channel names are the app's channels.
 *
 * Every method that sends returns a promise that resolves once the transport accepted the
 * message and rejects when it could not (e.g. Redis is down): publishes are never dropped
 * silently.
 */
export abstract class PubSubTransport {
  private attached: { listener: TransportListener; nodeId: string } | undefined;

  /**
   * Connects the transport to the app that uses it, before any other call: `listener` receives
   * what is delivered, `nodeId` is that node's id (the prefix of its socket ids). Returns the
   * function that detaches it (the app calls it when it closes). One transport serves one app:
   * attaching while attached throws `SS_ERR_TRANSPORT_IN_USE`, since the second app would
   * otherwise silently take the first one's deliveries.
   */
  attach(listener: TransportListener, nodeId: string): () => void {
    if (this.attached) {
      const name = this.constructor.name || 'PubSubTransport';
      throw new SocketStreamError(
        'SS_ERR_TRANSPORT_IN_USE',
        `createApp({ pubsub: { transport } }): this ${name} is already used by another app (node ${this.attached.nodeId}); give each app its own transport instance, or close the other app first`,
      );
    }
    const attachment = { listener, nodeId };
    this.attached = attachment;
    return () => {
      if (this.attached === attachment) this.attached = undefined;
    };
  }

  /** Receives what this transport delivers: the attached app's, or one that drops everything while detached. */
  protected get listener(): TransportListener {
    return this.attached?.listener ?? DETACHED;
  }

  /** The id of the attached app's node (the prefix of its socket ids); undefined while detached. */
  protected get nodeId(): string | undefined {
    return this.attached?.nodeId;
  }

  /** Connects; resolves when ready. Default: nothing to do. */
  async start(): Promise<void> {}

  /** Sends `body` to every node subscribed to `topic` (this one included). */
  abstract publish(topic: string, body: string): Promise<void>;

  /**
   * Gives the message the channel's next sequence number, keeps it in the channel's history,
   * and sends it to every node subscribed to the channel, all atomically, so every node sees
   * one channel's messages in sequence order.
   */
  abstract publishToChannel(channel: string, body: string): Promise<number>;

  /** Starts delivering `topic` (a plain topic) to this node's listener. */
  abstract subscribe(topic: string): Promise<void>;
  /** Stops delivering `topic`. */
  abstract unsubscribe(topic: string): Promise<void>;
  /** Starts delivering channel `channel` to this node's listener. */
  abstract subscribeChannel(channel: string): Promise<void>;
  /** Stops delivering channel `channel`. */
  abstract unsubscribeChannel(channel: string): Promise<void>;

  /** The channel's messages with a sequence above `afterSeq`, within the history window. */
  abstract history(channel: string, afterSeq: number): Promise<HistoryResult>;

  /** Releases connections and timers. */
  abstract close(): Promise<void>;

  private readonly localPresence = new Map<string, Map<string, PresenceEntry>>();

  /**
   * Records that a connection is in `channel`. Transports shared by several nodes override the
   * three presence methods so that every node sees every member; the default keeps them in this
   * process, which is right for a single node.
   */
  async presenceAdd(channel: string, entry: PresenceEntry): Promise<void> {
    let members = this.localPresence.get(channel);
    if (!members) this.localPresence.set(channel, (members = new Map()));
    members.set(entry.socketId, entry);
  }

  /** Records that a connection left `channel`. */
  async presenceRemove(channel: string, socketId: string): Promise<void> {
    const members = this.localPresence.get(channel);
    if (members?.delete(socketId) && members.size === 0) this.localPresence.delete(channel);
  }

  /** Every member of `channel`, on every node. */
  async presenceList(channel: string): Promise<PresenceEntry[]> {
    return [...(this.localPresence.get(channel)?.values() ?? [])];
  }

  /**
   * At most `limit` members of `channel` ordered by `socketId`, those after `after` when given:
   * what a client's `presence` request gets, so that a reply stays small in a crowded channel.
   * The default pages {@link presenceList}; a transport that can page where the members are
   * stored may override it.
   */
  async presencePage(channel: string, after: string | undefined, limit: number): Promise<PresenceEntry[]> {
    return firstAfter(await this.presenceList(channel), after, limit);
  }
}

/** The listener of a transport no app is attached to. */
const DETACHED: TransportListener = { message: () => {}, channelMessage: () => {} };

/**
 * The `limit` entries with the smallest socket ids above `after`. Keeps at most twice `limit`
 * candidates, sorted and cut whenever that many gathered, so a crowded channel costs
 * O(n log limit) rather than a sort of every member.
 */
function firstAfter(entries: Iterable<PresenceEntry>, after: string | undefined, limit: number): PresenceEntry[] {
  const keep = Math.max(1, limit);
  let page: PresenceEntry[] = [];
  for (const entry of entries) {
    if (after !== undefined && entry.socketId <= after) continue;
    page.push(entry);
    if (page.length >= 2 * keep) page = page.sort(bySocketId).slice(0, keep);
  }
  return page.sort(bySocketId).slice(0, limit);
}

function bySocketId(a: PresenceEntry, b: PresenceEntry): number {
  return a.socketId < b.socketId ? -1 : a.socketId > b.socketId ? 1 : 0;
}
