import type { Redis } from 'ioredis';
import type { PresenceEntry } from '../protocol/frames';
import { nodeOfSocket } from './topics';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Logger } from '../logging/logger';
import {
  closeClient,
  createRedisClient,
  firstConnection,
  isRedisClient,
  type RedisSource,
  redisCall,
  waitUntilReady,
  watchConnection,
} from '../redis/redis-options';
import { type HistoryOptions, type HistoryResult, PubSubTransport, resolveHistoryOptions } from './pubsub-transport';
import { ChannelCatchUp } from './redis/channel-catch-up';
import { appendAndPublish, parseHistory, parseLiveMessage, readHistory } from './redis/channel-scripts';
import { RedisKeys } from './redis/redis-keys';

/** Options of {@link RedisTransport}. */
export interface RedisTransportOptions {
  /** Prepended to every Redis key and pubsub channel (see `RedisKeys`). Default `ss:`. */
  prefix?: string;
  /** Channel history kept in Redis: `size` messages per channel (default 1000), for `maxAge` ms (default 5 minutes). */
  history?: HistoryOptions;
  /** Milliseconds `start()` (and calls made before it) wait for the first connection. Default 5000. */
  connectTimeout?: number;
  /** Where connection loss and recovery are reported. Default: nowhere. */
  logger?: Logger;
}

/** What a subscribed Redis pubsub channel carries. */
type Route = { kind: 'topic' | 'channel'; name: string };

/**
 * The transport of an app running on several nodes: publishes go through Redis pubsub, channel
 * numbering and history live in Redis. What `createApp({ redis })` selects.
 *
 * - Routed: a node SUBSCRIBEs only to the topics and channels its connections need, never to a
 *   firehose; a publish goes to `<prefix>t:<topic>` or `<prefix>c:<channel>`.
 * - Ordered: `publishToChannel` is one Lua script (INCR, append to history, PUBLISH), so every
 *   node sees a channel's messages in sequence order.
 * - Loud: while Redis is unreachable, publishes, history reads and subscribes reject promptly
 *   with `SS_ERR_REDIS`; nothing is queued to go out later.
 * - Self-healing: both connections reconnect on their own when Redis is back, and the subscriber
 *   re-subscribes to everything it had (ioredis `autoResubscribe`).
 *
 * A channel's sequence key never expires, even when its history does: a new message after a long
 * quiet continues the numbering (and `history` reports the old `latest`), so clients' dedupe by
 * sequence stays right. If Redis itself loses its data (no persistence), numbering restarts at 1
 * and clients see `latest` below what they had, which the app treats as a gap.
 */
export class RedisTransport extends PubSubTransport {
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly ownsCommands: boolean;
  private readonly keys: RedisKeys;
  private readonly size: number;
  private readonly maxAge: number;
  private readonly connectTimeout: number;
  private readonly commandsConnected: () => Promise<void>;
  private readonly subscriberConnected: () => Promise<void>;
  /** Redis pubsub channel → what it carries, for everything this node subscribed to. */
  private readonly routes = new Map<string, Route>();
  /** Unsubscribes that failed during an outage, undone once the subscriber is back. */
  private readonly staleSubscriptions = new Set<string>();
  private readonly catchUp: ChannelCatchUp;

