import type { Endpoint } from './endpoint';
import { refreshError, sessionUrl } from './session-refresh';
import type { ClientTransport } from './transport';

/**
 * The browser's transport: the global `WebSocket`, and `fetch` for session refreshes, whose
 * `Set-Cookie` the browser stores itself (httpOnly, out of reach of page scripts).
 */
export function browserTransport(endpoint: Endpoint): ClientTransport {
  return {
    connect(handlers) {
      const socket = new WebSocket(endpoint.ws);
      socket.onmessage = (event) => {
        if (typeof event.data === 'string') handlers.message(event.data);
      };
      socket.onclose = () => handlers.close();
      return socket;
    },
    async refreshSession(token) {
      const response = await fetch(sessionUrl(endpoint, token), { credentials: 'same-origin' });
      if (!response.ok) throw refreshError(response.status);
    },
  };
}

