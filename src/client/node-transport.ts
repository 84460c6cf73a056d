import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CookieJar } from './cookie-jar';
import type { Endpoint } from './endpoint';
import { refreshError, sessionUrl } from './session-refresh';
import type { ClientTransport } from './transport';

const loadWs = () => import('ws');

/** A transport with a cookie jar: what `connect()` gives the client in Node. */
export interface NodeTransport extends ClientTransport {
  readonly cookie: string | undefined;
}

/**
 * Node's transport: the `ws` package (Node's own WebSocket cannot send a Cookie header) and
 * node:http(s) for session refreshes, with a {@link CookieJar} standing in for the browser's.
 * The modules are imported on first use, so nothing here reaches a browser bundle that happens
 * to include this file, and the ESM and CommonJS builds load them the same way.
 */
export function nodeTransport(endpoint: Endpoint, cookie?: string): NodeTransport {
  const jar = new CookieJar(cookie);
  let ws: ReturnType<typeof loadWs> | undefined;
  return {
    get cookie() {
      return jar.header();
    },
    connect(handlers) {
      let socket: WebSocket | undefined;
      let closed = false;
      (ws ??= loadWs()).then(
        ({ WebSocket }) => {
          if (closed) return handlers.close();
          const header = jar.header();
          socket = new WebSocket(endpoint.ws, header ? { headers: { cookie: header } } : undefined);
          socket.on('upgrade', (response: IncomingMessage) => jar.store(response.headers['set-cookie']));
          socket.on('message', (data, isBinary) => {
            if (!isBinary) handlers.message(data.toString());
          });
          socket.on('close', () => handlers.close());
          // Every 'error' is followed by 'close', where the client decides about reconnecting;
          // the listener only keeps ws from throwing it.
          socket.on('error', () => {});
        },
        (error: unknown) => handlers.fail(error instanceof Error ? error : new Error(String(error))),
      );
      return {
        send: (data) => socket?.send(data),
        close() {
          closed = true;
          socket?.close(1000);
        },
      };
    },
    async refreshSession(token) {
      const url = sessionUrl(endpoint, token);
      const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
      const header = jar.header();
      const status = await new Promise<number>((resolve, reject) => {
        // agent: false, so no pooled keep-alive socket outlives the request.
        const req = request(url, { agent: false, headers: header ? { cookie: header } : {} }, (response) => {
          jar.store(response.headers['set-cookie']);
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
      if (status < 200 || status >= 300) throw refreshError(status);
    },
  };
}