  /**
   * @param redis a URL, ioredis options, or an ioredis client of yours: it then carries the
   *   commands (and is not closed by `close()`), and a duplicate of it subscribes
   */
  constructor(redis: RedisSource, options: RedisTransportOptions = {}) {
    super();
    this.keys = new RedisKeys(options.prefix ?? 'ss:');
    ({ size: this.size, maxAge: this.maxAge } = resolveHistoryOptions(options.history, 'RedisTransport'));
    this.connectTimeout = options.connectTimeout ?? 5000;

    this.ownsCommands = !isRedisClient(redis);
    this.commands = isRedisClient(redis) ? redis : createRedisClient(redis);
    // The subscriber must resubscribe by itself after a reconnect, whatever the caller's options say.
    this.subscriber = isRedisClient(redis)
      ? redis.duplicate({ autoResubscribe: true })
      : createRedisClient(redis, { autoResubscribe: true });
    if (this.ownsCommands) watchConnection(this.commands, 'pubsub transport', options.logger);
    watchConnection(this.subscriber, 'pubsub transport (subscriber)', options.logger);
    this.commandsConnected = firstConnection(this.commands, this.connectTimeout, 'RedisTransport');
    this.subscriberConnected = firstConnection(this.subscriber, this.connectTimeout, 'RedisTransport subscriber');

    this.subscriber.on('message', (redisChannel: string, payload: string) => this.deliver(redisChannel, payload));
    this.catchUp = new ChannelCatchUp(
      (channel, message) => this.listener.channelMessage(channel, message),
      async (channel, afterSeq) => {
        await waitUntilReady(this.commands, this.connectTimeout, 'RedisTransport');
        return this.history(channel, afterSeq);
      },
    );
    this.subscriber.on('ready', () => this.resumed());
  }

  /** Resolves once both connections are up; rejects with `SS_ERR_REDIS` after `connectTimeout`. */
  override async start(): Promise<void> {
    await Promise.all([
      waitUntilReady(this.commands, this.connectTimeout, 'RedisTransport'),
      waitUntilReady(this.subscriber, this.connectTimeout, 'RedisTransport subscriber'),
    ]);
  }

  async publish(topic: string, body: string): Promise<void> {
    await this.command('publish', () => this.commands.publish(this.keys.topic(topic), body));
  }

  async publishToChannel(channel: string, body: string): Promise<number> {
    const seq = await this.command('publishToChannel', () =>
      appendAndPublish.run(
        this.commands,
        [this.keys.seq(channel), this.keys.history(channel)],
        [body, this.size, this.maxAge, this.keys.channel(channel)],
      ),
    );
    return Number(seq);
  }

