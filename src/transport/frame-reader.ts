import type { Logger } from '../logging/logger';
import { readEnvelope, requestIdOf } from '../protocol/codec';
import { errorFrame } from '../protocol/encode';
import type { FrameEnvelope } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { ConnectionHandler } from './connection-handler';
import type { HandshakeHook } from './handshake-hook';
import type { RateLimiter } from './rate-limiter';
import type { WsConnection } from './ws-connection';

/** Close code 1008, "policy violation": the connection sent more than `ws.maxUnreadableFrames` unreadable frames. */
const POLICY_VIOLATION = 1008;

/** The options the reader applies (from `ws`). */
export interface FrameReaderOptions {
  readonly rateLimit: RateLimiter | undefined;
  readonly maxUnreadableFrames: number;
}

/**
 * Reads each frame a connection sends: refuses it while the server drains or over the rate
 * limit, reads its envelope and hands it to the handler (the responder registry), which routes
 * it by type. The errors it answers itself are the transport's own: unreadable frames (not
 * JSON, no type, a type nobody serves), rate limiting and draining.
 */
export class FrameReader<S> {
  constructor(
    private readonly options: FrameReaderOptions,
    private readonly handler: ConnectionHandler<S>,
    private readonly hook: HandshakeHook<S>,
    private readonly log: Logger,
  ) {}

  receive(conn: WsConnection<S>, data: Buffer, isBinary: boolean): void {
    conn.alive = true;
    // Before the rate limit: a call refused while the server drains should be retried after reconnecting, not after a wait.
    if (conn.draining) {
      this.handler.refused(conn, isBinary ? null : data.toString('utf8'), new RpcError('UNAVAILABLE', 'the server is restarting; retry after reconnecting'), true);
      return;
    }
    const limiter = this.options.rateLimit;
    if (limiter !== undefined) {
      const wait = limiter.take(conn, performance.now());
      if (wait > 0) return this.rateLimited(conn, limiter, isBinary ? null : data.toString('utf8'), wait);
    }
    this.hook.activity(conn);
    if (isBinary) {
      this.unreadable(conn, null, new RpcError('BAD_REQUEST', 'binary frames are not part of the protocol; send JSON text'));
      return;
    }
    const text = data.toString('utf8');
    let frame: FrameEnvelope;
    try {
      frame = readEnvelope(text);
      // The registry routes it by type; it throws only for a frame nobody can read.
      this.handler.frame(conn, frame);
    } catch (err) {
      this.unreadable(conn, text, err instanceof RpcError ? err : new RpcError('BAD_REQUEST', 'unreadable frame'));
    }
  }

  /**
   * A frame the protocol cannot read (`text` null: binary). Answered `BAD_REQUEST` up to
   * `ws.maxUnreadableFrames` times; the one after closes the connection with 1008, as a client
   * that keeps sending them is broken or probing. Only a connection's first is logged at once
   * (with the codec's message, which quotes at most a short prefix of the frame); the count is
   * reported when the connection closes, so a flood writes two lines, not one per frame.
   */
  private unreadable(conn: WsConnection<S>, text: string | null, error: RpcError): void {
    const count = ++conn.unreadable;
    const max = this.options.maxUnreadableFrames;
    if (count > max) {
      if (count === max + 1) conn.ws.close(POLICY_VIOLATION, 'too many unreadable frames');
      return;
    }
    if (count === 1) this.log.warn(`malformed frame from socket ${conn.id}: ${error.message}`);
    conn.send(errorFrame(text === null ? null : requestIdOf(text), error));
  }

  /** On close, the count of a connection that sent more than the one unreadable frame already logged. */
  reportUnreadable(conn: WsConnection<S>): void {
    if (conn.unreadable === 0) return;
    const max = this.options.maxUnreadableFrames;
    if (conn.unreadable === 1 && max > 0) return;
    const closedIt = conn.unreadable > max ? `; closed it with 1008 after ${max} (ws.maxUnreadableFrames)` : '';
    this.log.warn(`socket ${conn.id} sent ${conn.unreadable} unreadable frame${conn.unreadable === 1 ? '' : 's'}${closedIt}`);
  }

  /**
   * A frame over `ws.rateLimit`: answered as its type's frames are (a call under its id, a
   * message under its responder's name), dropped when nothing can be read of it (binary, not
   * JSON); logged once per connection.
   */
  private rateLimited(conn: WsConnection<S>, limiter: RateLimiter, text: string | null, wait: number): void {
    if (!conn.rateWarned) {
      conn.rateWarned = true;
      this.log.warn(`socket ${conn.id} sends more than ${limiter.perSecond} frames per second (ws.rateLimit); refusing the excess`);
    }
    this.handler.refused(conn, text, new RpcError('RATE_LIMITED', `more than ${limiter.perSecond} frames per second on this connection`, { retryAfter: wait }), false);
  }
}
