import type { Writable } from 'node:stream';

/** Bytes a held socket may queue before they are written anyway (Node's own socket high-water mark is 16 KiB). */
const WRITE_OUT_BYTES = 64 * 1024;

/**
 * Coalesces the writes made to a socket during one turn of the event loop into one system
 * call. A fan-out of 500 messages to 1000 sockets would otherwise make 500 000 `write`s, and
 * the replies to eight calls that arrived in one read would make eight; corked, each socket
 * gets one `writev` of everything queued for it when the batch flushes. The flush runs on
 * `process.nextTick`: after the synchronous work of the current callback (a read's frames, a
 * publishing loop, a Redis reply holding many messages) and before the event loop goes back to
 * I/O, so batching adds no wait for new events. Frames keep their order because every write,
 * batched or not, goes through the same corked socket.
 *
 * One per transport: two apps in one process never flush each other's sockets.
 */
export class WriteBatch {
  private corked = new Set<Writable>();
  private scheduled = false;
  private readonly flushNow = (): void => this.flush();

  /** Corks `socket` until the end of this turn of the event loop (once, however often it is called). */
  hold(socket: Writable): void {
    if (this.corked.has(socket)) return;
    socket.cork();
    this.corked.add(socket);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flushNow);
    }
  }

  /** Writes out what `socket` holds once it passes 64 KiB, so a large burst is not all kept in memory. */
  limit(socket: Writable): void {
    if (socket.writableLength >= WRITE_OUT_BYTES) this.writeOut(socket);
  }

  /** Writes out now what `socket` holds (it stays in the batch); false when the batch does not hold it. */
  writeOut(socket: Writable): boolean {
    if (!this.corked.has(socket)) return false;
    socket.uncork();
    socket.cork();
    return true;
  }

  /** Uncorks every held socket: each writes what it queued in one go. */
  flush(): void {
    const sockets = this.corked;
    this.corked = new Set();
    this.scheduled = false;
    // A destroyed socket ignores the uncork.
    for (const socket of sockets) socket.uncork();
  }
}
