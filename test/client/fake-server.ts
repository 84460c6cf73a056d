import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClientOptions, connect, RpcError, type ServerEvents, type SocketStreamClient } from 'socketstream/client';
import { type WebSocket, WebSocketServer } from 'ws';
import type { RpcRequestFrame, ServerFrame } from '../../src/protocol';

/** Returned by a method to leave the call unanswered. */
export const NO_REPLY = Symbol('no reply');

export type Method = (...args: never[]) => unknown;

/**
 * A stand-in for a SocketStream server speaking the wire protocol: hello on connection, answers
 * to rpc frames from `methods`, and `/_ss/session` over HTTP on the same port. Disposing it
 * closes the clients it handed out, then itself.
 */
export class FakeServer {
  /** Method name ('svc.m') → implementation; throw an RpcError to send an error frame. */
  methods: Record<string, Method> = {};
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
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => void this.onFrame(socket, JSON.parse(String(data)) as RpcRequestFrame));
    if (this.sendHello) socket.send(JSON.stringify({ t: 'hello', v: 1, socketId: `s${++this.seq}` }));
  }

  private async onFrame(socket: WebSocket, frame: RpcRequestFrame): Promise<void> {
    this.received.push(frame);
    const method = this.methods[frame.m] as ((...args: unknown[]) => unknown) | undefined;
    let reply: ServerFrame;
    try {
      if (!method) throw new RpcError('NOT_FOUND', `no method ${frame.m}`);
      const result = await method(...frame.a);
      if (result === NO_REPLY) return;
      reply = result === undefined ? { t: 'res', id: frame.id } : { t: 'res', id: frame.id, r: result };
    } catch (error) {
      const e = error instanceof RpcError ? error : new RpcError('INTERNAL', String(error));
      reply = { t: 'err', id: frame.id, e: e.toJSON() };
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
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
