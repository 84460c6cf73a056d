import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClientOptions, connect, RpcError, type ServerEvents, type SocketStreamClient } from 'socketstream/client';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ClientFrame, EventFrame, JoinFrame, LeaveFrame, PresenceEntry, PresenceFrame, PushFrame, RpcRequestFrame, ServerFrame, MessageFrame, ResumeFrame } from '../../src/protocol';

/** Returned by a method to leave the call unanswered. */
export const NO_REPLY = Symbol('no reply');

export type Method = (...args: never[]) => unknown;

/** A frame about a channel. */
export type ChannelFrame = JoinFrame | ResumeFrame | LeaveFrame | PushFrame | PresenceFrame;

/** A channel message the fake server keeps. */
interface Kept {
  s: number;
  e: string;
  d?: unknown;
}

/**
 * A stand-in for a SocketStream server speaking the wire protocol: hello on connection, answers
 * to rpc frames from `methods`, channels (join with history replay or gap, leave, push, presence,
 * `publish`), and `/_ss/session` over HTTP on the same port. Disposing it
 * closes the clients it handed out, then itself.
 */
export class FakeServer {
  /** Method name ('svc.m') → implementation; throw an RpcError to send an error frame. */
  methods: Record<string, Method> = {};
  /** The wire contract the hello frames carry (`c`); none by default. */
  contract: string | undefined;
  /** When false, connections get no hello (the client stays "connecting"). */
  sendHello = true;
  /** Upgrade requests of every WebSocket connection, in order. */
  readonly upgrades: IncomingMessage[] = [];
  /** Requests of GET /_ss/session, in order. */
  readonly sessionRequests: IncomingMessage[] = [];
  /** Set-Cookie lines added to the next upgrade responses. */
  upgradeCookies: string[] = [];
  /** Set-Cookie line of a /_ss/session response, by token; unknown tokens get 400. */
  sessionCookies: Record<string, string> = {};
  /** Milliseconds /_ss/session waits before answering, to make refreshes race with reconnects. */
  sessionDelay = 0;
  /** Every rpc frame received, in order. */
  readonly received: RpcRequestFrame[] = [];
  readonly sockets = new Set<WebSocket>();
  /** Every frame received, in order. */
  readonly frames: ClientFrame[] = [];
  /** Every join, leave, push and presence frame received, in order. */
  readonly channelFrames: ChannelFrame[] = [];
  /** `msg` frames (custom message types), in order. */
  readonly messages: MessageFrame[] = [];
  /** Channel name → code a join is refused with (a canJoin that says no). */
  refuse: Record<string, RpcError> = {};
  /** Event name → handler of a push into any channel; throw an RpcError to refuse. */
  handlers: Record<string, (data: unknown, channel: string) => unknown> = {};
  /** Messages kept per channel for replay; a rejoin from before the oldest kept gets a gap. */
  historyLimit = 100;
  /** Runs before a join is answered, e.g. to send live messages ahead of the reply. */
  beforeJoinReply: ((socket: WebSocket, frame: JoinFrame) => void | Promise<void>) | undefined;

  private readonly members = new Map<WebSocket, Set<string>>();
  private readonly socketIds = new Map<WebSocket, string>();
  private readonly history = new Map<string, { latest: number; kept: Kept[] }>();
  private readonly clients: SocketStreamClient[] = [];
  private seq = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {}

