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

/**
 * Client → server: join channel `c`. `s` is the last sequence number the client saw of it (on a
 * rejoin after reconnecting): the server then sends every later message still in its history,
 * in order, or a `gap` frame when some are gone. Replies `{ r: { s: latest } }`.
 */
export interface JoinFrame {
  t: 'join';
  id: RequestId;
  c: string;
  s?: number;
}

/**
 * Client → server: continue a server-side membership (`session.channels`) of channel `c` from
 * `s`, the last sequence number the client saw of it, after reconnecting. The server joined the
 * connection to `c` when it opened; it now sends every later message still in its history, in
 * order, or a `gap` frame when some are gone, as for a `join` with `s`, without running `canJoin`
 * (the session holds the membership). Replies `{ r: { s: latest } }`, or `FORBIDDEN` when the
 * session does not hold `c`.
 */
export interface ResumeFrame {
  t: 'resume';
  id: RequestId;
  c: string;
  s: number;
}

/** Client → server: leave channel `c`. */
export interface LeaveFrame {
  t: 'leave';
  id: RequestId;
  c: string;
}

/** Client → server: send event `e` with data `d` into channel `c`, for its `@Subscribe(e)` handler. The reply carries the handler's result. */
export interface PushFrame {
  t: 'push';
  id: RequestId;
  c: string;
  e: string;
  d?: unknown;
}

/**
 * Most members one `presence` reply lists. A reply this long may have more after it: ask again
 * with its last `socketId` as `after`. Part of the protocol, so the client knows when to stop.
 */
export const PRESENCE_PAGE_SIZE = 100;

/**
 * Client → server: who is in channel `c` (the client must have joined it). Replies
 * `{ r: PresenceEntry[] }`: at most {@link PRESENCE_PAGE_SIZE} members ordered by `socketId`,
 * those after `after` when it is given.
 */
export interface PresenceFrame {
  t: 'presence';
  id: RequestId;
  c: string;
  /** The last `socketId` of the previous page; absent for the first page. */
  after?: string;
}

/**
 * Both directions: a message of the custom message type (responder) named `n`, with payload `d`.
 * Client → server it goes to the server's responder of that name. Server → client it carries
 * either `d` (`ctx.send(message)`, or a publish through the responder) or, instead, `e`: the
 * client's message to `n` was refused (`NOT_FOUND` when the server has no responder of that
 * name, `BAD_REQUEST` when the payload was unreadable). Messages have no id and no reply.
 */
export interface MessageFrame {
  t: 'msg';
  n: string;
  d?: unknown;
  e?: WireError;
}

/**
 * What every client frame has in common: an object with its type `t`. The transport reads only
 * this much; the responder that serves `t` reads the rest.
 */
export interface FrameEnvelope {
  t: string;
  [field: string]: unknown;
}

/** Every frame a client may send in this protocol version. */
export type ClientFrame = RpcRequestFrame | JoinFrame | ResumeFrame | LeaveFrame | PushFrame | PresenceFrame | MessageFrame;

/** Server → client, first frame on every connection. */
export interface HelloFrame {
  t: 'hello';
  /** Protocol version, {@link PROTOCOL_VERSION}. */
  v: number;
  /** This connection's id, the target of `publish.socket`. */
  socketId: string;
  /**
   * The app's wire contract: a hash of its methods, channels and message types with their
   * argument types. A client built for, or first connected to, another contract is outdated.
   */
  c?: string;
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
  /**
   * True when the session's id changed (a login, logout or destroy through this connection),
   * absent when only the cookie's lifetime is renewed: a browser client then tells its other
   * tabs to reconnect with the new cookie.
   */
  changed?: true;
}

/** Server → client: the server is going away; reconnect (after `reason`). */
export interface ByeFrame {
  t: 'bye';
  reason: 'shutdown' | 'restart';
}

/**
 * Server → client: an event. From `publish.all/user/socket` it has no `c`; from a channel it has
 * the channel name `c` and the channel's sequence number `s` (1, 2, 3 … with no holes).
 */
export interface EventFrame {
  t: 'ev';
  e: string;
  d?: unknown;
  c?: string;
  s?: number;
}

/** Server → client: messages of channel `c` after the client's last sequence are no longer kept; refetch the state. */
export interface GapFrame {
  t: 'gap';
  c: string;
  /** The channel's latest sequence number: continue from here. */
  s: number;
}

/** One member of a channel, as `presence` and the `$join`/`$leave` events describe it. */
export interface PresenceEntry {
  socketId: string;
  userId: string | null;
}

/** Every frame a server may send in this protocol version. */
/**
 * Server → client: the server made this connection a member of channel `c` (a server-side
 * membership, `session.channels`), whose latest sequence number is `s`. The client follows the
 * channel from `s`, so that after a reconnect it can `resume` it even if no message came before.
 */
export interface MemberFrame {
  t: 'member';
  c: string;
  s: number;
}

export type ServerFrame = HelloFrame | ResultFrame | ErrorFrame | SessionFrame | ByeFrame | EventFrame | GapFrame | MemberFrame | MessageFrame;
