import type { SessionStore } from './session-store';

/** `createApp({ session })`. */
export interface SessionOptions {
  /**
   * Secret(s) signing the session cookie. The first signs, all verify: put a new secret first to
   * rotate keys. Default: `SS_SECRET`; when neither is set a random secret per process is used,
   * except with NODE_ENV=production, where the app refuses to start.
   */
  secret?: string | string[];
  /** Cookie name. Default `ss.sid`. */
  cookieName?: string;
  /** Idle lifetime in milliseconds; activity extends it. Default 14 days. */
  ttl?: number;
  /** Where sessions live. Default: a `MemorySessionStore` per app. */
  store?: SessionStore;
  /**
   * When to mark the cookie `Secure`: `'auto'` (default) when the request came over TLS, directly
   * or, with `trustProxy`, as said by `X-Forwarded-Proto`; or always / never.
   */
  secure?: boolean | 'auto';
  /** Trust `X-Forwarded-Proto` from a reverse proxy. Default: the app's `trustProxy` (false). */
  trustProxy?: boolean;
  /**
   * Largest `session.data` accepted, in bytes of its JSON encoding, together with the names of
   * the server-side channels (`session.channels`). `save()` (and a login, which stores the data
   * under the new id, and `session.channels.join`) refuses more with `PAYLOAD_TOO_LARGE` and restores `data`
   * to what the store holds. Default 65 536 (64 KiB).
   */
  maxDataBytes?: number;
}
