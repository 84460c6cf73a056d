import { RpcError } from '../protocol/rpc-error';
import type { Endpoint } from './endpoint';

/** Path of the endpoint that trades a refresh token for the session cookie (the server's SESSION_REFRESH_PATH). */
export const SESSION_PATH = '/_ss/session';

/** The URL that redeems a session refresh token at `endpoint`. */
export function sessionUrl(endpoint: Endpoint, token: string): string {
  return `${endpoint.origin}${SESSION_PATH}?token=${encodeURIComponent(token)}`;
}

/** The error a refused refresh is reported with on the `error` event of `client.server`. */
export function refreshError(status: number): RpcError {
  return new RpcError(status < 500 ? 'BAD_REQUEST' : 'UNAVAILABLE', `session refresh failed with HTTP ${status}`, { status });
}
