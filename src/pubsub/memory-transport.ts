import { ChannelHistory } from './channel-history';
import { type HistoryOptions, type HistoryResult, PubSubTransport } from './pubsub-transport';

/**
 * The transport of a single process: publishes go straight to this node's listener, channel
 * history is kept in memory. The default when no Redis is configured.
 */
export class MemoryTransport extends PubSubTransport {
  private readonly topics = new Set<string>();
  private readonly channels = new Set<string>();
  private readonly histories = new Map<string, ChannelHistory>();
  private readonly size: number;
  private readonly maxAge: number;
  private publishes = 0;

  /** @param history messages kept per channel (default 1000) and for how long (default 5 minutes) */
  constructor(history: HistoryOptions = {}) {
    super();
    this.size = history.size ?? 1000;
    this.maxAge = history.maxAge ?? 5 * 60_000;
  }

  async publish(topic: string, body: string): Promise<void> {
    if (this.topics.has(topic)) this.listener.message(topic, body);
  }

  async publishToChannel(channel: string, body: string): Promise<number> {
    if (++this.publishes % 1000 === 0) this.sweep();
    const message = this.historyOf(channel).append(body);
    if (this.channels.has(channel)) this.listener.channelMessage(channel, message);
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
  }

  async unsubscribeChannel(channel: string): Promise<void> {
    this.channels.delete(channel);
  }

  async history(channel: string, afterSeq: number): Promise<HistoryResult> {
    return this.historyOf(channel).after(afterSeq);
  }

  async close(): Promise<void> {
    this.topics.clear();
    this.channels.clear();
    this.histories.clear();
  }

  /**
   * Forgets the histories of quiet channels nobody here is subscribed to, so channel names that
   * come and go (one per user, per game…) do not pile up. A client rejoining such a channel with
   * an old sequence number is told about a gap.
   */
  private sweep(): void {
    for (const [channel, history] of this.histories) {
      if (!this.channels.has(channel) && history.expired()) this.histories.delete(channel);
    }
  }

  private historyOf(channel: string): ChannelHistory {
    let history = this.histories.get(channel);
    if (!history) {
      history = new ChannelHistory(this.size, this.maxAge);
      this.histories.set(channel, history);
    }
    return history;
  }
}
