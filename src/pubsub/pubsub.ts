import { SocketStreamError } from '../errors/socketstream-error';
import { quote } from '../protocol/codec';
import { encodeEventBody } from './event-body';
import type { PubSubTransport } from './pubsub-transport';
import { ALL_TOPIC, nodeOfSocket, nodeTopic, userTopic } from './topics';

/**
 * Publishes events to clients, on this node and every other one sharing the transport. Inject it
 * (`constructor(private readonly publish: PubSub)`) or use `this.publish` in a `Service`. Each
 * method encodes the payload once and resolves when the transport accepted the message; it
 * rejects when the transport could not take it (e.g. Redis is down), never dropping it silently.
 */
export class PubSub {
  /** @internal made by the app */
  constructor(private readonly transport: PubSubTransport) {}

  /** Sends `event` to every connected client. */
  async all(event: string, data?: unknown): Promise<void> {
    await this.transport.publish(ALL_TOPIC, encodeEventBody(event, data));
  }

  /**
   * Sends `event` to the members of one or more channels. Each channel numbers its messages and
   * keeps them for clients that reconnect.
   */
  async channel(names: string | readonly string[], event: string, data?: unknown): Promise<void> {
    const body = encodeEventBody(event, data);
    const list = typeof names === 'string' ? [names] : names;
    for (const name of list) checkChannelName(name);
    await Promise.all(list.map((name) => this.transport.publishToChannel(name, body)));
  }

  /** Sends `event` to every connection of the user with this id (on any node). */
  async user(userId: string, event: string, data?: unknown): Promise<void> {
    if (typeof userId !== 'string' || userId.length === 0) {
      throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `publish.user(userId): userId must be a non-empty string, got ${JSON.stringify(userId)}`);
    }
    await this.transport.publish(userTopic(userId), encodeEventBody(event, data));
  }

  /** Sends `event` to one connection (`ctx.socketId`), wherever it is. Unknown sockets are ignored. */
  async socket(socketId: string, event: string, data?: unknown): Promise<void> {
    const node = typeof socketId === 'string' ? nodeOfSocket(socketId) : undefined;
    if (node === undefined) {
      throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `publish.socket(socketId): ${JSON.stringify(socketId)} is not a socket id`);
    }
    await this.transport.publish(nodeTopic(node), `${socketId}|${encodeEventBody(event, data)}`);
  }

  /** @internal channel publish with one connection left out (ChannelContext#broadcast) */
  async channelExcept(name: string, event: string, data: unknown, exceptSocket: string): Promise<void> {
    await this.transport.publishToChannel(name, encodeEventBody(event, data, exceptSocket));
  }
}

/** Longest channel name accepted, in UTF-16 code units: names become Redis keys and frame members. */
export const MAX_CHANNEL_NAME = 200;

/** Characters of client-chosen text (a channel or event name) quoted back in a message or log line. */
const MAX_QUOTED = 100;

/** A client-chosen channel or event name as a message or log line may quote it: its first {@link MAX_QUOTED} characters. */
export function quoteName(text: unknown): string {
  return quote(text, MAX_QUOTED);
}

/** Channel names are non-empty strings of at most {@link MAX_CHANNEL_NAME} characters, without control characters. */
export function checkChannelName(name: unknown): asserts name is string {
  // eslint-disable-next-line no-control-regex
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_CHANNEL_NAME || /[\u0000-\u001f]/.test(name)) {
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `channel name ${quoteName(name)} must be a non-empty string of at most ${MAX_CHANNEL_NAME} printable characters`);
  }
}
