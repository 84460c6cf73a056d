import type { ByeFrame, RequestId } from './frames';
import { RpcError, type WireError } from './rpc-error';

/**
 * Server frame encoders: each builds the exact text of one frame. They live here, beside the
 * frame types, so that every layer above (transport, rpc, pubsub) writes frames without
 * importing one another.
 */

export function resultFrame(id: RequestId, result: unknown): string {
  const idText = typeof id === 'number' ? String(id) : JSON.stringify(id);
  // JSON.stringify gives undefined for functions and symbols: they travel as an absent result.
  const body = result === undefined ? undefined : JSON.stringify(result);
  return body === undefined ? `{"t":"res","id":${idText}}` : `{"t":"res","id":${idText},"r":${body}}`;
}

/**
 * Encodes an error frame for request `id`. When the error's details cannot be serialised
 * (a BigInt, a cycle), the frame goes without them rather than not at all.
 */
export function errorFrame(id: RequestId | null, error: RpcError | WireError): string {
  const e = error instanceof RpcError ? error.toJSON() : error;
  try {
    return JSON.stringify({ t: 'err', id, e });
  } catch {
    return JSON.stringify({ t: 'err', id, e: { code: e.code, message: String(e.message) } });
  }
}

/** The first frame, sent with the 101 response. */
export function helloFrame(version: number, socketId: string, contract?: string): string {
  return JSON.stringify(contract === undefined ? { t: 'hello', v: version, socketId } : { t: 'hello', v: version, socketId, c: contract });
}

/** A refreshed session cookie token; `changed` when the session's id changed. */
export function sessionFrame(token: string, changed?: true): string {
  return changed ? JSON.stringify({ t: 'session', token, changed: true }) : JSON.stringify({ t: 'session', token });
}

/** The server is going away; the client reconnects. */
export function byeFrame(reason: ByeFrame['reason']): string {
  return JSON.stringify({ t: 'bye', reason });
}

/** Messages of `channel` were lost: continue from `latest`. */
export function gapFrame(channel: string, latest: number): string {
  return JSON.stringify({ t: 'gap', c: channel, s: latest });
}

/** The server joined this connection to `channel` (server-side membership) at sequence `latest`. */
export function memberFrame(channel: string, latest: number): string {
  return JSON.stringify({ t: 'member', c: channel, s: latest });
}

/** An event frame around a body made by the publisher (`"e":…,"d":…`), encoded once per publish. */
export function eventFrame(body: string): string {
  return `{"t":"ev",${body}}`;
}

/** A channel's event frame: its name and sequence number, then the publisher's body. */
export function channelFrame(channel: string, seq: number, body: string): string {
  return `{"t":"ev","c":${JSON.stringify(channel)},"s":${seq},${body}}`;
}

/** A message for the client's handle of responder `name` (`ctx.send`); `data` as JSON. */
export function messageFrame(name: string, data: unknown): string {
  const body = data === undefined ? undefined : JSON.stringify(data);
  return body === undefined ? `{"t":"msg","n":${JSON.stringify(name)}}` : `{"t":"msg","n":${JSON.stringify(name)},"d":${body}}`;
}

/** The client's message to responder `name` was refused (`NOT_FOUND`, `BAD_REQUEST`). */
export function messageErrorFrame(name: string, error: RpcError): string {
  return JSON.stringify({ t: 'msg', n: name, e: error.toJSON() });
}
