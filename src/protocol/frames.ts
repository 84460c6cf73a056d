import type { WireError } from './rpc-error';

/** Version of the frame format in docs/protocol.md; sent in the hello frame. */
export const PROTOCOL_VERSION = 1;

/** A request id chosen by the client: a safe integer or a short string. */
export type RequestId = number | string;

/** Client → server: call `m` ('service.method') with positional arguments `a`. */
export interface RpcRequestFrame {
  t: 'rpc';
  id: RequestId;
  m: string;
  a: unknown[];
}

/** Every frame a client may send in this protocol version. */
export type ClientFrame = RpcRequestFrame;

/** Server → client, first frame on every connection. */
export interface HelloFrame {
  t: 'hello';
  /** Protocol version, {@link PROTOCOL_VERSION}. */
  v: number;
  /** This connection's id, the target of `publish.socket`. */
  socketId: string;
}

/** Server → client: the result of request `id`. `r` is absent when the method returned undefined. */
export interface ResultFrame {
  t: 'res';
  id: RequestId;
  r?: unknown;
}

/** Server → client: request `id` failed; `id` is null when the frame could not be read at all. */
export interface ErrorFrame {
  t: 'err';
  id: RequestId | null;
  e: WireError;
}

/**
 * Server → client: the session id changed (`setUserId`, `destroy`). The client fetches
 * `/_ss/session?token=…` over HTTP so the new cookie is stored where the page can keep it.
 */
export interface SessionFrame {
  t: 'session';
  token: string;
}

/** Server → client: the server is going away; reconnect (after `reason`). */
export interface ByeFrame {
  t: 'bye';
  reason: 'shutdown' | 'restart';
}

/** Every frame a server may send in this protocol version. */
export type ServerFrame = HelloFrame | ResultFrame | ErrorFrame | SessionFrame | ByeFrame;
