import { ChannelHistory } from './channel-history';
import { type HistoryOptions, type HistoryResult, PubSubTransport, resolveHistoryOptions } from './pubsub-transport';

/** Longest delay `setTimeout` takes (a longer one fires at once). */
const MAX_TIMER = 2 ** 31 - 1;

/** Dropped channels whose last sequence number is remembered one by one (a few MB at most). */
const DROPS_KEPT = 10_000;

/**
 * The transport of a single process: publishes go straight to this node's listener, channel
 * history is kept in memory. The default when no Redis is configured.
 *
 * A channel costs memory only while it is needed: joining one stores nothing until a message is
 * published; once no connection here is subscribed, its history is kept for `maxAge` after its
 * last message (a client reconnecting within that window is replayed what it missed) and then
 * dropped by a timer, or dropped at once when it holds no message. A channel whose history was
 * dropped keeps its last sequence number (as Redis does): its next message continues the
 * numbering, and a client that comes back with an older number is told about the gap instead of
 * missing messages numbered anew. A channel never published to reports no gap. Only the last
 * 10,000 dropped channels are remembered one by one; an older one shares a single number, the
 * highest any of them used, so rejoining a channel without history then reports a gap when
 * the client's number is below it (a needless refetch at worst, never a silent loss).
 */
export class MemoryTransport extends PubSubTransport {
  private readonly topics = new Set<string>();
  private readonly channels = new Set<string>();
  private readonly histories = new Map<string, ChannelHistory>();
  /**
   * Channels with a history and no subscriber, oldest first, with the time from which their
   * history expires within `maxAge` (when they went idle, or their last publish since). Map order
   * is that order, because every entry is (re)inserted with the current time.
   */
  private readonly idle = new Map<string, number>();
  private idleTimer: NodeJS.Timeout | undefined;
  /** The last sequence number of each channel whose history was dropped, oldest drop first (at most `DROPS_KEPT`). */
  private readonly dropped = new Map<string, number>();
  /** The highest last sequence number of the dropped channels no longer in `dropped`. */
  private floor = 0;
  private readonly size: number;
  private readonly maxAge: number;

  /** @param history messages kept per channel (default 1000) and for how long (default 5 minutes) */
  constructor(history: HistoryOptions = {}) {
    super();
    ({ size: this.size, maxAge: this.maxAge } = resolveHistoryOptions(history, 'MemoryTransport'));
  }

  async publish(topic: string, body: string): Promise<void> {
    if (this.topics.has(topic)) this.listener.message(topic, body);
  }

  async publishToChannel(channel: string, body: string): Promise<number> {
    const message = this.historyOf(channel).append(body);
    if (this.channels.has(channel)) this.listener.channelMessage(channel, message);
    else this.becameIdle(channel);
    return message.seq;
  }

  async subscribe(topic: string): Promise<void> {
    this.topics.add(topic);
  }

  async unsubscribe(topic: string): Promise<void> {
    this.topics.delete(topic);
  }

  async subscribeChannel(channel: string): Promise<void> {
    this.channels.add(channel);
    this.idle.delete(channel);
  }

  async unsubscribeChannel(channel: string): Promise<void> {
    if (!this.channels.delete(channel)) return;
    const history = this.histories.get(channel);
    if (!history) return;
    if (history.expired()) this.drop(channel, history);
    else this.becameIdle(channel);
  }

  async history(channel: string, afterSeq: number): Promise<HistoryResult> {
    // A join reads the history of every channel it names: one never published to stores nothing.
    const history = this.histories.get(channel);
    if (history) return history.after(afterSeq);
    const latest = this.lastSeqOf(channel);
    return { messages: [], gap: afterSeq < latest, latest };
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.topics.clear();
    this.channels.clear();
    this.histories.clear();
    this.idle.clear();
    this.dropped.clear();
    this.floor = 0;
  }

  /** @internal for tests and diagnostics: channels with a history in memory, and channels subscribed. */
  get channelCounts(): { histories: number; subscribed: number } {
    return { histories: this.histories.size, subscribed: this.channels.size };
  }

  /** `channel` has a history and no subscriber: its history is dropped `maxAge` from now, unless it is subscribed again. */
  private becameIdle(channel: string): void {
    this.idle.delete(channel);
    this.idle.set(channel, Date.now());
    if (this.idleTimer === undefined) this.scheduleExpiry();
  }

  /** Arms the one timer for the oldest idle channel; O(1), whatever the number of channels. */
  private scheduleExpiry(): void {
    const oldest = this.idle.values().next();
    if (oldest.done || !Number.isFinite(this.maxAge)) return;
    const delay = Math.min(MAX_TIMER, Math.max(0, oldest.value + this.maxAge - Date.now()));
    this.idleTimer = setTimeout(() => this.expireIdle(), delay);
    // History must not keep a process alive that has nothing else to do.
    this.idleTimer.unref();
  }

  /**
   * Drops the histories of the channels idle for `maxAge`: all their messages have aged out, so a
   * client rejoining one with an old sequence number is told about a gap, as it would be anyway.
   */
  private expireIdle(): void {
    this.idleTimer = undefined;
    const due = Date.now() - this.maxAge;
    for (const [channel, since] of this.idle) {
      if (since > due) break;
      this.idle.delete(channel);
      const history = this.histories.get(channel);
      if (history) this.drop(channel, history);
    }
    this.scheduleExpiry();
  }

  private drop(channel: string, history: ChannelHistory): void {
    this.histories.delete(channel);
    this.dropped.set(channel, history.latestSeq);
    if (this.dropped.size <= DROPS_KEPT) return;
    const [oldest, latest] = this.dropped.entries().next().value as [string, number];
    this.dropped.delete(oldest);
    this.floor = Math.max(this.floor, latest);
  }

  /** The last sequence number of a channel without history: 0 when it was never published to, as far as is known. */
  private lastSeqOf(channel: string): number {
    return this.dropped.get(channel) ?? this.floor;
  }

  private historyOf(channel: string): ChannelHistory {
    let history = this.histories.get(channel);
    if (!history) {
      history = new ChannelHistory(this.size, this.maxAge, this.lastSeqOf(channel));
      this.histories.set(channel, history);
      this.dropped.delete(channel);
    }
    return history;
  }
}
