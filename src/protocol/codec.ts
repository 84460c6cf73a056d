import type { ClientFrame, FrameEnvelope, JoinFrame, LeaveFrame, MessageFrame, PresenceFrame, PushFrame, RequestId, ResumeFrame, RpcRequestFrame, ServerFrame } from './frames';
import { RpcError } from './rpc-error';

const MAX_ID_LENGTH = 64;

/**
 * A client's value as an error message or a log line may quote it: a string is cut to its first
 * `max` characters (default 32; then JSON-quoted, and its length told), anything else is named
 * by its kind. What a frame carries (up to `ws.maxPayload`, 1 MiB by default) must never be
 * echoed whole into a reply or the log: a 500 KB string of `"` would JSON-quote to 1 MB.
 */
export function quote(value: unknown, max = 32): string {
  if (typeof value === 'string') {
    return value.length <= max ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
  }
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** Whether `id` can be a request id: a safe integer or a string of at most 64 characters. */
export function isRequestId(id: unknown): id is RequestId {
  return (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= MAX_ID_LENGTH);
}

/**
 * Reads the envelope of a frame sent by a client: JSON, an object, a string `t`. Throws an
 * `RpcError('BAD_REQUEST')` naming what is wrong. The rest of the frame is read by the responder
 * its type names (`readRpcFrame`, `readChannelFrame`, `readMessageFrame`).
 */
export function readEnvelope(text: string): FrameEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RpcError('BAD_REQUEST', 'frame is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RpcError('BAD_REQUEST', 'frame must be a JSON object');
  }
  const frame = value as FrameEnvelope;
  if (typeof frame.t !== 'string') throw new RpcError('BAD_REQUEST', `frame needs "t", its type as a string; got ${quote(frame.t)}`);
  return frame;
}

/** Checks an `rpc` frame's fields (an absent `a` becomes `[]`); throws `BAD_REQUEST` naming the field. */
export function readRpcFrame(frame: FrameEnvelope): RpcRequestFrame {
  if (!isRequestId(frame.id)) throw new RpcError('BAD_REQUEST', 'rpc frame needs an "id" (safe integer or string of at most 64 characters)');
  if (typeof frame.m !== 'string' || frame.m.length === 0) throw new RpcError('BAD_REQUEST', 'rpc frame needs "m", the method name as a string');
  if (frame.a === undefined) frame.a = [];
  else if (!Array.isArray(frame.a)) throw new RpcError('BAD_REQUEST', 'rpc frame "a" must be an array of arguments');
  return frame as unknown as RpcRequestFrame;
}

/** Checks a `join`, `resume`, `leave`, `push` or `presence` frame's fields; throws `BAD_REQUEST` naming the field. */
export function readChannelFrame(frame: FrameEnvelope): JoinFrame | ResumeFrame | LeaveFrame | PushFrame | PresenceFrame {
  if (!isRequestId(frame.id)) throw new RpcError('BAD_REQUEST', `${frame.t} frame needs an "id" (safe integer or string of at most 64 characters)`);
  if (typeof frame.c !== 'string' || frame.c.length === 0) throw new RpcError('BAD_REQUEST', `${frame.t} frame needs "c", the channel name`);
  if (frame.t === 'push' && (typeof frame.e !== 'string' || frame.e.length === 0)) throw new RpcError('BAD_REQUEST', 'push frame needs "e", the event name');
  if (frame.t === 'join' && frame.s !== undefined && !(typeof frame.s === 'number' && Number.isSafeInteger(frame.s) && frame.s >= 0)) {
    throw new RpcError('BAD_REQUEST', 'join frame "s" must be the last sequence number seen (a non-negative integer)');
  }
  if (frame.t === 'resume' && !(typeof frame.s === 'number' && Number.isSafeInteger(frame.s) && frame.s >= 0)) {
    throw new RpcError('BAD_REQUEST', 'resume frame needs "s", the last sequence number seen (a non-negative integer)');
  }
  return frame as unknown as JoinFrame | ResumeFrame | LeaveFrame | PushFrame | PresenceFrame;
}

/** Longest responder name a `msg` frame may carry. */
export const MAX_RESPONDER_NAME = 64;

/** Checks a `msg` frame's name (a non-empty string of at most 64 characters); throws `BAD_REQUEST`. */
export function readMessageFrame(frame: FrameEnvelope): MessageFrame {
  const n = frame.n;
  if (typeof n !== 'string' || n.length === 0 || n.length > MAX_RESPONDER_NAME) {
    throw new RpcError('BAD_REQUEST', `msg frame needs "n", the responder's name (1 to ${MAX_RESPONDER_NAME} characters); got ${quote(n)}`);
  }
  return frame as unknown as MessageFrame;
}

/**
 * Reads a whole client frame of this protocol version: the envelope, then the fields of its
 * type. The server reads frames in two steps instead (envelope in the transport, fields in the
 * responder); this is the same check in one call, for tools and tests.
 */
export function decodeClientFrame(text: string): ClientFrame {
  const frame = readEnvelope(text);
  switch (frame.t) {
    case 'rpc':
      return readRpcFrame(frame);
    case 'join':
    case 'resume':
    case 'leave':
    case 'push':
    case 'presence':
      return readChannelFrame(frame);
    case 'msg':
      return readMessageFrame(frame);
    default:
      throw new RpcError('BAD_REQUEST', `unknown frame type ${quote(frame.t)}`);
  }
}

/** The request id of a decoded-but-invalid frame, if it had a usable one. */
export function requestIdOf(text: string): RequestId | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'id' in value) {
      const id = (value as { id: unknown }).id;
      if (isRequestId(id)) return id;
    }
  } catch {
    // not JSON: no id to recover
  }
  return null;
}

/** Encodes a frame for the wire. */
export function encodeFrame(frame: ServerFrame | ClientFrame): string {
  return JSON.stringify(frame);
}

/** Reads a frame sent by a server; returns null for anything that is not a known frame. */
export function decodeServerFrame(text: string): ServerFrame | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string') {
      return value as ServerFrame;
    }
  } catch {
    // fall through
  }
  return null;
}
