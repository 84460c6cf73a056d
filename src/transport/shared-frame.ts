import type { Socket } from 'node:net';
import * as ws from 'ws';
import type { WebSocket } from 'ws';
import type { WriteBatch } from './write-batch';

/** ws's frame builder: documented in ws's source as public, missing from @types/ws. */
interface FrameBuilder {
  frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[];
}

/** ws's Sender class, read at call time so tests can observe it. */
function sender(): FrameBuilder {
  return (ws as unknown as { Sender: FrameBuilder }).Sender;
}

/** A text frame made once for many recipients: the WebSocket bytes, and the text for the fallback. */
export interface SharedFrame {
  readonly text: string;
  readonly bytes: readonly Buffer[];
}

/**
 * Frames `text` once. Server frames are not masked, so the same bytes are valid on every
 * connection: a fan-out to 1000 sockets pays for one header and one UTF-8 encoding, not 1000.
 */
export function shareFrame(text: string): SharedFrame {
  const bytes = sender().frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false });
  return { text, bytes };
}

/** The parts of a ws socket the shared write needs. They are not public API, so each is checked before use. */
interface WsInternals {
  _socket?: Socket;
  _sender?: { _state?: unknown; _queue?: unknown[] };
}

/**
 * Writes a shared frame to `ws`, in `batch` (the socket stays corked until the batch flushes).
 * The bytes go straight to the TCP socket only when ws's own sender is idle (nothing queued, no
 * compression in progress), which keeps frames in order; otherwise, or if ws's internals ever
 * change shape, it falls back to `ws.send(text)`.
 */
export function writeShared(socketOf: WebSocket, frame: SharedFrame, batch: WriteBatch): void {
  const { _socket: socket, _sender: wsSender } = socketOf as unknown as WsInternals;
  if (socket && wsSender && wsSender._state === 0 && Array.isArray(wsSender._queue) && wsSender._queue.length === 0 && typeof socket.cork === 'function') {
    batch.hold(socket);
    for (const chunk of frame.bytes) socket.write(chunk);
    return;
  }
  socketOf.send(frame.text);
}
