import type { HistoryResult, SequencedMessage } from './pubsub-transport';

interface Stored extends SequencedMessage {
  at: number;
}

/**
 * One channel's recent messages in a ring of at most `size` entries, dropping those older than
 * `maxAge`. Used by the memory transport; Redis keeps the same window in Redis.
 */
export class ChannelHistory {
  private readonly ring: Stored[] = [];
  private latest: number;

  /** @param start the sequence number before the first message (default 0: numbering starts at 1) */
  constructor(
    private readonly size: number,
    private readonly maxAge: number,
    start = 0,
  ) {
    this.latest = start;
  }

  /** The last sequence number given (`start` before any message). */
  get latestSeq(): number {
    return this.latest;
  }

  /** Stores the next message and returns it with its sequence number. */
  append(body: string): SequencedMessage {
    const message: Stored = { seq: ++this.latest, body, at: Date.now() };
    this.ring.push(message);
    if (this.ring.length > this.size) this.ring.shift();
    return message;
  }

  /** True when every message has aged out (the channel has been quiet for `maxAge`). */
  expired(): boolean {
    this.dropOld();
    return this.ring.length === 0;
  }

  private dropOld(): void {
    const oldestAllowed = Date.now() - this.maxAge;
    while (this.ring.length > 0 && this.ring[0].at < oldestAllowed) this.ring.shift();
  }

  /** Messages after `afterSeq` still kept; `gap` when some after it were dropped. */
  after(afterSeq: number): HistoryResult {
    this.dropOld();
    const firstKept = this.ring.length > 0 ? this.ring[0].seq : this.latest + 1;
    const gap = afterSeq < this.latest && afterSeq + 1 < firstKept;
    const messages = this.ring.filter((m) => m.seq > afterSeq).map(({ seq, body }) => ({ seq, body }));
    return { messages, gap, latest: this.latest };
  }
}
