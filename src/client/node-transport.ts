import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CookieJar } from './cookie-jar';
import type { Endpoint } from './endpoint';
import { refreshError, sessionUrl } from './session-refresh';
import type { ClientTransport } from './transport';

/*
 * Node's modules are loaded with `require` on first use, never with a native `import()`: this
 * file is CommonJS in dist/, and under Jest's module system (how users test their apps) a native
 * `import()` throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG unless Node runs with
 * --experimental-vm-modules. Loading them inside functions keeps them out of anything that only
 * evaluates this file (the browser runtime does not import it at all).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- see above */
const loadWs = (): typeof import('ws') => require('ws') as typeof import('ws');
const loadHttp = (): typeof import('node:http') => require('node:http') as typeof import('node:http');
const loadHttps = (): typeof import('node:https') => require('node:https') as typeof import('node:https');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A transport with a cookie jar: what `connect()` gives the client in Node. */
export interface NodeTransport extends ClientTransport {
  readonly cookie: string | undefined;
}

/**
 * Node's transport: the `ws` package (Node's own WebSocket cannot send a Cookie header) and
 * node:http(s) for session refreshes, with a {@link CookieJar} standing in for the browser's.
 * The modules are required on first use (see above). A socket's error (ECONNREFUSED, an HTTP
 * status instead of the upgrade…) is handed to `handlers.close` as the cause of its end.
 */
export function nodeTransport(endpoint: Endpoint, cookie?: string): NodeTransport {
  const jar = new CookieJar(cookie);
  return {
    url: endpoint.ws,
    get cookie() {
      return jar.header();
    },
    connect(handlers) {
      // Throws when ws cannot be loaded: the client then fails for good with that cause.
      const { WebSocket: Ws } = loadWs();
      const header = jar.header();
      const socket: WebSocket = new Ws(endpoint.ws, header ? { headers: { cookie: header } } : undefined);
      let cause: Error | undefined;
      socket.on('upgrade', (response: IncomingMessage) => jar.store(response.headers['set-cookie']));
      socket.on('message', (data, isBinary) => {
        if (!isBinary) handlers.message(data.toString());
      });
      // Every 'error' is followed by 'close', where the client decides about reconnecting.
      socket.on('error', (error: Error) => (cause ??= error));
      socket.on('close', () => handlers.close(cause));
      return {
        send: (data) => socket.send(data),
        close: () => socket.close(1000),
      };
    },
    async refreshSession(token) {
      const url = sessionUrl(endpoint, token);
      const { request } = url.startsWith('https:') ? loadHttps() : loadHttp();
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
