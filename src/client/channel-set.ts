import { Channel, type ChannelLink } from './channel';

/** Channels without a handle the client follows for recovery at most (the server's default `ws.maxChannels`). */
const FOLLOWED_MAX = 1000;

/**
 * The channels a client knows: those with a handle (`ss.channel(name)`), and those the server
 * joined the session to (`session.channels`) that have none, followed like handles for order,
 * dedupe and recovery. Followed ones are kept least recently active first, at most
 * FOLLOWED_MAX; beyond that the least recently active is no longer tracked.
 */
export class ChannelSet {
  private readonly handles = new Map<string, Channel>();
  private readonly follows = new Map<string, Channel>();

  constructor(private readonly link: ChannelLink) {}

  /** The handle of `name`, made now if need be; a followed channel becomes the handle, with what it knows. */
  handle(name: string): Channel {
    let channel = this.handles.get(name);
    if (!channel) {
      this.handles.set(name, (channel = this.follows.get(name) ?? new Channel(name, this.link)));
      this.follows.delete(name);
    }
    return channel;
  }

  /** The handle of `name`, else its follower, if either exists. */
  get(name: string): Channel | undefined {
    return this.handles.get(name) ?? this.follows.get(name);
  }

  /** The handle of `name`, else its follower, made now if need be (and marked most recently active). */
  tracked(name: string): Channel {
    const handle = this.handles.get(name);
    if (handle) return handle;
    const channel = this.follows.get(name) ?? new Channel(name, this.link);
    this.follows.delete(name);
    this.follows.set(name, channel);
    if (this.follows.size > FOLLOWED_MAX) this.follows.delete(this.follows.keys().next().value as string);
    return channel;
  }

  /** A new connection is up: handles rejoin, followers resume; followers with nothing to resume are forgotten. */
  rejoin(): void {
    // Rejoins go first, so queued pushes into those channels find the membership restored.
    for (const channel of this.handles.values()) channel.rejoin();
    for (const [name, channel] of this.follows) if (!channel.rejoin()) this.follows.delete(name);
  }
}
