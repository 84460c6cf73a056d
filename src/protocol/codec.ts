import type { ClientFrame, RequestId, ServerFrame } from './frames';
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

function isRequestId(id: unknown): id is RequestId {
  return (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= MAX_ID_LENGTH);
}

/**
 * Reads a frame sent by a client. Throws an `RpcError('BAD_REQUEST')` naming what is wrong;
 * `requestIdOf` recovers the id of a frame that was JSON but had the wrong shape, so the
 * error can still be matched to its call.
 */
export function decodeClientFrame(text: string): ClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RpcError('BAD_REQUEST', 'frame is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RpcError('BAD_REQUEST', 'frame must be a JSON object');
  }
  const frame = value as Record<string, unknown>;
  switch (frame.t) {
    case 'rpc':
      if (!isRequestId(frame.id)) throw new RpcError('BAD_REQUEST', 'rpc frame needs an "id" (safe integer or string of at most 64 characters)');
      if (typeof frame.m !== 'string' || frame.m.length === 0) throw new RpcError('BAD_REQUEST', 'rpc frame needs "m", the method name as a string');
      if (frame.a === undefined) frame.a = [];
      else if (!Array.isArray(frame.a)) throw new RpcError('BAD_REQUEST', 'rpc frame "a" must be an array of arguments');
      return frame as unknown as ClientFrame;
    case 'join':
    case 'leave':
    case 'push':
    case 'presence':
      if (!isRequestId(frame.id)) throw new RpcError('BAD_REQUEST', `${frame.t} frame needs an "id" (safe integer or string of at most 64 characters)`);
      if (typeof frame.c !== 'string' || frame.c.length === 0) throw new RpcError('BAD_REQUEST', `${frame.t} frame needs "c", the channel name`);
      if (frame.t === 'push' && (typeof frame.e !== 'string' || frame.e.length === 0)) throw new RpcError('BAD_REQUEST', 'push frame needs "e", the event name');
      if (frame.t === 'join' && frame.s !== undefined && !(typeof frame.s === 'number' && Number.isSafeInteger(frame.s) && frame.s >= 0)) {
        throw new RpcError('BAD_REQUEST', 'join frame "s" must be the last sequence number seen (a non-negative integer)');
      }
      return frame as unknown as ClientFrame;
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
