import type { IncomingMessage } from 'node:http';
import { SocketStreamError } from '../errors/socketstream-error';

/** `ws.origins`: the origins allowed to open a socket, as `scheme://host[:port]` strings, or a predicate. */
export type OriginRule = readonly string[] | ((origin: string) => boolean);

/** A loopback host name: the only names a development server reached on a loopback address answers (see `OriginPolicy`). */
const LOOPBACK_NAME = /^(?:(?:[a-z0-9-]+\.)*localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Decides which browser pages may open a socket. Browsers send the page's origin with every
 * upgrade (`Origin`; `Sec-WebSocket-Origin` from version 8 clients) and, unlike fetch, a
 * WebSocket gets no CORS check of its own: without this, any site a user visits could open a
 * socket carrying the user's cookie (cross-site WebSocket hijacking).
 *
 * - No origin header: allowed. Only non-browser clients (Node, curl) omit it, and they can send
 *   any header they like anyway.
 * - In every mode, the page's own origin: the origin's scheme, host and port must
 *   equal the request's (scheme from the TLS socket, or with `trustProxy` from
 *   `X-Forwarded-Proto`; host and port from `Host`), as Phoenix's `check_origin` does.
 * - In development, on a connection to a loopback address (and without `trustProxy`), `Host`
 *   must also be a loopback name (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`): a page on
 *   `http://evil.example:PORT` whose name the attacker re-resolves to 127.0.0.1 (DNS rebinding)
 *   is same-origin with its own `Host`, and would reach the developer's local server. Not in
 *   production, where a reverse proxy on the same machine connects from loopback with the
 *   public name in `Host`, and where the server is reached by a real name the attacker does not
 *   control (a rebinding page there carries no cookie of the app's).
 * - `ws.origins` widens that (DESIGN §3.5): the listed origins, or those the predicate accepts,
 *   are allowed too, in every mode (a Vite dev server on another port, a second domain).
 */
export class OriginPolicy {
  private readonly listed: ReadonlySet<string> | undefined;
  private readonly predicate: ((origin: string) => boolean) | undefined;

  constructor(
    rule: OriginRule | undefined,
    private readonly production: boolean,
    /** `createApp({ trustProxy })`: the scheme is the proxy's `X-Forwarded-Proto`. */
    private readonly trustProxy: boolean,
  ) {
    if (typeof rule === 'function') this.predicate = rule;
    else if (rule !== undefined) this.listed = new Set(rule.map(listedOrigin));
  }

  /** The origin a browser sent with the upgrade, if any. */
  static originOf(req: IncomingMessage): string | undefined {
    const h = req.headers;
    // Version 8 (hybi-08 to -12) browsers sent `Sec-WebSocket-Origin`, as ws reads it.
    const origin = h.origin ?? h['sec-websocket-origin'];
    return Array.isArray(origin) ? origin.join(', ') : origin;
  }

  /** Whether `req` may be upgraded. May throw when `ws.origins` is a predicate that throws. */
  allows(req: IncomingMessage): boolean {
    const origin = OriginPolicy.originOf(req);
    if (origin === undefined || this.sameOrigin(req, origin)) return true;
    if (this.predicate !== undefined) return this.predicate(origin) === true;
    if (this.listed !== undefined) return this.listed.has(origin) || this.listed.has(normalized(origin) ?? '');
    return false;
  }

  private sameOrigin(req: IncomingMessage, origin: string): boolean {
    const host = req.headers.host;
    if (host === undefined) return false;
    const scheme = schemeOf(req, this.trustProxy);
    // What a browser sends when the page was loaded from this same Host: no parsing needed.
    if (origin !== `${scheme}://${host}`) {
      // Else compare them normalised (case, default ports); a Host with more than host:port in it matches nothing.
      const own = normalized(`${scheme}://${host}`);
      if (own === undefined || own !== normalized(origin)) return false;
    }
    if (this.production || this.trustProxy || !isLoopbackAddress(req.socket.localAddress)) return true;
    return LOOPBACK_NAME.test(hostName(host));
  }
}

/** `https` on a TLS socket, or (with `trustProxy`) as the proxy's `X-Forwarded-Proto` says; else `http`. */
export function schemeOf(req: IncomingMessage, trustProxy: boolean): 'http' | 'https' {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return 'https';
  if (trustProxy) {
    const proto = req.headers['x-forwarded-proto'];
    const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0].trim().toLowerCase();
    if (first === 'https') return 'https';
  }
  return 'http';
}

/** `scheme://host[:port]` as browsers serialise it (lower case, default port left out); undefined when `url` is not a bare http(s) origin. */
function normalized(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // Userinfo, a path or a query: not an origin (and not a Host header value).
  if (parsed.href !== `${parsed.origin}/`) return undefined;
  return parsed.origin;
}

function listedOrigin(entry: string): string {
  const origin = typeof entry === 'string' ? normalized(entry) : undefined;
  if (origin === undefined) {
    throw new SocketStreamError(
      'SS_ERR_INVALID_OPTION',
      `ws.origins: ${JSON.stringify(entry)} is not an http(s) origin such as "https://app.example" (scheme, host and port only); pass a predicate for anything else`,
    );
  }
  return origin;
}

/** The host name of a `Host` header value, lower case, without the port (IPv6 literals keep their brackets). */
function hostName(host: string): string {
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.lastIndexOf(':');
  return (end > 0 ? host.slice(0, end) : host).toLowerCase();
}

function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}
