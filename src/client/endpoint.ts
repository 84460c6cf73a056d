import { ClientError } from './client-error';

/** Where the client connects, derived from the URL given to `connect()`. */
export interface Endpoint {
  /** The WebSocket URL, e.g. `ws://localhost:3000/_ss/ws`. */
  ws: string;
  /** The HTTP origin of the same server, e.g. `http://localhost:3000`. */
  origin: string;
}

/** Default path of the WebSocket endpoint, as the server's `createApp({ ws: { path } })` has it. */
export const DEFAULT_WS_PATH = '/_ss/ws';

/**
 * Resolves `url` (http, https, ws or wss; relative to `base` when given) to an endpoint. The path
 * of an http(s) URL is the page's and is ignored; a ws(s) URL names the socket, so its path is
 * used unless `path` is given.
 */
export function resolveEndpoint(url: string, path?: string, base?: string): Endpoint {
  let u: URL | undefined;
  try {
    u = new URL(url, base);
  } catch {
    // reported below with the other bad URLs
  }
  const scheme = u?.protocol.slice(0, -1);
  if (!u || !(scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss')) {
    throw new ClientError('SS_ERR_INVALID_URL', `connect(): "${url}" is not an http(s) or ws(s) URL`);
  }
  if (path !== undefined && (typeof path !== 'string' || path[0] !== '/')) {
    throw new ClientError('SS_ERR_INVALID_OPTION', `connect(): option "path" must start with "/", got ${JSON.stringify(path)}`);
  }
  const secure = scheme === 'https' || scheme === 'wss';
  const wsPath = path ?? (scheme[0] === 'w' && u.pathname !== '/' ? u.pathname : DEFAULT_WS_PATH);
  return { ws: `${secure ? 'wss' : 'ws'}://${u.host}${wsPath}`, origin: `${secure ? 'https' : 'http'}://${u.host}` };
}
