/**
 * The browser entry of `socketstream/client`: the global WebSocket and fetch, nothing from
 * Node. Bundled into every page, so it stays small.
 */
import { browserTransport } from './browser-transport';
import { SocketStreamClient } from './client';
import { resolveEndpoint } from './endpoint';
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
export type { ServiceProxy, WireArgs } from './service-proxy';
export type { ClientTransport, SocketHandlers, SocketLike } from './transport';

/**
 * A client for the server at `url` (http(s) or ws(s), relative to the page; default the page's
 * own origin). Returns at once; calls made before the socket is up are queued.
 *
 * @throws ClientError `SS_ERR_INVALID_URL` or `SS_ERR_INVALID_OPTION`
 */
export function connect(url: string = location.href, options: ClientOptions = {}): SocketStreamClient {
  return new SocketStreamClient(browserTransport(resolveEndpoint(url, options.path, location.href)), options);
}

/**
 * The client connected to the page's origin. Made for the wire contract `ss build` wrote into the
 * page; when the server's differs (a deploy changed methods while the page was open), it closes
 * and reloads the page.
 */
const ss: SocketStreamClient = connect(undefined, { contract: (globalThis as { __SS_CONTRACT__?: string }).__SS_CONTRACT__ });
ss.server.on('outdated', () => {
  void ss.close();
  location.reload();
});
export default ss;
