/**
 * `socketstream/client`, the package entry: in a browser it behaves as the browser entry; in
 * Node `connect(url)` uses the `ws` package and keeps the session cookie itself.
 */
import { browserTransport } from './browser-transport';
import { SocketStreamClient } from './client';
import { ClientError } from './client-error';
import { resolveEndpoint } from './endpoint';
import { nodeTransport } from './node-transport';
import type { ClientOptions } from './options';

export { ERROR_CODES, type ErrorCode } from '../protocol/error-code';
export type { PresenceEntry } from '../protocol/frames';
export { RpcError } from '../protocol/rpc-error';
export type { AppEventListener, AppEvents } from './app-events';
export type { ReconnectOptions } from './backoff';
export type { ChannelHandle, ChannelListener } from './channel';
export { SocketStreamClient, type ServerEvents } from './client';
export { ClientError, type ClientErrorCode } from './client-error';
export type { Listenable } from './emitter';
export type { ClientOptions } from './options';
export { Component } from './component';
export { registerTemplates, template, type TemplateFunction } from './templates';
export { registerWorkers, worker } from './workers';
export type { ResponderErrorListener, ResponderHandle, ResponderListener } from './responder-handle';
export type { ServiceProxy, WireArgs } from './service-proxy';
export type { ClientTransport, SocketHandlers, SocketLike } from './transport';

const inBrowser = typeof location !== 'undefined' && typeof WebSocket === 'function';

/**
 * A client for the server at `url` (http, https, ws or wss; the WebSocket path is
 * `options.path`, default `/_ss/ws`). Returns at once; calls made before the socket is up are
 * queued. In Node, `client.cookie` holds the session cookie, which starts as `options.cookie`
 * and follows the server's `Set-Cookie` headers across reconnections.
 *
 * @throws ClientError `SS_ERR_INVALID_URL` or `SS_ERR_INVALID_OPTION`
 * @example
 * const ss = connect('http://localhost:3000');
 * await ss.rpc('chat.send', { room: 'lobby', text: 'hi' });
 */
export function connect(url: string, options: ClientOptions = {}): SocketStreamClient {
  const cookie = options.cookie;
  if (cookie !== undefined && typeof cookie !== 'string') {
    throw new ClientError('SS_ERR_INVALID_OPTION', `connect(): option "cookie" must be a Cookie header string, got ${typeof cookie}`);
  }
  const endpoint = resolveEndpoint(url, options.path, inBrowser ? location.href : undefined);
  return new SocketStreamClient(inBrowser ? browserTransport(endpoint) : nodeTransport(endpoint, cookie), options);
}

/** Outside a browser: a client whose every use fails, telling the developer to call connect(url). */
function pagelessClient(): SocketStreamClient {
  const error = new ClientError(
    'SS_ERR_NO_PAGE_ORIGIN',
    "the default export of 'socketstream/client' connects to the page's origin and there is no page here; use connect(url) instead",
  );
  const client = new SocketStreamClient(
    {
      connect() {
        throw error;
      },
      refreshSession: () => Promise.reject(error),
    },
    { reconnect: false },
  );
  const fail = (): never => {
    throw error;
  };
  client.server.on = client.server.once = client.event.on = client.event.once = fail;
  return client;
}

/**
 * In a browser, the client connected to the page's origin. Elsewhere a stand-in whose calls
 * reject (and whose `server.on`/`once` and `event.on`/`once` throw) with a `ClientError('SS_ERR_NO_PAGE_ORIGIN')`.
 */
const ss: SocketStreamClient = inBrowser ? new SocketStreamClient(browserTransport(resolveEndpoint(location.href)), {}) : pagelessClient();
export default ss;
