import { WebSocket } from 'ws';
import type { Logger } from '../logging/logger';
import { byeFrame } from '../protocol/encode';
import { SERVICE_RESTART, type WsConnection } from './ws-connection';

/** Milliseconds after `ws.drainTimeout` that a socket which has not closed is terminated. */
const CLOSE_GRACE = 2000;

/**
 * The open connections of one transport: pings them every `heartbeat` ms and drops the ones
 * that did not answer the last ping, and closes them all at shutdown, telling each client to
 * reconnect once its calls in flight have answered.
 */
export class ConnectionSet<S> {
  private readonly connections = new Map<string, WsConnection<S>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {}

  /** Open connections. */
  get size(): number {
    return this.connections.size;
  }

  /** A connection opened. */
  add(conn: WsConnection<S>): void {
    this.connections.set(conn.id, conn);
  }

  /** A connection closed. */
  delete(conn: WsConnection<S>): void {
    this.connections.delete(conn.id);
  }

  /** Pings every connection each `interval` ms (0: never). */
  startHeartbeat(interval: number): void {
    if (interval <= 0) return;
    this.timer = setInterval(() => this.beat(), interval);
    this.timer.unref();
  }

  private beat(): void {
    for (const conn of this.connections.values()) {
      if (!conn.alive) {
        this.log.debug(`socket ${conn.id} missed a heartbeat; terminating`);
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  /**
   * Tells every client the server is going away (`bye`), lets the calls in flight answer (for at
   * most `drainTimeout` ms), closes the sockets with 1012 (service restart: clients reconnect)
   * and resolves when they are gone.
   */
  async close(reason: 'shutdown' | 'restart', drainTimeout: number): Promise<void> {
    clearInterval(this.timer);
    const closed = [...this.connections.values()].map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          conn.ws.once('close', () => resolve());
          conn.send(byeFrame(reason));
          conn.draining = true;
          if (conn.inFlight === 0) conn.ws.close(SERVICE_RESTART, reason);
          else setTimeout(() => conn.ws.close(SERVICE_RESTART, reason), drainTimeout).unref();
          setTimeout(() => {
            conn.ws.terminate();
            resolve();
          }, drainTimeout + CLOSE_GRACE).unref();
        }),
    );
    await Promise.all(closed);
  }
}
