import type { ServerOptions } from 'node:http';

/** Node's own `requestTimeout` (5 minutes): request bodies (uploads) keep it. */
const NODE_REQUEST_TIMEOUT = 300_000;

/**
 * Options for the HTTP server an app listens with, so that `ws.handshakeTimeout` bounds the
 * first half of an upgrade: the wait for its request headers, which Node measures, not the
 * transport ('upgrade' fires only once they are complete). It is Node's `headersTimeout`, so it
 * holds for every request on the port (a slow-headers defence for pages too); Node answers a
 * late one 408 and closes it. Empty for 0: Node's defaults (60 s headers, checked every 30 s).
 */
export function serverTimeouts(handshakeTimeout: number): ServerOptions {
  if (handshakeTimeout === 0) return {};
  return {
    headersTimeout: handshakeTimeout,
    // Node refuses a headersTimeout above requestTimeout.
    requestTimeout: Math.max(handshakeTimeout, NODE_REQUEST_TIMEOUT),
    // Node looks for late requests every 30 s by default, so a 10 s timeout would close them
    // after 10 to 40 s; a quarter of the timeout (at most 1 s) keeps it close to what it says.
    // Each check walks only the requests still being read, not the open sockets.
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.ceil(handshakeTimeout / 4))),
  };
}
