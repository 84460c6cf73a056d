import type { HistoryResult, SequencedMessage } from '../pubsub-transport';

/**
 * Closes the hole Redis pubsub leaves when only this node's subscriber connection drops: other
 * nodes go on publishing, and Redis keeps nothing for a subscriber that is away. It remembers the
 * last sequence delivered per channel; after a reconnect (once the subscriptions are back) it
 * reads what was published meanwhile from the channel history and delivers it, holding live
 * messages back until then, so the listener still sees every channel in order and once.
 */
export class ChannelCatchUp {
  private readonly lastSeq = new Map<string, number>();
  /** Channels catching up, with the live messages held back meanwhile. */
  private readonly held = new Map<string, SequencedMessage[]>();
  private stopped = false;

  /** @param retryMs wait before reading the history again when Redis failed the read (default 500) */
  constructor(
    private readonly deliver: (channel: string, message: SequencedMessage) => void,
    private readonly history: (channel: string, afterSeq: number) => Promise<HistoryResult>,
    private readonly retryMs = 500,
  ) {}

  /** Stops catching up (the transport is closing). */
  stop(): void {
    this.stopped = true;
    this.held.clear();
  }

  /** A message from Redis pubsub. */
  live(channel: string, message: SequencedMessage): void {
    const held = this.held.get(channel);
    if (held) held.push(message);
    else {
      this.lastSeq.set(channel, message.seq);
      this.deliver(channel, message);
    }
  }

  /** Forgets a channel this node no longer subscribes to. */
  forget(channel: string): void {
    this.lastSeq.delete(channel);
    this.held.delete(channel);
  }

  /** Holds live messages of every channel seen so far; call before re-subscribing. */
  hold(): string[] {
    const channels = [...this.lastSeq.keys()].filter((c) => !this.held.has(c));
    for (const channel of channels) this.held.set(channel, []);
    return channels;
  }

  /** Delivers what `channels` missed, then what was held; call once subscribed again. */
  async catchUp(channels: readonly string[]): Promise<void> {
    await Promise.all(channels.map((channel) => this.catchUpOne(channel)));
  }

  private async catchUpOne(channel: string): Promise<void> {
    const held = this.held.get(channel);
    let last = this.lastSeq.get(channel);
    if (!held || last === undefined) return;
    let missed: SequencedMessage[];
    try {
      let result = await this.history(channel, last);
      // Redis lost its data (restarted without persistence) and numbering started again at 1:
      // the channel is behind what was delivered, or a new live message is not past it.
      if (result.latest < last || (held.length > 0 && held[0].seq <= last)) {
        last = 0;
        result = await this.history(channel, 0);
      }
      missed = result.messages;
    } catch {
      // The history could not be read: keep holding (releasing now would skip the missed range
      // for good) and read again shortly.
      if (!this.stopped && this.held.get(channel) === held) setTimeout(() => void this.catchUpOne(channel), this.retryMs).unref();
      return;
    }
    if (this.held.get(channel) !== held) return; // unsubscribed meanwhile
    this.held.delete(channel);
    for (const message of [...missed, ...held]) {
      if (message.seq <= last) continue; // already delivered, or in both history and live
      last = message.seq;
      this.deliver(channel, message);
    }
    this.lastSeq.set(channel, last);
  }
}