  /** Listens on 127.0.0.1, on `port` or a free one. */
  static async start(port = 0): Promise<FakeServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/_ss/ws' });
    const server = new FakeServer(http, wss);
    http.on('request', (req, res) => void server.onRequest(req, res));
    wss.on('headers', (headers) => {
      for (const line of server.upgradeCookies) headers.push(`Set-Cookie: ${line}`);
    });
    wss.on('connection', (socket, req) => server.onConnection(socket, req));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', resolve);
    });
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A client of this server with fast test defaults; closed when the server is disposed. */
  connect(options: ClientOptions = {}): SocketStreamClient {
    const client = connect(this.url, { timeout: 2000, reconnect: { minDelay: 5, maxDelay: 20 }, ...options });
    this.clients.push(client);
    return client;
  }

  /** Sends `frame` to every open socket. */
  broadcast(frame: ServerFrame | Record<string, unknown>): void {
    for (const socket of this.sockets) socket.send(JSON.stringify(frame));
  }

  /**
   * Publishes `event` into `channel` with the next sequence number: kept for replay and sent to
   * every member socket (except `except`, like `broadcast({ exceptSelf })`).
   *
   * @returns the message's sequence number
   */
  publish(channel: string, event: string, data?: unknown, except?: WebSocket): number {
    const h = this.channelHistory(channel);
    const kept: Kept = { s: ++h.latest, e: event, d: data };
    h.kept.push(kept);
    if (h.kept.length > this.historyLimit) h.kept.shift();
    for (const [socket, channels] of this.members) if (socket !== except && channels.has(channel)) sendEvent(socket, channel, kept);
    return kept.s;
  }

  /** Makes `socket` a member of `channel` without a join frame, as server-side membership does. */
  addMember(socket: WebSocket, channel: string): void {
    this.members.get(socket)?.add(channel);
  }

  /** Forgets every channel's history and numbering, as a server restarted in memory mode does. */
  forgetHistory(): void {
    this.history.clear();
  }

  /** The sockets that joined `channel`. */
  membersOf(channel: string): WebSocket[] {
    return [...this.members].filter(([, channels]) => channels.has(channel)).map(([socket]) => socket);
  }

  /** Cuts every connection without a close handshake, as a network failure would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.upgrades.push(req);
    this.sockets.add(socket);
    this.members.set(socket, new Set());
    const socketId = `s${++this.seq}`;
    this.socketIds.set(socket, socketId);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.members.delete(socket);
    });
    socket.on('message', (data) => void this.onFrame(socket, JSON.parse(String(data)) as ClientFrame));
    if (this.sendHello) socket.send(JSON.stringify({ t: 'hello', v: 1, socketId, c: this.contract }));
  }

  private async onFrame(socket: WebSocket, frame: ClientFrame): Promise<void> {
    this.frames.push(frame);
    if (frame.t === 'msg') {
      this.messages.push(frame);
      return;
    }
    if (frame.t === 'rpc') this.received.push(frame);
    else this.channelFrames.push(frame);
    let reply: ServerFrame;
    try {
      const result = await this.answer(socket, frame);
      if (result === NO_REPLY) return;
      reply = result === undefined ? { t: 'res', id: frame.id } : { t: 'res', id: frame.id, r: result };
    } catch (error) {
      const e = error instanceof RpcError ? error : new RpcError('INTERNAL', String(error));
      reply = { t: 'err', id: frame.id, e: e.toJSON() };
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
  }

  private async answer(socket: WebSocket, frame: ClientFrame): Promise<unknown> {
    const joined = this.members.get(socket) ?? new Set<string>();
    switch (frame.t) {
      case 'rpc': {
        const method = this.methods[frame.m] as ((...args: unknown[]) => unknown) | undefined;
        if (!method) throw new RpcError('NOT_FOUND', `no method ${frame.m}`);
        return method(...frame.a);
      }
      case 'join': {
        const refusal = this.refuse[frame.c];
        if (refusal) throw refusal;
        await this.beforeJoinReply?.(socket, frame);
        const { latest, kept } = this.channelHistory(frame.c);
        socket.send(JSON.stringify({ t: 'res', id: frame.id, r: { s: latest } }));
        if (frame.s !== undefined) {
          const from = frame.s;
          if (from < latest && (kept.length === 0 || kept[0].s > from + 1)) socket.send(JSON.stringify({ t: 'gap', c: frame.c, s: latest }));
          else for (const m of kept) if (m.s > from) sendEvent(socket, frame.c, m);
        }
        joined.add(frame.c);
        return NO_REPLY;
      }
      case 'resume': {
        // As the server does: only a membership the session holds can be resumed.
        if (!joined.has(frame.c)) throw new RpcError('FORBIDDEN', `the session does not hold ${frame.c}`);
        const { latest, kept } = this.channelHistory(frame.c);
        socket.send(JSON.stringify({ t: 'res', id: frame.id, r: { s: latest } }));
        if (frame.s < latest && (kept.length === 0 || kept[0].s > frame.s + 1)) socket.send(JSON.stringify({ t: 'gap', c: frame.c, s: latest }));
        else for (const m of kept) if (m.s > frame.s) sendEvent(socket, frame.c, m);
        return NO_REPLY;
      }
      case 'leave':
        joined.delete(frame.c);
        return undefined;
      case 'push': {
        if (!joined.has(frame.c)) throw new RpcError('FORBIDDEN', `join ${frame.c} before sending to it`);
        const handler = this.handlers[frame.e];
        if (!handler) throw new RpcError('NOT_FOUND', `channel ${frame.c} does not handle "${frame.e}"`);
        return handler(frame.d, frame.c);
      }
      case 'presence': {
        if (!joined.has(frame.c)) throw new RpcError('FORBIDDEN', `join ${frame.c} before asking who is in it`);
        return this.membersOf(frame.c).map((s): PresenceEntry => ({ socketId: this.socketIds.get(s) ?? '?', userId: null }));
      }
    }
  }

  private channelHistory(channel: string): { latest: number; kept: Kept[] } {
    let h = this.history.get(channel);
    if (!h) this.history.set(channel, (h = { latest: 0, kept: [] }));
    return h;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname !== '/_ss/session') {
      res.writeHead(404).end();
      return;
    }
    this.sessionRequests.push(req);
    if (this.sessionDelay > 0) await sleep(this.sessionDelay);
    const cookie = this.sessionCookies[url.searchParams.get('token') ?? ''];
    if (cookie === undefined) res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"BAD_REQUEST"}');
    else res.writeHead(204, { 'set-cookie': cookie }).end();
  }
}

function sendEvent(socket: WebSocket, channel: string, m: Kept): void {
  const frame: EventFrame = { t: 'ev', c: channel, s: m.s, e: m.e, d: m.d };
  socket.send(JSON.stringify(frame));
}

/** Resolves with the arguments of the next `event` of `client.server`. */
export function next<K extends keyof ServerEvents>(client: SocketStreamClient, event: K): Promise<Parameters<ServerEvents[K]>> {
  return new Promise((resolve) => {
    client.server.once(event, ((...args: Parameters<ServerEvents[K]>) => resolve(args)) as ServerEvents[K]);
  });
}

/** Polls `condition` every few ms until it holds, or fails after `ms`. */
export async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
