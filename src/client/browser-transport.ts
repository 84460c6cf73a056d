import type { Endpoint } from './endpoint';
import { refreshError, sessionUrl } from './session-refresh';
import type { ClientTransport } from './transport';

/**
 * The browser's transport: the global `WebSocket`, and `fetch` for session refreshes, whose
 * `Set-Cookie` the browser stores itself (httpOnly, out of reach of page scripts).
 */
export function browserTransport(endpoint: Endpoint): ClientTransport {
  // The tabs of one browser share its cookie jar: after a login or logout in one, the others
  // reconnect to take up the cookie it stored (a login never moves another socket server-side).
  const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`socketstream.session ${endpoint.origin}`) : undefined;
  // Where BroadcastChannel keeps a process alive (Node running a page's code), it must not.
  (tabs as { unref?(): void } | undefined)?.unref?.();
  return {
    url: endpoint.ws,
    connect(handlers) {
      const socket = new WebSocket(endpoint.ws);
      socket.onmessage = (event) => {
        if (typeof event.data === 'string') handlers.message(event.data);
      };
      socket.onclose = () => handlers.close();
      return socket;
    },
    async refreshSession(token, changed) {
      const response = await fetch(sessionUrl(endpoint, token), { credentials: 'same-origin' });
      if (!response.ok) throw refreshError(response.status);
      // A renewed lifetime changes nothing the other tabs need to reconnect for.
      if (changed) tabs?.postMessage(0);
    },
    onSessionChange(listener) {
      if (tabs) tabs.onmessage = listener;
    },
  };
}

