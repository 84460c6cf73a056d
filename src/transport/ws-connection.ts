import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { Logger } from '../logging/logger';
import type { Connection } from './connection';
import type { TokenBucket } from './rate-limiter';
import { type SharedFrame, writeShared } from './shared-frame';
import type { WriteBatch } from './write-batch';

/** Close code 1012, "service restart": clients reconnect. */
export const SERVICE_RESTART = 1012;

/** What every connection of one transport shares, so a connection carries no closures of its own. */
export interface ConnectionHost {
  /** `ws.maxBuffered`: unread bytes after which a peer is cut off. */
  readonly maxBuffered: number;
  readonly log: Logger;
  readonly batch: WriteBatch;
}

/**
 * One open WebSocket and what the handshake hook attached to it (`S`, the session). Methods live
 * on the prototype and the channel set is made on first use: an idle connection costs a handful
 * of fields on top of ws's own objects.
 */
export class WsConnection<S = unknown> implements Connection<S>, TokenBucket {
  alive = true;
  /** `ws.rateLimit`'s bucket (unused without a limit); full until first used. */
  tokens = 0;
  tokensAt = -Infinity;
  /** Whether this connection's first refused frame has been logged. */
  rateWarned = false;
  /** Unreadable frames received (`ws.maxUnreadableFrames`); counted on the error path only. */
  unreadable = 0;
  /** Set by the transport's `close()`: the socket closes once the calls in flight have answered. */
  draining = false;
  closed = false;
  inFlight = 0;
  private joined: Set<string> | undefined;

  constructor(
    readonly id: string,
    readonly session: S,
    readonly ws: WebSocket,
    /** The TCP socket under `ws`, as handed to the upgrade. */
    private readonly socket: Duplex,
    private readonly host: ConnectionHost,
  ) {}

  get channels(): Set<string> {
    return (this.joined ??= new Set());
  }

  send(frame: string): void {
    if (this.writable()) {
      // Replies to the several calls a client keeps in flight usually arrive in one read and
      // are answered in the same turn: corked, they leave in one write instead of one each.
      const batch = this.host.batch;
      batch.hold(this.socket);
      this.ws.send(frame);
      batch.limit(this.socket);
    }
    this.afterWrite();
  }

  sendShared(frame: SharedFrame): void {
    if (this.writable()) {
      writeShared(this.ws, frame, this.host.batch);
      this.host.batch.limit(this.socket);
    }
    this.afterWrite();
  }

  private writable(): boolean {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN) return false;
    // Slow-consumer policy: a peer that does not read its frames is cut off rather than
    // letting its backlog grow in server memory.
    if (ws.bufferedAmount > this.host.maxBuffered) {
      // Bytes held back by the write batch are not sent yet, so not unread: write them out first.
      if (this.host.batch.writeOut(this.socket) && ws.bufferedAmount <= this.host.maxBuffered) return true;
      this.host.log.warn(`socket ${this.id} has more than ${this.host.maxBuffered} bytes unread; terminating it`);
      ws.terminate();
      return false;
    }
    return true;
  }

  private afterWrite(): void {
    if (this.draining && this.inFlight === 0 && this.ws.readyState === WebSocket.OPEN) this.ws.close(SERVICE_RESTART, 'restart');
  }
}