  async history(channel: string, afterSeq: number): Promise<HistoryResult> {
    if (Number.isNaN(afterSeq)) {
      throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `RedisTransport.history(${JSON.stringify(channel)}, afterSeq): afterSeq must be a number, got NaN`);
    }
    // Sequences are integers: "after 2.5" is "after 2"; -Infinity is "from the start".
    const after = Math.max(-1, Math.floor(Math.min(afterSeq, Number.MAX_SAFE_INTEGER)));
    const reply = await this.command('history', () =>
      readHistory.run(this.commands, [this.keys.seq(channel), this.keys.history(channel)], [after, this.maxAge]),
    );
    return parseHistory(reply, after);
  }

  async subscribe(topic: string): Promise<void> {
    await this.listen(this.keys.topic(topic), { kind: 'topic', name: topic });
  }

  async unsubscribe(topic: string): Promise<void> {
    await this.unlisten(this.keys.topic(topic));
  }

  async subscribeChannel(channel: string): Promise<void> {
    await this.listen(this.keys.channel(channel), { kind: 'channel', name: channel });
  }

  async unsubscribeChannel(channel: string): Promise<void> {
    this.catchUp.forget(channel);
    await this.unlisten(this.keys.channel(channel));
  }

  /**
   * Presence lives in a Redis hash per channel, so every node lists every member. Entries carry
   * the node in their socket id; a node refreshes its heartbeat key while it has members, and
   * entries of a node whose heartbeat expired (it crashed) are dropped when listed.
   */
  override async presenceAdd(channel: string, entry: PresenceEntry): Promise<void> {
    this.beat();
    await this.command('presenceAdd', () => this.commands.hset(this.keys.presence(channel), entry.socketId, JSON.stringify(entry)));
  }

  override async presenceRemove(channel: string, socketId: string): Promise<void> {
    await this.command('presenceRemove', () => this.commands.hdel(this.keys.presence(channel), socketId));
  }

  override async presenceList(channel: string): Promise<PresenceEntry[]> {
    const key = this.keys.presence(channel);
    const all = await this.command('presenceList', () => this.commands.hgetall(key));
    const entries = Object.values(all).map((json) => JSON.parse(json) as PresenceEntry);
    const nodes = [...new Set(entries.map((e) => nodeOfSocket(e.socketId) ?? ''))];
    const alive = await this.command('presenceList', () => this.commands.mget(nodes.map((n) => this.keys.node(n))));
    const live = new Set(nodes.filter((_, i) => alive[i] !== null));
    const stale = entries.filter((e) => !live.has(nodeOfSocket(e.socketId) ?? ''));
    if (stale.length) void this.commands.hdel(key, ...stale.map((e) => e.socketId)).catch(() => undefined);
    return entries.filter((e) => live.has(nodeOfSocket(e.socketId) ?? ''));
  }

  private heartbeat: NodeJS.Timeout | undefined;

  /** Keeps this node's heartbeat key alive (every 5 s, expiring after 15 s) once it has presence to vouch for. */
  private beat(): void {
    if (this.heartbeat || !this.nodeId) return;
    const refresh = () => void this.commands.set(this.keys.node(this.nodeId as string), '1', 'PX', 15_000).catch(() => undefined);
    refresh();
    this.heartbeat = setInterval(refresh, 5000);
    this.heartbeat.unref();
  }

  /** Quits both connections (a client passed in stays open) and stops delivering. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.catchUp.stop();
    if (this.nodeId) await this.commands.del(this.keys.node(this.nodeId)).catch(() => undefined);
    this.routes.clear();
    this.subscriber.removeAllListeners('message');
    await Promise.all([closeClient(this.subscriber), this.ownsCommands ? closeClient(this.commands) : undefined]);
  }

  private async listen(redisChannel: string, route: Route): Promise<void> {
    // Routed before SUBSCRIBE is sent: a message right behind the reply is emitted before this
    // function resumes, and must not be dropped.
    const had = this.routes.get(redisChannel);
    this.routes.set(redisChannel, route);
    this.staleSubscriptions.delete(redisChannel);
    try {
      await this.subscriberCommand('subscribe', () => this.subscriber.subscribe(redisChannel));
    } catch (err) {
      if (!had) this.routes.delete(redisChannel);
      throw err;
    }
  }

  private async unlisten(redisChannel: string): Promise<void> {
    // Delivery stops now, whatever Redis says; that is what the caller asked for.
    if (!this.routes.delete(redisChannel)) return;
    try {
      await this.subscriber.unsubscribe(redisChannel);
    } catch {
      // Redis is unreachable: ioredis will resubscribe to it on reconnect; undo that then.
      this.staleSubscriptions.add(redisChannel);
    }
  }

  /**
   * The subscriber is (again) connected. ioredis re-subscribes by itself; channels this node had
   * delivered from are also subscribed here, so that their history is read only once the
   * subscription is certainly active, and what was published while away is delivered first.
   */
  private resumed(): void {
    this.dropStaleSubscriptions();
    const channels = this.catchUp.hold();
    if (channels.length === 0) return;
    void this.subscriber
      .subscribe(...channels.map((c) => this.keys.channel(c)))
      .catch(() => {}) // down again: history fails too, the held messages are released
      .then(() => this.catchUp.catchUp(channels));
  }

  private dropStaleSubscriptions(): void {
    const stale = [...this.staleSubscriptions].filter((c) => !this.routes.has(c));
    this.staleSubscriptions.clear();
    if (stale.length === 0) return;
    this.subscriber.unsubscribe(...stale).catch(() => stale.forEach((c) => this.staleSubscriptions.add(c)));
  }

  private deliver(redisChannel: string, payload: string): void {
    const route = this.routes.get(redisChannel);
    if (!route) return; // an UNSUBSCRIBE still in flight
    if (route.kind === 'topic') {
      this.listener.message(route.name, payload);
      return;
    }
    const message = parseLiveMessage(payload);
    if (message) this.catchUp.live(route.name, message);
  }

  private command<T>(what: string, call: () => Promise<T>): Promise<T> {
    return redisCall(`RedisTransport.${what}`, async () => {
      await this.commandsConnected();
      return call();
    });
  }

  private subscriberCommand<T>(what: string, call: () => Promise<T>): Promise<T> {
    return redisCall(`RedisTransport.${what}`, async () => {
      await this.subscriberConnected();
      return call();
    });
  }
}
