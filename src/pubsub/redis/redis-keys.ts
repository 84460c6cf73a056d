/**
 * Where the Redis transport keeps things, all under one prefix (default `ss:`) so that several
 * apps can share a Redis:
 *
 * | name                   | kind            | what                                          |
 * |------------------------|-----------------|-----------------------------------------------|
 * | `<prefix>t:<topic>`    | pubsub channel  | plain publishes (`all`, `user:<id>`, `node:<id>`) |
 * | `<prefix>c:<channel>`  | pubsub channel  | channel messages, `<seq>\|<body>`              |
 * | `<prefix>seq:<channel>`| string (INCR)   | the channel's latest sequence number; no expiry |
 * | `<prefix>hist:<channel>`| list           | the channel's history, `<seq>\|<at>\|<body>`; expires after `maxAge` of quiet |
 * | `<prefix>pres:<channel>`| hash           | presence: socket id → `{ socketId, userId }` JSON |
 * | `<prefix>node:<node>`  | string (PX)     | a node's heartbeat; presence entries of a node without one are stale |
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  topic(topic: string): string {
    return `${this.prefix}t:${topic}`;
  }

  channel(channel: string): string {
    return `${this.prefix}c:${channel}`;
  }

  seq(channel: string): string {
    return `${this.prefix}seq:${channel}`;
  }

  history(channel: string): string {
    return `${this.prefix}hist:${channel}`;
  }

  presence(channel: string): string {
    return `${this.prefix}pres:${channel}`;
  }

  node(node: string): string {
    return `${this.prefix}node:${node}`;
  }
}
